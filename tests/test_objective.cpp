// objective.hpp at double: gradients and HVPs of every objective (full, randomized closed-form /
// enumeration / Monte Carlo, quadratic, taylor-3, ntk, taylor-2, taylor-4, with and without lambda)
// against finite differences and against each other (bodies in props_objective.hpp; the same
// bodies run at 50 digits in test_mp50_objective.cpp), plus input validation.
#include "props_objective.hpp"

using namespace bltest;

RC_GTEST_PROP(Objective, ValueConsistency, ()) { prop_obj_value_consistency<double>(budget_double()); }
RC_GTEST_PROP(Objective, GradientMatchesFiniteDifference, ()) { prop_obj_gradient_fd<double>(budget_double()); }
RC_GTEST_PROP(Objective, HvpMatchesFiniteDifferenceAndIsSymmetric, ()) { prop_obj_hvp_fd<double>(budget_double()); }
RC_GTEST_PROP(Objective, EulerIdentityTaylorModels, ()) { prop_obj_euler_taylor<double>(budget_double()); }
RC_GTEST_PROP(Objective, RegularizerSplit, ()) { prop_obj_regularizer_split<double>(budget_double()); }
RC_GTEST_PROP(Objective, Id7LemmaL1, ()) { prop_obj_lemma_l1<double>(budget_double()); }
RC_GTEST_PROP(Objective, Id6Id8SingleSampleQuadratic, ()) { prop_obj_single_sample_quadratic<double>(budget_double()); }
RC_GTEST_PROP(Objective, P5SignInvariance, ()) { prop_obj_sign_invariance<double>(budget_double()); }
RC_GTEST_PROP(Objective, P5ZeroIsStationary, ()) { prop_obj_zero_is_stationary<double>(budget_double()); }
RC_GTEST_PROP(Objective, MethodsAgree, ()) { prop_obj_methods_agree<double>(budget_double()); }
RC_GTEST_PROP(Objective, Id12StochasticGradientUnbiased, ()) { prop_obj_stochastic_gradient_unbiased<double>(budget_double()); }

// ---- input validation ----------------------------------------------------------------------------

namespace {
template <class F> void expect_input_error(const std::string& what, F fn, const std::string& must_mention = "") {
  try {
    fn();
    ADD_FAILURE() << what << ": no InputError";
  } catch (const InputError& e) {
    EXPECT_FALSE(e.field().empty()) << what;
    EXPECT_EQ(std::string(e.what()).rfind(e.field() + ": ", 0), 0u) << what << ": " << e.what();
    if (!must_mention.empty()) {
      EXPECT_NE(std::string(e.what()).find(must_mention), std::string::npos) << what << ": " << e.what();
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": threw a non-InputError: " << e.what();
  }
}
Instance<double> small(Loss l, int m) {
  InstanceOptions o;
  o.d = 2;
  o.m = m;
  o.n = 2;
  o.loss = l;
  o.target = l == Loss::logistic ? "sign" : "gaussian";
  o.movement = "generic";
  return generate_instance(o);
}
}  // namespace

TEST(ObjectiveValidation, ParseNames) {
  for (const std::string name : {"full", "randomized", "quadratic", "ntk", "taylor-3", "taylor-22"})
    EXPECT_EQ(objective_name(parse_objective(name)), name);
  EXPECT_EQ(parse_objective("taylor-7").order, 7);
  EXPECT_EQ(parse_objective("quadratic").kind, ObjectiveKind::taylor);
  EXPECT_EQ(parse_objective("quadratic").order, 2);
  for (const std::string bad : {"", "taylor", "taylor-0", "taylor-23", "taylor-x", "taylor--1", "Full", "linear"}) {
    try {
      (void)parse_objective(bad, "objective");
      ADD_FAILURE() << "parse_objective(\"" << bad << "\") did not throw";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "objective") << bad;
      if (!bad.empty()) {
        EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
      }
    }
  }
}

TEST(ObjectiveValidation, ConstructorRejectsBadSpecs) {
  const Instance<double> sq = small(Loss::square, 4), lg = small(Loss::logistic, 4), wide = small(Loss::logistic, 18);
  ObjectiveSpec s = parse_objective("full");
  s.lambda = -1e-3;
  expect_input_error("lambda < 0", [&] { Objective<double> o(sq, s); }, "lambda");
  s.lambda = std::numeric_limits<double>::quiet_NaN();
  expect_input_error("lambda NaN", [&] { Objective<double> o(sq, s); }, "lambda");
  s.lambda = std::numeric_limits<double>::infinity();
  expect_input_error("lambda inf", [&] { Objective<double> o(sq, s); }, "lambda");
  ObjectiveSpec t = parse_objective("quadratic");
  t.order = 0;
  expect_input_error("taylor order 0", [&] { Objective<double> o(sq, t); });
  t.order = kMaxActivationOrder - 1;
  expect_input_error("taylor order too large", [&] { Objective<double> o(sq, t); });
  ObjectiveSpec r = parse_objective("randomized");
  r.method = RandomizedMethod::closed_form;
  expect_input_error("closed form needs the squared loss", [&] { Objective<double> o(lg, r); }, "logistic");
  r.method = RandomizedMethod::enumeration;
  expect_input_error("enumeration needs m <= 16", [&] { Objective<double> o(wide, r); }, "18");
  EXPECT_NO_THROW({ Objective<double> o(lg, r); });
  // automatic: closed form for the squared loss, enumeration for m <= 16, Monte Carlo beyond
  ObjectiveSpec a = parse_objective("randomized");
  EXPECT_STREQ(Objective<double>(sq, a).method(), "closed-form");
  EXPECT_STREQ(Objective<double>(lg, a).method(), "enumeration");
  a.mc_pairs = 8;
  EXPECT_STREQ(Objective<double>(wide, a).method(), "monte-carlo");
  EXPECT_STREQ(Objective<double>(sq, parse_objective("full")).method(), "analytic");
}

TEST(ObjectiveValidation, MonteCarloIsDeterministicAndSeeded) {
  const Instance<double> lg = small(Loss::logistic, 18);
  ObjectiveSpec s = parse_objective("randomized");
  s.method = RandomizedMethod::monte_carlo;
  s.mc_pairs = 16;
  s.seed = 3;
  const Vector<double> w = Objective<double>::flatten(lg.W);
  const double v1 = Objective<double>(lg, s).value(w), v2 = Objective<double>(lg, s).value(w);
  EXPECT_EQ(v1, v2);  // same seed, same signs, same value bit for bit
  s.seed = 4;
  EXPECT_NE(Objective<double>(lg, s).value(w), v1);  // other signs (2^17 pair classes: a tie is ~impossible)
}
