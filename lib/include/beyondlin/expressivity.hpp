#pragma once
/// @file expressivity.hpp
/// The expressivity construction of SPEC §4.5 (Theorem E): a movement W* whose quadratic model
/// f^Q_{W*} represents a target f_* up to O_P(m^{-1/2}), with ||W*||_{2,4} bounded independently of m.
///
/// E1 (random-feature lifting). Symmetric init (SPEC §1.3): pairs p = 0..m/2-1 share w_{0,p} and have
/// opposite signs a_p = -a_{p+m/2}. Given a weight function h and a vector v, activate in each pair the
/// neuron whose a equals sign h(w_{0,p}) with row w* = 2 m^{-1/4} sqrt|h(w_{0,p})| v (partner row 0):
///   f^Q_{W*}(x) = (2/m) sum_p sigma''(w_{0,p}^T x) h(w_{0,p}) (v^T x)^2  ->  E_w[sigma''(w^T x) h(w)] (v^T x)^2,
///   ||W*||_{2,4}^4 = (16/m) sum_p h(w_{0,p})^2 ||v||^4  ->  8 E[h^2] ||v||^4.
/// E2 (Hermite choice). For unit x: E_w[h_j(w^T x) h_k(w^T u)] = delta_jk (x^T u)^k (hermite.hpp), so
/// h(w) = alpha ||beta||^k / c_k * h_k(w^T beta/||beta||) gives E_w[sigma''(w^T x) h(w)] = alpha (beta^T x)^k,
/// with E h^2 = alpha^2 ||beta||^{2k} / c_k^2 (c_k: Hermite coefficients of sigma'', hermite.hpp).
/// Theorem E: v = beta, k = p - 2 gives f^Q_{W*} = alpha (beta^T x)^p + O_P(m^{-1/2}) and
/// ||W*||_{2,4}^4 -> 8 alpha^2 ||beta||^{2p} / c_{p-2}^2.
///
/// Sums f_* = sum_s alpha_s (beta_s^T x)^{p_s}: disjoint groups of n_s pairs (fraction q_s = n_s/(m/2)),
/// h_s scaled by 1/q_s so that each group's mean is exactly its term. Writing A_s = |alpha_s| ||beta_s||^{p_s}
/// / |c_{p_s - 2}|, E ||W*||_{2,4}^4 = 8 sum_s A_s^2 / q_s, minimized by q_s proportional to A_s to
/// 8 (sum_s A_s)^2 (SPEC: ||W*||_{2,4}^2 -> 2 sqrt 2 sum_s A_s, "norms add like a nuclear norm").
///
/// Quadratic forms [derived here]: x^T Theta x = sum_j lambda_j (u_j^T x)^2 with the eigenpairs of the
/// symmetric Theta (rank r = number of nonzero eigenvalues) is a sum of r terms with p = 2, k = 0 (constant
/// h = lambda_j / (c_0 q_j)), so ||W*||_{2,4}^4 -> 8 (sum_j |lambda_j|)^2 / c_0^2 = 8 ||Theta||_*^2 / c_0^2.
/// (Any other decomposition into unit rank-one terms has sum_j |lambda_j| >= ||Theta||_*: the eigenbasis is
/// the cheapest.) With k = 0 the norm is deterministic given the group sizes: no Monte Carlo fluctuation.
/// Product x_1 x_2 on the cube [derived here]: the generator's cube data are x = z / sqrt(d), z in {+-1}^d,
/// so the target alpha z_1 z_2 is alpha d x_1 x_2 = x^T Theta x with Theta = (alpha d / 2)(e_1 e_2^T + e_2 e_1^T),
/// eigenvalues +-alpha d / 2 on (e_1 +- e_2)/sqrt 2 (SPEC's 1/4[((e_1+e_2)^T z)^2 - ((e_1-e_2)^T z)^2]),
/// ||Theta||_* = |alpha| d, hence ||W*||_{2,4}^4 -> 8 alpha^2 d^2 / c_0^2 (= 8 e alpha^2 d^2 for sincos).
/// (`beyondlin instance --target product` labels y = d x_1 x_2: alpha = 1.)
///
/// Assumptions enforced (InputError): symmetric init with rows w_{0,r} ~ N(0, I_d) (the Hermite identity
/// needs the standard normal law: init_scale 1), unit-norm inputs (||x|| = 1: data sphere, cube, lowrank;
/// E2 is stated on S^{d-1}), an activation with a nonzero needed coefficient c_{p-2} and a quadratic model
/// that is not identically 0 (relu is refused: sigma'' = 0 a.e.).
/// Everything here is in double; the Hermite coefficients can be computed in 50 or 100 digits first.

#include <beyondlin/hermite.hpp>
#include <beyondlin/instance.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace beyondlin {

/// One term alpha (beta^T x)^p.
struct PowerTerm {
  double alpha = 1.0;
  Vector<double> beta;  ///< d entries, nonzero
  int p = 2;            ///< 2 <= p <= kMaxHermiteCoefficientIndex + 2
};

/// The kinds of target of `beyondlin express`.
enum class TargetKind { power, sum, product, quadratic_form };

/// "power", "sum", "product", "quadratic-form".
const char* target_kind_name(TargetKind k);

/// A target f_* and the decomposition into power terms that the construction uses.
struct ExpressTarget {
  TargetKind kind = TargetKind::power;
  int d = 0;
  /// power/sum: the terms as given; product/quadratic-form: lambda_j (u_j^T x)^2 from the eigenpairs of Theta.
  std::vector<PowerTerm> terms;
  /// product/quadratic-form: the symmetric d x d matrix with f_*(x) = x^T Theta x (empty otherwise).
  Matrix<double> theta;
  double product_alpha = 0;  ///< product: alpha of alpha z_1 z_2 = alpha d x_1 x_2
  std::string formula;       ///< human-readable definition, e.g. "0.7 (beta^T x)^4"
};

/// f_* = alpha (beta^T x)^p. Throws InputError naming "alpha" (not finite), "beta" (empty, non-finite
/// or zero) or "p" (outside 2..kMaxHermiteCoefficientIndex + 2).
ExpressTarget power_target(double alpha, const Vector<double>& beta, int p);

/// f_* = sum_s alpha_s (beta_s^T x)^{p_s} (at least one term, all betas of the same dimension; same
/// errors as power_target, the field naming the term: "beta[1]").
ExpressTarget sum_target(const std::vector<PowerTerm>& terms);

/// f_* = alpha z_1 z_2 with z = sqrt(d) x (cube coordinates), i.e. alpha d x_1 x_2 (see the file comment).
/// Throws InputError("d", ...) for d < 2, ("alpha", ...) for a non-finite alpha.
ExpressTarget product_target(int d, double alpha);

/// f_* = x^T Theta x for a symmetric d x d Theta (|Theta_ij - Theta_ji| <= 1e-12 max|Theta|, then
/// symmetrized). Eigenvalues with |lambda| <= 64 d u max|lambda| are dropped as rounding noise (their
/// contribution is below 1e-13 max|lambda| on unit x). Cost O(d^3). Throws InputError("theta", ...).
ExpressTarget quadratic_form_target(const Matrix<double>& theta);

/// A d x r matrix with orthonormal columns, uniformly distributed (Haar): Householder QR of a d x r
/// matrix of N(0,1) draws from Rng(seed), columns signed so that R has a positive diagonal
/// (Mezzadri 2007). r = 1 gives a uniform unit vector. Throws InputError("rank", ...) unless 1 <= r <= d.
Matrix<double> random_orthonormal_columns(int d, int r, std::uint64_t seed);

/// f_*(x_i) for every row of X (n x d), from the defining formula (power/sum: the terms; product:
/// alpha d x_1 x_2; quadratic form: x^T Theta x), not from the decomposition. Cost O(n d (S + d)).
Vector<double> target_values(const ExpressTarget& target, const Matrix<double>& X);

/// Options of the construction.
struct ExpressOptions {
  /// Significant digits in which the Hermite coefficients are computed (17 double, 21, 50, 100).
  int hermite_digits = 50;
  /// > 0: activations without a closed form use N-point Gauss-Hermite instead of the trapezoid rule.
  int gauss_hermite_nodes = 0;
  /// Also compute the exact finite-m mean squared fit error per sample (expected_fit_mse): an
  /// N^2-point bivariate Gauss-Hermite rule per sample and term, N = variance_nodes.
  bool predict_fit_error = true;
  int variance_nodes = 64;
};

/// What the construction used for one term, and its share of the norm.
struct ExpressTermInfo {
  double alpha = 0, beta_norm = 0;
  int p = 2, k = 0;                       ///< k = p - 2, the Hermite index
  HermiteCoefficient<double> c;           ///< c_k of sigma''
  double cost = 0;                        ///< A_s = |alpha| ||beta||^p / |c_k|
  double fraction_optimal = 0;            ///< q_s = A_s / sum A
  double fraction_used = 0;               ///< n_s / (m/2) after rounding to whole pairs
  Eigen::Index first_pair = 0, pairs = 0; ///< the group: pairs first_pair .. first_pair + pairs - 1
  double e_h4 = 0;                        ///< E h_k(G)^4 (exact by Gauss-Hermite; 1 for k = 0)
};

/// The constructed W* with its norm, the predictions, and the fit on the instance's inputs.
struct ExpressivityResult {
  RowMatrix<double> W_star;               ///< m x d
  double norm24 = 0;                      ///< ||W*||_{2,4}
  double norm24_4 = 0;                    ///< ||W*||_{2,4}^4
  double predicted_limit = 0;             ///< lim_{m->oo} ||W*||_{2,4}^4 = 8 (sum_s A_s)^2 (optimal fractions)
  double expected_norm24_4 = 0;           ///< E ||W*||_{2,4}^4 at this m with the rounded fractions: 8 sum_s A_s^2 / q_s
  double norm24_4_std = 0;                ///< its standard deviation over W0: (16/m) sqrt(sum_s n_s Var(h_s^2)) ||beta_s||^4
  Vector<double> f_star;                  ///< f_*(x_i)
  Vector<double> f_q;                     ///< f^Q_{W*}(x_i) = taylor_term(inst, W*, 2)
  double fit_rms = 0;                     ///< sqrt(mean_i (f_q - f_star)^2)
  double fit_max = 0;                     ///< max_i |f_q - f_star|
  /// E_{W0}[(f^Q_{W*}(x_i) - f_*(x_i))^2] exactly at this m (expected_fit_mse); empty unless predicted.
  Vector<double> expected_mse;
  double predicted_fit_rms = 0;           ///< sqrt(mean_i expected_mse_i) (0 unless predicted)
  std::vector<ExpressTermInfo> terms;
};

/// Check that `inst` satisfies the assumptions of the construction (file comment). Throws InputError
/// naming "init" (not symmetric), "W0" (rows evidently not N(0, I_d): with D = (m/2) d entries of the
/// distinct rows, S = their sum of squares and Z = their sum, it refuses when S lies outside
/// [D - 2 sqrt(20 D), D + 2 sqrt(20 D) + 40] or |Z| > sqrt(40 D): each side of the chi-square bound of
/// Laurent & Massart (2000) and the Gaussian tail has probability <= e^{-20} ~ 2e-9 for a true N(0, I)
/// init, while init_scale 1/sqrt(d) is caught as soon as D >= ~60), "X" (a row with | ||x|| - 1 | > 1e-12),
/// "activation" (relu), or any field of validate(Instance). Cost O(md + nd).
void validate_express_instance(const Instance<double>& inst);

/// The Hermite coefficients c_{p_s - 2} of the target's terms for an activation (hermite_coefficient_in_precision),
/// checked to be nonzero: InputError("p", ...) for a power or sum target, ("activation", ...) for a
/// product or quadratic form (they need c_0), naming the activation and the coefficient.
std::vector<HermiteCoefficient<double>> express_coefficients(Activation a, const ExpressTarget& target,
                                                             const ExpressOptions& opt = {});

/// Build W* for `target` on `inst` (E1 + E2 with the coefficients `c` of express_coefficients) and
/// evaluate it: norms, predicted limit, fit on the instance's inputs. Pairs are split into the terms'
/// groups in order (largest-remainder rounding of q_s m/2, at least one pair per term with A_s > 0;
/// InputError("m", ...) when m/2 is smaller than the number of terms). Validates with
/// validate_express_instance. Cost O(md) for W*, O(nmd) for the fit (taylor_term), plus
/// O(n S N^2) for the predicted fit error.
ExpressivityResult express(const Instance<double>& inst, const ExpressTarget& target,
                           const std::vector<HermiteCoefficient<double>>& c, const ExpressOptions& opt = {});

/// Same, computing the coefficients with express_coefficients(inst.activation, target, opt).
ExpressivityResult express(const Instance<double>& inst, const ExpressTarget& target, const ExpressOptions& opt = {});

/// The exact finite-m mean squared error E_{W0}[(f^Q_{W*}(x) - f_*(x))^2] of the construction, for unit x:
/// the groups are independent means of n_s i.i.d. pair contributions X_s = sigma''(w^T x) h_s(w) (beta_s^T x)^2,
/// E X_s = f_s(x) / q_s, so the MSE is sum_s n_s Var(X_s) / (m/2)^2 with
/// Var X_s = (alpha_s ||beta_s||^k / (c_k q_s))^2 E[sigma''(Z_1)^2 h_k(Z_2)^2] (beta_s^T x)^4 - (f_s(x)/q_s)^2,
/// (Z_1, Z_2) = (w^T x, w^T beta_s/||beta_s||) standard normal with correlation x^T beta_s/||beta_s||, by the
/// N x N bivariate Gauss-Hermite rule (exact in the h_k factor; for sincos sigma''^2 = 1 + sin 2t is
/// entire, so N = 64 is accurate to ~1e-15 relative). `terms` as in ExpressivityResult. Cost O(n S N^2).
Vector<double> expected_fit_mse(Activation a, const ExpressTarget& target, const std::vector<ExpressTermInfo>& terms,
                                Eigen::Index m, const Matrix<double>& X, int N = 64);

}  // namespace beyondlin
