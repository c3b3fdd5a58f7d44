#pragma once
/// @file sample_complexity.hpp
/// Learning-curve sweeps for SPEC §4.6 (Theorem S) and §6.4 ST-4: the trained quadratic model versus
/// kernel ridge regression with the empirical NTK, test error versus n for several d, the sample size
/// n*(d) that reaches a fixed test error epsilon, and its exponent in d.
///
/// **One sweep point (d, n, seed index s)** is computed by sweep_point() from these numbers alone:
///   1. Data (SPEC §4.6 table, §6.4 ST-4). `product`: x uniform on the cube {-1,+1}^d (||x|| = sqrt d),
///      y = x_1 x_2. `power`: x uniform on the sphere of radius sqrt d, y = alpha (beta^T x)^p with
///      beta a uniform unit vector (drawn per (d, s)). The network: symmetric init (SPEC §1.3) with
///      w_{0,r} ~ N(0, I/d) (generate_instance with init_scale = 1/sqrt d), so w_{0,r}^T x ~ N(0, 1)
///      in law, as SPEC §1.3 prescribes for inputs of norm sqrt d.
///   2. Common random numbers across n: W0, a, beta, the test set and an infinite stream of training
///      samples depend only on (seed, d, s); the training set of size n is the first n samples of the
///      stream. Learning curves are then nested (smoother in n) and every point is still independent
///      of the others (it regenerates what it needs).
///   3. Quadratic model: f^Q_W (f_{W0} = 0) trained with train() (train.hpp) on L^Q + lambda R
///      (squared loss, SPEC §3.3) from W = 0 plus isotropic start noise (W = 0 is a stationary point,
///      SPEC §3.2 P5), gd by default (pgd, noisy-sgd allowed). How the options scale:
///       - lr = lr_scale * sqrt(m) / d. In the coordinates V = m^{1/4} W of the quadratic regime
///         (||v_r|| = O(1), SPEC §1.6) the model is a mean over neurons, and GD with step lr on W is GD
///         with step lr / sqrt(m) on V: a per-neuron O(1) update needs lr ~ sqrt(m). The curvature of the
///         data term grows with E||x||^2 = d (inputs of norm sqrt d), hence the 1/d. lr_scale = 1 was
///         stable in every run of ST-4 (no divergence; train() reports one as an InputError("lr")).
///       - start: W ~ N(0, s^2/(md) I) with s = init_noise m^{1/4}, i.e. rows of norm ~ init_noise m^{-1/4},
///         a fraction init_noise of the quadratic regime's scale; small, so that GD starts near the
///         saddle at 0 and escapes along the top curvature directions (the low-rank bias of small
///         initialization). The escape takes ~ d log(1/init_noise) / lr_scale steps.
///       - steps: fixed (tol_g = 0). In the ST-4 exploration, 1500 versus 3000 steps changed the test
///         errors by <= 0.02 (of the normalized scale 1).
///       - lambda: the regularizer weight. With 1e-4, lambda R ~ 1e-2 at the fitted ||W||_{2,4} ~ 1.8
///         (R = ||W||_{2,4}^8 ~ 110), so the regularized minimizer keeps a training error of about 1e-2:
///         a small bias, and a norm control in the spirit of Theorem L (SPEC §4.2).
///   4. NTK model: kernel ridge regression with the empirical NTK at W0 (the linearized model f^(1),
///      SPEC §2): K(x, x') = (1/m) sum_r sigma'(w_{0,r}^T x) sigma'(w_{0,r}^T x') x^T x', predictor
///      k(x)^T (K + mu I)^{-1} y with mu = ridge * tr(K)/n (a relative ridge, scale free), solved by
///      Eigen's LDLT (K + mu I is symmetric positive definite for mu > 0 and semidefinite for mu = 0).
///   5. Test error of both models: the normalized mean squared error
///      sum_i (yhat_i - y_i)^2 / sum_i (y_i - ybar)^2 over the test set (1 for the best constant
///      predictor, 0 for a perfect one); the training error uses the same denominator (per sample).
///
/// **The sweep** runs the points with OpenMP (schedule dynamic, results stored by point index). A
/// point depends only on (options, d, n, s), and the library's reductions do not depend on the thread
/// count (per-sample blocks; nested OpenMP regions run single-threaded), so the results are the same
/// bit for bit for every thread count (tests/test_sample_complexity.cpp checks 1 versus 2 threads).
///
/// **Summaries.** The learning curve of a model at dimension d is the mean test error over the seeds
/// at each n. n*(d) is the smallest n at which the curve reaches epsilon, interpolated linearly in
/// (log n, log error) between the last n above and the first n at or below epsilon; it is censored
/// when the curve is already below epsilon at the smallest n (then n* <= n_min) or never reaches it
/// (n* > n_max). The exponent of n*(d) ~ C d^b is the least-squares slope of log n* on log d over the
/// uncensored d, with its regression standard error (>= 3 points) and a jackknife standard error over
/// the seeds (leave one seed out, recompute the curves, n* and the slope; >= 2 seeds).

#include <beyondlin/activation.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/train.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace beyondlin {

/// The targets of SPEC §6.4 ST-4.
enum class SweepTarget {
  product,  ///< y = x_1 x_2 on the cube {-1,+1}^d
  power     ///< y = alpha (beta^T x)^p on the sphere of radius sqrt d
};

/// Parse "product" or "power"; InputError(field, ...) naming the value otherwise.
SweepTarget parse_sweep_target(const std::string& name, const std::string& field = "target");

/// "product" or "power".
const char* sweep_target_name(SweepTarget t);

/// Progress of a sweep: `done` points of `total` finished, seconds since the start.
struct SweepProgress {
  long done = 0, total = 0;
  int d = 0, n = 0, seed_index = 0;  ///< the point just finished
  double elapsed_s = 0;
};

/// Options of a sweep (validated by validate(SweepOptions); InputError names the field).
struct SweepOptions {
  SweepTarget target = SweepTarget::product;
  std::vector<int> dims{8, 16, 32};       ///< the dimensions d (>= 2 for product, >= 1 for power)
  std::vector<int> sizes{16, 32, 64, 128, 256, 512};  ///< the training sizes n (>= 1, distinct), any order
  /// When true, `sizes` are ratios n/d: point (d, r) trains on n = r d samples (a grid that follows
  /// the dimension, as sample-complexity sweeps need: n* grows with d).
  bool sizes_per_d = false;
  int seeds = 3;                          ///< seed indices s = 0..seeds-1 per (d, n)
  int m = 64;                             ///< width of the quadratic model (even: symmetric init)
  /// Width of the network whose empirical NTK is used (even; 0 = m). The kernel regression is a
  /// linear regression on m_ntk d features: it approximates the NTK (infinite width) only while
  /// m_ntk d >> n, and its test error peaks near n = m_ntk d (double descent).
  int m_ntk = 512;
  int n_test = 1000;                      ///< test samples per (d, s)
  double epsilon = 0.5;                   ///< test-error level of n*(d), in (0, 1)
  Activation activation = Activation::sincos;
  int power = 2;                          ///< p of the power target (1..8)
  double alpha = 1.0;                     ///< alpha of the power target (finite, nonzero)
  // quadratic model training (train.hpp)
  TrainMethod method = TrainMethod::gd;   ///< gd or pgd (noisy-sgd is allowed too)
  double lr_scale = 1.0;                  ///< lr = lr_scale * sqrt(m) / d
  long steps = 1500;                      ///< iterations of train()
  double lambda = 1e-4;                   ///< weight of R(W) = ||W||_{2,4}^8
  double init_noise = 0.01;               ///< start ||W||_F = init_noise * m^{1/4}
  double pgd_noise = 1e-3;                ///< pgd perturbation radius (times m^{1/4})
  double tol_g = 0.0;                     ///< gradient tolerance of train() (0: run all steps with gd)
  // NTK model
  double ridge = 1e-3;                    ///< mu = ridge * tr(K) / n (>= 0)
  bool run_quadratic = true;              ///< train the quadratic model
  bool run_ntk = true;                    ///< fit the NTK model (at least one of the two must run)
  std::uint64_t seed = 1;
  /// Called after each point (from the thread that finished it, serialized); may be empty.
  std::function<void(const SweepProgress&)> progress;
};

/// Validate the options; InputError naming the field ("target", "d", "n", "seeds", "m", "n_test",
/// "epsilon", "p", "alpha", "lr", "steps", "lambda", "init_noise", "noise", "tol_g", "ridge").
void validate(const SweepOptions& opt);

/// The result of one sweep point.
struct SweepPoint {
  int d = 0, n = 0, seed_index = 0;
  std::uint64_t seed = 0;           ///< the (d, s) seed (common to every n)
  double quad_test_error = 0;       ///< normalized test MSE of the trained quadratic model
  double quad_train_error = 0;      ///< normalized training MSE (same normalization as the test error)
  double quad_norm24 = 0;           ///< ||W||_{2,4} at the end
  double quad_final_value = 0;      ///< L^Q + lambda R at the end
  long quad_steps = 0;
  std::string quad_stop_reason;
  double ntk_test_error = 0;        ///< normalized test MSE of the NTK kernel ridge regression
  double ntk_train_error = 0;
  double ntk_mu = 0;                ///< the ridge mu used
  std::string ntk_solver;           ///< "llt" or "ldlt"
  double y_test_variance = 0;       ///< the normalization of the errors
  double seconds = 0;               ///< wall time of the point
};

/// Seed of the (d, s) stream: a SplitMix64 mix of (opt.seed, d, s).
std::uint64_t sweep_seed(std::uint64_t seed, int d, int seed_index);

/// The data of one (d, s): network (W0, a; X, y = the first n training samples), test set, and the
/// normalization of the errors. Exposed for tests and for the NTK function below.
struct SweepData {
  Instance<double> train;      ///< width m: W = 0, squared loss, symmetric init, n training samples
  Instance<double> train_ntk;  ///< the same data with the width m_ntk network (== train when m_ntk = m)
  Matrix<double> X_test;
  Vector<double> y_test;
};

/// Draw the data of point (d, n, s) (steps 1-2 of the file comment): W0 of width m from
/// generate_instance(seed), of width m_ntk from generate_instance(seed of the stream + 1) when it
/// differs. Cost O((m + m_ntk) d + (n + n_test) d).
SweepData sweep_data(const SweepOptions& opt, int d, int n, int seed_index);

/// Empirical NTK Gram matrix between the rows of A and B: (1/m) (S_A S_B^T) .* (A B^T) with
/// S = sigma'(X W0^T). Cost O(n_A m d + n_B m d + n_A n_B (m + d)).
Matrix<double> ntk_kernel(const Instance<double>& net, const Matrix<double>& A, const Matrix<double>& B);

/// A kernel ridge regression fit with the empirical NTK (SPEC §2: the linearized model f_{W0} + f^(1)).
struct NtkRidgeFit {
  Vector<double> coef;      ///< (K + mu I)^{-1} (y - f_{W0}(X))
  double mu = 0;            ///< ridge * tr(K) / n
  std::string solver;       ///< "llt" (mu > 0 and the Cholesky factorization succeeded) or "ldlt"
};

/// Fit: K = ntk_kernel(train, X, X), mu = ridge * tr(K)/n, coef = (K + mu I)^{-1} (y - f_{W0}).
/// Solved by Eigen's blocked LLT (Cholesky) when mu > 0, by LDLT (pivoted, for a semidefinite K) when
/// mu = 0 or the LLT fails. Cost O(n^2 (m + d)) for K plus n^3/3 for the factorization.
/// Throws std::runtime_error if both factorizations fail.
NtkRidgeFit ntk_ridge_fit(const Instance<double>& train, double ridge);

/// Predictions f_{W0}(x) + k(x)^T coef at the rows of X_eval. Cost O(n_eval n (m + d)).
Vector<double> ntk_ridge_predict(const Instance<double>& train, const NtkRidgeFit& fit, const Matrix<double>& X_eval);

/// Mean squared error divided by `scale`: sum (yhat - y)^2 / (len(y) scale) (compensated sum). The
/// sweep uses scale = the test set's variance of y (the error of the best constant predictor), for
/// the training error too, so that both are on the same scale. NaN for an empty vector.
double normalized_error(const Vector<double>& yhat, const Vector<double>& y, double scale);

/// Variance (1/len) sum (y - ybar)^2 (compensated sums).
double sample_variance(const Vector<double>& y);

/// Compute one point (independent of every other point). Cost: train() (steps x O(n m d)) plus the
/// kernel regression (O((n + n_test) n (m + d) + n^3)).
SweepPoint sweep_point(const SweepOptions& opt, int d, int n, int seed_index);

/// The training sizes of dimension d, ascending (sizes, or sizes times d when sizes_per_d).
std::vector<int> sweep_sizes(const SweepOptions& opt, int d);

/// All points (d, n, s) in the order d-major (as given), then n ascending, then s; run with OpenMP
/// over the points (largest n d first). Rethrows the first exception of a point (after every thread
/// finished its current point; no new point starts after an error).
std::vector<SweepPoint> run_sweep(const SweepOptions& opt);

/// n*: the smallest n at which the curve (n ascending, error) reaches eps, see the file comment.
struct Threshold {
  double n_star = 0;       ///< interpolated n* (n_min when below_range, NaN when above_range)
  bool below_range = false;  ///< the curve is already <= eps at the smallest n
  bool above_range = false;  ///< the curve never reaches eps
};
Threshold threshold_sample_size(const std::vector<double>& n, const std::vector<double>& error, double eps);

/// Least-squares fit log y = intercept + slope log x.
struct PowerFit {
  double slope = 0, intercept = 0;
  double slope_stderr = 0;      ///< regression standard error of the slope (NaN with < 3 points)
  double intercept_stderr = 0;  ///< regression standard error of the intercept (NaN with < 3 points)
  int points = 0;
};
/// Fit on the points with x > 0 and y > 0 finite (others ignored). NaN slope with < 2 points.
PowerFit fit_power_law(const std::vector<double>& x, const std::vector<double>& y);

/// Summary of one model in a sweep.
struct ModelSummary {
  std::string model;                        ///< "quadratic" or "ntk"
  std::vector<int> dims;
  std::vector<std::vector<int>> sizes;      ///< [d][n]: the training sizes of each d (ascending)
  std::vector<std::vector<double>> mean_error, stderr_error;  ///< [d][n] over seeds
  std::vector<Threshold> n_star;            ///< per d
  PowerFit fit;                             ///< exponent of n*(d) over the uncensored d
  double slope_stderr_jackknife = 0;        ///< jackknife over seeds (NaN if < 2 seeds or undefined)
  std::vector<double> jackknife_slopes;     ///< leave-one-seed-out slopes
};

/// Curves, n*(d) and the fitted exponent of each model ("quadratic", "ntk"; only the models that
/// ran). Throws std::invalid_argument when a point is not on the sweep's grid or a grid point is missing.
std::vector<ModelSummary> summarize_sweep(const SweepOptions& opt, const std::vector<SweepPoint>& points);

}  // namespace beyondlin
