// activation.hpp: exact derivatives, sup bounds C_k, Gaussian means (SPEC §1.5).
// Scalar use of the 50-digit type only (no Eigen decompositions), so this stays a light TU.
#include "support.hpp"

using namespace bltest;

namespace {

using mp = scalar_mp50;

Activation draw_activation(std::vector<Activation> pool = all_activations()) {
  const auto a = pool[*bltest::uniform_in<std::size_t>(0, pool.size())];
  RC_LOG() << "activation = " << activation_name(a) << "\n";
  return a;
}

/// t in [-lim, lim] on a 1e-6 grid (exactly representable in every type after the division in mp).
double draw_t(double lim) {
  const long k = *bltest::uniform_in<long>(-long(lim * 1e6), long(lim * 1e6) + 1);
  const double t = double(k) / 1e6;
  RC_LOG() << "t = " << std::setprecision(17) << t << "\n";
  return t;
}

bool has_kink(Activation a) { return a == Activation::relu || a == Activation::relu3; }

}  // namespace

// ------------------------------------------------------------------------------------------------
// Derivative k against the central difference of derivative k-1, at 50 digits.
// h = 1e-15: truncation <= h^2/6 sup|sigma^(k+2)| ~ 1.7e-31 eval_mag(k+2); rounding of the two
// 50-digit evaluations (each <= 8 u50 eval_mag(k-1), u50 = 2^-168 ~ 2.7e-51) divided by 2h gives
// <= 2.2e-35 eval_mag(k-1). Tolerance = 4 x (both bounds): any error in a closed form shows up at
// the 1e-15 level or above, 15 orders above the tolerance.
RC_GTEST_PROP(Activation, DerivativeMatchesFiniteDifferenceMp50, ()) {
  const Activation a = draw_activation();
  const int k = *bltest::uniform_in(1, 9);
  const double t = draw_t(8.0);
  if (has_kink(a)) RC_PRE(std::abs(t) > 1e-3);  // the one-sided convention holds only off the kink
  RC_LOG() << "k = " << k << "\n";
  const mp h("1e-15");
  const mp tm(t);
  const mp fd = (activation_derivative<mp>(a, tm + h, k - 1) - activation_derivative<mp>(a, tm - h, k - 1)) / (2 * h);
  const mp got = activation_derivative<mp>(a, tm, k);
  const double trunc = 1e-30 / 6.0 * eval_mag(a, k + 2, t);
  const double round = 8.0 * unit_roundoff<mp>() / 1e-15 * eval_mag(a, k - 1, t);
  rc_near("sigma^(k) vs FD of sigma^(k-1)", got, fd, mp(4.0 * (trunc + round)));
}

// The same at double with the suggested h = 1e-4 for derivative checks (SPEC §6.5): the error
// bound is h^2/6 sup|sigma^(k+2)| + 8 u eval_mag(k-1)/h ~ 1.7e-9 eval_mag(k+2) + 1.8e-11 eval_mag(k-1).
RC_GTEST_PROP(Activation, DerivativeMatchesFiniteDifferenceDouble, ()) {
  const Activation a = draw_activation();
  const int k = *bltest::uniform_in(1, 7);
  const double t = draw_t(8.0);
  if (has_kink(a)) RC_PRE(std::abs(t) > 1e-3);
  RC_LOG() << "k = " << k << "\n";
  const double h = 1e-4;
  const double fd = (activation_derivative<double>(a, t + h, k - 1) - activation_derivative<double>(a, t - h, k - 1)) / (2 * h);
  const double got = activation_derivative<double>(a, t, k);
  const double tol = 4.0 * (h * h / 6 * (eval_mag(a, k + 2, t + h) + eval_mag(a, k + 2, t - h) + eval_mag(a, k + 2, t)) +
                            8.0 * unit_roundoff<double>() / h * (eval_mag(a, k - 1, t + h) + eval_mag(a, k - 1, t - h)));
  rc_near("sigma^(k) vs FD (double)", got, fd, tol);
}

// ------------------------------------------------------------------------------------------------
// double vs 50 digits at the same (exactly representable) t, for all orders 0..12: the double
// closed form errs by at most ~4 u eval_mag(k, t) (support.hpp: eval_mag includes the polynomial
// evaluation error factor); the 50-digit value is exact to 1e-48. Tolerance 8 u eval_mag.
RC_GTEST_PROP(Activation, DoubleAgreesWithMp50, ()) {
  const Activation a = draw_activation();
  const double t = draw_t(30.0);
  double vd[13];
  mp vm[13];
  activation_derivatives<double>(a, t, 12, vd);
  activation_derivatives<mp>(a, mp(t), 12, vm);
  for (int k = 0; k <= 12; ++k) {
    RC_LOG() << "k = " << k << "\n";
    // + 1e-300: below that, double's gradual underflow (absolute error <= 2^-1074 per operation)
    // replaces the relative bound (erf, gelu for |t| >~ 26)
    rc_near("double vs mp50", vd[k], D(vm[k]), 8.0 * unit_roundoff<double>() * eval_mag(a, k, t) + 1e-300);
  }
}

// The three entry points compute the same thing: the order-K array, the single order, and the
// matrix overload (the double one is vectorized). Between two double evaluations of the same
// closed form: 2 x 8 u eval_mag.
RC_GTEST_PROP(Activation, EntryPointsAgree, ()) {
  const Activation a = draw_activation();
  const int K = *bltest::uniform_in(0, kMaxActivationOrder + 1);
  const int rows = *bltest::uniform_in(1, 4), cols = *bltest::uniform_in(1, 9);
  Matrix<double> Z(rows, cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) Z(i, j) = draw_t(40.0);
  std::vector<Matrix<double>> out;
  activation_derivatives<double>(a, Z, K, out);
  RC_ASSERT(int(out.size()) == K + 1);
  std::vector<double> arr(K + 1);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) {
      activation_derivatives<double>(a, Z(i, j), K, arr.data());
      for (int k = 0; k <= K; ++k) {
        RC_ASSERT(out[k].rows() == rows);
        RC_ASSERT(out[k].cols() == cols);
        const double tol = 16.0 * unit_roundoff<double>() * eval_mag(a, k, Z(i, j)) + 1e-300;  // 1e-300: underflow
        rc_near("matrix vs array k=" + std::to_string(k), out[k](i, j), arr[k], tol);
        rc_near("single vs array k=" + std::to_string(k), activation_derivative<double>(a, Z(i, j), k), arr[k], tol);
      }
    }
}

// ------------------------------------------------------------------------------------------------
// Relations between activations, at 50 digits (tolerance 16 u50 x the magnitudes involved).

RC_GTEST_PROP(Activation, SoftplusDerivativeIsSigmoid, ()) {
  const double t = draw_t(30.0);
  const int k = *bltest::uniform_in(1, kMaxActivationOrder + 1);
  const mp a = activation_derivative<mp>(Activation::softplus, mp(t), k);
  const mp b = activation_derivative<mp>(Activation::sigmoid, mp(t), k - 1);
  rc_near("softplus^(k) = sigmoid^(k-1), k=" + std::to_string(k), a, b,
          mp(16.0 * unit_roundoff<mp>() * eval_mag(Activation::softplus, k, t)));
}

RC_GTEST_PROP(Activation, TanhIsRescaledSigmoid, ()) {
  // tanh t = 2 s(2t) - 1, so tanh^(k)(t) = 2^(k+1) s^(k)(2t) for k >= 1 (2t is exact).
  const double t = draw_t(15.0);
  const int k = *bltest::uniform_in(1, 13);
  const mp a = activation_derivative<mp>(Activation::tanh, mp(t), k);
  using std::ldexp;
  const mp b = ldexp(activation_derivative<mp>(Activation::sigmoid, mp(2 * t), k), k + 1);
  const double mag = eval_mag(Activation::tanh, k, t) + std::ldexp(eval_mag(Activation::sigmoid, k, 2 * t), k + 1);
  rc_near("tanh^(k)(t) = 2^(k+1) sigmoid^(k)(2t), k=" + std::to_string(k), a, b, mp(16.0 * unit_roundoff<mp>() * mag));
}

RC_GTEST_PROP(Activation, GeluFromErf, ()) {
  // Phi(t) = (1 + erf(t/sqrt2))/2, so Phi^(j)(t) = 2^(-j/2) erf^(j)(t/sqrt2)/2 for j >= 1, and
  // gelu^(k) = t Phi^(k) + k Phi^(k-1). The argument t/sqrt2 carries one rounding (u50 |t| times
  // |erf^(j+1)|): tolerance 16 u50 (eval_mag of gelu + of the erf terms, scaled by 1 + |t|).
  const double t = draw_t(8.0);
  const int k = *bltest::uniform_in(1, 10);
  using std::sqrt;
  using std::pow;
  const mp s2 = sqrt(mp(2)), z = mp(t) / s2;
  auto dPhi = [&](int j) {
    if (j == 0) return mp((1 + activation_derivative<mp>(Activation::erf, z, 0)) / 2);
    return mp(pow(s2, -j) * activation_derivative<mp>(Activation::erf, z, j) / 2);
  };
  const mp want = mp(t) * dPhi(k) + mp(k) * dPhi(k - 1);
  const mp got = activation_derivative<mp>(Activation::gelu, mp(t), k);
  const double zt = t / std::sqrt(2.0);
  const double mag = eval_mag(Activation::gelu, k, t) +
                     (1 + std::abs(t)) * (eval_mag(Activation::erf, k, zt) + eval_mag(Activation::erf, k + 1, zt) +
                                          k * (eval_mag(Activation::erf, k - 1, zt) + eval_mag(Activation::erf, k, zt)));
  rc_near("gelu from erf, k=" + std::to_string(k), got, want, mp(16.0 * unit_roundoff<mp>() * mag));
}

RC_GTEST_PROP(Activation, SinCosClosedForm, ()) {
  // sigma^(k)(t) = sqrt2 sin(t + pi/4 + k pi/2); period 4 in k; sigma'' = -sigma.
  const double t = draw_t(30.0);
  const int k = *bltest::uniform_in(0, kMaxActivationOrder + 1);
  using std::sin;
  using std::sqrt;
  const mp pi = boost::math::constants::pi<mp>();
  const mp want = sqrt(mp(2)) * sin(mp(t) + pi / 4 + mp(k) * pi / 2);
  const mp got = activation_derivative<mp>(Activation::sincos, mp(t), k);
  const mp tol = mp(16.0 * unit_roundoff<mp>() * eval_mag(Activation::sincos, k, t));
  rc_near("sincos closed form, k=" + std::to_string(k), got, want, tol);
  if (k + 4 <= kMaxActivationOrder)
    rc_near("period 4", activation_derivative<mp>(Activation::sincos, mp(t), k + 4), got,
            mp(16.0 * unit_roundoff<mp>() * eval_mag(Activation::sincos, k + 4, t)));
  if (k + 2 <= kMaxActivationOrder)
    rc_near("sigma^(k+2) = -sigma^(k)", activation_derivative<mp>(Activation::sincos, mp(t), k + 2), mp(-got),
            mp(16.0 * unit_roundoff<mp>() * eval_mag(Activation::sincos, k + 2, t)));
}

RC_GTEST_PROP(Activation, PolynomialActivationsExact, ()) {
  // cubic t + t^2/2 + t^3/6 and relu3 relu(t)^3/6: exact polynomials, compared at 50 digits.
  const double t = draw_t(50.0);
  const mp x(t), r = t > 0 ? x : mp(0);
  const mp cubic[5] = {x + x * x / 2 + x * x * x / 6, 1 + x + x * x / 2, 1 + x, mp(1), mp(0)};
  const mp relu3[5] = {r * r * r / 6, r * r / 2, r, mp(t > 0 ? 1 : 0), mp(0)};
  const mp relu[3] = {r, mp(t > 0 ? 1 : 0), mp(0)};
  for (int k = 0; k <= 8; ++k) {
    const mp tol_c = mp(8.0 * unit_roundoff<mp>() * eval_mag(Activation::cubic, k, t));
    rc_near("cubic k=" + std::to_string(k), activation_derivative<mp>(Activation::cubic, x, k), k <= 4 ? cubic[k] : mp(0), tol_c);
    const mp tol_r = mp(8.0 * unit_roundoff<mp>() * eval_mag(Activation::relu3, k, t));
    rc_near("relu3 k=" + std::to_string(k), activation_derivative<mp>(Activation::relu3, x, k), k <= 4 ? relu3[k] : mp(0), tol_r);
    const mp tol_l = mp(8.0 * unit_roundoff<mp>() * eval_mag(Activation::relu, k, t));
    rc_near("relu k=" + std::to_string(k), activation_derivative<mp>(Activation::relu, x, k), k <= 2 ? relu[k] : mp(0), tol_l);
  }
}

// ------------------------------------------------------------------------------------------------
// Closed values at special points (exact mathematics, not golden numbers), in double and mp50,
// each within 4 u (1 + |value|).

namespace {
template <class T> void check_special_points() {
  using std::log;
  using std::sqrt;
  const T pi = boost::math::constants::pi<T>();
  struct Case {
    Activation a;
    double t;
    int k;
    T want;
  };
  const std::vector<Case> cases{
      {Activation::tanh, 0, 0, T(0)},          {Activation::tanh, 0, 1, T(1)},
      {Activation::tanh, 0, 2, T(0)},          {Activation::tanh, 0, 3, T(-2)},
      {Activation::tanh, 0, 4, T(0)},          {Activation::tanh, 0, 5, T(16)},
      {Activation::sigmoid, 0, 0, T(1) / 2},   {Activation::sigmoid, 0, 1, T(1) / 4},
      {Activation::sigmoid, 0, 2, T(0)},       {Activation::sigmoid, 0, 3, T(-1) / 8},
      {Activation::softplus, 0, 0, log(T(2))}, {Activation::softplus, 0, 1, T(1) / 2},
      {Activation::softplus, 0, 2, T(1) / 4},  {Activation::softplus, 0, 3, T(0)},
      {Activation::softplus, 0, 4, T(-1) / 8}, {Activation::sincos, 0, 0, T(1)},
      {Activation::sincos, 0, 1, T(1)},        {Activation::sincos, 0, 2, T(-1)},
      {Activation::sincos, 0, 3, T(-1)},       {Activation::sincos, 0, 4, T(1)},
      {Activation::cubic, 0, 0, T(0)},         {Activation::cubic, 0, 1, T(1)},
      {Activation::cubic, 0, 2, T(1)},         {Activation::cubic, 0, 3, T(1)},
      {Activation::cubic, 1, 0, T(5) / 3},     {Activation::cubic, 0, 4, T(0)},
      {Activation::relu3, 2, 0, T(4) / 3},     {Activation::relu3, 2, 1, T(2)},
      {Activation::relu3, 2, 2, T(2)},         {Activation::relu3, 2, 3, T(1)},
      {Activation::relu3, -1, 0, T(0)},        {Activation::relu3, -1, 3, T(0)},
      {Activation::relu3, 0, 3, T(0)},         {Activation::relu, 2, 0, T(2)},
      {Activation::relu, -1, 0, T(0)},         {Activation::relu, 2, 1, T(1)},
      {Activation::relu, 0, 1, T(0)},          {Activation::relu, 2, 2, T(0)},
      {Activation::erf, 0, 0, T(0)},           {Activation::erf, 0, 1, 2 / sqrt(pi)},
      {Activation::erf, 0, 2, T(0)},           {Activation::erf, 0, 3, -4 / sqrt(pi)},
      {Activation::gelu, 0, 0, T(0)},          {Activation::gelu, 0, 1, T(1) / 2},
      {Activation::gelu, 0, 2, 2 / sqrt(2 * pi)}, {Activation::gelu, 0, 3, T(0)},
  };
  for (const auto& c : cases) {
    using std::abs;
    const T got = activation_derivative<T>(c.a, T(c.t), c.k);
    EXPECT_TRUE(near(std::string(scalar_name<T>()) + " " + activation_name(c.a) + "^(" + std::to_string(c.k) +
                         ")(" + std::to_string(c.t) + ")",
                     got, c.want, T(4 * uT<T>() * (1 + abs(c.want)))));
  }
}
}  // namespace

TEST(Activation, SpecialPointsDouble) { check_special_points<double>(); }
TEST(Activation, SpecialPointsLongDouble) { check_special_points<long double>(); }
TEST(Activation, SpecialPointsMp50) { check_special_points<mp>(); }

TEST(Activation, FiniteFarOut) {
  // The closed forms must not overflow or produce NaN for large |t| (tanh via sech^2, logistic via
  // 1/(1+e^t), softplus via max(t,0) + log1p(e^-|t|)).
  for (Activation a : all_activations())
    for (double t : {-1e4, -745.0, -40.0, -1e-300, 0.0, 1e-300, 40.0, 745.0, 1e4}) {
      double v[9];
      activation_derivatives<double>(a, t, 8, v);
      for (int k = 0; k <= 8; ++k)
        EXPECT_TRUE(std::isfinite(v[k])) << activation_name(a) << "^(" << k << ")(" << t << ") = " << v[k];
    }
  // softplus is accurate where naive log(1 + e^t) is not
  EXPECT_EQ(activation_derivative<double>(Activation::softplus, 800.0, 0), 800.0);
  EXPECT_GT(activation_derivative<double>(Activation::softplus, -700.0, 0), 0.0);
  EXPECT_GT(activation_derivative<double>(Activation::tanh, 40.0, 1), 0.0);  // sech^2(40) ~ 7e-35, not 1 - 1
}

// ------------------------------------------------------------------------------------------------
// Sup bounds C_k (activation_sup_bound).

namespace {
bool bounded(Activation a, int k) { return std::isfinite(activation_sup_bound(a, k)); }
}  // namespace

TEST(ActivationSupBound, ExactValues) {
  for (int k = 0; k <= 8; ++k) {
    EXPECT_EQ(activation_sup_bound(Activation::sincos, k), std::sqrt(2.0)) << k;
    // cubic: unbounded for k <= 2, sigma''' = 1, then 0
    EXPECT_EQ(activation_sup_bound(Activation::cubic, k),
              k <= 2 ? std::numeric_limits<double>::infinity() : (k == 3 ? 1.0 : 0.0))
        << k;
    EXPECT_EQ(activation_sup_bound(Activation::relu3, k),
              k <= 2 ? std::numeric_limits<double>::infinity() : (k == 3 ? 1.0 : 0.0))
        << k;
    EXPECT_EQ(activation_sup_bound(Activation::relu, k),
              k == 0 ? std::numeric_limits<double>::infinity() : (k == 1 ? 1.0 : 0.0))
        << k;
  }
  EXPECT_EQ(activation_sup_bound(Activation::softplus, 0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(activation_sup_bound(Activation::gelu, 0), std::numeric_limits<double>::infinity());
}

TEST(ActivationSupBound, SpecTableValues) {
  // SPEC §1.5 table, 6 decimals: |C_k - table| <= 1e-6, one unit of the last printed digit: the
  // table's last digit is not always rounded (tanh C_4 = 4.08588550297..., by golden-section search
  // on 8T(1-T^2)(2-3T^2) at t = 0.421316..., is printed as 4.085885, i.e. truncated), so half a unit
  // would test the table's rounding rather than the library.
  const double tol = 1e-6;
  EXPECT_NEAR(activation_sup_bound(Activation::tanh, 1), 1.0, tol);
  EXPECT_NEAR(activation_sup_bound(Activation::tanh, 2), 0.769800, tol);
  EXPECT_NEAR(activation_sup_bound(Activation::tanh, 3), 2.0, tol);
  EXPECT_NEAR(activation_sup_bound(Activation::tanh, 4), 4.085885, tol);
  EXPECT_NEAR(activation_sup_bound(Activation::softplus, 1), 1.0, tol);
  EXPECT_NEAR(activation_sup_bound(Activation::softplus, 2), 0.25, tol);
  EXPECT_NEAR(activation_sup_bound(Activation::softplus, 3), 0.096225, tol);
  EXPECT_NEAR(activation_sup_bound(Activation::softplus, 4), 0.125, tol);
  // sup bounds are documented as upper bounds at double precision: the exact values 1, 1/4, 2,
  // 1/(6 sqrt 3), 1/8 must not be undercut
  EXPECT_GE(activation_sup_bound(Activation::tanh, 3), 2.0);
  EXPECT_GE(activation_sup_bound(Activation::softplus, 2), 0.25);
  EXPECT_GE(activation_sup_bound(Activation::softplus, 3), 1.0 / (6.0 * std::sqrt(3.0)));
  EXPECT_GE(activation_sup_bound(Activation::softplus, 4), 0.125);
}

TEST(ActivationSupBound, RelationsBetweenActivations) {
  // softplus^(k+1) = sigmoid^(k) and tanh^(k)(t) = 2^(k+1) sigmoid^(k)(2t): the sups obey the same
  // relations. Each bound is the true sup to ~1e-15 relative, rounded up by 4 ulps (activation.hpp),
  // so two of them agree to 2 x (1e-15 + 4 x 2.2e-16) < 4e-15 relative; tolerance 1e-14 relative.
  for (int k = 0; k <= 7; ++k) {
    const double sp = activation_sup_bound(Activation::softplus, k + 1), sg = activation_sup_bound(Activation::sigmoid, k);
    EXPECT_NEAR(sp, sg, 1e-14 * sg) << "softplus C_" << k + 1 << " vs sigmoid C_" << k;
  }
  for (int k = 1; k <= 8; ++k) {
    const double th = activation_sup_bound(Activation::tanh, k), sg = activation_sup_bound(Activation::sigmoid, k);
    EXPECT_NEAR(th, std::ldexp(sg, k + 1), 1e-14 * th) << "tanh C_" << k << " vs 2^(k+1) sigmoid C_" << k;
  }
}

TEST(ActivationSupBound, BoundsAndIsTightOnGrid) {
  // On the grid t = -40 + j 1e-3: |sigma^(k)(t)| <= C_k (evaluated in long double, whose own error
  // is <= 8 u_ld eval_mag), and the grid maximum is within h^2/8 C_{k+2} of C_k (Taylor expansion
  // around the maximizer, which lies within h/2 of a grid point; all maximizers are in [-40, 40]).
  const double h = 1e-3;
  for (Activation a : all_activations())
    for (int k = 0; k <= 8; ++k) {
      if (!bounded(a, k)) continue;
      const double C = activation_sup_bound(a, k);
      long double gmax = 0;
      double worst_excess = -1e300, worst_t = 0;
      for (int j = 0; j <= 80000; ++j) {
        const double t = -40.0 + j * h;
        const long double v = std::abs(activation_derivative<long double>(a, (long double)t, k));
        gmax = std::max(gmax, v);
        if (v <= (long double)C) continue;  // the common case; eval_mag is only needed above C
        const double excess = double(v - (long double)C) - 8.0 * unit_roundoff<long double>() * eval_mag(a, k, t);
        if (excess > worst_excess) {
          worst_excess = excess;
          worst_t = t;
        }
      }
      EXPECT_LE(worst_excess, 0.0) << activation_name(a) << " C_" << k << " = " << C << " exceeded at t = " << worst_t;
      if (k <= 6 && bounded(a, k + 2)) {
        const double slack = h * h / 8 * activation_sup_bound(a, k + 2) + 8 * unit_roundoff<double>() * C;
        EXPECT_GE(double(gmax), C - slack) << activation_name(a) << " C_" << k << " = " << C << " not attained";
      }
    }
}

// ------------------------------------------------------------------------------------------------
// Gaussian means E sigma^(k)(G).

namespace {
/// E f(G) by the trapezoid rule on [-14, 14] with step 1/200: for an entire integrand times the
/// Gaussian the error is O(exp(-2 pi^2 / h^2)) (negligible), the truncated tails < 1e-40, and
/// rounding of 5600 terms in long double ~ 1e-17.
template <class F> double gaussian_mean_trapezoid(F f) {
  const long double h = 1.0L / 200, pi = 3.141592653589793238462643383279502884L;
  long double s = 0;
  for (int j = -2800; j <= 2800; ++j) {
    const long double t = j * h;
    s += f(t) * std::exp(-t * t / 2);
  }
  return double(s * h / std::sqrt(2 * pi));
}
}  // namespace

TEST(ActivationGaussianMean, SpecTableAndClosedForms) {
  const double tol6 = 5e-7;  // SPEC table printed to 6 decimals
  const double e = std::exp(-0.5);
  const double sc[5] = {e, e, -e, -e, e};  // sincos: E sigma^(k)(G) = sqrt2 e^-1/2 sin(pi/4 + k pi/2)
  for (int k = 0; k <= 4; ++k)
    EXPECT_NEAR(activation_gaussian_mean(Activation::sincos, k), sc[k], 4 * unit_roundoff<double>()) << k;
  const double cubic[5] = {0.5, 1.5, 1.0, 1.0, 0.0};  // exact moments of G
  for (int k = 0; k <= 4; ++k)
    EXPECT_NEAR(activation_gaussian_mean(Activation::cubic, k), cubic[k], 4 * unit_roundoff<double>()) << k;
  const double tanh_tab[4] = {0.605706, 0.0, -0.363595, 0.0};
  const double sp_tab[4] = {0.5, 0.206621, 0.0, -0.062396};
  for (int k = 1; k <= 4; ++k) {
    EXPECT_NEAR(activation_gaussian_mean(Activation::tanh, k), tanh_tab[k - 1], tol6) << "tanh k=" << k;
    EXPECT_NEAR(activation_gaussian_mean(Activation::softplus, k), sp_tab[k - 1], tol6) << "softplus k=" << k;
  }
}

TEST(ActivationGaussianMean, Relu3SpecTable) {
  // SPEC §1.5: E relu3^(k)(G) = 1/4, 1/sqrt(2 pi), 1/2, 0 for k = 1..4 (exact), to the table's 6 digits.
  const double want[4] = {0.25, 1.0 / std::sqrt(2 * M_PI), 0.5, 0.0};
  for (int k = 1; k <= 4; ++k)
    EXPECT_NEAR(activation_gaussian_mean(Activation::relu3, k), want[k - 1], 5e-7) << "relu3 k=" << k;
}

TEST(ActivationGaussianMean, AgreesWithTrapezoid) {
  // Smooth activations, k = 0..6: the library's 200-node Gauss-Hermite (long double) and the
  // trapezoid rule above are both accurate to < 1e-14 (Gauss-Hermite is exact for polynomials of
  // degree < 400 and converges geometrically for these entire integrands, tanh/sigmoid/softplus
  // excepted: analytic in the strip |Im t| < pi/2, they still get error ~ exp(-2 (pi/2) sqrt(2N)) ~ 1e-27).
  for (Activation a : {Activation::sincos, Activation::tanh, Activation::softplus, Activation::sigmoid,
                       Activation::cubic, Activation::erf, Activation::gelu})
    for (int k = 0; k <= 6; ++k) {
      const double ref = gaussian_mean_trapezoid([&](long double t) { return activation_derivative<long double>(a, t, k); });
      EXPECT_NEAR(activation_gaussian_mean(a, k), ref, 1e-12 * (1 + std::abs(ref))) << activation_name(a) << " k=" << k;
    }
}

// ------------------------------------------------------------------------------------------------
// Names, smoothness flags

TEST(ActivationNames, RoundTripAndErrors) {
  const auto& all = all_activations();
  EXPECT_EQ(all.size(), 9u);
  const std::vector<std::string> names{"sincos", "tanh", "softplus", "sigmoid", "cubic", "relu3", "relu", "erf", "gelu"};
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(activation_name(all[i]), names[i]);
    EXPECT_EQ(parse_activation(names[i]), all[i]);
  }
  for (const std::string bad : {"", "Tanh", "relu4", "sin+cos", " tanh"}) {
    try {
      (void)parse_activation(bad, "act-field");
      ADD_FAILURE() << "parse_activation(\"" << bad << "\") did not throw";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "act-field");
      EXPECT_NE(std::string(e.what()).find("act-field"), std::string::npos) << e.what();
      if (!bad.empty()) {
        EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
      }
    }
  }
  try {
    (void)parse_activation("nope");
    ADD_FAILURE() << "no throw";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "activation");
  }
}

TEST(ActivationNames, Smoothness) {
  for (int k = 0; k <= 8; ++k) {
    EXPECT_EQ(activation_is_smooth(Activation::relu, k), k == 0) << k;
    EXPECT_EQ(activation_is_smooth(Activation::relu3, k), k <= 2) << k;
    for (Activation a : {Activation::sincos, Activation::tanh, Activation::softplus, Activation::sigmoid,
                         Activation::cubic, Activation::erf, Activation::gelu})
      EXPECT_TRUE(activation_is_smooth(a, k)) << activation_name(a) << " " << k;
  }
}
