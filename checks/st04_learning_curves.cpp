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
// Library: run_sweep, summarize_sweep (sample_complexity.hpp), which call train() (train.hpp) and the NTK
// kernel ridge regression.

#include "check_util.hpp"

#include <beyondlin/sample_complexity.hpp>

#include <algorithm>
#include <cmath>

namespace beyondlin::checks {
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
  q.progress = [&](const SweepProgress& p) {
    if (p.done % 10 == 0 || p.done == p.total)
      ctx.log("ST-4 quadratic: point " + std::to_string(p.done) + "/" + std::to_string(p.total) + ", " + fmt(p.elapsed_s) + " s");
  };
  nk.progress = [&](const SweepProgress& p) {
    if (p.done % 10 == 0 || p.done == p.total)
      ctx.log("ST-4 ntk: point " + std::to_string(p.done) + "/" + std::to_string(p.total) + ", " + fmt(p.elapsed_s) + " s");
  };
  const std::vector<SweepPoint> pq = run_sweep(q), pn = run_sweep(nk);
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
  return res;
}

}  // namespace

Check check_st04_learning_curves() {
  return {{kId, "Learning curves: quadratic model vs NTK", "§4.6 (Theorem S, table); §6.4", "[paper] (trend) + [secondary] (table)",
           "For y = x_1 x_2 on the cube, the trained quadratic model reaches a fixed test error with n*(d) growing roughly "
           "like d, kernel regression with the empirical NTK with n*(d) growing like d^2."},
          run};
}

}  // namespace beyondlin::checks
