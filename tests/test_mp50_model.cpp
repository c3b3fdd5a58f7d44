// The network / randomization / regularizer identities and inequalities at 50 significant digits
// (cpp_bin_float_50): the same property bodies as the double tests, with tolerances that scale
// with u = 2^-168, so every identity is checked to ~1e-45 relative. Own translation unit: it
// instantiates Eigen with the multiprecision type (notes/env.md §3.4).
#include "props_model.hpp"

using namespace bltest;
using mp = scalar_mp50;

RC_GTEST_PROP(Mp50Network, Id1SymmetricInitIsZero, ()) { prop_id1_symmetric_init<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Network, Id2CubicTaylorSeriesTerminates, ()) { prop_id2_cubic_terminates<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Network, TaylorEntryPointsConsistent, ()) { prop_taylor_consistency<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Network, OutputMatchesDirectSum, ()) { prop_network_direct<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Network, Id6TaylorTermsHomogeneous, ()) { prop_taylor_homogeneity<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Network, In1TaylorTermBounds, ()) { prop_in1_taylor_bounds<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Network, In2RemainderBound, ()) { prop_in2_remainder_bound<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Network, In9MixedNorms, ()) { prop_in9_mixed_norms<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Randomization, Id3MomentsClosedFormEqualsEnumeration, ()) { prop_id3_moments<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Randomization, P3CovarianceAndLeadingVariance, ()) { prop_p3_covariance_and_leading<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Randomization, Id5P1EvenTermsInvariantOddTermsFlip, ()) { prop_id5_p1_parity<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Randomization, Id14SinCosClosedForms, ()) { prop_id14_sincos_closed_forms<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Randomization, In3VarianceBound, ()) { prop_in3_variance_bound<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Randomization, Id4In4ExpectedLoss, ()) { prop_id4_in4_expected_loss<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Randomization, In5CouplingBounds, ()) { prop_in5_coupling<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Randomization, Id8SignAveragedGradientSquare, ()) { prop_id8_sign_averaged_gradient<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Regularizer, Id9Identities, ()) { prop_id9_regularizer_identities<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Regularizer, Id9SignAverageAndLemmaL3, ()) { prop_id9_sign_average_and_l3<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Regularizer, FiniteDifferences, ()) { prop_regularizer_finite_differences<mp>(budget_mp50()); }
