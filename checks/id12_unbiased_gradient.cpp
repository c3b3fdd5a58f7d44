// ID-12 (SPEC §3.5, §6.1): the one-draw stochastic gradient G_Sigma(W) = grad_W Lhat(W0 + Sigma W)
// is unbiased, E_Sigma G_Sigma(W) = grad L(W), checked by brute force over all 2^m patterns for the
// logistic loss (SPEC's case) and the squared loss.
//
// Library quantities: stochastic_gradient (rows (1/n) sum_i l'_i a_r s_r m^{-1/2} sigma'((w_{0,r} + s_r w_r)^T x_i) x_i),
// for_each_sign_pattern, and the objective "randomized" (logistic: the library's enumeration;
// squared: the closed form of SPEC §3.4), whose gradient is also compared with a central difference
// of its value. Error measure: ||E G - grad L||_F / E ||G_Sigma||_F (the size of one draw).

#include "check_util.hpp"

#include <beyondlin/objective.hpp>
#include <beyondlin/randomization.hpp>

namespace beyondlin::checks {
namespace id12 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-12";

template <class T>
void compare_at(const Instance<T>& inst, const RowMatrix<T>& D, bool with_fd, const std::string& where,
                MeasurementSet& ms) {
  using std::abs;
  const std::string prec = scalar_name<T>();
  const Eigen::Index m = inst.m(), d = inst.d();
  std::vector<CompensatedSum<T>> acc(static_cast<std::size_t>(m * d));
  CompensatedSum<T> norm_acc;
  long count = 0;
  for_each_sign_pattern(static_cast<int>(m), [&](const std::vector<int>& s) {
    const RowMatrix<T> G = stochastic_gradient(inst, inst.W, s);
    for (Eigen::Index r = 0; r < m; ++r)
      for (Eigen::Index j = 0; j < d; ++j) acc[static_cast<std::size_t>(r * d + j)].add(G(r, j));
    norm_acc.add(G.norm());
    ++count;
  });
  Vector<T> mean(m * d);
  for (Eigen::Index k = 0; k < m * d; ++k) mean(k) = acc[static_cast<std::size_t>(k)].value() / T(count);
  const T scale = norm_acc.value() / T(count);
  ObjectiveSpec sp;
  sp.kind = ObjectiveKind::randomized;
  sp.method = inst.loss == Loss::square ? RandomizedMethod::closed_form : RandomizedMethod::enumeration;
  const Objective<T> obj(inst, sp);
  const Vector<T> w = Objective<T>::flatten(inst.W);
  Vector<T> g;
  obj.gradient(w, g);
  ms.equal_error(std::string("E_Sigma G_Sigma (brute force) vs grad L [") + obj.method() + ", " + loss_name(inst.loss) +
                     "], ||error||_F / E||G_Sigma||_F",
                 to_double(g.norm()), to_double(mean.norm()), scaled_norm_diff<T>(mean, g, scale),
                 identity_tolerance<T>(),
                 identity_basis<T>() + "; scaled by the mean norm of one draw G_Sigma (the terms being averaged)", where,
                 prec);
  if constexpr (std::is_same_v<T, double>) {
    if (!with_fd) return;
    const double h = kFdStepGradient;
    const Vector<double> dv = Objective<double>::flatten(D);
    const double fd = (obj.data_value(w + h * dv) - obj.data_value(w - h * dv)) / (2 * h);
    ms.equal(std::string("<grad L, D> vs central difference of L (h=1e-5) [") + obj.method() + ", " +
                 loss_name(inst.loss) + "], error / (||grad L|| ||D||)",
             g.dot(dv), fd, g.norm() * dv.norm(), kFiniteDifferenceTol,
             "SPEC §6.1/§6.5 finite differences (1e-6, h = 1e-5): truncation ~h^2 |L'''| / 6 ~ 1e-11, rounding "
             "~u |L| / h ~ 1e-11",
             where);
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({4, 8}, {2, 6, 10, 12}, {2, 4, 6, 8, 10, 12, 14});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh},
                                        {Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::relu3});
  const int seeds = ctx.pick(1, 2, 4);
  const int d = 5, n = 8;
  for (Loss loss : {Loss::logistic, Loss::square})
    for (int m : widths)
      for (Activation a : acts)
        for (int s = 0; s < seeds; ++s) {
          const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
          InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "generic", 1.0, init, loss,
                                           loss == Loss::logistic ? "sign" : "gaussian");
          const RowMatrix<double> D = generic_direction(m, d, 1.0, ctx.sub_seed(kId, 500 + s));
          compare_at(generate_instance(o), D, true, describe(o), ms);
        }
  ctx.log("double precision done; 50-digit run");
  {
    InstanceOptions o = make_options(3, 6, 3, Activation::sincos, ctx.sub_seed(kId, 1000), "generic", 1.0,
                                     Init::symmetric, Loss::logistic, "sign");
    compare_at(instance_cast<scalar_mp50>(generate_instance(o)), RowMatrix<scalar_mp50>(), false,
               describe(o) + " (cast to 50 digits)", ms);
  }
  res.parameters["losses"] = {"logistic (labels +-1)", "square (labels N(0,1))"};
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["seeds"] = seeds;
  res.parameters["movement"] = "generic, rho = 1";
  res.parameters["mp50_instances"] = "m=6, d=3, n=3, sincos, logistic";
  res.measurements = ms.list();
  res.notes.push_back("For the logistic loss the library's grad L is itself an enumeration, but through a different "
                      "code path (the objective's coefficient matrices) than stochastic_gradient; the central "
                      "difference ties it to the value L(W).");
  return res;
}

}  // namespace
}  // namespace id12

Check check_id12_unbiased_gradient() {
  return {{id12::kId, "Stochastic gradient is unbiased", "§3.5; §6.1", "[derived ✓]",
           "The one-draw gradient G_Sigma(W) = grad_W Lhat(W0 + Sigma W) satisfies E_Sigma G_Sigma(W) = grad L(W)."},
          id12::run};
}

}  // namespace beyondlin::checks
