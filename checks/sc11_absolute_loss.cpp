// SC-11 (SPEC §6.3; (C1) of §4.1 and its remark; P2-P4 of §3.2; reference values §6.6): the absolute loss
// ell(yhat, y) = |yhat - y| with labels y_i := E_Sigma f(x_i) (exact P2), on the instances of SC-10 (generic
// movement, sigma = sin + cos, d = 10, n = 4, rho = 1; sc10_instances.hpp). Since ell(E f(x_i), y_i) = 0,
//   L(W) - (1/n) sum_i ell(E_Sigma f(x_i), y_i) = (1/n) sum_i E|Z_i|,   Z_i = f_{W0+Sigma W}(x_i) - E_Sigma f(x_i)
//                                                                          = sum_r s_r b_ir,  b_ir = a_r delta_r(x_i)/sqrt m  (P4),
// a Rademacher sum with Var Z_i = sum_r b_ir^2 (P3). Prediction: E|Z_i| ~ sqrt(2 Var_i/pi) (CLT), i.e. slope -1/4,
// the rate of (C1): the first-order term L_1 E|f^(1)_{Sigma W}| of (C1)'s proof is attained up to sqrt(2/pi) at
// this kink, so (C1)'s m^{-1/4} is tight for Lipschitz losses (SPEC §4.1 remark).
//
// CLT correction [derived here]: Z_i is symmetric with excess kurtosis gamma_2 = -2 sum_r b_r^4 / (sum_r b_r^2)^2
// (P4: E Z^4 = 3 Var^2 - 2 sum b^4). The Edgeworth term (gamma_2/24) He_4 of the density changes E|Z| by
// (gamma_2/24) int |z| He_4(z) phi(z) dz = -(gamma_2/24) sqrt(2/pi) per unit sd, so
//   E|Z| = sqrt(2 Var/pi) (1 + kappa + O(m^{-2})),   kappa = sum_r b_r^4 / (12 (sum_r b_r^2)^2) = O(1/m)
// (~0.3/m here). The ratio E|Z| / sqrt(2 Var/pi) is tested against 1 with tolerance 4 Monte Carlo standard errors
// + 2 kappa (twice the first correction covers it and the O(m^{-2}) rest; the model is itself tested against exact
// enumeration at m = 16 and 20).
//
// Monte Carlo (SPEC: 4000 sign draws): per draw one sign vector s in {-1,+1}^m (64 signs per 64-bit word of the
// library Rng) and the n signed sums Z_i = sum_r s_r b_ir: O(nm) per draw after one O(nmd) precomputation of
// b = a delta / sqrt m (no forward pass). Estimator: control variate with the exactly known E Z_i^2 = sum_r b_ir^2,
//   |Z_i| - beta_i (Z_i^2 - sum_r b_ir^2),  beta_i = sqrt(2/pi) / (2 sqrt(Var_i))   (fixed, so exactly unbiased),
// whose variance is (1 - 3/pi) Var = 0.045 Var for a Gaussian Z instead of (1 - 2/pi) Var = 0.363 Var for plain
// |Z| (2.8x smaller s.e.); the plain estimate is kept alongside. Standard errors: over the draws of the per-draw
// sample mean (so the correlation between samples, which share Sigma, is included).
//
// Library: randomized_moments (P2/P3), Objective (randomized with enumeration and Monte Carlo; quadratic),
// taylor_term, mixed_norm, activation_sup_bound, Rng; fit_scaling; sweeps.

#include "check_util.hpp"
#include "scaling.hpp"
#include "sc10_instances.hpp"
#include "sweep.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>
#include <beyondlin/rng.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace beyondlin::checks {
namespace sc11 {  // this file's own scope, so that unity builds can combine files
namespace {

using json = nlohmann::ordered_json;
const char* kId = "SC-11";
const double kSqrt2OverPi = std::sqrt(2.0 / M_PI);

/// The SC-11 instance: SC-10's instance with the absolute loss and labels y_i = E_Sigma f(x_i) (P2), together with
/// b_ir = a_r delta_r(x_i) / sqrt m (row-major n x m) and the exact variances.
struct AbsInstance {
  Instance<double> inst;
  RowMatrix<double> b;          ///< n x m
  Vector<double> var;           ///< Var_Sigma f(x_i) by P3 (library)
  Vector<double> sum_b2, sum_b4;
  Vector<double> g;             ///< f_W0 + f^Q_W
  Vector<double> f_scale;       ///< natural magnitude of f: m^{-1/2} sum_r (|sigma(t+u)| + |sigma(t-u)|)/2
};

AbsInstance abs_instance(std::uint64_t seed, int m) {
  AbsInstance A;
  A.inst = sc10::instance(seed, m, Loss::absolute);
  const SignMoments<double> mom = randomized_moments(A.inst, A.inst.W);
  A.inst.y = mom.mean;
  A.var = mom.var;
  const NeuronView<double> v = neuron_view(A.inst, A.inst.W, 0);
  const Matrix<double> sp = shifted_activation(A.inst, v, +1), sm = shifted_activation(A.inst, v, -1);
  const double sqm = std::sqrt(static_cast<double>(m));
  A.b = RowMatrix<double>(((sp - sm) / (2.0 * sqm)) * A.inst.a.asDiagonal());
  A.sum_b2 = compensated_row_sums(Matrix<double>(A.b.array().square().matrix()));
  A.sum_b4 = compensated_row_sums(Matrix<double>(A.b.array().square().square().matrix()));
  A.g = taylor_term(A.inst, A.inst.W, 0) + taylor_term(A.inst, A.inst.W, 2);
  A.f_scale = abs_neuron_sum(Matrix<double>((sp.cwiseAbs() + sm.cwiseAbs()) / 2.0));
  return A;
}

/// Mean and standard error of a stream (Welford).
struct Running {
  long k = 0;
  double mean = 0, m2 = 0;
  void add(double x) {
    ++k;
    const double d = x - mean;
    mean += d / static_cast<double>(k);
    m2 += d * (x - mean);
  }
  double se() const {
    if (k < 2) return std::numeric_limits<double>::quiet_NaN();
    return std::sqrt(m2 / static_cast<double>(k - 1) / static_cast<double>(k));
  }
};

/// Monte Carlo over K sign draws: per-draw sample means of |Z_i| (plain) and of the control-variate estimator.
/// Cost O(K n m). The signed sums are Eigen dot products (plain double, packet partial sums): their rounding error,
/// <= m u sum_r |b_r| ~ 1e-9 sqrt(Var) at m = 2^20, is far below the statistical error.
struct McResult {
  Running plain, cv;
};

McResult monte_carlo(const AbsInstance& A, long draws, std::uint64_t seed) {
  const Eigen::Index n = A.b.rows(), m = A.b.cols();
  Rng rng(seed);
  Eigen::RowVectorXd s(m);
  std::vector<double> beta(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) beta[i] = kSqrt2OverPi / (2.0 * std::sqrt(A.sum_b2(i)));
  McResult R;
  for (long k = 0; k < draws; ++k) {
    for (Eigen::Index r0 = 0; r0 < m; r0 += 64) {
      const std::uint64_t bits = rng.bits();
      const Eigen::Index len = std::min<Eigen::Index>(64, m - r0);
      for (Eigen::Index j = 0; j < len; ++j) s[r0 + j] = 1.0 - 2.0 * static_cast<double>((bits >> j) & 1u);
    }
    double plain = 0, cv = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double z = A.b.row(i).dot(s);  // contiguous row: Eigen's vectorized reduction, fixed order
      plain += std::abs(z);
      cv += std::abs(z) - beta[i] * (z * z - A.sum_b2(i));
    }
    R.plain.add(plain / static_cast<double>(n));
    R.cv.add(cv / static_cast<double>(n));
  }
  return R;
}

/// Exact E|Z_i| by enumerating all 2^m sign patterns (m <= 20), compensated sums. Cost O(2^m n m).
Vector<double> enumerate_abs_z(const AbsInstance& A) {
  const Eigen::Index n = A.b.rows(), m = A.b.cols();
  std::vector<CompensatedSum<double>> acc(static_cast<std::size_t>(n));
  const std::uint64_t count = std::uint64_t(1) << m;
  for (std::uint64_t p = 0; p < count; ++p)
    for (Eigen::Index i = 0; i < n; ++i) {
      double z = 0;
      for (Eigen::Index r = 0; r < m; ++r) z += ((p >> r) & 1u) ? -A.b(i, r) : A.b(i, r);
      acc[i].add(std::abs(z));
    }
  Vector<double> e(n);
  for (Eigen::Index i = 0; i < n; ++i) e(i) = acc[i].value() / static_cast<double>(count);
  return e;
}

double mean_of(const Vector<double>& v) { return compensated_sum(v) / static_cast<double>(v.size()); }

/// (1/n) sum_i sqrt(2 Var_i / pi) and the same with the Edgeworth factor (1 + kappa_i).
std::pair<double, double> clt_prediction(const AbsInstance& A) {
  const Eigen::Index n = A.var.size();
  double p = 0, pc = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double base = kSqrt2OverPi * std::sqrt(A.var(i));
    const double kappa = A.sum_b4(i) / (12.0 * A.sum_b2(i) * A.sum_b2(i));
    p += base / n;
    pc += base * (1 + kappa) / n;
  }
  return {p, pc};
}

/// (C1) with L_1 = 1 (absolute loss): (C_1 B_x B + C_3 B_x^3 B^3 / 6) m^{-1/4}.
double c1_bound(const Instance<double>& inst) {
  const double B = mixed_norm(inst.W, 4.0), Bx = input_norm_bound(inst.X), m = static_cast<double>(inst.m());
  const double C1 = activation_sup_bound(inst.activation, 1), C3 = activation_sup_bound(inst.activation, 3);
  return loss_sup_derivative(Loss::absolute, 1) * (C1 * Bx * B + C3 * std::pow(Bx * B, 3) / 6.0) * std::pow(m, -0.25);
}

/// One sweep point (seed, m, draws): Monte Carlo E|Z| and everything compared with it. Cost O(nmd + K n m).
json sc11_point(std::uint64_t inst_seed, int m, long draws, std::uint64_t mc_seed) {
  const AbsInstance A = abs_instance(inst_seed, m);
  const McResult R = monte_carlo(A, draws, mc_seed);
  const auto [pred, pred_corr] = clt_prediction(A);
  double lq = 0, sqrt_var = 0;
  for (Eigen::Index i = 0; i < A.g.size(); ++i) {
    lq += std::abs(A.g(i) - A.inst.y(i)) / A.g.size();  // L^Q = (1/n) sum_i |f_W0 + f^Q - E f| = O(m^{-1})
    sqrt_var += std::sqrt(A.var(i)) / A.g.size();
  }
  json r;
  r["E_abs_Z"] = R.cv.mean;
  r["se"] = R.cv.se();
  r["E_abs_Z_plain"] = R.plain.mean;
  r["se_plain"] = R.plain.se();
  r["clt"] = pred;
  r["clt_edgeworth"] = pred_corr;
  r["mean_sqrt_var"] = sqrt_var;
  r["LQ"] = lq;
  r["C1"] = c1_bound(A.inst);
  r["draws"] = draws;
  return r;
}

std::string where_of(std::uint64_t seed, int m) {
  return describe(sc10::options(seed, m, Loss::absolute)) + ", labels y_i = E_Sigma f(x_i)";
}

/// Small widths: the identity L - (1/n) sum ell(E f, y) = (1/n) sum E|Z_i| against the library's enumerated L,
/// Monte Carlo against exact enumeration, the Edgeworth tolerance model against exact values, and the library's
/// Monte Carlo L at m = 256 against this check's estimator.
void check_small_widths(const CheckContext& ctx, long draws, MeasurementSet& ms, CheckResult& res) {
  const std::string mc_basis = "Monte Carlo: |estimate - exact| <= 4 standard errors (two-sided normal tail 6e-5 per comparison)";
  json edge = json::array();
  for (int s = 0; s < 2; ++s)
    for (int m : {8, 12, 16, 20}) {
      const std::uint64_t seed = ctx.sub_seed(kId, 9000 + static_cast<std::uint64_t>(s));
      const AbsInstance A = abs_instance(seed, m);
      const Vector<double> exact = enumerate_abs_z(A);
      const double ez = mean_of(exact);
      const std::string where = where_of(seed, m);
      if (m <= 16) {  // library enumeration limit (objective.hpp)
        ObjectiveSpec rs;
        rs.kind = ObjectiveKind::randomized;
        rs.method = RandomizedMethod::enumeration;
        const Objective<double> L(A.inst, rs);
        const Vector<double> w = Objective<double>::flatten(A.inst.W);
        const double lval = L.data_value(w);
        double ell_F = 0;  // (1/n) sum_i ell(E f(x_i), y_i) = 0 by the choice of labels
        for (Eigen::Index i = 0; i < A.inst.n(); ++i) ell_F += loss_value(Loss::absolute, A.inst.y(i), A.inst.y(i)) / A.inst.n();
        ms.equal("L - (1/n) sum_i ell(E f(x_i), y_i) [library, all 2^m patterns] = (1/n) sum_i E|Z_i| [signed sums "
                 "sum_r s_r a_r delta_r/sqrt m, all patterns], / mean_i natural magnitude of f",
                 ez, lval - ell_F, mean_of(A.f_scale), kIdentityTol,
                 identity_basis<double>() + "; P4: f - E f = m^{-1/2} sum_r a_r s_r delta_r for every pattern", where);
      }
      const McResult R = monte_carlo(A, draws, ctx.sub_seed(kId, 9100 + 16 * static_cast<std::uint64_t>(s) + m));
      ms.equal("Monte Carlo (control variate) (1/n) sum E|Z_i| = exact enumeration, error / 4 s.e.", ez, R.cv.mean, 4 * R.cv.se(),
               1.0, mc_basis, where + ", " + std::to_string(draws) + " draws");
      ms.equal("Monte Carlo (plain) (1/n) sum E|Z_i| = exact enumeration, error / 4 s.e.", ez, R.plain.mean, 4 * R.plain.se(),
               1.0, mc_basis, where + ", " + std::to_string(draws) + " draws");
      // Edgeworth model: ratio - 1 = kappa + O(m^{-2}); the tolerance model at Monte Carlo widths is 2 kappa
      if (m >= 16)
        for (Eigen::Index i = 0; i < A.inst.n(); ++i) {
          const double base = kSqrt2OverPi * std::sqrt(A.var(i));
          const double kappa = A.sum_b4(i) / (12.0 * A.sum_b2(i) * A.sum_b2(i));
          const double ratio = exact(i) / base;
          ms.at_most("exact E|Z_i| / sqrt(2 Var_i/pi) - 1 <= 2 kappa_i (the CLT tolerance model used at Monte Carlo widths)",
                     std::abs(ratio - 1), 2 * kappa, 0.0,
                     "tolerance model of the ratio test (file comment): first Edgeworth correction kappa = sum b^4/(12 (sum "
                     "b^2)^2), allowance 2 kappa; tested here where E|Z| is exact",
                     where + ", sample " + std::to_string(i));
          edge.push_back({{"m", m}, {"seed", s}, {"sample", i}, {"ratio_minus_1", ratio - 1}, {"kappa", kappa},
                          {"ratio_minus_1_minus_kappa", ratio - 1 - kappa}});
        }
    }
  res.parameters["edgeworth_check_exact"] = edge;

  // library Monte Carlo L versus this check's estimator (m = 256)
  const int m = 256;
  const long pairs = ctx.pick(500L, 2000L, 4000L);
  const std::uint64_t seed = ctx.sub_seed(kId, 9500);
  const AbsInstance A = abs_instance(seed, m);
  ObjectiveSpec rs;
  rs.kind = ObjectiveKind::randomized;
  rs.method = RandomizedMethod::monte_carlo;
  rs.mc_pairs = pairs;
  rs.seed = ctx.sub_seed(kId, 9501);
  const Objective<double> L(A.inst, rs);
  const ValueWithError<double> lv = L.value_with_error(Objective<double>::flatten(A.inst.W));
  const McResult R = monte_carlo(A, draws, ctx.sub_seed(kId, 9502));
  const double comb = std::sqrt(lv.stderr_ * lv.stderr_ + R.cv.se() * R.cv.se());
  ms.equal("library Monte Carlo L (antithetic pairs, forward passes) = (1/n) sum E|Z_i| (signed sums, control variate), error / "
           "4 combined s.e.",
           R.cv.mean, lv.value, 4 * comb, 1.0,
           "two independent unbiased estimators of the same L: |difference| <= 4 sqrt(se_1^2 + se_2^2)",
           where_of(seed, m) + ", " + std::to_string(pairs) + " pairs vs " + std::to_string(draws) + " draws");
  res.parameters["library_mc_check"] = {{"m", m}, {"library_L", lv.value}, {"library_se", lv.stderr_},
                                        {"signed_sum_estimate", R.cv.mean}, {"signed_sum_se", R.cv.se()}};
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>(
      {1 << 8, 1 << 10, 1 << 12}, {1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16},
      {1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18});
  const int seeds = ctx.pick(4, 10, 20);
  const long draws = ctx.pick(1000L, 4000L, 4000L);
  const double tail_min = ctx.pick<double>(1 << 10, 1 << 14, 1 << 14);

  check_small_widths(ctx, draws, ms, res);

  // ---- the (seed, m) grid: one sweep ---------------------------------------------------------------
  std::vector<SweepTask> tasks;
  for (int s = 0; s < seeds; ++s)
    for (int m : widths) {
      const std::uint64_t inst_seed = ctx.sub_seed(sc10::kInstanceId, static_cast<std::uint64_t>(s));
      const std::uint64_t mc_seed = ctx.sub_seed(kId, (static_cast<std::uint64_t>(s) << 32) | static_cast<std::uint64_t>(m));
      tasks.push_back({"seed=" + std::to_string(s) + " m=" + std::to_string(m) + " draws=" + std::to_string(draws),
                       static_cast<double>(m) * sc10::kSamples * (draws + sc10::kDim),
                       [inst_seed, m, draws, mc_seed] { return sc11_point(inst_seed, m, draws, mc_seed); }});
    }
  const std::vector<json> pts = ctx.sweep("SC-11 absolute loss, E|Z| by signed sums (SC-10 instances)", std::move(tasks));

  const std::size_t K = widths.size();
  std::vector<std::vector<double>> ez(seeds, std::vector<double>(K)), c1(seeds, std::vector<double>(K));
  std::vector<double> ratio(K), ratio_se(K), kappa(K), ratio_plain(K), over_sqrt_var(K, 0), over_c1(K, 0), rel_se(K, 0);
  for (std::size_t k = 0; k < K; ++k) {
    double sum_ez = 0, sum_ez_plain = 0, sum_pred = 0, sum_pred_corr = 0, sum_var_se = 0;
    for (int s = 0; s < seeds; ++s) {
      const json& p = pts[static_cast<std::size_t>(s) * K + k];
      const double e = p["E_abs_Z"], se = p["se"], lq = p["LQ"], bound = p["C1"];
      ez[s][k] = e;
      c1[s][k] = bound;
      sum_ez += e;
      sum_ez_plain += double(p["E_abs_Z_plain"]);
      sum_pred += double(p["clt"]);
      sum_pred_corr += double(p["clt_edgeworth"]);
      sum_var_se += se * se;
      over_sqrt_var[k] += e / double(p["mean_sqrt_var"]) / seeds;
      over_c1[k] += e / bound / seeds;
      rel_se[k] += se / e / seeds;
      // L = (1/n) sum E|Z_i| by definition (labels E f); L^Q = (1/n) sum |g_i - E f(x_i)|
      ms.at_most("(C1), absolute loss (L_1 = 1): |L - L^Q| + 3 s.e. <= (C_1 B_x B + C_3 B_x^3 B^3/6) m^{-1/4}",
                 std::abs(e - lq) + 3 * se, bound, kInequalityTol,
                 inequality_basis() + "; L is the Monte Carlo estimate of (1/n) sum E|Z_i| (+3 s.e.: can only make a pass harder)",
                 where_of(ctx.sub_seed(sc10::kInstanceId, s), widths[k]) + ", " + std::to_string(draws) + " draws");
    }
    ratio[k] = sum_ez / sum_pred;
    ratio_plain[k] = sum_ez_plain / sum_pred;
    ratio_se[k] = std::sqrt(sum_var_se) / sum_pred;
    kappa[k] = (sum_pred_corr - sum_pred) / sum_pred;
    ms.equal("sum_seeds (1/n) sum_i E|Z_i| / sum_seeds (1/n) sum_i sqrt(2 Var_i/pi) = 1 (CLT)", 1.0, ratio[k], 1.0,
             4 * ratio_se[k] + 2 * kappa[k],
             "4 Monte Carlo standard errors of the pooled ratio (" + fmt(ratio_se[k]) + ") + 2 kappa (" + fmt(2 * kappa[k]) +
                 "): kappa = sum b^4/(12 (sum b^2)^2) is the first Edgeworth correction (Rademacher-sum kurtosis, O(1/m); "
                 "file comment), doubled to cover the O(m^{-2}) rest (validated by enumeration at m = 16, 20); Var exact by P3",
             "m = " + std::to_string(widths[k]) + ", " + std::to_string(seeds) + " seeds x " + std::to_string(sc10::kSamples) +
                 " samples, " + std::to_string(draws) + " draws each");
  }

  const std::vector<double> x(widths.begin(), widths.end());
  const double pref = kSqrt2OverPi * std::sqrt(sc10::variance_prefactor());
  ScalingLaw law = fit_scaling("(1/n) sum_i E|Z_i|", "m", x, ez, -0.25, pref, tail_min);
  add_slope_measurement(ms, law, 0.03,
                        "SPEC §6.3: accept slope within +-0.03 of the predicted -1/4 (E|Z| ~ sqrt(2 Var/pi), Var ~ m^{-1/2})");
  add_prefactor_measurement(ms, law, 0.03,
                            "SPEC §6.3 acceptance (prefactor within 3% for m >= 2^14; quick: top two widths). Constant "
                            "[derived here]: sqrt(2/pi) sqrt(rho^2 E[sigma'(G)^2]/d) = sqrt(0.2/pi) = 0.2523 (SC-10's variance "
                            "constant; Jensen and Edgeworth corrections < 0.1% at m >= 2^10)");
  // (C1)'s rate is attained: the ratio to the (C1) bound (L_1 = 1) does not decay
  std::vector<std::vector<double>> to_c1(seeds, std::vector<double>(K));
  for (int s = 0; s < seeds; ++s)
    for (std::size_t k = 0; k < K; ++k) to_c1[s][k] = ez[s][k] / c1[s][k];
  ScalingLaw tight = fit_scaling("(1/n) sum_i E|Z_i| / (C1 bound)", "m", x, to_c1, 0.0,
                                std::numeric_limits<double>::quiet_NaN(), tail_min);
  add_slope_measurement(ms, tight, 0.03,
                        "SPEC §6.3 SC-11 ('shows (C1)'s rate is tight for Lipschitz losses'): the measured gap over the (C1) "
                        "bound has slope 0 if and only if the gap decays at (C1)'s rate m^{-1/4}; SPEC's slope acceptance +-0.03");
  res.laws = {law, tight};
  Figure fig = scaling_figure(res.laws, "figures/SC-11.svg", "SC-11: absolute loss, L - sum ell(E f, y)/n = mean E|Z|",
                              "(1/n) sum E|Z_i|  and its ratio to (C1)",
                              "Monte Carlo (1/n) sum E|Z_i| (mean over seeds, +-1 s.e.) with the predicted m^{-1/4} line "
                              "sqrt(2 Var/pi); its ratio to the (C1) bound (L_1 = 1) with the predicted flat line; and the (C1) "
                              "bound itself, which has the same rate.");
  fig.series.push_back(mean_line("(C1) bound, L_1 = 1", x, c1));
  res.figures.push_back(fig);

  res.parameters["d"] = sc10::kDim;
  res.parameters["n"] = sc10::kSamples;
  res.parameters["rho"] = sc10::kRho;
  res.parameters["activation"] = "sincos";
  res.parameters["loss"] = "absolute, labels y_i = E_Sigma f(x_i) (P2)";
  res.parameters["movement"] = "generic (SC-10 instances)";
  res.parameters["widths"] = widths;
  res.parameters["seeds"] = seeds;
  res.parameters["sign_draws"] = draws;
  res.parameters["estimator"] = "control variate |Z| - beta (Z^2 - Var), beta = sqrt(2/pi)/(2 sqrt Var)";
  res.parameters["mean_E_abs_Z"] = law.mean;
  res.parameters["pooled_ratio_to_sqrt_2Var_over_pi"] = ratio;
  res.parameters["pooled_ratio_plain_estimator"] = ratio_plain;
  res.parameters["pooled_ratio_se"] = ratio_se;
  res.parameters["edgeworth_kappa"] = kappa;
  res.parameters["mean_relative_se_per_point"] = rel_se;
  res.parameters["E_abs_Z_over_sqrt_Var"] = over_sqrt_var;
  res.parameters["E_abs_Z_over_C1_bound"] = over_c1;
  res.measurements = ms.list();
  res.notes.push_back("(1/n) sum E|Z_i| = " + fmt(law.mean.front()) + " -> " + fmt(law.mean.back()) + " for m = " +
                      std::to_string(widths.front()) + " -> " + std::to_string(widths.back()) + ", slope " + fmt(law.slope) +
                      " (95% CI [" + fmt(law.slope_ci_lo) + ", " + fmt(law.slope_ci_hi) + "]). SPEC §6.6 (same instances as "
                      "its SC-10, 4000 draws): E|Z| = 0.0622 -> 0.0158, slope -0.248, within 1% of sqrt(2 Var/pi).");
  std::string rs;
  for (std::size_t k = 0; k < K; ++k)
    rs += (k ? ", " : "") + fmt(ratio[k]) + " +- " + fmt(ratio_se[k]) + " (kappa " + fmt(kappa[k]) + ")";
  res.notes.push_back("Pooled E|Z| / sqrt(2 Var/pi) per width: " + rs + ". The Edgeworth correction kappa ~ 0.3/m is below the "
                      "Monte Carlo resolution at these widths.");
  res.notes.push_back("Tightness of (C1) for Lipschitz losses: E|Z| / sqrt(Var) = " + fmt(over_sqrt_var.front()) + " -> " +
                      fmt(over_sqrt_var.back()) + " (sqrt(2/pi) = 0.7979: the first-order term L_1 sqrt(V) of (C1)'s proof is "
                      "attained up to this constant), and E|Z| / (C1 bound) = " + fmt(over_c1.front()) + " -> " +
                      fmt(over_c1.back()) + ": constant in m, so (C1)'s m^{-1/4} rate is attained (its constant is loose by "
                      "the factor (C_1 + C_3/6) B / (sqrt(2/pi) sqrt(rho^2/d)) from the worst case |w_r^T x| = ||w_r||).");
  return res;
}

}  // namespace
}  // namespace sc11

Check check_sc11_absolute_loss() {
  return {{sc11::kId, "Absolute loss at the kink: (C1)'s m^{-1/4} rate is attained",
           "§6.3 SC-11; §4.1 (C1) and remark; §3.2 (P2-P4); §6.6",
           "[derived ✓] (§4.1 remark, P2-P4); (C1) [reconstructed, verify] with [derived] proof",
           "For the absolute loss with labels y_i = E_Sigma f(x_i), L(W) - (1/n) sum_i ell(E f(x_i), y_i) = (1/n) sum_i "
           "E|Z_i| decays like m^{-1/4} with E|Z| ~ sqrt(2 Var/pi) (CLT): (C1)'s rate is tight for Lipschitz losses."},
          sc11::run};
}

}  // namespace beyondlin::checks
