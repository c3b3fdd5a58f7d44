#pragma once
// Shared helpers of the beyondlin test suite.
//
//  * Random instances for RapidCheck properties (draw_instance): every choice is drawn with a
//    RapidCheck generator, so a failing case prints its inputs and shrinks, and RC_PARAMS=seed=N
//    reproduces it. The instance itself comes from the library's canonical generator
//    (generate_instance, SPEC §6), cast exactly to the scalar type under test.
//  * Rounding magnitudes. Tolerances are never bare numbers: an identity that holds exactly in
//    real arithmetic is checked to c * u * M, where u is the unit roundoff of the scalar type and
//    M is the "natural magnitude" of the computation: the same formula evaluated with every term
//    replaced by an upper bound of its absolute value and of the error it can pick up (first-order
//    rounding analysis, Higham, "Accuracy and Stability of Numerical Algorithms", ch. 3-5).
//    The helpers below build M from the instance; each test states c.
//  * Assertion helpers that log every value with full precision on failure.

#include <gtest/gtest.h>  // must precede rapidcheck/gtest.h (notes/env.md pitfall 10)
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <beyondlin/beyondlin.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace bltest {

using namespace beyondlin;

// ------------------------------------------------------------------------------------------------
// Generators. RapidCheck scales gen::inRange and gen::arbitrary with the test "size", which ramps
// up from 0 during a run, so early cases would all draw the minimum (seed 1, d = 1, ...). We fix the
// size at its maximum: draws are uniform over the whole range from the first case on, and still
// shrink towards the minimum when a case fails.
template <class T> rc::Gen<T> uniform_in(T lo, T hi) { return rc::gen::resize(100, rc::gen::inRange<T>(lo, hi)); }
template <class T> rc::Gen<T> uniform_any() { return rc::gen::resize(100, rc::gen::arbitrary<T>()); }

// ------------------------------------------------------------------------------------------------
// Scalars

template <class T> double D(const T& x) { return static_cast<double>(x); }

/// Full-precision decimal text of a scalar (for logs).
template <class T> std::string S(const T& x) { return to_decimal_string(x, decimal_digits<T>()); }

template <class T> T absT(const T& x) {
  using std::abs;
  return abs(x);
}

/// Unit roundoff of T as T.
template <class T> T uT() { return T(unit_roundoff<T>()); }

/// Diagnostics: with BLTEST_MARGINS=1 in the environment, every rc_near/rc_le records the largest
/// ratio |error| / tolerance per check name and prints the table at exit (how sharp each check is).
struct MarginTable {
  std::map<std::string, double> worst;
  bool on = std::getenv("BLTEST_MARGINS") != nullptr;
  void record(const std::string& what, double ratio) {
    if (!on) return;
    std::string key = what.substr(0, what.find(','));
    double& w = worst[key];
    if (!(ratio <= w)) w = ratio;
  }
  ~MarginTable() {
    for (const auto& [k, v] : worst) std::fprintf(stderr, "margin %-70s max err/tol = %.3g\n", k.c_str(), v);
  }
};
inline MarginTable& margins() {
  static MarginTable t;
  return t;
}

/// RapidCheck: assert |got - want| <= tol; on failure log what, both values, the difference and tol.
template <class T> void rc_near(const std::string& what, const T& got, const T& want, const T& tol) {
  using std::abs;
  const T err = abs(got - want);
  if (margins().on) margins().record(what, tol > 0 ? static_cast<double>(err / tol) : (err == 0 ? 0.0 : 1e300));
  const bool ok = err <= tol;  // false for NaN
  if (!ok)
    RC_LOG() << what << ": got " << S(got) << "  want " << S(want) << "  |diff| " << S(err) << "  tol " << S(tol)
             << "\n";
  RC_ASSERT(ok);
}

/// RapidCheck: assert lhs <= rhs + slack (an inequality of the paper, slack = rounding only).
template <class T> void rc_le(const std::string& what, const T& lhs, const T& rhs, const T& slack) {
  using std::abs;
  if (margins().on) margins().record(what, static_cast<double>((lhs - rhs) / (abs(rhs) + slack)));  // <= 0: holds with room
  const bool ok = lhs <= rhs + slack;
  if (!ok)
    RC_LOG() << what << ": lhs " << S(lhs) << "  rhs " << S(rhs) << "  excess " << S(T(lhs - rhs)) << "  slack "
             << S(slack) << "\n";
  RC_ASSERT(ok);
}

/// GoogleTest: EXPECT |got - want| <= tol with full-precision values in the message.
template <class T>
::testing::AssertionResult near(const std::string& what, const T& got, const T& want, const T& tol) {
  using std::abs;
  const T err = abs(got - want);
  if (err <= tol) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << ": got " << S(got) << "  want " << S(want) << "  |diff| "
                                       << S(err) << "  tol " << S(tol);
}

// ------------------------------------------------------------------------------------------------
// Random instances

/// What a property may draw. Sizes are upper bounds (inclusive).
struct DrawSpec {
  int dmax = 6;
  int mmax = 24;  ///< width bound; m is even when the init is symmetric
  int nmax = 6;
  std::vector<Activation> activations{Activation::sincos, Activation::tanh, Activation::softplus,
                                      Activation::sigmoid, Activation::erf,  Activation::gelu};
  std::vector<Loss> losses{Loss::square, Loss::logistic};
  bool allow_gaussian_init = true;
  std::vector<std::string> movements{"generic", "coherent"};
  int rho_centi_min = 5;    ///< rho in [rho_centi_min, rho_centi_max] / 100
  int rho_centi_max = 200;
  int mmin = 1;
};

inline std::string describe(const InstanceOptions& o) {
  std::ostringstream s;
  s << "instance: --d " << o.d << " --m " << o.m << " --n " << o.n << " --activation " << activation_name(o.activation)
    << " --loss " << loss_name(o.loss) << " --init " << init_name(o.init) << " --movement " << o.movement
    << " --rho " << std::setprecision(17) << o.rho << " --data " << o.data << " --target " << o.target
    << " --seed " << o.seed;
  return s.str();
}

/// Draw generator options inside a RapidCheck property (logged, so a failure prints them).
inline InstanceOptions draw_options(const DrawSpec& ds) {
  InstanceOptions o;
  o.d = *uniform_in(1, ds.dmax + 1);
  const bool gaussian = ds.allow_gaussian_init && *uniform_in(0, 4) == 0;
  o.init = gaussian ? Init::gaussian : Init::symmetric;
  if (gaussian) o.m = *uniform_in(ds.mmin, ds.mmax + 1);
  else o.m = 2 * *uniform_in(std::max(1, (ds.mmin + 1) / 2), ds.mmax / 2 + 1);
  o.n = *uniform_in(1, ds.nmax + 1);
  o.activation = ds.activations[*uniform_in<std::size_t>(0, ds.activations.size())];
  o.loss = ds.losses[*uniform_in<std::size_t>(0, ds.losses.size())];
  o.movement = ds.movements[*uniform_in<std::size_t>(0, ds.movements.size())];
  o.rho = *uniform_in(ds.rho_centi_min, ds.rho_centi_max + 1) / 100.0;
  std::vector<std::string> data{"sphere", "gaussian", "cube"};
  if (o.d >= 2) data.push_back("lowrank");
  o.data = data[*uniform_in<std::size_t>(0, data.size())];
  o.target = (o.loss == Loss::logistic) ? "sign" : "gaussian";
  o.seed = *uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  RC_LOG() << describe(o) << "\n";
  return o;
}

inline Instance<double> draw_instance(const DrawSpec& ds) { return generate_instance(draw_options(ds)); }

/// A random m x d matrix with i.i.d. N(0, scale^2) entries from `seed` (directions D, U, V).
inline RowMatrix<double> random_matrix(Eigen::Index m, Eigen::Index d, double scale, std::uint64_t seed) {
  Rng rng(seed);
  RowMatrix<double> M(m, d);
  for (Eigen::Index r = 0; r < m; ++r)
    for (Eigen::Index j = 0; j < d; ++j) M(r, j) = scale * rng.normal();
  return M;
}

/// Draw a direction with rows of the typical movement size m^{-1/4}/sqrt(d) per entry.
inline RowMatrix<double> draw_direction(Eigen::Index m, Eigen::Index d, const char* name) {
  const std::uint64_t seed = *uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  RC_LOG() << name << " = random_matrix(m, d, m^-1/4/sqrt(d), seed " << seed << ")\n";
  return random_matrix(m, d, std::pow(double(m), -0.25) / std::sqrt(double(d)), seed);
}

/// Draw m signs as a vector of +-1 (logged).
inline std::vector<int> draw_sign_vector(int m) {
  const std::uint64_t seed = *uniform_in<std::uint64_t>(1, std::uint64_t(1) << 40);
  Rng rng(seed);
  RC_LOG() << "signs = draw_signs(Rng(" << seed << "), " << m << ")\n";
  return draw_signs(rng, m);
}

template <class T> RowMatrix<T> castM(const RowMatrix<double>& M) { return M.template cast<T>(); }

// ------------------------------------------------------------------------------------------------
// Evaluation magnitudes of the activations' closed forms (activation.hpp documents the forms).
//
// eval_mag(a, k, t) bounds |sigma^(k)(t)| AND the rounding error of its closed form divided by u,
// up to a small constant: each closed form is a polynomial in a transcendental (tanh t, the logistic
// s(t), t itself) times a positive factor; evaluating a polynomial sum_j c_j z^j of degree q by any
// recursion/Horner scheme has error <= 2q u sum_j |c_j||z|^j (Higham, eq. 5.3), and the
// transcendental's own relative error (a few ulps, magnified by |t| for e^{-t^2} or for the
// argument t + k pi/2) is covered by the factors (1 + |t|) resp. (1 + t^2). The polynomial
// coefficients are rebuilt here from the recurrences documented in activation.hpp.

namespace detail {
using Poly = std::vector<double>;  // coefficients, lowest degree first
inline Poly deriv(const Poly& p) {
  Poly q(p.size() > 1 ? p.size() - 1 : 1, 0.0);
  for (std::size_t j = 1; j < p.size(); ++j) q[j - 1] = double(j) * p[j];
  return q;
}
inline Poly add(const Poly& a, const Poly& b) {
  Poly c(std::max(a.size(), b.size()), 0.0);
  for (std::size_t j = 0; j < a.size(); ++j) c[j] += a[j];
  for (std::size_t j = 0; j < b.size(); ++j) c[j] += b[j];
  return c;
}
inline Poly mul(const Poly& a, const Poly& b) {
  Poly c(a.size() + b.size() - 1, 0.0);
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j) c[i + j] += a[i] * b[j];
  return c;
}
/// sum_j |c_j| |z|^j
inline double abs_eval(const Poly& p, double z) {
  double s = 0, zp = 1;
  for (double c : p) {
    s += std::abs(c) * zp;
    zp *= std::abs(z);
  }
  return s;
}
/// tanh: S_1 = 1, S_{k+1} = -2T S_k + (1 - T^2) S_k'.
inline Poly tanh_poly(int k) {
  Poly s{1.0};
  for (int j = 1; j < k; ++j) s = add(mul(Poly{0.0, -2.0}, s), mul(Poly{1.0, 0.0, -1.0}, deriv(s)));
  return s;
}
/// sigmoid: R_1 = 1, R_{k+1} = (1 - 2s) R_k + s(1 - s) R_k'.
inline Poly sigmoid_poly(int k) {
  Poly r{1.0};
  for (int j = 1; j < k; ++j) r = add(mul(Poly{1.0, -2.0}, r), mul(Poly{0.0, 1.0, -1.0}, deriv(r)));
  return r;
}
/// physicists' Hermite H_j
inline Poly hermite_h(int j) {
  Poly a{1.0}, b{0.0, 2.0};
  if (j == 0) return a;
  for (int i = 1; i < j; ++i) {
    Poly c = add(mul(Poly{0.0, 2.0}, b), mul(Poly{-2.0 * i}, a));
    a = b;
    b = c;
  }
  return b;
}
/// probabilists' Hermite He_j
inline Poly hermite_he(int j) {
  Poly a{1.0}, b{0.0, 1.0};
  if (j == 0) return a;
  for (int i = 1; i < j; ++i) {
    Poly c = add(mul(Poly{0.0, 1.0}, b), mul(Poly{-1.0 * i}, a));
    a = b;
    b = c;
  }
  return b;
}
inline double logistic(double t) { return t >= 0 ? 1.0 / (1.0 + std::exp(-t)) : std::exp(t) / (1.0 + std::exp(t)); }
inline double sigmoid_mag(int k, double t) {  // k-th derivative of the logistic function
  const double s = logistic(t), one_minus_s = logistic(-t);
  if (k == 0) return s;
  return (2.0 * k + 2.0) * s * one_minus_s * abs_eval(sigmoid_poly(k), s);
}
}  // namespace detail

inline double eval_mag(Activation a, int k, double t) {
  using namespace detail;
  const double at = std::abs(t);
  const double kk = 2.0 * k + 2.0;
  const double pi = 3.14159265358979323846;
  switch (a) {
    case Activation::sincos: return std::sqrt(2.0) * (1.0 + 2.0 * (at + k * pi / 2));
    case Activation::tanh: {
      if (k == 0) return std::abs(std::tanh(t)) + 4.0 * at * (1.0 - std::tanh(t) * std::tanh(t));
      const double T = std::tanh(t), sech2 = 1.0 / (std::cosh(t) * std::cosh(t));
      return kk * sech2 * abs_eval(tanh_poly(k), T);
    }
    case Activation::sigmoid: return sigmoid_mag(k, t) * (1.0 + at);
    case Activation::softplus:
      if (k == 0) return std::max(t, 0.0) + std::log1p(std::exp(-at));
      return sigmoid_mag(k - 1, t) * (1.0 + at);
    case Activation::cubic: {
      const double v[4] = {at + t * t / 2 + at * at * at / 6, 1 + at + t * t / 2, 1 + at, 1};
      return k <= 3 ? 2.0 * v[k] : 0.0;
    }
    case Activation::relu3: {
      const double r = std::max(t, 0.0);
      const double v[4] = {r * r * r / 6, r * r / 2, r, t > 0 ? 1.0 : 0.0};
      return k <= 3 ? 4.0 * v[k] : 0.0;
    }
    case Activation::relu:
      if (k == 0) return std::max(t, 0.0);
      return k == 1 ? (t > 0 ? 1.0 : 0.0) : 0.0;
    case Activation::erf:
      if (k == 0) return std::abs(std::erf(t)) + 4.0 * at * std::exp(-t * t);
      return kk * (1.0 + t * t) * 2.0 / std::sqrt(pi) * abs_eval(hermite_h(k - 1), t) * std::exp(-t * t);
    case Activation::gelu: {
      const double phi = std::exp(-t * t / 2) / std::sqrt(2 * pi), Phi = 0.5 * std::erfc(-t / std::sqrt(2.0));
      auto dPhi = [&](int j) { return j == 0 ? Phi : abs_eval(hermite_he(j - 1), t) * phi; };
      if (k == 0) return (1.0 + t * t) * (at * Phi + at * phi);  // Phi via erfc(-t/sqrt2): relative error ~ t^2 u
      return kk * (1.0 + t * t) * (at * dPhi(k) + k * dPhi(k - 1));
    }
  }
  return 0.0;
}

// ------------------------------------------------------------------------------------------------
// Magnitudes of the model quantities, per sample (all in double, from the double instance).
//
// Pre-activations t = w0.x and u = w.x are GEMM dot products: |error| <= d u ||w|| ||x|| (Cauchy-
// Schwarz on sum_j |w_j x_j|), which moves sigma^(k)(t) by at most |sigma^(k+1)| d u ||w|| ||x||.

struct ModelMags {
  const Instance<double>& in;
  explicit ModelMags(const Instance<double>& inst) : in(inst) {}

  double xnorm(Eigen::Index i) const { return in.X.row(i).norm(); }

  /// Per-neuron magnitude of sigma(v.x) for v = w0 + s w (s = +-1).
  double neuron(Eigen::Index i, Eigen::Index r, const RowMatrix<double>& W, double s) const {
    const double t = in.X.row(i).dot(in.W0.row(r)) + s * in.X.row(i).dot(W.row(r));
    const double arg = (in.W0.row(r).norm() + W.row(r).norm()) * xnorm(i) * double(in.d() + 2);
    return eval_mag(in.activation, 0, t) + eval_mag(in.activation, 1, t) * arg;
  }

  /// f_{W0+W}(x_i): m^{-1/2} sum_r neuron magnitude.
  std::vector<double> network(const RowMatrix<double>& W) const {
    std::vector<double> out(in.n(), 0.0);
    for (Eigen::Index i = 0; i < in.n(); ++i) {
      for (Eigen::Index r = 0; r < in.m(); ++r) out[i] += neuron(i, r, W, 1.0);
      out[i] /= std::sqrt(double(in.m()));
    }
    return out;
  }

  /// E_Sigma f (P2) and of the per-neuron delta_r: neurons at w0 +- w.
  std::vector<double> randomized_mean(const RowMatrix<double>& W) const {
    std::vector<double> out(in.n(), 0.0);
    for (Eigen::Index i = 0; i < in.n(); ++i) {
      for (Eigen::Index r = 0; r < in.m(); ++r) out[i] += 0.5 * (neuron(i, r, W, 1.0) + neuron(i, r, W, -1.0));
      out[i] /= std::sqrt(double(in.m()));
    }
    return out;
  }

  /// Var_Sigma f = m^{-1} sum_r delta_r^2 with |delta_r| and its error both bounded by e_r.
  std::vector<double> randomized_var(const RowMatrix<double>& W) const {
    std::vector<double> out(in.n(), 0.0);
    for (Eigen::Index i = 0; i < in.n(); ++i) {
      for (Eigen::Index r = 0; r < in.m(); ++r) {
        const double e = neuron(i, r, W, 1.0) + neuron(i, r, W, -1.0);
        out[i] += 2.0 * e * e;
      }
      out[i] /= double(in.m());
    }
    return out;
  }

  /// f^(k)_W(x_i) = (k! sqrt m)^{-1} sum_r a_r sigma^(k)(t) u^k: the error of each product is
  /// bounded by (|sigma^(k)| + |sigma^(k+1)| d ||w0|| ||x||)(1 + k d) (||w|| ||x||)^k.
  std::vector<double> taylor(const RowMatrix<double>& W, int k) const {
    std::vector<double> out(in.n(), 0.0);
    double kf = 1;
    for (int j = 2; j <= k; ++j) kf *= j;
    for (Eigen::Index i = 0; i < in.n(); ++i) {
      for (Eigen::Index r = 0; r < in.m(); ++r) {
        const double t = in.X.row(i).dot(in.W0.row(r));
        const double A = W.row(r).norm() * xnorm(i), B = in.W0.row(r).norm() * xnorm(i);
        const double s = eval_mag(in.activation, k, t) + eval_mag(in.activation, k + 1, t) * B * (in.d() + 2);
        out[i] += s * (1.0 + k * (in.d() + 2)) * std::pow(A, k);
      }
      out[i] /= kf * std::sqrt(double(in.m()));
    }
    return out;
  }

  double max_of(const std::vector<double>& v) const { return *std::max_element(v.begin(), v.end()); }
  double mean_of(const std::vector<double>& v) const {
    double s = 0;
    for (double x : v) s += x;
    return s / double(v.size());
  }
};

/// Natural magnitude of a loss value/derivative: |ell^(k)| plus the error from its argument,
/// |ell^(k+1)| * (error of yhat). Both bounded with the sup constants (or the local value when the
/// sup is infinite, i.e. for the squared loss: ell = r^2/2, ell' = r, ell'' = 1).
inline double loss_mag(Loss l, int k, double yhat, double y) {
  double v[6] = {0, 0, 0, 0, 0, 0};
  loss_derivatives(l, yhat, y, 4, v);
  double s = std::abs(v[k]) + 1.0;
  if (l == Loss::square && k == 0) s += std::abs(yhat - y);
  return s;
}

inline double norm_inf(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s = std::max(s, std::abs(x));
  return s;
}

inline double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

}  // namespace bltest
