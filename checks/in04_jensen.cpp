// IN-4 (SPEC §3.4 "Jensen", §6.2): for a convex loss, per sample
//   E_Sigma ell(f_{W0+Sigma W}(x), y) >= ell(E_Sigma f(x), y),
// and therefore L(W) >= (1/n) sum_i ell(E_Sigma f(x_i), y_i), the loss of the symmetrized predictor.
//
// Library quantities: per sample, a brute force here over all 2^m patterns (network_output,
// apply_signs, loss_value) against ell(P2 mean) (randomized_moments); for the averaged form, the
// objective "randomized" (closed form for the squared loss, the library's enumeration for m <= 16,
// Monte Carlo with antithetic pairs for larger m) against the loss of Objective::predictions
// (= E_Sigma f). For the Monte Carlo estimator the inequality is exact too: its pattern set is
// closed under Sigma -> -Sigma, so its empirical mean of f equals P2 exactly and Jensen applies to it.

#include "check_util.hpp"

#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>

namespace beyondlin::checks {
namespace in04 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "IN-4";

void per_sample(const Instance<double>& inst, const std::string& where, MeasurementSet& ms) {
  const Eigen::Index n = inst.n();
  std::vector<CompensatedSum<double>> acc(n);
  long count = 0;
  for_each_sign_pattern(static_cast<int>(inst.m()), [&](const std::vector<int>& s) {
    const Vector<double> f = network_output(inst, RowMatrix<double>(inst.W0 + apply_signs(inst.W, s)));
    for (Eigen::Index i = 0; i < n; ++i) acc[i].add(loss_value(inst.loss, f(i), inst.y(i)));
    ++count;
  });
  const SignMoments<double> mom = randomized_moments(inst, inst.W);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double El = acc[i].value() / static_cast<double>(count);
    const double lE = loss_value(inst.loss, mom.mean(i), inst.y(i));
    ms.at_least(std::string("per sample, ") + loss_name(inst.loss) + ": E_Sigma ell(f) >= ell(E_Sigma f)", El, lE,
                kInequalityTol, inequality_basis(), where + ", sample " + std::to_string(i));
  }
}

void averaged(const Instance<double>& inst, RandomizedMethod method, long pairs, std::uint64_t mc_seed,
              const std::string& where, MeasurementSet& ms) {
  ObjectiveSpec sp;
  sp.kind = ObjectiveKind::randomized;
  sp.method = method;
  sp.mc_pairs = pairs;
  sp.seed = mc_seed;
  const Objective<double> obj(inst, sp);
  const Vector<double> w = Objective<double>::flatten(inst.W);
  const double L = obj.data_value(w);
  const Vector<double> F = obj.predictions(w);
  CompensatedSum<double> acc;
  for (Eigen::Index i = 0; i < inst.n(); ++i) acc.add(loss_value(inst.loss, F(i), inst.y(i)));
  const double Lsym = acc.value() / static_cast<double>(inst.n());
  ms.at_least(std::string("L(W) >= loss of the symmetrized predictor [") + obj.method() + ", " + loss_name(inst.loss) +
                  "]",
              L, Lsym, kInequalityTol, inequality_basis(), where);
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({4, 10}, {2, 6, 10, 12}, {2, 4, 6, 8, 10, 12, 14});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh},
                                        {Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::relu3});
  const std::vector<Loss> losses = {Loss::square, Loss::logistic, Loss::absolute, Loss::huber};
  const std::vector<double> rhos = {0.5, 2.0};
  const int seeds = ctx.pick(1, 2, 4);
  const std::vector<int> mc_widths = ctx.pick<std::vector<int>>({64}, {64, 1024}, {64, 1024, 4096});
  const long mc_pairs = ctx.pick(200L, 500L, 2000L);
  const int d = 5, n = 8;
  for (Loss loss : losses) {
    const char* target = loss == Loss::logistic ? "sign" : "gaussian";
    for (Activation a : acts)
      for (double rho : rhos)
        for (int s = 0; s < seeds; ++s) {
          const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
          for (int m : widths) {
            InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "generic", rho, init, loss, target);
            const Instance<double> inst = generate_instance(o);
            per_sample(inst, describe(o), ms);
            averaged(inst, loss == Loss::square ? RandomizedMethod::closed_form : RandomizedMethod::enumeration, 10000, 1,
                     describe(o), ms);
          }
          // Monte Carlo at larger widths (cost 2 K n m per instance): first seed and first rho only.
          if (s != 0 || rho != rhos.front()) continue;
          for (int m : mc_widths) {
            InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "generic", rho, init, loss, target);
            const Instance<double> inst = generate_instance(o);
            averaged(inst, loss == Loss::square ? RandomizedMethod::closed_form : RandomizedMethod::monte_carlo,
                     mc_pairs, ctx.sub_seed(kId, 700 + s), describe(o), ms);
          }
        }
  }
  res.parameters["losses"] = {"square (labels N(0,1))", "logistic (labels +-1)", "absolute (labels N(0,1))",
                              "huber (labels N(0,1))"};
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["enumeration_widths"] = widths;
  res.parameters["monte_carlo_widths"] = mc_widths;
  res.parameters["monte_carlo_pairs"] = mc_pairs;
  res.parameters["monte_carlo_instances"] = "first seed and rho = 0.5 only";
  res.parameters["activations"] = activation_names(acts);
  res.parameters["rho"] = rhos;
  res.parameters["seeds"] = seeds;
  res.parameters["movement"] = "generic";
  res.measurements = ms.list();
  res.notes.push_back("The absolute loss attains equality when f_{W0+Sigma W}(x) - y has one sign for all patterns; "
                      "the worst margins near 0 come from such samples and are expected.");
  return res;
}

}  // namespace
}  // namespace in04

Check check_in04_jensen() {
  return {{in04::kId, "Jensen: randomization can only add loss", "§3.4 (Jensen); §6.2", "[derived ✓]",
           "For convex ell, E_Sigma ell(f(x), y) >= ell(E_Sigma f(x), y) per sample, hence L(W) is at least the loss "
           "of the symmetrized predictor E_Sigma f."},
          in04::run};
}

}  // namespace beyondlin::checks
