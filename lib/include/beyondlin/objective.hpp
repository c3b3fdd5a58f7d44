#pragma once
/// @file objective.hpp
/// Training objectives on the flat parameter vector w = vec(W) (row-major: w[r*d + j] = W(r, j)),
/// with analytic value, gradient and Hessian-vector product (SPEC §2, §3.3-§3.5, Appendix A).
///
/// Every objective has the form
///     F(W) = (1/n) sum_i ell(g_i(W), y_i) + lambda R(W),     R(W) = ||W||_{2,4}^8,
/// and differs in the predictor g_i:
///   - `full`        g_i = f_{W0+W}(x_i)                                       (SPEC §1.2)
///   - `taylor-K`    g_i = f_{W0}(x_i) + f^(K)_W(x_i), the K-th order model     (SPEC §2, §4.7 H1)
///   - `quadratic`   = taylor-2: L^Q(W) = (1/n) sum_i ell(f_{W0}(x_i) + f^Q_W(x_i), y_i)  (SPEC §3.3)
///   - `ntk`         = taylor-1: the linearized (NTK) model
///   - `randomized`  L(W) = E_Sigma (1/n) sum_i ell(f_{W0+Sigma W}(x_i), y_i)   (SPEC §3.3)
/// For `randomized` the expectation is computed
///   - in closed form for the squared loss (SPEC §3.4: L = (1/2n) sum_i [(E f - y_i)^2 + Var f]),
///   - by enumerating all 2^m sign patterns for other losses when m <= 16 (exact),
///   - otherwise by Monte Carlo with K antithetic pairs (Sigma, -Sigma) drawn once from the seed
///     (common random numbers: the estimator is one fixed smooth function of W, whose exact
///     gradient and HVP are returned; the value carries a standard error).
///
/// Cost: value and gradient O(nmd) as two GEMMs (X W^T and C^T X; X W0^T is computed once in
/// the constructor) plus O(nm) elementwise work; an HVP adds one more GEMM pair. Enumeration and
/// Monte Carlo multiply the elementwise work by the number of patterns. No md x md matrix is
/// ever formed.

#include <beyondlin/instance.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace beyondlin {

enum class ObjectiveKind { full, randomized, taylor };
enum class RandomizedMethod { automatic, closed_form, enumeration, monte_carlo };

/// What to optimize. Parsed from the DESIGN.md names by parse_objective().
struct ObjectiveSpec {
  ObjectiveKind kind = ObjectiveKind::full;
  int order = 2;                ///< K for taylor (1 = ntk, 2 = quadratic)
  double lambda = 0.0;          ///< regularization weight, >= 0
  RandomizedMethod method = RandomizedMethod::automatic;
  long mc_pairs = 10000;        ///< antithetic pairs for Monte Carlo
  std::uint64_t seed = 1;       ///< seed of the Monte Carlo signs
};

/// Parse "full", "randomized", "quadratic", "ntk" or "taylor-K" (K = 1..kMaxActivationOrder-2).
/// Throws InputError(field, ...) naming the value.
ObjectiveSpec parse_objective(const std::string& name, const std::string& field = "objective");

/// The canonical name: "full", "randomized", "quadratic" (taylor-2), "ntk" (taylor-1), "taylor-K".
std::string objective_name(const ObjectiveSpec& spec);

/// A value together with its Monte Carlo standard error (0 when exact).
template <class T> struct ValueWithError {
  T value;
  T stderr_;
};

/// An objective bound to an instance (the instance's X, y, a, W0 are copied; its W is ignored:
/// the point of evaluation is the argument w).
template <class T> class Objective {
 public:
  /// Throws InputError for lambda < 0 or NaN, an order out of range, or a randomized method that
  /// does not apply (closed_form without the squared loss, enumeration with m > 16).
  Objective(const Instance<T>& inst, const ObjectiveSpec& spec);
  ~Objective();
  Objective(Objective&&) noexcept;
  Objective& operator=(Objective&&) noexcept;

  /// Number of parameters m d.
  Eigen::Index dim() const;
  Eigen::Index m() const;
  Eigen::Index d() const;
  const ObjectiveSpec& spec() const;

  /// "analytic" (full, taylor), or for randomized "closed-form", "enumeration", "monte-carlo".
  const char* method() const;

  /// F(w) including lambda R.
  T value(const Vector<T>& w) const;
  /// F(w) with its Monte Carlo standard error (0 for exact methods).
  ValueWithError<T> value_with_error(const Vector<T>& w) const;
  /// Data term only, without lambda R.
  T data_value(const Vector<T>& w) const;
  /// Returns F(w) and writes grad F(w) to g (resized to dim()).
  T gradient(const Vector<T>& w, Vector<T>& g) const;
  /// out = Hess F(w) v (resized to dim()). About twice the cost of a gradient.
  void hvp(const Vector<T>& w, const Vector<T>& v, Vector<T>& out) const;

  /// Predictor g_i(W) of every sample (for randomized: the symmetrized mean E_Sigma f).
  Vector<T> predictions(const Vector<T>& w) const;

  /// vec(W) (row-major) and back.
  static Vector<T> flatten(const RowMatrix<T>& W);
  RowMatrix<T> unflatten(const Vector<T>& w) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace beyondlin
