#pragma once
/// @file hessian.hpp
/// Hessian spectra of the objectives (SPEC §4.2-§4.3, Appendix A): a matrix-free Spectra operator
/// over Objective::hvp for the extreme eigenvalues, and the dense reference (md HVPs).
///
/// Smallest eigenvalues are computed as the largest of the shifted operator s I - H, with
/// s >= lambda_max(H) from a first Lanczos run (Spectra's recommendation for the smallest end), so
/// that Lanczos works on the well-separated top of the spectrum.

#include <beyondlin/objective.hpp>

#include <Eigen/Eigenvalues>

#include <string>
#include <vector>

namespace beyondlin {

/// Dense Hessian by md HVPs with the unit vectors, symmetrized (H + H^T)/2. Cost: md HVPs and
/// (md)^2 memory: only for the reference path (md <= a few thousand). Any scalar type.
template <class T> Matrix<T> dense_hessian(const Objective<T>& f, const Vector<T>& w) {
  const Eigen::Index N = f.dim();
  Matrix<T> H(N, N);
  Vector<T> e = Vector<T>::Zero(N), col;
  for (Eigen::Index j = 0; j < N; ++j) {
    e(j) = T(1);
    f.hvp(w, e, col);
    H.col(j) = col;
    e(j) = T(0);
  }
  Matrix<T> S = (H + H.transpose()) / T(2);
  return S;
}

/// All eigenvalues of the dense Hessian, ascending (Eigen's SelfAdjointEigenSolver in type T).
template <class T> Vector<T> dense_hessian_eigenvalues(const Objective<T>& f, const Vector<T>& w) {
  Eigen::SelfAdjointEigenSolver<Matrix<T>> es(dense_hessian(f, w), Eigen::EigenvaluesOnly);
  return es.eigenvalues();
}

/// Extreme eigenpairs of the Hessian found by Lanczos, with their evidence.
struct HessianEigenResult {
  /// Rayleigh quotients v^T H v of the normalized Ritz vectors v: ascending for the smallest,
  /// descending for the largest; each lies within its residual of an eigenvalue of H. values[0] is the
  /// extreme eigenvalue; values[j] is never beyond the j-th extreme eigenvalue (interlacing) but, as a
  /// Krylov space holds one vector per eigenspace, a repeated eigenvalue may appear only once, so
  /// values[j] can be the next distinct eigenvalue instead of another copy.
  std::vector<double> values;
  std::vector<double> residuals;  ///< ||H v - lambda v||_2 of each returned unit vector
  long hvp_count = 0;             ///< HVPs spent (Lanczos runs and residuals)
  /// Spectra's status: "successful", "not-converging", "numerical-issue"; also "numerical-issue" (and no
  /// value) when Spectra reported success with a pair whose residual exceeds 1e-6 |H|
  std::string status;
};

/// The K smallest (smallest = true) or K largest Ritz values of Hess F(w) (see HessianEigenResult::values
/// for how they relate to the eigenvalues when some are repeated) by Spectra's
/// SymEigsSolver on the matrix-free HVP operator (ncv = min(dim, max(2K+1, 20)), relative
/// tolerance tol, at most maxit restarts). Throws InputError("eig", ...) when K < 1 or K >= dim.
HessianEigenResult hessian_extreme_eigenvalues(const Objective<double>& f, const Vector<double>& w, int K,
                                               bool smallest, double tol = 1e-10, int maxit = 1000);

}  // namespace beyondlin
