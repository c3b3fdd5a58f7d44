#pragma once
/// @file hermite.hpp
/// Normalized Hermite polynomials, Gauss-Hermite quadrature for the standard normal law, the
/// bivariate (Mehler) moments E[h_j(Z_1) h_k(Z_2)], and the Hermite coefficients c_k of sigma''
/// (SPEC §1.5, §4.5 E2, §6.1 ID-13, Appendix A).
///
/// Conventions. G ~ N(0, 1). He_k are the probabilists' Hermite polynomials (He_0 = 1, He_1 = x,
/// He_{k+1} = x He_k - k He_{k-1}); h_k = He_k / sqrt(k!) are orthonormal: E[h_j(G) h_k(G)] = delta_jk.
/// The Hermite coefficients of sigma'' are c_k = E[sigma''(G) h_k(G)] = E[sigma^(k+2)(G)] / sqrt(k!)
/// (Stein's identity E[f(G) He_k(G)] = E[f^(k)(G)], SPEC §1.5).
///
/// Everything is a template on the scalar type T, instantiated for double, long double,
/// scalar_mp50 and scalar_mp100 (lib/src/inst/hermite_*.cpp).

#include <beyondlin/activation.hpp>
#include <beyondlin/scalar.hpp>

#include <string>
#include <vector>

namespace beyondlin {

/// Largest Gauss-Hermite rule offered. The largest node of the N-point rule is about sqrt(4N)
/// (about 32 for N = 256) and the rule's weights and polynomial values then span ~1e-230..1e115,
/// inside the range of double; larger N would overflow in double.
constexpr int kMaxGaussHermiteNodes = 256;

/// Largest Hermite index k whose coefficient c_k uses sigma^(k+2) (activation.hpp gives derivatives
/// up to order kMaxActivationOrder = 24).
constexpr int kMaxHermiteCoefficientIndex = kMaxActivationOrder - 2;

/// out[k] = h_k(x) = He_k(x)/sqrt(k!) for k = 0..K (out holds K+1 values), by the normalized
/// three-term recurrence h_0 = 1, h_1 = x, h_{k+1} = (x h_k - sqrt(k) h_{k-1}) / sqrt(k+1).
/// The recurrence is forward stable for the orthonormal family (the absolute error of h_k(x) is a
/// few k units of roundoff times max_{j<=k} |h_j(x)|). Cost: 4K operations and K square roots.
template <class T> void hermite_normalized_all(const T& x, int K, T* out);

/// h_k(x) = He_k(x) / sqrt(k!) for one k >= 0 (same recurrence). Cost O(k).
template <class T> T hermite_normalized(int k, const T& x);

/// An N-point Gauss-Hermite rule for the standard normal law: sum_i weights[i] p(nodes[i]) = E p(G)
/// exactly (in exact arithmetic) for every polynomial p of degree <= 2N - 1.
template <class T> struct GaussHermiteRule {
  std::vector<T> nodes;    ///< ascending; exactly antisymmetric (nodes[N-1-i] == -nodes[i]; 0 for odd N)
  std::vector<T> weights;  ///< positive, symmetric (weights[N-1-i] == weights[i]), sum 1 up to ~N u
  int size() const { return static_cast<int>(nodes.size()); }
};

/// The N-point rule, 1 <= N <= kMaxGaussHermiteNodes, computed in T:
///  1. Golub-Welsch: the nodes are the eigenvalues of the symmetric tridiagonal Jacobi matrix of the
///     h_k (zero diagonal, off-diagonal sqrt(1), ..., sqrt(N-1)), from Eigen's
///     SelfAdjointEigenSolver::computeFromTridiagonal in T (absolute error ~ u sqrt(N));
///  2. each node is polished by Newton's method on h_N (h_N' = sqrt(N) h_{N-1}) until the step is
///     below 4 u |x| (at most 8 steps), then the rule is symmetrized: x_i <- (x_i - x_{N-1-i}) / 2;
///  3. weights from the Christoffel function, w_i = 1 / sum_{k<N} h_k(x_i)^2, a sum of positive terms,
///     so each weight has relative accuracy ~N u (no loss for the tiny weights of the outer nodes,
///     unlike the Golub-Welsch eigenvector formula, which is only absolutely accurate).
/// Accuracy (measured in tests/test_hermite.cpp): nodes to a few ulps, weights to ~N u relative;
/// the moments E G^{2j}, 2j <= 2N - 1, are reproduced to ~N u relative in every scalar type.
/// Cost O(N^2) operations in T (about 1 ms for N = 100 in double, ~0.1 s at 50 digits).
/// Throws std::invalid_argument when N is out of range.
template <class T> GaussHermiteRule<T> gauss_hermite_rule(int N);

/// E g(G) ~ sum_i w_i g(x_i) with the rule (exact for polynomials of degree <= 2N - 1).
/// The sum is compensated (scalar.hpp). Cost: N evaluations of g.
template <class T, class F> T gauss_hermite_expectation(const GaussHermiteRule<T>& rule, F&& g) {
  CompensatedSum<T> s;
  for (int i = 0; i < rule.size(); ++i) s.add(rule.weights[i] * T(g(rule.nodes[i])));
  return s.value();
}

/// E g(Z_1, Z_2) for a standard bivariate normal pair with correlation rho in [-1, 1]:
/// Z_1 = G_1, Z_2 = rho G_1 + sqrt(1 - rho^2) G_2 with G_1, G_2 independent, and the tensor-product
/// rule sum_{a,b} w_a w_b g(x_a, rho x_a + s x_b). Exact when g is a polynomial of degree <= 2N - 1 in
/// each of G_1 and G_2 after the substitution. Cost: N^2 evaluations of g (compensated sum).
template <class T, class F> T gauss_hermite_expectation2(const GaussHermiteRule<T>& rule, const T& rho, F&& g) {
  using std::sqrt;
  const T s = sqrt(T(1) - rho * rho);
  CompensatedSum<T> sum;
  for (int a = 0; a < rule.size(); ++a)
    for (int b = 0; b < rule.size(); ++b) {
      const T z1 = rule.nodes[a], z2 = rho * rule.nodes[a] + s * rule.nodes[b];
      sum.add(rule.weights[a] * rule.weights[b] * T(g(z1, z2)));
    }
  return sum.value();
}

/// The bivariate Hermite moments of SPEC §4.5 E2 / ID-13.
template <class T> struct HermiteMoments {
  /// value(j, k) = E[h_j(Z_1) h_k(Z_2)], Z_1, Z_2 standard normal with correlation rho. Mehler's
  /// formula gives delta_jk rho^k; for unit x, u and w ~ N(0, I_d), (w^T x, w^T u) is such a pair
  /// with rho = x^T u, hence E_w[h_j(w^T x) h_k(w^T u)] = delta_jk (x^T u)^k (SPEC §4.5 E2).
  Matrix<T> value;
  /// magnitude(j, k) = sum_{a,b} w_a w_b |h_j(z_1) h_k(z_2)|: the natural magnitude of the sum (about
  /// E|h_j h_k| <= 1); the rounding error of value(j, k) is a small multiple of u times it.
  Matrix<T> magnitude;
};

/// All moments for j, k = 0..K by the tensor-product rule of gauss_hermite_expectation2. Exact (up to
/// rounding) when N >= K + 1: h_j(G_1) h_k(rho G_1 + s G_2) has degree j + k <= 2K <= 2N - 1 in G_1
/// and k in G_2 — ID-13 is then a quadrature identity, not an approximation.
/// Cost O(N^2 K) operations in T. A rho with 1 < |rho| <= 1 + 16 u (the rounding of x^T u for unit x, u)
/// is clamped to +-1; a larger |rho| or K < 0 throws std::invalid_argument.
template <class T> HermiteMoments<T> hermite_bivariate_moments(int K, const T& rho, const GaussHermiteRule<T>& rule);

/// The closed form of SPEC §1.5 for sigma = sin + cos: sigma^(j)(t) = sin(t + j pi/2) + cos(t + j pi/2)
/// and E sin G = 0, E cos G = e^{-1/2}, so E sigma^(j)(G) = e^{-1/2} (1, 1, -1, -1)[j mod 4] and
/// c_k = e^{-1/2} (-1, -1, +1, +1)[k mod 4] / sqrt(k!) (c_2 = +0.428882...). Exact in T up to the
/// rounding of exp and sqrt. Any k >= 0. Cost O(k).
template <class T> T hermite_coefficient_sincos(int k);

/// Which Gaussian integral the quadrature evaluates (both equal c_k for smooth sigma by Stein's
/// identity; computing both is a numerical check of that identity).
enum class HermiteQuadratureForm {
  derivative,  ///< c_k = E[sigma^(k+2)(G)] / sqrt(k!)  (SPEC §1.5, Appendix A)
  projection   ///< c_k = E[sigma''(G) h_k(G)]
};

/// The quadrature rule for E g(G).
enum class HermiteRule {
  /// N-point Gauss-Hermite (SPEC Appendix A: 100 nodes). Exact for polynomials of degree <= 2N-1;
  /// for an integrand analytic only in a strip |Im t| < c (tanh: c = pi/2; sigmoid, softplus: pi) the
  /// error falls only like exp(-c' sqrt(N)): with N = 100 the coefficients of tanh are accurate to
  /// about 1e-9 (k = 1) .. 1e-5 (k = 5) (measured: tests/test_hermite.cpp).
  gauss_hermite,
  /// Trapezoid rule h sum_j g(jh) phi(jh) on [-25, 25] with step h = 1/size. For g analytic in the strip
  /// |Im t| < c the error is O(exp(-2 pi c / h)) (Trefethen & Weideman, SIAM Rev. 56 (2014), §5), and
  /// the truncation error is below phi(25) ~ 1e-136 times max|g| on the tail: with size = 64 (3201
  /// points) the quadrature error of every smooth activation of activation.hpp is below 1e-100 (tanh,
  /// using half the strip: exp(-2 pi (pi/4) 64) ~ 1e-137), so rounding (~P u) limits the result
  /// (measured: 50- and 100-digit values agree to ~1e-51). activation_gaussian_mean uses the same kind of rule.
  trapezoid
};

/// A Hermite coefficient with the evidence of how it was obtained.
template <class T> struct HermiteCoefficient {
  T value = 0;
  /// Estimated absolute error: 0 for a closed form; for quadrature the change from the coarser rule
  /// (Gauss-Hermite: N/2 nodes; trapezoid: step 2h, the even points), i.e. the error of the coarser
  /// rule, an overestimate of the finer rule's error when the quadrature converges; plus the rounding
  /// bound 8 P u * magnitude (P points).
  T error_estimate = 0;
  /// sum_i w_i |integrand(x_i)|: the natural magnitude of the sum (for closed forms |value|).
  T magnitude = 0;
  int nodes = 0;        ///< number of quadrature points (0 for a closed form)
  std::string method;   ///< e.g. "closed form (sincos ...)", "gauss-hermite N=100 (derivative form ...)"
  /// True when the coefficient is zero within its error estimate (e.g. c_k of tanh for even k, where
  /// sigma'' is odd): |value| <= error_estimate. Closed forms are zero only when exactly 0.
  bool is_zero() const {
    using std::abs;
    return value == T(0) || abs(value) <= error_estimate;
  }
};

/// c_k by quadrature in T with the library's exact derivatives (activation_derivative):
/// `rule` = gauss_hermite with `size` = N nodes (2 <= N <= kMaxGaussHermiteNodes), or trapezoid with
/// `size` = 1/h points per unit length (2 <= size <= 1024). 0 <= k <= kMaxHermiteCoefficientIndex
/// (derivative form) resp. 0 <= k <= 64 (projection form).
/// Accuracy (see HermiteRule): Gauss-Hermite is fast for entire integrands (sincos: 50 digits with
/// N = 100) but slow for tanh, sigmoid, softplus; the trapezoid rule with size 64 is accurate to
/// beyond 100 digits for every smooth activation. error_estimate reports the quadrature and summation
/// error, not the evaluation error of sigma^(k+2) itself: in double the closed-form derivatives of tanh,
/// sigmoid and softplus lose digits at high order (measured absolute error ~1e-16 at k = 5 but up to
/// ~1e-4 at k = 22, against 100 digits); use 50 or 100 digits for k >~ 10 (express uses 50 by default).
/// Refuses (InputError "activation") relu and relu3: their sigma'' or a higher derivative has a kink
/// or a Dirac delta, which the library's a.e. derivatives miss (the fourth derivative of relu3 would
/// integrate to 0 instead of phi(0)), and a kink ruins the convergence of either rule;
/// hermite_coefficient has their closed forms.
/// Cost: about 1.5 N (Gauss-Hermite, rules cached per (T, N)) or 50 size + 1 (trapezoid) evaluations
/// of sigma^(k+2) in T.
template <class T>
HermiteCoefficient<T> hermite_coefficient_quadrature(Activation a, int k, HermiteRule rule, int size,
                                                     HermiteQuadratureForm form = HermiteQuadratureForm::derivative);

/// c_k for any activation, 0 <= k <= kMaxHermiteCoefficientIndex: closed forms where they exist,
/// otherwise hermite_coefficient_quadrature(a, k, HermiteRule::trapezoid, 64) (derivative form):
///  - sincos: hermite_coefficient_sincos;
///  - cubic: sigma'' = 1 + t, so c_0 = c_1 = 1 and c_k = 0 for k >= 2;
///  - relu3: sigma'' = relu, c_0 = phi(0), c_1 = 1/2, c_k = phi(0) He_{k-2}(0) / sqrt(k!) for k >= 2
///    (distributional derivatives: relu^(k) = delta^(k-2) and E delta^(j)(G) = He_j(0) phi(0));
///  - relu: sigma'' = delta (distributional), c_k = phi(0) He_k(0) / sqrt(k!)
///    (He_k(0) = (-1)^{k/2} (k-1)!! for even k, 0 for odd k). The quadratic model of a relu network
///    uses the a.e. derivative sigma'' = 0, so these coefficients describe sigma'' only in the sense of
///    distributions (SPEC §1.5: "ReLU is useless here").
/// Throws std::invalid_argument for k out of range.
template <class T> HermiteCoefficient<T> hermite_coefficient(Activation a, int k);

/// c_k computed in the scalar type with `digits` significant digits (17: double, 21: long double,
/// 50: scalar_mp50, 100: scalar_mp100), then rounded to double (value, error_estimate, magnitude; the
/// method names the scalar type). With gauss_hermite_nodes = N > 0 the activations without a closed
/// form use N-point Gauss-Hermite instead of the default trapezoid rule.
/// Throws InputError("precision", ...) for another digits value.
HermiteCoefficient<double> hermite_coefficient_in_precision(Activation a, int k, int digits,
                                                           int gauss_hermite_nodes = 0);

}  // namespace beyondlin
