#pragma once
/// @file regularizer.hpp
/// The regularizer R(W) = ||W||_{2,4}^8 = (sum_r ||w_r||^4)^2 and its calculus (SPEC §3.3).
///
/// With S_4 = sum_r ||w_r||^4:
///   grad_{w_r} R = 8 S_4 ||w_r||^2 w_r,                          <grad R(W), W> = 8 R(W);
///   (Hess R D)_r = 32 (sum_q ||w_q||^2 w_q^T d_q) ||w_r||^2 w_r + 8 S_4 ||w_r||^2 d_r + 16 S_4 (w_r^T d_r) w_r;
///   E_S Hess R(W)[SD, SD] = 32 sum_r ||w_r||^4 (w_r^T d_r)^2 + 2 S_4 sum_r (4 ||w_r||^2 ||d_r||^2 + 8 (w_r^T d_r)^2).
/// Each costs O(md).

#include <beyondlin/scalar.hpp>

namespace beyondlin {

/// R(W) = (sum_r ||w_r||^4)^2.
template <class T> T regularizer_value(const RowMatrix<T>& W);

/// grad R(W), m x d.
template <class T> RowMatrix<T> regularizer_gradient(const RowMatrix<T>& W);

/// Hessian-vector product Hess R(W) D, m x d.
template <class T> RowMatrix<T> regularizer_hvp(const RowMatrix<T>& W, const RowMatrix<T>& D);

/// Sign-averaged curvature E_S Hess R(W)[SD, SD] by the closed form above (ID-9).
template <class T> T regularizer_sign_averaged_curvature(const RowMatrix<T>& W, const RowMatrix<T>& D);

}  // namespace beyondlin
