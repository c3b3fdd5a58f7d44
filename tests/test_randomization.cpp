// randomization.hpp at double: ID-3, ID-4, ID-5 (P1), ID-8, ID-14, IN-3, IN-4, IN-5
// (bodies in props_model.hpp; the same bodies run at 50 digits in test_mp50_model.cpp).
#include "props_model.hpp"

using namespace bltest;

RC_GTEST_PROP(Randomization, Id3MomentsClosedFormEqualsEnumeration, ()) { prop_id3_moments<double>(budget_double()); }
RC_GTEST_PROP(Randomization, P3CovarianceAndLeadingVariance, ()) { prop_p3_covariance_and_leading<double>(budget_double()); }
RC_GTEST_PROP(Randomization, Id5P1EvenTermsInvariantOddTermsFlip, ()) { prop_id5_p1_parity<double>(budget_double()); }
RC_GTEST_PROP(Randomization, Id14SinCosClosedForms, ()) { prop_id14_sincos_closed_forms<double>(budget_double()); }
RC_GTEST_PROP(Randomization, In3VarianceBound, ()) { prop_in3_variance_bound<double>(budget_double()); }
RC_GTEST_PROP(Randomization, Id4In4ExpectedLoss, ()) { prop_id4_in4_expected_loss<double>(budget_double()); }
RC_GTEST_PROP(Randomization, In5CouplingBounds, ()) { prop_in5_coupling<double>(budget_double()); }
RC_GTEST_PROP(Randomization, Id8SignAveragedGradientSquare, ()) { prop_id8_sign_averaged_gradient<double>(budget_double()); }

TEST(Randomization, EnumerationRefusesLargeWidth) {
  InstanceOptions o;
  o.d = 2;
  o.m = 22;
  o.n = 1;
  o.movement = "generic";
  const Instance<double> in = generate_instance(o);
  EXPECT_THROW((void)randomized_moments_enumerated(in, in.W), std::invalid_argument);  // m <= 20
}
