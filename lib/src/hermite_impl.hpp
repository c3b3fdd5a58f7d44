#pragma once
// Template definitions for hermite.hpp (instantiated per scalar type in lib/src/inst/hermite_*.cpp).

#include <beyondlin/errors.hpp>
#include <beyondlin/hermite.hpp>

#include <Eigen/Eigenvalues>
#include <boost/math/constants/constants.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace beyondlin {

template <class T> void hermite_normalized_all(const T& x, int K, T* out) {
  using std::sqrt;
  if (K < 0) throw std::invalid_argument("hermite_normalized_all: K must be >= 0, got " + std::to_string(K));
  out[0] = T(1);
  if (K == 0) return;
  out[1] = x;
  for (int k = 1; k < K; ++k) out[k + 1] = (x * out[k] - sqrt(T(k)) * out[k - 1]) / sqrt(T(k + 1));
}

template <class T> T hermite_normalized(int k, const T& x) {
  using std::sqrt;
  if (k < 0) throw std::invalid_argument("hermite_normalized: k must be >= 0, got " + std::to_string(k));
  if (k == 0) return T(1);
  T prev(1), cur = x;
  for (int j = 1; j < k; ++j) {
    const T next = (x * cur - sqrt(T(j)) * prev) / sqrt(T(j + 1));
    prev = cur;
    cur = next;
  }
  return cur;
}

namespace detail {

/// h_{N-1}(x) and h_N(x) by the recurrence (N >= 1).
template <class T> void hermite_last_two(int N, const T& x, T& hNm1, T& hN) {
  using std::sqrt;
  T prev(1), cur = x;  // h_0, h_1
  for (int j = 1; j < N; ++j) {
    const T next = (x * cur - sqrt(T(j)) * prev) / sqrt(T(j + 1));
    prev = cur;
    cur = next;
  }
  hNm1 = prev;
  hN = cur;
}

}  // namespace detail

template <class T> GaussHermiteRule<T> gauss_hermite_rule(int N) {
  using std::abs;
  using std::sqrt;
  if (N < 1 || N > kMaxGaussHermiteNodes)
    throw std::invalid_argument("gauss_hermite_rule: N must be in 1.." + std::to_string(kMaxGaussHermiteNodes) +
                                ", got " + std::to_string(N));
  GaussHermiteRule<T> rule;
  rule.nodes.assign(N, T(0));
  rule.weights.assign(N, T(0));
  if (N == 1) {
    rule.weights[0] = T(1);
    return rule;
  }
  // 1. Golub-Welsch: eigenvalues of the Jacobi matrix of the orthonormal h_k (x h_k = sqrt(k+1) h_{k+1} + sqrt(k) h_{k-1}).
  Vector<T> diag = Vector<T>::Zero(N), sub(N - 1);
  for (int k = 0; k < N - 1; ++k) sub(k) = sqrt(T(k + 1));
  Eigen::SelfAdjointEigenSolver<Matrix<T>> es;
  es.computeFromTridiagonal(diag, sub, Eigen::EigenvaluesOnly);
  if (es.info() != Eigen::Success)
    throw std::runtime_error("gauss_hermite_rule: the tridiagonal eigensolver did not converge (N = " +
                             std::to_string(N) + ")");
  Vector<T> x = es.eigenvalues();  // ascending
  // 2. Newton polish on h_N: x <- x - h_N(x) / (sqrt(N) h_{N-1}(x)).
  const T eps = T(std::numeric_limits<T>::epsilon());
  const T sqrtN = sqrt(T(N));
  for (int i = 0; i < N; ++i) {
    for (int it = 0; it < 8; ++it) {
      T hNm1, hN;
      detail::hermite_last_two(N, x(i), hNm1, hN);
      if (hNm1 == T(0)) break;
      const T step = hN / (sqrtN * hNm1);
      x(i) -= step;
      if (abs(step) <= T(4) * eps * abs(x(i)) || step == T(0)) break;
    }
  }
  std::sort(x.data(), x.data() + N, [](const T& p, const T& q) { return p < q; });
  for (int i = 0; i < N / 2; ++i) {
    const T v = (x(N - 1 - i) - x(i)) / T(2);
    rule.nodes[N - 1 - i] = v;
    rule.nodes[i] = -v;
  }
  if (N % 2 == 1) rule.nodes[N / 2] = T(0);
  // 3. Christoffel weights w_i = 1 / sum_{k<N} h_k(x_i)^2 (positive terms: full relative accuracy).
  std::vector<T> h(N);
  for (int i = 0; i < (N + 1) / 2; ++i) {
    hermite_normalized_all(rule.nodes[i], N - 1, h.data());
    CompensatedSum<T> s;
    for (int k = 0; k < N; ++k) s.add(h[k] * h[k]);
    const T w = T(1) / s.value();
    rule.weights[i] = w;
    rule.weights[N - 1 - i] = w;
  }
  return rule;
}

template <class T> HermiteMoments<T> hermite_bivariate_moments(int K, const T& rho, const GaussHermiteRule<T>& rule) {
  using std::abs;
  using std::sqrt;
  if (K < 0) throw std::invalid_argument("hermite_bivariate_moments: K must be >= 0, got " + std::to_string(K));
  // A correlation computed as x^T u of unit vectors may exceed 1 by rounding: accept |rho| <= 1 + 16 u, clamp.
  if (!(abs(rho) <= T(1) + T(16) * T(unit_roundoff<T>())))
    throw std::invalid_argument("hermite_bivariate_moments: the correlation must lie in [-1, 1], got " +
                                to_decimal_string(rho));
  const int N = rule.size();
  const T r = rho > T(1) ? T(1) : (rho < T(-1) ? T(-1) : rho);
  const T s = sqrt(T(1) - r * r);
  // h_j at the N nodes (Z_1) and h_k at the N^2 points rho x_a + s x_b (Z_2).
  Matrix<T> H1(N, K + 1);
  std::vector<T> buf(K + 1);
  for (int a = 0; a < N; ++a) {
    hermite_normalized_all(rule.nodes[a], K, buf.data());
    for (int j = 0; j <= K; ++j) H1(a, j) = buf[j];
  }
  std::vector<CompensatedSum<T>> val((K + 1) * (K + 1)), mag((K + 1) * (K + 1));
  std::vector<T> h2(K + 1);
  for (int a = 0; a < N; ++a)
    for (int b = 0; b < N; ++b) {
      const T w = rule.weights[a] * rule.weights[b];
      hermite_normalized_all(T(r * rule.nodes[a] + s * rule.nodes[b]), K, h2.data());
      for (int j = 0; j <= K; ++j) {
        const T wj = w * H1(a, j);
        for (int k = 0; k <= K; ++k) {
          const T term = wj * h2[k];
          val[j * (K + 1) + k].add(term);
          mag[j * (K + 1) + k].add(abs(term));
        }
      }
    }
  HermiteMoments<T> out;
  out.value.resize(K + 1, K + 1);
  out.magnitude.resize(K + 1, K + 1);
  for (int j = 0; j <= K; ++j)
    for (int k = 0; k <= K; ++k) {
      out.value(j, k) = val[j * (K + 1) + k].value();
      out.magnitude(j, k) = mag[j * (K + 1) + k].value();
    }
  return out;
}

template <class T> T hermite_coefficient_sincos(int k) {
  using std::exp;
  using std::sqrt;
  if (k < 0) throw std::invalid_argument("hermite_coefficient_sincos: k must be >= 0, got " + std::to_string(k));
  T fact(1);
  for (int j = 2; j <= k; ++j) fact *= T(j);
  const int sign = (k % 4 == 0 || k % 4 == 1) ? -1 : 1;
  return T(sign) * exp(T(-0.5)) / sqrt(fact);
}

namespace detail {

/// The rule of size N in T, computed once per (T, N) and kept for the life of the program.
template <class T> const GaussHermiteRule<T>& cached_gauss_hermite_rule(int N) {
  static std::mutex mu;
  static std::map<int, std::unique_ptr<GaussHermiteRule<T>>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(N);
  if (it == cache.end())
    it = cache.emplace(N, std::make_unique<GaussHermiteRule<T>>(gauss_hermite_rule<T>(N))).first;
  return *it->second;
}

/// The integrand g of c_k = E g(G) at x.
template <class T>
T hermite_integrand(Activation a, int k, HermiteQuadratureForm form, const T& inv_sqrt_fact, const T& x) {
  if (form == HermiteQuadratureForm::derivative) return activation_derivative<T>(a, x, k + 2) * inv_sqrt_fact;
  return activation_derivative<T>(a, x, 2) * hermite_normalized<T>(k, x);
}

template <class T> T inv_sqrt_factorial(int k) {
  using std::sqrt;
  T fact(1);
  for (int j = 2; j <= k; ++j) fact *= T(j);
  return T(1) / sqrt(fact);
}

/// sum_i w_i g(x_i) and sum_i w_i |g(x_i)| over a Gauss-Hermite rule.
template <class T>
void gauss_hermite_sum(Activation a, int k, HermiteQuadratureForm form, const GaussHermiteRule<T>& rule, T& value,
                       T& magnitude) {
  using std::abs;
  const T isf = inv_sqrt_factorial<T>(k);
  CompensatedSum<T> s, m;
  for (int i = 0; i < rule.size(); ++i) {
    const T f = rule.weights[i] * hermite_integrand(a, k, form, isf, rule.nodes[i]);
    s.add(f);
    m.add(abs(f));
  }
  value = s.value();
  magnitude = m.value();
}

}  // namespace detail

template <class T>
HermiteCoefficient<T> hermite_coefficient_quadrature(Activation a, int k, HermiteRule rule, int size,
                                                     HermiteQuadratureForm form) {
  using std::abs;
  using std::exp;
  if (a == Activation::relu || a == Activation::relu3)
    throw InputError("activation", std::string("quadrature of the Hermite coefficients is invalid for ") +
                                       activation_name(a) +
                                       ": its second or a higher derivative has a kink or a Dirac delta, which the "
                                       "a.e. derivatives miss (use the closed form of hermite_coefficient)");
  const int kmax = form == HermiteQuadratureForm::derivative ? kMaxHermiteCoefficientIndex : 64;
  if (k < 0 || k > kmax)
    throw std::invalid_argument("hermite_coefficient_quadrature: k must be in 0.." + std::to_string(kmax) +
                                ", got " + std::to_string(k));
  HermiteCoefficient<T> c;
  const T u = T(unit_roundoff<T>());
  if (rule == HermiteRule::gauss_hermite) {
    if (size < 2 || size > kMaxGaussHermiteNodes)
      throw std::invalid_argument("hermite_coefficient_quadrature: N must be in 2.." +
                                  std::to_string(kMaxGaussHermiteNodes) + ", got " + std::to_string(size));
    T coarse, coarse_mag;
    detail::gauss_hermite_sum(a, k, form, detail::cached_gauss_hermite_rule<T>(size), c.value, c.magnitude);
    detail::gauss_hermite_sum(a, k, form, detail::cached_gauss_hermite_rule<T>(size / 2), coarse, coarse_mag);
    c.error_estimate = abs(c.value - coarse) + T(8 * size) * u * c.magnitude;
    c.nodes = size;
    c.method = "gauss-hermite N=" + std::to_string(size);
  } else {
    if (size < 2 || size > 1024)
      throw std::invalid_argument("hermite_coefficient_quadrature: the trapezoid rule needs 2..1024 points per unit, got " +
                                  std::to_string(size));
    // h sum_{|j| <= J} g(jh) phi(jh) on [-25, 25]; the even j form the rule of step 2h.
    const int J = 25 * size;
    const T h = T(1) / T(size);
    const T phi0 = boost::math::constants::one_div_root_two_pi<T>();
    const T isf = detail::inv_sqrt_factorial<T>(k);
    CompensatedSum<T> fine, coarse, mag;
    for (int j = -J; j <= J; ++j) {
      const T t = h * T(j);
      const T f = detail::hermite_integrand(a, k, form, isf, t) * exp(-t * t / T(2)) * phi0 * h;
      fine.add(f);
      mag.add(abs(f));
      if (j % 2 == 0) coarse.add(T(2) * f);
    }
    c.value = fine.value();
    c.magnitude = mag.value();
    c.error_estimate = abs(c.value - coarse.value()) + T(8 * (2 * J + 1)) * u * c.magnitude;
    c.nodes = 2 * J + 1;
    c.method = "trapezoid h=1/" + std::to_string(size) + " on [-25, 25]";
  }
  c.method += form == HermiteQuadratureForm::derivative ? " (derivative form E[sigma^(k+2)(G)]/sqrt(k!))"
                                                        : " (projection form E[sigma''(G) h_k(G)])";
  return c;
}

template <class T> HermiteCoefficient<T> hermite_coefficient(Activation a, int k) {
  using std::abs;
  using std::sqrt;
  if (k < 0 || k > kMaxHermiteCoefficientIndex)
    throw std::invalid_argument("hermite_coefficient: k must be in 0.." + std::to_string(kMaxHermiteCoefficientIndex) +
                                ", got " + std::to_string(k));
  HermiteCoefficient<T> c;
  auto finish = [&](const char* method) {
    c.magnitude = abs(c.value);
    c.error_estimate = T(0);
    c.nodes = 0;
    c.method = method;
    return c;
  };
  // phi(0) He_j(0) / sqrt(k!) with He_j(0) = (-1)^{j/2} (j-1)!! for even j, 0 for odd j.
  auto delta_moment = [&](int j) {
    if (j % 2 == 1) return T(0);
    T dfact(1);
    for (int i = j - 1; i > 1; i -= 2) dfact *= T(i);
    const T phi0 = boost::math::constants::one_div_root_two_pi<T>();
    return T((j / 2) % 2 == 0 ? 1 : -1) * phi0 * dfact * detail::inv_sqrt_factorial<T>(k);
  };
  switch (a) {
    case Activation::sincos:
      c.value = hermite_coefficient_sincos<T>(k);
      return finish("closed form (sincos: e^{-1/2} (-1,-1,+1,+1)[k mod 4] / sqrt(k!))");
    case Activation::cubic:
      c.value = k <= 1 ? T(1) : T(0);
      return finish("closed form (cubic: sigma'' = 1 + t)");
    case Activation::relu3:
      if (k == 0) c.value = boost::math::constants::one_div_root_two_pi<T>();
      else if (k == 1) c.value = T(1) / T(2);
      else c.value = delta_moment(k - 2);
      return finish("closed form (relu3: sigma'' = relu, distributional derivatives)");
    case Activation::relu:
      c.value = delta_moment(k);
      return finish("closed form (relu: sigma'' = Dirac delta, distributional)");
    default: break;
  }
  return hermite_coefficient_quadrature<T>(a, k, HermiteRule::trapezoid, 64, HermiteQuadratureForm::derivative);
}

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_hermite(T)                                                                     \
  namespace beyondlin {                                                                                      \
  template void hermite_normalized_all<T>(const T&, int, T*);                                                \
  template T hermite_normalized<T>(int, const T&);                                                           \
  template GaussHermiteRule<T> gauss_hermite_rule<T>(int);                                                   \
  template HermiteMoments<T> hermite_bivariate_moments<T>(int, const T&, const GaussHermiteRule<T>&);        \
  template T hermite_coefficient_sincos<T>(int);                                                             \
  template HermiteCoefficient<T> hermite_coefficient_quadrature<T>(Activation, int, HermiteRule, int,        \
                                                                   HermiteQuadratureForm);                   \
  template HermiteCoefficient<T> hermite_coefficient<T>(Activation, int);                                    \
  }
