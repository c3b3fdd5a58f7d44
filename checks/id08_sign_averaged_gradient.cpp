// ID-8 (SPEC §4.2 Lemma L2, first part; §6.1): for an independent sign matrix S,
//   E_S <grad f^Q_W(x), S D>^2 = (1/m) sum_r sigma''(t_r)^2 (w_r^T x)^2 (d_r^T x)^2,
// checked by brute force over all 2^m sign patterns (m <= 14).
//
// Library quantities: taylor_term (k = 2), apply_signs, for_each_sign_pattern. The directional
// derivative comes from the library's f^Q alone, by polarization of the quadratic form:
//   <grad f^Q_W(x), E> = [f^Q_{W+E}(x) - f^Q_{W-E}(x)] / 2   (exact, SPEC §2).
// The right side is computed here from activation_derivatives and pre_activations.
// Error measure: against RHS + B sqrt(RHS), B = sum_r |c_r| (|u_r| + |p_r|)^2 / 2 the magnitude of
// f^Q_{W+-SD}: each polarized value carries an error ~u B, which moves a mean square by ~2 u B sqrt(RHS).

#include "check_util.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>

namespace beyondlin::checks {
namespace id08 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-8";

template <class T>
void compare_at(const Instance<T>& inst, const RowMatrix<T>& D, const std::string& where, MeasurementSet& ms) {
  using std::abs;
  using std::sqrt;
  const std::string prec = scalar_name<T>();
  const Eigen::Index n = inst.n(), m = inst.m();
  std::vector<CompensatedSum<T>> acc(n);
  long count = 0;
  for_each_sign_pattern(static_cast<int>(m), [&](const std::vector<int>& s) {
    const RowMatrix<T> SD = apply_signs(D, s);
    const Vector<T> X = (taylor_term(inst, RowMatrix<T>(inst.W + SD), 2) - taylor_term(inst, RowMatrix<T>(inst.W - SD), 2)) / T(2);
    for (Eigen::Index i = 0; i < n; ++i) acc[i].add(X(i) * X(i));
    ++count;
  });
  const NeuronView<T> v = neuron_view(inst, inst.W, 2);
  const Matrix<T> P = pre_activations(inst.X, D);
  for (Eigen::Index i = 0; i < n; ++i) {
    CompensatedSum<T> rhs_sum;
    T B = 0;
    for (Eigen::Index r = 0; r < m; ++r) {
      const T s2 = v.s[2](i, r);
      rhs_sum.add(s2 * s2 * v.u(i, r) * v.u(i, r) * P(i, r) * P(i, r));
      const T e = abs(v.u(i, r)) + abs(P(i, r));
      B += abs(s2) * e * e / (T(2) * sqrt(T(m)));
    }
    const T rhs = rhs_sum.value() / T(m);
    const T lhs = acc[i].value() / T(count);
    const T scale = rhs + B * sqrt(rhs);
    ms.equal_error("brute-force E_S <grad f^Q_W, SD>^2 vs (1/m) sum_r sigma''^2 u_r^2 p_r^2, error / (RHS + B sqrt RHS)",
                   to_double(rhs), to_double(lhs), scaled_diff<T>(lhs, rhs, scale), identity_tolerance<T>(),
                   identity_basis<T>() + "; B = (2 sqrt m)^{-1} sum_r |sigma''(t_r)| (|u_r| + |p_r|)^2",
                   where + ", sample " + std::to_string(i), prec);
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({4, 10}, {2, 6, 10, 12}, {2, 4, 6, 8, 10, 12, 14});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh},
                                        {Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::relu3});
  const int seeds = ctx.pick(1, 2, 4);
  const int d = 5, n = 5;
  for (int m : widths)
    for (Activation a : acts)
      for (int s = 0; s < seeds; ++s) {
        const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
        InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "generic", 1.0, init);
        const RowMatrix<double> D = generic_direction(m, d, 1.0, ctx.sub_seed(kId, 500 + s));
        compare_at(generate_instance(o), D, describe(o), ms);
      }
  ctx.log("double precision done; 50-digit run");
  {
    InstanceOptions o = make_options(3, 6, 3, Activation::sincos, ctx.sub_seed(kId, 1000), "generic", 1.0);
    const RowMatrix<double> D = generic_direction(6, 3, 1.0, ctx.sub_seed(kId, 1001));
    compare_at(instance_cast<scalar_mp50>(generate_instance(o)), RowMatrix<scalar_mp50>(D.cast<scalar_mp50>()),
               describe(o) + " (cast to 50 digits)", ms);
  }
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["seeds"] = seeds;
  res.parameters["movement_W"] = "generic, rho = 1";
  res.parameters["direction_D"] = "independent generic, rho = 1";
  res.parameters["mp50_instances"] = "m=6, d=3, n=3, sincos";
  res.measurements = ms.list();
  res.notes.push_back("The left side uses only the library's f^Q (by polarization) and enumerates all 2^m patterns; "
                      "the identity follows from E[s_r s_q] = delta_rq.");
  return res;
}

}  // namespace
}  // namespace id08

Check check_id08_sign_averaged_gradient() {
  return {{id08::kId, "Sign-averaged squared directional derivative of f^Q", "§4.2 (Lemma L2); §6.1", "[derived ✓]",
           "E_S <grad f^Q_W(x), S D>^2 = (1/m) sum_r sigma''(t_r)^2 (w_r^T x)^2 (d_r^T x)^2 for an independent sign "
           "matrix S."},
          id08::run};
}

}  // namespace beyondlin::checks
