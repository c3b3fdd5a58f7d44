// ID-9 (SPEC §3.3 "Regularizer calculus", §6.1): for R(W) = ||W||_{2,4}^8 = (sum_r ||w_r||^4)^2,
//   Euler             <grad R(W), W> = 8 R(W);
//   gradient and HVP  agree with central finite differences;
//   sign average      E_S grad^2 R(W)[SD, SD] = 32 sum_r ||w_r||^4 (w_r^T d_r)^2
//                        + 2 S_4 sum_r (4 ||w_r||^2 ||d_r||^2 + 8 (w_r^T d_r)^2)   (brute force, m <= 12),
//                     and it is <= 56 ||W||_{2,4}^6 ||D||_{2,4}^2.
//
// Library quantities: regularizer_value, regularizer_gradient, regularizer_hvp,
// regularizer_sign_averaged_curvature, mixed_norm, apply_signs, for_each_sign_pattern.
// R is convex (the square of the convex S_4 >= 0), so its Hessian is positive semidefinite and every
// compared quantity except directional derivatives is a sum of nonnegative terms: plain relative errors.

#include "check_util.hpp"

#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>
#include <beyondlin/regularizer.hpp>

namespace beyondlin::checks {
namespace id09 {  // this file's own scope, so that unity builds can combine files
namespace {

const char* kId = "ID-9";

template <class T>
void compare_analytic(const RowMatrix<T>& W, const RowMatrix<T>& D, bool brute_force, const std::string& where,
                      MeasurementSet& ms) {
  using std::abs;
  const std::string prec = scalar_name<T>();
  const double tol = identity_tolerance<T>();
  const std::string basis = identity_basis<T>() + "; sums of nonnegative terms, plain relative error";
  const T R = regularizer_value(W);
  const RowMatrix<T> G = regularizer_gradient(W);
  const T euler = G.cwiseProduct(W).sum();
  ms.equal_error("Euler <grad R, W> vs 8 R, relative", to_double(T(8 * R)), to_double(euler),
                 scaled_diff<T>(euler, T(8) * R, (T(8) * R)), tol, basis, where, prec);
  if (!brute_force) return;
  const int m = static_cast<int>(W.rows());
  CompensatedSum<T> acc;
  long count = 0;
  for_each_sign_pattern(m, [&](const std::vector<int>& s) {
    const RowMatrix<T> SD = apply_signs(D, s);
    acc.add(regularizer_hvp(W, SD).cwiseProduct(SD).sum());
    ++count;
  });
  const T bf = acc.value() / T(count);
  const T formula = regularizer_sign_averaged_curvature(W, D);
  ms.equal_error("sign-averaged curvature: brute force over 2^m patterns vs closed form, relative", to_double(formula),
                 to_double(bf), scaled_diff<T>(bf, formula, formula), tol, basis, where, prec);
  const T a = mixed_norm(W, 4.0), b = mixed_norm(D, 4.0);
  const T bound = T(56) * a * a * a * a * a * a * b * b;
  ms.at_most("sign-averaged curvature <= 56 ||W||_{2,4}^6 ||D||_{2,4}^2", to_double(bf), to_double(bound), kInequalityTol,
             inequality_basis(), where, -1, prec);
}

void compare_fd(const RowMatrix<double>& W, const RowMatrix<double>& D, bool coordinatewise, const std::string& where,
                MeasurementSet& ms) {
  const double h1 = kFdStepGradient, h2 = kFdStepSecond;
  const RowMatrix<double> G = regularizer_gradient(W);
  const RowMatrix<double> H = regularizer_hvp(W, D);
  const std::string b1 =
      "SPEC §6.1 (finite differences 1e-6), h = 1e-5 (SPEC §6.5): truncation ~(h/|w|)^2 |R'''|/6 <~ 1e-8 relative for "
      "rows of size m^{-1/4}, rounding ~u R / h ~ 1e-11";
  const std::string b2 = "SPEC §6.1 (finite differences 1e-6), h = 1e-4 (SPEC §6.5): truncation ~h^2/12 |R''''| "
                         "relative ~1e-7, rounding ~4 u R / h^2 ~ 4e-8";
  // directional derivative
  const double dir_fd = (regularizer_value(RowMatrix<double>(W + h1 * D)) - regularizer_value(RowMatrix<double>(W - h1 * D))) / (2 * h1);
  const double dir = G.cwiseProduct(D).sum();
  ms.equal("<grad R, D> vs central difference (h=1e-5), error / (||grad R||_F ||D||_F)", dir, dir_fd, G.norm() * D.norm(),
           kFiniteDifferenceTol, b1, where);
  if (coordinatewise) {
    RowMatrix<double> Gfd(W.rows(), W.cols());
    for (Eigen::Index r = 0; r < W.rows(); ++r)
      for (Eigen::Index j = 0; j < W.cols(); ++j) {
        RowMatrix<double> Wp = W, Wm = W;
        Wp(r, j) += h1;
        Wm(r, j) -= h1;
        Gfd(r, j) = (regularizer_value(Wp) - regularizer_value(Wm)) / (2 * h1);
      }
    ms.equal_error("grad R vs coordinatewise central differences (h=1e-5), ||error||_F / ||grad R||_F", G.norm(),
                   Gfd.norm(), (Gfd - G).norm() / G.norm(), kFiniteDifferenceTol, b1, where);
  }
  const RowMatrix<double> Hfd =
      (regularizer_gradient(RowMatrix<double>(W + h1 * D)) - regularizer_gradient(RowMatrix<double>(W - h1 * D))) / (2 * h1);
  ms.equal_error("HVP vs central difference of gradients (h=1e-5), ||error||_F / ||HVP||_F", H.norm(), Hfd.norm(),
                 (Hfd - H).norm() / H.norm(), kFiniteDifferenceTol, b1, where);
  const double R0 = regularizer_value(W);
  const double curv_fd =
      (regularizer_value(RowMatrix<double>(W + h2 * D)) - 2 * R0 + regularizer_value(RowMatrix<double>(W - h2 * D))) / (h2 * h2);
  const double curv = H.cwiseProduct(D).sum();
  ms.equal("grad^2 R[D,D] = <HVP, D> vs second central difference (h=1e-4), relative", curv, curv_fd, curv,
           kFiniteDifferenceTol, b2, where);
}

CheckResult run(const CheckContext& ctx) {
  CheckResult res;
  MeasurementSet ms;
  const std::vector<int> widths = ctx.pick<std::vector<int>>({4, 10, 256}, {2, 6, 10, 12, 256, 4096},
                                                             {2, 4, 6, 8, 10, 12, 256, 4096, 65536});
  const std::vector<double> rhos = {0.5, 1.0, 2.0};
  const int seeds = ctx.pick(1, 3, 6);
  const int d = 5;
  for (int m : widths)
    for (double rho : rhos)
      for (int s = 0; s < seeds; ++s) {
        const RowMatrix<double> W = generic_direction(m, d, rho, ctx.sub_seed(kId, s));
        const RowMatrix<double> D = generic_direction(m, d, 1.0, ctx.sub_seed(kId, 500 + s));
        const std::string where = "seed " + std::to_string(ctx.sub_seed(kId, s)) + ", m=" + std::to_string(m) +
                                  ", d=" + std::to_string(d) + ", generic W rho=" + fmt(rho) + ", generic D";
        compare_analytic(W, D, m <= 12, where, ms);
        compare_fd(W, D, m * d <= 200, where, ms);
      }
  // a sparse W (one nonzero row) and an aligned D: extreme cases of the sign-averaged formula
  {
    RowMatrix<double> W = RowMatrix<double>::Zero(6, d), D = generic_direction(6, d, 1.0, ctx.sub_seed(kId, 900));
    W.row(2) = D.row(2) * 1.7;
    compare_analytic(W, D, true, "m=6, d=5, one nonzero row of W parallel to d_2", ms);
  }
  ctx.log("double precision done; 50-digit run");
  {
    const RowMatrix<double> W = generic_direction(6, 3, 1.0, ctx.sub_seed(kId, 1000));
    const RowMatrix<double> D = generic_direction(6, 3, 1.0, ctx.sub_seed(kId, 1001));
    compare_analytic(RowMatrix<scalar_mp50>(W.cast<scalar_mp50>()), RowMatrix<scalar_mp50>(D.cast<scalar_mp50>()),
                     true, "m=6, d=3, generic W and D (cast to 50 digits)", ms);
  }
  res.parameters["d"] = d;
  res.parameters["widths"] = widths;
  res.parameters["rho_W"] = rhos;
  res.parameters["seeds"] = seeds;
  res.parameters["brute_force_up_to_m"] = 12;
  res.parameters["coordinatewise_fd_up_to_md"] = 200;
  res.parameters["fd_steps"] = {{"first", kFdStepGradient}, {"second", kFdStepSecond}};
  res.parameters["mp50_instances"] = "m=6, d=3 (Euler, sign average)";
  res.measurements = ms.list();
  res.notes.push_back("W and D are generic movements (rows m^{-1/4} rho g_r/|g_r|, so ||W||_{2,4} = rho); the bound "
                      "56 ||W||^6 ||D||^2 of SPEC §3.3 is reported with its slack.");
  return res;
}

}  // namespace
}  // namespace id09

Check check_id09_regularizer() {
  return {{id09::kId, "Regularizer calculus of R = ||W||_{2,4}^8", "§3.3 (regularizer calculus); §6.1",
           "[derived ✓] (calculus); [secondary] (use of R = ||W||_{2,4}^8)",
           "<grad R, W> = 8 R; the analytic gradient and HVP agree with finite differences; the sign-averaged "
           "curvature E_S grad^2 R[SD, SD] equals its closed form and is at most 56 ||W||_{2,4}^6 ||D||_{2,4}^2."},
          id09::run};
}

}  // namespace beyondlin::checks
