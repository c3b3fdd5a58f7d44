#pragma once
/// @file train.hpp
/// Escape-saddle training of the objectives (SPEC §4.3, Theorem O [paper] (informal) +
/// [reconstructed, verify]): gradient descent, perturbed gradient descent (Jin et al. 2017) with a
/// Hessian certificate as the stopping rule, and noisy SGD with fresh signs (SPEC §3.5, §4.3).
///
/// Iterations, on F = data term + lambda R over the flat vector w = vec(W) (objective.hpp):
///   - gd:        w <- w - lr grad F(w). Stops early when ||grad F|| <= tol_g (tol_g = 0: never).
///                From exactly W = 0 on the randomized or quadratic objective grad F(0) = 0 (SPEC
///                §3.2 P5, ID-5), so GD never moves (ST-2).
///   - pgd:       gd steps; when ||grad F|| <= tol_g, measure lambda_min (Lanczos, sosp.hpp): if
///                lambda_min_lower >= -tol_H the point is a certified (tol_g, tol_H)-SOSP and
///                training stops; otherwise, if no perturbation happened in the last `pgd_wait`
///                steps, add xi uniform in the ball of radius `noise` (Jin et al.'s perturbation)
///                and continue.
///   - noisy-sgd: w <- w - lr (G_t + xi_t), xi_t ~ N(0, noise^2/(md) I) (SPEC §4.3). G_t is the
///                gradient on a minibatch I_t of `batch` samples drawn without replacement
///                (batch = 0: all n), plus lambda grad R. For the randomized objective G_t is the
///                one-draw stochastic gradient with fresh signs Sigma_t (SPEC §3.5: unbiased for
///                grad L); for the others it is the exact minibatch gradient.
/// The starting point is the instance's W plus, if init_noise > 0, N(0, init_noise^2/(md) I).
/// All randomness (signs, minibatches, noise) comes from one Rng(seed) stream in a fixed order,
/// so a run is reproducible bit for bit for a given seed (and thread count-independent: the
/// objective's reductions are per sample).
/// Cost per step: one gradient, O(nmd) (O(|I_t| m d) for noisy-sgd); pgd adds a Lanczos run
/// (tens to hundreds of HVPs) at each small-gradient point that is not yet certified.

#include <beyondlin/instance.hpp>
#include <beyondlin/objective.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace beyondlin {

/// The optimizers of SPEC §4.3.
enum class TrainMethod { gd, pgd, noisy_sgd };

/// Parse "gd", "pgd" or "noisy-sgd"; InputError(field, ...) naming the value otherwise.
TrainMethod parse_train_method(const std::string& name, const std::string& field = "method");

/// "gd", "pgd" or "noisy-sgd".
const char* train_method_name(TrainMethod m);

/// One recorded point of the trajectory.
struct TrajectoryPoint {
  long step = 0;            ///< iterations done before this point (0 = start)
  double value = 0;         ///< F(w) incl. lambda R (exact objective, also for noisy-sgd)
  double gradient_norm = 0; ///< ||grad F(w)|| of the exact objective
  double norm24 = 0;        ///< ||W||_{2,4}
};

/// Progress report passed to TrainOptions::progress.
struct TrainProgress {
  long step = 0, steps = 0;
  double value = 0, gradient_norm = 0, norm24 = 0;
  long perturbations = 0;
};

/// Options of train(). Validated by train() (InputError names the field: "lr", "steps", ...).
struct TrainOptions {
  TrainMethod method = TrainMethod::gd;
  double lr = 0.1;              ///< step size eta > 0
  long steps = 1000;            ///< maximum number of iterations >= 0
  double noise = 0.0;           ///< pgd: perturbation radius; noisy-sgd: noise radius r (>= 0)
  long batch = 0;               ///< noisy-sgd minibatch size (0 = all n), <= n
  double init_noise = 0.0;      ///< std of the isotropic start noise times sqrt(md) (>= 0)
  double tol_g = 1e-6;          ///< gradient tolerance (gd early stop unless 0, pgd certificate)
  double tol_H = 1e-6;          ///< curvature tolerance of the pgd certificate
  long pgd_wait = 50;           ///< pgd: minimum steps between two perturbations (Jin et al.'s t_thres)
  long trajectory_points = 200; ///< about this many recorded points (plus start and end)
  std::uint64_t seed = 1;       ///< seed of the noise, signs and minibatches
  std::function<void(const TrainProgress&)> progress;  ///< called about 20 times per run (may be empty)
};

/// What train() returns.
struct TrainResult {
  RowMatrix<double> W;                     ///< final movement
  std::vector<TrajectoryPoint> trajectory; ///< sub-sampled, first = start, last = end
  long steps_run = 0;                      ///< iterations done
  long perturbations = 0;                  ///< pgd perturbations
  long certificate_checks = 0;             ///< pgd Lanczos runs
  long hvp_count = 0;                      ///< HVPs spent by those runs
  std::string stop_reason;                 ///< "steps", "gradient-tolerance" (gd), "certified-sosp" (pgd)
};

/// Train from the instance's W (+ start noise) on the objective `spec`. Throws InputError for a
/// bad option (naming it: "lr", "steps", "noise", "batch", "init_noise", "tol_g", "tol_H",
/// "pgd_wait", "trajectory_points") and InputError("lr", ...) when an iterate becomes non-finite
/// (divergence: the message gives the step and suggests a smaller step size).
TrainResult train(const Instance<double>& inst, const ObjectiveSpec& spec, const TrainOptions& opt);

}  // namespace beyondlin
