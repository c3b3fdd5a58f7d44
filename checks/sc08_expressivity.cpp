// SC-8 (SPEC §4.5 Theorem E, §6.3, §6.6): the expressivity construction E1 + E2 for f_*(x) = alpha (beta^T x)^p
// (alpha = 0.7, ||beta|| = 1.3, p = 4, d = 8, sincos, unit x: the SPEC §6.6 set-up) has fit error
// |f^Q_{W*} - f_*| = O_P(m^{-1/2}) (log-log slope -1/2) and ||W*||_{2,4}^4 -> 8 alpha^2 ||beta||^{2p} / c_{p-2}^2.
//
// What is exact and what is statistical. Over the random init W0 the construction is unbiased for unit x and
// its squared error has the exact mean E[(f^Q - f_*)^2] = 2 Var(X)/m at every m (library expected_fit_mse, from
// the 2-D Gauss-Hermite rule), and ||W*||^4 = (16/m) sum_p h(w_p)^2 ||beta||^4 has mean 8 alpha^2 ||beta||^{2p}/c^2
// (the limit itself) and standard deviation sqrt((E h_k^4 - 1) * 2/m) relative (library norm24_4_std). The check
// draws S seeds per width, pools, and compares with these laws using standard errors estimated from the seeds:
//  - slope of log(pooled rms fit error) vs log m (weighted least squares, weights 1/se^2 of each log, se from
//    the seed-to-seed spread): accept |slope + 1/2| <= max(0.03, 4 se_slope): SPEC §6.3's +-0.03, widened to
//    4 estimated standard errors when the sample cannot resolve 0.03. Four, not three: the per-seed mean squares
//    are heavy-tailed (relative sd ~0.9, a few effective degrees of freedom), and across 8 check seeds the
//    spread of the slope was ~1.25x the estimated se, so 4 estimated se is ~3.2 true se (two-sided ~1e-3);
//  - pooled mean square / exact E[MSE] = 1 within 5 estimated standard errors at each m (the prefactor,
//    exactly; 5 for the same heavy tails and the 5-10 widths and targets tested);
//  - the mean over seeds of ||W*||^4 equals the limit within 4 standard errors (Monte Carlo O(m^{-1/2}), the
//    exact std = norm24_4_std / sqrt(S)), and the rms relative gap shrinks with slope -1/2: its square
//    estimates the exact variance (norm24_4_std / limit)^2 ~ 1/m, and the standard error of each log is exact
//    too, from E h_k^8 (the fourth moment of the mean of M i.i.d. h_k^2: E z^4 = 3 + (kappa - 3)/M), so that
//    slope uses max(0.03, 4 se) with a calibrated se;
//  - the limit equals SPEC §6.6's 173.84 (printed to 5 digits).
// Other targets (sum of three powers, x_1 x_2 on the cube, rank-3 quadratic form): pooled MSE / exact MSE
// and the derived norm constants (expressivity.hpp).
// Framework: the (m, seed) grid and the other targets' seeds are sweeps (sweep.hpp, one point per instance); the mean
// square error, ||W*||^4 and its squared relative gap are ScalingLaws (fit_scaling, jackknife over the seeds) with a
// figure each. The acceptance is unchanged (the weighted fits and per-width comparisons above).

#include "check_util.hpp"
#include "scaling.hpp"
#include "sweep.hpp"

#include <beyondlin/expressivity.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace beyondlin::checks {
namespace sc08 {  // this file's own scope, so that unity builds can combine files
namespace {

using json = nlohmann::ordered_json;

const char* kId = "SC-8";
/// Sweep of the power target f_* = 0.7 (beta^T x)^4 (||beta|| = 1.3, beta from sub-seed 0), d = 8, n = 16, sincos.
const char* kSweepPower = "SC-8 power target (alpha=0.7, |beta|=1.3, p=4, d=8, n=16, sincos, symmetric init)";
/// Sweep of the other targets (sum of powers, x_1 x_2 on the cube, rank-3 quadratic form), d = 8, n = 16, sincos.
const char* kSweepOther = "SC-8 other targets (d=8, n=16, sincos, symmetric init)";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double sd_of(const std::vector<double>& v) {
  const double mu = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - mu) * (x - mu);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

/// Weighted least-squares line y = a + b x with weights 1/sigma^2: slope b, its standard error, and the
/// chi-square of the residuals (about n - 2 when the sigmas are right).
struct Fit {
  double slope = 0, se = 0, chi2 = 0;
};

Fit weighted_fit(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& sigma) {
  double sw = 0, sx = 0, sy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double w = 1 / (sigma[i] * sigma[i]);
    sw += w;
    sx += w * x[i];
    sy += w * y[i];
  }
  const double xb = sx / sw, yb = sy / sw;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double w = 1 / (sigma[i] * sigma[i]);
    sxx += w * (x[i] - xb) * (x[i] - xb);
    sxy += w * (x[i] - xb) * (y[i] - yb);
  }
  Fit f;
  f.slope = sxy / sxx;
  f.se = 1 / std::sqrt(sxx);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double r = (y[i] - (yb + f.slope * (x[i] - xb))) / sigma[i];
    f.chi2 += r * r;
  }
  return f;
}

/// Per-width results pooled over seeds.
struct WidthStats {
  int m = 0;
  std::vector<double> mse;        ///< per seed: mean_i (f^Q - f_*)^2
  std::vector<double> mse_ratio;  ///< per seed: sum_i (f^Q - f_*)^2 / sum_i E[(f^Q - f_*)^2]
  std::vector<double> norm4;      ///< per seed: ||W*||^4
  std::vector<double> gap2;       ///< per seed: (||W*||^4 / limit - 1)^2
  double expected_mse = 0;        ///< mean over seeds and samples of the exact E[MSE]
  double norm_std = 0;            ///< norm24_4_std (the same for every seed)
  double limit = 0;
};

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const int d = 8, p = 4, n = 16;
  const double alpha = 0.7, beta_norm = 1.3;
  const std::vector<int> log2m = ctx.pick<std::vector<int>>({6, 8, 10}, {8, 10, 12, 14, 16}, {8, 10, 12, 14, 16, 18, 20});
  const int S = ctx.pick(48, 128, 96);
  const Vector<double> beta = beta_norm * random_orthonormal_columns(d, 1, ctx.sub_seed(kId, 0)).col(0);
  const ExpressTarget target = power_target(alpha, beta, p);
  ExpressOptions opt;  // c_2 in 50 digits (the sincos closed form), exact MSE with the 64 x 64 rule
  const std::vector<HermiteCoefficient<double>> coef = express_coefficients(Activation::sincos, target, opt);
  // Kurtosis of Y = h_k(G)^2 - 1 (k = p - 2) from E h^4, E h^6, E h^8 (Gauss-Hermite, exact for degree 8k).
  double kappa_y = 0;
  {
    const GaussHermiteRule<double> rule = gauss_hermite_rule<double>(4 * (p - 2) + 2);
    auto moment = [&](int e) {
      return gauss_hermite_expectation(rule, [&](double z) { return std::pow(hermite_normalized<double>(p - 2, z), e); });
    };
    const double e4 = moment(4), e6 = moment(6), e8 = moment(8);
    kappa_y = (e8 - 4 * e6 + 6 * e4 - 3) / ((e4 - 1) * (e4 - 1));
  }

  // The (m, seed) grid of the power target: one sweep point per pair (cost ~ m n d). Instance seed: the check's
  // sub-seed 1000 log2(m) + s, as before the sweep framework.
  std::vector<SweepTask> tasks;
  for (int lm : log2m)
    for (int s = 0; s < S; ++s) {
      InstanceOptions o = make_options(d, 1 << lm, n, Activation::sincos, ctx.sub_seed(kId, 1000 * lm + s), "zero");
      o.target = "zero";
      tasks.push_back({"m=" + std::to_string(1 << lm) + " seed=" + std::to_string(s), double(1 << lm) * n * d,
                       [o, target, coef, opt]() -> json {
                         const ExpressivityResult r = express(generate_instance(o), target, coef, opt);
                         const Vector<double> e = r.f_q - r.f_star;
                         return json{{"mse", e.squaredNorm() / o.n},
                                     {"mse_ratio", e.squaredNorm() / r.expected_mse.sum()},
                                     {"norm24_4", r.norm24_4},
                                     {"gap2", std::pow(r.norm24_4 / r.predicted_limit - 1.0, 2)},
                                     {"expected_mse", r.expected_mse.mean()},
                                     {"norm24_4_std", r.norm24_4_std},
                                     {"limit", r.predicted_limit}};
                       }});
    }
  const std::vector<json> points = ctx.sweep(kSweepPower, std::move(tasks));
  std::vector<WidthStats> stats;
  std::size_t t = 0;
  for (int lm : log2m) {
    WidthStats w;
    w.m = 1 << lm;
    double emse = 0;
    for (int s = 0; s < S; ++s) {
      const json& r = points[t++];
      w.mse.push_back(r.at("mse").get<double>());
      w.mse_ratio.push_back(r.at("mse_ratio").get<double>());
      w.norm4.push_back(r.at("norm24_4").get<double>());
      w.gap2.push_back(r.at("gap2").get<double>());
      emse += r.at("expected_mse").get<double>();
      w.norm_std = r.at("norm24_4_std").get<double>();
      w.limit = r.at("limit").get<double>();
    }
    w.expected_mse = emse / S;
    ctx.log("SC-8: m = 2^" + std::to_string(lm) + ": rms fit error " + fmt(std::sqrt(mean_of(w.mse))) +
            " (exact " + fmt(std::sqrt(w.expected_mse)) + "), mean ||W*||^4 " + fmt(mean_of(w.norm4)) + " vs limit " +
            fmt(w.limit));
    stats.push_back(std::move(w));
  }
  const double limit = stats[0].limit;

  // 1. fit error slope: y = log rms = (1/2) log(pooled mean square), se(y) = (1/2) se(mse)/mse.
  std::vector<double> xs, ys, sig, yg, sigg;
  nlohmann::ordered_json table = nlohmann::ordered_json::array();
  double worst_ratio_z = 0;
  for (const WidthStats& w : stats) {
    const double mse = mean_of(w.mse), se = sd_of(w.mse) / std::sqrt(double(S));
    xs.push_back(std::log(double(w.m)));
    ys.push_back(0.5 * std::log(mse));
    sig.push_back(0.5 * se / mse);
    // exact: E gap^2 = (std/limit)^2, Var(gap^2)/(E gap^2)^2 = E z^4 - 1 = 2 + (kappa_Y - 3)/M
    const double g2 = mean_of(w.gap2);
    const double ez4 = 3.0 + (kappa_y - 3.0) / (w.m / 2);
    yg.push_back(0.5 * std::log(g2));
    sigg.push_back(0.5 * std::sqrt((ez4 - 1.0) / S));
    // 2. prefactor: pooled squared error / exact E[MSE]
    const double ratio = mean_of(w.mse_ratio), ratio_se = sd_of(w.mse_ratio) / std::sqrt(double(S));
    ms.equal_error("fit error: pooled mean square / exact E[(f^Q - f_*)^2] (per m), |ratio - 1| / (5 s.e.)", 1.0, ratio,
                   std::abs(ratio - 1.0) / (5 * ratio_se), 1.0,
                   "exact finite-m mean of the squared error (expected_fit_mse: 2 Var X / m by the 64x64 Gauss-Hermite "
                   "rule) vs its Monte Carlo estimate over the seeds; 5 standard errors of the mean over S seeds, "
                   "estimated from the heavy-tailed per-seed ratios (relative sd ~0.9), which underestimate it by up "
                   "to ~25%",
                   "m = " + std::to_string(w.m) + ", S = " + std::to_string(S) + " seeds x " + std::to_string(n) +
                       " samples, ratio s.e. " + fmt(ratio_se));
    worst_ratio_z = std::max(worst_ratio_z, std::abs(ratio - 1.0) / ratio_se);
    // 3. norm mean vs limit
    const double nm = mean_of(w.norm4), nse = w.norm_std / std::sqrt(double(S));
    ms.equal_error("||W*||_{2,4}^4: mean over seeds vs limit 8 alpha^2 ||beta||^8 / c_2^2, |gap| / (4 s.e.)", limit, nm,
                   std::abs(nm - limit) / (4 * nse), 1.0,
                   "E||W*||^4 equals the limit at every m for one term (E h_k^2 = 1, SPEC §4.5 E1); the Monte Carlo "
                   "standard error is norm24_4_std / sqrt(S) with norm24_4_std = limit sqrt(2 (E h_2^4 - 1) / m) = "
                   "limit sqrt(28/m) exact (E h_2^4 = 15); 4 standard errors",
                   "m = " + std::to_string(w.m) + ", mean " + fmt(nm) + ", s.e. " + fmt(nse));
    table.push_back({{"m", w.m},
                     {"rms_fit_error", std::sqrt(mse)},
                     {"exact_rms_fit_error", std::sqrt(w.expected_mse)},
                     {"mse_ratio", ratio},
                     {"mse_ratio_se", ratio_se},
                     {"mean_norm24_4", nm},
                     {"norm24_4_se", nse},
                     {"norm24_4_std_one_seed", w.norm_std},
                     {"rms_relative_norm_gap", std::sqrt(g2)},
                     {"predicted_rms_relative_norm_gap", w.norm_std / limit}});
  }
  const Fit fit = weighted_fit(xs, ys, sig);
  const double tol_fit = std::max(0.03, 4 * fit.se);
  // The laws (fit_scaling: unweighted log-log least squares of the seed means, jackknife 95% intervals over the S
  // seeds; prefactor at the predicted exponent over m >= 2^14, SPEC §6.3's tail, or the largest m when smaller).
  // The seed mean of the per-seed mean squares is the pooled mean square above (the same sum, then / S), so half
  // the first law's slope is the unweighted slope of the log rms error.
  std::vector<double> xm;
  std::vector<std::vector<double>> v_mse(S), v_norm(S), v_gap2(S);
  for (const WidthStats& w : stats) {
    xm.push_back(w.m);
    for (int s = 0; s < S; ++s) {
      v_mse[s].push_back(w.mse[s]);
      v_norm[s].push_back(w.norm4[s]);
      v_gap2[s].push_back(w.gap2[s]);
    }
  }
  const double tail_min = std::min(double(1 << 14), xm.back());
  const ScalingLaw law_mse =
      fit_scaling("mean square fit error (1/n) sum_i (f^Q_{W*}(x_i) - f_*(x_i))^2", "m", xm, v_mse, -1.0, kNaN, tail_min);
  const ScalingLaw law_norm = fit_scaling("||W*||_{2,4}^4", "m", xm, v_norm, 0.0, limit, tail_min);
  const ScalingLaw law_gap =
      fit_scaling("(||W*||_{2,4}^4 / limit - 1)^2", "m", xm, v_gap2, -1.0, kNaN, tail_min);
  auto half_ci = [](const ScalingLaw& law, const std::string& what) {
    return "; unweighted fit of the seed-mean " + what + " (jackknife over the seeds): half its slope = " +
           fmt(law.slope / 2) + ", 95% CI [" + fmt(law.slope_ci_lo / 2) + ", " + fmt(law.slope_ci_hi / 2) + "]";
  };
  ms.equal_error("fit error: slope of log rms |f^Q_{W*} - f_*| vs log m", -0.5, fit.slope, std::abs(fit.slope + 0.5),
                 tol_fit,
                 "SPEC §6.3: +-0.03, widened to 4 estimated standard errors of the weighted least-squares slope when "
                 "larger (se = " +
                     fmt(fit.se) + ", from the seed-to-seed spread of each pooled mean square; chi^2 of the fit " +
                     fmt(fit.chi2) + " on " + std::to_string(xs.size() - 2) + " dof)",
                 "m = 2^" + std::to_string(log2m.front()) + "..2^" + std::to_string(log2m.back()) + ", " +
                     std::to_string(S) + " seeds" + half_ci(law_mse, "mean square"));
  const Fit gfit = weighted_fit(xs, yg, sigg);
  const double tol_gap = std::max(0.03, 4 * gfit.se);
  ms.equal_error("||W*||^4: slope of log rms relative gap to the limit vs log m", -0.5, gfit.slope,
                 std::abs(gfit.slope + 0.5), tol_gap,
                 "Monte Carlo fluctuation O(m^{-1/2}) (SPEC §4.5); +-0.03 widened to 4 standard errors when larger, the "
                 "se being exact (from E h_2^4, E h_2^6, E h_2^8 by Gauss-Hermite; se = " +
                     fmt(gfit.se) + ", chi^2 " + fmt(gfit.chi2) + ")",
                 "m = 2^" + std::to_string(log2m.front()) + "..2^" + std::to_string(log2m.back()) +
                     half_ci(law_gap, "squared relative gap"));
  res.laws = {law_mse, law_norm, law_gap};
  res.figures.push_back(scaling_figure(
      law_mse, "figures/SC-8-error.svg", "SC-8: fit error of the E1/E2 construction", "mean square fit error",
      "Mean over " + std::to_string(S) + " seeds of (1/n) sum_i (f^Q_{W*} - f_*)^2 for f_* = 0.7 (beta^T x)^4 (+-1 s.e.), "
      "with m^{-1} (the square of SPEC's m^{-1/2}; anchored at the largest m) and the least-squares fit."));
  res.figures.push_back(scaling_figure(law_norm, "figures/SC-8-norm.svg", "SC-8: ||W*||_{2,4}^4 vs m", "||W*||_{2,4}^4",
                                       "Mean over " + std::to_string(S) + " seeds of ||W*||_{2,4}^4 (+-1 s.e.) and SPEC's "
                                       "limit 8 alpha^2 ||beta||^8 / c_2^2 = " + fmt(limit) + "."));
  res.figures.push_back(scaling_figure(
      law_gap, "figures/SC-8-norm-gap.svg", "SC-8: squared relative gap of ||W*||^4 to its limit",
      "(||W*||^4 / limit - 1)^2",
      "Mean over " + std::to_string(S) + " seeds of the squared relative gap (+-1 s.e.), with m^{-1} (the square of "
      "the O(m^{-1/2}) fluctuation; anchored at the largest m) and the least-squares fit."));
  ms.equal("predicted limit 8 alpha^2 ||beta||^{2p} / c_{p-2}^2 vs SPEC §6.6 reference 173.84", 173.84, limit, 173.84,
           0.005 / 173.84,
           "the reference is printed with 5 significant digits: half a unit of the last digit, 0.005, relative",
           "alpha = 0.7, ||beta|| = 1.3, p = 4, c_2 = " + fmt(coef[0].value) + " (" + coef[0].method + ")");

  // Other targets at one width: the exact MSE law and the derived norm constants.
  const int m_other = ctx.pick(1 << 8, 1 << 12, 1 << 14), S_other = ctx.pick(32, 64, 96);
  {
    const ExpressTarget sum = sum_target(
        {{0.7, beta, 4},
         {-0.4, random_orthonormal_columns(d, 1, ctx.sub_seed(kId, 1)).col(0), 2},
         {0.25, 0.9 * random_orthonormal_columns(d, 1, ctx.sub_seed(kId, 2)).col(0), 3}});
    const Matrix<double> U = random_orthonormal_columns(d, 3, ctx.sub_seed(kId, 3));
    const Vector<double> lam = (Vector<double>(3) << 1.0, -0.6, 0.3).finished();
    const ExpressTarget qf = quadratic_form_target(U * lam.asDiagonal() * U.transpose());
    const ExpressTarget prod = product_target(d, 1.0);
    struct Case {
      const char* key;
      const char* name;
      const ExpressTarget* tg;
      const char* data;
    };
    const std::vector<Case> cases = {Case{"sum", "sum of 3 powers (p = 4, 2, 3)", &sum, "sphere"},
                                     Case{"product", "x_1 x_2 on the cube (z_1 z_2, z = sqrt(d) x)", &prod, "cube"},
                                     Case{"quadratic-form", "rank-3 quadratic form", &qf, "sphere"}};
    // One sweep point per (target, seed) (cost ~ m n d); instance seed: sub-seed 500000 + s for every target.
    std::vector<SweepTask> other_tasks;
    for (const Case& c : cases) {
      const auto cc = express_coefficients(Activation::sincos, *c.tg, opt);
      const ExpressTarget tg = *c.tg;
      for (int s = 0; s < S_other; ++s) {
        InstanceOptions o = make_options(d, m_other, n, Activation::sincos, ctx.sub_seed(kId, 500000 + s), "zero");
        o.target = "zero";
        o.data = c.data;
        other_tasks.push_back({std::string("target=") + c.key + " data=" + c.data + " m=" + std::to_string(m_other) +
                                   " seed=" + std::to_string(s),
                               double(m_other) * n * d, [o, tg, cc, opt]() -> json {
                                 const ExpressivityResult r = express(generate_instance(o), tg, cc, opt);
                                 json fractions = json::array();
                                 for (const ExpressTermInfo& term : r.terms) fractions.push_back(term.fraction_used);
                                 return json{{"mse_ratio", (r.f_q - r.f_star).squaredNorm() / r.expected_mse.sum()},
                                             {"norm24_4", r.norm24_4},
                                             {"limit", r.predicted_limit},
                                             {"fraction_used", fractions}};
                               }});
      }
    }
    const std::vector<json> other = ctx.sweep(kSweepOther, std::move(other_tasks));
    std::size_t t_other = 0;
    for (const Case& c : cases) {
      std::vector<double> ratios;
      json last;
      for (int s = 0; s < S_other; ++s) {
        last = other[t_other++];
        ratios.push_back(last.at("mse_ratio").get<double>());
      }
      const double ratio = mean_of(ratios), se = sd_of(ratios) / std::sqrt(double(S_other));
      ms.equal_error("other targets: pooled mean square / exact E[MSE], |ratio - 1| / (5 s.e.)", 1.0, ratio,
                     std::abs(ratio - 1.0) / (5 * se), 1.0,
                     "as for the power target: exact finite-m MSE of the construction (groups of pairs are independent "
                     "means), 5 estimated standard errors over the seeds",
                     std::string(c.name) + ", m = " + std::to_string(m_other) + ", S = " + std::to_string(S_other));
      if (c.tg->kind != TargetKind::sum) {
        // k = 0: h is constant, ||W*||^4 = 8 sum_s A_s^2 / qhat_s deterministically; its gap to the limit
        // 8 ||Theta||_*^2 / c_0^2 is sum_s (q_s - qhat_s)^2 / qhat_s <= 4/M^2 sum 1/qhat_s.
        const double M = m_other / 2;
        double bound = 0;
        for (const json& f : last.at("fraction_used")) bound += 4.0 / (M * M * f.get<double>());
        const double last_limit = last.at("limit").get<double>(), last_norm = last.at("norm24_4").get<double>();
        const double nuc = c.tg->kind == TargetKind::product ? double(d) : lam.cwiseAbs().sum();
        const double lim = 8 * nuc * nuc * std::exp(1.0);  // c_0^2 = e^{-1} for sincos
        ms.equal("k = 0 targets: limit 8 ||Theta||_*^2 / c_0^2 (product: 8 e alpha^2 d^2)", lim, last_limit,
                 lim, kIdentityTol, "closed form vs the library's 8 (sum A_s)^2; rounding only (SPEC §6.1 tolerance)",
                 c.name);
        ms.at_most("k = 0 targets: |||W*||^4 / limit - 1| <= 4/M^2 sum_s 1/qhat_s (rounding of the group sizes)",
                   std::abs(last_norm / last_limit - 1.0), bound + 64 * 0x1.0p-53, kInequalityTol,
                   "derived: ||W*||^4 = 8 sum A^2/qhat exactly for constant h, and sum q^2/qhat - 1 = sum (q - qhat)^2 / "
                   "qhat with |q - qhat| < 2/M; plus 64 u for the rounding of the norm",
                   std::string(c.name) + ", m = " + std::to_string(m_other));
      }
    }
  }

  res.parameters["alpha"] = alpha;
  res.parameters["beta_norm"] = beta_norm;
  res.parameters["p"] = p;
  res.parameters["d"] = d;
  res.parameters["activation"] = "sincos";
  res.parameters["data"] = "sphere (unit x)";
  res.parameters["samples_per_instance"] = n;
  res.parameters["seeds_per_width"] = S;
  res.parameters["widths"] = table;
  res.parameters["c_2"] = coef[0].value;
  res.parameters["limit"] = limit;
  res.parameters["fit_slope"] = fit.slope;
  res.parameters["fit_slope_se"] = fit.se;
  res.parameters["norm_gap_slope"] = gfit.slope;
  res.parameters["norm_gap_slope_se"] = gfit.se;
  res.parameters["kurtosis_of_h2_squared"] = kappa_y;
  res.parameters["other_targets_width"] = m_other;
  res.parameters["other_targets_seeds"] = S_other;
  res.measurements = ms.list();
  const WidthStats& big = stats.back();
  res.notes.push_back("At m = " + std::to_string(big.m) + ": rms fit error " + fmt(std::sqrt(mean_of(big.mse))) +
                      " (exact " + fmt(std::sqrt(big.expected_mse)) + "), mean ||W*||^4 = " + fmt(mean_of(big.norm4)) +
                      " vs limit " + fmt(limit) + " (one seed's standard deviation " + fmt(big.norm_std) +
                      "). SPEC §6.6 (one run, m = 2^18): 173.72 vs 173.84, rms error 2.3e-3.");
  res.notes.push_back("Fit-error slope " + fmt(fit.slope) + " +- " + fmt(fit.se) + " (1 s.e.); relative norm-gap slope " +
                      fmt(gfit.slope) + " +- " + fmt(gfit.se) + ". Largest |pooled MSE ratio - 1| in s.e.: " +
                      fmt(worst_ratio_z) + ".");
  res.notes.push_back("Laws at the predicted exponent over m >= " + fmt(tail_min) + " (seed means +- s.e.): "
                      "m x mean square error = " + fmt(law_mse.tail_prefactor) + " +- " + fmt(law_mse.tail_prefactor_se) +
                      " (exact: m E[MSE] = " + fmt(big.m * big.expected_mse) + " at m = " + std::to_string(big.m) +
                      "); ||W*||^4 = " + fmt(law_norm.tail_prefactor) + " +- " + fmt(law_norm.tail_prefactor_se) +
                      " (limit " + fmt(limit) + "); m x squared relative gap = " + fmt(law_gap.tail_prefactor) + " +- " +
                      fmt(law_gap.tail_prefactor_se) + " (exact: m (norm24_4_std / limit)^2 = " +
                      fmt(big.m * std::pow(big.norm_std / limit, 2)) + "). Shown, not tested: the tests are the "
                      "per-width comparisons above.");
  res.notes.push_back("The squared error of one seed is strongly correlated across the samples x_i (they share the "
                      "factor h(w_{0,p})), so the pooled estimates need many seeds; the tolerances use standard errors "
                      "estimated from the seed-to-seed spread, not the number of samples.");
  return res;
}

}  // namespace
}  // namespace sc08

Check check_sc08_expressivity() {
  return {{sc08::kId, "Expressivity construction (Theorem E)", "§4.5 (E1, E2, Theorem E); §6.3; §6.6",
           "[reconstructed, verify] (Theorem E); construction [derived ✓]",
           "For f_* = alpha (beta^T x)^p on unit x, the E1/E2 movement W* has |f^Q_{W*} - f_*| of order m^{-1/2} "
           "(log-log slope -1/2) and ||W*||_{2,4}^4 -> 8 alpha^2 ||beta||^{2p} / c_{p-2}^2."},
          sc08::run};
}

}  // namespace beyondlin::checks
