// ID-7 (SPEC §4.2 Lemma L1, §6.1): for any W, D and any C^2 loss, with ell'_i, ell''_i evaluated at
// (f_W0(x_i) + f^Q_W(x_i), y_i),
//   grad^2 L^Q(W)[D, D] - <grad L^Q(W), W>
//     = (1/n) sum_i ell''_i <grad f^Q_W(x_i), D>^2 + (2/n) sum_i ell'_i (f^Q_D(x_i) - f^Q_W(x_i)).
//
// Left side from the library's quadratic objective (hvp and gradient), and independently by
// central finite differences of its value (h = 1e-4 for the second derivative, 1e-5 for the first).
// Right side computed here from SPEC's formula with library primitives: taylor_term (f^Q_W, f^Q_D),
// initial_output, loss_derivatives, and <grad f^Q_W(x), D> = sum_r c_r(x) u_r (d_r^T x), c_r = a_r sigma''(t_r)/sqrt m
// (SPEC §2). Error measure: against the natural magnitude
//   (1/n) sum_i [ |ell''_i| (sum_r |c_r u_r p_r|)^2 + 2 |ell'_i| (S_Q(D) + S_Q(W)) ],  S_Q(V) = sum_r |c_r| (v_r^T x)^2 / 2.

#include "check_util.hpp"

#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>

namespace beyondlin::checks {
namespace id07 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-7";

ObjectiveSpec quadratic_spec() {
  ObjectiveSpec sp;
  sp.kind = ObjectiveKind::taylor;
  sp.order = 2;
  return sp;
}

template <class T>
void compare_at(const Instance<T>& inst, const RowMatrix<T>& D, bool with_fd, const std::string& where,
                MeasurementSet& ms) {
  using std::abs;
  using std::sqrt;
  const std::string prec = scalar_name<T>();
  const Eigen::Index n = inst.n(), m = inst.m();
  const Objective<T> obj(inst, quadratic_spec());
  const Vector<T> w = Objective<T>::flatten(inst.W), dv = Objective<T>::flatten(D);
  Vector<T> g, hv;
  obj.gradient(w, g);
  obj.hvp(w, dv, hv);
  const T lhs = hv.dot(dv) - g.dot(w);

  // right-hand side of Lemma L1 from SPEC's formula
  const NeuronView<T> v = neuron_view(inst, inst.W, 2);
  const Matrix<T> P = pre_activations(inst.X, D);
  const Vector<T> f0 = initial_output(inst), fqW = taylor_term(inst, inst.W, 2), fqD = taylor_term(inst, D, 2);
  CompensatedSum<T> rhs_sum, scale_sum;
  for (Eigen::Index i = 0; i < n; ++i) {
    T l[3];
    loss_derivatives(inst.loss, T(f0(i) + fqW(i)), inst.y(i), 2, l);
    CompensatedSum<T> J;
    T Jabs = 0, SQW = 0, SQD = 0;
    for (Eigen::Index r = 0; r < m; ++r) {
      const T c = inst.a(r) * v.s[2](i, r) / sqrt(T(m));
      J.add(c * v.u(i, r) * P(i, r));
      Jabs += abs(c * v.u(i, r) * P(i, r));
      SQW += abs(c) * v.u(i, r) * v.u(i, r) / T(2);
      SQD += abs(c) * P(i, r) * P(i, r) / T(2);
    }
    const T Ji = J.value();
    rhs_sum.add(l[2] * Ji * Ji + T(2) * l[1] * (fqD(i) - fqW(i)));
    scale_sum.add(abs(l[2]) * Jabs * Jabs + T(2) * abs(l[1]) * (SQD + SQW));
  }
  const T rhs = rhs_sum.value() / T(n), scale = scale_sum.value() / T(n);
  const std::string lname = std::string("Lemma L1, ") + loss_name(inst.loss) +
                            " loss: analytic hvp . D - grad . W vs right side, error / natural magnitude";
  ms.equal_error(lname, to_double(rhs), to_double(lhs), scaled_diff<T>(lhs, rhs, scale), identity_tolerance<T>(),
                 identity_basis<T>() + "; natural magnitude (1/n) sum_i [|l''_i| (sum_r |c_r u_r p_r|)^2 + "
                                       "2 |l'_i| (S_Q(D) + S_Q(W))]",
                 where, prec);
  if constexpr (std::is_same_v<T, double>) {
    if (!with_fd) return;
    const double h2 = kFdStepSecond, h1 = kFdStepGradient;
    const double L0 = obj.data_value(w);
    const double curv_fd = (obj.data_value(w + h2 * dv) - 2 * L0 + obj.data_value(w - h2 * dv)) / (h2 * h2);
    const double radial_fd = (obj.data_value(w + h1 * w) - obj.data_value(w - h1 * w)) / (2 * h1);
    ms.equal(std::string("Lemma L1, ") + loss_name(inst.loss) +
                 " loss: finite-difference left side vs right side, error / natural magnitude",
             rhs, curv_fd - radial_fd, scale, kFiniteDifferenceTol,
             "SPEC §6.1 ID-7 (1e-6 with h = 1e-4). Second central difference: truncation h^2/12 |L''''| ~ 1e-9, "
             "rounding ~4 u |L| / h^2 ~ 4e-8 |L|; first difference (h = 1e-5): ~1e-11",
             where);
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({16, 1024}, {16, 256, 4096, 16384}, {16, 256, 4096, 16384, 65536});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::tanh},
                                        {Activation::sincos, Activation::tanh, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::gelu});
  const int seeds = ctx.pick(1, 3, 6);
  const int d = 5, n = 20;
  const double rho = 1.5;
  for (Loss loss : {Loss::logistic, Loss::square})
    for (int m : widths)
      for (Activation a : acts)
        for (int s = 0; s < seeds; ++s) {
          const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
          InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "generic", rho, init, loss,
                                           loss == Loss::logistic ? "sign" : "gaussian");
          const RowMatrix<double> D = generic_direction(m, d, rho, ctx.sub_seed(kId, 500 + s));
          compare_at(generate_instance(o), D, true, describe(o), ms);
        }
  ctx.log("double precision done; 50-digit run");
  for (Loss loss : {Loss::logistic, Loss::square}) {
    InstanceOptions o = make_options(3, 6, 3, Activation::sincos, ctx.sub_seed(kId, 1000), "generic", 1.0,
                                     Init::symmetric, loss, loss == Loss::logistic ? "sign" : "gaussian");
    const RowMatrix<double> D = generic_direction(6, 3, 1.0, ctx.sub_seed(kId, 1001));
    compare_at(instance_cast<scalar_mp50>(generate_instance(o)), RowMatrix<scalar_mp50>(D.cast<scalar_mp50>()), false,
               describe(o) + " (cast to 50 digits)", ms);
  }
  res.parameters["losses"] = {"logistic (labels +-1)", "square (labels N(0,1))"};
  res.parameters["d"] = d;
  res.parameters["n"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["seeds"] = seeds;
  res.parameters["movement_W"] = "generic, rho = 1.5";
  res.parameters["direction_D"] = "independent generic, rho = 1.5";
  res.parameters["fd_steps"] = {{"second", kFdStepSecond}, {"first", kFdStepGradient}};
  res.parameters["mp50_instances"] = "m=6, d=3, n=3, sincos, both losses (analytic)";
  res.measurements = ms.list();
  res.notes.push_back("The right side uses SPEC's formula with <grad f^Q_W(x), D> = sum_r c_r(x) u_r (d_r^T x); the "
                      "left side uses only the library objective (analytic) or only its values (finite differences).");
  return res;
}

}  // namespace
}  // namespace id07

Check check_id07_lemma_l1() {
  return {{id07::kId, "Lemma L1: directional-curvature identity", "§4.2 (Lemma L1); §6.1", "[derived ✓]",
           "grad^2 L^Q(W)[D,D] - <grad L^Q(W), W> = (1/n) sum_i l''_i <grad f^Q_W(x_i), D>^2 + "
           "(2/n) sum_i l'_i (f^Q_D(x_i) - f^Q_W(x_i)) for any W, D and C^2 loss."},
          id07::run};
}

}  // namespace beyondlin::checks
