// ST-1 (SPEC §6.4; §4.2 Theorem L; §4.1 (C1), (C1'); §3.4; reference values §6.6): empirical landscape.
//
// Claim: realizable planted W* (||W*||_{2,4} = 1), squared loss, lambda = 1e-4, GD/PGD from a tiny random
// init on L~^Q_lambda = L^Q + lambda R: every run ends with L^Q <= Theorem L's bound; in practice ~ 0.
// Repeat on the exact randomized squared loss (SPEC §3.4) with m >= 256: final L within (C1) of L^Q.
// Reference (SPEC §6.6, d = 5, n = 40, m in {16, 64, 256}, 3 seeds, eta = 0.5): final L^Q <= 5e-6,
// ||W||_{2,4} in [0.40, 0.76].
//
// Part A (quadratic model): generate_instance with target "planted" (y = f^Q_{W*}(x), f_W0 = 0 under
// symmetric init), train (gd or pgd) on L~^Q_lambda from N(0, 1e-6/(md) I), then at the final point
//   - L^Q(W) <= Theorem L line 1 (theorem_l_bound with eps_g, eps_H from sosp_certificate of L~^Q_lambda:
//     dense Hessian for md <= 400, Lanczos above), comparator W* (B* = 1);
//   - "in practice ~ 0": L^Q(W) <= 5e-6, the SPEC §6.6 reference value for this configuration (the only
//     number the SPEC gives for "~ 0"; see the notes for what it means at each width).
// Part B (randomized network, m >= 256): train gd on L~_lambda = L + lambda R with L the exact closed form
// of SPEC §3.4 (Objective "randomized", closed-form method) and compare at the final point
//   (C1)  |L - L^Q| <= L1 (C1 Bx B + C3 Bx^3 B^3/6) m^{-1/4},
//   (C1') |L - L^Q| <= [L1 C4 (Bx B)^4/24 + (L2/2) C1^2 (Bx B)^2] m^{-1/2}          (sincos is C^4),
// B = ||W||_{2,4}, C_k = activation_sup_bound, L2 = loss_sup_derivative(square, 2) = 1, as in
// checks/in05_coupling.cpp. The squared loss has no global Lipschitz constant (loss_sup_derivative(square,
// 1) = +inf makes (C1) vacuous); the proofs of (C1)/(C1') (SPEC §4.1) only use |ell'| on the predictions
// that occur, so L1 is taken as that supremum, computed exactly:
//   L1 = max_i max(|g_i - y_i|, |F_i - y_i| + S_i),  g_i = f_W0 + f^Q_W (x_i),  F_i = E_Sigma f (P2),
//   S_i = m^{-1/2} sum_r |delta_r(x_i)| = max_Sigma |f_Sigma(x_i) - F_i| (P4: a Rademacher sum),
// which bounds |ell'| = |yhat - y| on the segment between g_i and every f_Sigma(x_i) (|yhat - y| is convex).
// Part B runs on two targets: the generic planted W* of Part A (the SPEC set-up) and a coherent planted W*
// (SPEC §6 coherent movement with rho = 2^{1/4}, so ||W*||_{2,4} = 1, whose f^Q is O(1) instead of O(m^{-1/2})).
//
// Sweep "ST-1 landscape" (checks/sweep.hpp): every training run (Part A: width x seed; Part B: width x target) is one
// task that trains, certifies and evaluates the bounds, and returns its row of numbers (the JSON rows reported in
// parameters.runs_part_A / runs_part_B); the measurements are then made from those rows, in run order. Figures: final
// L^Q against Theorem L's bound, L^Q(0) and the SPEC §6.6 reference per run (ST-1-theorem-l.svg); |L - L^Q| against
// the (C1) and (C1') bounds per run (ST-1-coupling.svg).

#include "check_util.hpp"
#include "sweep.hpp"

#include <beyondlin/hessian.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>
#include <beyondlin/sosp.hpp>
#include <beyondlin/spectrum.hpp>
#include <beyondlin/theorem_l.hpp>
#include <beyondlin/train.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace beyondlin::checks {
namespace st01 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ST-1";
constexpr double kLambda = 1e-4;
constexpr double kReferenceLQ = 5e-6;             // SPEC §6.6
constexpr double kReferenceNormLo = 0.40, kReferenceNormHi = 0.76;
constexpr Eigen::Index kDenseMaxDim = 400;

ObjectiveSpec quadratic_spec(double lambda) {
  ObjectiveSpec s;
  s.kind = ObjectiveKind::taylor;
  s.order = 2;
  s.lambda = lambda;
  return s;
}

ObjectiveSpec randomized_spec(double lambda) {
  ObjectiveSpec s;
  s.kind = ObjectiveKind::randomized;
  s.method = RandomizedMethod::closed_form;  // SPEC §3.4, exact for the squared loss
  s.lambda = lambda;
  return s;
}

/// Coherent planted instance: W* = coherent movement with rho = 2^{1/4} (||W*||_{2,4} = 1),
/// y = f_W0(x) + f^Q_{W*}(x), W = 0.
Instance<double> coherent_planted(const InstanceOptions& base) {
  InstanceOptions o = base;
  o.movement = "coherent";
  o.rho = std::pow(2.0, 0.25);
  o.target = "zero";
  Instance<double> inst = generate_instance(o);
  inst.W_star = inst.W;
  inst.y = initial_output(inst) + taylor_term(inst, inst.W_star, 2);
  inst.W.setZero();
  return inst;
}

/// Lower bound on L^Q at any point of the squared loss with f_W0 = 0 (derived): with <grad L^Q, W> =
/// (2/n) sum_i r_i f^Q_W(x_i) (Euler, SPEC §2) and Cauchy-Schwarz, L^Q >= <grad L^Q, W>^2 / (8 mean f^Q^2), and
/// <grad L^Q, W> = <grad F, W> - 8 lambda R (<grad R, W> = 8 R, SPEC §3.3), so
///   L^Q >= (8 lambda R - |<grad F, W>|)_+^2 / (8 mean_i f^Q_W(x_i)^2):
/// the floor that lambda > 0 puts under L^Q at near-stationary points.
double lambda_floor(const Instance<double>& inst, const Objective<double>& F, const RowMatrix<double>& W) {
  const Vector<double> w = Objective<double>::flatten(W);
  Vector<double> g;
  F.gradient(w, g);
  const double radial = std::abs(g.dot(w));
  const double R = std::pow(mixed_norm(W, 4.0), 8);
  const Vector<double> fq = taylor_term(inst, W, 2);
  const double mean_sq = fq.squaredNorm() / static_cast<double>(fq.size());
  const double num = std::max(0.0, 8 * kLambda * R - radial);
  return mean_sq > 0 ? num * num / (8 * mean_sq) : 0.0;
}

struct Totals {
  double max_LQ = 0, min_norm = std::numeric_limits<double>::infinity(), max_norm = 0;
  double max_eps_g = 0, max_eps_H = 0, max_ratio = 0;  // ratio = L^Q(final) / L^Q(0)
};

// ---- Part A: the quadratic model ---------------------------------------------------------------

/// One Part A run (a sweep task): train, certify, evaluate Theorem L; the row holds every number the
/// measurements use (L_Q_final, theorem_l_rhs, norm24, eps_g, eps_H, L_Q_final_over_start).
nlohmann::ordered_json part_a_run(const InstanceOptions& o, TrainMethod method, double lr, long steps, std::uint64_t seed) {
  const Instance<double> inst = generate_instance(o);
  const ObjectiveSpec spec = quadratic_spec(kLambda);
  const Objective<double> F(inst, spec);
  const TrainOptions to = tiny_init_train_options(method, lr, steps, seed);
  const std::string where = describe(o) + ", " + train_method_name(method) + " lr=" + fmt(lr);
  const TrainResult tr = train(inst, spec, to);
  const Vector<double> w = Objective<double>::flatten(tr.W);
  const SospCertificate<double> c = sosp_certificate(F, w, F.dim() <= kDenseMaxDim);
  const TheoremLTerms t = theorem_l_bound(inst, tr.W, inst.W_star, kLambda, c.eps_g, c.eps_H);
  const double LQ = F.data_value(w), LQ0 = F.data_value(Vector<double>::Zero(F.dim()));
  const HessianEigenResult top = hessian_extreme_eigenvalues(F, w, 1, false);
  const double lambda_max = top.values.empty() ? std::numeric_limits<double>::quiet_NaN() : top.values[0];
  nlohmann::ordered_json row;
  row["where"] = where;
  row["method"] = train_method_name(method);
  row["steps_run"] = tr.steps_run;
  row["stop_reason"] = tr.stop_reason;
  row["perturbations"] = tr.perturbations;
  row["L_Q_start"] = LQ0;
  row["L_Q_final"] = LQ;
  row["L_Q_final_over_start"] = LQ / LQ0;
  row["lambda_floor"] = lambda_floor(inst, F, tr.W);
  row["norm24"] = t.a;
  row["eps_g"] = c.eps_g;
  row["eps_H"] = c.eps_H;
  row["eig"] = c.eig_method;
  row["theorem_l_rhs"] = t.rhs;
  row["theorem_l_terms"] = {{"comparator", t.comparator_loss}, {"coupling", t.coupling}, {"regularizer", t.regularizer},
                            {"hessian", t.hessian},            {"gradient", t.gradient}};
  row["lr_lambda_max"] = lr * lambda_max;
  return row;
}

/// The Part A measurements and totals from a run's row (in run order).
void part_a_measure(const nlohmann::ordered_json& row, MeasurementSet& ms, Totals& tot) {
  const std::string where = row["where"].get<std::string>();
  const double LQ = row["L_Q_final"].get<double>(), rhs = row["theorem_l_rhs"].get<double>();
  ms.at_most("L^Q(final) <= Theorem L line 1 (eps measured on L~^Q_lambda at the final point)", LQ, rhs,
             kInequalityTol, inequality_basis() + " (SPEC §6.4 ST-1 'every run ends with L^Q <= Theorem L's bound')",
             where);
  ms.at_most("in practice ~ 0: L^Q(final) <= 5e-6 (SPEC §6.6 reference, absolute)", LQ, kReferenceLQ, 0.0,
             "The SPEC §6.6 reference run of this configuration (d = 5, n = 40, lambda = 1e-4, m in {16, 64, 256}) ended "
             "with L^Q <= 5e-6; the threshold itself is the criterion (tolerance 0: L^Q is computed to ~1e-16 relative). "
             "Relative to L^Q(0) this is a 60x decrease at m = 16 but only ~4x at m = 256 (notes)",
             where);
  const double a = row["norm24"].get<double>();
  tot.max_LQ = std::max(tot.max_LQ, LQ);
  tot.min_norm = std::min(tot.min_norm, a);
  tot.max_norm = std::max(tot.max_norm, a);
  tot.max_eps_g = std::max(tot.max_eps_g, row["eps_g"].get<double>());
  tot.max_eps_H = std::max(tot.max_eps_H, row["eps_H"].get<double>());
  tot.max_ratio = std::max(tot.max_ratio, row["L_Q_final_over_start"].get<double>());
}

// ---- Part B: the randomized network -------------------------------------------------------------

/// One Part B run (a sweep task): train on the randomized loss, evaluate |L - L^Q| and the (C1), (C1') bounds; the
/// row holds every number the measurements use (abs_L_minus_LQ, C1_bound, C1prime_bound, rounding_allowance).
nlohmann::ordered_json part_b_run(const Instance<double>& inst, const std::string& target, const std::string& where0,
                                  double lr, long steps, std::uint64_t seed) {
  const Eigen::Index m = inst.m();
  const ObjectiveSpec spec = randomized_spec(kLambda);
  const Objective<double> F(inst, spec), L(inst, randomized_spec(0.0)), LQ(inst, quadratic_spec(0.0));
  TrainOptions to;
  to.method = TrainMethod::gd;
  to.lr = lr;
  to.steps = steps;
  to.init_noise = kTinyInitNoise;
  to.tol_g = 0.0;
  to.seed = seed;
  const std::string where = where0 + ", " + target + " planted target, gd lr=" + fmt(lr) + " on L~_lambda (closed form)";
  const Vector<double> zero = Vector<double>::Zero(F.dim());
  const HessianExtremes<double> h0 = hessian_extremes(F, zero, 1, F.dim() <= kDenseMaxDim);
  const TrainResult tr = train(inst, spec, to);
  const RowMatrix<double>& W = tr.W;
  const Vector<double> w = Objective<double>::flatten(W);
  const double Lv = L.data_value(w), LQv = LQ.data_value(w), gap = std::abs(Lv - LQv);

  // L1 on the predictions that occur (file comment)
  const Vector<double> g = LQ.predictions(w);
  const SignMoments<double> mom = randomized_moments(inst, W);
  const NeuronView<double> v = neuron_view(inst, W, 0);
  const Matrix<double> sp = shifted_activation(inst, v, +1), sm = shifted_activation(inst, v, -1);
  const Vector<double> S = abs_neuron_sum(Matrix<double>((sp - sm) / 2.0));
  double L1 = 0;
  for (Eigen::Index i = 0; i < inst.n(); ++i)
    L1 = std::max({L1, std::abs(g(i) - inst.y(i)), std::abs(mom.mean(i) - inst.y(i)) + S(i)});
  const Activation a = inst.activation;
  const double C1 = activation_sup_bound(a, 1), C3 = activation_sup_bound(a, 3), C4 = activation_sup_bound(a, 4);
  const double L2 = loss_sup_derivative(Loss::square, 2);
  const double Bx = input_norm_bound(inst.X), B = mixed_norm(W, 4.0), md = static_cast<double>(m);
  const double c1 = L1 * (C1 * Bx * B + C3 * std::pow(Bx * B, 3) / 6.0) * std::pow(md, -0.25);
  const double c1p = (L1 * C4 * std::pow(Bx * B, 4) / 24.0 + 0.5 * L2 * C1 * C1 * Bx * Bx * B * B) / std::sqrt(md);
  // |L - L^Q| is a difference of two computed losses. The predictions F_i, g_i are accurate to a few u of their
  // natural magnitude N_i = m^{-1/2} sum_r (|sigma(t+u)| + |sigma(t-u)|)/2 (network.hpp), so each loss carries an
  // absolute error ~ u |prediction - y| N_i plus ~u of its value: the rounding allowance
  //   4u [ (1/n) sum_i (|F_i - y_i| + |g_i - y_i|) N_i + L + L^Q ]
  // is added to both bounds. It matters only when the final W has collapsed to ~0 (both bounds -> 0 with B); at moved
  // points the bounds exceed it by > 1e8.
  const Vector<double> N = abs_neuron_sum(Matrix<double>((sp.cwiseAbs() + sm.cwiseAbs()) / 2.0));
  double err_sum = 0;
  for (Eigen::Index i = 0; i < inst.n(); ++i)
    err_sum += (std::abs(mom.mean(i) - inst.y(i)) + std::abs(g(i) - inst.y(i))) * N(i);
  const double allowance =
      4 * unit_roundoff<double>() * (err_sum / static_cast<double>(inst.n()) + Lv + LQv);
  const HessianEigenResult top = hessian_extreme_eigenvalues(F, w, 1, false);
  nlohmann::ordered_json row;
  row["where"] = where;
  row["lambda_min_hess_L_at_0"] = h0.min.empty() ? std::numeric_limits<double>::quiet_NaN() : h0.min[0];
  row["L_start"] = L.data_value(zero);
  row["L_final"] = Lv;
  row["L_Q_final"] = LQv;
  row["abs_L_minus_LQ"] = gap;
  row["C1_bound"] = c1;
  row["C1prime_bound"] = c1p;
  row["L1_local"] = L1;
  row["rounding_allowance"] = allowance;
  row["norm24"] = B;
  row["lr_lambda_max"] = top.values.empty() ? std::numeric_limits<double>::quiet_NaN() : lr * top.values[0];
  return row;
}

/// The Part B measurements from a run's row (in run order).
void part_b_measure(const nlohmann::ordered_json& row, const std::string& target, MeasurementSet& ms) {
  const std::string where = row["where"].get<std::string>();
  const double gap = row["abs_L_minus_LQ"].get<double>(), c1 = row["C1_bound"].get<double>(),
               c1p = row["C1prime_bound"].get<double>(), allowance = row["rounding_allowance"].get<double>();
  const std::string basis = inequality_basis() +
                            "; the bound includes a rounding allowance 4u [mean_i (|F_i - y_i| + |g_i - y_i|) N_i + L + L^Q] "
                            "for the difference of two computed losses (N_i the natural magnitude of the predictions; "
                            "relevant only at W ~ 0). L1 = sup |ell'| over the predictions that occur (file comment)";
  ms.at_most("(C1) |L - L^Q| <= L1 (C1 Bx B + C3 Bx^3 B^3/6) m^{-1/4} + rounding [randomized runs, " + target +
                 " target]",
             gap, c1 + allowance, kInequalityTol, basis, where);
  ms.at_most("(C1') |L - L^Q| <= [L1 C4 (Bx B)^4/24 + (L2/2) C1^2 (Bx B)^2] m^{-1/2} + rounding [randomized runs, " +
                 target + " target]",
             gap, c1p + allowance, kInequalityTol, basis, where);
}

/// A per-run figure series (points): x = the run's width, y = the row's field, for the runs i in [from, to) whose
/// target is `target` (any when empty).
FigureSeries run_series(const std::string& label, const std::vector<nlohmann::ordered_json>& rows,
                        const std::vector<double>& run_m, const std::vector<std::string>& run_target, std::size_t from,
                        std::size_t to, const std::string& field, const std::string& target = "", double add_field_scale = 0,
                        const std::string& add_field = "") {
  FigureSeries s;
  s.label = label;
  for (std::size_t i = from; i < to; ++i) {
    if (!target.empty() && run_target[i] != target) continue;
    s.x.push_back(run_m[i]);
    s.y.push_back(rows[i][field].get<double>() + (add_field.empty() ? 0.0 : add_field_scale * rows[i][add_field].get<double>()));
  }
  return s;
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  Totals tot;
  const int d = 5, n = 40;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({16, 64}, {16, 64, 256}, {16, 64, 256});
  const int seeds = ctx.pick(1, 3, 6);
  const long steps = ctx.pick(3000L, 8000L, 16000L);
  const std::vector<int> rwidths = ctx.pick<std::vector<int>>({256}, {256, 1024}, {256, 1024, 4096});
  const long rsteps = ctx.pick(1500L, 3000L, 6000L);
  const double rlr = 64.0;

  // The sweep: Part A runs (width x seed), then Part B runs (width x target). Every task's key names what it
  // computes: the instance seed index, the run index k of the training seed sub_seed("ST-1", 1000 + k) (Part A) or
  // sub_seed("ST-1", 2000 + k) (Part B; k continues after Part A's runs), method, lr and steps.
  std::vector<SweepTask> tasks;
  std::vector<double> run_m;            // width of each task
  std::vector<std::string> run_target;  // Part B target of each task ("" for Part A)
  std::uint64_t k = 0;
  for (std::size_t wi = 0; wi < widths.size(); ++wi)
    for (int s = 0; s < seeds; ++s) {
      const InstanceOptions o = make_options(d, widths[wi], n, Activation::sincos, ctx.sub_seed(kId, static_cast<std::uint64_t>(s)),
                                             "zero", 1.0, Init::symmetric, Loss::square, "planted");
      const TrainMethod method = (wi + static_cast<std::size_t>(s)) % 2 == 0 ? TrainMethod::gd : TrainMethod::pgd;
      // lambda_max(Hess L~^Q_lambda) ~ 1/m at the planted solutions: lr = 8 m keeps lr lambda_max < 2 (recorded per run)
      const double lr = 8.0 * widths[wi];
      const std::uint64_t train_seed = ctx.sub_seed(kId, 1000 + k);
      const double m = widths[wi];
      // cost: steps x O(n m d) plus the certificate (dense: m d HVPs of O(n m d) each, for m d <= 400)
      tasks.push_back({"A d=" + std::to_string(d) + " n=" + std::to_string(n) + " m=" + std::to_string(widths[wi]) +
                           " instance_seed=" + std::to_string(s) + " run=" + std::to_string(k) + " " +
                           train_method_name(method) + " lr=" + shortest_decimal(lr) + " steps=" + std::to_string(steps),
                       (static_cast<double>(steps) + std::min(m * d, 400.0)) * n * m * d,
                       [o, method, lr, steps, train_seed]() { return part_a_run(o, method, lr, steps, train_seed); }});
      run_m.push_back(m);
      run_target.push_back("");
      ++k;
    }
  for (int m : rwidths)
    for (const char* target : {"generic", "coherent"}) {
      const InstanceOptions o = make_options(d, m, n, Activation::sincos, ctx.sub_seed(kId, 0), "zero", 1.0, Init::symmetric,
                                             Loss::square, "planted");
      const std::uint64_t train_seed = ctx.sub_seed(kId, 2000 + k);
      const std::string tg = target;
      // cost: rsteps x O(n m d) (closed-form randomized loss: ~3 activation evaluations per entry)
      tasks.push_back({"B d=" + std::to_string(d) + " n=" + std::to_string(n) + " m=" + std::to_string(m) +
                           " instance_seed=0 " + tg + " run=" + std::to_string(k) + " gd lr=" + shortest_decimal(rlr) +
                           " steps=" + std::to_string(rsteps),
                       3.0 * static_cast<double>(rsteps) * n * m * d,
                       [o, tg, rlr, rsteps, train_seed]() {
                         const Instance<double> inst = tg == "generic" ? generate_instance(o) : coherent_planted(o);
                         return part_b_run(inst, tg, describe(o), rlr, rsteps, train_seed);
                       }});
      run_m.push_back(m);
      run_target.push_back(tg);
      ++k;
    }
  const std::vector<nlohmann::ordered_json> rows = ctx.sweep("ST-1 landscape", std::move(tasks));
  nlohmann::ordered_json runs_a = nlohmann::ordered_json::array(), runs_b = nlohmann::ordered_json::array();
  const std::size_t na = widths.size() * static_cast<std::size_t>(seeds);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i < na) {
      part_a_measure(rows[i], ms, tot);
      runs_a.push_back(rows[i]);
    } else {
      part_b_measure(rows[i], run_target[i], ms);
      runs_b.push_back(rows[i]);
    }
  }

  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["activation"] = "sincos";
  res.parameters["loss"] = "square";
  res.parameters["lambda"] = kLambda;
  res.parameters["init"] = "symmetric; training starts at N(0, init_noise^2/(md) I), init_noise = 1e-3";
  res.parameters["part_A"] = {{"objective", "quadratic + lambda R"},
                              {"target", "planted (generate_instance): y = f^Q_{W*}(x), generic W*, ||W*||_{2,4} = 1"},
                              {"widths", widths},
                              {"seeds", seeds},
                              {"methods", "gd and pgd alternating over (width, seed); pgd radius 1e-3, tol_g 1e-6, tol_H 1e-5"},
                              {"lr", "8 m"},
                              {"steps", steps},
                              {"certificate", "dense for md <= 400, Lanczos above"}};
  res.parameters["part_B"] = {{"objective", "randomized (closed form, SPEC §3.4) + lambda R"},
                              {"targets", "generic planted (as part A) and coherent planted (rho = 2^{1/4})"},
                              {"widths", rwidths},
                              {"method", "gd"},
                              {"lr", rlr},
                              {"steps", rsteps}};
  res.parameters["reference_SPEC_6_6"] = {{"config", "d = 5, n = 40, m in {16, 64, 256}, 3 seeds each, eta = 0.5"},
                                          {"final_L_Q_at_most", kReferenceLQ},
                                          {"norm24_range", {kReferenceNormLo, kReferenceNormHi}}};
  res.parameters["measured_vs_reference"] = {{"max_final_L_Q", tot.max_LQ},
                                             {"norm24_range", {tot.min_norm, tot.max_norm}},
                                             {"max_final_over_start", tot.max_ratio},
                                             {"max_eps_g", tot.max_eps_g},
                                             {"max_eps_H", tot.max_eps_H}};
  res.parameters["runs_part_A"] = runs_a;
  res.parameters["runs_part_B"] = runs_b;
  res.measurements = ms.list();
  res.notes.push_back("Reference (SPEC §6.6): final L^Q <= 5e-6, ||W||_{2,4} in [0.40, 0.76]. Measured here: max final L^Q = " +
                      fmt(tot.max_LQ) + ", ||W||_{2,4} in [" + fmt(tot.min_norm) + ", " + fmt(tot.max_norm) +
                      "] (the norms are reported, not tested: our instance draws differ from the reference's).");
  res.notes.push_back(
      "Step size: the reference's eta = 0.5 needs ~2e6 steps here (gradient-flow time eta T ~ 1e6: the planted "
      "target is ~m^{-1/2} small and the saddle at 0 has |lambda_min| ~ 1e-4); GD with lr = 8 m follows the same flow "
      "stably (lr lambda_max(final) per run in runs_part_A, all < 2) in a few thousand steps.");
  res.notes.push_back(
      "'In practice ~ 0' criterion: the SPEC §6.6 absolute value 5e-6. It is a weak statement at m = 256, where "
      "L^Q(0) ~ 2e-5 (the generic planted target has f^Q_{W*} ~ m^{-1/2}); the per-run ratio L^Q(final)/L^Q(0) is "
      "reported (max " + fmt(tot.max_ratio) + "). L^Q cannot reach 0 with lambda > 0: at a near-stationary point "
      "L^Q >= (8 lambda R - |<grad F, W>|)^2 / (8 mean f^Q^2) (derived in the file; 'lambda_floor' per run), a "
      "few 1e-7 at m = 16, within a factor ~5 of the plateau L^Q ~ 1e-6 reached there.");
  res.notes.push_back(
      "Theorem L's bound at the final points is dominated by the coupling term L2 C2^2 Bx^4 a^2 B*^2/(2m) and exceeds "
      "even L^Q(0) at these sizes, so 'L^Q <= bound' holds trivially (margins near 1); the informative result is the "
      "measured L^Q. eps_g <= " + fmt(tot.max_eps_g) + ", eps_H <= " + fmt(tot.max_eps_H) + " at the final points.");
  res.notes.push_back(
      "Part B finding: on the generic planted target (the SPEC set-up) W = 0 is a strict local minimum of the "
      "randomized loss (lambda_min(Hess L(0)) > 0 in runs_part_B: the sign-averaged NTK Gram term, O(1/m), outweighs "
      "the quadratic part, whose size |ell'| m^{-1/2} ~ m^{-1} because the target is ~m^{-1/2}); GD from the tiny "
      "init returns to ~0 and |L - L^Q| is at rounding level (compared with the bound plus the rounding allowance, "
      "'rounding_allowance' per run), so (C1) holds trivially. The coherent planted target (f^Q_{W*} = O(1)) "
      "makes 0 a saddle of L at m >= 64: GD leaves it and (C1), (C1') are tested at a moved point.");
  res.notes.push_back(
      "(C1)/(C1') use L1 = sup |ell'| over the predictions that occur (the squared loss has no global L1); "
      "L2 = 1, C1 = C3 = C4 = sqrt 2 (sincos), Bx = max_i ||x_i||, B = ||W||_{2,4} at the final point.");

  // Figures (one point per run, against the width).
  const std::size_t nb = rows.size();
  Figure fa;
  fa.file = "figures/ST-1-theorem-l.svg";
  fa.title = "ST-1 Part A: final L^Q of GD/PGD on L~^Q_lambda, planted target (d = 5, n = 40)";
  fa.xlabel = "m";
  fa.ylabel = "loss";
  fa.series.push_back(run_series("final L^Q (per run)", rows, run_m, run_target, 0, na, "L_Q_final"));
  fa.series.push_back(run_series("Theorem L line 1 at the final point (per run)", rows, run_m, run_target, 0, na, "theorem_l_rhs"));
  fa.series.push_back(run_series("L^Q(0), the start (per run)", rows, run_m, run_target, 0, na, "L_Q_start"));
  FigureSeries ref;
  ref.label = "SPEC §6.6 reference: final L^Q <= 5e-6";
  ref.line = true;
  ref.x = {static_cast<double>(widths.front()), static_cast<double>(widths.back())};
  ref.y = {kReferenceLQ, kReferenceLQ};
  fa.series.push_back(ref);
  fa.caption = "Each run's final L^Q against Theorem L's bound (line 1, with the eps_g, eps_H measured at the final "
               "point), the starting value L^Q(0) and the SPEC §6.6 reference level 5e-6; log-log.";
  res.figures.push_back(fa);
  Figure fb;
  fb.file = "figures/ST-1-coupling.svg";
  fb.title = "ST-1 Part B: randomized loss after GD, |L - L^Q| against (C1) and (C1')";
  fb.xlabel = "m";
  fb.ylabel = "|L - L^Q| and its bounds";
  for (const char* tg : {"generic", "coherent"})
    fb.series.push_back(run_series(std::string("|L - L^Q|, ") + tg + " planted target", rows, run_m, run_target, na, nb,
                                   "abs_L_minus_LQ", tg));
  for (const char* tg : {"generic", "coherent"})
    fb.series.push_back(run_series(std::string("(C1) bound + rounding, ") + tg, rows, run_m, run_target, na, nb, "C1_bound",
                                   tg, 1.0, "rounding_allowance"));
  for (const char* tg : {"generic", "coherent"})
    fb.series.push_back(run_series(std::string("(C1') bound + rounding, ") + tg, rows, run_m, run_target, na, nb,
                                   "C1prime_bound", tg, 1.0, "rounding_allowance"));
  fb.caption = "Per run (one per width and target): the measured |L - L^Q| at the final point and the (C1), (C1') "
               "bounds (plus the rounding allowance) it is compared with; log-log. On the generic target GD returns to "
               "W ~ 0, where |L - L^Q| is at rounding level (an exact 0 is not drawn on the log axis).";
  res.figures.push_back(fb);
  return res;
}

}  // namespace
}  // namespace st01

Check check_st01_landscape() {
  return {{st01::kId, "Landscape: GD/PGD on planted instances reaches ~0 loss",
           "§6.4 (ST-1); §4.2 (Theorem L); §4.1 (C1), (C1'); §3.4; §6.6",
           "[reconstructed, verify] (Theorem L, Lemma C); [derived ✓] (§3.4); reference values §6.6",
           "Planted W* (||W*||_{2,4} = 1), squared loss, lambda = 1e-4: GD/PGD from a tiny random init on L~^Q_lambda ends "
           "with L^Q <= Theorem L's bound and, in practice, L^Q ~ 0; on the exact randomized squared loss with m >= 256 "
           "the final L is within (C1) of L^Q."},
          st01::run};
}

}  // namespace beyondlin::checks
