#pragma once
/// @file randomization.hpp
/// Sign randomization of the movement (SPEC §3): f_{W0 + Sigma W} with Sigma = diag(s_1..s_m),
/// s_r i.i.d. uniform on {-1,+1}.
///
/// Exact moments (SPEC §3.2, P2/P3), for any m in O(nmd):
///   E_Sigma f(x)   = m^{-1/2} sum_r a_r [sigma(t_r + u_r) + sigma(t_r - u_r)] / 2,
///   Var_Sigma f(x) = m^{-1} sum_r delta_r^2,   delta_r = [sigma(t_r + u_r) - sigma(t_r - u_r)] / 2.
/// Brute force over all 2^m patterns (m <= 20) for cross-checks (ID-3), and the one-draw stochastic
/// gradient of SPEC §3.5.

#include <beyondlin/instance.hpp>

#include <functional>
#include <vector>

namespace beyondlin {

/// Per-sample mean and variance over Sigma of f_{W0+Sigma W}(x_i).
template <class T> struct SignMoments {
  Vector<T> mean;  ///< E_Sigma f (P2)
  Vector<T> var;   ///< Var_Sigma f (P3)
};

/// Exact mean and variance by the closed forms P2/P3. Cost O(nmd), compensated sums over neurons.
template <class T> SignMoments<T> randomized_moments(const Instance<T>& inst, const RowMatrix<T>& W);

/// Exact covariance Cov_Sigma(f(x_i), f(x_j)) = m^{-1} sum_r delta_r(x_i) delta_r(x_j) (P3), n x n.
template <class T> Matrix<T> randomized_covariance(const Instance<T>& inst, const RowMatrix<T>& W);

/// Leading-order variance V(x_i) = m^{-1} sum_r sigma'(t_r)^2 u_r^2 = E_Sigma (f^(1)_{Sigma W})^2 (P3).
template <class T> Vector<T> randomized_variance_leading(const Instance<T>& inst, const RowMatrix<T>& W);

/// Mean and variance by enumerating all 2^m sign patterns (ID-3 reference). m <= 20, else
/// std::invalid_argument. Cost O(2^m n m) after two GEMMs; the mean and the second central moment
/// are accumulated with compensated sums.
template <class T> SignMoments<T> randomized_moments_enumerated(const Instance<T>& inst, const RowMatrix<T>& W);

/// Calls fn(s) for each of the 2^m sign vectors s in {-1,+1}^m (pattern b has s_r = -1 iff bit r of b
/// is set). m <= 20.
void for_each_sign_pattern(int m, const std::function<void(const std::vector<int>&)>& fn);

/// Sigma W: row r multiplied by s_r.
template <class T> RowMatrix<T> apply_signs(const RowMatrix<T>& W, const std::vector<int>& s);

/// Draw m i.i.d. uniform signs from rng.
std::vector<int> draw_signs(Rng& rng, int m);

/// One-draw stochastic gradient G_Sigma(W) = grad_W Lhat(W0 + Sigma W) (SPEC §3.5): rows
/// (1/n) sum_i ell'(f_{W0+Sigma W}(x_i), y_i) a_r s_r m^{-1/2} sigma'((w_{0,r} + s_r w_r)^T x_i) x_i.
/// E_Sigma G_Sigma = grad L(W) (ID-12). Cost O(nmd).
template <class T>
RowMatrix<T> stochastic_gradient(const Instance<T>& inst, const RowMatrix<T>& W, const std::vector<int>& s);

}  // namespace beyondlin
