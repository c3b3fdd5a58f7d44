// ID-6 (SPEC §2 "Exact derivatives", §6.1): the quadratic model f^Q = f^(2) satisfies
//   homogeneity  f^Q_{tau W}(x) = tau^2 f^Q_W(x),
//   Euler        <grad f^Q_W(x), W> = 2 f^Q_W(x),
//   curvature    grad^2 f^Q(x)[D, D] = 2 f^Q_D(x) (independent of W), HVP (grad^2 f^Q D)_r = c_r(x)(d_r^T x) x,
// checked analytically (1e-12) and against central finite differences (1e-6).
//
// Library quantities: taylor_term (k = 2) and the objective "quadratic" with the squared loss on a
// single sample x: L^Q(W) = (f_W0(x) + f^Q_W(x) - y)^2/2 has gradient r grad f^Q_W(x) and, at W = 0
// where grad f^Q_0 = 0, Hessian-vector product r grad^2 f^Q(x) D, with the residual r = f_W0 + f^Q_W - y
// read back from Objective::predictions. Choosing y so that r is about 1 makes grad f^Q = gradient / r
// and grad^2 f^Q D = hvp / r without any cancellation.

#include "check_util.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>

namespace beyondlin::checks {
namespace id06 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-6";

ObjectiveSpec quadratic_spec() {
  ObjectiveSpec sp;
  sp.kind = ObjectiveKind::taylor;
  sp.order = 2;
  return sp;
}

/// The instance restricted to sample i with label y.
template <class T> Instance<T> one_sample(const Instance<T>& inst, Eigen::Index i, const T& y) {
  Instance<T> o = inst;
  o.X = inst.X.row(i);
  o.y = Vector<T>::Constant(1, y);
  return o;
}

/// grad f^Q_W(x) of the single-sample instance `one`, as gradient / residual of the squared-loss quadratic objective.
template <class T> Vector<T> grad_fq(const Instance<T>& one, const RowMatrix<T>& W) {
  const T f0 = initial_output(one)(0);
  const T fq = taylor_term(one, W, 2)(0);
  const Instance<T> lab = one_sample(one, 0, T(f0 + fq - T(1)));  // residual about 1
  const Objective<T> obj(lab, quadratic_spec());
  const Vector<T> w = Objective<T>::flatten(W);
  Vector<T> g;
  obj.gradient(w, g);
  const T r = obj.predictions(w)(0) - lab.y(0);
  return g / r;
}

template <class T>
void compare_at(const Instance<T>& inst, const RowMatrix<T>& D, bool with_fd, const std::string& where,
                MeasurementSet& ms) {
  using std::abs;
  using std::sqrt;
  const std::string prec = scalar_name<T>();
  const double tol = identity_tolerance<T>();
  const std::string basis = identity_basis<T>();
  const Eigen::Index m = inst.m(), d = inst.d();
  const NeuronView<T> vW = neuron_view(inst, inst.W, 2);
  const Matrix<T> P = pre_activations(inst.X, D);  // p_ir = d_r^T x_i
  for (Eigen::Index i = 0; i < inst.n(); ++i) {
    const std::string w = where + ", sample " + std::to_string(i);
    const Instance<T> one = one_sample(inst, i, inst.y(i));
    // c_r(x) = a_r sigma''(t_r) / sqrt(m) and the natural magnitudes
    Vector<T> c(m);
    for (Eigen::Index r = 0; r < m; ++r) c(r) = inst.a(r) * vW.s[2](i, r) / sqrt(T(m));
    const Vector<T> u = vW.u.row(i).transpose(), p = P.row(i).transpose();
    const T SQW = (c.cwiseAbs().cwiseProduct(u.cwiseProduct(u))).sum() / T(2);
    const T SQD = (c.cwiseAbs().cwiseProduct(p.cwiseProduct(p))).sum() / T(2);
    const T SWD = (c.cwiseProduct(u).cwiseProduct(p)).cwiseAbs().sum();
    const T fqW = taylor_term(one, inst.W, 2)(0);
    const T fqD = taylor_term(one, D, 2)(0);

    // homogeneity
    for (double tau : {-2.5, 0.3, 7.0}) {
      const T tt = T(tau);
      const T lhs = taylor_term(one, RowMatrix<T>(tt * inst.W), 2)(0);
      const T rhs = tt * tt * fqW;
      ms.equal_error("homogeneity f^Q_{tau W} vs tau^2 f^Q_W, error / (tau^2 S_Q)", to_double(rhs), to_double(lhs),
                     scaled_diff<T>(lhs, rhs, (tt * tt * SQW)), tol,
                     basis + "; S_Q = (2 sqrt m)^{-1} sum_r |sigma''(t_r)| u_r^2", w + ", tau=" + fmt(tau), prec);
    }
    // gradient: objective vs formula, and Euler
    const Vector<T> g = grad_fq(one, inst.W);
    Vector<T> g_formula(m * d), g_abs(m * d);
    for (Eigen::Index r = 0; r < m; ++r)
      for (Eigen::Index j = 0; j < d; ++j) {
        g_formula(r * d + j) = c(r) * u(r) * one.X(0, j);
        g_abs(r * d + j) = abs(g_formula(r * d + j));
      }
    ms.equal_error("grad f^Q_W(x): objective gradient / residual vs SPEC §2 c_r u_r x, ||error||_2 / ||formula||_2",
                   to_double(g_formula.norm()), to_double(g.norm()),
                   scaled_norm_diff<T>(g, g_formula, g_formula.norm()), tol,
                   basis + "; entrywise products without cancellation, so a plain relative norm", w, prec);
    const Vector<T> wv = Objective<T>::flatten(inst.W);
    const T euler = g.dot(wv);
    ms.equal_error("Euler <grad f^Q_W, W> vs 2 f^Q_W, error / (2 S_Q)", to_double(T(2 * fqW)), to_double(euler),
                   scaled_diff<T>(euler, T(2) * fqW, (T(2) * SQW)), tol, basis, w, prec);

    // Hessian-vector product at W = 0 (residual about 1): grad^2 f^Q D
    const T f0 = initial_output(one)(0);
    const Instance<T> lab0 = one_sample(one, 0, T(f0 - T(1)));
    const Objective<T> obj0(lab0, quadratic_spec());
    const Vector<T> zero = Vector<T>::Zero(m * d), dv = Objective<T>::flatten(D);
    Vector<T> hv;
    obj0.hvp(zero, dv, hv);
    hv /= (obj0.predictions(zero)(0) - lab0.y(0));
    Vector<T> h_formula(m * d);
    for (Eigen::Index r = 0; r < m; ++r)
      for (Eigen::Index j = 0; j < d; ++j) h_formula(r * d + j) = c(r) * p(r) * one.X(0, j);
    ms.equal_error("HVP grad^2 f^Q D: objective hvp / residual vs SPEC §2 c_r (d_r^T x) x, ||error|| / ||formula||",
                   to_double(h_formula.norm()), to_double(hv.norm()),
                   scaled_norm_diff<T>(hv, h_formula, h_formula.norm()), tol,
                   basis + "; entrywise products without cancellation", w, prec);
    const T curv = hv.dot(dv);
    ms.equal_error("grad^2 f^Q[D,D] (analytic HVP) vs 2 f^Q_D, error / (2 S_Q(D))", to_double(T(2 * fqD)),
                   to_double(curv), scaled_diff<T>(curv, T(2) * fqD, (T(2) * SQD)), tol,
                   basis + "; S_Q(D) = (2 sqrt m)^{-1} sum_r |sigma''(t_r)| (d_r^T x)^2", w, prec);

    if constexpr (std::is_same_v<T, double>) {
      if (!with_fd) continue;
      const std::string fd_basis1 =
          "SPEC §6.1 ID-6 (1e-6). f^Q is a quadratic form, so central differences have no truncation error: the "
          "error is rounding only, ~u S_Q / h ~ 1e-11 for h = 1e-5 (SPEC §6.5)";
      const std::string fd_basis2 =
          "SPEC §6.1 ID-6 (1e-6). Second central difference of a quadratic: no truncation error, rounding "
          "~4 u S_Q / h^2 ~ 5e-8 for h = 1e-4 (SPEC §6.5)";
      const double h1 = kFdStepGradient, h2 = kFdStepSecond;
      const double fp = taylor_term(one, RowMatrix<T>(inst.W + h1 * D), 2)(0);
      const double fm = taylor_term(one, RowMatrix<T>(inst.W - h1 * D), 2)(0);
      const double dir_fd = (fp - fm) / (2 * h1);
      const double dir_an = g.dot(dv);
      ms.equal("<grad f^Q_W, D> analytic vs central difference (h=1e-5), error / sum_r |c_r u_r p_r|", dir_an, dir_fd,
               SWD, kFiniteDifferenceTol, fd_basis1, w);
      const double fp2 = taylor_term(one, RowMatrix<T>(inst.W + h2 * D), 2)(0);
      const double fm2 = taylor_term(one, RowMatrix<T>(inst.W - h2 * D), 2)(0);
      const double sec_fd = (fp2 - 2 * fqW + fm2) / (h2 * h2);
      ms.equal("grad^2 f^Q[D,D] by second central difference (h=1e-4) vs 2 f^Q_D, error / (2 S_Q(D))", 2 * fqD, sec_fd,
               2 * SQD, kFiniteDifferenceTol, fd_basis2, w);
      const Vector<T> gp = grad_fq(one, RowMatrix<T>(inst.W + h1 * D));
      const Vector<T> gm = grad_fq(one, RowMatrix<T>(inst.W - h1 * D));
      const Vector<T> hv_fd = (gp - gm) / (2 * h1);
      ms.equal_error("HVP: central difference of gradients (h=1e-5) vs analytic, ||error|| / ||HVP||", hv.norm(),
                     hv_fd.norm(), scaled_norm_diff<double>(hv_fd, hv, hv.norm()), kFiniteDifferenceTol,
                     fd_basis1 + " (the gradient is linear in W)", w);
    }
  }
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({16, 1024}, {16, 1024, 16384}, {16, 1024, 16384, 65536});
  const std::vector<Activation> acts =
      ctx.pick<std::vector<Activation>>({Activation::sincos, Activation::softplus},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::relu3},
                                        {Activation::sincos, Activation::tanh, Activation::softplus, Activation::relu3,
                                         Activation::gelu, Activation::erf});
  const int seeds = ctx.pick(1, 2, 5);
  const int d = 10, n = 4;
  for (int m : widths)
    for (Activation a : acts)
      for (int s = 0; s < seeds; ++s) {
        const Init init = (s % 2 == 0) ? Init::symmetric : Init::gaussian;
        InstanceOptions o = make_options(d, m, n, a, ctx.sub_seed(kId, s), "generic", 1.0, init);
        const RowMatrix<double> D = generic_direction(m, d, 1.0, ctx.sub_seed(kId, 500 + s));
        compare_at(generate_instance(o), D, true, describe(o), ms);
      }
  ctx.log("double precision done; 50-digit run");
  {
    InstanceOptions o = make_options(3, 6, 2, Activation::sincos, ctx.sub_seed(kId, 1000), "generic", 1.0);
    const RowMatrix<double> D = generic_direction(6, 3, 1.0, ctx.sub_seed(kId, 1001));
    compare_at(instance_cast<scalar_mp50>(generate_instance(o)), RowMatrix<scalar_mp50>(D.cast<scalar_mp50>()), false,
               describe(o) + " (cast to 50 digits)", ms);
  }
  res.parameters["d"] = d;
  res.parameters["samples_per_instance"] = n;
  res.parameters["widths"] = widths;
  res.parameters["activations"] = activation_names(acts);
  res.parameters["seeds"] = seeds;
  res.parameters["movement_W"] = "generic, rho = 1";
  res.parameters["direction_D"] = "independent generic, rho = 1";
  res.parameters["tau"] = {-2.5, 0.3, 7.0};
  res.parameters["fd_steps"] = {{"first", kFdStepGradient}, {"second", kFdStepSecond}};
  res.parameters["mp50_instances"] = "m=6, d=3, n=2, sincos (analytic parts)";
  res.measurements = ms.list();
  res.notes.push_back("grad f^Q and grad^2 f^Q D are read from the library's quadratic objective with the squared "
                      "loss on one sample, whose label is set so that the residual r = f_W0 + f^Q - y is about 1; "
                      "the HVP is taken at W = 0, where grad f^Q vanishes, so hvp / r = grad^2 f^Q D exactly.");
  res.notes.push_back("Finite differences of a quadratic form have no truncation error; they test the analytic "
                      "derivatives up to rounding only.");
  return res;
}

}  // namespace
}  // namespace id06

Check check_id06_quadratic_homogeneity() {
  return {{id06::kId, "Quadratic model: homogeneity, Euler identity, curvature 2 f^Q_D", "§2 (exact derivatives); §6.1",
           "[derived ✓]",
           "f^Q_{tau W} = tau^2 f^Q_W, <grad f^Q_W, W> = 2 f^Q_W and grad^2 f^Q[D, D] = 2 f^Q_D, by the analytic "
           "derivatives and by central finite differences."},
          id06::run};
}

}  // namespace beyondlin::checks
