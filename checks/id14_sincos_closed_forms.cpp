// ID-14 (SPEC §3.2 "Closed forms for sigma = sin + cos", §6.1): for sigma = sin + cos,
//   E_Sigma f = m^{-1/2} sum_r a_r sigma(t_r) cos u_r,        delta_r = sigma'(t_r) sin u_r,
//   E_Sigma f - f_W0 - f^Q_W = m^{-1/2} sum_r a_r sigma(t_r) (cos u_r - 1 + u_r^2/2),
// against the generic formulas of the library (P2/P3 in randomized_moments, initial_output, taylor_term).
//
// The closed forms are evaluated here from sigma(t), sigma'(t) (activation_derivatives) and cos u,
// sin u; cos u - 1 + u^2/2 by its alternating series for |u| < 1/2 (no cancellation). Error measures:
// means against S(x) = m^{-1/2} sum_r (|sigma(t+u)| + |sigma(t-u)|)/2 (the size of the generic terms,
// which cancel down to O(m^{-1/2}) in the third identity); delta_r against A_r = sqrt(2)(1 + |t_r| + |u_r|)
// (|sin| + |cos| plus the rounding of the argument t +- u); variances against Var + (2/m) sum_r |delta_r| A_r.

#include "check_util.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>

namespace beyondlin::checks {
namespace id14 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-14";

/// cos u - 1 + u^2/2 without cancellation: the series sum_{k>=2} (-1)^k u^{2k}/(2k)! for |u| < 1/2.
template <class T> T cos_remainder(const T& u) {
  using std::abs;
  using std::cos;
  if (abs(u) >= T(0.5)) return cos(u) - T(1) + u * u / T(2);
  const T u2 = u * u;
  T term = u2 * u2 / T(24), sum = 0;
  const T eps = T(std::numeric_limits<T>::epsilon());
  for (int k = 2; k < 60; ++k) {
    sum += term;
    if (abs(term) <= eps * abs(sum)) break;
    term *= -u2 / T((2 * k + 1) * (2 * k + 2));
  }
  return sum;
}

template <class T>
void compare_at(const Instance<T>& inst, const std::string& where, MeasurementSet& ms) {
  using std::abs;
  using std::cos;
  using std::sin;
  using std::sqrt;
  const std::string prec = scalar_name<T>();
  const double tol = identity_tolerance<T>();
  const std::string basis = identity_basis<T>();
  const Eigen::Index n = inst.n(), m = inst.m();
  const NeuronView<T> v = neuron_view(inst, inst.W, 1);
  const Matrix<T> sp = shifted_activation(inst, v, +1), sm = shifted_activation(inst, v, -1);
  const SignMoments<T> mom = randomized_moments(inst, inst.W);
  const Vector<T> f0 = initial_output(inst), fq = taylor_term(inst, inst.W, 2);
  const T rs = T(1) / sqrt(T(m));
  for (Eigen::Index i = 0; i < n; ++i) {
    CompensatedSum<T> mean_cf, gap_cf, var_cf, var_scale;
    T S = 0, worst_delta = 0;
    Eigen::Index worst_r = 0;
    for (Eigen::Index r = 0; r < m; ++r) {
      const T t_sig = v.s[0](i, r), t_der = v.s[1](i, r), u = v.u(i, r);
      // Natural magnitude of sigma(t +- u) = sin + cos at a rounded argument: |sin| + |cos| <= sqrt 2 plus the
      // argument's rounding error ~u (|t| + |u|) times |sigma'| <= sqrt 2.
      const T A = sqrt(T(2)) * (T(1) + abs(v.t(i, r)) + abs(u));
      S += (abs(sp(i, r)) + abs(sm(i, r))) / T(2) * rs;
      mean_cf.add(inst.a(r) * t_sig * cos(u) * rs);
      gap_cf.add(inst.a(r) * t_sig * cos_remainder(u) * rs);
      const T delta_cf = t_der * sin(u);
      const T delta_gen = (sp(i, r) - sm(i, r)) / T(2);
      var_cf.add(delta_cf * delta_cf / T(m));
      var_scale.add(T(2) * abs(delta_gen) * A / T(m));
      const T e = abs(delta_cf - delta_gen) / A;
      if (e > worst_delta || r == 0) {
        worst_delta = e;
        worst_r = r;
      }
    }
    const std::string w = where + ", sample " + std::to_string(i);
    ms.equal_error("E_Sigma f: P2 (randomized_moments) vs m^{-1/2} sum_r a_r sigma(t_r) cos u_r, error / S",
                   to_double(mean_cf.value()), to_double(mom.mean(i)), scaled_diff<T>(mom.mean(i), mean_cf.value(), S),
                   tol, basis + "; S = m^{-1/2} sum_r (|sigma(t+u)| + |sigma(t-u)|)/2", w, prec);
    const T delta_gen_w = (sp(i, worst_r) - sm(i, worst_r)) / T(2);
    ms.equal_error("delta_r: [sigma(t+u) - sigma(t-u)]/2 vs sigma'(t) sin u, worst neuron, error / A_r",
                   to_double(T(v.s[1](i, worst_r) * sin(v.u(i, worst_r)))), to_double(delta_gen_w),
                   to_double(worst_delta), tol, basis + "; A_r = sqrt(2) (1 + |t_r| + |u_r|): the size of sin + cos plus the effect of rounding the "
                                "argument t +- u", w + ", neuron " + std::to_string(worst_r), prec);
    const T var_sc = var_cf.value() + var_scale.value();
    ms.equal_error("Var_Sigma f: P3 (randomized_moments) vs (1/m) sum_r sigma'(t_r)^2 sin^2 u_r, error / (Var + (2/m) "
                   "sum |delta_r| A_r)",
                   to_double(var_cf.value()), to_double(mom.var(i)), scaled_diff<T>(mom.var(i), var_cf.value(), var_sc),
                   tol, basis + "; an error ~u A_r in delta_r moves delta_r^2 by ~2 u |delta_r| A_r", w, prec);
    const T gap_gen = mom.mean(i) - f0(i) - fq(i);
    ms.equal_error("E_Sigma f - f_W0 - f^Q_W (generic) vs m^{-1/2} sum_r a_r sigma(t_r)(cos u_r - 1 + u_r^2/2), error / S",
                   to_double(gap_cf.value()), to_double(gap_gen), scaled_diff<T>(gap_gen, gap_cf.value(), S), tol,
                   basis + "; the generic side cancels O(1) terms down to O(m^{-1/2}), so S (not the gap) is the "
                           "natural magnitude",
                   w, prec);
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({64, 4096}, {64, 1024, 16384}, {64, 1024, 16384, 1 << 16, 1 << 18});
  const std::vector<double> rhos = {0.5, 1.0, 3.0};
  const int seeds = ctx.pick(1, 2, 3);
  const int d = 10, n = 10;
  for (int m : widths)
    for (double rho : rhos)
      for (const char* movement : {"coherent", "generic"})
        for (int s = 0; s < seeds; ++s) {
          const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
          InstanceOptions o = make_options(d, m, n, Activation::sincos, ctx.sub_seed(kId, s), movement, rho, init);
          compare_at(generate_instance(o), describe(o), ms);
        }
  ctx.log("double precision done; 50-digit run");
  for (const char* movement : {"coherent", "generic"}) {
    InstanceOptions o = make_options(4, 16, 4, Activation::sincos, ctx.sub_seed(kId, 1000), movement, 1.0);
    compare_at(instance_cast<scalar_mp50>(generate_instance(o)), describe(o) + " (cast to 50 digits)", ms);
  }
  res.parameters["activation"] = "sincos";
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["rho"] = rhos;
  res.parameters["movements"] = {"coherent", "generic"};
  res.parameters["seeds"] = seeds;
  res.parameters["mp50_instances"] = "m=16, d=4, n=4, coherent and generic";
  res.measurements = ms.list();
  res.notes.push_back("The third identity compares an O(m^{-1/2}) quantity obtained by cancellation (library side) "
                      "with a cancellation-free closed form; its error is judged against the size S of the cancelling "
                      "terms, which is what double precision can resolve.");
  return res;
}

}  // namespace
}  // namespace id14

Check check_id14_sincos_closed_forms() {
  return {{id14::kId, "sin + cos: closed forms of the sign moments", "§3.2 (closed forms for sin + cos); §6.1",
           "[derived ✓]",
           "For sigma = sin + cos: E_Sigma f = m^{-1/2} sum_r a_r sigma(t_r) cos u_r, delta_r = sigma'(t_r) sin u_r, and "
           "E_Sigma f - f_W0 - f^Q_W = m^{-1/2} sum_r a_r sigma(t_r)(cos u_r - 1 + u_r^2/2)."},
          id14::run};
}

}  // namespace beyondlin::checks
