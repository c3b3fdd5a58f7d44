// IN-1 (SPEC §1.6 "Worst-case bounds", §6.2): on every instance
//   |f^Q_W(x)| <= (1/2) C_2 B_x^2 ||W||_{2,4}^2,       |f^(1)_W(x)| <= C_1 B_x m^{1/4} ||W||_{2,4},
// with C_k = sup |sigma^(k)| (activation_sup_bound) and B_x = max_i ||x_i||.
//
// Library quantities: taylor_term (k = 1, 2), mixed_norm, activation_sup_bound. Besides the
// canonical coherent and generic movements, two "aligned" movements probe how tight the bounds
// are: w_r = m^{-1/4} rho sign(a_r sigma'(t_r)) x_0/|x_0| (all neurons push f^(1)(x_0) the same
// way), and w_r = m^{-1/4} rho x_0/|x_0| on the neurons with a_r sigma''(t_r) > 0 (0 elsewhere).

#include "check_util.hpp"

#include <beyondlin/network.hpp>

#include <cmath>

namespace beyondlin::checks {
namespace in01 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "IN-1";

void compare_at(const Instance<double>& inst, double C1, double C2, const std::string& where, MeasurementSet& ms) {
  const double Bx = input_norm_bound(inst.X);
  const double B = mixed_norm(inst.W, 4.0);
  const double m = static_cast<double>(inst.m());
  const Vector<double> f1 = taylor_term(inst, inst.W, 1), fq = taylor_term(inst, inst.W, 2);
  const double bq = 0.5 * C2 * Bx * Bx * B * B, b1 = C1 * Bx * std::pow(m, 0.25) * B;
  for (Eigen::Index i = 0; i < inst.n(); ++i) {
    const std::string w = where + ", sample " + std::to_string(i);
    ms.at_most("|f^Q_W(x)| <= C_2 B_x^2 ||W||_{2,4}^2 / 2", std::abs(fq(i)), bq, kInequalityTol, inequality_basis(), w);
    ms.at_most("|f^(1)_W(x)| <= C_1 B_x m^{1/4} ||W||_{2,4}", std::abs(f1(i)), b1, kInequalityTol, inequality_basis(), w);
  }
}

/// Replace the movement by one of the aligned probes for sample 0.
void set_aligned(Instance<double>& inst, int order, double rho) {
  const Eigen::Index m = inst.m();
  const Eigen::RowVectorXd x0 = inst.X.row(0) / inst.X.row(0).norm();
  const NeuronView<double> v = neuron_view(inst, inst.W, 2);
  const double scale = std::pow(static_cast<double>(m), -0.25) * rho;
  inst.W.setZero();
  for (Eigen::Index r = 0; r < m; ++r) {
    const double c = inst.a(r) * v.s[order](0, r);
    if (order == 1) inst.W.row(r) = (c >= 0 ? scale : -scale) * x0;
    else if (c > 0) inst.W.row(r) = scale * x0;
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({16, 1024}, {16, 1024, 16384}, {16, 1024, 16384, 1 << 16});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::sigmoid,
                                         Activation::erf, Activation::gelu},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::sigmoid,
                                         Activation::erf, Activation::gelu});
  const std::vector<double> rhos = {0.5, 1.0, 3.0};
  const int seeds = ctx.pick(1, 2, 3);
  const int d = 10, n = 10;
  nlohmann::ordered_json constants = nlohmann::ordered_json::object();
  for (Activation a : acts) {
    const double C1 = activation_sup_bound(a, 1), C2 = activation_sup_bound(a, 2);
    constants[activation_name(a)] = {{"C1", C1}, {"C2", C2}};
    for (int m : widths)
      for (double rho : rhos)
        for (int s = 0; s < seeds; ++s) {
          const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
          for (const char* movement : {"coherent", "generic"}) {
            InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), movement, rho, init);
            compare_at(generate_instance(o), C1, C2, describe(o), ms);
          }
          InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "zero", rho, init);
          for (int order : {1, 2}) {
            Instance<double> inst = generate_instance(o);
            set_aligned(inst, order, rho);
            compare_at(inst, C1, C2, describe(o) + ", aligned probe for f^(" + std::to_string(order) + ")", ms);
          }
        }
  }
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["constants"] = constants;
  res.parameters["rho"] = rhos;
  res.parameters["seeds"] = seeds;
  res.parameters["movements"] = {"coherent", "generic", "aligned (f^(1) probe)", "aligned (f^Q probe)"};
  res.parameters["data"] = "sphere (B_x = 1)";
  res.measurements = ms.list();
  res.notes.push_back("Activations with unbounded derivatives (cubic, relu3) have C_k = inf and are not covered; "
                      "relu has sigma'' = 0 a.e. (the quadratic term vanishes, SPEC §1.5).");
  res.notes.push_back("The aligned probes show how much of each bound is attainable: the worst margin is the relative "
                      "slack of the tightest comparison (the bounds are Cauchy-Schwarz and sup |sigma^(k)| estimates; "
                      "they are attained only when every |sigma^(k)(t_r)| equals C_k).");
  return res;
}

}  // namespace
}  // namespace in01

Check check_in01_taylor_term_bounds() {
  return {{in01::kId, "Worst-case bounds on f^Q and f^(1)", "§1.6 (worst-case bounds); §6.2", "[derived]",
           "|f^Q_W(x)| <= C_2 B_x^2 ||W||_{2,4}^2 / 2 and |f^(1)_W(x)| <= C_1 B_x m^{1/4} ||W||_{2,4} on every instance."},
          in01::run};
}

}  // namespace beyondlin::checks
