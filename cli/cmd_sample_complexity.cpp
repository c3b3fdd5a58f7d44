// `beyondlin sample-complexity`: learning-curve sweep, quadratic model versus NTK kernel regression,
// with n*(d) at a fixed test error and its fitted exponent in d (DESIGN.md §2; SPEC §4.6, §6.4 ST-4).
// Parsing and JSON only: the sweep is sample_complexity.hpp.

#include "cli_util.hpp"
#include "commands.hpp"

#include <beyondlin/activation.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/sample_complexity.hpp>
#include <beyondlin/train.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace beyondlin::cli {
namespace {

/// The raw option values (checked in run_sample_complexity so that errors name the option).
struct SampleComplexityArgs {
  std::string target = "product";
  std::string dims = "8,16,32";
  std::string sizes = "16,32,64,128,256,512";
  bool per_d = false;
  int seeds = 3;
  int m = 64;
  int m_ntk = 512;
  int n_test = 1000;
  double epsilon = 0.5;
  std::string activation = "sincos";
  int power = 2;
  double alpha = 1.0;
  std::string models = "quadratic,ntk";
  std::string method = "gd";
  double lr = 1.0;
  long steps = 1500;
  double lambda = 1e-4;
  double init_noise = 0.01;
  double noise = 1e-3;
  double tol_g = 0.0;
  double ridge = 1e-3;
  std::string seed = "1";
  std::string output;
  bool quiet = false;
};

/// "16,32,64" -> {16, 32, 64}; InputError(option, ...) naming the text otherwise.
std::vector<int> parse_int_list(const std::string& text, const std::string& option) {
  std::vector<int> out;
  std::size_t i = 0;
  const auto bad = [&](const std::string& why) {
    return InputError(option, "expected a comma-separated list of positive integers, got \"" + text + "\" (" + why + ")");
  };
  if (text.empty()) throw bad("empty");
  while (i <= text.size()) {
    const std::size_t j = text.find(',', i);
    const std::string item = text.substr(i, j == std::string::npos ? std::string::npos : j - i);
    if (item.empty()) throw bad("empty item");
    long long v = 0;
    for (char c : item) {
      if (c < '0' || c > '9') throw bad("\"" + item + "\" is not a positive integer");
      v = v * 10 + (c - '0');
      if (v > 1000000000LL) throw bad("\"" + item + "\" is too large");
    }
    out.push_back(static_cast<int>(v));
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return out;
}

/// A finite double as a JSON number; NaN/inf as a string with the reason (strict JSON, DESIGN.md §3).
json number_or(double x, const std::string& reason) {
  if (std::isfinite(x)) return x;
  return reason;
}

json point_json(const SweepPoint& p, const SweepOptions& o) {
  json j = {{"d", p.d}, {"n", p.n}, {"seed_index", p.seed_index}, {"seed", p.seed}, {"y_test_variance", p.y_test_variance}};
  if (o.run_quadratic)
    j["quadratic"] = {{"test_error", p.quad_test_error}, {"train_error", p.quad_train_error},
                      {"norm24", p.quad_norm24},          {"final_value", p.quad_final_value},
                      {"steps", p.quad_steps},            {"stop_reason", p.quad_stop_reason}};
  if (o.run_ntk)
    j["ntk"] = {{"test_error", p.ntk_test_error}, {"train_error", p.ntk_train_error}, {"mu", p.ntk_mu},
                {"solver", p.ntk_solver}};
  j["seconds"] = p.seconds;
  return j;
}

json summary_json(const ModelSummary& s, const SweepOptions& o) {
  json curves = json::array();
  for (std::size_t i = 0; i < s.dims.size(); ++i) {
    const Threshold& t = s.n_star[i];
    json c = {{"d", s.dims[i]}, {"n", s.sizes[i]}, {"mean_test_error", s.mean_error[i]}};
    json se = json::array();
    for (double v : s.stderr_error[i]) se.push_back(number_or(v, "undefined (one seed)"));
    c["stderr"] = std::move(se);
    c["n_star"] = t.above_range ? json("not reached (n* > " + std::to_string(s.sizes[i].back()) + ")") : json(t.n_star);
    c["censored"] = t.above_range ? "above" : (t.below_range ? "below" : "no");
    curves.push_back(std::move(c));
  }
  json fit = {{"exponent", number_or(s.fit.slope, "undefined (fewer than 2 uncensored d)")},
              {"intercept", number_or(s.fit.intercept, "undefined")},
              {"stderr_regression", number_or(s.fit.slope_stderr, "undefined (fewer than 3 uncensored d)")},
              {"stderr_jackknife", number_or(s.slope_stderr_jackknife, "undefined (one seed, or a leave-one-out fit failed)")},
              {"points", s.fit.points}};
  json jk = json::array();
  for (double v : s.jackknife_slopes) jk.push_back(number_or(v, "undefined"));
  fit["jackknife_exponents"] = std::move(jk);
  fit["model"] = "n*(d) = C d^exponent, least squares of log n* on log d over the uncensored d";
  (void)o;
  return {{"model", s.model}, {"curves", std::move(curves)}, {"fit", std::move(fit)}};
}

void run_sample_complexity(const SampleComplexityArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  SweepOptions o;
  o.target = parse_sweep_target(a.target, "--target");
  o.dims = parse_int_list(a.dims, "--d");
  o.sizes = parse_int_list(a.sizes, "--n");
  o.sizes_per_d = a.per_d;
  o.seeds = a.seeds;
  o.m = a.m;
  o.m_ntk = a.m_ntk;
  o.n_test = a.n_test;
  o.epsilon = a.epsilon;
  o.activation = parse_activation(a.activation, "--activation");
  o.power = a.power;
  o.alpha = a.alpha;
  if (a.models == "quadratic,ntk" || a.models == "ntk,quadratic" || a.models == "both") {
    o.run_quadratic = o.run_ntk = true;
  } else if (a.models == "quadratic") {
    o.run_ntk = false;
  } else if (a.models == "ntk") {
    o.run_quadratic = false;
  } else {
    throw InputError("--models", "unknown models \"" + a.models + "\" (expected quadratic, ntk or quadratic,ntk)");
  }
  o.method = parse_train_method(a.method, "--method");
  o.lr_scale = a.lr;
  o.steps = a.steps;
  o.lambda = a.lambda;
  o.init_noise = a.init_noise;
  o.pgd_noise = a.noise;
  o.tol_g = a.tol_g;
  o.ridge = a.ridge;
  o.seed = parse_seed(a.seed);
  with_option_names([&] {
    try {
      validate(o);
    } catch (const InputError& e) {
      // library field names that differ from the option names
      std::string msg = e.what();
      const std::string prefix = e.field() + ": ";
      if (msg.compare(0, prefix.size(), prefix) == 0) msg.erase(0, prefix.size());
      if (e.field() == "model") throw InputError("--models", msg);
      throw;
    }
  });
  check_output_path(a.output);
  if (!a.quiet)
    o.progress = [](const SweepProgress& p) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "point %ld of %ld done (d = %d, n = %d, seed %d), elapsed %s", p.done, p.total, p.d,
                    p.n, p.seed_index, format_seconds(p.elapsed_s).c_str());
      log_line("sample-complexity", buf);
    };

  const std::vector<SweepPoint> points = with_option_names([&] { return run_sweep(o); });
  const std::vector<ModelSummary> summary = summarize_sweep(o, points);

  json doc = json::object();
  doc["schema"] = "beyondlin.result/1";
  doc["context"] = result_context("sample-complexity", o.seed, "double");
  const int m_ntk = o.m_ntk == 0 ? o.m : o.m_ntk;
  json opts = {{"target", sweep_target_name(o.target)},
               {"d", o.dims},
               {"n", o.sizes},
               {"n_per_d", o.sizes_per_d},
               {"seeds", o.seeds},
               {"m", o.m},
               {"m_ntk", m_ntk},
               {"n_test", o.n_test},
               {"epsilon", o.epsilon},
               {"activation", activation_name(o.activation)},
               {"models", a.models}};
  if (o.target == SweepTarget::power) {
    opts["p"] = o.power;
    opts["alpha"] = o.alpha;
  }
  opts["quadratic_training"] = {{"method", train_method_name(o.method)},
                                {"lr_scale", o.lr_scale},
                                {"lr", "lr_scale * sqrt(m) / d"},
                                {"steps", o.steps},
                                {"lambda", o.lambda},
                                {"init_noise", o.init_noise},
                                {"start", "W ~ N(0, (init_noise m^{1/4})^2 / (m d) I): per neuron init_noise m^{-1/4}"},
                                {"noise", o.pgd_noise},
                                {"tol_g", o.tol_g}};
  opts["ntk_regression"] = {{"ridge", o.ridge},
                            {"mu", "ridge * tr(K) / n"},
                            {"kernel", "K(x, x') = (1/m_ntk) sum_r sigma'(w0_r.x) sigma'(w0_r.x') x.x'"}};
  opts["data"] = o.target == SweepTarget::product
                     ? "x uniform on {-1,+1}^d, y = x_1 x_2; w0_r ~ N(0, I/d), symmetric init"
                     : "x uniform on the sphere of radius sqrt(d), y = alpha (beta.x)^p, beta uniform unit; w0_r ~ N(0, I/d)";
  opts["error"] = "normalized test MSE: mean (yhat - y)^2 / variance of y over the test set";
  doc["options"] = std::move(opts);
  json models = json::array();
  for (const ModelSummary& s : summary) models.push_back(summary_json(s, o));
  doc["models"] = std::move(models);
  json pts = json::array();
  for (const SweepPoint& p : points) pts.push_back(point_json(p, o));
  doc["points"] = std::move(pts);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
#ifdef _OPENMP
  doc["threads"] = omp_get_max_threads();
#else
  doc["threads"] = 1;
#endif
  doc["seconds"] = secs;
  emit(doc, a.output);
  std::string line = std::to_string(points.size()) + " points in " + format_seconds(secs);
  for (const ModelSummary& s : summary) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "; %s exponent %.3g", s.model.c_str(), s.fit.slope);
    line += buf;
  }
  log_line("sample-complexity", line + (a.output.empty() ? "" : " -> " + a.output));
}

}  // namespace

void add_sample_complexity_command(CLI::App& app, int& status) {
  auto args = std::make_shared<SampleComplexityArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sample-complexity",
      "Learning-curve sweep (SPEC §4.6, §6.4 ST-4): for each (d, n, seed) train the quadratic model (gd/pgd on "
      "L^Q + lambda R) and fit kernel ridge regression with the empirical NTK; test error versus n, the n*(d) "
      "reaching --epsilon, and the fitted exponent of n*(d) with standard errors. Points run in parallel (OpenMP); "
      "results do not depend on the thread count.");
  cmd->add_option("--target", args->target, "product (y = x_1 x_2 on {-1,+1}^d) | power (y = alpha (beta.x)^p on the sphere of radius sqrt d)")
      ->capture_default_str();
  cmd->add_option("--d", args->dims, "comma-separated dimensions, e.g. 16,32,64")->capture_default_str();
  cmd->add_option("--n", args->sizes, "comma-separated training sizes (with --n-per-d: ratios n/d)")->capture_default_str();
  cmd->add_flag("--n-per-d", args->per_d, "the --n values are ratios n/d (n = ratio * d)");
  cmd->add_option("--seeds", args->seeds, "independent repetitions per (d, n)")->capture_default_str();
  cmd->add_option("--m", args->m, "width of the quadratic model (even)")->capture_default_str();
  cmd->add_option("--m-ntk", args->m_ntk, "width of the network of the empirical NTK (even; 0 = --m)")->capture_default_str();
  cmd->add_option("--n-test", args->n_test, "test samples per (d, seed)")->capture_default_str();
  cmd->add_option("--epsilon", args->epsilon, "normalized test error defining n*(d), in (0, 1)")->capture_default_str();
  cmd->add_option("--activation", args->activation, "sincos | tanh | softplus | sigmoid | cubic | relu3 | relu | erf | gelu")
      ->capture_default_str();
  cmd->add_option("--p", args->power, "power p of the power target (1..8)")->capture_default_str();
  cmd->add_option("--alpha", args->alpha, "alpha of the power target (nonzero)")->capture_default_str();
  cmd->add_option("--models", args->models, "quadratic | ntk | quadratic,ntk")->capture_default_str();
  cmd->add_option("--method", args->method, "optimizer of the quadratic model: gd | pgd | noisy-sgd")->capture_default_str();
  cmd->add_option("--lr", args->lr, "step size scale: lr = LR * sqrt(m) / d")->capture_default_str();
  cmd->add_option("--steps", args->steps, "iterations of the optimizer")->capture_default_str();
  cmd->add_option("--lambda", args->lambda, "weight of R(W) = ||W||_{2,4}^8")->capture_default_str();
  cmd->add_option("--init-noise", args->init_noise, "start: per-neuron size init_noise * m^{-1/4} (> 0)")->capture_default_str();
  cmd->add_option("--noise", args->noise, "pgd / noisy-sgd noise radius (times m^{1/4})")->capture_default_str();
  cmd->add_option("--tol-g", args->tol_g, "gradient tolerance (gd stops early; 0 = run all steps)")->capture_default_str();
  cmd->add_option("--ridge", args->ridge, "relative ridge of the NTK regression: mu = ridge * tr(K)/n (>= 0)")->capture_default_str();
  cmd->add_option("--seed", args->seed, "seed of the sweep (data, networks, start noise)")->capture_default_str()->type_name("N");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress lines on stderr (the final summary line stays)");
  add_output_option(cmd, args->output);
  cmd->callback([args, &status] {
    run_sample_complexity(*args);
    status = 0;
  });
}

}  // namespace beyondlin::cli
