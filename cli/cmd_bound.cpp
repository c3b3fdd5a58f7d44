// `beyondlin bound quadratic|ntk|order-k`: generalization-bound values (DESIGN.md §2; SPEC §4.4
// Theorem G, G1-G3; §4.6 sample complexity; §4.7 H5). Two modes:
//   - from parameters (no --instance): Theorem G term by term with the class complexity bounded from
//     (n, d, m, B, Bx, C_k), and with --epsilon the §4.6 sample sizes (quadratic vs NTK);
//   - from data (--instance FILE): Monte Carlo over the Rademacher signs (mean and standard error) of
//     the exact class supremum, the data-dependent upper bounds, and Theorem G's terms.
// Every term carries its formula and SPEC reference. No mathematics here: generalization.hpp and
// rademacher.hpp compute everything.

#include "cli_util.hpp"
#include "commands.hpp"

#include <beyondlin/generalization.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/rademacher.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace beyondlin::cli {
namespace {

/// The raw option values of `beyondlin bound` (checked in run_bound so that errors name the option).
struct BoundArgs {
  std::string cls;
  std::optional<int> order;
  std::string instance;
  // data mode
  std::optional<long> draws, starts;
  std::optional<std::string> seed;
  // parameters
  std::optional<long long> n, d, m;
  std::optional<double> B, Bx, C1, C2, Ck, sigma_norm, epsilon;
  double L1 = 1.0, delta = 0.05, loss_range = 1.0;
  std::string output;
};

/// Library field names -> option names (case-sensitive options, so with_option_names' lower-casing
/// does not apply).
const std::map<std::string, std::string>& option_names() {
  static const std::map<std::string, std::string> names = {
      {"n", "--n"},         {"d", "--d"},           {"m", "--m"},
      {"B", "--B"},         {"Bx", "--Bx"},         {"C1", "--C1"},
      {"C2", "--C2"},       {"Ck", "--Ck"},         {"L1", "--L1"},
      {"delta", "--delta"}, {"loss_range", "--loss-range"}, {"sigma_norm", "--sigma-norm"},
      {"epsilon", "--epsilon"}, {"order", "--order"}, {"draws", "--draws"},
      {"starts", "--starts"}, {"class", "CLASS"}};
  return names;
}

template <class F> decltype(auto) with_bound_option_names(F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const InputError& e) {
    const auto it = option_names().find(e.field());
    if (it == option_names().end()) throw;
    std::string msg = e.what();
    const std::string prefix = e.field() + ": ";
    if (msg.compare(0, prefix.size(), prefix) == 0) msg.erase(0, prefix.size());
    throw InputError(it->second, msg);
  }
}

json term_json(const BoundTerm& t) {
  return {{"name", t.name}, {"value", t.value}, {"formula", t.formula}, {"spec", t.spec}};
}

json entry(const std::string& name, double value, const std::string& kind, const std::string& formula,
           const std::string& spec) {
  return {{"name", name}, {"value", value}, {"kind", kind}, {"formula", formula}, {"spec", spec}};
}

json entry_se(const std::string& name, double value, double se, const std::string& kind, const std::string& formula,
              const std::string& spec) {
  json j = entry(name, value, kind, formula, spec);
  j["stderr"] = se;
  return j;
}

/// A double that must be finite for JSON; the library's bounds are finite for validated inputs,
/// but the sample constants (e.g. sup |sigma''| on the sample) are always finite too.
double finite(double x, const char* what) {
  if (!std::isfinite(x)) throw std::runtime_error(std::string("internal error: non-finite ") + what);
  return x;
}

// ---- parameters mode ------------------------------------------------------------------------------

void run_parameters(const BoundArgs& a, const ClassSpec& cls, json& doc) {
  for (auto [name, given] : {std::pair<const char*, bool>{"--draws", a.draws.has_value()},
                             {"--starts", a.starts.has_value()},
                             {"--seed", a.seed.has_value()}})
    if (given) throw InputError(name, "only applies with --instance (Monte Carlo over the signs)");
  for (auto [name, v] : {std::pair<const char*, bool>{"--n", a.n.has_value()}, {"--d", a.d.has_value()},
                         {"--m", a.m.has_value()}, {"--B", a.B.has_value()}, {"--Bx", a.Bx.has_value()}})
    if (!v) throw InputError(name, "is required without --instance (bound from parameters)");
  GeneralizationInputs p;
  p.cls = cls;
  p.n = static_cast<double>(*a.n);
  p.d = static_cast<double>(*a.d);
  p.m = static_cast<double>(*a.m);
  p.B = *a.B;
  p.Bx = *a.Bx;
  p.L1 = a.L1;
  p.delta = a.delta;
  p.loss_range = a.loss_range;
  const char* cname = class_constant_name(cls);
  std::optional<double> C = cls.kind == FunctionClass::quadratic ? a.C2 : (cls.kind == FunctionClass::ntk ? a.C1 : a.Ck);
  if (!C) throw InputError(std::string("--") + cname, std::string("is required for the ") + function_class_name(cls) +
                                                          " class (bound on |sigma^(k)| on the pre-activations)");
  p.C = *C;
  if (cls.kind != FunctionClass::order_k && a.Ck) throw InputError("--Ck", "only applies to order-k (use --C1 or --C2)");
  if (cls.kind == FunctionClass::order_k && (a.C1 || a.C2))
    throw InputError(a.C1 ? "--C1" : "--C2", "does not apply to order-k (use --Ck)");
  if (cls.kind == FunctionClass::order_k && a.sigma_norm)
    throw InputError("--sigma-norm", "applies to the quadratic class only");
  if (a.sigma_norm) p.sigma_norm = *a.sigma_norm;
  // The other class of the quadratic-vs-NTK comparison, when its constant is given.
  std::optional<GeneralizationInputs> other;
  if (cls.kind == FunctionClass::quadratic && a.C1) {
    GeneralizationInputs q = p;
    q.cls = {FunctionClass::ntk, 1};
    q.C = *a.C1;
    other = q;
  } else if (cls.kind == FunctionClass::ntk && a.C2) {
    GeneralizationInputs q = p;
    q.cls = {FunctionClass::quadratic, 2};
    q.C = *a.C2;
    other = q;
  }
  if (cls.kind == FunctionClass::ntk && a.sigma_norm && !a.C2)
    throw InputError("--sigma-norm", "applies to the quadratic class (give --C2 for the quadratic comparison)");
  const TheoremG g = with_bound_option_names([&] { return theorem_g(p); });
  if (other) with_bound_option_names([&] { validate(*other); });
  if (a.epsilon) with_bound_option_names([&] { return end_to_end_sample_size(p, *a.epsilon); });

  json par = {{"n", *a.n}, {"d", *a.d}, {"m", *a.m}, {"B", p.B}, {"Bx", p.Bx}};
  par[cname] = p.C;
  if (other) par[class_constant_name(other->cls)] = other->C;
  par["L1"] = p.L1;
  par["delta"] = p.delta;
  par["loss_range"] = p.loss_range;
  if (cls.kind == FunctionClass::order_k) par["order"] = cls.order;
  if (cls.kind == FunctionClass::quadratic || (other && other->cls.kind == FunctionClass::quadratic)) {
    const GeneralizationInputs& q = cls.kind == FunctionClass::quadratic ? p : *other;
    par["sigma_norm"] = sigma_norm_used(q);
    par["sigma_norm_source"] = std::isnan(q.sigma_norm) ? "isotropic Bx^2/d" : "given";
  }
  par["radius_norm"] = cls.kind == FunctionClass::quadratic ? "||W||_{2,4}"
                       : cls.kind == FunctionClass::ntk     ? "||W||_F"
                                                            : "||W||_{2,2k}";
  doc["parameters"] = std::move(par);
  json ing = json::array();
  for (const BoundTerm& t : g.ingredients) ing.push_back(term_json(t));
  doc["complexity"] = std::move(ing);
  json terms = json::array();
  for (const BoundTerm& t : g.terms) terms.push_back(term_json(t));
  doc["terms"] = std::move(terms);
  doc["total"] = g.total;
  doc["total_meaning"] =
      "with probability >= 1 - delta, uniformly over the class: population loss <= empirical loss + total "
      "(SPEC §4.4 Theorem G, [reconstructed, verify])";
  if (a.epsilon) {
    const double eps = *a.epsilon;
    json sc = json::object();
    sc["epsilon"] = eps;
    json e2e = json::array();
    auto formula_of = [](const ClassSpec& c) -> std::string {
      switch (c.kind) {
        case FunctionClass::quadratic: return "(L1 B^2 C2 Bx)^2 2 log(2dm) ||Sigma_n|| / epsilon^2";
        case FunctionClass::ntk: return "(2 L1 B_F C1 Bx)^2 / epsilon^2";
        case FunctionClass::order_k: return "(2 L1 (B^k/k!) Ck Bx^k)^2 2 log(m (d + d^(k-1))) / epsilon^2";
      }
      return "";
    };
    std::map<std::string, double> ns;
    for (const GeneralizationInputs* q : {&p, other ? &*other : nullptr}) {
      if (!q) continue;
      const double nn = end_to_end_sample_size(*q, eps);
      ns[function_class_name(q->cls)] = nn;
      e2e.push_back({{"class", function_class_name(q->cls)},
                     {"n", finite(nn, "sample size")},
                     {"formula", formula_of(q->cls)},
                     {"meaning", "smallest real n with 2 L1 R_S(F) <= epsilon"},
                     {"spec", q->cls.kind == FunctionClass::quadratic
                                  ? "§4.6 reconstructed end-to-end statement"
                                  : (q->cls.kind == FunctionClass::ntk
                                         ? "§4.6 NTK analogue (from G3's trace bound)"
                                         : "§4.6 analogue with the H5 flattening bound (derived in rademacher.hpp)")}});
    }
    sc["end_to_end"] = std::move(e2e);
    if (ns.count("quadratic") && ns.count("ntk") && ns["quadratic"] > 0)
      sc["ratio_ntk_to_quadratic"] = ns["ntk"] / ns["quadratic"];
    json reqs = json::array();
    for (const GeneralizationInputs* q : {&p, other ? &*other : nullptr}) {
      if (!q) continue;
      const SampleSize s = with_bound_option_names([&] { return required_sample_size(*q, eps); });
      json req = {{"class", function_class_name(q->cls)}, {"n", static_cast<long long>(s.n)}, {"bound_at_n", s.bound_at_n}};
      if (std::isfinite(s.bound_below)) req["bound_at_n_minus_1"] = s.bound_below;
      else req["bound_at_n_minus_1"] = "inf";
      req["method"] = s.method;
      req["meaning"] = "smallest integer n with total (both terms of Theorem G) <= epsilon";
      req["spec"] = "§4.4 Theorem G, §4.6";
      reqs.push_back(std::move(req));
    }
    sc["required_n"] = std::move(reqs);
    doc["sample_complexity"] = std::move(sc);
  }
}

// ---- data mode ----------------------------------------------------------------------------------

void run_data(const BoundArgs& a, const ClassSpec& cls, json& doc) {
  for (auto [name, given] : {std::pair<const char*, bool>{"--n", a.n.has_value()}, {"--d", a.d.has_value()},
                             {"--m", a.m.has_value()}, {"--Bx", a.Bx.has_value()}, {"--C1", a.C1.has_value()},
                             {"--C2", a.C2.has_value()}, {"--Ck", a.Ck.has_value()},
                             {"--sigma-norm", a.sigma_norm.has_value()}, {"--epsilon", a.epsilon.has_value()}})
    if (given) throw InputError(name, "only applies without --instance (the sample gives it)");
  if (a.starts && cls.kind != FunctionClass::order_k) throw InputError("--starts", "only applies to order-k");
  const long draws = a.draws.value_or(200);
  if (draws < 2 || draws > 100000000)
    throw InputError("--draws", "must be an integer in [2, 1e8] (a standard error needs two draws), got " +
                                    std::to_string(draws));
  const long starts = a.starts.value_or(50);
  if (starts < 1 || starts > 1000000) throw InputError("--starts", "must be an integer in [1, 1e6], got " + std::to_string(starts));
  const double B = a.B.value_or(1.0);
  if (!std::isfinite(B) || !(B > 0)) throw InputError("--B", "must be a finite number > 0, got " + shortest_decimal(B));
  for (auto [name, v] : {std::pair<const char*, double>{"--L1", a.L1}, {"--loss-range", a.loss_range}})
    if (!std::isfinite(v) || !(v >= 0)) throw InputError(name, "must be a finite number >= 0, got " + shortest_decimal(v));
  if (!(a.delta > 0 && a.delta < 1)) throw InputError("--delta", "must be in (0, 1), got " + shortest_decimal(a.delta));
  const std::uint64_t seed = parse_seed(a.seed.value_or("1"));
  doc["context"] = result_context("bound", seed, "double");
  const Instance<double> inst = read_instance_option<double>(a.instance);
  const double n = static_cast<double>(inst.n());
  TensorMaxOptions topt;
  topt.starts = static_cast<int>(starts);
  const ComplexityEstimate est = with_bound_option_names(
      [&] { return rademacher_complexity(inst, cls, B, static_cast<int>(draws), seed, SupOptions{}, topt); });

  json par = {{"instance", a.instance}, {"n", inst.n()}, {"d", inst.d()}, {"m", inst.m()},
              {"activation", activation_name(inst.activation)}, {"B", B}, {"draws", draws}, {"seed", seed}};
  if (cls.kind == FunctionClass::order_k) {
    par["order"] = cls.order;
    par["starts"] = starts;
  }
  par["L1"] = a.L1;
  par["delta"] = a.delta;
  par["loss_range"] = a.loss_range;
  par["radius_norm"] = cls.kind == FunctionClass::quadratic ? "||W||_{2,4}"
                       : cls.kind == FunctionClass::ntk     ? "||W||_F"
                                                            : "||W||_{2,2k}";
  par["sign_stream"] = "Rng(seed): draw j takes its n signs rng.sign() consecutively (rademacher.hpp)";
  doc["parameters"] = std::move(par);

  json cx = json::array();
  double R = est.mean, R_se = est.stderr_;
  std::string R_name, R_spec, R_formula;
  switch (cls.kind) {
    case FunctionClass::quadratic: {
      const QuadraticBounds qb = quadratic_class_bounds(inst, B, true);
      cx.push_back(entry_se("R_S(F^Q(B))", est.mean, est.stderr_, "Monte Carlo estimate",
                            "mean over eps of B^2/(2 sqrt m) (sum_r [lambda_max(A_r)]_+^2)^(1/2)", "§4.4 G1"));
      cx.push_back(entry_se("(B^2/2) E max_r ||A_r||", est.operator_mean, est.operator_stderr,
                            "Monte Carlo estimate of an upper bound", "mean over eps of (B^2/2) max_r ||A_r||_2",
                            "§4.4 G2 (first inequality)"));
      cx.push_back(entry("(B^2/2) sqrt(2 log(2dm) v)", qb.khintchine_variance, "upper bound",
                         "matrix Khintchine with v = max_r ||(1/n^2) sum_i sigma''(t_ir)^2 ||x_i||^2 x_i x_i^T||",
                         "§4.4 G2 (Tropp 2015, Thm 4.1.1)"));
      cx.push_back(entry("(B^2/2) C2 Bx sqrt(2 log(2dm) ||Sigma_n|| / n)", qb.khintchine, "upper bound",
                         "C2, Bx, ||Sigma_n|| of the sample", "§4.4 G2"));
      cx.push_back(entry("(B^2/2) C2 Bx^2 sqrt(2 log(2dm) / n)", qb.worst_case, "upper bound",
                         "worst case ||Sigma_n|| <= Bx^2", "§4.4 Dimension factor"));
      doc["constants"] = {{"C2", finite(qb.C2, "C2")}, {"Bx", qb.Bx}, {"sigma_norm", qb.sigma_norm},
                          {"isotropic_sigma_norm", qb.Bx * qb.Bx / static_cast<double>(inst.d())},
                          {"v", qb.variance}, {"log_2dm", qb.log_2dm}};
      doc["lanczos_unconverged"] = est.unconverged;
      R_name = "2 L1 R_S(F^Q(B))";
      R_spec = "§4.4 Theorem G with R_S from G1 (Monte Carlo)";
      R_formula = "2 L1 x (Monte Carlo R_S above)";
      break;
    }
    case FunctionClass::ntk: {
      const NtkBounds nb = ntk_class_bounds(inst, B);
      cx.push_back(entry_se("R_S(F^L(B_F))", est.mean, est.stderr_, "Monte Carlo estimate",
                            "mean over eps of B_F ||G_eps||_F", "§4.4 G3"));
      cx.push_back(entry("(B_F/n) sqrt(tr K)", nb.trace, "upper bound", "trace bound (Jensen)", "§4.4 G3"));
      cx.push_back(entry("B_F C1 Bx / sqrt(n)", nb.worst_case, "upper bound", "C1, Bx of the sample", "§4.4 G3"));
      doc["constants"] = {{"C1", finite(nb.C1, "C1")}, {"Bx", nb.Bx}, {"trace_K", nb.trace_K}};
      R_name = "2 L1 R_S(F^L(B_F))";
      R_spec = "§4.4 Theorem G with R_S from G3 (Monte Carlo)";
      R_formula = "2 L1 x (Monte Carlo R_S above)";
      break;
    }
    case FunctionClass::order_k: {
      const OrderKBounds ob = order_k_class_bounds(inst, cls.order, B);
      json lb = entry_se("R_S(F^(k)(B)) lower bound", est.mean, est.stderr_, "Monte Carlo estimate of a lower bound",
                         "mean over eps of B^k/(k! sqrt m) (sum_r [lambda^(k)_max(T_r)]_+^2)^(1/2), lambda^(k)_max by "
                         "multi-start SS-HOPM (a lower bound)",
                         "§4.7 H5");
      lb["starts"] = starts;
      lb["unconverged_starts"] = est.unconverged;
      cx.push_back(std::move(lb));
      cx.push_back(entry("(B^k/k!) Ck Bx^k sqrt(2 log(m (d + d^(k-1))) / n)", ob.flattening, "upper bound",
                         "flattening d x d^(k-1) + rectangular matrix Khintchine; Ck, Bx of the sample",
                         "§4.7 H5 (bound derived in rademacher.hpp)"));
      doc["constants"] = {{"Ck", finite(ob.Ck, "Ck")}, {"Bx", ob.Bx}, {"log_dim", ob.log_dim}};
      // The Monte Carlo value is only a lower bound: Theorem G's term uses the upper bound.
      R = ob.flattening;
      R_se = 0;
      R_name = "2 L1 R_S(F^(" + std::to_string(cls.order) + ")(B))";
      R_spec = "§4.4 Theorem G with the H5 flattening upper bound (the Monte Carlo value is only a lower bound)";
      R_formula = "2 L1 x (flattening upper bound above)";
      break;
    }
  }
  doc["complexity"] = std::move(cx);
  json terms = json::array();
  json t1 = {{"name", R_name}, {"value", 2.0 * a.L1 * R}};
  if (R_se > 0) t1["stderr"] = 2.0 * a.L1 * R_se;
  t1["formula"] = R_formula;
  t1["spec"] = R_spec;
  terms.push_back(std::move(t1));
  const double conf = confidence_term(n, a.delta, a.loss_range);
  terms.push_back({{"name", "3 M sqrt(log(2/delta)/(2n))"},
                   {"value", conf},
                   {"formula", "3 M sqrt(log(2/delta) / (2n))"},
                   {"spec", "§4.4 Theorem G (McDiarmid)"}});
  doc["terms"] = std::move(terms);
  doc["total"] = 2.0 * a.L1 * R + conf;
  if (R_se > 0) doc["total_stderr"] = 2.0 * a.L1 * R_se;
  doc["total_meaning"] =
      "with probability >= 1 - delta, uniformly over the class: population loss <= empirical loss + total "
      "(SPEC §4.4 Theorem G, [reconstructed, verify])";
}

void run_bound(const BoundArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  if (a.order && a.cls != "order-k") throw InputError("--order", "only applies to the class order-k");
  const ClassSpec cls =
      with_bound_option_names([&] { return parse_function_class(a.cls, a.order.value_or(3), "class"); });
  check_output_path(a.output);
  json doc = json::object();
  doc["schema"] = "beyondlin.result/1";
  doc["context"] = result_context("bound", 0, "double");
  doc["class"] = function_class_name(cls);
  doc["mode"] = a.instance.empty() ? "parameters" : "data";
  if (a.instance.empty()) run_parameters(a, cls, doc);
  else run_data(a, cls, doc);
  emit(doc, a.output);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log_line("bound", function_class_name(cls) + " from " + doc["mode"].get<std::string>() + ", total " +
                        shortest_decimal(doc["total"].get<double>()) + ", " + format_seconds(secs) +
                        (a.output.empty() ? "" : " -> " + a.output));
}

}  // namespace

void add_bound_command(CLI::App& app, int& status) {
  auto args = std::make_shared<BoundArgs>();
  CLI::App* cmd = app.add_subcommand(
      "bound",
      "Generalization bound of SPEC §4.4 (Theorem G) for the class quadratic (||W||_{2,4} <= B), ntk "
      "(||W||_F <= B) or order-k (||W||_{2,2k} <= B), every term printed separately with its SPEC reference. "
      "From parameters (--n --d --m --B --Bx and --C2 | --C1 | --Ck; --epsilon adds the §4.6 sample sizes) "
      "or from data (--instance FILE: Monte Carlo over the Rademacher signs with a standard error).");
  cmd->add_option("class", args->cls, "quadratic | ntk | order-k")->required()->type_name("CLASS");
  cmd->add_option("--order", args->order, "k of order-k, in [2, 24] from data, [3, 24] from parameters (default 3)")
      ->type_name("K");
  cmd->add_option("--instance", args->instance, "instance JSON file: bound from data (Monte Carlo)")->type_name("FILE");
  cmd->add_option("--draws", args->draws, "from data: Rademacher sign draws (default 200, SPEC §6.5)")->type_name("K");
  cmd->add_option("--seed", args->seed, "from data: seed of the sign draws (default 1)")->type_name("N");
  cmd->add_option("--starts", args->starts, "from data, order-k: SS-HOPM starts per neuron (default 50)")->type_name("S");
  cmd->add_option("--B", args->B, "class radius > 0 (the class's own norm; from data default 1)");
  cmd->add_option("--n", args->n, "parameters: sample size >= 1");
  cmd->add_option("--d", args->d, "parameters: input dimension >= 1");
  cmd->add_option("--m", args->m, "parameters: width >= 1");
  cmd->add_option("--Bx", args->Bx, "parameters: input norm bound ||x|| <= Bx, > 0");
  cmd->add_option("--C1", args->C1, "parameters: sup |sigma'| >= 0 (ntk; with quadratic: adds the NTK comparison)");
  cmd->add_option("--C2", args->C2, "parameters: sup |sigma''| >= 0 (quadratic; with ntk: adds the quadratic comparison)");
  cmd->add_option("--Ck", args->Ck, "parameters: sup |sigma^(k)| >= 0 (order-k)");
  cmd->add_option("--sigma-norm", args->sigma_norm,
                  "parameters: ||(1/n) sum_i x_i x_i^T|| in (0, Bx^2] (default: isotropic Bx^2/d)");
  cmd->add_option("--epsilon", args->epsilon, "parameters: target epsilon > 0: sample sizes (SPEC §4.6)");
  cmd->add_option("--L1", args->L1, "Lipschitz constant L1 >= 0 of the loss (1: logistic)")->capture_default_str();
  cmd->add_option("--delta", args->delta, "confidence delta in (0, 1)")->capture_default_str();
  cmd->add_option("--loss-range", args->loss_range, "M >= 0, range of the loss on the class")->capture_default_str();
  add_output_option(cmd, args->output);
  cmd->callback([args, &status] {
    run_bound(*args);
    status = 0;
  });
}

}  // namespace beyondlin::cli
