#pragma once
// Template definitions for network.hpp and regularizer.hpp (instantiated per scalar type).

#include <beyondlin/activation.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/regularizer.hpp>

#include <boost/math/special_functions/factorials.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace beyondlin {

template <class T> Matrix<T> pre_activations(const Matrix<T>& X, const RowMatrix<T>& V) {
  Matrix<T> P(X.rows(), V.rows());
  P.noalias() = X * V.transpose();
  return P;
}

namespace detail {
template <class T> T inv_sqrt_m(Eigen::Index m) {
  using std::sqrt;
  return T(1) / sqrt(T(m));
}
/// k! in T (exact for k <= 24 in every scalar type).
template <class T> T factorial(int k) {
  T f(1);
  for (int j = 2; j <= k; ++j) f *= T(j);
  return f;
}
}  // namespace detail

template <class T> Vector<T> network_output(const Instance<T>& inst, const RowMatrix<T>& V) {
  Matrix<T> Z = pre_activations(inst.X, V);
  std::vector<Matrix<T>> s;
  activation_derivatives(inst.activation, Z, 0, s);
  Matrix<T>& A = s[0];
  for (Eigen::Index r = 0; r < A.cols(); ++r) A.col(r) *= inst.a(r);
  return compensated_row_sums(A) * detail::inv_sqrt_m<T>(inst.m());
}

template <class T> Vector<T> network_output(const Instance<T>& inst) {
  RowMatrix<T> V = inst.W0 + inst.W;
  return network_output(inst, V);
}

template <class T> Vector<T> initial_output(const Instance<T>& inst) { return network_output(inst, inst.W0); }

template <class T> Matrix<T> taylor_terms(const Instance<T>& inst, const RowMatrix<T>& W, int K) {
  if (K < 0 || K > kMaxActivationOrder)
    throw std::invalid_argument("taylor_terms: order " + std::to_string(K) + " outside 0.." +
                                std::to_string(kMaxActivationOrder));
  const Eigen::Index n = inst.n(), m = inst.m();
  Matrix<T> Tm = pre_activations(inst.X, inst.W0), U = pre_activations(inst.X, W);
  std::vector<Matrix<T>> s;
  activation_derivatives(inst.activation, Tm, K, s);
  Matrix<T> out(n, K);
  const T scale = detail::inv_sqrt_m<T>(m);
  Matrix<T> term(n, m);
  Matrix<T> upow = Matrix<T>::Ones(n, m);
  for (int k = 1; k <= K; ++k) {
    upow = upow.cwiseProduct(U);
    term = s[k].cwiseProduct(upow);
    for (Eigen::Index r = 0; r < m; ++r) term.col(r) *= inst.a(r);
    out.col(k - 1) = compensated_row_sums(term) * (scale / detail::factorial<T>(k));
  }
  return out;
}

template <class T> Vector<T> taylor_term(const Instance<T>& inst, const RowMatrix<T>& W, int k) {
  if (k == 0) return initial_output(inst);
  Matrix<T> all = taylor_terms(inst, W, k);
  return all.col(k - 1);
}

template <class T> Vector<T> taylor_remainder(const Instance<T>& inst, const RowMatrix<T>& W, int K) {
  if (K < 0 || K > kMaxActivationOrder) throw std::invalid_argument("taylor_remainder: order out of range");
  const Eigen::Index n = inst.n(), m = inst.m();
  Matrix<T> Tm = pre_activations(inst.X, inst.W0), U = pre_activations(inst.X, W);
  Matrix<T> Z = Tm + U;
  std::vector<Matrix<T>> s, full;
  activation_derivatives(inst.activation, Tm, K, s);
  activation_derivatives(inst.activation, Z, 0, full);
  // per neuron: sigma(t+u) - sum_{k=0}^K sigma^(k)(t) u^k / k!  (Horner in u)
  Matrix<T> R(n, m);
  for (Eigen::Index r = 0; r < m; ++r)
    for (Eigen::Index i = 0; i < n; ++i) {
      const T u = U(i, r);
      T p(0);
      for (int k = K; k >= 0; --k) p = p * u / T(k + 1) + s[k](i, r);
      // p = sum_k sigma^(k) u^k / k!  (the division by k+1 builds the factorials)
      R(i, r) = inst.a(r) * (full[0](i, r) - p);
    }
  return compensated_row_sums(R) * detail::inv_sqrt_m<T>(m);
}

template <class T> Vector<T> row_norms(const RowMatrix<T>& W) {
  using std::sqrt;
  Vector<T> out(W.rows());
  for (Eigen::Index r = 0; r < W.rows(); ++r) out(r) = sqrt(W.row(r).squaredNorm());
  return out;
}

template <class T> T mixed_norm(const RowMatrix<T>& W, double p) {
  using std::pow;
  Vector<T> rn = row_norms(W);
  if (std::isinf(p) && p > 0) return rn.size() ? rn.maxCoeff() : T(0);
  if (!(p >= 1)) throw std::invalid_argument("mixed_norm: p must be >= 1");
  if (p == 2) {
    using std::sqrt;
    return sqrt(compensated_sum(rn.array().square().matrix()));
  }
  if (p == 4) {
    using std::sqrt;
    return sqrt(sqrt(compensated_sum(rn.array().square().square().matrix())));
  }
  CompensatedSum<T> s;
  for (Eigen::Index r = 0; r < rn.size(); ++r) s.add(pow(rn(r), T(p)));
  return pow(s.value(), T(1) / T(p));
}

// ---- regularizer (SPEC §3.3) ----------------------------------------------------------------
namespace detail {
template <class T> Vector<T> squared_row_norms(const RowMatrix<T>& W) {
  Vector<T> out(W.rows());
  for (Eigen::Index r = 0; r < W.rows(); ++r) out(r) = W.row(r).squaredNorm();
  return out;
}
template <class T> T sum_fourth(const Vector<T>& q) {
  CompensatedSum<T> s;
  for (Eigen::Index r = 0; r < q.size(); ++r) s.add(q(r) * q(r));
  return s.value();
}
}  // namespace detail

template <class T> T regularizer_value(const RowMatrix<T>& W) {
  T S4 = detail::sum_fourth(detail::squared_row_norms(W));
  return S4 * S4;
}

template <class T> RowMatrix<T> regularizer_gradient(const RowMatrix<T>& W) {
  Vector<T> q = detail::squared_row_norms(W);
  T S4 = detail::sum_fourth(q);
  RowMatrix<T> G(W.rows(), W.cols());
  for (Eigen::Index r = 0; r < W.rows(); ++r) G.row(r) = (8 * S4 * q(r)) * W.row(r);
  return G;
}

template <class T> RowMatrix<T> regularizer_hvp(const RowMatrix<T>& W, const RowMatrix<T>& D) {
  Vector<T> q = detail::squared_row_norms(W);
  T S4 = detail::sum_fourth(q);
  Vector<T> wd(W.rows());
  CompensatedSum<T> c;
  for (Eigen::Index r = 0; r < W.rows(); ++r) {
    wd(r) = W.row(r).dot(D.row(r));
    c.add(q(r) * wd(r));
  }
  const T coupling = c.value();
  RowMatrix<T> H(W.rows(), W.cols());
  for (Eigen::Index r = 0; r < W.rows(); ++r)
    H.row(r) = (32 * coupling * q(r) + 16 * S4 * wd(r)) * W.row(r) + (8 * S4 * q(r)) * D.row(r);
  return H;
}

template <class T> T regularizer_sign_averaged_curvature(const RowMatrix<T>& W, const RowMatrix<T>& D) {
  Vector<T> q = detail::squared_row_norms(W);
  T S4 = detail::sum_fourth(q);
  CompensatedSum<T> a, b;
  for (Eigen::Index r = 0; r < W.rows(); ++r) {
    T wd = W.row(r).dot(D.row(r));
    a.add(q(r) * q(r) * wd * wd);
    b.add(4 * q(r) * D.row(r).squaredNorm() + 8 * wd * wd);
  }
  return 32 * a.value() + 2 * S4 * b.value();
}

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_network(T)                                                       \
  namespace beyondlin {                                                                       \
  template Matrix<T> pre_activations<T>(const Matrix<T>&, const RowMatrix<T>&);               \
  template Vector<T> network_output<T>(const Instance<T>&, const RowMatrix<T>&);              \
  template Vector<T> network_output<T>(const Instance<T>&);                                   \
  template Vector<T> initial_output<T>(const Instance<T>&);                                   \
  template Matrix<T> taylor_terms<T>(const Instance<T>&, const RowMatrix<T>&, int);           \
  template Vector<T> taylor_term<T>(const Instance<T>&, const RowMatrix<T>&, int);            \
  template Vector<T> taylor_remainder<T>(const Instance<T>&, const RowMatrix<T>&, int);       \
  template Vector<T> row_norms<T>(const RowMatrix<T>&);                                       \
  template T mixed_norm<T>(const RowMatrix<T>&, double);                                      \
  template T regularizer_value<T>(const RowMatrix<T>&);                                       \
  template RowMatrix<T> regularizer_gradient<T>(const RowMatrix<T>&);                         \
  template RowMatrix<T> regularizer_hvp<T>(const RowMatrix<T>&, const RowMatrix<T>&);         \
  template T regularizer_sign_averaged_curvature<T>(const RowMatrix<T>&, const RowMatrix<T>&); \
  }
