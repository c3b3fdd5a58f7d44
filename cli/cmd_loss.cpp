// `beyondlin loss`: value (and gradient) of a training objective at the instance's movement W
// (DESIGN.md §2; objectives of SPEC §2, §3.3-§3.4: full, randomized, quadratic, taylor-K, ntk,
// plus lambda ||W||_{2,4}^8).

#include "cli_util.hpp"
#include "commands.hpp"

#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/objective.hpp>

#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>

namespace beyondlin::cli {
namespace {

/// The raw option values of `beyondlin loss` (checked in run_loss so that errors name the option).
struct LossArgs {
  std::string instance;
  std::string objective;
  double lambda = 0.0;
  bool grad = false;
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
}

/// Validate the options (errors name them: "--objective", "--lambda", "--mc-pairs", "--precision",
/// "--seed"), evaluate the objective at the instance's W in the requested precision, write the document.
void run_loss(const LossArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  ObjectiveSpec spec = parse_objective(a.objective, "--objective");
  if (std::isnan(a.lambda) || std::isinf(a.lambda))
    throw InputError("--lambda", "must be a finite number >= 0, got " + shortest_decimal(a.lambda));
  if (a.lambda < 0) throw InputError("--lambda", "must be >= 0, got " + shortest_decimal(a.lambda));
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
      "loss", "Objective value (and gradient with --grad) at the instance's movement W: "
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
