// instance.hpp: the canonical random generator of SPEC §1.3 and §6 (generate_instance) and the
// validation of its options. Kept apart from instance.cpp (names, validation of instances) so that
// the instance reader (io.hpp) does not depend on the network evaluation the generator needs for
// the "planted" and "network" targets (tests/fuzz/ builds the reader alone).
//
// Errors name the option of `beyondlin instance` without the leading "--" ("d", "m", "n",
// "init-scale", "rho", "movement", "data", "target").

#include <beyondlin/errors.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/network.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace beyondlin {
namespace {

const char* const kMovements[] = {"zero", "coherent", "generic"};
const char* const kData[] = {"sphere", "gaussian", "cube", "lowrank"};
const char* const kTargets[] = {"zero", "gaussian", "sign", "planted", "product", "network"};

template <std::size_t N> bool one_of(const std::string& s, const char* const (&names)[N]) {
  for (const char* c : names)
    if (s == c) return true;
  return false;
}

/// Largest number of values a generated instance may hold (a, W0, W, X, y and, for the planted
/// target, W_star): 2^27, i.e. 1 GiB in double. Far above every check (SPEC §6.3: m <= 2^20 at
/// d = 10, 3 m d ~ 3e7), and low enough that `beyondlin instance`, whose JSON output needs about
/// 80 bytes per value in memory (double, JSON tree, text), stays near 10 GiB.
constexpr unsigned long long kMaxValues = 1ULL << 27;

/// Largest n m (the n x m pre-activations of one evaluation of the network, e.g. for the "planted"
/// and "network" targets): 2^31.
constexpr unsigned long long kMaxSamplesTimesWidth = 1ULL << 31;

}  // namespace

/// Field names are the option names of `beyondlin instance` without the leading "--" ("d", "m",
/// "n", "init-scale", "rho", "movement", "data", "target"). Sizes: m, d, n >= 1; the instance holds
/// at most 2^27 values (kMaxValues) and n m <= 2^31; a larger request fails here, before anything is
/// allocated, naming the larger factor of the dominant term.
void validate(const InstanceOptions& opt) {
  if (opt.d < 1) throw InputError("d", "must be a positive integer, got " + std::to_string(opt.d));
  if (opt.init == Init::symmetric && (opt.m < 2 || opt.m % 2 != 0))
    throw InputError("m", "must be a positive even integer with symmetric init, got " + std::to_string(opt.m));
  if (opt.m < 1) throw InputError("m", "must be a positive integer, got " + std::to_string(opt.m));
  if (opt.n < 1) throw InputError("n", "must be a positive integer, got " + std::to_string(opt.n));
  // Sizes, checked before anything is allocated. m, d, n < 2^31, so every count below fits in 64
  // bits (3 m d + n d + m + n < 2^64). The error names the larger factor of the dominant term.
  const unsigned long long m = static_cast<unsigned long long>(opt.m), d = static_cast<unsigned long long>(opt.d),
                           n = static_cast<unsigned long long>(opt.n);
  const unsigned long long weight_matrices = opt.target == "planted" ? 3 : 2;  // W0, W (and W_star)
  const unsigned long long weights = weight_matrices * m * d, data = n * d, values = weights + data + m + n;
  if (values > kMaxValues) {
    const char* option = weights >= data ? (m >= d ? "m" : "d") : (n >= d ? "n" : "d");
    throw InputError(option, "instance too large: m = " + std::to_string(m) + ", d = " + std::to_string(d) +
                                 ", n = " + std::to_string(n) + " give " + std::to_string(values) + " values (" +
                                 std::to_string(weight_matrices) + " m d + n d + m + n), more than 2^27 = " +
                                 std::to_string(kMaxValues) + " (1 GiB in double)");
  }
  if (n * m > kMaxSamplesTimesWidth)
    throw InputError(n >= m ? "n" : "m", "instance too large: n m = " + std::to_string(n * m) +
                                             " (the pre-activations of one evaluation), more than 2^31");
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

}  // namespace beyondlin
