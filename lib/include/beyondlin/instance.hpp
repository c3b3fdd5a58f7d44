#pragma once
/// @file instance.hpp
/// A problem instance: network (a, W0, movement W), data (X, y), activation and loss
/// (SPEC §1.2-§1.3, DESIGN.md §3), and the canonical random generator of SPEC §6.

#include <beyondlin/activation.hpp>
#include <beyondlin/loss.hpp>
#include <beyondlin/rng.hpp>
#include <beyondlin/scalar.hpp>

#include <cstdint>
#include <string>

namespace beyondlin {

/// Initialization of (a, W0) (SPEC §1.3).
///  - symmetric: m even; rows r <= m/2 are i.i.d. N(0, s^2 I_d), a_r uniform +-1, and
///    w_{0,r+m/2} = w_{0,r}, a_{r+m/2} = -a_r, so that f_{W0} == 0 exactly (ID-1).
///  - gaussian: all rows i.i.d. N(0, s^2 I_d), a_r i.i.d. uniform +-1.
enum class Init { symmetric, gaussian };
Init parse_init(const std::string& name, const std::string& field = "init");
const char* init_name(Init i);

/// One instance. Shapes: a (m), W0 and W (m x d, row r is w_{0,r} resp. w_r), X (n x d, row i is
/// x_i), y (n). The network is f_V(x) = m^{-1/2} sum_r a_r sigma(v_r^T x) with V = W0 + W.
template <class T> struct Instance {
  Activation activation = Activation::sincos;
  Loss loss = Loss::square;
  Init init = Init::symmetric;
  Vector<T> a;
  RowMatrix<T> W0;
  RowMatrix<T> W;
  Matrix<T> X;
  Vector<T> y;
  /// Optional comparator W* (m x d) of Theorem L (SPEC §4.2), e.g. the planted matrix of the
  /// "planted" target; empty (0 x 0) when the instance has none. JSON key "W_star" (optional).
  RowMatrix<T> W_star;

  Eigen::Index m() const { return W0.rows(); }
  Eigen::Index d() const { return W0.cols(); }
  Eigen::Index n() const { return X.rows(); }
};

/// Check shapes and values; throws InputError naming the field ("a", "W0", "W", "X", "y",
/// "init") and the bad value: inconsistent shapes, m or d or n zero, a non-finite entry, a_r not
/// +-1, symmetric init with odd m or with rows that are not paired as SPEC §1.3 requires.
template <class T> void validate(const Instance<T>& inst);

/// Convert an instance to another scalar type (entry-wise static_cast; exact from double up).
template <class To, class From> Instance<To> instance_cast(const Instance<From>& in) {
  Instance<To> out;
  out.activation = in.activation;
  out.loss = in.loss;
  out.init = in.init;
  out.a = in.a.template cast<To>();
  out.W0 = in.W0.template cast<To>();
  out.W = in.W.template cast<To>();
  out.X = in.X.template cast<To>();
  out.y = in.y.template cast<To>();
  out.W_star = in.W_star.template cast<To>();
  return out;
}

/// Options of the canonical generator (SPEC §6 and `beyondlin instance`).
struct InstanceOptions {
  int d = 10;                  ///< input dimension, >= 1
  int m = 64;                  ///< width, >= 1 (even for symmetric init)
  int n = 20;                  ///< samples, >= 1
  Activation activation = Activation::sincos;
  Loss loss = Loss::square;
  Init init = Init::symmetric;
  /// Rows of W0 are N(0, init_scale^2 I_d). Default 1 (unit-norm data); SPEC §1.3 uses 1/sqrt(d)
  /// with inputs of norm sqrt(d).
  double init_scale = 1.0;
  /// Movement W: "zero"; "coherent" (w_r = m^{-1/4} rho u on the neurons with a_r = +1, 0
  /// elsewhere, u a random unit vector); "generic" (w_r = m^{-1/4} rho g_r/||g_r||, g_r ~ N(0,I)).
  std::string movement = "zero";
  double rho = 1.0;            ///< movement scale (>= 0): ||W||_{2,4} = rho for generic, rho/2^{1/4} coherent
  /// Inputs: "sphere" (uniform on S^{d-1}), "gaussian" (N(0, I/d)), "cube" (uniform on
  /// {-1,+1}^d / sqrt(d)), "lowrank" (uniform on the unit circle of span(e_1, e_2)).
  std::string data = "sphere";
  /// Labels: "zero"; "gaussian" (N(0,1)); "sign" (uniform +-1); "planted" (y = f_{W0}(x) + f^Q_{W*}(x)
  /// with a generic W* of ||W*||_{2,4} = 1, the ST-1 set-up; W* is kept as Instance::W_star); "product" (y = d x_1 x_2, so +-1 on the cube);
  /// "network" (y = f_{W0+W}(x), the instance's own network, labels exactly fit).
  std::string target = "gaussian";
  std::uint64_t seed = 1;
};

/// Draw an instance in double. The generator is `Rng` (rng.hpp) seeded with `seed`; draws
/// happen in a fixed order (W0 rows, a, X, W, labels), so the same options give the same
/// instance bit for bit. Throws InputError naming a bad option.
Instance<double> generate_instance(const InstanceOptions& opt);

/// Validate generator options (sizes, names, rho >= 0, ...); throws InputError naming the option.
void validate(const InstanceOptions& opt);

}  // namespace beyondlin
