// hermite.hpp: normalized Hermite polynomials, Gauss-Hermite rules, the Mehler identity (ID-13) and
// the Hermite coefficients c_k of sigma'' (SPEC §1.5, §4.5 E2, Appendix A).
//
// Most checks are quadrature identities: an N-point Gauss-Hermite rule integrates every polynomial of
// degree <= 2N - 1 exactly, so orthonormality, moments and the bivariate Mehler moments hold up to
// rounding only, and the tolerances are multiples of the unit roundoff u of the scalar type times a
// natural magnitude (support.hpp conventions). Each test also has a control that must NOT hold (a rule
// one node too small), so that the identities cannot pass vacuously.
#include "support.hpp"

#include <beyondlin/hermite.hpp>

#include <boost/math/quadrature/exp_sinh.hpp>

using namespace bltest;

namespace {

using mp = scalar_mp50;

/// (2j-1)!! = E G^{2j}, exact in T for the sizes used here.
template <class T> T double_factorial_odd(int j) {
  T f(1);
  for (int i = 2 * j - 1; i > 1; i -= 2) f *= T(i);
  return f;
}

template <class T> T factorial(int k) {
  T f(1);
  for (int i = 2; i <= k; ++i) f *= T(i);
  return f;
}

/// A bound on h_0..h_k and on the absolute rounding error of the recurrence in units of u:
/// sum_{i<=k} |h_i(z)| (1 + |z|). Each step of h_{i+1} = (z h_i - sqrt(i) h_{i-1})/sqrt(i+1) adds at most
/// ~4u of |z h_i| + |sqrt(i) h_{i-1}| and propagates earlier errors with the same (stable) recurrence.
template <class T> T recurrence_mag(int k, const T& z) {
  using std::abs;
  std::vector<T> h(k + 1);
  hermite_normalized_all(z, k, h.data());
  T s(0);
  for (int i = 0; i <= k; ++i) s += abs(h[i]);
  return s * (T(1) + abs(z));
}

const std::vector<int> kRuleSizes = {1, 2, 3, 4, 5, 8, 9, 16, 20, 50, 64, 100, 256};

}  // namespace

// ------------------------------------------------------------------------------------------------
// Normalized Hermite polynomials

// h_k = He_k / sqrt(k!) against the explicit coefficients of He_k (support.hpp rebuilds them from the
// monic recurrence He_{k+1} = x He_k - k He_{k-1}). Error bound: Horner/recurrence error <= 4 k u times
// sum_j |c_j| |x|^j / sqrt(k!) (Higham eq. 5.3) for each evaluation; tolerance 8 k u (that magnitude).
RC_GTEST_PROP(Hermite, MatchesExplicitPolynomial, ()) {
  const int k = *uniform_in(0, 21);
  const double x = *uniform_in(-12000, 12001) / 1000.0;
  RC_LOG() << "k = " << k << ", x = " << x << "\n";
  const auto he = bltest::detail::hermite_he(k);
  double val = 0, xp = 1;
  for (double c : he) {
    val += c * xp;
    xp *= x;
  }
  const double sf = std::sqrt(factorial<double>(k));
  const double mag = bltest::detail::abs_eval(he, x) / sf;
  rc_near("h_k(x) vs He_k(x)/sqrt(k!)", hermite_normalized<double>(k, x), val / sf, 8.0 * (k + 1) * 0x1.0p-53 * mag);
  std::vector<double> all(k + 1);
  hermite_normalized_all(x, k, all.data());
  rc_near("hermite_normalized_all vs hermite_normalized", all[k], hermite_normalized<double>(k, x), 0.0);
}

// The three-term recurrence x h_k = sqrt(k+1) h_{k+1} + sqrt(k) h_{k-1} (the Jacobi matrix of the
// rule) and the derivative identity h_k' = sqrt(k) h_{k-1} (checked against a central difference of
// step 1e-5 at 50 digits, truncation (1e-10/6) max|h_k'''| << 1e-8 of the magnitude).
RC_GTEST_PROP(Hermite, ThreeTermRecurrenceAndDerivative, ()) {
  const int k = *uniform_in(1, 30);
  const double xd = *uniform_in(-8000, 8001) / 1000.0;
  RC_LOG() << "k = " << k << ", x = " << xd << "\n";
  const mp x(xd);
  std::vector<mp> h(k + 2);
  hermite_normalized_all(x, k + 1, h.data());
  const mp lhs = x * h[k], rhs = sqrt(mp(k + 1)) * h[k + 1] + sqrt(mp(k)) * h[k - 1];
  const mp mag = recurrence_mag(k + 1, x);
  rc_near("x h_k = sqrt(k+1) h_{k+1} + sqrt(k) h_{k-1}", lhs, rhs, mp(16 * (k + 2)) * uT<mp>() * mag);
  const mp step("1e-5");
  const mp fd = (hermite_normalized<mp>(k, x + step) - hermite_normalized<mp>(k, x - step)) / (2 * step);
  rc_near("h_k' = sqrt(k) h_{k-1}", fd, sqrt(mp(k)) * h[k - 1], mp(1e-8) * mag);
}

// ------------------------------------------------------------------------------------------------
// Gauss-Hermite rules

/// Structure, moments and the exact error on the first non-integrated moment:
///  - nodes ascending, antisymmetric, weights positive, symmetric, sum 1;
///  - E G^{2j} = (2j-1)!! for 2j <= 2N-1; odd moments 0;
///  - control: Q(G^{2N}) = (2N-1)!! - N! exactly (G^{2N} = He_N(G)^2 + lower degree, Q(He_N^2) = 0 and
///    E He_N^2 = N!), so the rule is not exact one degree beyond 2N - 1.
/// Tolerances: node relative error ~2u after Newton, so x^{2j} carries <= 2j * 2u <= 4N u; weights
/// carry <= N u (a sum of N positive recurrence values); the compensated sum adds 2u: 8 N u relative to
/// the sum of |terms| (= the moment itself for even powers).
template <class T> void check_rule(int N) {
  using std::abs;
  SCOPED_TRACE(std::string(scalar_name<T>()) + ", N = " + std::to_string(N));
  const GaussHermiteRule<T> r = gauss_hermite_rule<T>(N);
  ASSERT_EQ(r.size(), N);
  const T u = uT<T>();
  const T tol = T(8 * N + 8) * u;
  T wsum(0);
  for (int i = 0; i < N; ++i) {
    EXPECT_GT(r.weights[i], T(0));
    EXPECT_EQ(r.nodes[i], -r.nodes[N - 1 - i]);
    EXPECT_EQ(r.weights[i], r.weights[N - 1 - i]);
    if (i > 0) {
      EXPECT_LT(r.nodes[i - 1], r.nodes[i]);
    }
    wsum += r.weights[i];
  }
  EXPECT_TRUE(near("sum of weights", wsum, T(1), tol));
  // Moments up to degree 150 (beyond, x^{2j} at the outer nodes of the 256-point rule overflows double).
  for (int j = 0; 2 * j <= std::min(2 * N - 1, 150); ++j) {
    const T q = gauss_hermite_expectation(r, [&](const T& x) {
      T p(1);
      for (int i = 0; i < 2 * j; ++i) p *= x;
      return p;
    });
    const T ex = double_factorial_odd<T>(j);
    EXPECT_TRUE(near("E G^" + std::to_string(2 * j), q, ex, tol * ex));
    const T odd = gauss_hermite_expectation(r, [&](const T& x) {
      T p(x);
      for (int i = 0; i < 2 * j; ++i) p *= x;
      return p;
    });
    const T odd_mag = gauss_hermite_expectation(r, [&](const T& x) {
      T p(abs(x));
      for (int i = 0; i < 2 * j; ++i) p *= abs(x);
      return p;
    });
    EXPECT_TRUE(near("E G^" + std::to_string(2 * j + 1), odd, T(0), tol * odd_mag));
  }
  if (N > 64) return;
  const T q2N = gauss_hermite_expectation(r, [&](const T& x) {
    T p(1);
    for (int i = 0; i < 2 * N; ++i) p *= x;
    return p;
  });
  const T want = double_factorial_odd<T>(N) - factorial<T>(N);
  EXPECT_TRUE(near("Q(G^{2N}) = (2N-1)!! - N!", q2N, want, tol * double_factorial_odd<T>(N)));
  // control: the rule is not exact at degree 2N. The defect N! is resolvable only where it exceeds the
  // rounding allowance tol (2N-1)!!: N!/(2N-1)!! = 2^N N!^2/(2N)! ~ sqrt(pi N)/2^N falls below u = 1.1e-16
  // for N >~ 50 in double (there q2N may round to (2N-1)!! exactly), so the control is made only where it
  // can be seen.
  if (factorial<T>(N) > T(4) * tol * double_factorial_odd<T>(N)) {
    EXPECT_GT(abs(q2N - double_factorial_odd<T>(N)), T(0.5) * factorial<T>(N));
  }
}

TEST(GaussHermite, RuleDouble) {
  for (int N : kRuleSizes) check_rule<double>(N);
}
TEST(GaussHermite, RuleLongDouble) {
  for (int N : {1, 2, 9, 20, 100}) check_rule<long double>(N);
}
TEST(GaussHermite, RuleMp50) {
  for (int N : {1, 2, 3, 9, 20, 64}) check_rule<mp>(N);
}

// Orthonormality E[h_j(G) h_k(G)] = delta_jk for j + k <= 2N - 1: a quadrature identity. Tolerance:
// (8N + 16K) u times sum_i w_i R_j(x_i) R_k(x_i) (R = recurrence_mag, bounding both the values and the
// recurrence's error propagation); control: j = k = N is not integrated exactly (Q(h_N^2) = 0 != 1).
template <class T> void check_orthonormality(int N) {
  SCOPED_TRACE(std::string(scalar_name<T>()) + ", N = " + std::to_string(N));
  const GaussHermiteRule<T> r = gauss_hermite_rule<T>(N);
  const int K = std::min(N, 24);
  for (int j = 0; j <= K; ++j)
    for (int k = 0; k <= K && j + k <= 2 * N - 1; ++k) {
      const T q = gauss_hermite_expectation(r, [&](const T& x) { return hermite_normalized(j, x) * hermite_normalized(k, x); });
      const T mag = gauss_hermite_expectation(r, [&](const T& x) { return recurrence_mag(j, x) * recurrence_mag(k, x); });
      EXPECT_TRUE(near("E h_" + std::to_string(j) + " h_" + std::to_string(k), q, T(j == k ? 1 : 0),
                       T(8 * N + 16 * K) * uT<T>() * mag));
    }
  if (N <= 24) {
    const T qN = gauss_hermite_expectation(r, [&](const T& x) {
      const T h = hermite_normalized(N, x);
      return h * h;
    });
    EXPECT_LT(qN, T(1e-6)) << "control: h_N vanishes at the nodes, so Q(h_N^2) = 0, not 1";
  }
}

TEST(GaussHermite, OrthonormalityDouble) {
  for (int N : {1, 2, 5, 9, 20, 100}) check_orthonormality<double>(N);
}
TEST(GaussHermite, OrthonormalityMp50) {
  for (int N : {1, 4, 9, 20}) check_orthonormality<mp>(N);
}

// The double rule against the 50-digit rule: nodes and weights agree to a few ulps of double.
TEST(GaussHermite, DoubleMatchesMp50) {
  for (int N : {5, 20, 100}) {
    const auto rd = gauss_hermite_rule<double>(N);
    const auto rm = gauss_hermite_rule<mp>(N);
    for (int i = 0; i < N; ++i) {
      EXPECT_TRUE(near("node", rd.nodes[i], D(rm.nodes[i]), 8 * 0x1.0p-53 * std::abs(D(rm.nodes[i]))));
      EXPECT_TRUE(near("weight", rd.weights[i], D(rm.weights[i]), 4.0 * N * 0x1.0p-53 * D(rm.weights[i])));
    }
  }
}

TEST(GaussHermite, RejectsBadSizes) {
  EXPECT_THROW(gauss_hermite_rule<double>(0), std::invalid_argument);
  EXPECT_THROW(gauss_hermite_rule<double>(kMaxGaussHermiteNodes + 1), std::invalid_argument);
  EXPECT_THROW(hermite_normalized<double>(-1, 0.5), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------------
// Mehler / ID-13: E[h_j(Z_1) h_k(Z_2)] = delta_jk rho^k for a standard normal pair with correlation rho.
// With N >= K + 1 nodes the tensor rule integrates h_j(G_1) h_k(rho G_1 + s G_2) exactly (degree
// j + k <= 2N - 1 in G_1, k in G_2); the tolerance is (16 N + 16 K) u times
// sum_{a,b} w_a w_b R_j(z_1) R_k(z_2) (R = recurrence_mag), computed here from the same points.
template <class T> void check_mehler(int K, int N, const T& rho) {
  using std::pow;
  SCOPED_TRACE(std::string(scalar_name<T>()) + ", K = " + std::to_string(K) + ", N = " + std::to_string(N) +
               ", rho = " + S(rho));
  const GaussHermiteRule<T> rule = gauss_hermite_rule<T>(N);
  const HermiteMoments<T> mom = hermite_bivariate_moments(K, rho, rule);
  for (int j = 0; j <= K; ++j)
    for (int k = 0; k <= K; ++k) {
      const T bound = gauss_hermite_expectation2(rule, rho, [&](const T& z1, const T& z2) {
        return recurrence_mag(j, z1) * recurrence_mag(k, z2);
      });
      T want(0);
      if (j == k) {
        want = T(1);
        for (int i = 0; i < k; ++i) want *= rho;
      }
      EXPECT_TRUE(near("E h_" + std::to_string(j) + "(Z1) h_" + std::to_string(k) + "(Z2)", mom.value(j, k), want,
                       T(16 * (N + K)) * uT<T>() * bound));
      EXPECT_LE(mom.magnitude(j, k), bound);
    }
}

RC_GTEST_PROP(Mehler, IdentityDouble, ()) {
  const int K = *uniform_in(0, 9);
  const int N = K + 1 + *uniform_in(0, 20);
  const double rho = *uniform_in(-1000, 1001) / 1000.0;
  RC_LOG() << "K = " << K << ", N = " << N << ", rho = " << rho << "\n";
  const auto rule = gauss_hermite_rule<double>(N);
  const auto mom = hermite_bivariate_moments(K, rho, rule);
  for (int j = 0; j <= K; ++j)
    for (int k = 0; k <= K; ++k) {
      const double bound = gauss_hermite_expectation2(rule, rho, [&](double z1, double z2) {
        return recurrence_mag(j, z1) * recurrence_mag(k, z2);
      });
      rc_near("E h_j h_k = delta_jk rho^k", mom.value(j, k), j == k ? std::pow(rho, k) : 0.0,
              16.0 * (N + K) * 0x1.0p-53 * bound);
    }
}

TEST(Mehler, EdgeCorrelationsDouble) {
  for (double rho : {-1.0, -0.999, 0.0, 0.3, 1.0}) check_mehler<double>(8, 9, rho);
  check_mehler<double>(8, 40, 0.7);
}

TEST(Mehler, IdentityMp50) {
  for (const char* r : {"-1", "0", "0.123456789", "0.9"}) check_mehler<mp>(8, 9, mp(r));
  check_mehler<mp>(8, 20, mp("-0.61"));
}

// Control: one node short of exactness for j = k = K, the rule misses E h_K(Z1) h_K(Z2) = rho^K by O(1)
// (rho = 1: the 1-D moment Q(h_K^2) with K nodes, which is 0 since h_K vanishes at the nodes).
TEST(Mehler, ControlTooFewNodes) {
  const auto rule = gauss_hermite_rule<double>(8);
  const auto mom = hermite_bivariate_moments(8, 1.0, rule);
  EXPECT_GT(std::abs(mom.value(8, 8) - 1.0), 0.5);
  EXPECT_THROW(hermite_bivariate_moments(3, 1.5, rule), std::invalid_argument);
}

// The reduction of ID-13 to two dimensions: for unit x, u in R^d and w ~ N(0, I_d), the pair
// (w^T x, w^T u) is standard normal with correlation x^T u. A plain Monte Carlo estimate over 2e5
// draws of w agrees with delta_jk (x^T u)^k within 5 sample standard errors, for j, k <= 3.
TEST(Mehler, MonteCarloInDimensionD) {
  const int d = 6, draws = 200000, K = 3;
  Rng rng(20200101);
  Vector<double> x(d), u(d);
  for (int i = 0; i < d; ++i) x(i) = rng.normal();
  for (int i = 0; i < d; ++i) u(i) = x(i) + 0.8 * rng.normal();
  x.normalize();
  u.normalize();
  const double rho = x.dot(u);
  std::vector<double> sum((K + 1) * (K + 1), 0.0), sq((K + 1) * (K + 1), 0.0);
  std::vector<double> hx(K + 1), hu(K + 1);
  Vector<double> w(d);
  for (int t = 0; t < draws; ++t) {
    for (int i = 0; i < d; ++i) w(i) = rng.normal();
    hermite_normalized_all(w.dot(x), K, hx.data());
    hermite_normalized_all(w.dot(u), K, hu.data());
    for (int j = 0; j <= K; ++j)
      for (int k = 0; k <= K; ++k) {
        const double v = hx[j] * hu[k];
        sum[j * (K + 1) + k] += v;
        sq[j * (K + 1) + k] += v * v;
      }
  }
  for (int j = 0; j <= K; ++j)
    for (int k = 0; k <= K; ++k) {
      const double mean = sum[j * (K + 1) + k] / draws;
      const double se = std::sqrt((sq[j * (K + 1) + k] / draws - mean * mean) / draws);
      EXPECT_TRUE(near("MC E h_" + std::to_string(j) + "(w.x) h_" + std::to_string(k) + "(w.u)", mean,
                       j == k ? std::pow(rho, k) : 0.0, 5.0 * se));
    }
}

// ------------------------------------------------------------------------------------------------
// Hermite coefficients c_k = E[sigma''(G) h_k(G)] = E[sigma^(k+2)(G)] / sqrt(k!)

// sincos closed form: SPEC §1.5 value c_2 = +0.428882 (6 digits) and the sign pattern (-,-,+,+) mod 4,
// |c_k| = e^{-1/2}/sqrt(k!).
TEST(HermiteCoefficient, SincosClosedFormSpecValues) {
  EXPECT_NEAR(hermite_coefficient_sincos<double>(2), 0.428882, 5e-7);
  for (int k = 0; k <= 22; ++k) {
    const double c = hermite_coefficient_sincos<double>(k);
    const double mag = std::exp(-0.5) / std::sqrt(factorial<double>(k));
    EXPECT_TRUE(near("|c_k|", std::abs(c), mag, 4 * 0x1.0p-53 * mag));
    EXPECT_EQ(c > 0, k % 4 == 2 || k % 4 == 3) << "k = " << k;
  }
}

// Quadrature against the closed form, for sincos (an entire integrand): Gauss-Hermite with 100 nodes
// and the trapezoid rule with h = 1/32, both forms (derivative and projection). Truncation errors are
// far below u (GH: the Taylor remainder of cos at degree 200, ~1e-180; trapezoid: exp(-2 pi c / h) for
// every c), so the tolerance is rounding only: 8 P u times the magnitude sum_i w_i |g(x_i)|
// (P = number of points), which is also what error_estimate must cover.
template <class T> void check_sincos_quadrature() {
  SCOPED_TRACE(scalar_name<T>());
  for (int k : {0, 1, 2, 3, 4, 7, 12, kMaxHermiteCoefficientIndex})
    for (HermiteRule rule : {HermiteRule::gauss_hermite, HermiteRule::trapezoid})
      for (HermiteQuadratureForm form : {HermiteQuadratureForm::derivative, HermiteQuadratureForm::projection}) {
        const int size = rule == HermiteRule::gauss_hermite ? 100 : 32;
        const HermiteCoefficient<T> c = hermite_coefficient_quadrature<T>(Activation::sincos, k, rule, size, form);
        const T cf = hermite_coefficient_sincos<T>(k);
        const T tol = T(8 * c.nodes) * uT<T>() * c.magnitude;
        EXPECT_TRUE(near(c.method + ", k = " + std::to_string(k), c.value, cf, tol));
        EXPECT_LE(absT(T(c.value - cf)), c.error_estimate) << c.method << ", k = " << k;
      }
}
TEST(HermiteCoefficient, SincosQuadratureDouble) { check_sincos_quadrature<double>(); }
TEST(HermiteCoefficient, SincosQuadratureMp50) { check_sincos_quadrature<mp>(); }

// hermite_coefficient picks the closed form for sincos, and the 50- and 100-digit values agree with
// each other and with double to the double's rounding.
TEST(HermiteCoefficient, PrecisionsAgree) {
  for (int k : {0, 2, 7}) {
    const auto cd = hermite_coefficient_in_precision(Activation::sincos, k, 17);
    const auto c50 = hermite_coefficient_in_precision(Activation::sincos, k, 50);
    const auto c100 = hermite_coefficient_in_precision(Activation::sincos, k, 100);
    EXPECT_EQ(c50.value, c100.value);  // both round the same 50+-digit value to double
    EXPECT_TRUE(near("double vs 50 digits", cd.value, c50.value, 4 * 0x1.0p-53 * std::abs(c50.value)));
    EXPECT_NE(c50.method.find("closed form"), std::string::npos);
  }
  EXPECT_THROW(hermite_coefficient_in_precision(Activation::sincos, 2, 30), InputError);
}

// Stein's identity E[sigma^(k+2)(G)] = E[sigma''(G) He_k(G)] for the activations without closed forms,
// by the trapezoid rule at 50 digits (h = 1/32: exp(-2 pi (pi/4) 32) ~ 1e-69 for tanh, the narrowest
// strip): the derivative and projection forms agree to 1e-40 relative to the magnitude, the value agrees
// with the library default (100 digits, h = 1/64) within its error estimate, and the library's independent
// long-double mean activation_gaussian_mean(a, k+2) / sqrt(k!) agrees to 1e-15 (its accuracy, activation.hpp).
TEST(HermiteCoefficient, SteinIdentityAndCrossChecksMp50) {
  for (Activation a : {Activation::tanh, Activation::softplus, Activation::sigmoid, Activation::erf})
    for (int k : {0, 1, 5}) {
      SCOPED_TRACE(std::string(activation_name(a)) + ", k = " + std::to_string(k));
      const auto der = hermite_coefficient_quadrature<mp>(a, k, HermiteRule::trapezoid, 32);
      const auto proj =
          hermite_coefficient_quadrature<mp>(a, k, HermiteRule::trapezoid, 32, HermiteQuadratureForm::projection);
      EXPECT_TRUE(near("derivative vs projection form", der.value, proj.value,
                       mp(1e-40) * (der.magnitude + proj.magnitude)));
      EXPECT_LT(der.error_estimate, mp(1e-40) * (der.magnitude + mp(1e-300)) + mp(1e-45));
      const double mean = activation_gaussian_mean(a, k + 2) / std::sqrt(factorial<double>(k));
      EXPECT_TRUE(near("vs activation_gaussian_mean", D(der.value), mean, 1e-15 + 1e-14 * std::abs(mean)));
      if (k != 1) continue;  // one 100-digit evaluation per activation (each costs ~0.1-0.3 s)
      const auto c100 = hermite_coefficient_in_precision(a, k, 100);
      EXPECT_TRUE(near("50 vs 100 digits", D(der.value), c100.value,
                       4 * 0x1.0p-53 * std::abs(c100.value) + D(der.error_estimate)));
    }
}

// Parity zeros: sigma'' odd (tanh, erf) gives c_k = 0 for even k; sigma'' even (softplus, sigmoid'... )
// gives c_k = 0 for odd k. hermite_coefficient reports them as zero (is_zero), and the nonzero ones not.
TEST(HermiteCoefficient, ParityZeros) {
  for (int k = 0; k <= 6; ++k) {
    EXPECT_EQ(hermite_coefficient<double>(Activation::tanh, k).is_zero(), k % 2 == 0) << "tanh k = " << k;
    EXPECT_EQ(hermite_coefficient<double>(Activation::erf, k).is_zero(), k % 2 == 0) << "erf k = " << k;
    EXPECT_EQ(hermite_coefficient<double>(Activation::softplus, k).is_zero(), k % 2 == 1) << "softplus k = " << k;
    EXPECT_FALSE(hermite_coefficient<double>(Activation::sincos, k).is_zero());
  }
  EXPECT_TRUE(hermite_coefficient<double>(Activation::cubic, 2).is_zero());
  EXPECT_FALSE(hermite_coefficient<double>(Activation::cubic, 1).is_zero());
}

// Gauss-Hermite is slow for tanh (poles at +-i pi/2): its error at N = 100 is far above 50 digits but
// shrinks with N, and its own error estimate covers it (measured at SPEC Appendix A's 100 nodes).
TEST(HermiteCoefficient, GaussHermiteSlowForTanh) {
  const auto ref = hermite_coefficient_quadrature<mp>(Activation::tanh, 1, HermiteRule::trapezoid, 64);
  const auto gh100 = hermite_coefficient_quadrature<mp>(Activation::tanh, 1, HermiteRule::gauss_hermite, 100);
  const auto gh200 = hermite_coefficient_quadrature<mp>(Activation::tanh, 1, HermiteRule::gauss_hermite, 200);
  const mp e100 = absT(mp(gh100.value - ref.value)), e200 = absT(mp(gh200.value - ref.value));
  std::printf("tanh c_1: |GH(100) - ref| = %.3g (estimate %.3g), |GH(200) - ref| = %.3g\n", D(e100),
              D(gh100.error_estimate), D(e200));
  EXPECT_GT(e100, mp(1e-20));  // nowhere near 50 digits
  EXPECT_LT(e200, e100);
  EXPECT_LE(e100, gh100.error_estimate);
  EXPECT_LE(e200, gh200.error_estimate);
  EXPECT_NEAR(D(ref.value), -0.363595, 5e-7);  // SPEC §1.5 table: E tanh'''(G) = -0.363595
}

// Closed forms of the non-smooth activations. relu3 (sigma'' = relu, smooth on (0, oo)): c_k equals
// int_0^oo t h_k(t) phi(t) dt, computed with Boost's exp_sinh quadrature in long double (tolerance 1e-15
// relative to E|relu(G) h_k(G)| <= 1). relu: c_k = phi(0) h_k(0). Quadrature refuses both.
TEST(HermiteCoefficient, NonSmoothClosedForms) {
  boost::math::quadrature::exp_sinh<long double> integrator;
  const long double inv_sqrt_2pi = 0.398942280401432677939946059934381868L;
  for (int k = 0; k <= 12; ++k) {
    auto g = [&](long double t) {
      if (t > 80) return 0.0L;  // phi(80) < 1e-1300: beyond long double; avoids inf * 0
      return t * hermite_normalized<long double>(k, t) * std::exp(-t * t / 2) * inv_sqrt_2pi;
    };
    const long double q = integrator.integrate(g, 0.0L, std::numeric_limits<long double>::infinity());
    const double c = hermite_coefficient<double>(Activation::relu3, k).value;
    EXPECT_TRUE(near("relu3 c_" + std::to_string(k), c, static_cast<double>(q), 1e-15)) << "k = " << k;
    const double cr = hermite_coefficient<double>(Activation::relu, k).value;
    EXPECT_TRUE(near("relu c_" + std::to_string(k), cr, 0.398942280401432678 * hermite_normalized<double>(k, 0.0),
                     4 * 0x1.0p-53));
  }
  EXPECT_THROW(hermite_coefficient_quadrature<double>(Activation::relu, 0, HermiteRule::gauss_hermite, 20), InputError);
  EXPECT_THROW(hermite_coefficient_quadrature<double>(Activation::relu3, 2, HermiteRule::trapezoid, 16), InputError);
  EXPECT_THROW(hermite_coefficient<double>(Activation::sincos, kMaxHermiteCoefficientIndex + 1), std::invalid_argument);
  EXPECT_THROW(hermite_coefficient_quadrature<double>(Activation::tanh, 1, HermiteRule::gauss_hermite, 1),
               std::invalid_argument);
}
