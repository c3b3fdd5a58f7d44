#pragma once
/// @file spectrum.hpp
/// The K smallest and K largest Hessian eigenvalues of an objective with their evidence, in any
/// scalar type (`beyondlin loss --eig K`, SPEC §4.2, §6.5): Lanczos on the matrix-free HVP operator
/// (double, hessian.hpp) or the dense reference (md HVPs, Eigen's SelfAdjointEigenSolver in T).

#include <beyondlin/hessian.hpp>
#include <beyondlin/objective.hpp>

#include <string>
#include <vector>

namespace beyondlin {

/// Extreme eigenpairs of Hess F(w): values with the residual ||H v - lambda v||_2 of each unit vector.
template <class T> struct HessianExtremes {
  std::vector<T> min;            ///< the K smallest, ascending
  std::vector<T> max;            ///< the K largest, descending
  std::vector<T> min_residuals;  ///< residual of each entry of `min`
  std::vector<T> max_residuals;  ///< residual of each entry of `max`
  long hvp_count = 0;            ///< HVPs spent (md on the dense path)
  std::string method;            ///< "lanczos" or "dense"
  std::string status;            ///< "successful" or Spectra's status of the run that failed
};

/// The K smallest and K largest eigenvalues of Hess F(w).
///   - dense = true (any T; md <= max_dense_dim): all eigenpairs of the symmetrized dense Hessian;
///     residuals from the dense matrix (no extra HVPs). Cost md HVPs + O((md)^3) in T.
///   - dense = false (double only): two Spectra runs (hessian_extreme_eigenvalues, relative
///     tolerance tol); if one does not converge and md <= max_dense_dim, the dense path answers and
///     `status` says so; above the limit the Spectra status is returned with empty values.
/// Throws InputError("eig", ...) unless 1 <= K <= md (dense) or K < md (Lanczos), and
/// InputError("dense", ...) for the Lanczos path in T != double or a dense md above the limit.
template <class T>
HessianExtremes<T> hessian_extremes(const Objective<T>& f, const Vector<T>& w, int K, bool dense, double tol = 1e-10,
                                    long max_dense_dim = 8000);

}  // namespace beyondlin
