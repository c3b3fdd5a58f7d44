// instance.hpp: init names and the validation of instances (the generator and the validation of its
// options are in generator.cpp).
//
// Errors name the field as documented in instance.hpp ("a", "W0", "W", "X", "y", "init"); the
// message gives the entry with 0-based indices, as in the JSON arrays of DESIGN.md §3
// ("X: entry [3][1] is not finite (nan)": row 3, column 1 of X).

#include <beyondlin/errors.hpp>
#include <beyondlin/instance.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>

namespace beyondlin {

Init parse_init(const std::string& name, const std::string& field) {
  if (name == "symmetric") return Init::symmetric;
  if (name == "gaussian") return Init::gaussian;
  throw InputError(field, "unknown init \"" + name + "\" (expected symmetric or gaussian)");
}

const char* init_name(Init i) {
  switch (i) {
    case Init::symmetric: return "symmetric";
    case Init::gaussian: return "gaussian";
  }
  return "?";
}

namespace {

/// A scalar of any type for an error message: the shortest double form when the value is a
/// double exactly, otherwise all decimal_digits<T>() digits (so that 1 + 1e-30 is not shown as 1).
template <class T> std::string format_value(const T& x) {
  if (!is_finite(x)) return to_decimal_string(x);
  const double xd = to_double(x);
  if (T(xd) == x) return shortest_decimal(xd);
  return to_decimal_string(x);
}

std::string shape(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + " x " + std::to_string(cols);
}

/// "[i]" and "[i][j]": 0-based entry indices for messages.
std::string idx(Eigen::Index i) { return "[" + std::to_string(i) + "]"; }
std::string idx(Eigen::Index i, Eigen::Index j) { return idx(i) + idx(j); }

template <class T> void check_finite_vector(const char* name, const Vector<T>& v) {
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (!is_finite(v(i))) throw InputError(name, "entry " + idx(i) + " is not finite (" + to_decimal_string(v(i)) + ")");
}

template <class M> void check_finite_matrix(const char* name, const M& A) {
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j)
      if (!is_finite(A(i, j)))
        throw InputError(name, "entry " + idx(i, j) + " is not finite (" + to_decimal_string(A(i, j)) + ")");
}

}  // namespace

/// Checks, in this order (the first violation is reported): m, d, n >= 1; the shapes of a, W, X
/// and y against W0 (m x d) and X (n x d); every entry finite (a, W0, W, X, y); a_r in {-1, +1};
/// for symmetric init, m even, w_{0,r+m/2} == w_{0,r} exactly and a_{r+m/2} == -a_r (SPEC §1.3).
/// Cost O(md + nd).
template <class T> void validate(const Instance<T>& inst) {
  const Eigen::Index m = inst.W0.rows(), d = inst.W0.cols(), n = inst.X.rows();
  if (m < 1) throw InputError("W0", "must have at least one row (width m >= 1), got 0 rows");
  if (d < 1) throw InputError("W0", "rows must have at least one entry (dimension d >= 1), got " + shape(m, d));
  if (inst.a.size() != m)
    throw InputError("a", "expected m = " + std::to_string(m) + " entries (the rows of W0), got " +
                              std::to_string(inst.a.size()));
  if (inst.W.rows() != m || inst.W.cols() != d)
    throw InputError("W", "expected a " + shape(m, d) + " matrix (the shape of W0), got " +
                              shape(inst.W.rows(), inst.W.cols()));
  if (n < 1) throw InputError("X", "must have at least one row (sample size n >= 1), got 0 rows");
  if (inst.X.cols() != d)
    throw InputError("X", "expected rows of d = " + std::to_string(d) + " entries (the columns of W0), got " +
                              shape(n, inst.X.cols()));
  if (inst.y.size() != n)
    throw InputError("y", "expected n = " + std::to_string(n) + " entries (the rows of X), got " +
                              std::to_string(inst.y.size()));
  check_finite_vector("a", inst.a);
  check_finite_matrix("W0", inst.W0);
  check_finite_matrix("W", inst.W);
  if (inst.W_star.size() != 0) {
    if (inst.W_star.rows() != m || inst.W_star.cols() != d)
      throw InputError("W_star", "expected a " + shape(m, d) + " matrix (the shape of W0), got " +
                                     shape(inst.W_star.rows(), inst.W_star.cols()));
    check_finite_matrix("W_star", inst.W_star);
  }
  check_finite_matrix("X", inst.X);
  check_finite_vector("y", inst.y);
  for (Eigen::Index r = 0; r < m; ++r)
    if (inst.a(r) != T(1) && inst.a(r) != T(-1))
      throw InputError("a", "entry " + idx(r) + " must be +1 or -1, got " + format_value(inst.a(r)));
  if (inst.init == Init::symmetric) {
    if (m % 2 != 0)
      throw InputError("init", "symmetric init needs an even width m, got m = " + std::to_string(m));
    const Eigen::Index h = m / 2;
    for (Eigen::Index r = 0; r < h; ++r) {
      for (Eigen::Index j = 0; j < d; ++j)
        if (inst.W0(r + h, j) != inst.W0(r, j))
          throw InputError("W0", "symmetric init requires row " + std::to_string(r + h) + " to equal row " +
                                     std::to_string(r) + " (SPEC §1.3), but entry " + idx(r + h, j) + " is " +
                                     format_value(inst.W0(r + h, j)) + " and entry " + idx(r, j) + " is " +
                                     format_value(inst.W0(r, j)));
      if (inst.a(r + h) != -inst.a(r))
        throw InputError("a", "symmetric init requires a" + idx(r + h) + " = -a" + idx(r) + " = " +
                                  format_value(T(-inst.a(r))) + " (SPEC §1.3), got " + format_value(inst.a(r + h)));
    }
  }
}

template void validate<scalar_double>(const Instance<scalar_double>&);
template void validate<scalar_longdouble>(const Instance<scalar_longdouble>&);
template void validate<scalar_mp50>(const Instance<scalar_mp50>&);
template void validate<scalar_mp100>(const Instance<scalar_mp100>&);

}  // namespace beyondlin
