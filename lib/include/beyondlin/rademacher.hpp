#pragma once
/// @file rademacher.hpp
/// Empirical Rademacher complexities of the Taylor-model classes (SPEC §4.4 G1-G3, §4.7 H5),
/// computed from data: the exact suprema over one sign vector eps in {-1,+1}^n, their Monte Carlo
/// average over eps with a standard error, and the data-dependent upper bounds (operator-norm /
/// matrix Khintchine bound G2, trace bound of G3).
///
/// Classes (SPEC §4.4, §4.7):
///   - quadratic  F^Q(B)     = { f^Q_W     : ||W||_{2,4}  <= B }   (order 2)
///   - ntk        F^L(B_F)   = { f^(1)_W   : ||W||_F      <= B_F } (order 1)
///   - order-k    F^(k)(B)   = { f^(k)_W   : ||W||_{2,2k} <= B }   (k >= 2; H5)
/// For a class F and signs eps the supremum is sup_{f in F} (1/n) sum_i eps_i f(x_i); the empirical
/// Rademacher complexity is its mean over eps ~ Unif{-1,+1}^n.
///
/// Notation: t_{ir} = w_{0,r}^T x_i and the n x m coefficients
///   c^(k)_{ir} = eps_i a_r sigma^(k)(t_{ir}) / n,
/// so that (1/n) sum_i eps_i f^(k)_W(x_i) = (k! sqrt m)^{-1} sum_r sum_i c^(k)_{ir} (w_r^T x_i)^k.
///
/// Precision: double throughout (the suprema are eigenvalue problems; their inputs are data).
/// Threads: the per-neuron work runs in an OpenMP loop over neurons (when there is enough of it);
/// every neuron's result is computed by the same single-threaded code whatever the thread count, so
/// results are bitwise reproducible (DESIGN.md §1).
///
/// Example (output captured):
/// @code
///   InstanceOptions o;  o.d = 8; o.m = 16; o.n = 400; o.seed = 3;
///   Instance<double> inst = generate_instance(o);
///   ComplexityEstimate q = rademacher_complexity(inst, {FunctionClass::quadratic, 2}, 1.0, 50, 1);
///   QuadraticBounds b = quadratic_class_bounds(inst, 1.0);
///   // q.mean = 0.01324, q.stderr_ = 0.00015, q.operator_mean = 0.01912, b.khintchine = 0.04503
/// @endcode

#include <beyondlin/instance.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace beyondlin {

// ---- classes ----------------------------------------------------------------------------------

/// The function classes of SPEC §4.4 / §4.7.
enum class FunctionClass { ntk, quadratic, order_k };

/// A class and its Taylor order: ntk -> 1, quadratic -> 2, order_k -> k (2 <= k <= 24; k = 2 is the
/// quadratic class computed by the order-k method, used to cross-check G1).
struct ClassSpec {
  FunctionClass kind = FunctionClass::quadratic;
  int order = 2;
};

/// Parse "quadratic", "ntk" or "order-k" (then `order` is the k, checked to lie in [2, 24]).
/// Throws InputError(field, ...) naming the value and the accepted names, or InputError("order", ...).
ClassSpec parse_function_class(const std::string& name, int order = 3, const std::string& field = "class");

/// "quadratic", "ntk" or "order-<k>".
std::string function_class_name(const ClassSpec& c);

/// n i.i.d. uniform signs from rng (rng.sign() n times, in order i = 0..n-1), as a vector of +-1.
Vector<double> draw_rademacher_signs(Rng& rng, Eigen::Index n);

/// The n x m coefficient matrix c^(k)_{ir} = eps_i a_r sigma^(k)(t_{ir}) / n (see the file comment).
/// Throws InputError("eps", ...) when eps has the wrong length or an entry that is not +-1, and
/// InputError("order", ...) for k outside [0, kMaxActivationOrder]. Cost: one GEMM X W0^T (2nmd) and
/// O(nmk) activation work.
Matrix<double> rademacher_coefficients(const Instance<double>& inst, const Vector<double>& eps, int k);

// ---- symmetric extreme eigenvalues (Lanczos) --------------------------------------------------

/// Both extreme eigenpairs of a dense symmetric matrix, with their residuals.
struct SymmetricExtremes {
  double max = 0, min = 0;                  ///< largest and smallest Ritz values
  double max_residual = 0, min_residual = 0;  ///< ||A v - theta v|| of the unit Ritz vectors (computed)
  Vector<double> max_vector;                ///< unit Ritz vector of `max` (empty unless requested)
  int steps = 0;                            ///< Lanczos steps taken (= matrix-vector products)
  bool converged = false;                   ///< both residuals <= tol * max(|max|, |min|), or exact
};

/// Extreme eigenvalues of the symmetric d x d matrix A by the Lanczos method with full
/// reorthogonalization (classical Gram-Schmidt applied twice), started from a fixed pseudo-random
/// unit vector (Rng seed 0x5eed, normal entries), so the result is deterministic. Only the LOWER
/// triangle of A is read. Both ends come from the same Krylov space: at steps 4, 8, then every
/// max(4, k/4) steps (and whenever beta_k <= tol ||T_k||, at an invariant subspace beta_k <= 1e-15
/// ||T_k||, or at the last step) the tridiagonal T_k is diagonalized (Eigen's computeFromTridiagonal)
/// and the estimates |beta_k s_{k,j}| of the residuals of the two extreme Ritz pairs are compared with
/// tol * max(|theta_max|, |theta_min|); at most `max_steps` steps (0: d steps, where the Krylov space is
/// the whole space and the Ritz values are the eigenvalues up to rounding). The residuals returned
/// are recomputed from the unit Ritz vectors (one more matrix-vector product each).
///
/// Guarantee (exact arithmetic; rounding adds O(k u ||A||)): each Ritz value theta lies within its
/// residual of an eigenvalue, and theta_min >= lambda_min, theta_max <= lambda_max (Cauchy
/// interlacing); the eigenvalue error is usually residual^2 / gap. Misconvergence to an inner
/// eigenvalue needs a start vector nearly orthogonal to the extreme eigenvector (probability ~0).
/// Cost: (steps) x (one symmetric matrix-vector product, 2 d^2 flops) + O(steps^2 d) for the
/// reorthogonalization + O(steps^3 / 4) for the tridiagonal solves. For the A_r of G1 at d = 256,
/// about 40-120 steps: well below the 2 n d^2 flops of forming A_r (bench/bench_rademacher.cpp).
SymmetricExtremes symmetric_extremes(const Matrix<double>& A, double tol = 1e-10, int max_steps = 0,
                                     bool want_vector = true);

// ---- G1: the quadratic class ------------------------------------------------------------------

/// Options of quadratic_class_sup and of the Monte Carlo estimate.
struct SupOptions {
  double tol = 1e-10;           ///< Lanczos relative residual tolerance (symmetric_extremes)
  int max_steps = 0;            ///< Lanczos step limit (0: d)
  bool maximizer = true;        ///< also build the maximizer W (m x d)
  /// Benchmark only: form every A_r but skip the eigen-solves (lambda fields are 0, value 0).
  bool skip_eigensolves = false;
};

/// The supremum of the quadratic class for one sign vector (SPEC §4.4 G1, [derived ✓]):
///   A_r = (1/n) sum_i eps_i a_r sigma''(t_{ir}) x_i x_i^T = X^T diag(c^(2)_{:,r}) X,
///   sup_{||W||_{2,4} <= B} (1/n) sum_i eps_i f^Q_W(x_i) = B^2/(2 sqrt m) (sum_r [lambda_max(A_r)]_+^2)^{1/2},
/// attained at w_r = sqrt(tau_r) v_r, v_r a unit top eigenvector of A_r,
/// tau_r = B^2 [lambda_max(A_r)]_+ / (sum_q [lambda_max(A_q)]_+^2)^{1/2} (so ||W||_{2,4} = B).
/// Also per eps: max_r ||A_r||_2 and the operator-norm bound (B^2/2) max_r ||A_r|| >= value (G2's first
/// inequality, IN-8).
struct QuadraticSup {
  double value = 0;                  ///< G1 (with the Lanczos Ritz values for lambda_max)
  RowMatrix<double> W;               ///< maximizer (m x d; 0 when every lambda_max <= 0 or maximizer off)
  Vector<double> lambda_max, lambda_min;      ///< per neuron
  Vector<double> residual_max, residual_min;  ///< per neuron, ||A_r v - theta v||
  double max_norm = 0;               ///< max_r ||A_r||_2 = max_r max(|lambda_max|, |lambda_min|)
  double operator_bound = 0;         ///< (B^2/2) max_r ||A_r||  (>= value)
  long lanczos_steps = 0;            ///< total over neurons
  int unconverged = 0;               ///< neurons whose Lanczos stopped at max_steps above tol
};

/// G1 for the signs eps and the radius B > 0 (InputError("B", ...) otherwise). Forms every A_r as
/// one triangular GEMM (only the lower triangle, n d^2 multiply-adds) from X .* c_{:,r}, then its two
/// extreme eigenpairs by symmetric_extremes; neurons run in an OpenMP loop, one A_r per thread at a
/// time (memory O(nd + d^2) per thread, never m d^2). Cost: m n d^2 multiply-adds + m Lanczos runs.
QuadraticSup quadratic_class_sup(const Instance<double>& inst, const Vector<double>& eps, double B,
                                 const SupOptions& opt = {});

/// The matrix A_r = (1/n) sum_i eps_i a_r sigma''(t_{ir}) x_i x_i^T (full, symmetric), for tests and
/// checks. Cost O(nmd + n d^2).
Matrix<double> quadratic_sup_matrix(const Instance<double>& inst, const Vector<double>& eps, Eigen::Index r);

// ---- G3: the NTK class ------------------------------------------------------------------------

/// The supremum of the NTK class for one sign vector (SPEC §4.4 G3, [derived]):
///   sup_{||W||_F <= B_F} (1/n) sum_i eps_i f^(1)_W(x_i) = B_F ||G_eps||_F,
///   G_eps rows g_r = (1/(n sqrt m)) sum_i eps_i a_r sigma'(t_{ir}) x_i  (G = m^{-1/2} C^T X),
/// attained at W = B_F G_eps / ||G_eps||_F (Cauchy-Schwarz).
struct NtkSup {
  double value = 0;        ///< B_F ||G_eps||_F
  RowMatrix<double> G;     ///< G_eps (m x d)
  RowMatrix<double> W;     ///< maximizer (0 when G_eps = 0)
};

/// G3 for the signs eps and B_F > 0. Cost: two GEMMs (X W0^T and C^T X), 4nmd flops.
NtkSup ntk_class_sup(const Instance<double>& inst, const Vector<double>& eps, double B_F);

// ---- H5: order k ------------------------------------------------------------------------------

/// Options of the multi-start SS-HOPM (symmetric_tensor_max).
struct TensorMaxOptions {
  int starts = 50;            ///< random starts (>= 1); SPEC Appendix A asks for >= 50
  int max_iterations = 2000;  ///< SS-HOPM iterations per start
  double hopm_tol = 1e-6;     ///< a start leaves SS-HOPM when ||g - f u|| <= hopm_tol * S
  double tol = 1e-12;         ///< Newton polishing of the best start stops when ||g - f u|| <= tol * S
  int newton_steps = 20;      ///< at most this many Newton steps on the best start
  std::uint64_t seed = 1;     ///< seed of the start vectors
};

/// Result of a symmetric tensor maximization: the best start.
struct TensorMax {
  double value = 0;            ///< max over starts of <T, u^{(x)k}> (a LOWER bound of lambda^(k)_max(T))
  Vector<double> u;            ///< its unit vector
  double gradient_norm = 0;    ///< ||g - value u||, g = T u^{k-1}: the sphere-projected gradient / k
  int starts = 0;              ///< starts run
  int unconverged = 0;         ///< starts stopped by max_iterations above hopm_tol
  long iterations = 0;         ///< SS-HOPM iterations, total over starts
  int newton_steps = 0;        ///< Newton steps taken on the best start
  double scale = 0;            ///< S = sum_i |c_i| ||x_i||^k (bounds |<T, u^{(x)k}>| and ||T u^{k-1}||)
};

/// lambda^(k)_max(T) = sup_{||u|| = 1} <T, u^{(x)k}> for the symmetric tensor T = sum_i c_i x_i^{(x)k}
/// (rows x_i of X), without ever forming T: <T, u^{(x)k}> = sum_i c_i (x_i^T u)^k and
/// T u^{k-1} = sum_i c_i (x_i^T u)^{k-1} x_i cost O(nd) each (SPEC §4.7 H5, Appendix A).
/// Method: shifted symmetric higher-order power iteration (SS-HOPM, Kolda & Mayo 2011),
/// u <- (T u^{k-1} + alpha u) / ||.||, from `starts` random unit starts (normal entries from
/// Rng(seed)), all starts advanced together as two GEMMs per iteration (X U and X^T Q). The shift is
/// adaptive per start: it starts at 0, and a step that lowers the value (beyond the rounding allowance
/// 8 (k + d + n) u S) is rejected and the shift doubled (from alpha*/1024), never above the convexity
/// shift alpha* = (k-1) S at which SS-HOPM increases the value monotonically (Kolda & Mayo 2011,
/// Thm 4.4: alpha > (k-1) max_u ||T u^{k-2}||, and ||T u^{k-2}|| <= S). A start leaves SS-HOPM when
/// ||T u^{k-1} - f u|| <= hopm_tol S (a KKT point on the sphere, to that tolerance). The best start is
/// then polished by Riemannian Newton steps, Q^T((k-1) T u^{k-2} - f I) Q z = -Q^T(T u^{k-1} - f u)
/// with Q a basis of u^perp, taken only while that tangent Hessian is negative definite (u in the
/// basin of a nondegenerate local maximum) and the value does not drop: quadratic convergence to
/// ||T u^{k-1} - f u|| <= tol S. For k = 2 the local maximum is the top eigenvector and this is a
/// shifted power method followed by Rayleigh-quotient-type steps. NP-hard for k >= 3 in general: the
/// value is a LOWER bound (exact whenever some start reaches the global maximizer's basin).
/// Throws InputError on k < 1, starts < 1, c of the wrong length. Cost: iterations x 4 n d starts
/// (SS-HOPM) + newton_steps x (n d^2 + d^3) (polishing).
TensorMax symmetric_tensor_max(const Matrix<double>& X, const Vector<double>& c, int k,
                               const TensorMaxOptions& opt = {});

/// The order-k supremum (SPEC §4.7 H5, [derived exact sup]):
///   T_r = (1/n) sum_i eps_i a_r sigma^(k)(t_{ir}) x_i^{(x)k},
///   sup_{||W||_{2,2k} <= B} (1/n) sum_i eps_i f^(k)_W(x_i) = B^k/(k! sqrt m) (sum_r [lambda^(k)_max(T_r)]_+^2)^{1/2},
/// attained at w_r = B (s_r/||s||)^{1/k} u_r with s_r = [lambda_r]_+ and u_r the maximizing unit vector.
/// lambda^(k)_max(T_r) by symmetric_tensor_max per neuron (start seed = SplitMix64 of (opt.seed, r)),
/// so the value is a LOWER bound of the supremum (reported with the number of starts); for k = 2 it
/// equals G1 up to the power iteration's tolerance.
struct OrderKSup {
  int order = 0;
  double value = 0;              ///< lower bound of the supremum
  RowMatrix<double> W;           ///< the point attaining `value` (||W||_{2,2k} = B)
  Vector<double> lambda;         ///< per neuron, lower bounds of lambda^(k)_max(T_r)
  Vector<double> gradient_norm;  ///< per neuron, ||T_r u^{k-1} - lambda u|| of the best start
  Vector<double> scale;          ///< per neuron, S_r = sum_i |c_ir| ||x_i||^k
  int starts = 0;
  int unconverged = 0;           ///< total over neurons of starts stopped by max_iterations
  long iterations = 0;
  bool lower_bound = true;       ///< always true: multi-start local search
};

/// H5 for the signs eps, order k in [1, 24] and radius B > 0. Cost: m x (iterations x 4 n d starts).
OrderKSup order_k_class_sup(const Instance<double>& inst, const Vector<double>& eps, int k, double B,
                            const TensorMaxOptions& opt = {});

// ---- Monte Carlo over the signs ---------------------------------------------------------------

/// Monte Carlo estimate of the empirical Rademacher complexity E_eps sup_F (1/n) sum_i eps_i f(x_i).
struct ComplexityEstimate {
  ClassSpec cls;
  double radius = 0;           ///< B (quadratic, order-k) or B_F (ntk)
  int draws = 0;
  std::uint64_t seed = 0;
  double mean = 0;             ///< mean of the per-draw suprema (order-k: of their lower bounds)
  double stderr_ = 0;          ///< sample standard deviation / sqrt(draws)
  /// quadratic only: mean and standard error of (B^2/2) max_r ||A_r|| (G2 first inequality); else 0.
  double operator_mean = 0, operator_stderr = 0;
  std::vector<double> values;  ///< the per-draw suprema, in draw order (paired comparisons)
  std::vector<double> operator_values;  ///< quadratic: per-draw (B^2/2) max_r ||A_r||
  int starts = 0;              ///< order-k: starts per neuron
  long unconverged = 0;        ///< quadratic: Lanczos runs above tol; order-k: starts at max_iterations
  bool lower_bound = false;    ///< order-k (k >= 3 or the order-k method): the mean is of lower bounds
};

/// Monte Carlo over eps for the class `cls` at radius `radius` > 0 with `draws` >= 2 draws.
/// Random stream (documented, reproducible): Rng rng(seed); draw j = 0..draws-1 takes its n signs
/// eps_i = rng.sign(), i = 0..n-1, consecutively from this one stream; so the same seed gives the same
/// sign vectors for every class (paired comparisons across classes). For order-k the starts of draw j
/// use TensorMaxOptions::seed = SplitMix64(tensor.seed + j) (a separate stream). The eps-independent
/// part (X W0^T and sigma^(k)) is computed once. Mean and variance use compensated sums.
/// Throws InputError("draws"), ("B"), ("order"). Cost: draws x (one supremum of the class).
ComplexityEstimate rademacher_complexity(const Instance<double>& inst, const ClassSpec& cls, double radius,
                                         int draws, std::uint64_t seed, const SupOptions& sup = {},
                                         const TensorMaxOptions& tensor = {});

// ---- data-dependent upper bounds --------------------------------------------------------------

/// Upper bounds of the quadratic class complexity from the sample (SPEC §4.4 G2, [derived]):
///   R_S(F^Q(B)) <= (B^2/2) E max_r ||A_r|| <= (B^2/2) sqrt(2 log(2dm) v)                 (Khintchine)
///              <= (B^2/2) C2 Bx sqrt(2 log(2dm) ||Sigma_n|| / n)                           (G2)
///              <= (B^2/2) C2 Bx^2 sqrt(2 log(2dm) / n)                                     (worst case)
/// where max_r ||A_r|| = ||sum_i eps_i B_i|| for the block-diagonal B_i = blockdiag_r((1/n) a_r
/// sigma''(t_ir) x_i x_i^T) of size D = dm, and E||sum eps_i B_i|| <= sqrt(2 v log(2D)) with
/// v = ||sum_i B_i^2|| (Tropp 2015, Thm 4.1.1), here v = max_r ||(1/n^2) sum_i sigma''(t_ir)^2 ||x_i||^2 x_i x_i^T||
/// <= C2^2 Bx^2 ||Sigma_n|| / n. Constants are those of the sample: C2 = max_{i,r} |sigma''(t_ir)|,
/// Bx = max_i ||x_i||, ||Sigma_n|| = ||(1/n) X^T X||.
struct QuadraticBounds {
  double C2 = 0, Bx = 0, sigma_norm = 0;
  double log_2dm = 0;            ///< log(2 d m)
  double variance = 0;           ///< v (0 when not requested)
  double khintchine_variance = 0;  ///< (B^2/2) sqrt(2 log(2dm) v)
  double khintchine = 0;         ///< (B^2/2) C2 Bx sqrt(2 log(2dm) ||Sigma_n||/n)
  double worst_case = 0;         ///< (B^2/2) C2 Bx^2 sqrt(2 log(2dm)/n)
};

/// Quadratic-class bounds at radius B > 0. with_variance: also v (m PSD d x d matrices, each formed
/// by a triangular GEMM and its norm by symmetric_extremes: the cost of one G1 draw).
QuadraticBounds quadratic_class_bounds(const Instance<double>& inst, double B, bool with_variance = true);

/// Upper bounds of the NTK class complexity from the sample (SPEC §4.4 G3, [derived]):
///   R_S(F^L(B_F)) <= (B_F/n) sqrt(tr K) <= B_F C1 Bx / sqrt(n),
///   tr K = sum_i K(x_i, x_i) = sum_i (1/m) sum_r sigma'(t_ir)^2 ||x_i||^2
/// (Jensen: E ||G_eps||_F <= (E ||G_eps||_F^2)^{1/2} = sqrt(tr K)/n); C1 = max_{i,r} |sigma'(t_ir)|.
struct NtkBounds {
  double C1 = 0, Bx = 0;
  double trace_K = 0;       ///< tr K
  double trace = 0;         ///< (B_F/n) sqrt(tr K)
  double worst_case = 0;    ///< B_F C1 Bx / sqrt(n)
};

/// NTK-class bounds at radius B_F > 0. Cost O(nmd).
NtkBounds ntk_class_bounds(const Instance<double>& inst, double B_F);

/// Upper bound of the order-k class complexity from the sample ([derived] here; SPEC §4.7 H5 gives
/// only the heuristic isotropic rate): lambda^(k)_max(T_r) <= ||T_r||_inj <= ||mat(T_r)||_2 with
/// mat(T_r) = (1/n) sum_i c_ir x_i (x_i^{(x)(k-1)})^T (d x d^{k-1}); the rectangular matrix Khintchine
/// inequality for the block-diagonal series of size (md) x (m d^{k-1}) gives
///   R_S(F^(k)(B)) <= (B^k/k!) E max_r ||mat(T_r)|| <= (B^k/k!) Ck Bx^k sqrt(2 log(m (d + d^{k-1})) / n),
/// Ck = max_{i,r} |sigma^(k)(t_ir)|. For k = 2 it is the worst case of G2 (log(2dm)).
struct OrderKBounds {
  int order = 0;
  double Ck = 0, Bx = 0;
  double log_dim = 0;       ///< log(m (d + d^{k-1}))
  double flattening = 0;    ///< the bound above
};

/// Order-k bound at radius B > 0, k in [2, 24]. Cost O(nmd).
OrderKBounds order_k_class_bounds(const Instance<double>& inst, int k, double B);

}  // namespace beyondlin
