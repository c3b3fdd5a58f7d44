// IN-2 (SPEC §2 "Remainders", §6.2): for W and for every sign-randomized movement Sigma W,
//   |R_3(x)| <= C_3/(6 sqrt m) sum_r |w_r^T x|^3 <= (C_3 B_x^3 / 6) m^{-1/4} ||W||_{2,4}^3,
// R_3 = f_{W0+W} - f_W0 - f^(1)_W - f^(2)_W, C_3 = sup |sigma'''| (for relu3: the Lipschitz constant
// 1 of sigma'' = relu, which is all Taylor's theorem with integral remainder needs).
//
// Library quantities: taylor_remainder (K = 2), apply_signs, draw_signs, mixed_norm,
// activation_sup_bound; the middle term from pre_activations.

#include "check_util.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>

#include <cmath>

namespace beyondlin::checks {
namespace in02 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "IN-2";

void compare_at(const Instance<double>& inst, const RowMatrix<double>& V, double C3, const std::string& where,
                MeasurementSet& ms) {
  const double Bx = input_norm_bound(inst.X);
  const double B = mixed_norm(V, 4.0);
  const double m = static_cast<double>(inst.m());
  const Vector<double> R3 = taylor_remainder(inst, V, 2);
  const Matrix<double> U = pre_activations(inst.X, V);
  const double right = C3 * Bx * Bx * Bx / 6.0 * std::pow(m, -0.25) * B * B * B;
  for (Eigen::Index i = 0; i < inst.n(); ++i) {
    const double mid = C3 / (6.0 * std::sqrt(m)) * compensated_sum(Matrix<double>(U.row(i).cwiseAbs().array().cube().matrix()));
    const std::string w = where + ", sample " + std::to_string(i);
    ms.at_most("|R_3(x)| <= C_3/(6 sqrt m) sum_r |u_r|^3", std::abs(R3(i)), mid, kInequalityTol, inequality_basis(), w);
    ms.at_most("C_3/(6 sqrt m) sum_r |u_r|^3 <= C_3 B_x^3 m^{-1/4} ||W||_{2,4}^3 / 6", mid, right, kInequalityTol,
               inequality_basis(), w);
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({16, 1024}, {16, 1024, 16384}, {16, 1024, 16384, 1 << 16});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh, Activation::relu3},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::sigmoid,
                                         Activation::erf, Activation::gelu, Activation::relu3},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::sigmoid,
                                         Activation::erf, Activation::gelu, Activation::relu3});
  const std::vector<double> rhos = {0.3, 1.0, 3.0, 10.0};
  const int seeds = ctx.pick(1, 2, 3);
  const int sign_draws = ctx.pick(2, 2, 4);
  const int d = 10, n = 10;
  nlohmann::ordered_json constants = nlohmann::ordered_json::object();
  for (Activation a : acts) {
    const double C3 = activation_sup_bound(a, 3);
    constants[activation_name(a)] = C3;
    for (int m : widths)
      for (double rho : rhos)
        for (int s = 0; s < seeds; ++s)
          for (const char* movement : {"coherent", "generic"}) {
            const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
            InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), movement, rho, init);
            const Instance<double> inst = generate_instance(o);
            compare_at(inst, inst.W, C3, describe(o) + ", W", ms);
            Rng rng(ctx.sub_seed(kId, 300 + s));
            for (int k = 0; k < sign_draws; ++k)
              compare_at(inst, apply_signs(inst.W, draw_signs(rng, m)), C3,
                         describe(o) + ", Sigma W (draw " + std::to_string(k) + ")", ms);
          }
  }
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["C3"] = constants;
  res.parameters["rho"] = rhos;
  res.parameters["seeds"] = seeds;
  res.parameters["sign_draws_per_instance"] = sign_draws;
  res.parameters["movements"] = {"coherent", "generic"};
  res.parameters["data"] = "sphere (B_x = 1)";
  res.measurements = ms.list();
  res.notes.push_back("rho up to 10 puts |u_r| far outside the Taylor regime: the bound is global (Taylor's theorem "
                      "with |sigma'''| <= C_3), so it must hold there too.");
  res.notes.push_back("The library computes R_3 neuron by neuron (sigma(t+u) - sigma(t) - sigma'(t)u - sigma''(t)u^2/2) "
                      "before summing, so small remainders are not swamped by the O(1) terms.");
  return res;
}

}  // namespace
}  // namespace in02

Check check_in02_remainder_bound() {
  return {{in02::kId, "Cubic remainder bound", "§2 (remainders); §6.2", "[derived]",
           "|R_3(x)| <= C_3/(6 sqrt m) sum_r |w_r^T x|^3 <= (C_3 B_x^3/6) m^{-1/4} ||W||_{2,4}^3, for W and every Sigma W."},
          in02::run};
}

}  // namespace beyondlin::checks
