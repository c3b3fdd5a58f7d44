// rademacher.hpp and generalization.hpp: the exact class suprema of SPEC §4.4 (G1, G3) and §4.7 (H5), the
// Lanczos extreme eigenvalues behind G1, the Monte Carlo complexities against the data-dependent bounds (G2,
// trace bound), and Theorem G / the sample sizes of §4.6 from parameters.
//
// Tolerances. Every identity is checked to c * u * M with u = 2^-53, M the natural magnitude of the computation
// (the same sum with absolute values), and c stated at the assertion; the suprema also carry the eigen-solvers'
// residuals rho (an eigenvalue lies within rho of each Ritz value / Rayleigh quotient, so a supremum computed from
// Ritz values can be off by at most (B^2/2) max_r rho_r). Statistical comparisons (Monte Carlo means) use 3 standard
// errors, and are backed by exact expectations over all 2^n sign vectors for small n.
#include "support.hpp"

#include <beyondlin/generalization.hpp>
#include <beyondlin/rademacher.hpp>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

using namespace bltest;

namespace {

constexpr double u = 1.1102230246251565e-16;  // 2^-53

/// Small instances for the properties (all data kinds, smooth activations).
DrawSpec small_spec() {
  DrawSpec ds;
  ds.dmax = 6;
  ds.mmin = 2;
  ds.mmax = 16;
  ds.nmax = 12;
  return ds;
}

Vector<double> draw_eps(Eigen::Index n) {
  const std::uint64_t seed = *uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  RC_LOG() << "eps = draw_rademacher_signs(Rng(" << seed << "), " << n << ")\n";
  Rng rng(seed);
  return draw_rademacher_signs(rng, n);
}

/// sigma^(k)(t_ir), n x m.
Matrix<double> act_matrix(const Instance<double>& inst, int k) {
  std::vector<Matrix<double>> out;
  activation_derivatives(inst.activation, pre_activations(inst.X, inst.W0), k, out);
  return out[static_cast<std::size_t>(k)];
}

/// (1/n) sum_i eps_i f^(k)_W(x_i) by the library's Taylor term, and its natural magnitude
/// (1/n) sum_i (k! sqrt m)^{-1} sum_r |sigma^(k)(t_ir)| |w_r^T x_i|^k.
struct Objective1 {
  double value, mag;
};
Objective1 sup_objective(const Instance<double>& inst, const Vector<double>& eps, const RowMatrix<double>& W, int k) {
  const Vector<double> f = taylor_term(inst, W, k);
  const Matrix<double> S = act_matrix(inst, k), U = pre_activations(inst.X, W);
  double kf = 1;
  for (int j = 2; j <= k; ++j) kf *= j;
  Matrix<double> Uk = Matrix<double>::Ones(U.rows(), U.cols());
  for (int j = 0; j < k; ++j) Uk.array() *= U.array().abs();  // |u|^k by products (no vectorized pow)
  const double mag = (S.array().abs() * Uk.array()).sum() / (kf * std::sqrt(double(inst.m())) * double(inst.n()));
  return {eps.dot(f) / double(inst.n()), mag};
}

RowMatrix<double> rescale(RowMatrix<double> W, double p, double B) {
  const double nrm = mixed_norm(W, p);
  if (nrm > 0) W *= B / nrm;
  return W;
}

double max_norm_A(const QuadraticSup& q) {
  return std::max(q.lambda_max.cwiseAbs().maxCoeff(), q.lambda_min.cwiseAbs().maxCoeff());
}

template <class F> std::string field_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.field();
  }
  return "<no InputError>";
}

GeneralizationInputs quadratic_inputs() {
  GeneralizationInputs p;
  p.cls = {FunctionClass::quadratic, 2};
  p.n = 1000;
  p.d = 50;
  p.m = 256;
  p.B = 1.5;
  p.Bx = 1;
  p.C = std::sqrt(2.0);
  p.L1 = 1;
  p.delta = 0.05;
  p.loss_range = 1;
  return p;
}

}  // namespace

// ---- Lanczos (symmetric_extremes) ---------------------------------------------------------------

RC_GTEST_PROP(RademacherLanczos, MatchesDenseSolver, ()) {
  const int d = *uniform_in(1, 41);
  const int rank = *uniform_in(0, d + 1);  // rank-deficient matrices exercise the invariant-subspace stop
  const std::uint64_t seed = *uniform_in<std::uint64_t>(1, 1u << 30);
  RC_LOG() << "d " << d << " rank " << rank << " seed " << seed << "\n";
  const Matrix<double> G = random_matrix(d, std::max(rank, 1), 1.0, seed);
  Vector<double> sg(std::max(rank, 1));
  Rng rng(seed + 1);
  for (Eigen::Index j = 0; j < sg.size(); ++j) sg(j) = rng.sign() * (0.5 + rng.uniform());
  Matrix<double> A = rank == 0 ? Matrix<double>(Matrix<double>::Zero(d, d)) : Matrix<double>(G * sg.asDiagonal() * G.transpose());
  const SymmetricExtremes e = symmetric_extremes(A, 1e-10);
  Eigen::SelfAdjointEigenSolver<Matrix<double>> es(A, Eigen::EigenvaluesOnly);
  const double nrm = std::max(std::abs(es.eigenvalues()(0)), std::abs(es.eigenvalues()(d - 1)));
  // An eigenvalue lies within the residual of each Ritz value; the dense solver is backward stable (d u ||A||):
  // 100 d u ||A|| covers both solvers' rounding.
  RC_ASSERT(e.converged);
  rc_near("lambda_max", e.max, es.eigenvalues()(d - 1), e.max_residual + 100.0 * d * u * nrm);
  rc_near("lambda_min", e.min, es.eigenvalues()(0), e.min_residual + 100.0 * d * u * nrm);
  rc_le("max residual", e.max_residual, 1e-10 * nrm, 100.0 * d * u * nrm);
  rc_le("min residual", e.min_residual, 1e-10 * nrm, 100.0 * d * u * nrm);
  RC_ASSERT(e.steps <= d);
  rc_near("|v_max|", e.max_vector.norm(), 1.0, 8.0 * d * u);
}

TEST(RademacherLanczos, TinyAndDegenerateMatrices) {
  Matrix<double> one(1, 1);
  one << -3.5;
  const SymmetricExtremes e1 = symmetric_extremes(one);
  EXPECT_EQ(e1.max, -3.5);
  EXPECT_EQ(e1.min, -3.5);
  EXPECT_EQ(e1.steps, 1);
  Matrix<double> two(2, 2);
  two << 2, 1, 1, 2;
  const SymmetricExtremes e2 = symmetric_extremes(two);
  EXPECT_NEAR(e2.max, 3.0, 8 * u * 3);
  EXPECT_NEAR(e2.min, 1.0, 8 * u * 3);
  const SymmetricExtremes ez = symmetric_extremes(Matrix<double>(Matrix<double>::Zero(5, 5)));
  EXPECT_EQ(ez.max, 0.0);
  EXPECT_EQ(ez.min, 0.0);
  EXPECT_TRUE(ez.converged);
  // Identity: one step spans an invariant subspace.
  const SymmetricExtremes ei = symmetric_extremes(Matrix<double>(Matrix<double>::Identity(7, 7)));
  EXPECT_EQ(ei.steps, 1);
  EXPECT_NEAR(ei.max, 1.0, 8 * u);
  // A step limit below the convergence point is reported as not converged.
  const Matrix<double> G = random_matrix(60, 60, 1.0, 3);
  const Matrix<double> S = G + G.transpose();
  const SymmetricExtremes lim = symmetric_extremes(S, 1e-14, 3);
  EXPECT_EQ(lim.steps, 3);
  EXPECT_FALSE(lim.converged);
  EXPECT_EQ(field_of([] { symmetric_extremes(Matrix<double>(2, 3)); }), "A");
  EXPECT_EQ(field_of([&] { symmetric_extremes(S, -1.0); }), "tol");
}

// ---- G1 --------------------------------------------------------------------------------------------

RC_GTEST_PROP(RademacherG1, MaximizerAttainsTheFormulaAndBeatsRandomPoints, ()) {
  const Instance<double> inst = draw_instance(small_spec());
  const Vector<double> eps = draw_eps(inst.n());
  const double B = *uniform_in(10, 300) / 100.0;
  const QuadraticSup q = quadratic_class_sup(inst, eps, B);
  RC_ASSERT(q.unconverged == 0);
  const double rho = q.residual_max.maxCoeff();
  const double normA = max_norm_A(q);
  // The formula is the supremum: the maximizer attains it (Ritz vector's Rayleigh quotient = Ritz value up to
  // O(d u ||A_r||); the Taylor term and the formula are sums of O(n m d) products: 64 (n + m + d) u of the natural
  // magnitudes), and has ||W||_{2,4} = B when some lambda_max > 0.
  const Objective1 at = sup_objective(inst, eps, q.W, 2);
  const double slack = 64.0 * double(inst.n() + inst.m() + inst.d()) * u * (at.mag + B * B / 2 * normA);
  rc_near("value at the maximizer", at.value, q.value, slack);
  if (q.lambda_max.maxCoeff() > 0) rc_near("||W*||_{2,4}", mixed_norm(q.W, 4.0), B, 16 * u * B);
  // No feasible point exceeds it. Each computed Ritz value is within rho of an eigenvalue (and the residual
  // tolerance makes rho tiny); a near-maximizer can exceed a computed G1 by at most (B^2/2) max_r rho_r.
  Rng rng(*uniform_in<std::uint64_t>(1, 1u << 30));
  for (int t = 0; t < 200; ++t) {
    RowMatrix<double> W(inst.m(), inst.d());
    if (t % 2 == 0) {
      for (Eigen::Index k = 0; k < W.size(); ++k) W.data()[k] = rng.normal();
    } else {
      W = q.W;
      for (Eigen::Index k = 0; k < W.size(); ++k) W.data()[k] += 1e-2 * B * rng.normal();
    }
    W = rescale(W, 4.0, B);
    const Objective1 v = sup_objective(inst, eps, W, 2);
    rc_le("random feasible point <= G1", v.value, q.value,
          B * B / 2 * rho + 64.0 * double(inst.n() + inst.m() + inst.d()) * u * (v.mag + B * B / 2 * normA));
  }
  // The operator-norm bound of G2 holds per eps.
  rc_le("G1 <= (B^2/2) max ||A_r||", q.value, q.operator_bound, 8 * u * q.operator_bound);
}

TEST(RademacherG1, MatricesAndHomogeneity) {
  InstanceOptions o;
  o.d = 5;
  o.m = 6;
  o.n = 30;
  o.seed = 11;
  const Instance<double> inst = generate_instance(o);
  Rng rng(4);
  const Vector<double> eps = draw_rademacher_signs(rng, inst.n());
  const QuadraticSup q1 = quadratic_class_sup(inst, eps, 1.0);
  const QuadraticSup q3 = quadratic_class_sup(inst, eps, 3.0);
  // B^2 homogeneity: the same eigenvalues, the value times 9 (one multiplication: exact up to 2 roundings).
  EXPECT_NEAR(q3.value, 9.0 * q1.value, 4 * u * q3.value);
  // A_r = (1/n) sum_i eps_i a_r sigma''(t_ir) x_i x_i^T, built here by explicit outer products.
  const Matrix<double> S2 = act_matrix(inst, 2);
  for (Eigen::Index r = 0; r < inst.m(); ++r) {
    Matrix<double> A = Matrix<double>::Zero(o.d, o.d), M = Matrix<double>::Zero(o.d, o.d);
    for (Eigen::Index i = 0; i < inst.n(); ++i) {
      const Vector<double> x = inst.X.row(i).transpose();
      A += eps(i) * inst.a(r) * S2(i, r) / double(inst.n()) * x * x.transpose();
      M += std::abs(S2(i, r)) / double(inst.n()) * (x.cwiseAbs() * x.cwiseAbs().transpose());
    }
    const Matrix<double> Ar = quadratic_sup_matrix(inst, eps, r);
    EXPECT_LE((Ar - A).cwiseAbs().maxCoeff(), 4.0 * inst.n() * u * M.maxCoeff()) << "neuron " << r;
    EXPECT_EQ(Ar, Ar.transpose());
  }
}

TEST(RademacherG1, SameResultOnOneOrTwoThreads) {
#ifdef _OPENMP
  // Large enough for the parallel loop over neurons (2 n d^2 m > 2e7): bitwise the same on 1 and 2 threads.
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    InstanceOptions o;
    o.d = 32;
    o.m = 32;
    o.n = 500;
    o.seed = seed;
    const Instance<double> inst = generate_instance(o);
    Rng rng(seed + 10);
    const Vector<double> eps = draw_rademacher_signs(rng, inst.n());
    const int before = omp_get_max_threads();
    omp_set_num_threads(1);
    const QuadraticSup a = quadratic_class_sup(inst, eps, 1.0);
    omp_set_num_threads(2);
    const QuadraticSup b = quadratic_class_sup(inst, eps, 1.0);
    omp_set_num_threads(before);
    EXPECT_EQ(a.value, b.value) << "seed " << seed;
    EXPECT_TRUE(a.lambda_max == b.lambda_max) << "seed " << seed;
    EXPECT_TRUE(a.lambda_min == b.lambda_min) << "seed " << seed;
    EXPECT_TRUE(a.W == b.W) << "seed " << seed;
  }
#endif
}

// ---- G3 --------------------------------------------------------------------------------------------

RC_GTEST_PROP(RademacherG3, MaximizerAttainsTheFormulaAndBeatsRandomPoints, ()) {
  const Instance<double> inst = draw_instance(small_spec());
  const Vector<double> eps = draw_eps(inst.n());
  const double BF = *uniform_in(10, 300) / 100.0;
  const NtkSup s = ntk_class_sup(inst, eps, BF);
  const Objective1 at = sup_objective(inst, eps, s.W, 1);
  const double c = 32.0 * double(inst.n() + inst.m() + inst.d()) * u;
  rc_near("value at the maximizer", at.value, s.value, c * (at.mag + s.value));
  if (s.value > 0) rc_near("||W*||_F", s.W.norm(), BF, 16 * u * BF);
  Rng rng(*uniform_in<std::uint64_t>(1, 1u << 30));
  for (int t = 0; t < 200; ++t) {
    RowMatrix<double> W(inst.m(), inst.d());
    for (Eigen::Index k = 0; k < W.size(); ++k) W.data()[k] = rng.normal();
    if (t % 2) W = s.W + 1e-2 * BF / std::sqrt(double(W.size())) * W;
    W *= BF / W.norm();
    const Objective1 v = sup_objective(inst, eps, W, 1);
    rc_le("random feasible point <= G3", v.value, s.value, c * (v.mag + s.value));
  }
}

// ---- H5 --------------------------------------------------------------------------------------------

RC_GTEST_PROP(RademacherH5, OrderTwoEqualsG1, ()) {
  DrawSpec ds = small_spec();
  ds.dmax = 5;
  ds.mmax = 8;
  const Instance<double> inst = draw_instance(ds);
  const Vector<double> eps = draw_eps(inst.n());
  const double B = *uniform_in(50, 200) / 100.0;
  const QuadraticSup q = quadratic_class_sup(inst, eps, B);
  TensorMaxOptions opt;
  opt.starts = 10;
  const OrderKSup h = order_k_class_sup(inst, eps, 2, B, opt);
  // Per neuron, the SS-HOPM + Newton value f_r and the Ritz value theta_r both lie within their residuals of an
  // eigenvalue; both reach the top one (a local maximum of a quadratic form on the sphere is the global one), so
  // |f_r - theta_r| <= rho^H_r + rho^L_r, and |H5 - G1| <= (B^2/(2 sqrt m)) ||f - theta||_2 <= (B^2/2) max_r (.).
  // Rounding: the values are sums of n + d products, 64 (n + d) u S_r.
  double tol = 0;
  for (Eigen::Index r = 0; r < inst.m(); ++r)
    tol = std::max(tol, h.gradient_norm(r) + q.residual_max(r) + 64.0 * double(inst.n() + inst.d()) * u * h.scale(r));
  rc_near("H5(k = 2) vs G1", h.value, q.value, B * B / 2 * tol);
  // The order-k value is attained at its W (identity through the Taylor term) with ||W||_{2,4} = B.
  const Objective1 at = sup_objective(inst, eps, h.W, 2);
  rc_near("H5 value at its W", at.value, h.value, 64.0 * double(inst.n() + inst.m() + inst.d()) * u * (at.mag + h.value));
}

RC_GTEST_PROP(RademacherH5, OrderKIsALowerBoundAttainedAtItsPoint, ()) {
  DrawSpec ds = small_spec();
  ds.dmax = 4;
  ds.mmax = 6;
  const Instance<double> inst = draw_instance(ds);
  const Vector<double> eps = draw_eps(inst.n());
  const int k = *uniform_in(3, 6);
  const double B = *uniform_in(50, 200) / 100.0;
  TensorMaxOptions opt;
  opt.starts = 8;
  const OrderKSup h = order_k_class_sup(inst, eps, k, B, opt);
  RC_ASSERT(h.lower_bound);
  RC_ASSERT(h.starts == 8);
  const Objective1 at = sup_objective(inst, eps, h.W, k);
  const double c = 64.0 * double(inst.n() + inst.m() + inst.d() + k) * u;
  rc_near("value at the returned point", at.value, h.value, c * (at.mag + h.value));
  if (h.value > 0) rc_near("||W||_{2,2k}", mixed_norm(h.W, 2.0 * k), B, 16 * k * u * B);
  // A lower bound of the supremum that no random feasible point beats by more than the local-search slack: each
  // neuron's value is a local maximum (gradient ~0), and random points are far from any better maximum in practice.
  // The certain direction: for odd k, lambda^(k)_max >= 0 (u -> -u flips the sign).
  if (k % 2 == 1) RC_ASSERT(h.lambda.minCoeff() >= 0);
}

TEST(RademacherH5, TensorMaximumOfKnownTensors) {
  // k = 1: a linear form, max = ||sum_i c_i x_i||.
  const Matrix<double> X = random_matrix(7, 4, 1.0, 5);
  Vector<double> c(7);
  c << 0.3, -1.2, 0.5, 2.0, -0.7, 0.1, 1.1;
  const TensorMax t1 = symmetric_tensor_max(X, c, 1);
  const Vector<double> g = X.transpose() * c;
  EXPECT_NEAR(t1.value, g.norm(), 16 * u * (X.cwiseAbs().transpose() * c.cwiseAbs()).norm());
  // Rank one: T = 2.5 v^(x)k for one sample x = v: max = 2.5 ||v||^k at u = +-v/||v||.
  Matrix<double> V(1, 3);
  V << 0.6, -0.8, 1.2;
  Vector<double> c1(1);
  c1 << 2.5;
  for (int k : {2, 3, 4, 5}) {
    const TensorMax t = symmetric_tensor_max(V, c1, k);
    const double want = 2.5 * std::pow(V.norm(), k);
    EXPECT_NEAR(t.value, want, 64 * k * u * want) << "k = " << k;
    EXPECT_NEAR(std::abs(t.u.dot(V.row(0).transpose()) / V.norm()), 1.0, 1e-7) << "k = " << k;
    EXPECT_EQ(t.unconverged, 0);
  }
  // The zero tensor.
  const TensorMax tz = symmetric_tensor_max(X, Vector<double>(Vector<double>::Zero(7)), 3);
  EXPECT_EQ(tz.value, 0.0);
  // Odd order with all-negative coefficients: the maximum is at -u of the minimum, still >= 0.
  const TensorMax tn = symmetric_tensor_max(V, Vector<double>(-c1), 3);
  EXPECT_NEAR(tn.value, 2.5 * std::pow(V.norm(), 3), 64 * 3 * u * 2.5 * std::pow(V.norm(), 3));
  // Even order with all-negative coefficients: max over the sphere of -(x^T u)^4 is 0 (u orthogonal to x).
  const TensorMax te = symmetric_tensor_max(V, Vector<double>(-c1), 4);
  EXPECT_LE(te.value, 0.0);
  EXPECT_GE(te.value, -1e-10 * 2.5 * std::pow(V.norm(), 4));
  EXPECT_EQ(field_of([&] { symmetric_tensor_max(X, c1, 3); }), "c");
  TensorMaxOptions bad;
  bad.starts = 0;
  EXPECT_EQ(field_of([&] { symmetric_tensor_max(X, c, 3, bad); }), "starts");
}

// ---- Monte Carlo and the bounds ------------------------------------------------------------------

TEST(RademacherMonteCarlo, ExactExpectationsObeyTheBounds) {
  // All 2^10 sign vectors: no statistics. Chain of G2 and the trace bound of G3 (SPEC §4.4).
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    InstanceOptions o;
    o.d = 4;
    o.m = 6;
    o.n = 10;
    o.seed = seed;
    o.activation = seed == 2 ? Activation::tanh : Activation::sincos;
    const Instance<double> inst = generate_instance(o);
    CompensatedSum<double> g1, op, g3, g3sq;
    Vector<double> eps(o.n);
    SupOptions so;
    so.maximizer = false;
    for (long b = 0; b < (1L << o.n); ++b) {
      for (int i = 0; i < o.n; ++i) eps(i) = (b >> i) & 1 ? -1.0 : 1.0;
      const QuadraticSup q = quadratic_class_sup(inst, eps, 1.0, so);
      g1.add(q.value);
      op.add(q.operator_bound);
      const NtkSup s = ntk_class_sup(inst, eps, 1.0);
      g3.add(s.value);
      g3sq.add(s.G.squaredNorm());
    }
    const double N = std::ldexp(1.0, o.n);
    const QuadraticBounds qb = quadratic_class_bounds(inst, 1.0, true);
    const NtkBounds nb = ntk_class_bounds(inst, 1.0);
    const double r = 1e-12;  // the inequalities have slack far above rounding; 1e-12 relative as in SPEC §6.2
    EXPECT_LE(g1.value() / N, op.value() / N * (1 + r));
    EXPECT_LE(op.value() / N, qb.khintchine_variance * (1 + r));
    EXPECT_LE(qb.khintchine_variance, qb.khintchine * (1 + r));
    EXPECT_LE(qb.khintchine, qb.worst_case * (1 + r));
    EXPECT_LE(g3.value() / N, nb.trace * (1 + r));
    EXPECT_LE(nb.trace, nb.worst_case * (1 + r));
    // E ||G||_F^2 = tr K / n^2 exactly over all sign vectors (compensated sums: a few u).
    EXPECT_NEAR(g3sq.value() / N, nb.trace_K / (o.n * o.n), 64 * o.n * u * nb.trace_K / (o.n * o.n));
  }
}

TEST(RademacherMonteCarlo, MeanBelowTheBoundsAndReproducible) {
  InstanceOptions o;
  o.d = 8;
  o.m = 16;
  o.n = 300;
  o.seed = 21;
  const Instance<double> inst = generate_instance(o);
  const ComplexityEstimate q = rademacher_complexity(inst, {FunctionClass::quadratic, 2}, 1.0, 60, 9);
  const ComplexityEstimate l = rademacher_complexity(inst, {FunctionClass::ntk, 1}, 1.0, 60, 9);
  const QuadraticBounds qb = quadratic_class_bounds(inst, 1.0, true);
  const NtkBounds nb = ntk_class_bounds(inst, 1.0);
  ASSERT_EQ(q.values.size(), 60u);
  // Upper 3-s.e. confidence limits below the bounds.
  EXPECT_LE(q.mean + 3 * q.stderr_, qb.khintchine);
  EXPECT_LE(q.operator_mean + 3 * q.operator_stderr, qb.khintchine_variance);
  // The trace bound is nearly tight (Jensen gap of a concentrated norm): the mean minus 3 s.e. must lie below it.
  EXPECT_LE(l.mean - 3 * l.stderr_, nb.trace);
  // Mean and standard error are those of the per-draw values.
  double s = 0, s2 = 0;
  for (double v : q.values) s += v;
  const double mean = s / 60;
  for (double v : q.values) s2 += (v - mean) * (v - mean);
  EXPECT_NEAR(q.mean, mean, 64 * u * mean);
  EXPECT_NEAR(q.stderr_, std::sqrt(s2 / 59 / 60), 1e-10 * q.stderr_);
  // Reproducible: same seed, same numbers (bitwise); another seed, other numbers. Same seed, same signs for
  // every class: draw 0 of the NTK estimate equals ntk_class_sup at the first sign vector of Rng(9).
  const ComplexityEstimate q2 = rademacher_complexity(inst, {FunctionClass::quadratic, 2}, 1.0, 60, 9);
  EXPECT_EQ(q.values, q2.values);
  EXPECT_EQ(q.mean, q2.mean);
  const ComplexityEstimate q3 = rademacher_complexity(inst, {FunctionClass::quadratic, 2}, 1.0, 60, 10);
  EXPECT_NE(q.values, q3.values);
  Rng rng(9);
  const Vector<double> eps0 = draw_rademacher_signs(rng, inst.n());
  EXPECT_EQ(l.values[0], ntk_class_sup(inst, eps0, 1.0).value);
  EXPECT_EQ(q.values[0], quadratic_class_sup(inst, eps0, 1.0).value);
  // Order-k Monte Carlo: reproducible too, flagged as a lower bound.
  TensorMaxOptions t;
  t.starts = 5;
  const ComplexityEstimate h1 = rademacher_complexity(inst, {FunctionClass::order_k, 3}, 1.0, 3, 4, {}, t);
  const ComplexityEstimate h2 = rademacher_complexity(inst, {FunctionClass::order_k, 3}, 1.0, 3, 4, {}, t);
  EXPECT_EQ(h1.values, h2.values);
  EXPECT_TRUE(h1.lower_bound);
  EXPECT_EQ(h1.starts, 5);
  const OrderKBounds ob = order_k_class_bounds(inst, 3, 1.0);
  EXPECT_LE(h1.mean, ob.flattening);
}

TEST(RademacherMonteCarlo, ValidationNamesTheParameter) {
  InstanceOptions o;
  o.d = 3;
  o.m = 4;
  o.n = 5;
  const Instance<double> inst = generate_instance(o);
  Vector<double> eps = Vector<double>::Ones(5);
  EXPECT_EQ(field_of([&] { quadratic_class_sup(inst, Vector<double>(Vector<double>::Ones(4)), 1.0); }), "eps");
  eps(2) = 0.5;
  EXPECT_EQ(field_of([&] { quadratic_class_sup(inst, eps, 1.0); }), "eps");
  eps(2) = 1;
  EXPECT_EQ(field_of([&] { quadratic_class_sup(inst, eps, 0.0); }), "B");
  EXPECT_EQ(field_of([&] { ntk_class_sup(inst, eps, -1.0); }), "B");
  EXPECT_EQ(field_of([&] { ntk_class_sup(inst, eps, std::numeric_limits<double>::infinity()); }), "B");
  EXPECT_EQ(field_of([&] { order_k_class_sup(inst, eps, 25, 1.0); }), "order");
  EXPECT_EQ(field_of([&] { rademacher_complexity(inst, {FunctionClass::quadratic, 2}, 1.0, 1, 1); }), "draws");
  EXPECT_EQ(field_of([&] { rademacher_complexity(inst, {FunctionClass::ntk, 1}, std::nan(""), 5, 1); }), "B");
  EXPECT_EQ(field_of([] { parse_function_class("cubic"); }), "class");
  EXPECT_EQ(field_of([] { parse_function_class("order-k", 1); }), "order");
  EXPECT_EQ(parse_function_class("order-k", 4).order, 4);
  EXPECT_EQ(function_class_name(parse_function_class("order-k", 4)), "order-4");
  EXPECT_EQ(field_of([&] { quadratic_sup_matrix(inst, eps, 4); }), "r");
}

// ---- Theorem G and the sample sizes (generalization.hpp) ---------------------------------------

TEST(TheoremG, TermsAndFormulas) {
  const GeneralizationInputs p = quadratic_inputs();
  const TheoremG g = theorem_g(p);
  ASSERT_EQ(g.terms.size(), 2u);
  EXPECT_EQ(g.total, g.terms[0].value + g.terms[1].value);
  // G2 with the isotropic ||Sigma_n|| = Bx^2/d, written out.
  const double R = p.B * p.B / 2 * p.C * p.Bx * std::sqrt(2 * std::log(2 * p.d * p.m) * (p.Bx * p.Bx / p.d) / p.n);
  EXPECT_NEAR(g.rademacher, R, 16 * u * R);
  EXPECT_NEAR(g.terms[0].value, 2 * p.L1 * R, 16 * u * R);
  EXPECT_NEAR(g.terms[1].value, 3 * p.loss_range * std::sqrt(std::log(2 / p.delta) / (2 * p.n)), 16 * u);
  EXPECT_EQ(g.sigma_norm_source, "isotropic Bx^2/d");
  EXPECT_EQ(class_complexity_bound(p), g.rademacher);
  for (const BoundTerm& t : g.terms) EXPECT_FALSE(t.spec.empty());
  // NTK: B_F C1 Bx / sqrt(n); order k: (B^k/k!) Ck Bx^k sqrt(2 log(m (d + d^{k-1}))/n).
  GeneralizationInputs q = p;
  q.cls = {FunctionClass::ntk, 1};
  EXPECT_NEAR(class_complexity_bound(q), p.B * p.C * p.Bx / std::sqrt(p.n), 16 * u);
  q.cls = {FunctionClass::order_k, 3};
  const double R3 = std::pow(p.B, 3) / 6 * p.C * std::sqrt(2 * std::log(p.m * (p.d + p.d * p.d)) / p.n);
  EXPECT_NEAR(class_complexity_bound(q), R3, 64 * u * R3);
  // §4.6 formula, written out: n = (L1 B^2 C2 Bx)^2 2 log(2dm) ||Sigma_n|| / eps^2; 2 L1 R at that n equals eps.
  const double eps = 0.05;
  const double n46 = std::pow(p.L1 * p.B * p.B * p.C * p.Bx, 2) * 2 * std::log(2 * p.d * p.m) * (p.Bx * p.Bx / p.d) / (eps * eps);
  EXPECT_NEAR(end_to_end_sample_size(p, eps), n46, 64 * u * n46);
  GeneralizationInputs at = p;
  at.n = std::ceil(n46);
  EXPECT_LE(theorem_g(at).terms[0].value, eps);
  // NTK analogue (2 L1 B_F C1 Bx)^2 / eps^2.
  q.cls = {FunctionClass::ntk, 1};
  EXPECT_NEAR(end_to_end_sample_size(q, eps), std::pow(2 * p.L1 * p.B * p.C * p.Bx, 2) / (eps * eps),
              64 * u * std::pow(2 * p.L1 * p.B * p.C * p.Bx / eps, 2));
  // A given ||Sigma_n|| replaces the isotropic value; Bx^2 gives the worst case.
  GeneralizationInputs w = p;
  w.sigma_norm = p.Bx * p.Bx;
  EXPECT_NEAR(class_complexity_bound(w), R * std::sqrt(p.d), 64 * u * R * std::sqrt(p.d));
  EXPECT_EQ(theorem_g(w).sigma_norm_source, "given");
}

TEST(TheoremG, DataBoundsAgreeWithTheParameterFormula) {
  // quadratic_class_bounds (from the sample) and class_complexity_bound (from parameters) are the same formula.
  InstanceOptions o;
  o.d = 6;
  o.m = 10;
  o.n = 50;
  o.seed = 8;
  const Instance<double> inst = generate_instance(o);
  const QuadraticBounds qb = quadratic_class_bounds(inst, 1.7, false);
  GeneralizationInputs p;
  p.cls = {FunctionClass::quadratic, 2};
  p.n = o.n;
  p.d = o.d;
  p.m = o.m;
  p.B = 1.7;
  p.Bx = qb.Bx;
  p.C = qb.C2;
  p.sigma_norm = std::min(qb.sigma_norm, qb.Bx * qb.Bx);
  EXPECT_NEAR(class_complexity_bound(p), qb.khintchine, 64 * u * qb.khintchine);
  const NtkBounds nb = ntk_class_bounds(inst, 1.7);
  p.cls = {FunctionClass::ntk, 1};
  p.C = nb.C1;
  EXPECT_NEAR(class_complexity_bound(p), nb.worst_case, 64 * u * nb.worst_case);
  const OrderKBounds ob = order_k_class_bounds(inst, 4, 1.7);
  p.cls = {FunctionClass::order_k, 4};
  p.C = ob.Ck;
  EXPECT_NEAR(class_complexity_bound(p), ob.flattening, 64 * u * ob.flattening);
}

RC_GTEST_PROP(TheoremG, MonotoneInNAndRequiredNIsTight, ()) {
  GeneralizationInputs p;
  const int kind = *uniform_in(0, 3);
  p.cls = kind == 0 ? ClassSpec{FunctionClass::quadratic, 2}
                    : (kind == 1 ? ClassSpec{FunctionClass::ntk, 1} : ClassSpec{FunctionClass::order_k, *uniform_in(3, 7)});
  p.n = *uniform_in(1, 100000);
  p.d = *uniform_in(1, 2000);
  p.m = *uniform_in(1, 1 << 20);
  p.B = *uniform_in(1, 1000) / 100.0;
  p.Bx = *uniform_in(1, 1000) / 100.0;
  p.C = *uniform_in(0, 500) / 100.0;
  p.L1 = *uniform_in(0, 300) / 100.0;
  p.delta = *uniform_in(1, 999) / 1000.0;
  p.loss_range = *uniform_in(0, 500) / 100.0;
  RC_LOG() << function_class_name(p.cls) << " n " << p.n << " d " << p.d << " m " << p.m << " B " << p.B << " Bx "
           << p.Bx << " C " << p.C << " L1 " << p.L1 << " delta " << p.delta << " M " << p.loss_range << "\n";
  const TheoremG g = theorem_g(p);
  RC_ASSERT(g.total == g.terms[0].value + g.terms[1].value);
  GeneralizationInputs q = p;
  q.n = p.n + *uniform_in(1, 100000);
  const TheoremG g2 = theorem_g(q);
  RC_ASSERT(g2.total <= g.total);
  RC_ASSERT(g2.terms[0].value <= g.terms[0].value);
  RC_ASSERT(g2.terms[1].value <= g.terms[1].value);
  // The required n: the bound is <= eps there and > eps at n - 1 (same function, same rounding).
  const double eps = g.total * *uniform_in(1, 2000) / 1000.0;  // 0.001 .. 2 times the current total
  if (!(eps > 0)) return;  // total 0 (L1 R = M = 0): every n works
  const SampleSize s = required_sample_size(p, eps);
  q.n = s.n;
  RC_ASSERT(theorem_g(q).total <= eps);
  RC_ASSERT(s.bound_at_n == theorem_g(q).total);
  if (s.n > 1) {
    q.n = s.n - 1;
    RC_ASSERT(theorem_g(q).total > eps);
    RC_ASSERT(s.bound_below == theorem_g(q).total);
  }
  // The §4.6 end-to-end n (complexity term only) never exceeds the n for the whole bound.
  RC_ASSERT(end_to_end_sample_size(p, eps) <= s.n * (1 + 1e-12));
}

TEST(TheoremG, ValidationNamesTheParameter) {
  const GeneralizationInputs ok = quadratic_inputs();
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  auto bad = [&](auto mutate) {
    GeneralizationInputs p = ok;
    mutate(p);
    return field_of([&] { theorem_g(p); });
  };
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.n = 0; }), "n");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.n = 2.5; }), "n");
  EXPECT_EQ(bad([&](GeneralizationInputs& p) { p.n = inf; }), "n");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.d = 0; }), "d");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.m = -3; }), "m");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.B = 0; }), "B");
  EXPECT_EQ(bad([&](GeneralizationInputs& p) { p.B = nan; }), "B");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.Bx = -1; }), "Bx");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.C = -0.1; }), "C2");
  EXPECT_EQ(bad([&](GeneralizationInputs& p) { p.C = inf; }), "C2");
  EXPECT_EQ(bad([](GeneralizationInputs& p) {
              p.cls = {FunctionClass::ntk, 1};
              p.C = -1;
            }),
            "C1");
  EXPECT_EQ(bad([](GeneralizationInputs& p) {
              p.cls = {FunctionClass::order_k, 3};
              p.C = -1;
            }),
            "Ck");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.cls = {FunctionClass::order_k, 2}; }), "order");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.L1 = -1; }), "L1");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.delta = 0; }), "delta");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.delta = 1; }), "delta");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.loss_range = -2; }), "loss_range");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.sigma_norm = 0; }), "sigma_norm");
  EXPECT_EQ(bad([](GeneralizationInputs& p) { p.sigma_norm = 1.5; }), "sigma_norm");  // > Bx^2 = 1
  EXPECT_EQ(field_of([&] { end_to_end_sample_size(ok, 0.0); }), "epsilon");
  EXPECT_EQ(field_of([&] { required_sample_size(ok, nan); }), "epsilon");
  // A target below what 2^53 samples reach.
  EXPECT_EQ(field_of([&] { required_sample_size(ok, 1e-12); }), "epsilon");
  // The message carries the value.
  try {
    GeneralizationInputs p = ok;
    p.delta = 1.5;
    theorem_g(p);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("1.5"), std::string::npos) << e.what();
  }
}
