// `beyondlin express`: the expressivity construction of SPEC §4.5 (E1 + E2, Theorem E) for a target:
// W*, its norm ||W*||_{2,4} with the predicted limit, and its fit error on the instance's inputs
// (DESIGN.md §2). All mathematics is in lib/ (expressivity.hpp, hermite.hpp); this file parses and writes.

#include "cli_util.hpp"
#include "commands.hpp"

#include <beyondlin/expressivity.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>

#include <chrono>
#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace beyondlin::cli {
namespace {

/// The raw option values (parsed in run_express so that errors name the option).
struct ExpressArgs {
  std::string instance;
  int d = 8, m = 1024, n = 20;
  std::string data = "sphere", activation = "sincos";
  std::string target = "power";
  std::string alpha = "1", p = "2", beta, beta_norm, lambdas, theta;
  std::string precision = "50";
  int nodes = 0;
  std::string seed = "1";
  std::string output, instance_out;
  // options that only apply without --instance (for the conflict check)
  std::vector<CLI::Option*> generator_options;
};

/// Split "a,b,c" (or with another separator) into trimmed pieces; empty pieces are kept (and rejected later).
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) {
    const auto b = cur.find_first_not_of(" \t"), e = cur.find_last_not_of(" \t");
    out.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
  }
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

std::vector<double> parse_numbers(const std::string& text, const std::string& option, char sep = ',') {
  std::vector<double> v;
  if (text.empty()) throw InputError(option, "expected a comma-separated list of numbers, got \"\"");
  for (const std::string& piece : split(text, sep)) {
    double x;
    try {
      x = from_decimal_string<double>(piece);
    } catch (const std::invalid_argument&) {
      throw InputError(option, "not a decimal number: \"" + piece + "\" (in \"" + text + "\")");
    }
    if (!std::isfinite(x)) throw InputError(option, "must be finite, got \"" + piece + "\"");
    v.push_back(x);
  }
  return v;
}

std::vector<int> parse_ints(const std::string& text, const std::string& option) {
  std::vector<int> v;
  for (const std::string& piece : split(text, ',')) {
    const bool ok = !piece.empty() && piece.size() <= 4 && piece.find_first_not_of("0123456789") == std::string::npos;
    if (!ok) throw InputError(option, "expected a comma-separated list of integers, got \"" + piece + "\" (in \"" + text + "\")");
    v.push_back(std::stoi(piece));
  }
  return v;
}

/// Seed of the random directions (beta, eigenvectors): a fixed mix of --seed, so that they are not the
/// generator's stream.
std::uint64_t direction_seed(std::uint64_t seed) { return seed ^ 0xD1B54A32D192ED03ULL; }

/// Build the target from the options (d known). Errors name the option.
ExpressTarget build_target(const ExpressArgs& a, int d, std::uint64_t seed) {
  const std::uint64_t ds = direction_seed(seed);
  if (a.target == "power" || a.target == "sum") {
    if (!a.lambdas.empty()) throw InputError("--lambdas", "only applies with --target quadratic-form");
    if (!a.theta.empty()) throw InputError("--theta", "only applies with --target quadratic-form");
    const std::vector<double> alpha = parse_numbers(a.alpha, "--alpha");
    const std::vector<int> p = parse_ints(a.p, "--p");
    const std::size_t S = alpha.size();
    if (a.target == "power" && S != 1)
      throw InputError("--alpha", "--target power takes one value, got " + std::to_string(S) + " (use --target sum)");
    if (p.size() != S)
      throw InputError("--p", "expected " + std::to_string(S) + " value(s), one per --alpha, got " + std::to_string(p.size()));
    if (!a.beta.empty() && !a.beta_norm.empty()) throw InputError("--beta-norm", "give either --beta or --beta-norm, not both");
    std::vector<Vector<double>> betas;
    if (!a.beta.empty()) {
      const std::vector<std::string> vecs = split(a.beta, ';');
      if (vecs.size() != S)
        throw InputError("--beta", "expected " + std::to_string(S) + " vector(s) separated by ';', got " +
                                       std::to_string(vecs.size()));
      for (const std::string& t : vecs) {
        const std::vector<double> v = parse_numbers(t, "--beta");
        if (static_cast<int>(v.size()) != d)
          throw InputError("--beta", "each vector needs d = " + std::to_string(d) + " entries, got " +
                                         std::to_string(v.size()) + " (\"" + t + "\")");
        betas.push_back(Eigen::Map<const Vector<double>>(v.data(), d));
      }
    } else {
      const std::vector<double> norms =
          a.beta_norm.empty() ? std::vector<double>(S, 1.0) : parse_numbers(a.beta_norm, "--beta-norm");
      if (norms.size() != S)
        throw InputError("--beta-norm", "expected " + std::to_string(S) + " value(s), one per --alpha, got " +
                                            std::to_string(norms.size()));
      for (std::size_t s = 0; s < S; ++s) {
        if (!(norms[s] > 0)) throw InputError("--beta-norm", "must be > 0, got " + shortest_decimal(norms[s]));
        betas.push_back(norms[s] * random_orthonormal_columns(d, 1, ds + s).col(0));
      }
    }
    std::vector<PowerTerm> terms;
    for (std::size_t s = 0; s < S; ++s) terms.push_back(PowerTerm{alpha[s], betas[s], p[s]});
    return a.target == "power" ? power_target(alpha[0], betas[0], p[0]) : sum_target(terms);
  }
  if (!a.beta.empty()) throw InputError("--beta", "only applies with --target power or sum");
  if (!a.beta_norm.empty()) throw InputError("--beta-norm", "only applies with --target power or sum");
  if (a.p != "2") throw InputError("--p", "only applies with --target power or sum (quadratic targets have p = 2)");
  if (a.target == "product") {
    if (!a.lambdas.empty() || !a.theta.empty())
      throw InputError(a.lambdas.empty() ? "--theta" : "--lambdas", "only applies with --target quadratic-form");
    const std::vector<double> alpha = parse_numbers(a.alpha, "--alpha");
    if (alpha.size() != 1) throw InputError("--alpha", "--target product takes one value, got " + std::to_string(alpha.size()));
    if (d < 2) throw InputError("--d", "the product target alpha z_1 z_2 needs d >= 2, got d = " + std::to_string(d));
    return product_target(d, alpha[0]);
  }
  if (a.target == "quadratic-form") {
    if (a.alpha != "1") throw InputError("--alpha", "does not apply with --target quadratic-form (use --lambdas or --theta)");
    if (a.lambdas.empty() == a.theta.empty())
      throw InputError("--lambdas", "--target quadratic-form needs exactly one of --lambdas (eigenvalues, random "
                                    "orthonormal eigenvectors) or --theta (d*d entries, row-major)");
    if (!a.lambdas.empty()) {
      const std::vector<double> lam = parse_numbers(a.lambdas, "--lambdas");
      if (static_cast<int>(lam.size()) > d)
        throw InputError("--lambdas", "rank r = " + std::to_string(lam.size()) + " exceeds d = " + std::to_string(d));
      const Matrix<double> U = random_orthonormal_columns(d, static_cast<int>(lam.size()), ds);
      const Vector<double> l = Eigen::Map<const Vector<double>>(lam.data(), static_cast<Eigen::Index>(lam.size()));
      return quadratic_form_target(U * l.asDiagonal() * U.transpose());
    }
    const std::vector<double> th = parse_numbers(a.theta, "--theta");
    if (static_cast<long>(th.size()) != static_cast<long>(d) * d)
      throw InputError("--theta", "expected d*d = " + std::to_string(d * d) + " entries (row-major), got " +
                                      std::to_string(th.size()));
    Matrix<double> T(d, d);
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j) T(i, j) = th[static_cast<std::size_t>(i) * d + j];
    try {
      return quadratic_form_target(T);
    } catch (const InputError& e) {
      std::string msg = e.what();
      msg.erase(0, e.field().size() + 2);
      throw InputError("--theta", msg);
    }
  }
  throw InputError("--target", "unknown target \"" + a.target + "\" (expected power, sum, product or quadratic-form)");
}

/// Rename a library field to the option that set it: target fields always ("beta[1]" -> "--beta"); instance
/// fields keep the JSON key with the file named when the instance came from --instance, else "--<field>".
[[noreturn]] void rethrow_named(const InputError& e, const std::string& instance_path) {
  std::string msg = e.what();
  msg.erase(0, e.field().size() + 2);
  std::string field = e.field();
  const std::string base = field.substr(0, field.find('['));
  const bool instance_field = base == "init" || base == "W0" || base == "X" || base == "activation" || base == "m" ||
                              base == "a" || base == "W" || base == "y" || base == "W_star";
  if (instance_field && !instance_path.empty()) throw InputError(field, msg + " (in \"" + instance_path + "\")");
  if (base == "X") throw InputError("--data", msg);
  if (field != base) msg = "term " + field.substr(base.size()) + ": " + msg;
  throw InputError("--" + base, msg);
}

json matrix_json(const RowMatrix<double>& A) {
  json rows = json::array();
  for (Eigen::Index r = 0; r < A.rows(); ++r) {
    json row = json::array();
    for (Eigen::Index j = 0; j < A.cols(); ++j) row.push_back(scalar_to_json(A(r, j)));
    rows.push_back(std::move(row));
  }
  return rows;
}

json vector_json(const Vector<double>& v) {
  json a = json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(scalar_to_json(v(i)));
  return a;
}

json coefficient_json(const ExpressTermInfo& t) {
  return {{"k", t.k},
          {"value", scalar_to_json(t.c.value)},
          {"error_estimate", scalar_to_json(t.c.error_estimate)},
          {"method", t.c.method}};
}

void run_express(const ExpressArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t seed = parse_seed(a.seed);
  const int digits = precision_digits(parse_precision(a.precision));
  if (a.nodes != 0 && (a.nodes < 2 || a.nodes > kMaxGaussHermiteNodes))
    throw InputError("--nodes", "must be 0 (closed forms and the trapezoid rule) or a Gauss-Hermite size in 2.." +
                                    std::to_string(kMaxGaussHermiteNodes) + ", got " + std::to_string(a.nodes));
  check_output_path(a.output);
  check_output_path(a.instance_out, "--instance-out");

  Instance<double> inst;
  InstanceOptions gen;
  if (!a.instance.empty()) {
    for (CLI::Option* o : a.generator_options)
      if (o->count() > 0) throw InputError(o->get_name(), "only applies without --instance (the file fixes the network and inputs)");
    inst = read_instance_option<double>(a.instance);
  } else {
    if (a.data == "gaussian")
      throw InputError("--data", "gaussian inputs N(0, I/d) are not unit-norm; the construction (SPEC §4.5 E2) needs "
                                 "||x|| = 1: use sphere, cube or lowrank");
    gen.d = a.d;
    gen.m = a.m;
    gen.n = a.n;
    gen.activation = parse_activation(a.activation, "--activation");
    gen.data = a.data;
    gen.movement = "zero";
    gen.target = "zero";
    gen.seed = seed;
    inst = with_option_names([&] { return generate_instance(gen); });
  }
  const int d = static_cast<int>(inst.d());
  ExpressOptions opt;
  opt.hermite_digits = digits;
  opt.gauss_hermite_nodes = a.nodes;
  ExpressTarget target;
  ExpressivityResult res;
  try {
    target = build_target(a, d, seed);
    res = express(inst, target, opt);
  } catch (const InputError& e) {
    if (!e.field().empty() && e.field()[0] == '-') throw;
    rethrow_named(e, a.instance);
  }

  json doc = json::object();
  doc["schema"] = "beyondlin.result/1";
  doc["context"] = result_context("express", seed, a.precision);
  json tj = json::object();
  tj["kind"] = target_kind_name(target.kind);
  tj["formula"] = target.formula;
  if (target.kind == TargetKind::product)
    tj["rescaling"] = "cube coordinates z = sqrt(d) x in {-1,+1}^d: alpha z_1 z_2 = alpha d x_1 x_2 = x^T Theta x, "
                      "Theta = (alpha d / 2)(e_1 e_2^T + e_2 e_1^T); limit 8 alpha^2 d^2 / c_0^2";
  if (target.theta.size() != 0) tj["theta"] = matrix_json(target.theta);
  json terms = json::array();
  for (std::size_t s = 0; s < res.terms.size(); ++s) {
    const ExpressTermInfo& t = res.terms[s];
    terms.push_back({{"alpha", scalar_to_json(t.alpha)},
                     {"p", t.p},
                     {"beta", vector_json(target.terms[s].beta)},
                     {"beta_norm", scalar_to_json(t.beta_norm)},
                     {"hermite_coefficient", coefficient_json(t)},
                     {"cost_A", scalar_to_json(t.cost)},
                     {"fraction_optimal", scalar_to_json(t.fraction_optimal)},
                     {"fraction_used", scalar_to_json(t.fraction_used)},
                     {"first_pair", t.first_pair},
                     {"pairs", t.pairs}});
  }
  tj["terms"] = std::move(terms);
  doc["target"] = std::move(tj);
  doc["activation"] = activation_name(inst.activation);
  doc["m"] = inst.m();
  doc["d"] = inst.d();
  doc["n"] = inst.n();
  if (a.instance.empty())
    doc["generator"] = {{"d", a.d}, {"m", a.m}, {"n", a.n}, {"activation", a.activation}, {"data", a.data},
                        {"init", "symmetric"}, {"init_scale", 1}, {"seed", seed}};
  else
    doc["instance_file"] = a.instance;
  json coefs = json::array();
  for (const ExpressTermInfo& t : res.terms) coefs.push_back(coefficient_json(t));
  doc["hermite_coefficients"] = std::move(coefs);
  doc["hermite_precision"] = a.precision;
  doc["norm24"] = scalar_to_json(res.norm24);
  doc["norm24_4"] = scalar_to_json(res.norm24_4);
  doc["predicted_limit"] = scalar_to_json(res.predicted_limit);
  doc["expected_norm24_4"] = scalar_to_json(res.expected_norm24_4);
  doc["norm24_4_std"] = scalar_to_json(res.norm24_4_std);
  doc["relative_gap"] = scalar_to_json(res.predicted_limit > 0 ? res.norm24_4 / res.predicted_limit - 1.0 : 0.0);
  doc["fit_rms"] = scalar_to_json(res.fit_rms);
  doc["fit_max"] = scalar_to_json(res.fit_max);
  doc["predicted_fit_rms"] = scalar_to_json(res.predicted_fit_rms);
  doc["f_star"] = vector_json(res.f_star);
  doc["f_q"] = vector_json(res.f_q);
  doc["W_star"] = matrix_json(res.W_star);
  Instance<double> out = inst;
  out.W_star = res.W_star;
  out.y = res.f_star;
  doc["instance"] = instance_to_json(out);
  if (!a.instance_out.empty()) {
    try {
      write_file_atomic(a.instance_out, to_text(instance_to_json(out)));
    } catch (const InputError& e) {
      throw InputError("--instance-out", e.what());
    }
  }
  emit(doc, a.output);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log_line("express", std::string(target_kind_name(target.kind)) + " target, m=" + std::to_string(inst.m()) +
                          " d=" + std::to_string(d) + ": ||W*||_{2,4}^4 = " + shortest_decimal(res.norm24_4) +
                          " (limit " + shortest_decimal(res.predicted_limit) + "), fit rms " +
                          shortest_decimal(res.fit_rms) + ", " + format_seconds(secs) +
                          (a.output.empty() ? "" : " -> " + a.output));
}

}  // namespace

void add_express_command(CLI::App& app, int& status) {
  auto args = std::make_shared<ExpressArgs>();
  CLI::App* cmd = app.add_subcommand(
      "express", "The expressivity construction (SPEC §4.5, E1 + E2): the movement W* whose quadratic model "
                 "f^Q_{W*} represents a target f_*, its norm ||W*||_{2,4} with the predicted limit, and its fit error "
                 "on the instance's inputs. Needs symmetric N(0, I) init and unit-norm inputs.");
  cmd->add_option("--instance", args->instance, "instance JSON (network W0, a and inputs X); else the generator options")
      ->type_name("FILE");
  args->generator_options.push_back(cmd->add_option("--d", args->d, "generator: input dimension")->capture_default_str());
  args->generator_options.push_back(
      cmd->add_option("--m", args->m, "generator: width (even; symmetric init, rows N(0, I_d))")->capture_default_str());
  args->generator_options.push_back(cmd->add_option("--n", args->n, "generator: number of inputs")->capture_default_str());
  args->generator_options.push_back(
      cmd->add_option("--data", args->data, "generator: sphere | cube ({-1,+1}^d / sqrt(d)) | lowrank (unit-norm data)")
          ->capture_default_str());
  args->generator_options.push_back(
      cmd->add_option("--activation", args->activation, "generator: activation (sincos, tanh, softplus, ...)")
          ->capture_default_str());
  cmd->add_option("--target", args->target,
                  "power: alpha (beta^T x)^p | sum: sum_s alpha_s (beta_s^T x)^p_s | product: alpha z_1 z_2, z = sqrt(d) x "
                  "(= alpha d x_1 x_2) | quadratic-form: x^T Theta x")
      ->capture_default_str();
  cmd->add_option("--alpha", args->alpha, "alpha (power, product) or comma list alpha_s (sum)")->capture_default_str();
  cmd->add_option("--p", args->p, "degree p >= 2 (power) or comma list p_s (sum)")->capture_default_str();
  cmd->add_option("--beta", args->beta, "beta as d comma-separated numbers; for sum, vectors separated by ';'");
  cmd->add_option("--beta-norm", args->beta_norm,
                  "instead of --beta: ||beta|| (comma list for sum; default 1 each) with uniformly random directions "
                  "(from --seed)");
  cmd->add_option("--lambdas", args->lambdas,
                  "quadratic-form: eigenvalues lambda_1..lambda_r (rank r) with random orthonormal eigenvectors");
  cmd->add_option("--theta", args->theta, "quadratic-form: the symmetric d x d matrix Theta, d*d numbers row-major");
  cmd->add_option("--precision", args->precision,
                  "digits of the Hermite coefficients c_k: double | 50 | 100 (closed forms where they exist)")
      ->capture_default_str();
  cmd->add_option("--nodes", args->nodes,
                  "0: trapezoid rule for activations without a closed form; N: N-point Gauss-Hermite instead")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "seed of the generator and of the random directions")
      ->capture_default_str()
      ->type_name("N");
  cmd->add_option("--instance-out", args->instance_out,
                  "also write the instance with W_star = W* and y = f_*(x) (input to `beyondlin train`)")
      ->type_name("FILE");
  add_output_option(cmd, args->output);
  cmd->callback([args, &status] {
    run_express(*args);
    status = 0;
  });
}

}  // namespace beyondlin::cli
