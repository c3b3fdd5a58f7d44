#pragma once
/// @file check_util.hpp
/// Small helpers shared by the claim checks (checks/*.cpp): tolerances with their justification,
/// per-neuron views of an instance built from library primitives (pre_activations,
/// activation_derivatives), natural magnitudes for scaled errors, and instance descriptions.
/// No claim is decided here; each check file states its own comparisons.

#include "registry.hpp"

#include <beyondlin/activation.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/scalar.hpp>
#include <beyondlin/train.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace beyondlin::checks {

// ---- tolerances (SPEC §6.1, §6.2) -------------------------------------------------------------

/// Relative tolerance of the exact identities in double (SPEC §6.1).
constexpr double kIdentityTol = 1e-12;
/// Relative tolerance of finite-difference comparisons (SPEC §6.1, ID-6, ID-7).
constexpr double kFiniteDifferenceTol = 1e-6;
/// Relative tolerance of the inequalities (SPEC §6.2: "no tolerance beyond 1e-12 relative").
constexpr double kInequalityTol = 1e-12;
/// Finite-difference steps of SPEC §6.5: gradients (first differences) and second derivatives.
constexpr double kFdStepGradient = 1e-5;
constexpr double kFdStepSecond = 1e-4;

/// Tolerance of an exact identity computed in the scalar type T, relative to the natural
/// magnitude of the compared quantity: 1e-12 in double (SPEC §6.1), 1e-15 in long double, 1e-40
/// at 50 digits, 1e-90 at 100 digits.
template <class T> double identity_tolerance() {
  if constexpr (std::is_same_v<T, double>) return kIdentityTol;
  else if constexpr (std::is_same_v<T, long double>) return 1e-15;
  else if constexpr (std::is_same_v<T, scalar_mp50>) return 1e-40;
  else return 1e-90;
}

/// Justification of identity_tolerance<T>() for the report.
template <class T> std::string identity_basis() {
  if constexpr (std::is_same_v<T, double>)
    return "SPEC §6.1 (1e-12 relative). The error measure is scaled by the natural magnitude (sum of |terms|); "
           "each side is a compensated sum whose error is a few units of u = 1.1e-16 times that magnitude, "
           "so 1e-12 leaves ~1e4 u of headroom for the elementary functions and the GEMM";
  else
    return std::string("at ") + scalar_name<T>() + " (u = " + to_decimal_string(unit_roundoff<T>(), 2) +
           "): 1e-40 relative to the natural magnitude leaves ~1e10 u for the Boost elementary functions and is "
           "far below anything reachable in double, so agreement shows the identity to 40 digits";
}

/// Shared basis text of the SPEC §6.2 inequalities.
inline std::string inequality_basis() {
  return "SPEC §6.2: must hold on every instance with no tolerance beyond 1e-12 relative to the bound";
}

/// |a - b| / scale as a double: 0 when a == b (also for scale 0, e.g. a sum of terms that are all
/// exactly 0), +infinity for a nonzero difference with a zero scale.
template <class T> double scaled_diff(const T& a, const T& b, const T& scale) {
  using std::abs;
  if (a == b) return 0.0;
  if (!(scale > T(0))) return std::numeric_limits<double>::infinity();
  return to_double(T(abs(a - b) / scale));
}

/// ||a - b|| / ||scale_vec|| for vectors, with the same conventions as scaled_diff.
template <class T> double scaled_norm_diff(const Vector<T>& a, const Vector<T>& b, const T& scale) {
  const T diff = (a - b).norm();
  if (diff == T(0)) return 0.0;
  if (!(scale > T(0))) return std::numeric_limits<double>::infinity();
  return to_double(T(diff / scale));
}

// ---- per-neuron views (SPEC §2 notation) ----------------------------------------------------

/// t_{ir} = w_{0,r}^T x_i, u_{ir} = w_r^T x_i and s[k](i, r) = sigma^(k)(t_{ir}), k = 0..K, all n x m,
/// built from the library's pre_activations and activation_derivatives.
template <class T> struct NeuronView {
  Matrix<T> t, u;
  std::vector<Matrix<T>> s;
};

/// Per-neuron view of `inst` with movement W and K derivatives. Cost O(nmd + nmK).
template <class T> NeuronView<T> neuron_view(const Instance<T>& inst, const RowMatrix<T>& W, int K) {
  NeuronView<T> v;
  v.t = pre_activations(inst.X, inst.W0);
  v.u = pre_activations(inst.X, W);
  activation_derivatives(inst.activation, v.t, K, v.s);
  return v;
}

/// m^{-1/2} sum_r |M(i, r)| for every row i: the natural magnitude of a network-type sum
/// m^{-1/2} sum_r a_r M(i, r) (its computed value is accurate to a few u times this).
template <class T> Vector<T> abs_neuron_sum(const Matrix<T>& M) {
  using std::sqrt;
  return compensated_row_sums(Matrix<T>(M.cwiseAbs())) / sqrt(T(M.cols()));
}

/// The n x m matrix sigma(t_{ir} + sign * u_{ir}): the neurons of the network at W0 + sign * W.
template <class T> Matrix<T> shifted_activation(const Instance<T>& inst, const NeuronView<T>& v, int sign) {
  std::vector<Matrix<T>> out;
  activation_derivatives(inst.activation, Matrix<T>(v.t + T(sign) * v.u), 0, out);
  return out[0];
}

/// max_i ||x_i||_2 (the input-norm bound B_x of SPEC §1.1 for the sample at hand).
template <class T> T input_norm_bound(const Matrix<T>& X) {
  T b = 0;
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    const T r = X.row(i).norm();
    if (r > b) b = r;
  }
  return b;
}

// ---- instances --------------------------------------------------------------------------------

/// Generator options with the fields the checks vary most.
inline InstanceOptions make_options(int d, int m, int n, Activation act, std::uint64_t seed,
                                    const std::string& movement = "generic", double rho = 1.0,
                                    Init init = Init::symmetric, Loss loss = Loss::square,
                                    const std::string& target = "gaussian") {
  InstanceOptions o;
  o.d = d;
  o.m = m;
  o.n = n;
  o.activation = act;
  o.seed = seed;
  o.movement = movement;
  o.rho = rho;
  o.init = init;
  o.loss = loss;
  o.target = target;
  return o;
}

/// One-line description of generator options for the `where` of a measurement.
std::string describe(const InstanceOptions& o);

/// An independent generic direction D (m x d, rows m^{-1/4} rho g_r/||g_r||; SPEC §6), drawn
/// with the library generator from `seed`.
RowMatrix<double> generic_direction(int m, int d, double rho, std::uint64_t seed);

/// A unit input x and a unit direction u of R^d with u^T x = ux (up to rounding), drawn with the
/// library generator from `seed`: x uniform on the sphere, u = ux x + sqrt(1 - ux^2) v with v a
/// uniform unit vector made orthogonal to x (the coherent-movement set-ups of SPEC §6.3, SC-1..SC-6,
/// SC-9, which fix u^T x).
void unit_pair_with_inner_product(std::uint64_t seed, int d, double ux, Eigen::RowVectorXd& x, Eigen::RowVectorXd& u);

/// Short number format for notes and `where` strings ("%.4g").
std::string fmt(double x);

/// JSON array of activation names.
nlohmann::ordered_json activation_names(const std::vector<Activation>& acts);

/// ||W_start||_F of a "tiny random init" (SPEC §6.4 ST-1), also PGD's perturbation radius there.
inline constexpr double kTinyInitNoise = 1e-3;

/// Training from a tiny random init as ST-1 and IN-7 run it on planted instances: init_noise = noise =
/// kTinyInitNoise; gd runs all its steps (tol_g = 0), pgd stops at a (1e-6, 1e-5) certified point.
inline TrainOptions tiny_init_train_options(TrainMethod method, double lr, long steps, std::uint64_t seed) {
  TrainOptions to;
  to.method = method;
  to.lr = lr;
  to.steps = steps;
  to.init_noise = kTinyInitNoise;
  to.noise = kTinyInitNoise;
  to.tol_g = method == TrainMethod::pgd ? 1e-6 : 0.0;
  to.tol_H = 1e-5;
  to.seed = seed;
  return to;
}

/// A JSON number, or the strings "nan", "inf", "-inf" for non-finite values (strict JSON; report.cpp and
/// scaling.cpp write every double through it).
nlohmann::ordered_json json_number(double x);

}  // namespace beyondlin::checks
