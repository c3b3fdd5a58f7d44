// `beyondlin instance`: draw an instance with the canonical generator of SPEC §6 (DESIGN.md §2)
// and write its JSON (DESIGN.md §3), with a "context" block and the generator options.

#include "cli_util.hpp"
#include "commands.hpp"

#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>

#include <memory>
#include <string>

namespace beyondlin::cli {
namespace {

/// The raw option values (names are parsed in run_instance so that errors name the option).
struct InstanceArgs {
  int d = 10, m = 64, n = 20;
  std::string activation = "sincos", init = "symmetric", movement = "zero", data = "sphere", target = "gaussian",
              loss = "square";
  double rho = 1.0, init_scale = 1.0;
  std::string seed = "1";
  std::string output;
};

/// Parse names, validate (errors name the option: "--m: ..."), generate, write.
void run_instance(const InstanceArgs& a) {
  InstanceOptions opt;
  opt.d = a.d;
  opt.m = a.m;
  opt.n = a.n;
  opt.activation = parse_activation(a.activation, "--activation");
  opt.loss = parse_loss(a.loss, "--loss");
  opt.init = parse_init(a.init, "--init");
  opt.init_scale = a.init_scale;
  opt.movement = a.movement;
  opt.rho = a.rho;
  opt.data = a.data;
  opt.target = a.target;
  opt.seed = parse_seed(a.seed);
  const Instance<double> inst = with_option_names([&] {
    validate(opt);
    return generate_instance(opt);
  });

  json doc = json::object();
  const json body = instance_to_json(inst);
  doc["schema"] = body["schema"];
  doc["context"] = result_context("instance", opt.seed, "double");
  doc["generator"] = {{"d", a.d},           {"m", a.m},
                      {"n", a.n},           {"activation", activation_name(opt.activation)},
                      {"init", a.init},     {"init_scale", a.init_scale},
                      {"movement", a.movement}, {"rho", a.rho},
                      {"data", a.data},     {"target", a.target},
                      {"loss", loss_name(opt.loss)}, {"seed", opt.seed}};
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "schema") doc[it.key()] = it.value();
  emit(doc, a.output);
  log_line("instance", "m=" + std::to_string(a.m) + " d=" + std::to_string(a.d) + " n=" + std::to_string(a.n) +
                           " init=" + a.init + " movement=" + a.movement + " target=" + a.target +
                           " seed=" + std::to_string(opt.seed) + (a.output.empty() ? "" : " -> " + a.output));
}

}  // namespace

void add_instance_command(CLI::App& app, int& status) {
  auto args = std::make_shared<InstanceArgs>();
  CLI::App* cmd = app.add_subcommand(
      "instance", "Draw an instance (SPEC §6 generator: symmetric or Gaussian init, movement, data, labels) and "
                  "write its JSON (schema beyondlin.instance/1).");
  cmd->add_option("--d", args->d, "input dimension d >= 1")->capture_default_str();
  cmd->add_option("--m", args->m, "width m >= 1 (even with --init symmetric)")->capture_default_str();
  cmd->add_option("--n", args->n, "number of samples n >= 1")->capture_default_str();
  cmd->add_option("--activation", args->activation,
                  "sincos | tanh | softplus | sigmoid | cubic | relu3 | relu | erf | gelu")
      ->capture_default_str();
  cmd->add_option("--init", args->init, "symmetric (paired rows, f_{W0} = 0) | gaussian")->capture_default_str();
  cmd->add_option("--init-scale", args->init_scale, "rows of W0 are N(0, s^2 I_d)")->capture_default_str();
  cmd->add_option("--movement", args->movement,
                  "zero | coherent (m^{-1/4} rho u on neurons with a_r = +1) | generic (m^{-1/4} rho g_r/|g_r|)")
      ->capture_default_str();
  cmd->add_option("--rho", args->rho, "movement scale rho >= 0")->capture_default_str();
  cmd->add_option("--data", args->data, "sphere | gaussian (N(0, I/d)) | cube | lowrank")->capture_default_str();
  cmd->add_option("--target", args->target,
                  "zero | gaussian | sign | planted (f_{W0} + f^Q_{W*}) | product (d x_1 x_2) | network (f_{W0+W})")
      ->capture_default_str();
  cmd->add_option("--loss", args->loss, "square | logistic | absolute | huber")->capture_default_str();
  cmd->add_option("--seed", args->seed, "seed of the generator (same seed, same instance)")
      ->capture_default_str()
      ->type_name("N");
  add_output_option(cmd, args->output);
  cmd->callback([args, &status] {
    run_instance(*args);
    status = 0;
  });
}

}  // namespace beyondlin::cli
