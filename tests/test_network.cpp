// network.hpp at double: ID-1, ID-2, ID-6 (homogeneity), IN-1, IN-2, IN-9 and consistency of the
// entry points (bodies in props_model.hpp; the same bodies run at 50 digits in test_mp50_model.cpp).
#include "props_model.hpp"

using namespace bltest;

RC_GTEST_PROP(Network, Id1SymmetricInitIsZero, ()) { prop_id1_symmetric_init<double>(budget_double()); }
RC_GTEST_PROP(Network, Id2CubicTaylorSeriesTerminates, ()) { prop_id2_cubic_terminates<double>(budget_double()); }
RC_GTEST_PROP(Network, TaylorEntryPointsConsistent, ()) { prop_taylor_consistency<double>(budget_double()); }
RC_GTEST_PROP(Network, OutputMatchesDirectSum, ()) { prop_network_direct<double>(budget_double()); }
RC_GTEST_PROP(Network, Id6TaylorTermsHomogeneous, ()) { prop_taylor_homogeneity<double>(budget_double()); }
RC_GTEST_PROP(Network, In1TaylorTermBounds, ()) { prop_in1_taylor_bounds<double>(budget_double()); }
RC_GTEST_PROP(Network, In2RemainderBound, ()) { prop_in2_remainder_bound<double>(budget_double()); }
RC_GTEST_PROP(Network, In9MixedNorms, ()) { prop_in9_mixed_norms<double>(budget_double()); }

// Wide layer: the compensated sums keep f accurate for large m (network.hpp: "a few ulps of
// sum_r |a_r sigma| / sqrt m even for m = 2^20"); here m = 2^14 against a 100-digit evaluation of
// the same instance (exact inputs): 16 u M_f.
TEST(Network, WideLayerAccuracy) {
  InstanceOptions o;
  o.d = 3;
  o.m = 1 << 14;
  o.n = 2;
  o.movement = "generic";
  o.init = Init::gaussian;
  o.seed = 5;
  const Instance<double> in = generate_instance(o);
  const Vector<double> f = network_output(in);
  const auto hi = instance_cast<scalar_mp100>(in);
  // reference: direct 100-digit sum (cheap enough for 2 x 2^14 neurons)
  const std::vector<double> M = ModelMags(in).network(in.W);
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    scalar_mp100 s = 0;
    for (Eigen::Index r = 0; r < in.m(); ++r) {
      scalar_mp100 z = 0;
      for (Eigen::Index j = 0; j < in.d(); ++j) z += (hi.W0(r, j) + hi.W(r, j)) * hi.X(i, j);
      s += hi.a(r) * activation_derivative<scalar_mp100>(in.activation, z, 0);
    }
    s /= sqrt(scalar_mp100(in.m()));
    EXPECT_TRUE(near("wide f", f(i), D(s), 16 * unit_roundoff<double>() * M[i]));
  }
}

TEST(Network, OrderOutOfRangeThrows) {
  InstanceOptions o;
  o.d = 2;
  o.m = 4;
  o.n = 1;
  const Instance<double> in = generate_instance(o);
  EXPECT_THROW((void)taylor_terms(in, in.W, kMaxActivationOrder + 1), std::invalid_argument);
  EXPECT_THROW((void)taylor_remainder(in, in.W, -1), std::invalid_argument);
}
