// The objective checks at 50 significant digits: finite differences become sharp (steps ~1e-16,
// errors ~1e-32), so a wrong term in any gradient or HVP shows up at 10^-30 or above. Same bodies
// as test_objective.cpp. Own translation unit (Eigen + multiprecision, notes/env.md §3.4).
#include "props_objective.hpp"

using namespace bltest;
using mp = scalar_mp50;

RC_GTEST_PROP(Mp50Objective, ValueConsistency, ()) { prop_obj_value_consistency<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, GradientMatchesFiniteDifference, ()) { prop_obj_gradient_fd<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, HvpMatchesFiniteDifferenceAndIsSymmetric, ()) { prop_obj_hvp_fd<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, EulerIdentityTaylorModels, ()) { prop_obj_euler_taylor<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, RegularizerSplit, ()) { prop_obj_regularizer_split<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, Id7LemmaL1, ()) { prop_obj_lemma_l1<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, Id6Id8SingleSampleQuadratic, ()) { prop_obj_single_sample_quadratic<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, P5SignInvariance, ()) { prop_obj_sign_invariance<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, P5ZeroIsStationary, ()) { prop_obj_zero_is_stationary<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, MethodsAgree, ()) { prop_obj_methods_agree<mp>(budget_mp50()); }
RC_GTEST_PROP(Mp50Objective, Id12StochasticGradientUnbiased, ()) { prop_obj_stochastic_gradient_unbiased<mp>(budget_mp50()); }
