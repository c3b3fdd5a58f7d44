#pragma once
/// @file sosp.hpp
/// Second-order stationary point (SOSP) certificate of SPEC §4.2:
///     W is an (eps_g, eps_H)-SOSP of F  iff  ||grad F(W)||_F <= eps_g  and  lambda_min(Hess F(W)) >= -eps_H.
/// The certificate measures both quantities at a point, so the point *is* an (eps_g, eps_H)-SOSP
/// for the reported eps_g = ||grad F||_F and eps_H = max(0, -lambda_min_lower); whether that meets
/// tolerances asked for by the user is sosp_satisfies().
///
/// Evidence and what it guarantees:
///   - dense path (`dense = true`, any scalar type T): all md eigenvalues of the symmetrized dense
///     Hessian (dense_hessian_eigenvalues, Eigen's SelfAdjointEigenSolver in T); lambda_min is
///     backward stable: it is exact for a matrix within ~md u ||H|| of the computed Hessian.
///   - Lanczos path (double only): Spectra on the matrix-free HVP operator (hessian.hpp). The pair
///     (theta, v) has residual r = ||H v - theta v||, so some eigenvalue lies in [theta - r, theta + r]
///     (Bauer-Fike for symmetric matrices); lambda_min_lower = theta - r. Lanczos is not guaranteed to
///     return the *smallest* eigenvalue when the restarted iteration misses an eigenvector direction;
///     the dense path is the reference (tests compare both).
/// Scale (SPEC §4.2): directions with ||D||_{2,4} = O(1) have ||D||_F^2 up to sqrt(m), so meaningful
/// curvature tolerances are eps_H <~ eps / sqrt(m).

#include <beyondlin/hessian.hpp>
#include <beyondlin/objective.hpp>

#include <string>

namespace beyondlin {

/// The measured SOSP quantities at one point (all in the scalar type T of the objective).
template <class T> struct SospCertificate {
  T gradient_norm = T(0);        ///< ||grad F(w)||_2 (= Frobenius norm of the m x d gradient)
  T lambda_min = T(0);           ///< computed smallest eigenvalue of Hess F(w)
  T lambda_min_residual = T(0);  ///< ||H v - lambda_min v|| of its unit eigenvector (0 on the dense path)
  T lambda_min_lower = T(0);     ///< lambda_min - lambda_min_residual
  T eps_g = T(0);                ///< = gradient_norm: the point is an (eps_g, eps_H)-SOSP
  T eps_H = T(0);                ///< = max(0, -lambda_min_lower)
  T value = T(0);                ///< F(w), including lambda R
  std::string eig_method;        ///< "dense" or "lanczos"
  std::string eig_status;        ///< "successful" (dense) or Spectra's status
  long hvp_count = 0;            ///< HVPs spent on the eigenvalue (md on the dense path)
};

/// Measure the SOSP certificate of the objective f at w: one gradient, then lambda_min by the dense
/// path (`dense = true`, md HVPs and an O((md)^3) eigensolve in T; throws InputError("dense", ...)
/// when md > max_dense_dim) or by Lanczos (double only; `dense = false` with T != double throws
/// InputError("dense", ...)). Lanczos: relative tolerance `tol` (Spectra), ~tens to hundreds of HVPs.
template <class T>
SospCertificate<T> sosp_certificate(const Objective<T>& f, const Vector<T>& w, bool dense, double tol = 1e-10,
                                    long max_dense_dim = 8000);

/// True iff the certificate shows an (eps_g, eps_H)-SOSP: gradient_norm <= eps_g and
/// lambda_min_lower >= -eps_H. Throws InputError when eps_g or eps_H is negative or NaN.
template <class T> bool sosp_satisfies(const SospCertificate<T>& c, double eps_g, double eps_H);

}  // namespace beyondlin
