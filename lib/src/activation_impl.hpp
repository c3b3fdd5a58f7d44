#pragma once
// Template definitions for activation.hpp (instantiated per scalar type, see CMakeLists.txt).

#include <beyondlin/activation.hpp>
#include <beyondlin/errors.hpp>

#include "vector_math.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/erf.hpp>

#include <array>
#include <cmath>
#include <stdexcept>

namespace beyondlin {
namespace detail {

/// Integer-coefficient polynomial recurrences shared by tanh and sigmoid (see activation.hpp).
/// coeffs[k] holds the coefficients (lowest degree first) of S_k (tanh) or R_k (sigmoid), k >= 1.
struct DerivativePolynomials {
  std::vector<std::vector<double>> tanh_S, sigmoid_R;
  DerivativePolynomials() {
    tanh_S.resize(kMaxActivationOrder + 2);
    sigmoid_R.resize(kMaxActivationOrder + 2);
    tanh_S[1] = {1.0};
    sigmoid_R[1] = {1.0};
    for (int k = 1; k <= kMaxActivationOrder; ++k) {
      // S_{k+1}(T) = -2T S_k + (1 - T^2) S_k'
      const auto& S = tanh_S[k];
      std::vector<double> N(S.size() + 1, 0.0);
      for (std::size_t j = 0; j < S.size(); ++j) N[j + 1] += -2.0 * S[j];
      for (std::size_t j = 1; j < S.size(); ++j) {
        N[j - 1] += double(j) * S[j];
        N[j + 1] -= double(j) * S[j];
      }
      tanh_S[k + 1] = N;
      // R_{k+1}(s) = (1 - 2s) R_k + (s - s^2) R_k'
      const auto& R = sigmoid_R[k];
      std::vector<double> M(R.size() + 1, 0.0);
      for (std::size_t j = 0; j < R.size(); ++j) {
        M[j] += R[j];
        M[j + 1] -= 2.0 * R[j];
      }
      for (std::size_t j = 1; j < R.size(); ++j) {
        M[j] += double(j) * R[j];
        M[j + 1] -= double(j) * R[j];
      }
      sigmoid_R[k + 1] = M;
    }
  }
};

inline const DerivativePolynomials& derivative_polynomials() {
  static const DerivativePolynomials p;
  return p;
}

/// Horner evaluation of an integer-coefficient polynomial at x in type T. The coefficients are
/// integers below 2^53 for k <= 24, so they are exact in every scalar type.
template <class T> T horner(const std::vector<double>& c, const T& x) {
  T r(0);
  for (std::size_t j = c.size(); j-- > 0;) r = r * x + T(c[j]);
  return r;
}

/// sigmoid^(k)(t), k = 0..K, written to out[0..K] (used by sigmoid and softplus).
template <class T> void sigmoid_derivatives(const T& t, int K, T* out) {
  using std::exp;
  using std::abs;
  // s = 1/(1+e^{-t}), sbar = 1 - s = 1/(1+e^{t}), each from the stable side.
  T e = exp(-abs(t));  // in (0, 1]
  T one(1);
  T s, sbar;
  if (t >= 0) {
    s = one / (one + e);
    sbar = e / (one + e);
  } else {
    s = e / (one + e);
    sbar = one / (one + e);
  }
  out[0] = s;
  if (K >= 1) {
    T ssbar = s * sbar;
    const auto& P = derivative_polynomials();
    for (int k = 1; k <= K; ++k) out[k] = ssbar * horner(P.sigmoid_R[k], s);
  }
}

}  // namespace detail

template <class T> void activation_derivatives(Activation a, const T& t, int K, T* out) {
  using std::sin;
  using std::cos;
  using std::exp;
  using std::tanh;
  using std::cosh;
  using std::log1p;
  using std::sqrt;
  using std::abs;
  using std::erf;
  using std::erfc;
  if (K < 0 || K > kMaxActivationOrder)
    throw std::invalid_argument("activation_derivatives: order " + std::to_string(K) + " outside 0.." +
                                std::to_string(kMaxActivationOrder));
  const T zero(0), one(1);
  switch (a) {
    case Activation::sincos: {
      T s = sin(t), c = cos(t);
      const T cyc[4] = {s + c, c - s, -(s + c), s - c};
      for (int k = 0; k <= K; ++k) out[k] = cyc[k % 4];
      return;
    }
    case Activation::tanh: {
      T T_ = tanh(t);
      out[0] = T_;
      if (K >= 1) {
        // sech^2 t = 4 e^{-2|t|} / (1 + e^{-2|t|})^2 : no cancellation for large |t|
        T e = exp(-2 * abs(t));
        T sech2 = 4 * e / ((one + e) * (one + e));
        const auto& P = detail::derivative_polynomials();
        for (int k = 1; k <= K; ++k) out[k] = sech2 * detail::horner(P.tanh_S[k], T_);
      }
      return;
    }
    case Activation::sigmoid:
      detail::sigmoid_derivatives(t, K, out);
      return;
    case Activation::softplus: {
      out[0] = (t > zero ? t : zero) + log1p(exp(-abs(t)));
      if (K >= 1) detail::sigmoid_derivatives(t, K - 1, out + 1);
      return;
    }
    case Activation::cubic: {
      const T c[4] = {t + t * t / 2 + t * t * t / 6, one + t + t * t / 2, one + t, one};
      for (int k = 0; k <= K; ++k) out[k] = k < 4 ? c[k] : zero;
      return;
    }
    case Activation::relu3: {
      T r = t > zero ? t : zero;
      const T c[4] = {r * r * r / 6, r * r / 2, r, t > zero ? one : zero};
      for (int k = 0; k <= K; ++k) out[k] = k < 4 ? c[k] : zero;
      return;
    }
    case Activation::relu: {
      const T c[2] = {t > zero ? t : zero, t > zero ? one : zero};
      for (int k = 0; k <= K; ++k) out[k] = k < 2 ? c[k] : zero;
      return;
    }
    case Activation::erf: {
      out[0] = erf(t);
      if (K >= 1) {
        const T g = 2 / boost::math::constants::root_pi<T>() * exp(-t * t);
        // H_{k-1}(t), physicists' Hermite
        T Hm1 = zero, H = one;
        for (int k = 1; k <= K; ++k) {
          int j = k - 1;  // H currently holds H_j
          out[k] = (j % 2 == 0 ? g : -g) * H;
          T Hn = 2 * t * H - 2 * T(j) * Hm1;
          Hm1 = H;
          H = Hn;
        }
      }
      return;
    }
    case Activation::gelu: {
      // Phi^(j), j = 0..K: Phi^(0) = erfc(-t/sqrt2)/2; Phi^(j) = (-1)^(j-1) He_{j-1}(t) phi(t).
      std::array<T, kMaxActivationOrder + 1> Phi;
      Phi[0] = erfc(-t / boost::math::constants::root_two<T>()) / 2;
      const T phi = exp(-t * t / 2) / boost::math::constants::root_two_pi<T>();
      T Hm1 = zero, H = one;  // He_0
      for (int j = 1; j <= K; ++j) {
        int i = j - 1;  // H holds He_i
        Phi[j] = (i % 2 == 0 ? phi : -phi) * H;
        T Hn = t * H - T(i) * Hm1;
        Hm1 = H;
        H = Hn;
      }
      out[0] = t * Phi[0];
      for (int k = 1; k <= K; ++k) out[k] = t * Phi[k] + T(k) * Phi[k - 1];
      return;
    }
  }
  throw std::logic_error("activation_derivatives: unknown activation");
}

template <class T> T activation_derivative(Activation a, const T& t, int k) {
  std::array<T, kMaxActivationOrder + 1> buf;
  activation_derivatives(a, t, k, buf.data());
  return buf[k];
}

template <class T>
void activation_derivatives(Activation a, const Matrix<T>& Z, int K, std::vector<Matrix<T>>& out) {
  out.resize(K + 1);
  for (auto& M : out) M.resize(Z.rows(), Z.cols());
  const Eigen::Index N = Z.size();
  if constexpr (std::is_same_v<T, double>) {
    // sincos needs one sin and one cos array: SIMD through libmvec (vector_math.hpp).
    if (a == Activation::sincos) {
      Eigen::ArrayXd s(N), c(N);
      detail::sin_cos_array(Z.data(), s.data(), c.data(), N);
      for (int k = 0; k <= K; ++k) {
        auto o = out[k].reshaped().array();
        switch (k % 4) {
          case 0: o = s + c; break;
          case 1: o = c - s; break;
          case 2: o = -(s + c); break;
          default: o = s - c; break;
        }
      }
      return;
    }
  }
  std::array<T, kMaxActivationOrder + 1> buf;
#pragma omp parallel for schedule(static) firstprivate(buf) if (N > 20000 && std::is_same_v<T, double>)
  for (Eigen::Index idx = 0; idx < N; ++idx) {
    activation_derivatives(a, Z.data()[idx], K, buf.data());
    for (int k = 0; k <= K; ++k) out[k].data()[idx] = buf[k];
  }
}

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_activation(T)                                                                 \
  namespace beyondlin {                                                                                    \
  template void activation_derivatives<T>(Activation, const T&, int, T*);                                 \
  template T activation_derivative<T>(Activation, const T&, int);                                          \
  template void activation_derivatives<T>(Activation, const Matrix<T>&, int, std::vector<Matrix<T>>&);    \
  }
