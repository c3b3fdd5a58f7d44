#pragma once
/// @file scalar.hpp
/// Scalar types, Eigen aliases, decimal conversion and compensated summation.
///
/// Every numeric routine of beyondlin is a template on the scalar type `T` and is explicitly
/// instantiated for the four types below (DESIGN.md §1):
///   - `double`, `long double` (x87, 64-bit mantissa),
///   - `scalar_mp50`  = `cpp_bin_float<50>` (50 decimal digits, pure C++),
///   - `scalar_mp100` = `mpfr_float_backend<100>` (100 decimal digits, MPFR).
/// Both multiprecision types use `et_off` (no expression templates), as Eigen requires.

#include <Eigen/Core>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/mpfr.hpp>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <limits>
#include <string>
#include <type_traits>

namespace beyondlin {

using scalar_double = double;
using scalar_longdouble = long double;
/// 50 significant decimal digits, binary floating point, header-only Boost backend.
using scalar_mp50 =
    boost::multiprecision::number<boost::multiprecision::cpp_bin_float<50>, boost::multiprecision::et_off>;
/// 100 significant decimal digits, MPFR backend.
using scalar_mp100 =
    boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<100>, boost::multiprecision::et_off>;

template <class T> using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T> using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
/// Row-major matrix: used for m x d weight matrices so that the flat parameter vector stores
/// the rows w_r contiguously (index r*d + j).
template <class T> using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Number of significant decimal digits that round-trip the type T.
template <class T> constexpr int decimal_digits() {
  if constexpr (std::is_same_v<T, double>) return 17;
  else if constexpr (std::is_same_v<T, long double>) return 21;
  else return std::numeric_limits<T>::max_digits10;
}

/// Unit roundoff u = eps/2 of T as a double (2^-53 for double, ~1e-50 for mp50).
template <class T> double unit_roundoff() {
  return static_cast<double>(std::numeric_limits<T>::epsilon()) / 2.0;
}

/// Human-readable name of the scalar type ("double", "long double", "cpp_bin_float_50", "mpfr_float_100").
template <class T> const char* scalar_name() {
  if constexpr (std::is_same_v<T, double>) return "double";
  else if constexpr (std::is_same_v<T, long double>) return "long double";
  else if constexpr (std::is_same_v<T, scalar_mp50>) return "cpp_bin_float_50";
  else return "mpfr_float_100";
}

/// Convert to double (rounding to nearest).
template <class T> double to_double(const T& x) { return static_cast<double>(x); }

/// Decimal string with `digits` significant digits in scientific notation
/// (e.g. "1.2345678901234567e-01"); non-finite values give "nan", "inf", "-inf".
template <class T> std::string to_decimal_string(const T& x, int digits = decimal_digits<T>());

/// Parse a decimal string at the full precision of T. Throws std::invalid_argument on a
/// malformed string (the message contains the string).
template <class T> T from_decimal_string(const std::string& s);

/// The shortest decimal form of a double that reads back to the same value ("0.1", "-1", "1e-300"),
/// for messages; "nan", "inf", "-inf" for non-finite values.
inline std::string shortest_decimal(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[40];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  return buf;
}

/// True when x is finite (not NaN and not +-Inf).
template <class T> bool is_finite(const T& x) {
  using std::isfinite;
  using boost::multiprecision::isfinite;
  return isfinite(x);
}

/// Compensated summation with Knuth's branch-free TwoSum error transformation: for each term,
/// s' = s + x and the exact rounding error e = (s - (s' - b)) + (x - b), b = s' - s, is accumulated
/// separately. The computed sum of x_1..x_N satisfies |s - sum x_i| <= 2u |sum x_i| + O(N u^2) sum |x_i|
/// (Higham, Accuracy and Stability, §4.3), independent of N to first order. Used for every large sum
/// over neurons or samples (DESIGN.md §1). Cost: 7 flops per term, no branches (vectorizes when
/// many independent sums run side by side, see compensated_row_sums).
/// One step of Knuth's TwoSum accumulation: s <- fl(s + x) and the exact rounding error of that
/// addition is added to c. Branch-free, so loops over many independent (s, c) pairs vectorize.
template <class T> inline void two_sum_add(T& s, T& c, const T& x) {
  const T t = s + x;
  const T b = t - s;
  c += (s - (t - b)) + (x - b);
  s = t;
}

template <class T> class CompensatedSum {
 public:
  CompensatedSum() : sum_(0), comp_(0) {}
  void add(const T& x) { two_sum_add(sum_, comp_, x); }
  T value() const { return sum_ + comp_; }

 private:
  T sum_, comp_;
};

/// Compensated sum of a contiguous range.
template <class T> T compensated_sum(const T* x, Eigen::Index n, Eigen::Index stride = 1) {
  CompensatedSum<T> s;
  for (Eigen::Index i = 0; i < n; ++i) s.add(x[i * stride]);
  return s.value();
}

/// Compensated sum of all coefficients of an Eigen expression.
template <class Derived> typename Derived::Scalar compensated_sum(const Eigen::DenseBase<Derived>& x) {
  CompensatedSum<typename Derived::Scalar> s;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) s.add(x(i, j));
  return s.value();
}

/// Compensated row sums of an n x m matrix expression (sum over the columns of each row), with
/// the same TwoSum transformation as CompensatedSum, one accumulator pair per row. The inner loop
/// runs down a column, so for column-major storage it is contiguous and vectorizes.
template <class Derived> Vector<typename Derived::Scalar> compensated_row_sums(const Eigen::DenseBase<Derived>& A) {
  using T = typename Derived::Scalar;
  const Eigen::Index n = A.rows();
  Vector<T> s = Vector<T>::Zero(n), c = Vector<T>::Zero(n);
  for (Eigen::Index j = 0; j < A.cols(); ++j)
    for (Eigen::Index i = 0; i < n; ++i) two_sum_add(s(i), c(i), T(A(i, j)));
  return s + c;
}

// ---------------------------------------------------------------------------------------------
template <class T> std::string to_decimal_string(const T& x, int digits) {
  if (!is_finite(x)) {
    if (x != x) return "nan";
    return x > 0 ? "inf" : "-inf";
  }
  if constexpr (std::is_floating_point_v<T>) {
    char buf[96];
    if constexpr (std::is_same_v<T, long double>)
      std::snprintf(buf, sizeof buf, "%.*Le", digits - 1, x);
    else
      std::snprintf(buf, sizeof buf, "%.*e", digits - 1, static_cast<double>(x));
    return buf;
  } else {
    // Boost counts the digits after the point in scientific format: one fewer than significant.
    return x.str(digits - 1, std::ios_base::scientific);
  }
}

template <class T> T from_decimal_string(const std::string& s) {
  // Strict grammar: [+-]digits[.digits][(e|E)[+-]digits]
  std::size_t i = 0, n = s.size();
  auto digits = [&](void) {
    std::size_t st = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    return i - st;
  };
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t nd = digits();
  if (i < n && s[i] == '.') {
    ++i;
    nd += digits();
  }
  bool ok = nd > 0;
  if (ok && i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    ok = digits() > 0;
  }
  if (!ok || i != n) throw std::invalid_argument("not a decimal number: \"" + s + "\"");
  if constexpr (std::is_same_v<T, double>) return std::strtod(s.c_str(), nullptr);
  else if constexpr (std::is_same_v<T, long double>) return std::strtold(s.c_str(), nullptr);
  else return T(s);
}

}  // namespace beyondlin
