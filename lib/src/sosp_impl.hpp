#pragma once
// SOSP certificate (sosp.hpp, SPEC §4.2): gradient norm and smallest Hessian eigenvalue.
#include <beyondlin/errors.hpp>
#include <beyondlin/scalar.hpp>
#include <beyondlin/sosp.hpp>

#include <cmath>
#include <string>
#include <type_traits>

namespace beyondlin {

template <class T>
SospCertificate<T> sosp_certificate(const Objective<T>& f, const Vector<T>& w, bool dense, double tol,
                                    long max_dense_dim) {
  using std::sqrt;
  SospCertificate<T> c;
  Vector<T> g;
  c.value = f.gradient(w, g);
  CompensatedSum<T> sq;
  for (Eigen::Index k = 0; k < g.size(); ++k) sq.add(g(k) * g(k));
  c.gradient_norm = sqrt(sq.value());
  c.eps_g = c.gradient_norm;
  const long dim = static_cast<long>(f.dim());
  bool use_dense = dense;
  if constexpr (std::is_same_v<T, double>) {
    if (!dense) {
      if (dim < 2) {
        use_dense = true;  // Lanczos needs K < dim
      } else {
        const HessianEigenResult r = hessian_extreme_eigenvalues(f, w, 1, true, tol);
        c.hvp_count = r.hvp_count;
        c.eig_status = r.status;
        if (!r.values.empty()) {
          c.eig_method = "lanczos";
          c.lambda_min = r.values[0];
          c.lambda_min_residual = r.residuals[0];
        } else if (dim <= max_dense_dim) {
          use_dense = true;  // Lanczos failed: the dense path decides (eig_status keeps Spectra's word)
        } else {
          throw InputError("eig", "Spectra did not converge (status " + r.status + ") on the md = " +
                                      std::to_string(dim) + " Hessian, and md is above the dense limit " +
                                      std::to_string(max_dense_dim));
        }
      }
    }
  } else {
    if (!dense)
      throw InputError("dense", std::string("the Lanczos path runs in double only; in ") + scalar_name<T>() +
                                    " use the dense path");
  }
  if (use_dense) {
    if (dim > max_dense_dim)
      throw InputError("dense", "the dense Hessian needs md <= " + std::to_string(max_dense_dim) + ", got md = " +
                                    std::to_string(dim));
    const Vector<T> ev = dense_hessian_eigenvalues(f, w);
    const std::string lanczos_status = c.eig_status;
    c.eig_method = "dense";
    c.eig_status = lanczos_status.empty() ? "successful" : "successful (dense after Lanczos: " + lanczos_status + ")";
    c.hvp_count += dim;
    c.lambda_min = ev(0);
    c.lambda_min_residual = T(0);
  }
  c.lambda_min_lower = c.lambda_min - c.lambda_min_residual;
  c.eps_H = c.lambda_min_lower < T(0) ? T(-c.lambda_min_lower) : T(0);
  return c;
}

template <class T> bool sosp_satisfies(const SospCertificate<T>& c, double eps_g, double eps_H) {
  if (!(eps_g >= 0)) throw InputError("eps_g", "must be >= 0, got " + shortest_decimal(eps_g));
  if (!(eps_H >= 0)) throw InputError("eps_H", "must be >= 0, got " + shortest_decimal(eps_H));
  return c.gradient_norm <= T(eps_g) && c.lambda_min_lower >= T(-eps_H);
}

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_sosp(T)                                                                     \
  namespace beyondlin {                                                                                 \
  template SospCertificate<T> sosp_certificate<T>(const Objective<T>&, const Vector<T>&, bool, double, long); \
  template bool sosp_satisfies<T>(const SospCertificate<T>&, double, double);                         \
  }
