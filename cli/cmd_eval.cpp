// `beyondlin eval`: per-sample model values of an instance (DESIGN.md §2): f = f_{W0+W}, f0 = f_{W0},
// the Taylor terms f^(1..K) and the remainder (SPEC §2), and the exact sign-randomized mean and
// variance (SPEC §3.2, P2/P3), in double or at 50 or 100 significant digits.

#include "cli_util.hpp"
#include "commands.hpp"

#include <beyondlin/activation.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace beyondlin::cli {
namespace {

/// The raw option values of `beyondlin eval`.
struct EvalArgs {
  std::string instance;
  int order = 3;
  std::string precision = "double";
  std::string output;
};

/// Evaluate every quantity in the scalar type T and append the "samples" array to doc.
template <class T> void eval_samples(const EvalArgs& a, int digits, json& doc) {
  const Instance<T> inst = read_instance_option<T>(a.instance);
  const int K = a.order;
  const Vector<T> f = network_output(inst);
  const Vector<T> f0 = initial_output(inst);
  const Matrix<T> taylor = taylor_terms(inst, inst.W, K);
  const Vector<T> rem = taylor_remainder(inst, inst.W, K);
  const SignMoments<T> mom = randomized_moments(inst, inst.W);
  doc["instance"] = {{"path", a.instance},
                     {"activation", activation_name(inst.activation)},
                     {"loss", loss_name(inst.loss)},
                     {"init", init_name(inst.init)},
                     {"m", inst.m()},
                     {"d", inst.d()},
                     {"n", inst.n()}};
  doc["order"] = K;
  json samples = json::array();
  for (Eigen::Index i = 0; i < inst.n(); ++i) {
    json s = json::object();
    s["f"] = scalar_to_json(f(i), digits);
    s["f0"] = scalar_to_json(f0(i), digits);
    json t = json::array();
    for (int k = 0; k < K; ++k) t.push_back(scalar_to_json(taylor(i, k), digits));
    s["taylor"] = std::move(t);
    s["remainder"] = scalar_to_json(rem(i), digits);
    s["rand_mean"] = scalar_to_json(mom.mean(i), digits);
    s["rand_var"] = scalar_to_json(mom.var(i), digits);
    samples.push_back(std::move(s));
  }
  doc["samples"] = std::move(samples);
}

/// Validate the options, evaluate at the requested precision, write the document. Errors name
/// the option ("--order", "--precision", "--instance") or the instance key ("W0[2]", "X").
void run_eval(const EvalArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  const Precision p = parse_precision(a.precision);
  if (a.order < 0 || a.order > kMaxActivationOrder)
    throw InputError("--order", "must be an integer in 0.." + std::to_string(kMaxActivationOrder) + ", got " +
                                    std::to_string(a.order));
  json doc = json::object();
  doc["schema"] = "beyondlin.result/1";
  doc["context"] = result_context("eval", 0, a.precision);  // eval draws no random numbers: seed 0
  dispatch_precision(p, [&](auto tag) {
    using T = typename decltype(tag)::type;
    eval_samples<T>(a, precision_digits(p), doc);
  });
  emit(doc, a.output);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log_line("eval", std::to_string(doc["samples"].size()) + " samples, order " + std::to_string(a.order) +
                       ", precision " + a.precision + ", " + format_seconds(secs) +
                       (a.output.empty() ? "" : " -> " + a.output));
}

}  // namespace

void add_eval_command(CLI::App& app, int& status) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Per sample: f, f0 (f at W0), taylor (f^(1)..f^(K)), remainder (f - f0 - sum of the Taylor terms), "
              "rand_mean and rand_var (mean and variance over the signs Sigma of f_{W0+Sigma W}, SPEC §3.2).");
  cmd->add_option("--instance", args->instance, "instance JSON file (schema beyondlin.instance/1)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--order", args->order, "number K of Taylor terms, 0..24")->capture_default_str();
  cmd->add_option("--precision", args->precision,
                  "double (JSON numbers) | 50 | 100 (significant digits; values written as decimal strings)")
      ->capture_default_str();
  add_output_option(cmd, args->output);
  cmd->callback([args, &status] {
    run_eval(*args);
    status = 0;
  });
}

}  // namespace beyondlin::cli
