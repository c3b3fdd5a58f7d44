// ST-4 (SPEC §6.4, optional in SPEC; §4.6 Theorem S and its table): learning curves for the target
// y = x_1 x_2 on the cube {-1,+1}^d (w0_r ~ N(0, I/d)). The trained quadratic model reaches a fixed test
// error epsilon with n*(d) growing roughly like d (SPEC table: n >= O~(d/eps^2)), kernel regression with the
// empirical NTK needs n*(d) growing like d^2 (Omega(d^2) for kernels, Wei-Lee-Liu-Ma). "Expect trends, not
// constants" (SPEC).
//
// Acceptance rule, fixed before any run and not tuned afterwards (the one suggested by the issue):
//   (a) the fitted exponent of the quadratic model's n*(d) is within +-0.5 of 1;
//   (b) the fitted exponent of the NTK's n*(d) is within +-0.5 of 2;
//   (c) the NTK exponent exceeds the quadratic one by more than 2 combined standard errors,
//       sqrt(se_Q^2 + se_N^2), each se the larger of the regression and the jackknife (over seeds) errors.
// Preconditions reported as measurements (a failed fit is not a statement about sample complexity):
//   (d) every point's training error is below epsilon/5 for both models (the optimizer and the solver worked).
// A censored n* (the curve already below epsilon at the smallest n, or never reaching it) drops that d from
// the fit; with fewer than 3 uncensored d the standard errors are undefined and (c) fails, saying so.
//
// Library: sweep_point, summarize_sweep (sample_complexity.hpp), which call train() (train.hpp) and the NTK
// kernel ridge regression. Each point (model options, d, n, seed index s) is one task of the sweep
// "ST-4 learning curves" (checks/sweep.hpp): it runs sweep_point and returns the SweepPoint's fields as JSON; the
// check rebuilds the points in task order (the order of the library's run_sweep: d, then n ascending, then s) and
// calls summarize_sweep as before. sweep_point depends only on (options, d, n, s), so the numbers are those of
// run_sweep for any number of ranks or threads.
//
// Scaling laws (res.laws, figure ST-4.svg): n*(d) of each model with its predicted exponent (1 quadratic,
// 2 NTK). The law's points are the library's n*(d) (from the seed-averaged learning curve, the estimate that
// (a)-(c) test), fitted by fit_scaling over the uncensored d as one replicate (the same least-squares line as the
// library's fit_power_law); its uncertainties are the delete-one-seed jackknife of the same estimator (n*(d)
// recomputed by summarize_sweep without seed s): per-d error bars from the jackknife of n*(d), and the slope s.e.
// of rule (c), max(regression, jackknife). Per-seed n* (one curve per seed) would be another, noisier estimator
// (single-seed curves are often censored at the grid's ends) than the one under test, so it is not used.

#include "check_util.hpp"
#include "scaling.hpp"
#include "sweep.hpp"

#include <beyondlin/sample_complexity.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace beyondlin::checks {
namespace st04 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ST-4";

double combined_stderr(const ModelSummary& s) {
  const double a = s.fit.slope_stderr, b = s.slope_stderr_jackknife;
  if (!std::isfinite(a) || !std::isfinite(b)) return std::numeric_limits<double>::quiet_NaN();
  return std::max(a, b);
}

nlohmann::ordered_json summary_json(const ModelSummary& s, const SweepOptions& o) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["model"] = s.model;
  j["dims"] = s.dims;
  j["n"] = s.sizes;
  j["mean_test_error"] = s.mean_error;
  nlohmann::ordered_json ns = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < s.n_star.size(); ++i) {
    const Threshold& t = s.n_star[i];
    if (t.above_range) ns.push_back("not reached (> " + std::to_string(s.sizes[i].back()) + ")");
    else if (t.below_range) ns.push_back("<= " + std::to_string(s.sizes[i].front()));
    else ns.push_back(t.n_star);
  }
  j["n_star"] = ns;
  j["epsilon"] = o.epsilon;
  j["exponent"] = std::isfinite(s.fit.slope) ? nlohmann::ordered_json(s.fit.slope) : nlohmann::ordered_json("undefined");
  j["stderr_regression"] =
      std::isfinite(s.fit.slope_stderr) ? nlohmann::ordered_json(s.fit.slope_stderr) : nlohmann::ordered_json("undefined");
  j["stderr_jackknife"] = std::isfinite(s.slope_stderr_jackknife) ? nlohmann::ordered_json(s.slope_stderr_jackknife)
                                                                   : nlohmann::ordered_json("undefined");
  return j;
}

std::string nstar_text(const ModelSummary& s) {
  std::string t;
  for (std::size_t i = 0; i < s.dims.size(); ++i) {
    if (i) t += ", ";
    t += "d=" + std::to_string(s.dims[i]) + ": ";
    const Threshold& th = s.n_star[i];
    if (th.above_range) t += "> " + std::to_string(s.sizes[i].back());
    else if (th.below_range) t += "<= " + std::to_string(s.sizes[i].front());
    else t += fmt(th.n_star);
  }
  return t;
}

/// Local exponents log(n*_{i+1}/n*_i) / log(d_{i+1}/d_i) between consecutive uncensored d.
std::string local_slopes(const ModelSummary& s) {
  std::string t;
  for (std::size_t i = 0; i + 1 < s.dims.size(); ++i) {
    const Threshold &a = s.n_star[i], &b = s.n_star[i + 1];
    if (a.above_range || a.below_range || b.above_range || b.below_range) continue;
    if (!t.empty()) t += ", ";
    t += std::to_string(s.dims[i]) + "->" + std::to_string(s.dims[i + 1]) + ": " +
         fmt(std::log(b.n_star / a.n_star) / std::log(double(s.dims[i + 1]) / s.dims[i]));
  }
  return t.empty() ? "none" : t;
}

using json = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The fields of a SweepPoint as the JSON result of its sweep task (the wall time is left out: a point's
/// result must not depend on where or when it ran).
json point_json(const SweepPoint& p) {
  json j;
  j["d"] = p.d;
  j["n"] = p.n;
  j["seed_index"] = p.seed_index;
  j["seed"] = p.seed;
  j["quad_test_error"] = p.quad_test_error;
  j["quad_train_error"] = p.quad_train_error;
  j["quad_norm24"] = p.quad_norm24;
  j["quad_final_value"] = p.quad_final_value;
  j["quad_steps"] = p.quad_steps;
  j["quad_stop_reason"] = p.quad_stop_reason;
  j["ntk_test_error"] = p.ntk_test_error;
  j["ntk_train_error"] = p.ntk_train_error;
  j["ntk_mu"] = p.ntk_mu;
  j["ntk_solver"] = p.ntk_solver;
  j["y_test_variance"] = p.y_test_variance;
  return j;
}

SweepPoint point_from_json(const json& j) {
  SweepPoint p;
  p.d = j.at("d").get<int>();
  p.n = j.at("n").get<int>();
  p.seed_index = j.at("seed_index").get<int>();
  p.seed = j.at("seed").get<std::uint64_t>();
  p.quad_test_error = j.at("quad_test_error").get<double>();
  p.quad_train_error = j.at("quad_train_error").get<double>();
  p.quad_norm24 = j.at("quad_norm24").get<double>();
  p.quad_final_value = j.at("quad_final_value").get<double>();
  p.quad_steps = j.at("quad_steps").get<long>();
  p.quad_stop_reason = j.at("quad_stop_reason").get<std::string>();
  p.ntk_test_error = j.at("ntk_test_error").get<double>();
  p.ntk_train_error = j.at("ntk_train_error").get<double>();
  p.ntk_mu = j.at("ntk_mu").get<double>();
  p.ntk_solver = j.at("ntk_solver").get<std::string>();
  p.y_test_variance = j.at("y_test_variance").get<double>();
  return p;
}

/// The options of one model that a point depends on, for the task keys (the same key must mean the same
/// computation; the base seed ctx.sub_seed("ST-4", 0) labels the whole run).
std::string model_key(const SweepOptions& o) {
  std::string k = std::string(sweep_target_name(o.target)) + " " + activation_name(o.activation) +
                  " n_test=" + std::to_string(o.n_test);
  if (o.run_quadratic)
    k += " quadratic m=" + std::to_string(o.m) + " " + train_method_name(o.method) +
         " lr_scale=" + shortest_decimal(o.lr_scale) + " steps=" + std::to_string(o.steps) +
         " lambda=" + shortest_decimal(o.lambda) + " init_noise=" + shortest_decimal(o.init_noise) +
         " tol_g=" + shortest_decimal(o.tol_g);
  if (o.run_ntk)
    k += " ntk m=" + std::to_string(o.m) + " m_ntk=" + std::to_string(o.m_ntk == 0 ? o.m : o.m_ntk) +
         " ridge=" + shortest_decimal(o.ridge);
  return k;
}

/// Relative cost of point (d, n) (any unit; used to balance ranks and for the ETA): train() does steps x
/// O(n m d); the kernel regression evaluates sigma' on (n + n_test) x m_ntk pre-activations (O((n + n_test) m_ntk d)
/// with the sin/cos evaluations), the kernels O((n + n_test) n (m_ntk + d)) and the Cholesky n^3/3. The weights
/// (8 per training-step unit, 4 per kernel flop, 50 per pre-activation entry) match the measured point times of
/// the default preset within a factor ~2.
double point_cost(const SweepOptions& o, int d, int n) {
  double c = 0;
  if (o.run_quadratic) c += 8.0 * static_cast<double>(o.steps) * n * o.m * d;
  if (o.run_ntk) {
    const double mk = o.m_ntk == 0 ? o.m : o.m_ntk, nn = n, nt = o.n_test;
    c += 4.0 * ((nn + nt) * nn * (mk + d) + nn * nn * nn / 3.0) + 50.0 * (nn + nt) * mk * d;
  }
  return c;
}

/// All points of one model, in the order of run_sweep's output (d, then n ascending, then s). The tasks are
/// handed to the sweep largest first (n d descending, stable), as run_sweep schedules them: the results do not
/// depend on the order, but the first large point raises glibc's dynamic mmap threshold, so the later kernel
/// matrices reuse heap memory instead of fresh pages (ascending order tripled the page faults and cost ~0.3 s in
/// the quick preset).
std::vector<SweepPoint> run_points(const CheckContext& ctx, const SweepOptions& opt) {
  validate(opt);
  const std::string mk = model_key(opt);
  SweepOptions o = opt;
  o.progress = nullptr;  // the sweep runner reports progress
  struct Key {
    int d, n, s;
  };
  std::vector<Key> keys;
  for (int d : o.dims)
    for (int n : sweep_sizes(o, d))
      for (int s = 0; s < o.seeds; ++s) keys.push_back({d, n, s});
  std::vector<std::size_t> order(keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return static_cast<double>(keys[a].n) * keys[a].d > static_cast<double>(keys[b].n) * keys[b].d;
  });
  std::vector<SweepTask> tasks;
  for (std::size_t i : order) {
    const int d = keys[i].d, n = keys[i].n, s = keys[i].s;
    tasks.push_back({mk + " d=" + std::to_string(d) + " n=" + std::to_string(n) + " seed=" + std::to_string(s),
                     point_cost(o, d, n), [o, d, n, s]() { return point_json(sweep_point(o, d, n, s)); }});
  }
  const std::vector<json> res = ctx.sweep("ST-4 learning curves", std::move(tasks));
  std::vector<SweepPoint> pts(keys.size());
  for (std::size_t k = 0; k < order.size(); ++k) pts[order[k]] = point_from_json(res[k]);
  return pts;
}

/// Delete-one-seed jackknife standard errors of n*(d) (per d, NaN where a leave-one-out curve is censored or
/// with one seed): summarize_sweep on the points without seed s (seed indices renumbered).
std::vector<double> nstar_jackknife_se(const SweepOptions& opt, const std::vector<SweepPoint>& pts) {
  const std::size_t D = opt.dims.size();
  const int S = opt.seeds;
  std::vector<double> se(D, kNaN);
  if (S < 2) return se;
  std::vector<std::vector<double>> loo(D);  // [d][s]
  SweepOptions o = opt;
  o.seeds = S - 1;
  for (int s = 0; s < S; ++s) {
    std::vector<SweepPoint> sub;
    for (const SweepPoint& p : pts)
      if (p.seed_index != s) {
        sub.push_back(p);
        if (p.seed_index > s) --sub.back().seed_index;
      }
    const ModelSummary m = summarize_sweep(o, sub).at(0);
    for (std::size_t i = 0; i < D; ++i)
      loo[i].push_back(m.n_star[i].below_range || m.n_star[i].above_range ? kNaN : m.n_star[i].n_star);
  }
  for (std::size_t i = 0; i < D; ++i) {
    double mu = 0;
    for (double v : loo[i]) mu += v / S;
    double ss = 0;
    for (double v : loo[i]) ss += (v - mu) * (v - mu);
    se[i] = std::sqrt((S - 1.0) / S * ss);  // NaN if any leave-one-out n* is censored
  }
  return se;
}

/// The law n*(d) ~ C d^b of one model (file comment): fit_scaling over the uncensored d of the library's n*,
/// with the jackknife uncertainties of the summary. `ok` false when fewer than 2 d are uncensored.
ScalingLaw nstar_law(const ModelSummary& s, const SweepOptions& opt, const std::vector<SweepPoint>& pts,
                     const std::string& quantity, double predicted_slope, bool& ok) {
  const std::vector<double> se_all = nstar_jackknife_se(opt, pts);
  std::vector<double> x, y, sem;
  for (std::size_t i = 0; i < s.dims.size(); ++i)
    if (!s.n_star[i].below_range && !s.n_star[i].above_range) {
      x.push_back(s.dims[i]);
      y.push_back(s.n_star[i].n_star);
      sem.push_back(se_all[i]);
    }
  ok = x.size() >= 2;
  if (!ok) return ScalingLaw{};
  ScalingLaw law = fit_scaling(quantity, "d", x, {y}, predicted_slope, kNaN, x.front());
  law.replicates = opt.seeds;
  law.sem = sem;
  const double reg = s.fit.slope_stderr, jack = s.slope_stderr_jackknife;
  const bool jack_larger = std::isfinite(jack) && (!std::isfinite(reg) || jack >= reg);
  law.slope_se = combined_stderr(s);
  const double t = jack_larger ? student_t975(opt.seeds - 1) : student_t975(static_cast<int>(x.size()) - 2);
  law.slope_ci_lo = law.slope - t * law.slope_se;
  law.slope_ci_hi = law.slope + t * law.slope_se;
  law.se_method = "n*(d) of the mean learning curve over " + std::to_string(opt.seeds) +
                  " seeds; slope s.e. = max(regression " + fmt(reg) + ", delete-one-seed jackknife " + fmt(jack) +
                  ") as in rule (c), 95% CI with Student t(" +
                  std::to_string(jack_larger ? opt.seeds - 1 : static_cast<int>(x.size()) - 2) +
                  "); per-d bars: jackknife of n*(d); prefactor CI from the regression";
  return law;
}

/// Learning curves of one model: mean test error over the seeds versus n, one series per d with +-1 s.e.,
/// and the level epsilon.
Figure curves_figure(const ModelSummary& s, const SweepOptions& opt, const std::string& file, const std::string& title) {
  Figure f;
  f.file = file;
  f.title = title;
  f.xlabel = "n (training samples)";
  f.ylabel = "normalized test error";
  f.logx = f.logy = true;
  double nmin = std::numeric_limits<double>::infinity(), nmax = 0;
  for (std::size_t i = 0; i < s.dims.size(); ++i) {
    FigureSeries c;
    c.label = "d = " + std::to_string(s.dims[i]) + " (mean of " + std::to_string(opt.seeds) + " seeds" +
              (opt.seeds > 1 ? ", ±1 s.e.)" : ")");
    for (std::size_t k = 0; k < s.sizes[i].size(); ++k) {
      c.x.push_back(s.sizes[i][k]);
      c.y.push_back(s.mean_error[i][k]);
      nmin = std::min(nmin, static_cast<double>(s.sizes[i][k]));
      nmax = std::max(nmax, static_cast<double>(s.sizes[i][k]));
    }
    if (opt.seeds > 1) c.y_err = s.stderr_error[i];
    c.connect = true;
    f.series.push_back(c);
  }
  FigureSeries eps;
  eps.label = "epsilon = " + fmt(opt.epsilon) + " (n*(d): where a curve crosses it)";
  eps.line = true;
  eps.x = {nmin, nmax};
  eps.y = {opt.epsilon, opt.epsilon};
  f.series.push_back(eps);
  f.caption = title + ": normalized test error (1 = best constant predictor) against n, log-log; n*(d) is read "
              "where the mean curve crosses epsilon (log-log interpolation).";
  return f;
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  // Presets. The grids follow d (n = ratio * d) so that every d brackets its n*. Widths: the quadratic
  // model's m sets the training cost; the NTK network's m_ntk keeps m_ntk d >= 4 n at the largest n, so the
  // kernel regression stays away from its interpolation peak at n = m_ntk d (a finite-width artifact).
  SweepOptions q;
  q.target = SweepTarget::product;
  q.activation = Activation::sincos;
  q.dims = ctx.pick<std::vector<int>>({8, 16, 32}, {16, 32, 64}, {16, 32, 64, 128});
  q.sizes_per_d = true;
  q.seeds = ctx.pick(2, 5, 8);
  q.n_test = ctx.pick(500, 1000, 2000);
  q.epsilon = 0.5;
  q.seed = ctx.sub_seed(kId, 0);
  SweepOptions nk = q;
  q.run_ntk = false;
  q.m = q.m_ntk = ctx.pick(32, 64, 128);
  q.sizes = ctx.pick<std::vector<int>>({2, 4, 8}, {2, 4, 8, 16}, {2, 4, 8, 16});
  q.method = TrainMethod::gd;
  q.lr_scale = 1.0;
  q.steps = ctx.pick(800L, 1500L, 2000L);
  q.lambda = 1e-4;
  q.init_noise = 0.01;
  q.tol_g = 0.0;
  nk.run_quadratic = false;
  nk.m = nk.m_ntk = ctx.pick(256, 1024, 2048);
  nk.sizes = ctx.pick<std::vector<int>>({1, 2, 4, 8, 16, 32}, {1, 2, 4, 8, 16, 32}, {1, 2, 4, 8, 16, 32, 64});
  nk.ridge = 1e-3;
  const std::vector<SweepPoint> pq = run_points(ctx, q), pn = run_points(ctx, nk);
  const ModelSummary sq = summarize_sweep(q, pq).at(0), sn = summarize_sweep(nk, pn).at(0);

  const std::string grid = "d = " + nlohmann::ordered_json(q.dims).dump() + ", " + std::to_string(q.seeds) + " seeds";
  const std::string exp_basis =
      "ST-4 acceptance rule (fixed in advance): exponent within +-0.5 of the predicted value (SPEC §4.6 table: quadratic "
      "n >= O~(d/eps^2), NTK Omega(d^2) for x_1 x_2 on the cube); least squares of log n*(d) on log d";
  const double bq = sq.fit.slope, bn = sn.fit.slope;
  ms.equal("exponent of the quadratic model's n*(d) (test error " + fmt(q.epsilon) + ")", 1.0, bq, 1.0, 0.5, exp_basis,
           grid + ", n* = " + nstar_text(sq));
  ms.equal("exponent of the NTK regression's n*(d) (test error " + fmt(q.epsilon) + ")", 2.0, bn, 1.0, 0.5, exp_basis,
           grid + ", n* = " + nstar_text(sn));
  const double seq = combined_stderr(sq), sen = combined_stderr(sn);
  const double se = std::sqrt(seq * seq + sen * sen);
  ms.at_least("NTK exponent - quadratic exponent >= 2 sqrt(se_Q^2 + se_N^2)", bn - bq, 2 * se, 0.0,
              "ST-4 rule (c): the difference must exceed two combined standard errors (se = max(regression, jackknife "
              "over seeds); undefined -> FAIL)",
              "se_Q = " + fmt(seq) + ", se_N = " + fmt(sen));
  double max_train_q = 0, max_train_n = 0;
  std::string where_q, where_n;
  for (const SweepPoint& p : pq)
    if (!(p.quad_train_error <= max_train_q)) {
      max_train_q = p.quad_train_error;
      where_q = "d = " + std::to_string(p.d) + ", n = " + std::to_string(p.n) + ", seed " + std::to_string(p.seed_index);
    }
  for (const SweepPoint& p : pn)
    if (!(p.ntk_train_error <= max_train_n)) {
      max_train_n = p.ntk_train_error;
      where_n = "d = " + std::to_string(p.d) + ", n = " + std::to_string(p.n) + ", seed " + std::to_string(p.seed_index);
    }
  const std::string fit_basis = "precondition: the models fit their training data (normalized training error <= epsilon/5), "
                                "so test errors above epsilon are generalization, not optimization failures";
  ms.at_most("max training error of the trained quadratic model", max_train_q, q.epsilon / 5, 0.0, fit_basis, where_q);
  ms.at_most("max training error of the NTK ridge regression", max_train_n, q.epsilon / 5, 0.0, fit_basis, where_n);

  res.parameters["target"] = "y = x_1 x_2, x uniform on {-1,+1}^d, w0_r ~ N(0, I/d), symmetric init, sin + cos";
  res.parameters["epsilon"] = q.epsilon;
  res.parameters["error"] = "normalized test MSE (mean squared error / variance of y over the test set)";
  res.parameters["dims"] = q.dims;
  res.parameters["seeds"] = q.seeds;
  res.parameters["n_test"] = q.n_test;
  res.parameters["quadratic"] = {{"m", q.m},
                                 {"n_over_d", q.sizes},
                                 {"optimizer", "gd (train.hpp) on L^Q + lambda R, squared loss"},
                                 {"lr", "1.0 sqrt(m)/d"},
                                 {"steps", q.steps},
                                 {"lambda", q.lambda},
                                 {"start", "per-neuron size 0.01 m^{-1/4} (isotropic)"}};
  res.parameters["ntk"] = {{"m_ntk", nk.m}, {"n_over_d", nk.sizes}, {"ridge", "mu = 1e-3 tr(K)/n"}, {"solver", "Eigen LLT"}};
  res.parameters["quadratic_summary"] = summary_json(sq, q);
  res.parameters["ntk_summary"] = summary_json(sn, nk);
  res.measurements = ms.list();
  res.notes.push_back("Quadratic model: n*(d) = " + nstar_text(sq) + "; exponent " + fmt(bq) + " (regression s.e. " +
                      fmt(sq.fit.slope_stderr) + ", jackknife s.e. " + fmt(sq.slope_stderr_jackknife) +
                      "); local exponents " + local_slopes(sq) + ".");
  res.notes.push_back("NTK regression: n*(d) = " + nstar_text(sn) + "; exponent " + fmt(bn) + " (regression s.e. " +
                      fmt(sn.fit.slope_stderr) + ", jackknife s.e. " + fmt(sn.slope_stderr_jackknife) +
                      "); local exponents " + local_slopes(sn) + ".");
  for (const ModelSummary* m : {&sq, &sn}) {
    std::string cens;
    for (std::size_t i = 0; i < m->dims.size(); ++i)
      if (m->n_star[i].above_range || m->n_star[i].below_range)
        cens += (cens.empty() ? "" : ", ") + std::string("d = ") + std::to_string(m->dims[i]) +
                (m->n_star[i].above_range ? " (epsilon not reached at the largest n)" : " (below epsilon at the smallest n)");
    if (!cens.empty())
      res.notes.push_back(m->model + ": n* censored at " + cens + "; these d are left out of the exponent fit (" +
                          std::to_string(m->fit.points) + " d used).");
  }
  // A log factor (n* ~ d log d) has the local exponent 1 + 1/ln d: report the exponent of n*(d)/ln d too.
  auto log_corrected = [](const ModelSummary& m) {
    std::vector<double> x, y;
    for (std::size_t i = 0; i < m.dims.size(); ++i)
      if (!m.n_star[i].above_range && !m.n_star[i].below_range) {
        x.push_back(m.dims[i]);
        y.push_back(m.n_star[i].n_star / std::log(double(m.dims[i])));
      }
    return fit_power_law(x, y).slope;
  };
  res.parameters["quadratic_exponent_of_nstar_over_ln_d"] = std::isfinite(log_corrected(sq)) ? nlohmann::ordered_json(log_corrected(sq)) : nlohmann::ordered_json("undefined");
  res.parameters["ntk_exponent_of_nstar_over_ln_d"] = std::isfinite(log_corrected(sn)) ? nlohmann::ordered_json(log_corrected(sn)) : nlohmann::ordered_json("undefined");
  res.notes.push_back("With a log factor divided out, n*(d)/ln d has exponent " + fmt(log_corrected(sq)) +
                      " (quadratic) and " + fmt(log_corrected(sn)) +
                      " (NTK): the quadratic model's super-linear exponent is consistent with n* ~ d log d (local exponent "
                      "1 + 1/ln d, about 1.3 for d = 16..128), which O~(d) allows; this is an observation, not part of the "
                      "acceptance rule.");
  const bool pass_a = std::abs(bq - 1) <= 0.5, pass_b = std::abs(bn - 2) <= 0.5, pass_c = bn - bq >= 2 * se;
  if (pass_a && pass_b && pass_c)
    res.notes.push_back("The trend of SPEC §4.6 is seen: the quadratic model's sample complexity grows with a smaller "
                        "power of d than the NTK's, by more than two standard errors.");
  else
    res.notes.push_back(std::string("The trend is NOT established at these sizes:") + (pass_a ? "" : " the quadratic exponent is not within 0.5 of 1;") +
                        (pass_b ? "" : " the NTK exponent is not within 0.5 of 2;") +
                        (pass_c ? "" : " the difference of the exponents does not exceed two standard errors (or they are undefined);") +
                        " the parameters were not tuned to change this.");
  res.notes.push_back("Reading: at small d the number of degree-2 monomials d(d-1)/2 is itself small, so both models "
                      "start in a pre-asymptotic regime (the quadratic model's local exponent decreases with d); "
                      "the theory's O~(d) also hides log factors (log(dm) in SPEC §4.6's reconstructed statement). "
                      "Trends, not constants, are claimed (SPEC §6.4).");

  // Figures: the learning curves of each model, and the two laws n*(d) (file comment).
  res.figures.push_back(curves_figure(sq, q, "figures/ST-4-curves-quadratic.svg",
                                      "ST-4: trained quadratic model, y = x_1 x_2 (m = " + std::to_string(q.m) + ")"));
  res.figures.push_back(curves_figure(sn, nk, "figures/ST-4-curves-ntk.svg",
                                      "ST-4: NTK kernel ridge regression, y = x_1 x_2 (m_ntk = " + std::to_string(nk.m) + ")"));
  bool ok_q = false, ok_n = false;
  const ScalingLaw lq = nstar_law(sq, q, pq, "n*(d) quadratic model", 1.0, ok_q);
  const ScalingLaw ln = nstar_law(sn, nk, pn, "n*(d) NTK regression", 2.0, ok_n);
  std::vector<ScalingLaw> laws;
  if (ok_q) laws.push_back(lq);
  if (ok_n) laws.push_back(ln);
  if (laws.size() < 2)
    res.notes.push_back(std::string("Scaling law n*(d) not drawn for") + (ok_q ? "" : " the quadratic model") +
                        (ok_q || ok_n ? "" : " and") + (ok_n ? "" : " the NTK regression") +
                        ": fewer than 2 uncensored d.");
  if (!laws.empty()) {
    Figure f = scaling_figure(laws, "figures/ST-4.svg", "ST-4: sample size n*(d) reaching test error " + fmt(q.epsilon),
                              "n*(d)",
                              "n*(d) of the seed-averaged learning curves (±1 jackknife s.e. over seeds) with the predicted "
                              "exponents (1 quadratic, 2 NTK; lines anchored at the largest d): the acceptance (a)-(c) "
                              "compares the fitted exponents.");
    // scaling_figure labels the points "mean of S": here they are n* of the S-seed mean curve
    for (const ScalingLaw& law : laws)
      for (FigureSeries& fs : f.series)
        if (!fs.line && fs.label.rfind(law.quantity + ": ", 0) == 0)
          fs.label = law.quantity + ": n* of the mean curve over " + std::to_string(law.replicates) +
                     " seeds (±1 jackknife s.e.)";
    res.figures.push_back(f);
    for (ScalingLaw& law : laws) res.laws.push_back(std::move(law));
  }
  return res;
}

}  // namespace
}  // namespace st04

Check check_st04_learning_curves() {
  return {{st04::kId, "Learning curves: quadratic model vs NTK", "§4.6 (Theorem S, table); §6.4",
           "[paper] (trend) + [secondary] (table)",
           "For y = x_1 x_2 on the cube, the trained quadratic model reaches a fixed test error with n*(d) growing roughly "
           "like d, kernel regression with the empirical NTK with n*(d) growing like d^2."},
          st04::run};
}

}  // namespace beyondlin::checks
