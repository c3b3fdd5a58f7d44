// ID-3 (SPEC §3.2 P2/P3, §6.1): brute force over all 2^m sign patterns Sigma (m <= 16): the mean
// and variance of f_{W0+Sigma W}(x) equal the closed forms
//   P2: E_Sigma f = m^{-1/2} sum_r a_r [sigma(t_r+u_r) + sigma(t_r-u_r)]/2,
//   P3: Var_Sigma f = m^{-1} sum_r delta_r^2,  delta_r = [sigma(t_r+u_r) - sigma(t_r-u_r)]/2,
// and every antithetic pair (f_{W0+Sigma W} + f_{W0-Sigma W})/2 equals P2 exactly.
//
// Library quantities: randomized_moments (P2/P3), randomized_moments_enumerated (the library's
// brute force), and an independent brute force here: network_output(inst, W0 + apply_signs(W, s))
// for every s from for_each_sign_pattern, averaged with compensated sums.
// Error measures: means against S(x) = m^{-1/2} sum_r (|sigma(t+u)| + |sigma(t-u)|)/2 (the size of
// the terms of f); variances against Var + S sqrt(Var): a computed f carries an error ~u S, which
// moves a computed variance by ~2 u S sqrt(Var).

#include "check_util.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>

namespace beyondlin::checks {
namespace id03 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-3";

template <class T>
void compare_at(const Instance<T>& inst, const std::string& where, bool own_brute_force, long antithetic_max,
                MeasurementSet& ms) {
  using std::abs;
  using std::sqrt;
  const std::string prec = scalar_name<T>();
  const double tol = identity_tolerance<T>();
  const Eigen::Index n = inst.n();
  const int m = static_cast<int>(inst.m());
  const SignMoments<T> closed = randomized_moments(inst, inst.W);
  const SignMoments<T> enumerated = randomized_moments_enumerated(inst, inst.W);
  const NeuronView<T> v = neuron_view(inst, inst.W, 0);
  const Vector<T> S = abs_neuron_sum(Matrix<T>((shifted_activation(inst, v, +1).cwiseAbs() +
                                                shifted_activation(inst, v, -1).cwiseAbs()) / T(2)));
  const std::string mean_basis = identity_basis<T>() + "; scale S(x) = m^{-1/2} sum_r (|sigma(t+u)|+|sigma(t-u)|)/2";
  const std::string var_basis = identity_basis<T>() + "; scale Var + S sqrt(Var) (an error ~u S in each f moves a "
                                                      "variance by ~2 u S sqrt(Var))";
  auto var_scale = [&](Eigen::Index i) { return T(closed.var(i) + S(i) * sqrt(closed.var(i))); };

  // Independent brute force through the full-network path.
  std::vector<CompensatedSum<T>> sum(n), sum2(n);
  std::vector<Vector<T>> values;
  if (own_brute_force) {
    values.reserve(std::size_t(1) << m);
    for_each_sign_pattern(m, [&](const std::vector<int>& s) {
      Vector<T> f = network_output(inst, RowMatrix<T>(inst.W0 + apply_signs(inst.W, s)));
      for (Eigen::Index i = 0; i < n; ++i) sum[i].add(f(i));
      values.push_back(std::move(f));
    });
  }
  Vector<T> bf_mean(n), bf_var(n);
  if (own_brute_force) {
    const T N = T(values.size());
    for (Eigen::Index i = 0; i < n; ++i) bf_mean(i) = sum[i].value() / N;
    for (const Vector<T>& f : values)
      for (Eigen::Index i = 0; i < n; ++i) sum2[i].add((f(i) - bf_mean(i)) * (f(i) - bf_mean(i)));
    for (Eigen::Index i = 0; i < n; ++i) bf_var(i) = sum2[i].value() / N;
  }

  for (Eigen::Index i = 0; i < n; ++i) {
    const std::string w = where + ", sample " + std::to_string(i);
    ms.equal_error("mean: randomized_moments_enumerated vs P2, error / S", to_double(closed.mean(i)),
                   to_double(enumerated.mean(i)), scaled_diff<T>(enumerated.mean(i), closed.mean(i), S(i)), tol,
                   mean_basis, w, prec);
    ms.equal_error("variance: randomized_moments_enumerated vs P3, error / (Var + S sqrt Var)",
                   to_double(closed.var(i)), to_double(enumerated.var(i)),
                   scaled_diff<T>(enumerated.var(i), closed.var(i), var_scale(i)), tol, var_basis, w, prec);
    if (own_brute_force) {
      ms.equal_error("mean: brute force over network_output vs P2, error / S", to_double(closed.mean(i)),
                     to_double(bf_mean(i)), scaled_diff<T>(bf_mean(i), closed.mean(i), S(i)), tol, mean_basis, w,
                     prec);
      ms.equal_error("variance: brute force over network_output vs P3, error / (Var + S sqrt Var)",
                     to_double(closed.var(i)), to_double(bf_var(i)),
                     scaled_diff<T>(bf_var(i), closed.var(i), var_scale(i)), tol, var_basis, w, prec);
    }
  }

  // Antithetic pairs: (f_{W0+Sigma W} + f_{W0-Sigma W})/2 == P2 for every Sigma (the first
  // antithetic_max patterns in enumeration order; all of them for m <= log2(antithetic_max)).
  long count = 0;
  for_each_sign_pattern(m, [&](const std::vector<int>& s) {
    if (count++ >= antithetic_max) return;
    const RowMatrix<T> SW = apply_signs(inst.W, s);
    const Vector<T> pair = (network_output(inst, RowMatrix<T>(inst.W0 + SW)) +
                            network_output(inst, RowMatrix<T>(inst.W0 - SW))) / T(2);
    for (Eigen::Index i = 0; i < n; ++i)
      ms.equal_error("antithetic pair (f(W0+SW) + f(W0-SW))/2 vs P2, error / S", to_double(closed.mean(i)),
                     to_double(pair(i)), scaled_diff<T>(pair(i), closed.mean(i), S(i)), tol, mean_basis,
                     where + ", sample " + std::to_string(i) + ", pattern " + std::to_string(count - 1), prec);
  });
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({4, 10}, {2, 4, 8, 12, 16}, {2, 4, 6, 8, 10, 12, 14, 16});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::relu3},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::relu3,
                                         Activation::gelu, Activation::cubic});
  const int seeds = ctx.pick(1, 2, 5);
  const int own_bf_max_m = ctx.pick(10, 12, 14);
  const long antithetic_max = 64;
  const int d = 5, n = 8;
  for (int m : widths)
    for (Activation a : acts)
      for (int s = 0; s < seeds; ++s)
        for (const char* movement : {"generic", "coherent"}) {
          const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
          InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), movement, 1.0, init);
          compare_at(generate_instance(o), describe(o), m <= own_bf_max_m, antithetic_max, ms);
        }
  ctx.log("double precision done; 50-digit run");
  for (Activation a : {Activation::sincos, Activation::tanh}) {
    InstanceOptions o = make_options(3, 6, 3, a, ctx.sub_seed(kId, 1000), "generic", 1.0);
    compare_at(instance_cast<scalar_mp50>(generate_instance(o)), describe(o) + " (cast to 50 digits)", true, 64, ms);
  }
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["seeds"] = seeds;
  res.parameters["movements"] = {"generic", "coherent"};
  res.parameters["rho"] = 1.0;
  res.parameters["inits"] = "symmetric for even seed index, gaussian for odd";
  res.parameters["own_brute_force_up_to_m"] = own_bf_max_m;
  res.parameters["antithetic_patterns_per_instance"] = antithetic_max;
  res.parameters["mp50_instances"] = "m=6, d=3, n=3, sincos and tanh";
  res.measurements = ms.list();
  res.notes.push_back("Two brute forces are compared with P2/P3: the library's randomized_moments_enumerated and an "
                      "independent one here that evaluates the full network f_{W0+Sigma W} for each pattern.");
  res.notes.push_back("The antithetic identity is checked for the first " + std::to_string(antithetic_max) +
                      " patterns of each instance (all patterns when 2^m <= " + std::to_string(antithetic_max) + ").");
  return res;
}

}  // namespace
}  // namespace id03

Check check_id03_sign_enumeration() {
  return {{id03::kId, "Brute-force sign average equals P2/P3", "§3.2 (P2, P3); §6.1", "[derived ✓]",
           "Over all 2^m sign patterns, the mean and variance of f_{W0+Sigma W}(x) equal the closed forms P2 and P3, "
           "and every antithetic pair (f_{W0+Sigma W} + f_{W0-Sigma W})/2 equals the P2 mean."},
          id03::run};
}

}  // namespace beyondlin::checks
