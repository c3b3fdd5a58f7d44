// ID-4 (SPEC §3.4, §6.1): for the squared loss ell = (yhat - y)^2/2 the sign-randomized loss has
// the exact closed form E_Sigma ell(f_{W0+Sigma W}(x), y) = [(E_Sigma f(x) - y)^2 + Var_Sigma f(x)]/2.
//
// Library quantities: brute force here over all 2^m patterns (for_each_sign_pattern, apply_signs,
// network_output, loss_value), randomized_moments (P2/P3), and the objective "randomized" both in
// closed form and by the library's own enumeration (ObjectiveSpec::method).
// Error measure: against E ell + S sqrt(2 E ell), S(x) = m^{-1/2} sum_r (|sigma(t+u)|+|sigma(t-u)|)/2:
// an error ~u S in f moves (f - y)^2/2 by ~u S |f - y| <= u S sqrt(2 ell).

#include "check_util.hpp"

#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>

namespace beyondlin::checks {
namespace id04 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-4";

template <class T>
void compare_at(const Instance<T>& inst, const std::string& where, MeasurementSet& ms) {
  using std::abs;
  using std::sqrt;
  const std::string prec = scalar_name<T>();
  const double tol = identity_tolerance<T>();
  const Eigen::Index n = inst.n();
  const int m = static_cast<int>(inst.m());
  std::vector<CompensatedSum<T>> acc(n);
  long patterns = 0;
  for_each_sign_pattern(m, [&](const std::vector<int>& s) {
    const Vector<T> f = network_output(inst, RowMatrix<T>(inst.W0 + apply_signs(inst.W, s)));
    for (Eigen::Index i = 0; i < n; ++i) acc[i].add(loss_value(Loss::square, f(i), inst.y(i)));
    ++patterns;
  });
  const SignMoments<T> mom = randomized_moments(inst, inst.W);
  const NeuronView<T> v = neuron_view(inst, inst.W, 0);
  const Vector<T> S = abs_neuron_sum(Matrix<T>((shifted_activation(inst, v, +1).cwiseAbs() +
                                                shifted_activation(inst, v, -1).cwiseAbs()) / T(2)));
  const std::string basis = identity_basis<T>() + "; scale E ell + S sqrt(2 E ell) (an error ~u S in f moves "
                                                  "(f-y)^2/2 by ~u S |f-y|)";
  CompensatedSum<T> L_bf, L_scale;
  for (Eigen::Index i = 0; i < n; ++i) {
    const T bf = acc[i].value() / T(patterns);
    const T closed = ((mom.mean(i) - inst.y(i)) * (mom.mean(i) - inst.y(i)) + mom.var(i)) / T(2);
    const T scale = bf + S(i) * sqrt(T(2) * bf);
    L_bf.add(bf);
    L_scale.add(scale);
    ms.equal_error("per sample: brute-force E ell vs [(E f - y)^2 + Var f]/2, error / (E ell + S sqrt(2 E ell))",
                   to_double(closed), to_double(bf), scaled_diff<T>(bf, closed, scale), tol, basis,
                   where + ", sample " + std::to_string(i), prec);
  }
  const T Lbf = L_bf.value() / T(n), Lscale = L_scale.value() / T(n);
  Vector<T> w = Objective<T>::flatten(inst.W);
  ObjectiveSpec closed_spec;
  closed_spec.kind = ObjectiveKind::randomized;
  closed_spec.method = RandomizedMethod::closed_form;
  const T L_closed = Objective<T>(inst, closed_spec).data_value(w);
  ms.equal_error("L(W): Objective randomized (closed form) vs brute force, error / mean scale", to_double(Lbf),
                 to_double(L_closed), scaled_diff<T>(L_closed, Lbf, Lscale), tol, basis, where, prec);
  if (m <= 16) {
    ObjectiveSpec enum_spec = closed_spec;
    enum_spec.method = RandomizedMethod::enumeration;
    const T L_enum = Objective<T>(inst, enum_spec).data_value(w);
    ms.equal_error("L(W): Objective randomized (library enumeration) vs brute force, error / mean scale",
                   to_double(Lbf), to_double(L_enum), scaled_diff<T>(L_enum, Lbf, Lscale), tol, basis, where, prec);
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({4, 10}, {2, 6, 10, 12}, {2, 4, 6, 8, 10, 12, 14});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::relu3});
  const std::vector<double> rhos = {0.5, 2.0};
  const int seeds = ctx.pick(1, 2, 5);
  const int d = 5, n = 8;
  for (int m : widths)
    for (Activation a : acts)
      for (double rho : rhos)
        for (int s = 0; s < seeds; ++s) {
          const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
          InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "generic", rho, init, Loss::square);
          compare_at(generate_instance(o), describe(o), ms);
        }
  ctx.log("double precision done; 50-digit run");
  {
    InstanceOptions o = make_options(3, 6, 3, Activation::sincos, ctx.sub_seed(kId, 1000), "generic", 1.0);
    compare_at(instance_cast<scalar_mp50>(generate_instance(o)), describe(o) + " (cast to 50 digits)", ms);
  }
  res.parameters["loss"] = "square";
  res.parameters["labels"] = "gaussian N(0,1)";
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["rho"] = rhos;
  res.parameters["seeds"] = seeds;
  res.parameters["mp50_instances"] = "m=6, d=3, n=3, sincos";
  res.measurements = ms.list();
  res.notes.push_back("The brute force evaluates the full network for each of the 2^m patterns and averages the "
                      "squared loss with compensated sums; it shares no code with the closed form.");
  return res;
}

}  // namespace
}  // namespace id04

Check check_id04_squared_loss() {
  return {{id04::kId, "Squared loss: exact randomized loss", "§3.4; §6.1", "[derived ✓]",
           "For the squared loss, the brute-force sign average E_Sigma ell(f_{W0+Sigma W}(x), y) equals "
           "[(E_Sigma f(x) - y)^2 + Var_Sigma f(x)]/2."},
          id04::run};
}

}  // namespace beyondlin::checks
