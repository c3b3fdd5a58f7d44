// SC-10 (SPEC §6.3; coupling Lemma C (C1), (C1'), (C2) of §4.1; expansion §3.4; reference values §6.6):
// generic movement (rows m^{-1/4} rho g_r/||g_r||), squared loss with y = 0.3, sigma = sin + cos.
//
// Quantities per instance (exact, O(nmd), from the library's closed-form randomized squared loss):
//   value part   Delta_val(W) = L(W) - L^Q(W),
//   radial part  Delta_rad(W) = <grad L(W), W> - <grad L^Q(W), W>          (= d/dtau at tau = 1 along tau W).
//
// Prediction (SPEC §3.4; radial analogue derived here). With F = E_Sigma f, g = f_W0 + f^Q_W,
// e = F - g (the even Taylor terms of order >= 4), delta_r = [sigma(t_r+u_r) - sigma(t_r-u_r)]/2 and
// delta'_r = d delta_r(tau W)/dtau at tau = 1 = u_r [sigma'(t_r+u_r) + sigma'(t_r-u_r)]/2, the squared loss gives
// exactly
//   Delta_val = (1/n) sum_i [ e_i (g_i - y_i) + e_i^2/2 ]                    + (1/2n) sum_i Var_i,
//   Delta_rad = (1/n) sum_i [ e'_i (g_i - y_i) + e_i (2 f^Q_i + e'_i) ]      + (1/n) sum_i (1/m) sum_r delta_ir delta'_ir,
// where e' = dF/dtau - 2 f^Q. The last terms are the variance terms: (1/2) ell'' Var for the value and its radial
// derivative (1/2) ell'' tau d/dtau Var(tau W) = ell'' (1/m) sum_r delta_r delta'_r ~ ell'' Var for the radial part
// (Var is homogeneous of degree 2 at leading order; for a general smooth loss the radial part also has
// (1/2) ell''' F' Var, which vanishes for the squared loss). Both are ~ rho^2 E[sigma'(G)^2]/d m^{-1/2}
// (= 0.05 m^{-1/2} resp. 0.1 m^{-1/2} here), while the mean-shift terms are O(m^{-1}): slope -1/2 for both.
// Rigorous next-order bounds (|sigma''''| <= C_4): |e_i| <= E_i := C_4/(24 sqrt m) sum_r u_ir^4 and |e'_i| <= 4 E_i
// (the odd part of u sigma'(t+u) is sigma''(t) u^2 + (sigma''''(xi1) + sigma''''(xi2)) u^4 / 12).
//
// Bounds compared at every point (B = ||W||_{2,4}, B_x = max ||x_i||, a_1 = C_1 B_x B m^{-1/4},
// A_3 = C_3 B_x^3 B^3 m^{-1/4} / 6, E = C_4 (B_x B)^4 / (24 sqrt m)):
//   (C1), squared loss: ell(g + D) - ell(g) = D (g - y) + D^2/2 with D = f_Sigma - g = f^(1)_{Sigma W} + R_3,
//         E|D| <= sqrt(E D^2) <= a_1 + A_3, so |Delta_val| <= (1/n) sum_i [|g_i - y_i| (a_1 + A_3) + (a_1 + A_3)^2/2]
//         (SPEC's (C1) with L_1 replaced by the squared loss's local slope; m^{-1/4}).
//   (C1'), squared loss: |Delta_val| <= (1/n) sum_i E (|g_i - y_i| + E/2) + (1/2) C_1^2 (B_x B)^2 m^{-1/2}.
//   (C2), squared loss, explicit [derived here; SPEC gives O(m^{-1/4}) only]: with D_Sigma = <grad f_{W0+Sigma W}, Sigma W>
//         = f^(1)_{Sigma W} + 2 f^Q + R_D, |R_D| <= (C_3/2) m^{-1/2} sum_r |u_r|^3 <= 3 A_3 and E f^(1)_{Sigma W} = 0:
//         |Delta_rad| <= (1/n) sum_i [|g_i - y_i| 3 A_3 + 2 |f^Q_i| (a_1 + A_3)] + (a_1 + A_3)(a_1 + 3 A_3).
//   (C2'), squared loss [derived here]: |Delta_rad| <= (1/n) sum_i [4 E |g_i - y_i| + E (2 |f^Q_i| + 4 E)] + C_1^2 (B_x B)^2 m^{-1/2}
//         (|delta_r|, |delta'_r| <= C_1 |u_r|).
//
// Library: Objective (randomized closed form and quadratic: value, gradient, predictions), randomized_moments,
// taylor_term, mixed_norm, activation_sup_bound, activation_derivatives; fit_scaling (scaling.hpp); sweeps (sweep.hpp).

#include "check_util.hpp"
#include "scaling.hpp"
#include "sc10_instances.hpp"
#include "sweep.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>

#include <cmath>
#include <string>

namespace beyondlin::checks {
namespace sc10 {  // this file's own scope, so that unity builds can combine files
namespace {

using json = nlohmann::ordered_json;
const char* kId = "SC-10";

/// Mean over the samples of a per-sample expression.
template <class Fn> double sample_mean(Eigen::Index n, Fn fn) {
  CompensatedSum<double> s;
  for (Eigen::Index i = 0; i < n; ++i) s.add(fn(i));
  return s.value() / static_cast<double>(n);
}

/// One sweep point: every quantity of SC-10 for instance `seed` at width m (see the file comment). Cost O(nmd).
json sc10_point(std::uint64_t seed, int m) {
  const Instance<double> inst = sc10::instance(seed, m, Loss::square);
  const Eigen::Index n = inst.n();
  const double md = static_cast<double>(m), sqm = std::sqrt(md);
  const Vector<double> w = Objective<double>::flatten(inst.W);

  ObjectiveSpec rs;
  rs.kind = ObjectiveKind::randomized;
  rs.method = RandomizedMethod::closed_form;  // SPEC §3.4: exact for the squared loss
  ObjectiveSpec qs;
  qs.kind = ObjectiveKind::taylor;
  qs.order = 2;
  const Objective<double> L(inst, rs), LQ(inst, qs);
  Vector<double> gL, gQ;
  const double Lv = L.gradient(w, gL), LQv = LQ.gradient(w, gQ);
  CompensatedSum<double> radL, radQ;
  double rad_scale = 0;
  for (Eigen::Index k = 0; k < w.size(); ++k) {
    radL.add(gL(k) * w(k));
    radQ.add(gQ(k) * w(k));
    rad_scale += std::abs(gL(k) * w(k)) + std::abs(gQ(k) * w(k));
  }
  const Vector<double> g = LQ.predictions(w);         // f_W0 + f^Q_W
  const Vector<double> fq = taylor_term(inst, inst.W, 2);
  const SignMoments<double> mom = randomized_moments(inst, inst.W);

  // per neuron: delta_r, delta'_r (radial derivative of delta_r) and u_r^4
  const NeuronView<double> v = neuron_view(inst, inst.W, 0);
  std::vector<Matrix<double>> sp, sm;
  activation_derivatives(inst.activation, Matrix<double>(v.t + v.u), 1, sp);
  activation_derivatives(inst.activation, Matrix<double>(v.t - v.u), 1, sm);
  const Matrix<double> dd = ((sp[0] - sm[0]) / 2.0).cwiseProduct(v.u.cwiseProduct((sp[1] + sm[1]) / 2.0));
  const Vector<double> rad_var = compensated_row_sums(dd) / md;
  const Vector<double> u4 = compensated_row_sums(Matrix<double>(v.u.array().square().square().matrix()));

  const Activation a = inst.activation;
  const double C1 = activation_sup_bound(a, 1), C3 = activation_sup_bound(a, 3), C4 = activation_sup_bound(a, 4);
  const double B = mixed_norm(inst.W, 4.0), Bx = input_norm_bound(inst.X);
  const double a1 = C1 * Bx * B * std::pow(md, -0.25), A3 = C3 * std::pow(Bx * B, 3) * std::pow(md, -0.25) / 6.0;
  const double A = a1 + A3, Ebar = C4 * std::pow(Bx * B, 4) / (24.0 * sqm);
  auto gy = [&](Eigen::Index i) { return std::abs(g(i) - inst.y(i)); };
  auto Ei = [&](Eigen::Index i) { return C4 * u4(i) / (24.0 * sqm); };

  json r;
  r["L"] = Lv;
  r["LQ"] = LQv;
  r["gap"] = Lv - LQv;
  r["half_var"] = 0.5 * sample_mean(n, [&](Eigen::Index i) { return mom.var(i); });
  r["rad"] = radL.value() - radQ.value();
  r["rad_scale"] = rad_scale;
  r["rad_var"] = sample_mean(n, [&](Eigen::Index i) { return rad_var(i); });
  r["mean_shift"] = sample_mean(n, [&](Eigen::Index i) {
    const double e = mom.mean(i) - g(i);
    return e * (g(i) - inst.y(i)) + 0.5 * e * e;
  });
  r["val_next_bound"] = sample_mean(n, [&](Eigen::Index i) { return Ei(i) * gy(i) + 0.5 * Ei(i) * Ei(i); });
  r["rad_next_bound"] = sample_mean(n, [&](Eigen::Index i) {
    return 4 * Ei(i) * gy(i) + Ei(i) * (2 * std::abs(fq(i)) + 4 * Ei(i));
  });
  r["C1"] = sample_mean(n, [&](Eigen::Index i) { return gy(i) * A + 0.5 * A * A; });
  r["C1p"] = sample_mean(n, [&](Eigen::Index i) { return Ebar * (gy(i) + 0.5 * Ebar); }) +
             0.5 * C1 * C1 * Bx * Bx * B * B / sqm;
  r["C2"] = sample_mean(n, [&](Eigen::Index i) { return gy(i) * 3 * A3 + 2 * std::abs(fq(i)) * A; }) + A * (a1 + 3 * A3);
  r["C2p"] = sample_mean(n, [&](Eigen::Index i) { return 4 * Ebar * gy(i) + Ebar * (2 * std::abs(fq(i)) + 4 * Ebar); }) +
             C1 * C1 * Bx * Bx * B * B / sqm;
  r["B"] = B;
  r["Bx"] = Bx;
  return r;
}

std::string key_of(int s, int m) { return "seed=" + std::to_string(s) + " m=" + std::to_string(m); }

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>(
      {1 << 8, 1 << 10, 1 << 12}, {1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16},
      {1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20});
  const int seeds = ctx.pick(4, 10, 20);
  const double tail_min = ctx.pick<double>(1 << 10, 1 << 14, 1 << 14);

  // ---- the (seed, m) grid: one sweep ---------------------------------------------------------------
  std::vector<SweepTask> tasks;
  for (int s = 0; s < seeds; ++s)
    for (int m : widths) {
      const std::uint64_t seed = ctx.sub_seed(sc10::kInstanceId, static_cast<std::uint64_t>(s));
      tasks.push_back({key_of(s, m), static_cast<double>(m) * sc10::kSamples * sc10::kDim,
                       [seed, m] { return sc10_point(seed, m); }});
    }
  const std::vector<json> pts = ctx.sweep("SC-10 generic movement, squared loss y=0.3 (d=10, n=4, rho=1)", std::move(tasks));

  const std::size_t K = widths.size();
  std::vector<std::vector<double>> val(seeds, std::vector<double>(K)), rad(seeds, std::vector<double>(K)),
      c1(seeds, std::vector<double>(K)), c2(seeds, std::vector<double>(K));
  std::vector<double> ratio_val_dev(K, 0), ratio_rad_dev(K, 0), rad_over_var(K, 0);
  const std::string basis_bound =
      inequality_basis() + "; the bound is evaluated from the instance's B = ||W||_{2,4}, B_x and sup|sigma^(k)| = sqrt 2";
  for (int s = 0; s < seeds; ++s)
    for (std::size_t k = 0; k < K; ++k) {
      const json& p = pts[static_cast<std::size_t>(s) * K + k];
      const int m = widths[k];
      const std::string where = describe(sc10::options(ctx.sub_seed(sc10::kInstanceId, s), m, Loss::square)) + ", y = 0.3";
      const double gap = p["gap"], half_var = p["half_var"], rd = p["rad"], rad_var = p["rad_var"];
      val[s][k] = std::abs(gap);
      rad[s][k] = std::abs(rd);
      c1[s][k] = p["C1"];
      c2[s][k] = p["C2"];
      ms.at_most("(C1), squared loss: |L - L^Q| <= (1/n) sum_i [|g_i - y_i| A + A^2/2], A = (C_1 B_x B + C_3 B_x^3 B^3/6) m^{-1/4}",
                 std::abs(gap), p["C1"], kInequalityTol, basis_bound, where);
      ms.at_most("(C1'), squared loss: |L - L^Q| <= (1/n) sum_i E (|g_i - y_i| + E/2) + C_1^2 (B_x B)^2 m^{-1/2} / 2, "
                 "E = C_4 (B_x B)^4 / (24 sqrt m)",
                 std::abs(gap), p["C1p"], kInequalityTol, basis_bound, where);
      ms.at_most("(C2) explicit, squared loss: |<grad L - grad L^Q, W>| <= (1/n) sum_i [|g_i - y_i| 3 A_3 + 2 |f^Q_i| A] + "
                 "A (a_1 + 3 A_3) [m^{-1/4}]",
                 std::abs(rd), p["C2"], kInequalityTol, basis_bound + " ((C2) with explicit constants derived in the file comment)",
                 where);
      ms.at_most("(C2') explicit, squared loss: |<grad L - grad L^Q, W>| <= (1/n) sum_i [4 E |g_i - y_i| + E (2 |f^Q_i| + 4 E)] + "
                 "C_1^2 (B_x B)^2 m^{-1/2}",
                 std::abs(rd), p["C2p"], kInequalityTol, basis_bound + " (derived in the file comment)", where);
      // ratios to the variance terms: the deviation is the mean-shift term, bounded rigorously per instance
      const double lval = p["L"], lq = p["LQ"], rs = p["rad_scale"];
      const double tol_val = (double(p["val_next_bound"]) + kIdentityTol * (std::abs(lval) + std::abs(lq))) / half_var;
      const double tol_rad = (double(p["rad_next_bound"]) + kIdentityTol * rs) / rad_var;
      ms.equal("(L - L^Q) / ((1/2n) sum_i Var_i) = 1 (variance term (1/2) ell'' Var, squared loss)", 1.0, gap / half_var, 1.0,
               tol_val,
               "exact decomposition (file comment): the deviation is the mean-shift term (1/n) sum_i [e_i (g_i - y_i) + e_i^2/2] "
               "with |e_i| <= C_4/(24 sqrt m) sum_r u_ir^4 (rigorous, per instance; O(m^{-1}) typical, bound ~1% here), "
               "plus 1e-12 (|L| + |L^Q|) / (half variance) for the rounding of the difference",
               where);
      ms.equal("<grad L - grad L^Q, W> / ((1/n) sum_i (1/m) sum_r delta_r delta'_r) = 1 (radial variance term)", 1.0,
               rd / rad_var, 1.0, tol_rad,
               "exact decomposition (file comment): the deviation is (1/n) sum_i [e'_i (g_i - y_i) + e_i (2 f^Q_i + e'_i)] with "
               "|e_i| <= E_i, |e'_i| <= 4 E_i, E_i = C_4/(24 sqrt m) sum_r u_ir^4 (rigorous, per instance), plus 1e-12 "
               "sum_k |g_k w_k| / (radial variance term) for the rounding of the two dot products",
               where);
      ratio_val_dev[k] += std::abs(gap / half_var - 1) / seeds;
      ratio_rad_dev[k] += std::abs(rd / rad_var - 1) / seeds;
      rad_over_var[k] += rad_var / (2 * half_var) / seeds;
    }

  // ---- scaling laws -----------------------------------------------------------------------------------
  const std::vector<double> x(widths.begin(), widths.end());
  const double cv = sc10::variance_prefactor();
  ScalingLaw lv = fit_scaling("|L - L^Q|", "m", x, val, -0.5, 0.5 * cv, tail_min);
  ScalingLaw lr = fit_scaling("|<grad L - grad L^Q, W>|", "m", x, rad, -0.5, cv, tail_min);
  const std::string slope_basis = "SPEC §6.3: accept slope within +-0.03 of the predicted -1/2 (variance term (1/2) ell'' Var "
                                  "= O(m^{-1/2}); the mean-shift terms are O(m^{-1}))";
  add_slope_measurement(ms, lv, 0.03, slope_basis);
  add_slope_measurement(ms, lr, 0.03,
                        slope_basis + ". The radial part's prediction is SPEC's [reconstructed] 'not yet run' item; its "
                                      "leading term ell'' (1/m) sum_r delta_r delta'_r ~ ell'' Var is derived in the file comment");
  const std::string pref_basis =
      "SPEC §6.3 acceptance (prefactor within 3% for m >= 2^14; the quick preset uses its top two widths). Constant "
      "[derived here]: E over the instance of (1/2) Var = rho^2 E[sigma'(G)^2] / (2d) m^{-1/2} = 0.05 m^{-1/2} (radial: "
      "twice that) for unit x, t ~ N(0,1), E (g.x)^2/||g||^2 = 1/d, E sigma'(G)^2 = 1 for sin + cos; corrections O(m^{-1/2}/d) "
      "< 0.1% and the seed-to-seed standard error ~0.3% at m >= 2^14";
  add_prefactor_measurement(ms, lv, 0.03, pref_basis);
  add_prefactor_measurement(ms, lr, 0.03, pref_basis);
  res.laws = {lv, lr};

  Figure fig = scaling_figure(res.laws, "figures/SC-10.svg", "SC-10: generic movement, squared loss (y = 0.3)",
                              "coupling gap",
                              "Value gap |L - L^Q| and radial gap |<grad L - grad L^Q, W>| (mean over seeds, +-1 s.e.) with "
                              "the predicted m^{-1/2} lines (constants 0.05, 0.1), and the m^{-1/4} bounds (C1) and (C2) "
                              "(squared-loss forms, mean over seeds) they stay below.");
  fig.series.push_back(mean_line("(C1) bound on |L - L^Q|", x, c1));
  fig.series.push_back(mean_line("(C2) bound on the radial gap", x, c2));
  res.figures.push_back(fig);

  // ---- parameters and notes ---------------------------------------------------------------------------
  res.parameters["d"] = sc10::kDim;
  res.parameters["n"] = sc10::kSamples;
  res.parameters["rho"] = sc10::kRho;
  res.parameters["label"] = sc10::kLabel;
  res.parameters["activation"] = "sincos";
  res.parameters["loss"] = "square";
  res.parameters["movement"] = "generic: w_r = m^{-1/4} rho g_r/||g_r||, symmetric init, x uniform on S^{d-1}";
  res.parameters["widths"] = widths;
  res.parameters["seeds"] = seeds;
  res.parameters["instance_seeds"] = "ctx.sub_seed(\"SC-10\", k), shared with SC-11";
  res.parameters["mean_abs_gap"] = lv.mean;
  res.parameters["mean_abs_radial_gap"] = lr.mean;
  res.parameters["mean_abs_ratio_deviation_value"] = ratio_val_dev;
  res.parameters["mean_abs_ratio_deviation_radial"] = ratio_rad_dev;
  res.parameters["mean_radial_variance_term_over_Var"] = rad_over_var;
  res.measurements = ms.list();
  res.notes.push_back("|L - L^Q| = " + fmt(lv.mean.front()) + " -> " + fmt(lv.mean.back()) + " for m = " +
                      std::to_string(widths.front()) + " -> " + std::to_string(widths.back()) + ", slope " + fmt(lv.slope) +
                      " (95% CI [" + fmt(lv.slope_ci_lo) + ", " + fmt(lv.slope_ci_hi) + "]); radial gap " + fmt(lr.mean.front()) +
                      " -> " + fmt(lr.mean.back()) + ", slope " + fmt(lr.slope) + " (95% CI [" + fmt(lr.slope_ci_lo) + ", " +
                      fmt(lr.slope_ci_hi) + "]). SPEC §6.6 (10 seeds, n unknown, m = 2^8..2^16): |L - L^Q| = 3.03e-3 -> "
                      "1.95e-4, slope -0.495 (other instances: compared by eye).");
  res.notes.push_back("Ratios to the variance terms, mean |ratio - 1| over seeds per width: value " + fmt(ratio_val_dev.front()) +
                      " -> " + fmt(ratio_val_dev.back()) + ", radial " + fmt(ratio_rad_dev.front()) + " -> " +
                      fmt(ratio_rad_dev.back()) + " (the mean-shift terms are O(m^{-1}) against O(m^{-1/2})). The tolerance of "
                      "each ratio is the rigorous per-instance bound on the mean-shift term, which is O(1) relative (about "
                      "1-2%) because it uses sum_r u_r^4 without the cancellation of the random signs a_r.");
  res.notes.push_back("Radial analogue of the variance term (derived): (1/2) ell'' tau d/dtau Var(tau W) = ell'' (1/m) sum_r "
                      "delta_r delta'_r, and (1/m) sum delta delta' / Var = " + fmt(rad_over_var.front()) + " -> " +
                      fmt(rad_over_var.back()) + " (-> 1: Var is homogeneous of degree 2 at leading order), so the radial gap "
                      "~ ell'' Var = twice the value gap.");
  res.notes.push_back("The squared loss is not globally Lipschitz, so SPEC's (C1) is evaluated with L_1 replaced by the exact "
                      "local form ell(g + D) - ell(g) = D (g - y) + D^2/2 (file comment); (C2)/(C2') are the radial analogues "
                      "of (C1)/(C1') with explicit constants derived here (SPEC states (C2) only as O(m^{-1/4}) poly). The "
                      "(C1) bound is loose by a factor ~" + fmt(c1[0].back() / val[0].back()) + " at the largest width of seed 0: "
                      "the gap decays faster (m^{-1/2}) than the Lipschitz-loss rate, as SPEC §4.1 remarks for smooth losses.");
  res.notes.push_back("Next order of the law: for sin + cos, delta_r = sigma'(t_r) sin u_r, so Var = (1/m) sum_r sigma'(t_r)^2 "
                      "sin^2 u_r = V (1 - m^{-1/2}/(d + 2) + ...) on average (E u^4 / (3 E u^2) with E u^4 = 3 m^{-1} rho^4/(d(d+2))): "
                      "-0.5% at m = 2^8, which flattens the fitted slope by about +0.001 over 2^8..2^16.");
  res.notes.push_back("Logistic loss is not run: its randomized objective needs Monte Carlo over Sigma at these widths (a full "
                      "forward pass per draw); the squared loss gives the same prediction with exact values.");
  return res;
}

}  // namespace
}  // namespace sc10

Check check_sc10_generic_movement() {
  return {{sc10::kId, "Generic movement: coupling gaps of value and radial derivative",
           "§6.3 SC-10; §4.1 (C1), (C1'), (C2); §3.4; §6.6",
           "[reconstructed, verify] (Lemma C (C1)-(C2)) with [derived] proofs; radial-derivative part not yet run in SPEC",
           "With generic movement and the squared loss (y = 0.3), L - L^Q and <grad L - grad L^Q, W> decay like m^{-1/2} "
           "(the variance term (1/2) ell'' Var and its radial analogue ell'' (1/m) sum_r delta_r delta'_r) and stay below "
           "the m^{-1/4} coupling bounds."},
          sc10::run};
}

}  // namespace beyondlin::checks
