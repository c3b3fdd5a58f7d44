#pragma once
// Template definitions for randomization.hpp (instantiated per scalar type).

#include <beyondlin/activation.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>

#include <stdexcept>

namespace beyondlin {

using std::sqrt;

namespace detail {
/// sigma^(k)(T + U) and sigma^(k)(T - U), k = 0..K.
template <class T>
void shifted_derivatives(const Instance<T>& inst, const RowMatrix<T>& W, int K, std::vector<Matrix<T>>& plus,
                         std::vector<Matrix<T>>& minus) {
  Matrix<T> Tm = pre_activations(inst.X, inst.W0), U = pre_activations(inst.X, W);
  activation_derivatives(inst.activation, Matrix<T>(Tm + U), K, plus);
  activation_derivatives(inst.activation, Matrix<T>(Tm - U), K, minus);
}
}  // namespace detail

template <class T> SignMoments<T> randomized_moments(const Instance<T>& inst, const RowMatrix<T>& W) {
  std::vector<Matrix<T>> p, q;
  detail::shifted_derivatives(inst, W, 0, p, q);
  const Eigen::Index n = inst.n(), m = inst.m();
  Matrix<T> even(n, m), odd2(n, m);
  for (Eigen::Index r = 0; r < m; ++r) {
    even.col(r) = (p[0].col(r) + q[0].col(r)) * (inst.a(r) / 2);
    odd2.col(r) = ((p[0].col(r) - q[0].col(r)) / 2).array().square().matrix();
  }
  SignMoments<T> out;
  out.mean = compensated_row_sums(even) / sqrt(T(m));
  out.var = compensated_row_sums(odd2) / T(m);
  return out;
}

template <class T> Matrix<T> randomized_covariance(const Instance<T>& inst, const RowMatrix<T>& W) {
  std::vector<Matrix<T>> p, q;
  detail::shifted_derivatives(inst, W, 0, p, q);
  Matrix<T> delta = (p[0] - q[0]) / 2;
  Matrix<T> C = delta * delta.transpose() / T(inst.m());
  return C;
}

template <class T> Vector<T> randomized_variance_leading(const Instance<T>& inst, const RowMatrix<T>& W) {
  Matrix<T> Tm = pre_activations(inst.X, inst.W0), U = pre_activations(inst.X, W);
  std::vector<Matrix<T>> s;
  activation_derivatives(inst.activation, Tm, 1, s);
  Matrix<T> v = s[1].cwiseProduct(U).array().square().matrix();
  return compensated_row_sums(v) / T(inst.m());
}

template <class T> SignMoments<T> randomized_moments_enumerated(const Instance<T>& inst, const RowMatrix<T>& W) {
  const Eigen::Index n = inst.n(), m = inst.m();
  if (m > 20) throw std::invalid_argument("randomized_moments_enumerated: m = " + std::to_string(m) + " > 20");
  std::vector<Matrix<T>> p, q;
  detail::shifted_derivatives(inst, W, 0, p, q);
  const T scale = T(1) / sqrt(T(m));
  // Per pattern: f_i(s) = m^{-1/2} sum_r a_r sigma(t + s_r u). First pass: the mean.
  std::vector<CompensatedSum<T>> sum(n), sum2(n);
  std::vector<Vector<T>> values;
  values.reserve(std::size_t(1) << m);
  for_each_sign_pattern(static_cast<int>(m), [&](const std::vector<int>& s) {
    Vector<T> f(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      CompensatedSum<T> c;
      for (Eigen::Index r = 0; r < m; ++r) c.add(inst.a(r) * (s[r] > 0 ? p[0](i, r) : q[0](i, r)));
      f(i) = c.value() * scale;
      sum[i].add(f(i));
    }
    values.push_back(std::move(f));
  });
  const T N = T(values.size());
  SignMoments<T> out;
  out.mean.resize(n);
  out.var.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) out.mean(i) = sum[i].value() / N;
  for (const auto& f : values)
    for (Eigen::Index i = 0; i < n; ++i) {
      T dlt = f(i) - out.mean(i);
      sum2[i].add(dlt * dlt);
    }
  for (Eigen::Index i = 0; i < n; ++i) out.var(i) = sum2[i].value() / N;
  return out;
}

template <class T> RowMatrix<T> apply_signs(const RowMatrix<T>& W, const std::vector<int>& s) {
  if (static_cast<Eigen::Index>(s.size()) != W.rows())
    throw std::invalid_argument("apply_signs: " + std::to_string(s.size()) + " signs for " +
                                std::to_string(W.rows()) + " rows");
  RowMatrix<T> out = W;
  for (Eigen::Index r = 0; r < W.rows(); ++r)
    if (s[r] < 0) out.row(r) = -out.row(r);
  return out;
}

template <class T>
RowMatrix<T> stochastic_gradient(const Instance<T>& inst, const RowMatrix<T>& W, const std::vector<int>& s) {
  const Eigen::Index n = inst.n(), m = inst.m();
  RowMatrix<T> V = inst.W0 + apply_signs(W, s);
  Matrix<T> Z = pre_activations(inst.X, V);
  std::vector<Matrix<T>> sd;
  activation_derivatives(inst.activation, Z, 1, sd);
  const T scale = T(1) / sqrt(T(m));
  Matrix<T> A = sd[0];
  for (Eigen::Index r = 0; r < m; ++r) A.col(r) *= inst.a(r);
  Vector<T> f = compensated_row_sums(A) * scale;
  Matrix<T> C(n, m);
  for (Eigen::Index i = 0; i < n; ++i) {
    T l[2];
    loss_derivatives(inst.loss, f(i), inst.y(i), 1, l);
    for (Eigen::Index r = 0; r < m; ++r) C(i, r) = l[1] * inst.a(r) * T(s[r]) * sd[1](i, r) * scale;
  }
  RowMatrix<T> G = (C.transpose() * inst.X) / T(n);
  return G;
}

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_randomization(T)                                                         \
  namespace beyondlin {                                                                               \
  template SignMoments<T> randomized_moments<T>(const Instance<T>&, const RowMatrix<T>&);             \
  template Matrix<T> randomized_covariance<T>(const Instance<T>&, const RowMatrix<T>&);               \
  template Vector<T> randomized_variance_leading<T>(const Instance<T>&, const RowMatrix<T>&);         \
  template SignMoments<T> randomized_moments_enumerated<T>(const Instance<T>&, const RowMatrix<T>&);  \
  template RowMatrix<T> apply_signs<T>(const RowMatrix<T>&, const std::vector<int>&);                 \
  template RowMatrix<T> stochastic_gradient<T>(const Instance<T>&, const RowMatrix<T>&,               \
                                               const std::vector<int>&);                              \
  }
