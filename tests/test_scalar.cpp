// scalar.hpp (decimal conversion, compensated summation, unit roundoff) and rng.hpp (Rng).
// Scalar-only use of the multiprecision types: no Eigen decompositions here, cheap to compile.
#include "support.hpp"

#include <algorithm>
#include <random>
#include <set>

using namespace bltest;

namespace {

// ---- decimal round trip ------------------------------------------------------------------------

/// A random decimal string "[-]d.ddd...e[+-]XX" with `digits` significant digits (first nonzero).
std::string random_decimal(int digits, int emax) {
  std::string s;
  if (*bltest::uniform_in(0, 2)) s += '-';
  s += char('1' + *bltest::uniform_in(0, 9));
  s += '.';
  for (int j = 1; j < digits; ++j) s += char('0' + *bltest::uniform_in(0, 10));
  const int e = *bltest::uniform_in(-emax, emax + 1);
  char buf[16];
  std::snprintf(buf, sizeof buf, "e%+03d", e);
  s += buf;
  return s;
}

// A decimal string with digits10 significant digits survives decimal -> binary -> decimal unchanged:
// that is the definition of digits10 (numeric_limits). Exact string equality.
template <class T> void prop_decimal_to_binary_to_decimal() {
  const int digits = std::numeric_limits<T>::digits10;
  const std::string s = random_decimal(digits, 250);
  RC_LOG() << "T = " << scalar_name<T>() << ", s = " << s << "\n";
  const T x = from_decimal_string<T>(s);
  const std::string back = to_decimal_string(x, digits);
  RC_LOG() << "back = " << back << "\n";
  // Normalize exponent notation: both are d.ddd e+XX; compare mantissa and exponent as numbers.
  const auto split = [](const std::string& str) {
    const auto p = str.find_first_of("eE");
    return std::make_pair(str.substr(0, p), std::stoi(str.substr(p + 1)));
  };
  RC_ASSERT(split(back) == split(s));
}

// Binary -> decimal -> binary with decimal_digits<T>() digits: exact whenever that is at least
// max_digits10 (the C++ guarantee of max_digits10; double 17, long double 21). Otherwise (a type
// printed with fewer digits) only |x' - x| <= (5 * 10^-digits + u)|x| is guaranteed: half a unit in
// the last printed digit plus the parse rounding.
template <class T> void prop_binary_to_decimal_to_binary(const T& x) {
  const std::string s = to_decimal_string(x);
  const T y = from_decimal_string<T>(s);
  RC_LOG() << "T = " << scalar_name<T>() << ", x = " << S(x) << ", string " << s << "\n";
  if constexpr (std::is_floating_point_v<T>) RC_ASSERT(decimal_digits<T>() >= std::numeric_limits<T>::max_digits10);
  if (decimal_digits<T>() >= std::numeric_limits<T>::max_digits10) {
    RC_ASSERT(y == x);
  } else {
    using std::abs;
    using std::pow;
    const T tol = (T(5) * pow(T(10), -decimal_digits<T>()) + uT<T>()) * abs(x);
    rc_near("round trip", y, x, tol);
  }
}

template <class T> T random_scalar() {
  // x = (1 + k / 2^40) * 2^e / 3 with random k, e: many mantissa bits set, wide exponent range.
  const std::int64_t k = *bltest::uniform_in<std::int64_t>(0, std::int64_t(1) << 40);
  const int e = *bltest::uniform_in(-300, 300);
  using std::ldexp;
  T x = (T(1) + T(k) / T(std::int64_t(1) << 40)) / T(3);
  x = ldexp(x, e);
  return *bltest::uniform_in(0, 2) ? x : T(-x);
}

}  // namespace

RC_GTEST_PROP(Scalar, DecimalToBinaryToDecimalDouble, ()) { prop_decimal_to_binary_to_decimal<double>(); }
RC_GTEST_PROP(Scalar, DecimalToBinaryToDecimalLongDouble, ()) { prop_decimal_to_binary_to_decimal<long double>(); }
RC_GTEST_PROP(Scalar, DecimalToBinaryToDecimalMp50, ()) { prop_decimal_to_binary_to_decimal<scalar_mp50>(); }
RC_GTEST_PROP(Scalar, DecimalToBinaryToDecimalMp100, ()) { prop_decimal_to_binary_to_decimal<scalar_mp100>(); }

RC_GTEST_PROP(Scalar, BinaryToDecimalToBinaryDouble, ()) {
  // any finite double, including subnormals
  const double x = *bltest::uniform_any<double>();
  RC_PRE(std::isfinite(x));
  prop_binary_to_decimal_to_binary<double>(x);
}
RC_GTEST_PROP(Scalar, BinaryToDecimalToBinaryLongDouble, ()) {
  prop_binary_to_decimal_to_binary<long double>(random_scalar<long double>());
}
RC_GTEST_PROP(Scalar, BinaryToDecimalToBinaryMp50, ()) {
  prop_binary_to_decimal_to_binary<scalar_mp50>(random_scalar<scalar_mp50>());
}
RC_GTEST_PROP(Scalar, BinaryToDecimalToBinaryMp100, ()) {
  prop_binary_to_decimal_to_binary<scalar_mp100>(random_scalar<scalar_mp100>());
}

namespace {
template <class T> void check_malformed() {
  const std::vector<std::string> bad{"",    " 1",  "1 ",  "abc", "1.2.3", "1e",  "1e+",    "--1",  "+-1", ".",
                                     "e5",  "+",   "-",   "0x10", "1,5",  "nan", "inf",    "1e5.0", "1..",
                                     "1d3", "1_0", "١"};
  for (const auto& s : bad) {
    try {
      (void)from_decimal_string<T>(s);
      ADD_FAILURE() << scalar_name<T>() << ": from_decimal_string(\"" << s << "\") did not throw";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("\"" + s + "\""), std::string::npos)
          << scalar_name<T>() << ": message does not quote the string: " << e.what();
    }
  }
  // well-formed variants of the grammar [+-]digits[.digits][(e|E)[+-]digits] parse to the right value
  EXPECT_EQ(from_decimal_string<T>("+1.5E+2"), T(150));
  EXPECT_EQ(from_decimal_string<T>("0025e-1"), T(2.5));
  EXPECT_EQ(from_decimal_string<T>("-0"), T(0));
}
}  // namespace

TEST(Scalar, MalformedStringsThrowDouble) { check_malformed<double>(); }
TEST(Scalar, MalformedStringsThrowLongDouble) { check_malformed<long double>(); }
TEST(Scalar, MalformedStringsThrowMp50) { check_malformed<scalar_mp50>(); }
TEST(Scalar, MalformedStringsThrowMp100) { check_malformed<scalar_mp100>(); }

namespace {
template <class T> void check_nonfinite_strings() {
  const T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  EXPECT_EQ(to_decimal_string(inf), "inf") << scalar_name<T>();
  EXPECT_EQ(to_decimal_string(T(-inf)), "-inf") << scalar_name<T>();
  EXPECT_EQ(to_decimal_string(nan), "nan") << scalar_name<T>();
  EXPECT_FALSE(is_finite(inf));
  EXPECT_FALSE(is_finite(nan));
  EXPECT_TRUE(is_finite(T(1)));
}
}  // namespace

TEST(Scalar, NonFiniteStrings) {
  check_nonfinite_strings<double>();
  check_nonfinite_strings<long double>();
  check_nonfinite_strings<scalar_mp50>();
  check_nonfinite_strings<scalar_mp100>();
}

TEST(Scalar, DecimalStringFormat) {
  // scientific notation with exactly `digits` significant digits (scalar.hpp example)
  EXPECT_EQ(to_decimal_string(0.375, 17), "3.7500000000000000e-01");
  EXPECT_EQ(to_decimal_string(0.375L, 4), "3.750e-01");
  EXPECT_EQ(to_decimal_string(scalar_mp50(1) / 4, 5), "2.5000e-01");
  EXPECT_EQ(to_decimal_string(scalar_mp100(-3), 3), "-3.00e+00");
}

TEST(Scalar, UnitRoundoffAndDigits) {
  // u = eps/2 by definition; eps = 2^(1-p) with p the mantissa bits.
  EXPECT_EQ(unit_roundoff<double>(), std::ldexp(1.0, -53));
  EXPECT_EQ(unit_roundoff<long double>(), std::ldexp(1.0, -64));
  // 50 / 100 decimal digits: u <= 10^-50 / 2 resp. 10^-100 / 2 (p >= digits10 * log2(10) + 1)
  EXPECT_LE(unit_roundoff<scalar_mp50>(), 0.5e-50);
  EXPECT_LE(unit_roundoff<scalar_mp100>(), 0.5e-100);
  EXPECT_GE(std::numeric_limits<scalar_mp50>::digits10, 50);
  EXPECT_GE(std::numeric_limits<scalar_mp100>::digits10, 100);
  EXPECT_EQ(decimal_digits<double>(), 17);
  EXPECT_EQ(decimal_digits<long double>(), 21);
}

// ---- compensated summation ---------------------------------------------------------------------
//
// Terms: N random values spread over 10^-3..10^8 together with their exact negatives, plus N small
// terms in (0, 10^-3), shuffled. The exact sum is the sum of the small terms; sum|x| / |sum x| is
// about 10^8. The exact sum of these doubles is computed in mp100 (333+ bits hold any sum of doubles
// whose exponents span < 280 bits, so it is exact). scalar.hpp's bound for Neumaier summation:
// |s - S| <= 2u|S| + O(N u^2) sum|x|; we allow 2u|S| + 4 N u^2 sum|x| (the O-constant of Higham
// §4.3 is below 4). Naive summation would be off by up to about N u sum|x|: 10^9 times more.

namespace {
template <class T> void prop_compensated_sum() {
  const int N = *bltest::uniform_in(1, 3000);
  const std::uint64_t seed = *bltest::uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  RC_LOG() << "T = " << scalar_name<T>() << " N = " << N << " seed = " << seed << "\n";
  Rng rng(seed);
  std::vector<T> x;
  for (int k = 0; k < N; ++k) {
    const T big = T(rng.normal()) * T(std::pow(10.0, -3.0 + 11.0 * rng.uniform()));
    x.push_back(big);
    x.push_back(-big);
    x.push_back(T(1e-3 * rng.uniform()));
  }
  std::mt19937_64 shuffler(seed);
  std::shuffle(x.begin(), x.end(), shuffler);
  scalar_mp100 exact = 0, abs_sum = 0;
  for (const T& v : x) {
    exact += scalar_mp100(v);
    using std::abs;
    abs_sum += scalar_mp100(abs(v));
  }
  CompensatedSum<T> cs;
  for (const T& v : x) cs.add(v);
  const scalar_mp100 u(unit_roundoff<T>());
  using std::abs;
  const scalar_mp100 tol = 2 * u * abs(exact) + 4 * scalar_mp100(double(x.size())) * u * u * abs_sum;
  rc_near("CompensatedSum", scalar_mp100(cs.value()), exact, tol);
  // compensated_sum over a strided range: every other element of x, same bound
  const Eigen::Index half = Eigen::Index(x.size() / 2);
  scalar_mp100 exact2 = 0, abs2 = 0;
  for (Eigen::Index i = 0; i < half; ++i) {
    exact2 += scalar_mp100(x[2 * i]);
    abs2 += abs(scalar_mp100(x[2 * i]));
  }
  const T s2 = compensated_sum(x.data(), half, 2);
  rc_near("compensated_sum stride 2", scalar_mp100(s2), exact2,
          scalar_mp100(2 * u * abs(exact2) + 4 * scalar_mp100(double(half)) * u * u * abs2));
}
}  // namespace

RC_GTEST_PROP(Scalar, CompensatedSumDouble, ()) { prop_compensated_sum<double>(); }
RC_GTEST_PROP(Scalar, CompensatedSumLongDouble, ()) { prop_compensated_sum<long double>(); }
RC_GTEST_PROP(Scalar, CompensatedSumMp50, ()) { prop_compensated_sum<scalar_mp50>(); }

RC_GTEST_PROP(Scalar, CompensatedRowSumsAgreeWithCompensatedSum, ()) {
  // Both are documented as the same Neumaier recursion in index order: results are identical.
  const int n = *bltest::uniform_in(1, 6), m = *bltest::uniform_in(1, 200);
  const std::uint64_t seed = *bltest::uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  Rng rng(seed);
  Matrix<double> A(n, m);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) A(i, j) = rng.normal() * std::pow(10.0, 8 * rng.uniform());
  const Vector<double> rows = compensated_row_sums(A);
  for (int i = 0; i < n; ++i) {
    CompensatedSum<double> cs;
    for (int j = 0; j < m; ++j) cs.add(A(i, j));
    RC_ASSERT(rows(i) == cs.value());
  }
  // the Eigen-expression overload sums column-major: same as the flat range
  RC_ASSERT(compensated_sum(A) == compensated_sum(A.data(), A.size()));
}

// ---- Rng ---------------------------------------------------------------------------------------

RC_GTEST_PROP(Rng, SameSeedSameStream, ()) {
  const std::uint64_t seed = *bltest::uniform_any<std::uint64_t>();
  Rng a(seed), b(seed);
  for (int k = 0; k < 500; ++k) {
    // interleave all draw kinds: the streams must stay in lock step
    RC_ASSERT(a.bits() == b.bits());
    RC_ASSERT(a.uniform() == b.uniform());
    RC_ASSERT(a.normal() == b.normal());
    RC_ASSERT(a.sign() == b.sign());
    RC_ASSERT(a.split() == b.split());
  }
}

RC_GTEST_PROP(Rng, IsDocumentedMersenneTwister, ()) {
  // rng.hpp: std::mt19937_64 with the seed; uniform = top 53 bits * 2^-53; sign from the top bit.
  const std::uint64_t seed = *bltest::uniform_any<std::uint64_t>();
  Rng a(seed), b(seed), c(seed);
  std::mt19937_64 ref(seed), ref2(seed), ref3(seed);
  for (int k = 0; k < 200; ++k) {
    RC_ASSERT(a.bits() == ref());
    const double u = b.uniform();
    RC_ASSERT(u == double(ref2() >> 11) * 0x1.0p-53);
    RC_ASSERT(u >= 0.0);
    RC_ASSERT(u < 1.0);
    const int s = c.sign();
    RC_ASSERT(s == ((ref3() >> 63) ? 1 : -1));
  }
}

RC_GTEST_PROP(Rng, DifferentSeedsDiffer, ()) {
  const std::uint64_t seed = *bltest::uniform_any<std::uint64_t>();
  Rng a(seed), b(seed + 1);
  bool differ = false;
  for (int k = 0; k < 4; ++k) differ = differ || a.bits() != b.bits();
  RC_ASSERT(differ);
}

RC_GTEST_PROP(Rng, NormalMoments, ()) {
  // N = 2*10^4 Box-Muller normals: sample mean ~ N(0, 1/N), sample variance ~ N(1, 2/N).
  // Six standard errors: a correct generator fails with probability < 10^-8 per seed.
  const std::uint64_t seed = *bltest::uniform_any<std::uint64_t>();
  Rng rng(seed);
  const int N = 20000;
  double s = 0, s2 = 0;
  int plus = 0;
  for (int k = 0; k < N; ++k) {
    const double z = rng.normal();
    RC_ASSERT(std::isfinite(z));
    s += z;
    s2 += z * z;
    plus += rng.sign() > 0;
  }
  const double mean = s / N, var = s2 / N - mean * mean;
  RC_LOG() << "mean " << mean << " var " << var << " plus " << plus << "\n";
  RC_ASSERT(std::abs(mean) <= 6.0 / std::sqrt(double(N)));
  RC_ASSERT(std::abs(var - 1.0) <= 6.0 * std::sqrt(2.0 / N));
  RC_ASSERT(std::abs(plus - N / 2.0) <= 6.0 * std::sqrt(N / 4.0));
}

// ---- sign patterns (randomization.hpp helpers that only need Rng) -------------------------------

RC_GTEST_PROP(Signs, ForEachSignPatternEnumeratesAll, ()) {
  const int m = *bltest::uniform_in(1, 13);
  std::set<std::vector<int>> seen;
  long count = 0;
  for_each_sign_pattern(m, [&](const std::vector<int>& s) {
    RC_ASSERT(int(s.size()) == m);
    for (int v : s) RC_ASSERT(v == 1 || v == -1);
    seen.insert(s);
    ++count;
  });
  RC_ASSERT(count == (1L << m));
  RC_ASSERT(long(seen.size()) == count);  // all distinct, hence all 2^m patterns
}

RC_GTEST_PROP(Signs, DrawSignsIsDeterministic, ()) {
  const std::uint64_t seed = *bltest::uniform_any<std::uint64_t>();
  const int m = *bltest::uniform_in(1, 300);
  Rng a(seed), b(seed);
  const std::vector<int> s = draw_signs(a, m), t = draw_signs(b, m);
  RC_ASSERT(s == t);
  RC_ASSERT(int(s.size()) == m);
  for (int v : s) RC_ASSERT(v == 1 || v == -1);
}

RC_GTEST_PROP(Signs, ApplySignsFlipsRows, ()) {
  const int m = *bltest::uniform_in(1, 20), d = *bltest::uniform_in(1, 6);
  const RowMatrix<double> W = random_matrix(m, d, 1.0, *bltest::uniform_in<std::uint64_t>(1, 1000000));
  const std::vector<int> s = draw_sign_vector(m);
  const RowMatrix<double> SW = apply_signs(W, s);
  RC_ASSERT(SW.rows() == m);
  RC_ASSERT(SW.cols() == d);
  for (int r = 0; r < m; ++r)
    for (int j = 0; j < d; ++j) RC_ASSERT(SW(r, j) == s[r] * W(r, j));  // exact: a sign change
}
