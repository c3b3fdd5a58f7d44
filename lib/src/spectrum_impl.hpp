#pragma once
// Extreme Hessian eigenvalues in any precision (spectrum.hpp).
#include <beyondlin/errors.hpp>
#include <beyondlin/scalar.hpp>
#include <beyondlin/spectrum.hpp>

#include <Eigen/Eigenvalues>

#include <stdexcept>

#include <string>
#include <type_traits>

namespace beyondlin {

namespace detail {

/// All eigenpairs of the dense Hessian; fills the K extremes with residuals ||H v - lambda v||.
template <class T> void dense_extremes(const Objective<T>& f, const Vector<T>& w, int K, HessianExtremes<T>& out) {
  const Matrix<T> H = dense_hessian(f, w);
  Eigen::SelfAdjointEigenSolver<Matrix<T>> es(H, Eigen::ComputeEigenvectors);
  if (es.info() != Eigen::Success) throw std::runtime_error("dense Hessian eigensolver did not converge");
  const Eigen::Index N = H.rows();
  auto residual = [&](Eigen::Index j) {
    const Vector<T> v = es.eigenvectors().col(j);
    return T((H * v - es.eigenvalues()(j) * v).norm());
  };
  out.min.clear();
  out.max.clear();
  out.min_residuals.clear();
  out.max_residuals.clear();
  for (Eigen::Index j = 0; j < K; ++j) {
    out.min.push_back(es.eigenvalues()(j));
    out.min_residuals.push_back(residual(j));
    out.max.push_back(es.eigenvalues()(N - 1 - j));
    out.max_residuals.push_back(residual(N - 1 - j));
  }
  out.hvp_count += static_cast<long>(N);
  out.method = "dense";
}

}  // namespace detail

template <class T>
HessianExtremes<T> hessian_extremes(const Objective<T>& f, const Vector<T>& w, int K, bool dense, double tol,
                                    long max_dense_dim) {
  const long dim = static_cast<long>(f.dim());
  HessianExtremes<T> out;
  if (!dense) {
    if constexpr (std::is_same_v<T, double>) {
      if (K < 1 || K >= dim)
        throw InputError("eig", "Lanczos needs 1 <= K < md = " + std::to_string(dim) + ", got " + std::to_string(K) +
                                    " (use the dense path for all eigenvalues)");
      const HessianEigenResult lo = hessian_extreme_eigenvalues(f, w, K, true, tol);
      const HessianEigenResult hi = hessian_extreme_eigenvalues(f, w, K, false, tol);
      out.hvp_count = lo.hvp_count + hi.hvp_count;
      out.method = "lanczos";
      if (!lo.values.empty() && !hi.values.empty()) {
        out.min = lo.values;
        out.max = hi.values;
        out.min_residuals = lo.residuals;
        out.max_residuals = hi.residuals;
        out.status = "successful";
        return out;
      }
      out.status = lo.values.empty() ? lo.status : hi.status;
      if (dim > max_dense_dim) return out;
      out.status = "successful (dense after Lanczos: " + out.status + ")";
    } else {
      throw InputError("dense", std::string("the Lanczos path runs in double only; in ") + scalar_name<T>() +
                                    " use the dense path");
    }
  }
  if (K < 1 || K > dim)
    throw InputError("eig", "needs 1 <= K <= md = " + std::to_string(dim) + ", got " + std::to_string(K));
  if (dim > max_dense_dim)
    throw InputError("dense", "the dense Hessian needs md <= " + std::to_string(max_dense_dim) + ", got md = " +
                                  std::to_string(dim));
  if (out.status.empty()) out.status = "successful";
  detail::dense_extremes(f, w, K, out);
  return out;
}

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_spectrum(T)                                                                  \
  namespace beyondlin {                                                                                  \
  template HessianExtremes<T> hessian_extremes<T>(const Objective<T>&, const Vector<T>&, int, bool, double, long); \
  }
