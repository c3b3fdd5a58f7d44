// Tests of proofs_numeric/ (SPEC §4.2: Lemma L1, L2, L3, Theorem L as chains of (in)equalities).
//
//  * Fixed instances: every chain is PROVED (every step) in MPFI intervals, and HOLDS at 50 digits.
//  * Random instances (RapidCheck): the chains HOLD in double (any smooth activation, both losses)
//    and at 50 digits (few cases: ~100x slower), and never FAIL in intervals.
//  * The certificates can fail: a false regularizer bound (56 replaced by 40 at a point where it is
//    violated), a certified violation of a step, and an interval LDL^T of a matrix with a known
//    negative eigenvalue must come out FAILS / not proved.
//  * Consistency across precisions (Arb style): the 50-digit values lie in the interval enclosures.
// No expected number is hard-coded: every check is a relation between computed quantities, or the
// status of a step.
#include "support.hpp"

#include <proofs_numeric/formulas.hpp>
#include <proofs_numeric/proofs.hpp>

#include <chrono>

using namespace bltest;
using namespace beyondlin::proofs;

namespace {

std::string all_lines(const ProofRun& r) { return format_run(r); }

/// Every step has the status `want` (and the run too).
void expect_all(const ProofRun& r, const std::string& want) {
  EXPECT_EQ(r.status, want) << all_lines(r);
  for (const ProofStep& s : r.steps) EXPECT_EQ(s.status, want) << format_step(s);
}

/// Same for RapidCheck properties.
void rc_all(const ProofRun& r, const std::string& want) {
  RC_LOG() << all_lines(r);
  for (const ProofStep& s : r.steps) RC_ASSERT(s.status == want);
  RC_ASSERT(r.status == want);
}

const ProofStep& step_named(const ProofRun& r, const std::string& prefix) {
  for (const ProofStep& s : r.steps)
    if (s.name.rfind(prefix, 0) == 0) return s;
  throw std::runtime_error("no step " + prefix + " in\n" + format_run(r));
}

struct Fixed {
  Instance<double> inst;
  RowMatrix<double> D, Ws;
  ProofOptions opt;
};

/// A fixed small instance of the kind run_proofs uses (d = 3, m = 8, n = 10, sincos).
Fixed fixed_instance(Loss loss, std::uint64_t seed) {
  Fixed f;
  f.inst = proof_instance(3, 8, 10, loss, 1.0, seed, &f.opt.label);
  f.D = generic_matrix(8, 3, 1.0, seed + 1);
  f.Ws = vary_row_norms(generic_matrix(8, 3, 1.0, seed + 2));
  return f;
}

}  // namespace

// ---- fixed instances: PROVED in intervals, HOLDS at 50 digits ------------------------------------

TEST(Proofs, LemmaL1ProvedOnFixedInstances) {
  for (Loss loss : {Loss::square, Loss::logistic}) {
    const Fixed f = fixed_instance(loss, 101);
    expect_all(lemma_l1_run(f.inst, f.D, ProofPrecision::interval50, f.opt), "PROVED");
    expect_all(lemma_l1_run(f.inst, f.D, ProofPrecision::mp50, f.opt), "HOLDS");
  }
}

TEST(Proofs, LemmaL2ProvedOnFixedInstances) {
  for (Loss loss : {Loss::square, Loss::logistic}) {
    const Fixed f = fixed_instance(loss, 202);
    expect_all(lemma_l2_run(f.inst, f.Ws, ProofPrecision::interval50, f.opt), "PROVED");
    expect_all(lemma_l2_run(f.inst, f.Ws, ProofPrecision::mp50, f.opt), "HOLDS");
  }
}

TEST(Proofs, LemmaL3ProvedOnFixedInstance) {
  const Fixed f = fixed_instance(Loss::square, 303);
  expect_all(lemma_l3_run(f.inst.W, f.Ws, ProofPrecision::interval50, f.opt), "PROVED");
  expect_all(lemma_l3_run(f.inst.W, f.Ws, ProofPrecision::mp50, f.opt), "HOLDS");
}

TEST(Proofs, TheoremLProvedAtGradientDescentEndPoint) {
  const TheoremLSetup s = theorem_l_planted_setup(404);
  ProofOptions o;
  o.label = s.label;
  // the descent moved from its small random start and decreased F
  EXPECT_GT(s.instance.W.norm(), 0.0);
  const ProofRun mp = theorem_l_run(s.instance, s.instance.W_star, s.lambda, ProofPrecision::mp50, o);
  const ProofRun iv = theorem_l_run(s.instance, s.instance.W_star, s.lambda, ProofPrecision::interval50, o);
  expect_all(mp, "HOLDS");
  expect_all(iv, "PROVED");
  // the certified theta is below the 50-digit lambda_min, and close to it (relative to the Hessian scale)
  const double lam = run_quantity(mp, "lambda_min"), theta = run_quantity(iv, "theta (certified lower bound)");
  EXPECT_LE(theta, lam);
  EXPECT_LT(lam - theta, 1e-6 * (1.0 + std::abs(lam))) << all_lines(iv);
  // the 50-digit and interval runs measure the same point: same eps_g, same bound to double precision
  EXPECT_NEAR(run_quantity(mp, "eps_g"), run_quantity(iv, "eps_g"), 1e-14 * run_quantity(mp, "eps_g"));
  EXPECT_NEAR(run_quantity(mp, "bound (first line)"), run_quantity(iv, "bound (first line)"),
              1e-12 * run_quantity(mp, "bound (first line)"));
}

TEST(Proofs, GradientDescentDecreasesTheObjective) {
  const TheoremLSetup s0 = theorem_l_planted_setup(505, 3, 8, 10, [] {
    DescentOptions o;
    o.max_steps = 0;
    return o;
  }());
  const TheoremLSetup s1 = theorem_l_planted_setup(505);
  EXPECT_LT(s1.descent.value, s0.descent.value);
  EXPECT_LT(s1.descent.gradient_norm, s0.descent.gradient_norm);
}

// ---- the 50-digit values lie in the interval enclosures -------------------------------------------

TEST(Proofs, FiftyDigitValuesLieInTheEnclosures) {
  const Fixed f = fixed_instance(Loss::logistic, 606);
  for (int lemma = 0; lemma < 3; ++lemma) {
    const ProofRun mp = lemma == 0 ? lemma_l1_run(f.inst, f.D, ProofPrecision::mp50, f.opt)
                                   : (lemma == 1 ? lemma_l2_run(f.inst, f.Ws, ProofPrecision::mp50, f.opt)
                                                 : lemma_l3_run(f.inst.W, f.Ws, ProofPrecision::mp50, f.opt));
    const ProofRun iv = lemma == 0 ? lemma_l1_run(f.inst, f.D, ProofPrecision::interval50, f.opt)
                                   : (lemma == 1 ? lemma_l2_run(f.inst, f.Ws, ProofPrecision::interval50, f.opt)
                                                 : lemma_l3_run(f.inst.W, f.Ws, ProofPrecision::interval50, f.opt));
    ASSERT_EQ(mp.steps.size(), iv.steps.size());
    for (std::size_t k = 0; k < mp.steps.size(); ++k) {
      const ProofStep &a = mp.steps[k], &b = iv.steps[k];
      ASSERT_EQ(a.name, b.name);
      if (a.count > 1) continue;  // "worst of" steps may show different elements
      ASSERT_TRUE(b.certified);
      // double roundings of 50-digit values: inside the outward-rounded ends up to one double ulp
      const double ul = 4e-16 * std::abs(a.lhs), ur = 4e-16 * std::abs(a.rhs);
      EXPECT_GE(a.lhs, b.lhs_lo - ul) << format_step(a) << "\n" << format_step(b);
      EXPECT_LE(a.lhs, b.lhs_hi + ul) << format_step(a) << "\n" << format_step(b);
      EXPECT_GE(a.rhs, b.rhs_lo - ur) << format_step(a) << "\n" << format_step(b);
      EXPECT_LE(a.rhs, b.rhs_hi + ur) << format_step(a) << "\n" << format_step(b);
    }
  }
}

// ---- random instances ------------------------------------------------------------------------------

RC_GTEST_PROP(Proofs, ChainsHoldInDouble, ()) {
  DrawSpec ds;
  ds.mmax = 40;
  ds.dmax = 5;
  ds.nmax = 8;
  const InstanceOptions o = draw_options(ds);
  const Instance<double> inst = generate_instance(o);
  const RowMatrix<double> Ws = draw_direction(inst.m(), inst.d(), "W*");
  ProofOptions po;
  po.label = describe(o);
  po.per_row_max_m = 32;  // exercise the closed-form-only path above 32
  rc_all(lemma_l1_run(inst, Ws, ProofPrecision::float64, po), "HOLDS");
  rc_all(lemma_l2_run(inst, Ws, ProofPrecision::float64, po), "HOLDS");
  rc_all(lemma_l3_run(inst.W, Ws, ProofPrecision::float64, po), "HOLDS");
  // Theorem L holds at every W (with the measured eps_g, eps_H) and every W*
  const double lambda = *uniform_in(0, 1001) * 1e-5;
  RC_LOG() << "lambda = " << lambda << "\n";
  rc_all(theorem_l_run(inst, Ws, lambda, ProofPrecision::float64, po), "HOLDS");
}

RC_GTEST_PROP(Proofs, ChainsHoldAtFiftyDigits, ()) {
  DrawSpec ds;
  ds.mmax = 6;
  ds.dmax = 3;
  ds.nmax = 4;
  ds.activations = {Activation::sincos, Activation::tanh, Activation::softplus};
  const InstanceOptions o = draw_options(ds);
  const Instance<double> inst = generate_instance(o);
  const RowMatrix<double> Ws = draw_direction(inst.m(), inst.d(), "W*");
  ProofOptions po;
  po.label = describe(o);
  rc_all(lemma_l1_run(inst, Ws, ProofPrecision::mp50, po), "HOLDS");
  rc_all(lemma_l2_run(inst, Ws, ProofPrecision::mp50, po), "HOLDS");
  rc_all(lemma_l3_run(inst.W, Ws, ProofPrecision::mp50, po), "HOLDS");
  const double lambda = *uniform_in(0, 1001) * 1e-5;
  RC_LOG() << "lambda = " << lambda << "\n";
  rc_all(theorem_l_run(inst, Ws, lambda, ProofPrecision::mp50, po), "HOLDS");
}

RC_GTEST_PROP(Proofs, IntervalChainsNeverFailAndProveTheLemmas, ()) {
  DrawSpec ds;
  ds.mmax = 6;
  ds.dmax = 3;
  ds.nmax = 4;
  ds.activations = {Activation::sincos};
  ds.movements = {"generic"};
  const InstanceOptions o = draw_options(ds);
  const Instance<double> inst = generate_instance(o);
  const RowMatrix<double> Ws = draw_direction(inst.m(), inst.d(), "W*");  // Gaussian entries: strict Cauchy-Schwarz
  ProofOptions po;
  po.label = describe(o);
  for (const ProofRun& r : {lemma_l1_run(inst, Ws, ProofPrecision::interval50, po),
                            lemma_l2_run(inst, Ws, ProofPrecision::interval50, po),
                            lemma_l3_run(inst.W, Ws, ProofPrecision::interval50, po)}) {
    RC_LOG() << all_lines(r);
    for (const ProofStep& s : r.steps) RC_ASSERT(s.status != "FAILS");
    if (r.lemma != "L1") RC_ASSERT(r.steps.back().status == "PROVED");  // "L2 (final)", "L3 (final)"
  }
}

// ---- the certificates can fail -----------------------------------------------------------------------

TEST(Proofs, FalseRegularizerBoundFails) {
  // W = W* with a single nonzero row: E_S Hess R[SW*,SW*] = 56 a^6 b^2 exactly (SPEC §3.3), so the
  // bound with 40 in place of 56 is false there, and L3.h / L3.i must FAIL (certified in intervals).
  RowMatrix<double> W = RowMatrix<double>::Zero(4, 3);
  W.row(0) << 0.75, -0.5, 0.25;
  ProofOptions po;
  po.label = "W = W* = one row";
  po.l3_curvature_constant = 40;
  for (ProofPrecision p : {ProofPrecision::float64, ProofPrecision::mp50, ProofPrecision::interval50}) {
    const ProofRun r = lemma_l3_run(W, W, p, po);
    EXPECT_EQ(r.status, "FAILS") << all_lines(r);
    EXPECT_EQ(step_named(r, "L3.h").status, "FAILS") << all_lines(r);
    EXPECT_EQ(step_named(r, "L3.i").status, "FAILS") << all_lines(r);
    if (p == ProofPrecision::interval50) {
      EXPECT_TRUE(step_named(r, "L3.h").certified);
    }
  }
  // the true constant: at equality the intervals cannot separate the sides, so L3.h is not PROVED,
  // yet it is not a failure either (HOLDS from the midpoints)
  po.l3_curvature_constant = 56;
  const ProofRun ok = lemma_l3_run(W, W, ProofPrecision::interval50, po);
  EXPECT_NE(step_named(ok, "L3.h").status, "FAILS") << all_lines(ok);
  EXPECT_NE(step_named(ok, "L3.h").status, "PROVED") << all_lines(ok);
}

TEST(Proofs, StepStatusRules) {
  const StepText t{"test", "a", "b", "unit test"};
  // certified order, certified violation, overlap
  EXPECT_EQ(at_most_step<Interval>(t, Interval(1), Interval(2)).status, "PROVED");
  EXPECT_EQ(at_most_step<Interval>(t, Interval(2), Interval(1)).status, "FAILS");
  const ProofStep ov = at_most_step<Interval>(t, Interval(0, 2), Interval(1, 3));
  EXPECT_EQ(ov.status, "HOLDS");
  const ProofStep ov_bad = at_most_step<Interval>(t, Interval(1, 3), Interval(0, 2.5));
  EXPECT_EQ(ov_bad.status, "FAILS");  // overlapping, but the midpoints violate it
  // identities: a discrepancy far above 1e-40 of the scale is a certified failure
  const Interval x = sqrt_of(Interval(2));
  EXPECT_EQ(identity_step<Interval>(t, sqr(x), Interval(2), Interval(2)).status, "PROVED");
  EXPECT_EQ(identity_step<Interval>(t, x, Interval(x + Interval(1e-30)), Interval(1)).status, "FAILS");
  EXPECT_EQ(identity_step<double>(t, 1.0, 1.0 + 1e-10, 1.0).status, "FAILS");
  EXPECT_EQ(identity_step<double>(t, 1.0, 1.0 + 1e-14, 1.0).status, "HOLDS");
  EXPECT_EQ(at_most_step<scalar_mp50>(t, scalar_mp50(1) + scalar_mp50(1e-30), scalar_mp50(1)).status, "FAILS");
  EXPECT_EQ(at_most_step<scalar_mp50>(t, scalar_mp50(1) + scalar_mp50(1e-45), scalar_mp50(1)).status, "HOLDS");
  EXPECT_EQ(at_most_step<double>(t, std::nan(""), 1.0).status, "FAILS");
}

TEST(Proofs, IntervalLdltRejectsIndefiniteMatrices) {
  // [[1, 2], [2, 1]] has eigenvalues 3 and -1
  Matrix<Interval> A(2, 2);
  A(0, 0) = Interval(1);
  A(0, 1) = A(1, 0) = Interval(2);
  A(1, 1) = Interval(1);
  EXPECT_FALSE(certify_positive_definite(A).proved);
  // a true lower bound is certified, a false "estimate" above lambda_min never is
  EXPECT_TRUE(certify_min_eigenvalue_lower_bound(A, IntervalEnd(-1), IntervalEnd(1)).proved);
  const MinEigenvalueBound wrong = certify_min_eigenvalue_lower_bound(A, IntervalEnd(-0.5), IntervalEnd(1));
  EXPECT_FALSE(wrong.proved);
  EXPECT_EQ(wrong.attempts, 5);

  // random symmetric matrices: lambda_min from the 50-digit eigensolver; H - (lambda_min + 1e-6) I has a
  // negative eigenvalue, so no enclosure of it can be certified positive definite
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const RowMatrix<double> B = random_matrix(12, 12, 1.0, seed);
    const Matrix<double> S = (B + B.transpose()) / 2;
    Eigen::SelfAdjointEigenSolver<Matrix<scalar_mp50>> es(S.cast<scalar_mp50>(), Eigen::EigenvaluesOnly);
    const scalar_mp50 lmin = es.eigenvalues()(0);
    Matrix<Interval> H(12, 12), Hs(12, 12);
    for (int i = 0; i < 12; ++i)
      for (int j = 0; j < 12; ++j) H(i, j) = Interval(S(i, j));
    Hs = H;
    for (int i = 0; i < 12; ++i) Hs(i, i) -= Interval(IntervalEnd(lmin + scalar_mp50(1e-6)));
    EXPECT_FALSE(certify_positive_definite(Hs).proved) << "seed " << seed;
    const MinEigenvalueBound mb = certify_min_eigenvalue_lower_bound(H, IntervalEnd(lmin), IntervalEnd(S.norm()));
    EXPECT_TRUE(mb.proved) << "seed " << seed;
    EXPECT_LE(mb.theta, IntervalEnd(lmin));
  }
}

TEST(Proofs, LemmaL3CertificateIsAnExactPolynomialIdentity) {
  // L3.j with b = 1, s = a^2, times 32:  64827 - 1792 s^3 + 256 s^4 = (4s - 21)^2 (16 s^2 + 56 s + 147)
  // (the documented certificate 8 (s - 21/4)^2 (s^2 + 7/2 s + 147/16) times 32). Both sides are
  // polynomials of degree 4, so agreement at 5 integer points (exact integer arithmetic) proves it.
  for (long long s = 0; s <= 4; ++s) {
    const long long lhs = 64827 - 1792 * s * s * s + 256 * s * s * s * s;
    const long long rhs = (4 * s - 21) * (4 * s - 21) * (16 * s * s + 56 * s + 147);
    EXPECT_EQ(lhs, rhs) << "s = " << s;
  }
  // and 32 * kLemmaL3Constant is the constant term
  EXPECT_EQ(32.0 * kLemmaL3Constant, 64827.0);
}

TEST(Proofs, RunProofsCoversEveryLemmaWithACertifiedRun) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<ProofRun> runs = run_proofs(1, 7);
  for (const char* lemma : {"L1", "L2", "L3", "Theorem L"}) {
    bool proved = false, held = false;
    for (const ProofRun& r : runs) {
      if (r.lemma != lemma) continue;
      EXPECT_NE(r.status, "FAILS") << all_lines(r);
      proved = proved || (r.precision == "mpfi_float_50" && r.status == "PROVED");
      held = held || (r.precision == "cpp_bin_float_50" && r.status == "HOLDS");
    }
    EXPECT_TRUE(proved) << lemma;
    EXPECT_TRUE(held) << lemma;
  }
  std::fprintf(stderr, "run_proofs(1, 7): %zu runs in %.2f s\n", runs.size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

TEST(Proofs, BadInputsThrow) {
  const Fixed f = fixed_instance(Loss::square, 707);
  const RowMatrix<double> bad = RowMatrix<double>::Zero(2, 2);
  EXPECT_THROW(lemma_l1_run(f.inst, bad, ProofPrecision::mp50), std::invalid_argument);
  EXPECT_THROW(lemma_l2_run(f.inst, bad, ProofPrecision::float64), std::invalid_argument);
  EXPECT_THROW(lemma_l3_run(f.inst.W, bad, ProofPrecision::float64), std::invalid_argument);
  EXPECT_THROW(theorem_l_run(f.inst, bad, 1e-4, ProofPrecision::float64), std::invalid_argument);
  EXPECT_THROW(theorem_l_run(f.inst, f.Ws, -1.0, ProofPrecision::float64), std::invalid_argument);
  // intervals: sincos and the square / logistic losses only
  Instance<double> tanh_inst = f.inst;
  tanh_inst.activation = Activation::tanh;
  EXPECT_THROW(lemma_l2_run(tanh_inst, f.Ws, ProofPrecision::interval50), std::invalid_argument);
  Instance<double> huber_inst = f.inst;
  huber_inst.loss = Loss::huber;
  EXPECT_THROW(lemma_l1_run(huber_inst, f.D, ProofPrecision::interval50), std::invalid_argument);
}
