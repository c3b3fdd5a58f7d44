// `beyondlin loss`: value (and gradient) of a training objective at the instance's movement W
// (DESIGN.md §2; objectives of SPEC §2, §3.3-§3.4: full, randomized, quadratic, taylor-K, ntk,
// plus lambda ||W||_{2,4}^8).

#include "cli_util.hpp"
#include "commands.hpp"

#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/sosp.hpp>
#include <beyondlin/spectrum.hpp>

#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace beyondlin::cli {
namespace {

/// The raw option values of `beyondlin loss` (checked in run_loss so that errors name the option).
struct LossArgs {
  std::string instance;
  std::string objective;
  double lambda = 0.0;
  bool grad = false;
  int eig = 0;             ///< --eig K (0: no eigenvalues)
  bool dense = false;      ///< --dense: dense reference path for --eig and --sosp
  bool sosp = false;       ///< --sosp: SOSP certificate
  std::optional<double> eps_g;  ///< --eps-g
  std::optional<double> eps_h;  ///< --eps-h
  double eig_tol = 1e-10;  ///< --eig-tol: Spectra's relative tolerance
  std::string precision = "double";
  long mc_pairs = 10000;
  std::string seed = "1";
  std::string output;
};

/// Evaluate the objective in the scalar type T at W = the instance's movement; fill doc.
template <class T> void loss_values(const LossArgs& a, const ObjectiveSpec& spec, int digits, json& doc) {
  const Instance<T> inst = read_instance_option<T>(a.instance);
  const Objective<T> obj = with_option_names([&] { return Objective<T>(inst, spec); });
  const Vector<T> w = Objective<T>::flatten(inst.W);
  const ValueWithError<T> v = obj.value_with_error(w);
  const bool mc = std::strcmp(obj.method(), "monte-carlo") == 0;
  doc["instance"] = a.instance;
  doc["objective"] = objective_name(spec);
  doc["lambda"] = a.lambda;
  doc["method"] = obj.method();
  if (mc) doc["mc_pairs"] = a.mc_pairs;
  doc["value"] = scalar_to_json(v.value, digits);
  if (mc) doc["stderr"] = scalar_to_json(v.stderr_, digits);
  if (a.grad) {
    Vector<T> g;
    obj.gradient(w, g);
    const Eigen::Index m = inst.m(), d = inst.d();
    json rows = json::array();
    CompensatedSum<T> sq;
    for (Eigen::Index r = 0; r < m; ++r) {
      json row = json::array();
      for (Eigen::Index j = 0; j < d; ++j) {
        const T& x = g(r * d + j);
        row.push_back(scalar_to_json(x, digits));
        sq.add(x * x);
      }
      rows.push_back(std::move(row));
    }
    using std::sqrt;
    doc["gradient"] = std::move(rows);
    doc["gradient_norm"] = scalar_to_json(T(sqrt(sq.value())), digits);
  }
  // High precision has no Lanczos path: the dense path runs in T (SPEC §6.5; hessian.hpp).
  const bool dense = a.dense || !std::is_same_v<T, double>;
  if (a.eig > 0) {
    const HessianExtremes<T> e =
        with_option_names([&] { return hessian_extremes(obj, w, a.eig, dense, a.eig_tol); });
    if (e.min.empty())
      throw std::runtime_error("Spectra did not converge on the Hessian (status " + e.status +
                               "); md is above the dense limit, try a larger --eig-tol");
    auto arr = [&](const std::vector<T>& v) {
      json j = json::array();
      for (const T& x : v) j.push_back(scalar_to_json(x, digits));
      return j;
    };
    doc["eig_min"] = arr(e.min);
    doc["eig_max"] = arr(e.max);
    doc["eig_residuals"] = {{"min", arr(e.min_residuals)}, {"max", arr(e.max_residuals)}};
    doc["hvp_count"] = e.hvp_count;
    doc["eig_method"] = e.method;
    doc["eig_status"] = e.status;
  }
  if (a.sosp) {
    const SospCertificate<T> c = with_option_names([&] { return sosp_certificate(obj, w, dense, a.eig_tol); });
    json j = json::object();
    j["gradient_norm"] = scalar_to_json(c.gradient_norm, digits);
    j["lambda_min"] = scalar_to_json(c.lambda_min, digits);
    j["lambda_min_residual"] = scalar_to_json(c.lambda_min_residual, digits);
    j["lambda_min_lower"] = scalar_to_json(c.lambda_min_lower, digits);
    j["eps_g"] = scalar_to_json(c.eps_g, digits);
    j["eps_H"] = scalar_to_json(c.eps_H, digits);
    j["eig_method"] = c.eig_method;
    j["eig_status"] = c.eig_status;
    j["hvp_count"] = c.hvp_count;
    if (a.eps_g || a.eps_h) {
      if (a.eps_g) j["required_eps_g"] = *a.eps_g;
      if (a.eps_h) j["required_eps_H"] = *a.eps_h;
      j["satisfied"] = sosp_satisfies(c, a.eps_g.value_or(std::numeric_limits<double>::infinity()),
                                      a.eps_h.value_or(std::numeric_limits<double>::infinity()));
    }
    doc["sosp"] = std::move(j);
  }
}

/// Validate the options (errors name them: "--objective", "--lambda", "--mc-pairs", "--precision",
/// "--seed"), evaluate the objective at the instance's W in the requested precision, write the document.
void run_loss(const LossArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  ObjectiveSpec spec = parse_objective(a.objective, "--objective");
  if (std::isnan(a.lambda) || std::isinf(a.lambda))
    throw InputError("--lambda", "must be a finite number >= 0, got " + shortest_decimal(a.lambda));
  if (a.lambda < 0) throw InputError("--lambda", "must be >= 0, got " + shortest_decimal(a.lambda));
  if (a.eig < 0) throw InputError("--eig", "must be an integer >= 1, got " + std::to_string(a.eig));
  if (!(a.eig_tol > 0) || !(a.eig_tol < 1))
    throw InputError("--eig-tol", "must be a number in (0, 1), got " + shortest_decimal(a.eig_tol));
  for (auto [name, v] : {std::pair<const char*, std::optional<double>>{"--eps-g", a.eps_g}, {"--eps-h", a.eps_h}}) {
    if (!v) continue;
    if (!std::isfinite(*v) || *v < 0)
      throw InputError(name, "must be a finite number >= 0, got " + shortest_decimal(*v));
    if (!a.sosp) throw InputError(name, "only applies with --sosp");
  }
  if (a.dense && a.eig == 0 && !a.sosp) throw InputError("--dense", "only applies with --eig or --sosp");
  if (a.mc_pairs < 2) throw InputError("--mc-pairs", "must be an integer >= 2, got " + std::to_string(a.mc_pairs));
  const Precision p = parse_precision(a.precision);
  const std::uint64_t seed = parse_seed(a.seed);
  spec.lambda = a.lambda;
  spec.mc_pairs = a.mc_pairs;
  spec.seed = seed;
  json doc = json::object();
  doc["schema"] = "beyondlin.result/1";
  doc["context"] = result_context("loss", seed, a.precision);
  dispatch_precision(p, [&](auto tag) {
    using T = typename decltype(tag)::type;
    loss_values<T>(a, spec, precision_digits(p), doc);
  });
  emit(doc, a.output);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log_line("loss", objective_name(spec) + " (" + doc["method"].get<std::string>() + "), precision " + a.precision +
                       ", " + format_seconds(secs) + (a.output.empty() ? "" : " -> " + a.output));
}

}  // namespace

void add_loss_command(CLI::App& app, int& status) {
  auto args = std::make_shared<LossArgs>();
  CLI::App* cmd = app.add_subcommand(
      "loss", "Objective value (gradient with --grad, Hessian extreme eigenvalues with --eig, SOSP certificate "
              "with --sosp) at the instance's movement W: "
              "F(W) = (1/n) sum_i loss(g_i(W), y_i) + lambda ||W||_{2,4}^8.");
  cmd->add_option("--instance", args->instance, "instance JSON file (schema beyondlin.instance/1)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--objective", args->objective,
                  "full | randomized (E over the signs: closed form for the square loss, enumeration for m <= 16, "
                  "else Monte Carlo) | quadratic | ntk | taylor-K")
      ->required();
  cmd->add_option("--lambda", args->lambda, "weight of the regularizer ||W||_{2,4}^8, >= 0")->capture_default_str();
  cmd->add_flag("--grad", args->grad, "also write the gradient (m x d) and its Frobenius norm");
  cmd->add_option("--eig", args->eig,
                  "K: also write the K smallest (eig_min, ascending) and K largest (eig_max, descending) Hessian "
                  "eigenvalues with eig_residuals {min, max} = ||H v - lambda v|| and hvp_count (Spectra Lanczos on "
                  "HVPs in double, where a repeated eigenvalue may be listed once; dense in high precision)")
      ->type_name("K");
  cmd->add_flag("--dense", args->dense,
                "dense reference path for --eig/--sosp: H from md HVPs, Eigen's SelfAdjointEigenSolver in the "
                "chosen precision (md <= 8000)");
  cmd->add_flag("--sosp", args->sosp,
                "SOSP certificate (SPEC §4.2): gradient norm, lambda_min (with residual), and the (eps_g, eps_H) the "
                "point satisfies");
  cmd->add_option("--eps-g", args->eps_g, "with --sosp: required gradient tolerance (adds \"satisfied\")");
  cmd->add_option("--eps-h", args->eps_h, "with --sosp: required curvature tolerance (adds \"satisfied\")");
  cmd->add_option("--eig-tol", args->eig_tol, "relative tolerance of Spectra's Lanczos")->capture_default_str();
  cmd->add_option("--precision", args->precision,
                  "double (JSON numbers) | 50 | 100 (significant digits; values written as decimal strings)")
      ->capture_default_str();
  cmd->add_option("--mc-pairs", args->mc_pairs, "antithetic sign pairs for the Monte Carlo randomized objective")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "seed of the Monte Carlo signs")->capture_default_str()->type_name("N");
  add_output_option(cmd, args->output);
  cmd->callback([args, &status] {
    run_loss(*args);
    status = 0;
  });
}

}  // namespace beyondlin::cli
