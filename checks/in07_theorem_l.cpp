// IN-7 (SPEC §4.2 Theorem L, §6.2): Theorem L at numerically found second-order stationary points.
//
// Claim (SPEC §4.2, [derived; proposed as the reconstruction]): if W is an (eps_g, eps_H)-SOSP of
// L~^Q_lambda = L^Q + lambda R, R = ||W||_{2,4}^8, then for every W* with ||W*||_{2,4} <= B*, a = ||W||_{2,4},
//   L^Q(W) <= L^Q(W*) + L2 C2^2 Bx^4/(2m) a^2 B*^2 + (lambda/2)(56 a^6 B*^2 - 8 a^8)
//             + eps_H sqrt(m) B*^2/2 + eps_g ||W||_F/2                                        (line 1)
//          <= the same with 1013 lambda B*^8 as the regularizer term                            (line 2)
//   ||W||_{2,4} <= max{ sqrt(14) B*, ((L^Q(W*) + T)/(2 lambda))^{1/8} }, T the non-lambda terms  (norm control).
// Every W is an (eps_g, eps_H)-SOSP for its own measured eps_g = ||grad L~^Q_lambda(W)||_F and
// eps_H = max(0, -lambda_min(Hess L~^Q_lambda(W))) (SPEC §6.2 IN-7), so the bound is evaluated at
//   - trained points: gd or pgd (train.hpp, SPEC §4.3) on L~^Q_lambda from a tiny random start: the
//     "numerically found SOSPs" of the claim;
//   - W = 0: exactly first-order stationary (P5, SPEC §3.2) and a strict saddle (eps_g = 0, eps_H > 0);
//   - random generic W (SPEC §6 generic movement, rho in {0.3, 1, 3}): far from stationary (eps_g large).
//
// Library quantities: train (gd, pgd), sosp_certificate (dense Hessian for md <= 400, Lanczos above,
// where lambda_min_lower = theta - ||H v - theta v|| already subtracts the residual), theorem_l_bound
// (lib/src/theorem_l.cpp: L2 = loss_sup_derivative, C2 = activation_sup_bound, Bx = max_i ||x_i||,
// L^Q(W*) by the quadratic objective), hessian_extreme_eigenvalues (lambda_max, for the scale of the
// dense/Lanczos cross-check and the step-size stability ratio lr lambda_max < 2).
// Instances: the planted target of SPEC §6.4 ST-1 (generate_instance, target "planted": y = f^Q_{W*}(x),
// ||W*||_{2,4} = 1, kept as Instance::W_star and used as the comparator, B* = 1).
//
// Sweep "IN-7 theorem L" (checks/sweep.hpp): one task per training run (loss x activation x width x seed) trains,
// certifies and evaluates Theorem L at the trained point (with the dense/Lanczos cross-check numbers) and, for
// seed 0, at the sanity points of the same instance; it returns those numbers as JSON. The measurements are then
// made from the JSON, in the order of the runs (the same comparisons, names and tolerances as a serial loop).
// Figure IN-7.svg: L^Q(W) against the bound (line 1) at every evaluated point, with the line L^Q = bound.

#include "check_util.hpp"
#include "sweep.hpp"

#include <beyondlin/hessian.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/sosp.hpp>
#include <beyondlin/theorem_l.hpp>
#include <beyondlin/train.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace beyondlin::checks {
namespace in07 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "IN-7";
constexpr double kLambda = 1e-4;              // SPEC §6.4 ST-1's lambda
constexpr Eigen::Index kDenseMaxDim = 400;    // dense certificate up to md = 400 (time budget; SPEC §6.5 allows 2000)
constexpr double kLanczosTol = 1e-10;         // Spectra relative tolerance (library default)

ObjectiveSpec regularized_quadratic() {
  ObjectiveSpec s;
  s.kind = ObjectiveKind::taylor;
  s.order = 2;
  s.lambda = kLambda;
  return s;
}

/// Planted instance (SPEC §6.4): squared loss y = f^Q_{W*}(x) (f_W0 = 0 under symmetric init, so
/// L^Q(W*) = 0 up to rounding). Logistic loss: y_i = sign(f^Q_{W*}(x_i)) in {-1, +1} (see the notes).
Instance<double> planted_instance(const InstanceOptions& o) {
  Instance<double> inst = generate_instance(o);
  if (inst.loss == Loss::logistic)
    for (Eigen::Index i = 0; i < inst.n(); ++i) inst.y(i) = inst.y(i) >= 0 ? 1.0 : -1.0;
  return inst;
}

/// Name of the largest term of line 1.
const char* dominant_term(const TheoremLTerms& t) {
  const std::pair<double, const char*> terms[] = {{t.comparator_loss, "L^Q(W*)"},
                                                  {t.coupling, "coupling L2 C2^2 Bx^4 a^2 B*^2/(2m)"},
                                                  {t.regularizer, "regularizer (lambda/2)(56 a^6 B*^2 - 8 a^8)"},
                                                  {t.hessian, "Hessian eps_H sqrt(m) B*^2/2"},
                                                  {t.gradient, "gradient eps_g ||W||_F/2"}};
  const auto* best = std::max_element(std::begin(terms), std::end(terms),
                                      [](const auto& x, const auto& y) { return x.first < y.first; });
  return best->second;
}

/// Running summaries for the notes.
struct Summary {
  double max_eps_g = 0, max_eps_H = 0, min_slack = std::numeric_limits<double>::infinity();
  double min_eps_H_headroom = std::numeric_limits<double>::infinity();  // (rhs - L^Q) / (sqrt(m) B*^2 / 2)
  double max_stability = 0;                                               // lr lambda_max at trained points
  std::string min_slack_where;
  long trained = 0, certified = 0;
  std::map<std::string, long> dominant;  // dominant term of line 1 at the trained points
};

/// Theorem L at the point W: certificate and bound (a part of a sweep task). Returns {"row": the JSON row of the
/// point (reported in parameters), and what the measurements need beyond the row: "rhs_line2", "m", "B_star"}.
nlohmann::ordered_json evaluate_point(const Instance<double>& inst, const Objective<double>& F, const RowMatrix<double>& W,
                                      const std::string& kind, const std::string& where) {
  const Vector<double> w = Objective<double>::flatten(W);
  const bool dense = F.dim() <= kDenseMaxDim;
  const SospCertificate<double> c = sosp_certificate(F, w, dense, kLanczosTol);
  const TheoremLTerms t = theorem_l_bound(inst, W, inst.W_star, kLambda, c.eps_g, c.eps_H);
  const double LQ = F.data_value(w);
  const double slack = t.rhs > 0 ? (t.rhs - LQ) / t.rhs : 0.0;
  nlohmann::ordered_json row;
  row["point"] = kind;
  row["where"] = where;
  row["L_Q"] = LQ;
  row["norm24"] = t.a;
  row["eps_g"] = c.eps_g;
  row["eps_H"] = c.eps_H;
  row["lambda_min"] = c.lambda_min;
  row["eig"] = c.eig_method;
  row["rhs_line1"] = t.rhs;
  row["terms"] = {{"comparator", t.comparator_loss}, {"coupling", t.coupling}, {"regularizer", t.regularizer},
                  {"hessian", t.hessian},            {"gradient", t.gradient}};
  row["dominant"] = dominant_term(t);
  row["relative_slack"] = slack;
  row["norm_bound"] = t.norm_bound;
  nlohmann::ordered_json e;
  e["row"] = row;
  e["rhs_line2"] = t.rhs_line2;
  e["m"] = t.m;
  e["B_star"] = t.B_star;
  return e;
}

/// The measurements of Theorem L at one evaluated point (from evaluate_point's JSON); returns the point's row.
nlohmann::ordered_json measure_point(const nlohmann::ordered_json& e, MeasurementSet& ms, Summary& sum) {
  const nlohmann::ordered_json& row = e["row"];
  const std::string kind = row["point"].get<std::string>(), where = row["where"].get<std::string>();
  const double LQ = row["L_Q"].get<double>(), rhs = row["rhs_line1"].get<double>(), a = row["norm24"].get<double>(),
               norm_bound = row["norm_bound"].get<double>(), rhs_line2 = e["rhs_line2"].get<double>(),
               m = e["m"].get<double>(), B_star = e["B_star"].get<double>();
  const std::string tag = " [" + kind + "]";
  const std::string basis =
      inequality_basis() + ". eps_g, eps_H are those measured at this point (sosp_certificate, " +
      row["eig"].get<std::string>() + "); the notes give the slack in units of the eigensolver's uncertainty";
  ms.at_most("Theorem L line 1: L^Q(W) <= rhs (relative to rhs)" + tag, LQ, rhs, kInequalityTol, basis, where);
  ms.at_most("Theorem L: line 1 <= line 2 (1013 lambda B*^8 in place of the regularizer term)", rhs, rhs_line2,
             kInequalityTol,
             inequality_basis() + "; (lambda/2) max_a (56 a^6 b^2 - 8 a^8) = 1012.92 lambda b^8 (Lemma L3)", where);
  ms.at_most("norm control: ||W||_{2,4} <= max{sqrt(14) B*, ((L^Q(W*) + T)/(2 lambda))^{1/8}}" + tag, a, norm_bound,
             kInequalityTol, inequality_basis(), where);
  const double slack = row["relative_slack"].get<double>();
  const double headroom = (rhs - LQ) / (std::sqrt(m) * B_star * B_star / 2);
  if (slack < sum.min_slack) {
    sum.min_slack = slack;
    sum.min_slack_where = where + " [" + kind + "]";
  }
  sum.min_eps_H_headroom = std::min(sum.min_eps_H_headroom, headroom);
  return row;
}

/// Dense vs Lanczos lambda_min at the same point (md <= kDenseMaxDim): the numbers (part of a sweep task).
nlohmann::ordered_json cross_check(const Objective<double>& F, const Vector<double>& w, double lambda_max) {
  const SospCertificate<double> cd = sosp_certificate(F, w, true, kLanczosTol);
  const SospCertificate<double> cl = sosp_certificate(F, w, false, kLanczosTol);
  return {{"dense", cd.lambda_min}, {"lanczos", cl.lambda_min}, {"residual", cl.lambda_min_residual}, {"lambda_max", lambda_max}};
}

/// The cross-check measurement, relative to ||H||_2.
void measure_cross_check(const nlohmann::ordered_json& x, const std::string& where, MeasurementSet& ms) {
  const double dense = x["dense"].get<double>(), lanczos = x["lanczos"].get<double>(),
               residual = x["residual"].get<double>(), lambda_max = x["lambda_max"].get<double>();
  const double scale = std::max(std::abs(dense), std::abs(lambda_max));
  const double err = std::abs(lanczos - dense) / scale;
  const double tol = residual / scale + kIdentityTol;
  ms.equal_error("lambda_min: Lanczos vs dense, |difference| / ||H||_2", dense, lanczos, err, tol,
                 "A Lanczos Ritz value theta with residual r = ||H v - theta v|| lies within r of an eigenvalue "
                 "(Bauer-Fike, symmetric H); the dense solver is backward stable (error ~ md u ||H||_2 <= 4.4e-14 "
                 "||H||_2 for md <= 400). tol = r/||H||_2 + 1e-12. A larger difference means Lanczos converged to an "
                 "eigenvalue other than the smallest",
                 where + " (Lanczos residual " + fmt(residual) + ")");
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  Summary sum;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({16, 64}, {16, 64, 256}, {16, 64, 256, 1024});
  const int seeds = ctx.pick(1, 2, 3);
  const long steps = ctx.pick(1500L, 3000L, 6000L);
  const int d = 5, n = 40;
  // Squared loss: sincos and tanh (softplus: C2 = 1/4 makes the planted target ~1e-3 and the saddle at 0 so
  // flat that GD does not leave it in these step budgets). Logistic: sincos, tanh and (default, full) softplus.
  const std::vector<Activation> square_acts = {Activation::sincos, Activation::tanh};
  const std::vector<Activation> logistic_acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh},
                                        {Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus});
  const std::vector<double> random_rhos = {0.3, 1.0, 3.0};
  nlohmann::ordered_json runs = nlohmann::ordered_json::array(), sanity = nlohmann::ordered_json::array();
  // The sweep: one task per training run. Its key names the instance (loss, activation, m, seed index s), the run
  // index k of the training seed sub_seed("IN-7", 1000 + k), the method, lr and steps; for s = 0 it also evaluates
  // the sanity points (W = 0, random generic W with seeds sub_seed("IN-7", 5000 + 10 wi + j), wi the width index).
  std::vector<SweepTask> tasks;
  std::vector<Loss> task_loss;  // loss of each task
  long run_index = 0;
  for (Loss loss : {Loss::square, Loss::logistic}) {
    const std::vector<Activation>& acts = loss == Loss::square ? square_acts : logistic_acts;
    for (Activation act : acts)
      for (std::size_t wi = 0; wi < widths.size(); ++wi)
        for (int s = 0; s < seeds; ++s) {
          const int m = widths[wi];
          // Step sizes from the curvature (lr lambda_max(final) is recorded per run; < 2 is needed): squared loss,
          // lambda_max ~ 1/m at the planted solutions, so lr = 8 m; logistic, lambda_max ~ 0.1 at m = 16, lr = 8.
          const double lr = loss == Loss::square ? 8.0 * m : 8.0;
          if (m >= 1024 && s > 0) continue;  // full preset: one seed at the largest width (time budget)
          const InstanceOptions o = make_options(d, m, n, act, ctx.sub_seed(kId, static_cast<std::uint64_t>(s)), "zero", 1.0,
                                                 Init::symmetric, loss, "planted");
          const TrainMethod method = (wi + static_cast<std::size_t>(s)) % 2 == 0 ? TrainMethod::gd : TrainMethod::pgd;
          const long k = run_index++;
          const std::uint64_t train_seed = ctx.sub_seed(kId, 1000 + static_cast<std::uint64_t>(k));
          std::vector<std::uint64_t> random_seeds;
          if (s == 0)
            for (std::size_t j = 0; j < random_rhos.size(); ++j) random_seeds.push_back(ctx.sub_seed(kId, 5000 + 10 * wi + j));
          const double md = static_cast<double>(m) * d;
          // cost: steps x O(n m d), plus the certificates (dense: md HVPs of O(n m d); Lanczos ~ 100 HVPs)
          const double cost = (static_cast<double>(steps) + 2 * std::min(md, 400.0) + (md > 400 ? 200.0 : 0.0) +
                               (s == 0 ? 4 * std::min(md, 400.0) : 0.0)) * n * md;
          tasks.push_back(
              {std::string("loss=") + loss_name(loss) + " act=" + activation_name(act) + " d=" + std::to_string(d) +
                   " n=" + std::to_string(n) + " m=" + std::to_string(m) + " instance_seed=" + std::to_string(s) +
                   " run=" + std::to_string(k) + " " + train_method_name(method) + " lr=" + shortest_decimal(lr) +
                   " steps=" + std::to_string(steps) + (s == 0 ? " sanity_points=wi" + std::to_string(wi) : ""),
               cost, [o, loss, method, lr, steps, train_seed, random_seeds, random_rhos, m, d]() {
                 const Instance<double> inst = planted_instance(o);
                 const ObjectiveSpec spec = regularized_quadratic();
                 const Objective<double> F(inst, spec);
                 const TrainOptions to = tiny_init_train_options(method, lr, steps, train_seed);
                 const std::string where = describe(o) + (loss == Loss::logistic ? " (labels sign of the planted target)" : "") +
                                           ", " + train_method_name(method) + " lr=" + fmt(lr);
                 const TrainResult tr = train(inst, spec, to);
                 nlohmann::ordered_json out;
                 nlohmann::ordered_json e = evaluate_point(inst, F, tr.W, "trained", where);
                 const Vector<double> w = Objective<double>::flatten(tr.W);
                 const HessianEigenResult top = hessian_extreme_eigenvalues(F, w, 1, false, kLanczosTol);
                 const double lambda_max = top.values.empty() ? std::numeric_limits<double>::quiet_NaN() : top.values[0];
                 nlohmann::ordered_json& row = e["row"];
                 row["method"] = train_method_name(method);
                 row["lr"] = lr;
                 row["steps_run"] = tr.steps_run;
                 row["stop_reason"] = tr.stop_reason;
                 row["perturbations"] = tr.perturbations;
                 row["L_Q_start"] = F.data_value(Vector<double>::Zero(F.dim()));
                 row["lr_lambda_max"] = lr * lambda_max;
                 out["trained"] = e;
                 out["cross_check"] = F.dim() <= kDenseMaxDim ? cross_check(F, w, lambda_max) : nlohmann::ordered_json();
                 nlohmann::ordered_json sanity = nlohmann::ordered_json::array();
                 if (!random_seeds.empty()) {
                   // sanity points on the same instance: the exact saddle W = 0 and random non-stationary points
                   sanity.push_back(evaluate_point(inst, F, RowMatrix<double>::Zero(m, d), "W = 0 (exact saddle)", describe(o)));
                   for (std::size_t j = 0; j < random_rhos.size(); ++j) {
                     const RowMatrix<double> Wr = generic_direction(m, d, random_rhos[j], random_seeds[j]);
                     sanity.push_back(evaluate_point(inst, F, Wr, "random W",
                                                     describe(o) + ", random generic W rho=" + fmt(random_rhos[j])));
                   }
                 }
                 out["sanity"] = sanity;
                 return out;
               }});
          task_loss.push_back(loss);
        }
  }
  const std::vector<nlohmann::ordered_json> results = ctx.sweep("IN-7 theorem L", std::move(tasks));
  std::vector<nlohmann::ordered_json> fig_points;  // every evaluated row, for the figure
  std::vector<std::string> fig_loss;               // its loss
  for (std::size_t i = 0; i < results.size(); ++i) {
    const nlohmann::ordered_json& r = results[i];
    const nlohmann::ordered_json row = measure_point(r["trained"], ms, sum);
    if (!r["cross_check"].is_null()) measure_cross_check(r["cross_check"], row["where"].get<std::string>(), ms);
    runs.push_back(row);
    fig_points.push_back(row);
    fig_loss.push_back(loss_name(task_loss[i]));
    sum.max_eps_g = std::max(sum.max_eps_g, row["eps_g"].get<double>());
    sum.max_eps_H = std::max(sum.max_eps_H, row["eps_H"].get<double>());
    sum.max_stability = std::max(sum.max_stability, row["lr_lambda_max"].get<double>());
    ++sum.trained;
    ++sum.dominant[row["dominant"].get<std::string>() + " (" + loss_name(task_loss[i]) + ")"];
    if (row["stop_reason"].get<std::string>() == "certified-sosp") ++sum.certified;
    for (const nlohmann::ordered_json& e : r["sanity"]) {
      sanity.push_back(measure_point(e, ms, sum));
      fig_points.push_back(sanity.back());
      fig_loss.push_back(loss_name(task_loss[i]));
    }
  }
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["seeds"] = seeds;
  res.parameters["lambda"] = kLambda;
  res.parameters["square_loss"] = {{"activations", activation_names(square_acts)},
                                   {"labels", "planted y = f^Q_{W*}(x), ||W*||_{2,4} = 1"},
                                   {"lr", "8 m"}};
  res.parameters["logistic_loss"] = {{"activations", activation_names(logistic_acts)},
                                     {"labels", "sign(f^Q_{W*}(x)) in {-1, +1}"},
                                     {"lr", 8.0}};
  res.parameters["training"] = {{"methods", "gd and pgd alternating over (width, seed)"},
                                {"steps", steps},
                                {"init_noise", kTinyInitNoise},
                                {"pgd", "radius 1e-3, tol_g 1e-6, tol_H 1e-5, wait 50"},
                                {"objective", "quadratic + lambda R (L~^Q_lambda)"}};
  res.parameters["certificate"] = {{"dense_up_to_md", kDenseMaxDim}, {"lanczos_tol", kLanczosTol}};
  res.parameters["comparator"] = "planted W* (Instance::W_star), B* = ||W*||_{2,4} = 1";
  res.parameters["random_points_rho"] = random_rhos;
  res.parameters["trained_points"] = runs;
  res.parameters["sanity_points"] = sanity;
  res.measurements = ms.list();
  res.notes.push_back(
      "How far from SOSP the trained points are: over " + std::to_string(sum.trained) + " runs, max eps_g = " +
      fmt(sum.max_eps_g) + ", max eps_H = " + fmt(sum.max_eps_H) + " (" + std::to_string(sum.certified) +
      " pgd runs stopped at a certified (1e-6, 1e-5)-SOSP; the per-run eps, stop reason and dominant term are in "
      "parameters.trained_points). Step sizes were stable: max lr lambda_max(final) = " + fmt(sum.max_stability) + " < 2.");
  std::string dom;
  for (const auto& [term, count] : sum.dominant) dom += (dom.empty() ? "" : "; ") + term + ": " + std::to_string(count);
  res.notes.push_back("Dominant term of line 1 at the trained points (runs): " + dom + ".");
  res.notes.push_back(
      "Slack: the smallest relative slack (rhs - L^Q)/rhs over all points is " + fmt(sum.min_slack) + " at " +
      sum.min_slack_where + ". At trained points the bound is mostly dominated by the coupling term L2 C2^2 Bx^4 a^2 B*^2/(2m) "
      "(squared loss: L^Q(W*) = 0) or by L^Q(W*) ~ log 2 (logistic with sign labels), so it is far from tight there: "
      "with the planted target of SPEC §6.4 the bound even exceeds L^Q(0) (e.g. coupling ~ a^2/m against "
      "L^Q(0) ~ 0.01/m for sincos), i.e. it is vacuous as a statement about optimization at these sizes; the "
      "informative part is the measured L^Q (see ST-1). At W = 0 the only nonzero terms are L^Q(W*) and the Hessian "
      "term; at random points the gradient term dominates.");
  res.notes.push_back(
      "Rounding and the eigensolver: the bound would be violated only if the true eps_H exceeded the measured one "
      "by (rhs - L^Q)/(sqrt(m) B*^2/2) >= " + fmt(sum.min_eps_H_headroom) + " (smallest over all points), while the "
      "dense eigenvalue is backward stable to ~md u ||H||_2 (< 1e-16 here) and the Lanczos lambda_min_lower "
      "already subtracts its residual; the Lanczos/dense cross-check guards against a Ritz value that is not the "
      "smallest eigenvalue. The L^Q and rhs values carry relative errors of a few u, so the 1e-12 relative "
      "tolerance of SPEC §6.2 is never what decides a comparison.");
  res.notes.push_back(
      "Logistic loss: labels are y_i = sign(f^Q_{W*}(x_i)) in {-1, +1}, the SPEC §1.1 setting for which the library's "
      "L2 = sup ell'' = 1/4 is stated. A real-valued planted target with the logistic loss would also be a convex C^2 "
      "instance (ell'' = y^2 s(1-s) <= y^2/4 <= 1/4 since |y| <= C2 Bx^2/2 < 1 here) but its minimizer over yhat is at "
      "+-infinity, so W* would not be a meaningful comparator; with sign labels W* separates the sample and "
      "L^Q(W*) < log 2.");
  res.notes.push_back(
      "Theorem L holds at every point with its own measured (eps_g, eps_H), so the W = 0 and random-point rows are "
      "part of the claim, not extra assumptions: at W = 0 (eps_g = 0 exactly) it reads L^Q(0) <= L^Q(W*) + "
      "eps_H sqrt(m) B*^2/2 with eps_H = -lambda_min(Hess L^Q(0)) (the saddle of ST-2).");

  // Figure: achieved L^Q against the bound at every evaluated point, by kind of point.
  Figure f;
  f.file = "figures/IN-7.svg";
  f.title = "IN-7: Theorem L at trained, saddle and random points (lambda = 1e-4, B* = 1)";
  f.xlabel = "bound: Theorem L line 1 with the measured eps_g, eps_H";
  f.ylabel = "L^Q(W)";
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  const std::pair<std::string, std::string> groups[] = {{"trained", "square"},
                                                        {"trained", "logistic"},
                                                        {"W = 0 (exact saddle)", ""},
                                                        {"random W", ""}};
  for (const auto& [kind, loss] : groups) {
    FigureSeries fs;
    fs.label = kind == "trained" ? "trained points (gd/pgd), " + loss + " loss" : kind;
    for (std::size_t i = 0; i < fig_points.size(); ++i) {
      const nlohmann::ordered_json& row = fig_points[i];
      if (row["point"].get<std::string>() != kind || (!loss.empty() && fig_loss[i] != loss)) continue;
      const double x = row["rhs_line1"].get<double>(), y = row["L_Q"].get<double>();
      fs.x.push_back(x);
      fs.y.push_back(y);
      if (x > 0 && std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    }
    if (!fs.x.empty()) f.series.push_back(fs);
  }
  if (hi > 0) {
    FigureSeries eq;
    eq.label = "L^Q = bound (the claim: every point on or below)";
    eq.line = true;
    eq.x = {lo, hi};
    eq.y = {lo, hi};
    f.series.push_back(eq);
  }
  f.caption = "Every point where Theorem L was evaluated: the achieved L^Q(W) against the right-hand side of line 1 "
              "(log-log); points below the diagonal satisfy the bound. Trained points sit far below it (the coupling "
              "term or L^Q(W*) dominates, see the notes).";
  res.figures.push_back(f);
  return res;
}

}  // namespace
}  // namespace in07

Check check_in07_theorem_l() {
  return {{in07::kId, "Theorem L at numerically found SOSPs", "§4.2 (Theorem L, Lemmas L1-L3, SOSP); §4.3; §6.2",
           "[derived; proposed as the reconstruction] (Theorem L)",
           "At every point W, with eps_g = ||grad L~^Q_lambda(W)||_F and eps_H = max(0, -lambda_min), "
           "L^Q(W) <= L^Q(W*) + L2 C2^2 Bx^4 a^2 B*^2/(2m) + (lambda/2)(56 a^6 B*^2 - 8 a^8) + eps_H sqrt(m) B*^2/2 + "
           "eps_g ||W||_F/2 <= (same with 1013 lambda B*^8), and ||W||_{2,4} <= max{sqrt(14) B*, ((L^Q(W*) + T)/(2 lambda))^{1/8}}."},
          in07::run};
}

}  // namespace beyondlin::checks
