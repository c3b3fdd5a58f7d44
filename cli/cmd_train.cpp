// `beyondlin train`: escape-saddle training of an objective from the instance's movement W
// (DESIGN.md §2; SPEC §4.3 Theorem O, §3.5 stochastic gradient), with the SOSP certificate of the
// end point (SPEC §4.2) and Theorem L's right-hand side next to the achieved loss.

#include "cli_util.hpp"
#include "commands.hpp"

#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/sosp.hpp>
#include <beyondlin/theorem_l.hpp>
#include <beyondlin/train.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

namespace beyondlin::cli {
namespace {

/// The raw option values of `beyondlin train` (checked in run_train so that errors name the option).
struct TrainArgs {
  std::string instance;
  std::string objective = "quadratic";
  std::string method = "gd";
  double lr = 0.1;
  long steps = 1000;
  double lambda = 0.0;
  double noise = 0.0;
  long batch = 0;
  double init_noise = 0.0;
  double tol_g = 1e-6;
  double tol_h = 1e-6;
  long pgd_wait = 50;
  long trajectory_points = 200;
  long mc_pairs = 10000;
  std::string comparator;
  bool dense = false;
  std::string seed = "1";
  std::string output;
  std::string instance_out;
  bool quiet = false;
};

/// A finite double as a JSON number; +-infinity (a vacuous bound, e.g. sup |sigma''| = inf for relu)
/// as the string "inf"/"-inf" (strict JSON, DESIGN.md §3).
json number_or_inf(double x) {
  if (std::isfinite(x)) return x;
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  throw std::runtime_error("internal error: NaN in a Theorem L term");
}

json certificate_json(const SospCertificate<double>& c) {
  return {{"value", c.value},
          {"gradient_norm", c.gradient_norm},
          {"lambda_min", c.lambda_min},
          {"lambda_min_residual", c.lambda_min_residual},
          {"lambda_min_lower", c.lambda_min_lower},
          {"eps_g", c.eps_g},
          {"eps_H", c.eps_H},
          {"eig_method", c.eig_method},
          {"eig_status", c.eig_status},
          {"hvp_count", c.hvp_count}};
}

json theorem_l_json(const TheoremLTerms& t) {
  json j = json::object();
  for (auto [k, v] : std::initializer_list<std::pair<const char*, double>>{
           {"L2", t.L2}, {"C2", t.C2}, {"Bx", t.Bx}, {"m", t.m}, {"lambda", t.lambda}, {"norm24_W", t.a},
           {"frobenius_W", t.W_fro}, {"B_star", t.B_star}, {"eps_g", t.eps_g}, {"eps_H", t.eps_H},
           {"comparator_loss", t.comparator_loss}, {"coupling_term", t.coupling}, {"regularizer_term", t.regularizer},
           {"regularizer_term_line2", t.regularizer_max}, {"hessian_term", t.hessian}, {"gradient_term", t.gradient},
           {"rhs", t.rhs}, {"rhs_line2", t.rhs_line2}, {"norm_bound", t.norm_bound}})
    j[k] = number_or_inf(v);
  return j;
}

void run_train(const TrainArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  ObjectiveSpec spec = parse_objective(a.objective, "--objective");
  if (!std::isfinite(a.lambda) || a.lambda < 0)
    throw InputError("--lambda", "must be a finite number >= 0, got " + shortest_decimal(a.lambda));
  if (a.mc_pairs < 2) throw InputError("--mc-pairs", "must be an integer >= 2, got " + std::to_string(a.mc_pairs));
  const std::uint64_t seed = parse_seed(a.seed);
  check_output_path(a.output);
  check_output_path(a.instance_out, "--instance-out");
  spec.lambda = a.lambda;
  spec.mc_pairs = a.mc_pairs;
  spec.seed = seed;
  TrainOptions opt;
  opt.method = parse_train_method(a.method, "--method");
  opt.lr = a.lr;
  opt.steps = a.steps;
  opt.noise = a.noise;
  opt.batch = a.batch;
  opt.init_noise = a.init_noise;
  opt.tol_g = a.tol_g;
  opt.tol_H = a.tol_h;
  opt.pgd_wait = a.pgd_wait;
  opt.trajectory_points = a.trajectory_points;
  opt.seed = seed;
  if (!a.quiet) opt.progress = [](const TrainProgress& p) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "step %ld/%ld  F = %.10g  |grad| = %.3e  ||W||_{2,4} = %.4g  perturbations %ld",
                  p.step, p.steps, p.value, p.gradient_norm, p.norm24, p.perturbations);
    log_line("train", buf);
  };

  Instance<double> inst = read_instance_option<double>(a.instance);
  // The comparator W* of Theorem L: --comparator FILE (its W), else the instance's W_star (the
  // planted matrix), else W* = 0.
  RowMatrix<double> W_star;
  std::string comparator_source;
  if (!a.comparator.empty()) {
    const Instance<double> c = with_option_names([&] {
      try {
        return read_instance<double>(a.comparator);
      } catch (const InputError& e) {
        throw InputError("--comparator", std::string(e.what()) + " (in \"" + a.comparator + "\")");
      }
    });
    if (c.m() != inst.m() || c.d() != inst.d())
      throw InputError("--comparator", "W of \"" + a.comparator + "\" is " + std::to_string(c.m()) + " x " +
                                           std::to_string(c.d()) + ", the instance's W0 is " +
                                           std::to_string(inst.m()) + " x " + std::to_string(inst.d()));
    W_star = c.W;
    comparator_source = "W of " + a.comparator;
  } else if (inst.W_star.size() != 0) {
    W_star = inst.W_star;
    comparator_source = "W_star of the instance (planted)";
  } else {
    W_star = RowMatrix<double>::Zero(inst.m(), inst.d());
    comparator_source = "zero (no W_star in the instance and no --comparator)";
  }

  const TrainResult res = with_option_names([&] { return train(inst, spec, opt); });
  const Objective<double> obj(inst, spec);
  const Vector<double> w = Objective<double>::flatten(res.W);
  const SospCertificate<double> cert = with_option_names([&] { return sosp_certificate(obj, w, a.dense); });

  json doc = json::object();
  doc["schema"] = "beyondlin.result/1";
  doc["context"] = result_context("train", seed, "double");
  doc["instance"] = a.instance;
  doc["objective"] = objective_name(spec);
  doc["lambda"] = a.lambda;
  doc["objective_method"] = obj.method();
  doc["optimizer"] = {{"method", train_method_name(opt.method)},
                      {"lr", opt.lr},
                      {"steps", opt.steps},
                      {"noise", opt.noise},
                      {"batch", opt.batch},
                      {"init_noise", opt.init_noise},
                      {"tol_g", opt.tol_g},
                      {"tol_H", opt.tol_H},
                      {"pgd_wait", opt.pgd_wait}};
  doc["steps_run"] = res.steps_run;
  doc["stop_reason"] = res.stop_reason;
  doc["perturbations"] = res.perturbations;
  doc["certificate_checks"] = res.certificate_checks;
  doc["hvp_count"] = res.hvp_count;
  json tr = {{"step", json::array()}, {"value", json::array()}, {"gradient_norm", json::array()}, {"norm24", json::array()}};
  for (const TrajectoryPoint& p : res.trajectory) {
    tr["step"].push_back(p.step);
    tr["value"].push_back(p.value);
    tr["gradient_norm"].push_back(p.gradient_norm);
    tr["norm24"].push_back(p.norm24);
  }
  doc["trajectory"] = std::move(tr);
  doc["initial_value"] = res.trajectory.front().value;
  doc["final_value"] = res.trajectory.back().value;
  doc["moved"] = res.W != inst.W;
  doc["sosp"] = certificate_json(cert);

  // Theorem L (SPEC §4.2) is a statement about SOSPs of L^Q + lambda R: its eps come from that
  // objective's certificate at the end point (the trained objective's when it is the quadratic one).
  ObjectiveSpec qspec;
  qspec.kind = ObjectiveKind::taylor;
  qspec.order = 2;
  qspec.lambda = a.lambda;
  const bool trained_quadratic = spec.kind == ObjectiveKind::taylor && spec.order == 2;
  const Objective<double> qobj(inst, qspec);
  const SospCertificate<double> qcert =
      trained_quadratic ? cert : with_option_names([&] { return sosp_certificate(qobj, w, a.dense); });
  const TheoremLTerms tl = theorem_l_bound(inst, res.W, W_star, a.lambda, qcert.eps_g, qcert.eps_H);
  const double LQ = qobj.data_value(w);
  json jl = theorem_l_json(tl);
  jl["comparator"] = comparator_source;
  jl["sosp_objective"] = "quadratic + lambda R";
  if (!trained_quadratic) jl["sosp"] = certificate_json(qcert);
  jl["achieved_LQ"] = LQ;
  jl["holds"] = LQ <= tl.rhs;
  jl["norm_bound_holds"] = tl.a <= tl.norm_bound;
  doc["theorem_l"] = std::move(jl);
  if (spec.kind != ObjectiveKind::taylor || spec.order != 2) {
    // Theorem L' (SPEC §4.2, [reconstructed, verify]): the same right-hand side for SOSPs of the
    // trained objective, up to the unquantified coupling error Delta_m = O(m^{-1/4}).
    const TheoremLTerms tp = theorem_l_bound(inst, res.W, W_star, a.lambda, cert.eps_g, cert.eps_H);
    const double L = obj.data_value(w);
    json jp = theorem_l_json(tp);
    jp["comparator"] = comparator_source;
    jp["sosp_objective"] = objective_name(spec) + " + lambda R";
    jp["achieved_L"] = L;
    jp["excess_over_rhs"] = L - tp.rhs;
    jp["note"] = "the right-hand side omits the coupling error Delta_m = O(m^{-1/4}) (SPEC §4.2)";
    doc["theorem_l_prime"] = std::move(jp);
  }

  Instance<double> fin = inst;
  fin.W = res.W;
  fin.W_star = W_star;
  doc["final_instance"] = instance_to_json(fin);
  if (!a.instance_out.empty()) {
    json body = instance_to_json(fin);
    try {
      write_file_atomic(a.instance_out, to_text(body));
    } catch (const InputError& e) {
      throw InputError("--instance-out", e.what());
    }
  }
  emit(doc, a.output);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log_line("train", std::string(train_method_name(opt.method)) + " on " + objective_name(spec) + ": " +
                        std::to_string(res.steps_run) + " steps (" + res.stop_reason + "), final F = " +
                        shortest_decimal(res.trajectory.back().value) + ", " + format_seconds(secs) +
                        (a.output.empty() ? "" : " -> " + a.output));
}

}  // namespace

void add_train_command(CLI::App& app, int& status) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train the movement W from the instance's W on an objective (+ lambda ||W||_{2,4}^8) with gd, pgd "
               "(perturbed GD, stops at a certified SOSP) or noisy-sgd (fresh signs, minibatches, noise); writes "
               "the sub-sampled trajectory, the SOSP certificate, Theorem L's bound and the final instance.");
  cmd->add_option("--instance", args->instance, "instance JSON file (its W is the starting point)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--objective", args->objective, "full | randomized | quadratic | ntk | taylor-K")
      ->capture_default_str();
  cmd->add_option("--method", args->method,
                  "gd | pgd (perturb in a ball of radius --noise when |grad| <= --tol-g, stop when lambda_min >= "
                  "-(--tol-h)) | noisy-sgd (W -= lr (G + xi), xi ~ N(0, noise^2/(md) I), fresh signs)")
      ->capture_default_str();
  cmd->add_option("--lr", args->lr, "step size > 0")->capture_default_str();
  cmd->add_option("--steps", args->steps, "maximum number of iterations >= 0")->capture_default_str();
  cmd->add_option("--lambda", args->lambda, "weight of the regularizer ||W||_{2,4}^8, >= 0")->capture_default_str();
  cmd->add_option("--noise", args->noise, "pgd: perturbation radius (> 0); noisy-sgd: noise radius r (>= 0)")
      ->capture_default_str();
  cmd->add_option("--batch", args->batch, "noisy-sgd minibatch size (0 = all samples)")->capture_default_str();
  cmd->add_option("--init-noise", args->init_noise, "start at W + N(0, init_noise^2/(md) I)")->capture_default_str();
  cmd->add_option("--tol-g", args->tol_g, "gradient tolerance (gd stops, pgd checks curvature)")->capture_default_str();
  cmd->add_option("--tol-h", args->tol_h, "curvature tolerance of the pgd certificate")->capture_default_str();
  cmd->add_option("--pgd-wait", args->pgd_wait, "pgd: minimum steps between perturbations")->capture_default_str();
  cmd->add_option("--trajectory-points", args->trajectory_points, "about this many recorded trajectory points")
      ->capture_default_str();
  cmd->add_option("--mc-pairs", args->mc_pairs, "antithetic sign pairs for the Monte Carlo randomized objective")
      ->capture_default_str();
  cmd->add_option("--comparator", args->comparator,
                  "instance file whose W is Theorem L's comparator W* (default: the instance's W_star, else 0)")
      ->type_name("FILE");
  cmd->add_flag("--dense", args->dense, "dense Hessian for the final certificate (md <= 8000)");
  cmd->add_option("--seed", args->seed, "seed of the noise, signs, minibatches and Monte Carlo signs")
      ->capture_default_str()
      ->type_name("N");
  cmd->add_option("--instance-out", args->instance_out, "also write the final instance (W = trained) to FILE")
      ->type_name("FILE");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress lines on stderr (the final summary line stays)");
  add_output_option(cmd, args->output);
  cmd->callback([args, &status] {
    run_train(*args);
    status = 0;
  });
}

}  // namespace beyondlin::cli
