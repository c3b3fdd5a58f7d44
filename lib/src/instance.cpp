// instance.hpp: init names, validation of instances and generator options, and the canonical
// random generator of SPEC §1.3 and §6.
//
// Errors name the field as documented in instance.hpp ("a", "W0", "W", "X", "y", "init"; for the
// generator the option name); the message gives the entry with 0-based indices, as in the JSON
// arrays of DESIGN.md §3 ("X: entry [3][1] is not finite (nan)": row 3, column 1 of X).

#include <beyondlin/errors.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/network.hpp>

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

namespace {

const char* const kMovements[] = {"zero", "coherent", "generic"};
const char* const kData[] = {"sphere", "gaussian", "cube", "lowrank"};
const char* const kTargets[] = {"zero", "gaussian", "sign", "planted", "product", "network"};

template <std::size_t N> bool one_of(const std::string& s, const char* const (&names)[N]) {
  for (const char* c : names)
    if (s == c) return true;
  return false;
}

/// Largest number of entries of any one matrix the generator will allocate (16 GiB of doubles).
constexpr long long kMaxEntries = 1LL << 31;

}  // namespace

/// Field names are the option names of `beyondlin instance` without the leading "--" ("d", "m",
/// "n", "init-scale", "rho", "movement", "data", "target").
void validate(const InstanceOptions& opt) {
  if (opt.d < 1) throw InputError("d", "must be a positive integer, got " + std::to_string(opt.d));
  if (opt.init == Init::symmetric && (opt.m < 2 || opt.m % 2 != 0))
    throw InputError("m", "must be a positive even integer with symmetric init, got " + std::to_string(opt.m));
  if (opt.m < 1) throw InputError("m", "must be a positive integer, got " + std::to_string(opt.m));
  if (opt.n < 1) throw InputError("n", "must be a positive integer, got " + std::to_string(opt.n));
  const long long md = static_cast<long long>(opt.m) * opt.d, nd = static_cast<long long>(opt.n) * opt.d,
                  nm = static_cast<long long>(opt.n) * opt.m;
  if (md > kMaxEntries || nd > kMaxEntries || nm > kMaxEntries)
    throw InputError("m", "instance too large: m*d = " + std::to_string(md) + ", n*d = " + std::to_string(nd) +
                              ", n*m = " + std::to_string(nm) + " (each must be <= 2^31)");
  if (!std::isfinite(opt.init_scale) || opt.init_scale < 0)
    throw InputError("init-scale", "must be a finite number >= 0, got " + shortest_decimal(opt.init_scale));
  if (!std::isfinite(opt.rho) || opt.rho < 0)
    throw InputError("rho", "must be a finite number >= 0, got " + shortest_decimal(opt.rho));
  if (!one_of(opt.movement, kMovements))
    throw InputError("movement", "unknown movement \"" + opt.movement + "\" (expected zero, coherent or generic)");
  if (!one_of(opt.data, kData))
    throw InputError("data", "unknown data \"" + opt.data + "\" (expected sphere, gaussian, cube or lowrank)");
  if (opt.data == "lowrank" && opt.d < 2)
    throw InputError("data", "lowrank data needs d >= 2, got d = " + std::to_string(opt.d));
  if (!one_of(opt.target, kTargets))
    throw InputError("target", "unknown target \"" + opt.target +
                                   "\" (expected zero, gaussian, sign, planted, product or network)");
  if (opt.target == "product" && opt.d < 2)
    throw InputError("target", "the product target d x_1 x_2 needs d >= 2, got d = " + std::to_string(opt.d));
}

namespace {

/// A unit vector uniform on S^{d-1}: g / ||g|| with g ~ N(0, I_d) (d normals from rng; redrawn in
/// the probability-zero event g = 0).
Eigen::RowVectorXd random_unit_vector(Rng& rng, Eigen::Index d) {
  Eigen::RowVectorXd g(d);
  for (;;) {
    // A plain sequential sum (not Eigen's vectorized norm), so that the result does not depend on
    // the SIMD width the library was built for.
    double ss = 0;
    for (Eigen::Index j = 0; j < d; ++j) {
      g(j) = rng.normal();
      ss += g(j) * g(j);
    }
    const double nrm = std::sqrt(ss);
    if (nrm > 0) return g / nrm;
  }
}

/// Generic movement of SPEC §6: rows m^{-1/4} rho g_r / ||g_r||, g_r ~ N(0, I_d), drawn row by row.
RowMatrix<double> generic_movement(Rng& rng, Eigen::Index m, Eigen::Index d, double rho) {
  RowMatrix<double> W(m, d);
  const double scale = std::pow(static_cast<double>(m), -0.25) * rho;
  for (Eigen::Index r = 0; r < m; ++r) W.row(r) = scale * random_unit_vector(rng, d);
  return W;
}

}  // namespace

/// The draws, all from one `Rng(opt.seed)`, in this order (rows and entries in increasing index):
///  1. W0: symmetric init: rows 0..m/2-1, d normals each times init_scale; row r + m/2 is a copy
///     of row r. gaussian init: rows 0..m-1 likewise.
///  2. a: symmetric: a_0..a_{m/2-1} by rng.sign(), a_{r+m/2} = -a_r. gaussian: a_0..a_{m-1}.
///  3. X, row by row: sphere: d normals, normalized; gaussian: d normals / sqrt(d); cube: d signs
///     / sqrt(d); lowrank: one uniform theta = 2 pi U, x = (cos theta, sin theta, 0, ..., 0).
///  4. W: zero: nothing drawn; coherent: one unit vector u (d normals, normalized),
///     w_r = m^{-1/4} rho u where a_r = +1, 0 elsewhere; generic: row by row m^{-1/4} rho g_r/||g_r||.
///  5. y: zero: nothing; gaussian: n normals; sign: n signs; planted: W* drawn as a generic
///     movement with rho = 1 (||W*||_{2,4} = 1), y = f_{W0}(x) + f^Q_{W*}(x); product:
///     y = d x_1 x_2 (nothing drawn); network: y = f_{W0+W}(x) (nothing drawn).
/// Rng::normal caches the second Box-Muller value, so sign draws in between do not disturb the
/// normal stream's determinism (the whole sequence is fixed by the options).
Instance<double> generate_instance(const InstanceOptions& opt) {
  validate(opt);
  Rng rng(opt.seed);
  const Eigen::Index m = opt.m, d = opt.d, n = opt.n;
  Instance<double> inst;
  inst.activation = opt.activation;
  inst.loss = opt.loss;
  inst.init = opt.init;

  // 1-2. initialization (SPEC §1.3)
  inst.W0.resize(m, d);
  inst.a.resize(m);
  const Eigen::Index drawn = opt.init == Init::symmetric ? m / 2 : m;
  for (Eigen::Index r = 0; r < drawn; ++r)
    for (Eigen::Index j = 0; j < d; ++j) inst.W0(r, j) = opt.init_scale * rng.normal();
  for (Eigen::Index r = 0; r < drawn; ++r) inst.a(r) = rng.sign();
  if (opt.init == Init::symmetric)
    for (Eigen::Index r = 0; r < drawn; ++r) {
      inst.W0.row(r + drawn) = inst.W0.row(r);
      inst.a(r + drawn) = -inst.a(r);
    }

  // 3. inputs
  inst.X.resize(n, d);
  const double inv_sqrt_d = 1.0 / std::sqrt(static_cast<double>(d));
  for (Eigen::Index i = 0; i < n; ++i) {
    if (opt.data == "sphere") {
      inst.X.row(i) = random_unit_vector(rng, d);
    } else if (opt.data == "gaussian") {
      for (Eigen::Index j = 0; j < d; ++j) inst.X(i, j) = rng.normal() * inv_sqrt_d;
    } else if (opt.data == "cube") {
      for (Eigen::Index j = 0; j < d; ++j) inst.X(i, j) = rng.sign() * inv_sqrt_d;
    } else {  // lowrank
      const double theta = 6.283185307179586476925286766559 * rng.uniform();
      inst.X.row(i).setZero();
      inst.X(i, 0) = std::cos(theta);
      inst.X(i, 1) = std::sin(theta);
    }
  }

  // 4. movement (SPEC §6)
  if (opt.movement == "zero") {
    inst.W = RowMatrix<double>::Zero(m, d);
  } else if (opt.movement == "coherent") {
    const Eigen::RowVectorXd u = random_unit_vector(rng, d);
    const double scale = std::pow(static_cast<double>(m), -0.25) * opt.rho;
    inst.W = RowMatrix<double>::Zero(m, d);
    for (Eigen::Index r = 0; r < m; ++r)
      if (inst.a(r) > 0) inst.W.row(r) = scale * u;
  } else {
    inst.W = generic_movement(rng, m, d, opt.rho);
  }

  // 5. labels
  inst.y = Vector<double>::Zero(n);
  if (opt.target == "gaussian") {
    for (Eigen::Index i = 0; i < n; ++i) inst.y(i) = rng.normal();
  } else if (opt.target == "sign") {
    for (Eigen::Index i = 0; i < n; ++i) inst.y(i) = rng.sign();
  } else if (opt.target == "planted") {
    inst.W_star = generic_movement(rng, m, d, 1.0);
    inst.y = initial_output(inst) + taylor_term(inst, inst.W_star, 2);
  } else if (opt.target == "product") {
    inst.y = static_cast<double>(d) * inst.X.col(0).cwiseProduct(inst.X.col(1));
  } else if (opt.target == "network") {
    inst.y = network_output(inst);
  }
  validate(inst);
  return inst;
}

template void validate<scalar_double>(const Instance<scalar_double>&);
template void validate<scalar_longdouble>(const Instance<scalar_longdouble>&);
template void validate<scalar_mp50>(const Instance<scalar_mp50>&);
template void validate<scalar_mp100>(const Instance<scalar_mp100>&);

}  // namespace beyondlin
