// Escape-saddle training: gd, pgd, noisy-sgd (train.hpp, SPEC §3.5, §4.3).
#include <beyondlin/errors.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/randomization.hpp>
#include <beyondlin/regularizer.hpp>
#include <beyondlin/rng.hpp>
#include <beyondlin/sosp.hpp>
#include <beyondlin/train.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace beyondlin {

TrainMethod parse_train_method(const std::string& name, const std::string& field) {
  if (name == "gd") return TrainMethod::gd;
  if (name == "pgd") return TrainMethod::pgd;
  if (name == "noisy-sgd") return TrainMethod::noisy_sgd;
  throw InputError(field, "unknown method \"" + name + "\" (expected gd, pgd or noisy-sgd)");
}

const char* train_method_name(TrainMethod m) {
  switch (m) {
    case TrainMethod::pgd: return "pgd";
    case TrainMethod::noisy_sgd: return "noisy-sgd";
    default: return "gd";
  }
}

namespace {

void require(bool ok, const char* field, const std::string& what, double value) {
  if (!ok) throw InputError(field, what + ", got " + shortest_decimal(value));
}

void validate(const TrainOptions& o, Eigen::Index n) {
  require(std::isfinite(o.lr) && o.lr > 0, "lr", "must be a finite number > 0", o.lr);
  require(o.steps >= 0, "steps", "must be >= 0", static_cast<double>(o.steps));
  require(std::isfinite(o.noise) && o.noise >= 0, "noise", "must be a finite number >= 0", o.noise);
  require(o.batch >= 0 && o.batch <= n, "batch",
          "must be in 0..n = " + std::to_string(n) + " (0 = all samples)", static_cast<double>(o.batch));
  require(std::isfinite(o.init_noise) && o.init_noise >= 0, "init_noise", "must be a finite number >= 0",
          o.init_noise);
  require(std::isfinite(o.tol_g) && o.tol_g >= 0, "tol_g", "must be a finite number >= 0", o.tol_g);
  require(std::isfinite(o.tol_H) && o.tol_H >= 0, "tol_H", "must be a finite number >= 0", o.tol_H);
  require(o.pgd_wait >= 1, "pgd_wait", "must be >= 1", static_cast<double>(o.pgd_wait));
  require(o.trajectory_points >= 1, "trajectory_points", "must be >= 1", static_cast<double>(o.trajectory_points));
  if (o.method == TrainMethod::pgd && o.noise == 0)
    throw InputError("noise", "pgd needs a perturbation radius > 0, got 0");
}

/// md i.i.d. N(0, 1) draws.
Vector<double> normals(Rng& rng, Eigen::Index n) {
  Vector<double> v(n);
  for (Eigen::Index k = 0; k < n; ++k) v(k) = rng.normal();
  return v;
}

/// Uniform in the Euclidean ball of radius r in R^n: direction g/||g||, radius r U^{1/n}.
Vector<double> ball_point(Rng& rng, Eigen::Index n, double r) {
  Vector<double> g = normals(rng, n);
  const double norm = g.norm();
  const double radius = r * std::pow(rng.uniform(), 1.0 / static_cast<double>(n));
  return norm > 0 ? Vector<double>(g * (radius / norm)) : Vector<double>(Vector<double>::Zero(n));
}

/// The instance restricted to the samples idx (same network).
Instance<double> sub_instance(const Instance<double>& inst, const std::vector<Eigen::Index>& idx) {
  Instance<double> s;
  s.activation = inst.activation;
  s.loss = inst.loss;
  s.init = inst.init;
  s.a = inst.a;
  s.W0 = inst.W0;
  s.W = inst.W;
  s.X.resize(static_cast<Eigen::Index>(idx.size()), inst.d());
  s.y.resize(static_cast<Eigen::Index>(idx.size()));
  for (std::size_t k = 0; k < idx.size(); ++k) {
    s.X.row(static_cast<Eigen::Index>(k)) = inst.X.row(idx[k]);
    s.y(static_cast<Eigen::Index>(k)) = inst.y(idx[k]);
  }
  return s;
}

/// `b` distinct indices of 0..n-1 by a partial Fisher-Yates shuffle driven by rng.uniform(), sorted.
std::vector<Eigen::Index> minibatch(Rng& rng, Eigen::Index n, long b) {
  std::vector<Eigen::Index> perm(static_cast<std::size_t>(n));
  std::iota(perm.begin(), perm.end(), Eigen::Index(0));
  for (long k = 0; k < b; ++k) {
    const auto left = static_cast<double>(n - k);
    const auto j = k + std::min<Eigen::Index>(static_cast<Eigen::Index>(rng.uniform() * left), n - k - 1);
    std::swap(perm[static_cast<std::size_t>(k)], perm[static_cast<std::size_t>(j)]);
  }
  perm.resize(static_cast<std::size_t>(b));
  std::sort(perm.begin(), perm.end());
  return perm;
}

}  // namespace

TrainResult train(const Instance<double>& inst, const ObjectiveSpec& spec, const TrainOptions& opt) {
  validate(opt, inst.n());
  const Objective<double> obj(inst, spec);
  const Eigen::Index m = inst.m(), d = inst.d(), dim = m * d, n = inst.n();
  Rng rng(opt.seed);
  Vector<double> w = Objective<double>::flatten(inst.W);
  if (opt.init_noise > 0) w += normals(rng, dim) * (opt.init_noise / std::sqrt(static_cast<double>(dim)));

  TrainResult res;
  const long stride = std::max<long>(1, opt.steps / opt.trajectory_points);
  const long report_every = std::max<long>(1, opt.steps / 20);
  Vector<double> g;
  auto record = [&](long step, double value, double gnorm) {
    const double n24 = mixed_norm(obj.unflatten(w), 4.0);
    res.trajectory.push_back({step, value, gnorm, n24});
    if (opt.progress && (step % report_every == 0 || step == opt.steps))
      opt.progress({step, opt.steps, value, gnorm, n24, res.perturbations});
  };
  auto diverged = [&](long step, double value) {
    if (std::isfinite(value) && w.allFinite()) return;
    throw InputError("lr", "training diverged at step " + std::to_string(step) + " (F = " +
                               shortest_decimal(value) + ") with lr = " + shortest_decimal(opt.lr) +
                               "; use a smaller step size");
  };

  const bool noisy = opt.method == TrainMethod::noisy_sgd;
  const bool randomized = spec.kind == ObjectiveKind::randomized;
  const long batch = (opt.batch == 0 || opt.batch == n) ? 0 : opt.batch;
  const double noise_std = opt.noise / std::sqrt(static_cast<double>(dim));
  long last_perturbation = -opt.pgd_wait;
  long step = 0;
  res.stop_reason = "steps";
  for (;; ++step) {
    const bool recorded = step % stride == 0 || step == opt.steps;
    // Exact value and gradient: every step for gd/pgd, at recorded points for noisy-sgd.
    double value = 0, gnorm = 0;
    if (!noisy || recorded) {
      value = obj.gradient(w, g);
      gnorm = g.norm();
      diverged(step, value);
    }
    if (recorded) record(step, value, gnorm);
    if (step == opt.steps) break;
    if (opt.method == TrainMethod::gd && opt.tol_g > 0 && gnorm <= opt.tol_g) {
      res.stop_reason = "gradient-tolerance";
      break;
    }
    if (opt.method == TrainMethod::pgd && gnorm <= opt.tol_g && step - last_perturbation >= opt.pgd_wait) {
      const SospCertificate<double> c = sosp_certificate(obj, w, false);
      ++res.certificate_checks;
      res.hvp_count += c.hvp_count;
      if (c.lambda_min_lower >= -opt.tol_H) {
        res.stop_reason = "certified-sosp";
        break;
      }
      w += ball_point(rng, dim, opt.noise);  // Jin et al.: perturb uniformly in the ball
      ++res.perturbations;
      last_perturbation = step;
      continue;  // the gradient at the perturbed point is computed at the top (this step counts)
    }
    if (noisy) {
      const std::vector<Eigen::Index> idx = batch > 0 ? minibatch(rng, n, batch) : std::vector<Eigen::Index>();
      const RowMatrix<double> W = obj.unflatten(w);
      Vector<double> G;
      if (randomized) {
        const std::vector<int> s = draw_signs(rng, static_cast<int>(m));
        const RowMatrix<double> Gm = stochastic_gradient(batch > 0 ? sub_instance(inst, idx) : inst, W, s);
        G = Objective<double>::flatten(Gm);
        if (spec.lambda > 0) G += spec.lambda * Objective<double>::flatten(regularizer_gradient(W));
      } else if (batch > 0) {
        Objective<double>(sub_instance(inst, idx), spec).gradient(w, G);
      } else {
        obj.gradient(w, G);
      }
      if (opt.noise > 0) G += normals(rng, dim) * noise_std;
      w -= opt.lr * G;
      if (!w.allFinite()) diverged(step + 1, std::numeric_limits<double>::infinity());
    } else {
      w -= opt.lr * g;
    }
  }
  res.steps_run = step;
  if (res.trajectory.back().step != step) {
    const double value = obj.gradient(w, g);
    diverged(step, value);
    record(step, value, g.norm());
  }
  res.W = obj.unflatten(w);
  return res;
}

}  // namespace beyondlin
