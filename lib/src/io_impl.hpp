#pragma once
// Template definitions for io.hpp (instance JSON, scalars), instantiated per scalar type by
// lib/src/inst/io_<scalar>.cpp through BEYONDLIN_INSTANTIATE_io (DESIGN.md §3, §4).
//
// Array indices in error messages are 0-based, as in the JSON text ("W0[2]" is the third row).

#include <beyondlin/errors.hpp>
#include <beyondlin/io.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace beyondlin {
namespace detail {

/// The DESIGN.md §3 schema tag of instance files.
inline const char* instance_schema() { return "beyondlin.instance/1"; }

/// A string value quoted for an error message, cut to 40 characters.
inline std::string quoted_excerpt(const std::string& s) {
  if (s.size() <= 40) return "\"" + s + "\"";
  return "\"" + s.substr(0, 37) + "...\"";
}

/// ASCII lower case (for "NaN", "Inf", "Infinity").
inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// The member `key` of the object j; InputError(key, "missing key") when absent.
inline const json& member(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end()) throw InputError(key, "missing key");
  return *it;
}

/// A string member (activation, loss, init).
inline std::string string_member(const json& j, const std::string& key) {
  const json& v = member(j, key);
  if (!v.is_string()) throw InputError(key, std::string("expected a string, got ") + v.type_name());
  return v.get<std::string>();
}

/// The array `v` named `field`; `what` describes the expected content for the message.
inline void require_array(const json& v, const std::string& field, const std::string& what) {
  if (!v.is_array()) throw InputError(field, "expected " + what + ", got " + v.type_name());
}

/// A vector of numbers. expected < 0: any length; otherwise exactly `expected` entries, and
/// `why` says where that length comes from.
template <class T>
Vector<T> vector_from_json(const json& v, const std::string& field, long expected, const std::string& why) {
  const std::string what = expected < 0 ? std::string("an array of numbers")
                                        : "an array of " + std::to_string(expected) + " numbers" + why;
  require_array(v, field, what);
  if (expected >= 0 && static_cast<long>(v.size()) != expected)
    throw InputError(field, "expected " + what + ", got " + std::to_string(v.size()));
  Vector<T> out(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i)
    out(static_cast<Eigen::Index>(i)) = scalar_from_json<T>(v[i], field + "[" + std::to_string(i) + "]");
  return out;
}

/// A matrix as an array of rows. rows < 0: any number of rows; cols < 0: the length of the
/// first row (0 when there is no row) fixes the number of columns.
template <class M>
M matrix_from_json(const json& v, const std::string& field, long rows, long cols, const std::string& rows_why,
                   const std::string& cols_why) {
  using T = typename M::Scalar;
  const std::string what = rows < 0 ? std::string("an array of rows (arrays of numbers)")
                                    : "an array of " + std::to_string(rows) + " rows" + rows_why;
  require_array(v, field, what);
  if (rows >= 0 && static_cast<long>(v.size()) != rows)
    throw InputError(field, "expected " + what + ", got " + std::to_string(v.size()));
  std::string why = cols_why;
  if (cols < 0) {
    if (v.empty()) cols = 0;
    else {
      require_array(v[0], field + "[0]", "an array of numbers");
      cols = static_cast<long>(v[0].size());
      why = " (the length of " + field + "[0])";
    }
  }
  M out(static_cast<Eigen::Index>(v.size()), static_cast<Eigen::Index>(cols));
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string fi = field + "[" + std::to_string(i) + "]";
    out.row(static_cast<Eigen::Index>(i)) = vector_from_json<T>(v[i], fi, cols, why).transpose();
  }
  return out;
}

template <class M> json matrix_to_json(const M& A) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < A.rows(); ++i) {
    json row = json::array();
    for (Eigen::Index j = 0; j < A.cols(); ++j) row.push_back(scalar_to_json(A(i, j)));
    rows.push_back(std::move(row));
  }
  return rows;
}

template <class V> json vector_to_json(const V& v) {
  json out = json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(scalar_to_json(v(i)));
  return out;
}

/// For the multiprecision types: the value of a decimal string whose decimal exponent lies far
/// outside the range of T (+-inf on overflow, a signed zero on underflow), or nullopt when the
/// string is within range (or malformed: from_decimal_string then reports it). Boost's
/// cpp_bin_float reads the exponent digits into a signed 64-bit integer without an overflow check,
/// so "1e92233720368547758070" would read as 1e-10 (signed overflow, undefined behaviour); with this
/// guard every exponent Boost sees is within a few digits of the type's own range. The decimal
/// magnitude k (the value lies in [10^k, 10^(k+1))) is computed with the exponent saturated at
/// +-10^18, which no in-range string reaches.
template <class T> std::optional<T> decimal_beyond_range(const std::string& s) {
  constexpr long long kCap = 1000000000000000000LL;  // 10^18
  std::size_t i = 0;
  const std::size_t n = s.size();
  bool negative = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  long long int_digits = 0;  // digits before the point after the leading zeros
  long long frac_zeros = 0;  // zeros after the point before the first nonzero digit
  bool nonzero = false;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (s[i] != '0') nonzero = true;
    if (nonzero) int_digits = std::min(int_digits + 1, kCap);
  }
  if (i < n && s[i] == '.') {
    for (++i; i < n && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (s[i] != '0') nonzero = true;
      if (!nonzero && int_digits == 0) frac_zeros = std::min(frac_zeros + 1, kCap);
    }
  }
  if (i >= n || (s[i] != 'e' && s[i] != 'E')) return std::nullopt;  // no exponent: Boost reads it safely
  ++i;
  bool exp_negative = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
  long long e = 0;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i) e = e >= kCap / 10 ? kCap : std::min(e * 10 + (s[i] - '0'), kCap);
  if (i != n) return std::nullopt;  // malformed
  if (exp_negative) e = -e;
  const T zero = negative ? -T(0) : T(0);
  if (!nonzero) return zero;  // 0 with any exponent
  const long long k = int_digits > 0 ? int_digits - 1 + e : e - frac_zeros - 1;  // |k| < 3 * 10^18
  const long long max10 = std::numeric_limits<T>::max_exponent10, min10 = std::numeric_limits<T>::min_exponent10;
  if (k > max10 + 1) return negative ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  if (k < min10 - std::numeric_limits<T>::max_digits10 - 2) return zero;
  return std::nullopt;
}

}  // namespace detail

/// Numbers: a JSON integer or float is converted from its (int64, uint64 or double) value, which
/// is exact in every scalar type from double up. Strings: a decimal number
/// ([+-]digits[.digits][(e|E)[+-]digits]) is read at the full precision of T by
/// from_decimal_string; for the multiprecision types an exponent far outside the range of T gives
/// +-inf or a signed zero directly, as strtod does for double (detail::decimal_beyond_range). The
/// strings "nan", "inf", "+inf", "-inf", "infinity" (any case) give the non-finite values written
/// by scalar_to_json (validate() then rejects them in instances).
template <class T> T scalar_from_json(const json& j, const std::string& field) {
  switch (j.type()) {
    case json::value_t::number_float: return T(j.get<double>());
    case json::value_t::number_integer: return T(j.get<std::int64_t>());
    case json::value_t::number_unsigned: return T(j.get<std::uint64_t>());
    case json::value_t::string: {
      const std::string& s = j.get_ref<const std::string&>();
      const std::string l = detail::lower(s);
      if (l == "nan") return std::numeric_limits<T>::quiet_NaN();
      if (l == "inf" || l == "+inf" || l == "infinity" || l == "+infinity") return std::numeric_limits<T>::infinity();
      if (l == "-inf" || l == "-infinity") return -std::numeric_limits<T>::infinity();
      if constexpr (!std::is_floating_point_v<T>) {  // strtod/strtold saturate by themselves
        if (const std::optional<T> far = detail::decimal_beyond_range<T>(s)) return *far;
      }
      try {
        return from_decimal_string<T>(s);
      } catch (const std::exception&) {
        throw InputError(field, "expected a number or a decimal string, got " + detail::quoted_excerpt(s));
      }
    }
    default:
      throw InputError(field, std::string("expected a number or a decimal string, got ") + j.type_name());
  }
}

/// double: a JSON number (nlohmann writes the shortest form that reads back exactly); other
/// types: to_decimal_string(x, digits). Non-finite values: the strings "nan", "inf", "-inf".
template <class T> json scalar_to_json(const T& x, int digits) {
  if constexpr (std::is_same_v<T, double>) {
    (void)digits;
    if (!is_finite(x)) return json(to_decimal_string(x));
    return json(x);
  } else {
    return json(to_decimal_string(x, digits));
  }
}

/// Reads, in this order: schema (optional), activation, loss, init, W0 (fixes m and d), a (m),
/// W (m x d), X (rows of d; fixes n), y (n), the optional comparator W_star (m x d); then
/// validate(). Unknown keys are ignored.
template <class T> Instance<T> instance_from_json(const json& j) {
  if (!j.is_object()) throw InputError("instance", std::string("expected a JSON object, got ") + j.type_name());
  if (auto it = j.find("schema"); it != j.end()) {
    if (!it->is_string() || it->get<std::string>() != detail::instance_schema())
      throw InputError("schema", std::string("expected \"") + detail::instance_schema() + "\", got " +
                                     (it->is_string() ? detail::quoted_excerpt(it->get<std::string>())
                                                      : std::string(it->type_name())));
  }
  Instance<T> inst;
  inst.activation = parse_activation(detail::string_member(j, "activation"), "activation");
  inst.loss = parse_loss(detail::string_member(j, "loss"), "loss");
  inst.init = parse_init(detail::string_member(j, "init"), "init");
  inst.W0 = detail::matrix_from_json<RowMatrix<T>>(detail::member(j, "W0"), "W0", -1, -1, "", "");
  const long m = static_cast<long>(inst.W0.rows()), d = static_cast<long>(inst.W0.cols());
  const std::string md_why = " (m = " + std::to_string(m) + ", the rows of W0)";
  const std::string d_why = " (d = " + std::to_string(d) + ", the columns of W0)";
  inst.a = detail::vector_from_json<T>(detail::member(j, "a"), "a", m, md_why);
  inst.W = detail::matrix_from_json<RowMatrix<T>>(detail::member(j, "W"), "W", m, d, md_why, d_why);
  inst.X = detail::matrix_from_json<Matrix<T>>(detail::member(j, "X"), "X", -1, d, "", d_why);
  const long n = static_cast<long>(inst.X.rows());
  inst.y = detail::vector_from_json<T>(detail::member(j, "y"), "y", n,
                                       " (n = " + std::to_string(n) + ", the rows of X)");
  if (auto it = j.find("W_star"); it != j.end())
    inst.W_star = detail::matrix_from_json<RowMatrix<T>>(*it, "W_star", m, d, md_why, d_why);
  validate(inst);
  return inst;
}

/// read_file(path, "instance"), JSON parse (InputError("instance", ...) with the parser's
/// position on malformed text), then instance_from_json. Every exception of the parser is bad
/// input: besides json::parse_error, a JSON number beyond the range of double (e.g. 1e400) is
/// json::out_of_range (406), which would otherwise escape as an internal error.
template <class T> Instance<T> read_instance(const std::string& path) {
  const std::string text = read_file(path, "instance");
  json j;
  try {
    j = json::parse(text);
  } catch (const json::out_of_range& e) {
    throw InputError("instance", "\"" + path + "\": " + e.what() +
                                     " (a JSON number must fit a double; write larger values as decimal strings)");
  } catch (const json::exception& e) {
    throw InputError("instance", "\"" + path + "\" is not valid JSON: " + e.what());
  }
  return instance_from_json<T>(j);
}

/// Keys in the order of DESIGN.md §3; numbers by scalar_to_json (decimal_digits<T>() digits).
template <class T> json instance_to_json(const Instance<T>& inst) {
  json j = json::object();
  j["schema"] = detail::instance_schema();
  j["activation"] = activation_name(inst.activation);
  j["loss"] = loss_name(inst.loss);
  j["init"] = init_name(inst.init);
  j["a"] = detail::vector_to_json(inst.a);
  j["W0"] = detail::matrix_to_json(inst.W0);
  j["W"] = detail::matrix_to_json(inst.W);
  j["X"] = detail::matrix_to_json(inst.X);
  j["y"] = detail::vector_to_json(inst.y);
  if (inst.W_star.size() != 0) j["W_star"] = detail::matrix_to_json(inst.W_star);
  return j;
}

}  // namespace beyondlin

#define BEYONDLIN_INSTANTIATE_io(T)                                                \
  namespace beyondlin {                                                           \
  template Instance<T> instance_from_json<T>(const json&);                        \
  template Instance<T> read_instance<T>(const std::string&);                      \
  template json instance_to_json<T>(const Instance<T>&);                          \
  template json scalar_to_json<T>(const T&, int);                                 \
  template T scalar_from_json<T>(const json&, const std::string&);                \
  }
