// Learning-curve sweeps: quadratic model (train()) versus NTK kernel ridge regression
// (sample_complexity.hpp; SPEC §4.6, §6.4 ST-4).

#include <beyondlin/errors.hpp>
#include <beyondlin/network.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/rng.hpp>
#include <beyondlin/sample_complexity.hpp>

#include <Eigen/Cholesky>

#include <string>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <numeric>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace beyondlin {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sub-stream tags of one (d, s) seed.
constexpr std::uint64_t kTrainStream = 1, kTestStream = 2, kBetaStream = 3, kTrainerStream = 4, kNtkNetworkStream = 5;

std::uint64_t sub_stream(std::uint64_t seed, std::uint64_t tag) { return splitmix64(seed ^ splitmix64(tag)); }

/// A unit vector uniform on S^{d-1} (plain sequential sum: independent of SIMD width).
Eigen::RowVectorXd unit_vector(Rng& rng, int d) {
  Eigen::RowVectorXd g(d);
  for (;;) {
    double ss = 0;
    for (int j = 0; j < d; ++j) {
      g(j) = rng.normal();
      ss += g(j) * g(j);
    }
    if (ss > 0) return g / std::sqrt(ss);
  }
}

/// Draw `count` samples of the target into X (count x d) and y.
void draw_samples(const SweepOptions& opt, int d, Rng& rng, const Eigen::RowVectorXd& beta, int count,
                  Matrix<double>& X, Vector<double>& y) {
  X.resize(count, d);
  y.resize(count);
  const double radius = std::sqrt(static_cast<double>(d));
  for (int i = 0; i < count; ++i) {
    if (opt.target == SweepTarget::product) {
      for (int j = 0; j < d; ++j) X(i, j) = rng.sign();
      y(i) = X(i, 0) * X(i, 1);
    } else {
      X.row(i) = radius * unit_vector(rng, d);
      double b = 0;
      for (int j = 0; j < d; ++j) b += beta(j) * X(i, j);
      y(i) = opt.alpha * std::pow(b, opt.power);
    }
  }
}

void require(bool ok, const char* field, const std::string& what) {
  if (!ok) throw InputError(field, what);
}

}  // namespace

SweepTarget parse_sweep_target(const std::string& name, const std::string& field) {
  if (name == "product") return SweepTarget::product;
  if (name == "power") return SweepTarget::power;
  throw InputError(field, "unknown target \"" + name + "\" (expected product or power)");
}

const char* sweep_target_name(SweepTarget t) { return t == SweepTarget::product ? "product" : "power"; }

void validate(const SweepOptions& o) {
  require(!o.dims.empty(), "d", "needs at least one dimension");
  const int dmin = o.target == SweepTarget::product ? 2 : 1;
  for (int d : o.dims)
    require(d >= dmin && d <= 4096, "d",
            "each dimension must be in " + std::to_string(dmin) + "..4096" +
                (o.target == SweepTarget::product ? " (the product target x_1 x_2 needs d >= 2)" : "") + ", got " +
                std::to_string(d));
  require(!o.sizes.empty(), "n", "needs at least one training size");
  for (std::size_t i = 0; i < o.sizes.size(); ++i) {
    require(o.sizes[i] >= 1 && o.sizes[i] <= 100000, "n",
            std::string(o.sizes_per_d ? "each ratio n/d" : "each training size") + " must be in 1..100000, got " +
                std::to_string(o.sizes[i]));
    for (std::size_t j = 0; j < i; ++j)
      require(o.sizes[i] != o.sizes[j], "n", "training size " + std::to_string(o.sizes[i]) + " is listed twice");
  }
  for (std::size_t i = 0; i < o.dims.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      require(o.dims[i] != o.dims[j], "d", "dimension " + std::to_string(o.dims[i]) + " is listed twice");
  if (o.sizes_per_d)
    for (int d : o.dims)
      for (int r : o.sizes)
        require(static_cast<long long>(r) * d <= 100000, "n",
                "n = " + std::to_string(r) + " * d = " + std::to_string(static_cast<long long>(r) * d) +
                    " exceeds 100000 at d = " + std::to_string(d));
  require(o.seeds >= 1 && o.seeds <= 10000, "seeds", "must be in 1..10000, got " + std::to_string(o.seeds));
  require(o.m >= 2 && o.m % 2 == 0 && o.m <= (1 << 22), "m",
          "must be a positive even integer <= 2^22 (symmetric init), got " + std::to_string(o.m));
  require(o.m_ntk == 0 || (o.m_ntk >= 2 && o.m_ntk % 2 == 0 && o.m_ntk <= (1 << 22)), "m_ntk",
          "must be 0 (= m) or a positive even integer <= 2^22, got " + std::to_string(o.m_ntk));
  require(o.n_test >= 2 && o.n_test <= 1000000, "n_test", "must be in 2..1000000, got " + std::to_string(o.n_test));
  require(std::isfinite(o.epsilon) && o.epsilon > 0 && o.epsilon < 1, "epsilon",
          "must be in (0, 1) (a normalized test error), got " + shortest_decimal(o.epsilon));
  require(o.power >= 1 && o.power <= 8, "p", "must be an integer in 1..8, got " + std::to_string(o.power));
  require(std::isfinite(o.alpha) && o.alpha != 0, "alpha", "must be a finite nonzero number, got " + shortest_decimal(o.alpha));
  require(std::isfinite(o.lr_scale) && o.lr_scale > 0, "lr", "must be a finite number > 0, got " + shortest_decimal(o.lr_scale));
  require(o.steps >= 0, "steps", "must be >= 0, got " + std::to_string(o.steps));
  require(std::isfinite(o.lambda) && o.lambda >= 0, "lambda", "must be a finite number >= 0, got " + shortest_decimal(o.lambda));
  require(std::isfinite(o.init_noise) && o.init_noise > 0, "init_noise",
          "must be a finite number > 0 (W = 0 is a stationary point of L^Q), got " + shortest_decimal(o.init_noise));
  require(std::isfinite(o.pgd_noise) && o.pgd_noise >= 0, "noise", "must be a finite number >= 0, got " + shortest_decimal(o.pgd_noise));
  if (o.method == TrainMethod::pgd)
    require(o.pgd_noise > 0, "noise", "pgd needs a perturbation radius > 0, got 0");
  require(std::isfinite(o.tol_g) && o.tol_g >= 0, "tol_g", "must be a finite number >= 0, got " + shortest_decimal(o.tol_g));
  require(std::isfinite(o.ridge) && o.ridge >= 0, "ridge", "must be a finite number >= 0, got " + shortest_decimal(o.ridge));
  require(o.run_quadratic || o.run_ntk, "model", "at least one of the two models must run");
}

std::uint64_t sweep_seed(std::uint64_t seed, int d, int seed_index) {
  std::uint64_t h = splitmix64(seed);
  h = splitmix64(h ^ static_cast<std::uint64_t>(d));
  return splitmix64(h ^ (static_cast<std::uint64_t>(seed_index) << 32));
}

SweepData sweep_data(const SweepOptions& opt, int d, int n, int seed_index) {
  const std::uint64_t seed = sweep_seed(opt.seed, d, seed_index);
  InstanceOptions io;
  io.d = d;
  io.m = opt.m;
  io.n = 1;
  io.activation = opt.activation;
  io.loss = Loss::square;
  io.init = Init::symmetric;
  io.init_scale = 1.0 / std::sqrt(static_cast<double>(d));
  io.movement = "zero";
  io.target = "zero";
  io.seed = seed;
  SweepData out;
  out.train = generate_instance(io);
  Eigen::RowVectorXd beta = Eigen::RowVectorXd::Zero(d);
  if (opt.target == SweepTarget::power) {
    Rng rb(sub_stream(seed, kBetaStream));
    beta = unit_vector(rb, d);
  }
  Rng rtrain(sub_stream(seed, kTrainStream)), rtest(sub_stream(seed, kTestStream));
  draw_samples(opt, d, rtrain, beta, n, out.train.X, out.train.y);
  draw_samples(opt, d, rtest, beta, opt.n_test, out.X_test, out.y_test);
  validate(out.train);
  const int m_ntk = opt.m_ntk == 0 ? opt.m : opt.m_ntk;
  if (m_ntk == opt.m) {
    out.train_ntk = out.train;
  } else {
    io.m = m_ntk;
    io.seed = sub_stream(seed, kNtkNetworkStream);
    out.train_ntk = generate_instance(io);
    out.train_ntk.X = out.train.X;
    out.train_ntk.y = out.train.y;
    validate(out.train_ntk);
  }
  return out;
}

Matrix<double> ntk_kernel(const Instance<double>& net, const Matrix<double>& A, const Matrix<double>& B) {
  std::vector<Matrix<double>> sa, sb;
  activation_derivatives(net.activation, pre_activations(A, net.W0), 1, sa);
  activation_derivatives(net.activation, pre_activations(B, net.W0), 1, sb);
  Matrix<double> K(A.rows(), B.rows());
  K.noalias() = sa[1] * sb[1].transpose();
  K /= static_cast<double>(net.m());
  Matrix<double> G(A.rows(), B.rows());
  G.noalias() = A * B.transpose();
  return K.cwiseProduct(G);
}

NtkRidgeFit ntk_ridge_fit(const Instance<double>& train, double ridge) {
  if (!std::isfinite(ridge) || ridge < 0) throw InputError("ridge", "must be a finite number >= 0, got " + shortest_decimal(ridge));
  const Eigen::Index n = train.n();
  Matrix<double> K = ntk_kernel(train, train.X, train.X);
  NtkRidgeFit fit;
  fit.mu = ridge * K.trace() / static_cast<double>(n);
  K.diagonal().array() += fit.mu;
  const Vector<double> rhs = train.y - initial_output(train);  // f_{W0} = 0 under symmetric init
  if (fit.mu > 0) {
    Eigen::LLT<Matrix<double>> llt(K);
    if (llt.info() == Eigen::Success) {
      fit.coef = llt.solve(rhs);
      fit.solver = "llt";
      if (fit.coef.allFinite()) return fit;
    }
  }
  Eigen::LDLT<Matrix<double>> ldlt(K);
  if (ldlt.info() != Eigen::Success) throw std::runtime_error("ntk_ridge_fit: LDLT of K + mu I failed");
  fit.coef = ldlt.solve(rhs);
  fit.solver = "ldlt";
  if (!fit.coef.allFinite()) throw std::runtime_error("ntk_ridge_fit: non-finite solution (singular K with ridge 0?)");
  return fit;
}

Vector<double> ntk_ridge_predict(const Instance<double>& train, const NtkRidgeFit& fit, const Matrix<double>& X_eval) {
  Instance<double> eval = train;
  eval.X = X_eval;
  eval.y = Vector<double>::Zero(X_eval.rows());
  return initial_output(eval) + ntk_kernel(train, X_eval, train.X) * fit.coef;
}

double sample_variance(const Vector<double>& y) {
  if (y.size() == 0) return kNaN;
  const double ybar = compensated_sum(y) / static_cast<double>(y.size());
  CompensatedSum<double> den;
  for (Eigen::Index i = 0; i < y.size(); ++i) den.add((y(i) - ybar) * (y(i) - ybar));
  return den.value() / static_cast<double>(y.size());
}

double normalized_error(const Vector<double>& yhat, const Vector<double>& y, double scale) {
  if (y.size() == 0 || yhat.size() != y.size()) return kNaN;
  CompensatedSum<double> num;
  for (Eigen::Index i = 0; i < y.size(); ++i) num.add((yhat(i) - y(i)) * (yhat(i) - y(i)));
  return num.value() / static_cast<double>(y.size()) / scale;
}

SweepPoint sweep_point(const SweepOptions& opt, int d, int n, int seed_index) {
  const auto t0 = std::chrono::steady_clock::now();
  validate(opt);
  SweepData data = sweep_data(opt, d, n, seed_index);
  SweepPoint pt;
  pt.d = d;
  pt.n = n;
  pt.seed_index = seed_index;
  pt.seed = sweep_seed(opt.seed, d, seed_index);
  Instance<double> test = data.train;
  test.X = data.X_test;
  test.y = data.y_test;
  pt.y_test_variance = sample_variance(data.y_test);
  if (!(pt.y_test_variance > 0))
    throw InputError("n_test", "the test labels are constant (variance 0); use more test samples");
  if (opt.run_quadratic) {
    ObjectiveSpec spec;
    spec.kind = ObjectiveKind::taylor;
    spec.order = 2;
    spec.lambda = opt.lambda;
    const double m4 = std::pow(static_cast<double>(opt.m), 0.25);
    TrainOptions t;
    t.method = opt.method;
    t.lr = opt.lr_scale * std::sqrt(static_cast<double>(opt.m)) / static_cast<double>(d);
    t.steps = opt.steps;
    t.noise = opt.method == TrainMethod::gd ? 0.0 : opt.pgd_noise * m4;
    t.init_noise = opt.init_noise * m4;
    t.tol_g = opt.tol_g;
    t.trajectory_points = 4;
    t.seed = sub_stream(pt.seed, kTrainerStream);
    const TrainResult res = train(data.train, spec, t);
    const Vector<double> w = Objective<double>::flatten(res.W);
    const Objective<double> ftrain(data.train, spec), ftest(test, spec);
    pt.quad_train_error = normalized_error(ftrain.predictions(w), data.train.y, pt.y_test_variance);
    pt.quad_test_error = normalized_error(ftest.predictions(w), data.y_test, pt.y_test_variance);
    pt.quad_norm24 = mixed_norm(res.W, 4.0);
    pt.quad_final_value = res.trajectory.back().value;
    pt.quad_steps = res.steps_run;
    pt.quad_stop_reason = res.stop_reason;
  }
  if (opt.run_ntk) {
    const NtkRidgeFit fit = ntk_ridge_fit(data.train_ntk, opt.ridge);
    pt.ntk_mu = fit.mu;
    pt.ntk_solver = fit.solver;
    pt.ntk_test_error =
        normalized_error(ntk_ridge_predict(data.train_ntk, fit, data.X_test), data.y_test, pt.y_test_variance);
    // training predictions: K coef = y - f_{W0} - mu coef (the normal equations), no second kernel product
    const Vector<double> train_pred = data.train_ntk.y - fit.mu * fit.coef;
    pt.ntk_train_error = normalized_error(train_pred, data.train.y, pt.y_test_variance);
  }
  pt.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return pt;
}

std::vector<int> sweep_sizes(const SweepOptions& opt, int d) {
  std::vector<int> out = opt.sizes;
  if (opt.sizes_per_d)
    for (int& n : out) n *= d;
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<SweepPoint> run_sweep(const SweepOptions& opt) {
  validate(opt);
  struct Key {
    int d, n, s;
  };
  std::vector<Key> keys;
  for (int d : opt.dims)
    for (int n : sweep_sizes(opt, d))
      for (int s = 0; s < opt.seeds; ++s) keys.push_back({d, n, s});
  const long total = static_cast<long>(keys.size());
  // Largest points first (cost ~ n m d per step) for load balance; results go to their own index.
  std::vector<long> order(keys.size());
  std::iota(order.begin(), order.end(), 0L);
  std::stable_sort(order.begin(), order.end(), [&](long a, long b) {
    return static_cast<double>(keys[a].n) * keys[a].d > static_cast<double>(keys[b].n) * keys[b].d;
  });
  std::vector<SweepPoint> out(keys.size());
  std::exception_ptr error;
  long done = 0;
  const auto t0 = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(dynamic, 1)
  for (long k = 0; k < total; ++k) {
    const Key& key = keys[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])];
    bool skip;
#pragma omp critical(beyondlin_sweep)
    skip = static_cast<bool>(error);
    if (skip) continue;
    try {
      out[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = sweep_point(opt, key.d, key.n, key.s);
#pragma omp critical(beyondlin_sweep)
      {
        ++done;
        if (opt.progress) {
          SweepProgress p;
          p.done = done;
          p.total = total;
          p.d = key.d;
          p.n = key.n;
          p.seed_index = key.s;
          p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          opt.progress(p);
        }
      }
    } catch (...) {
#pragma omp critical(beyondlin_sweep)
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
  return out;
}

Threshold threshold_sample_size(const std::vector<double>& n, const std::vector<double>& error, double eps) {
  Threshold t;
  if (n.empty() || n.size() != error.size()) throw std::invalid_argument("threshold_sample_size: sizes differ or are empty");
  std::size_t j = 0;
  while (j < n.size() && !(error[j] <= eps)) ++j;
  if (j == n.size()) {
    t.above_range = true;
    t.n_star = kNaN;
    return t;
  }
  if (j == 0) {
    t.below_range = true;
    t.n_star = n[0];
    return t;
  }
  const double tiny = std::numeric_limits<double>::min();
  const double l0 = std::log(std::max(error[j - 1], tiny)), l1 = std::log(std::max(error[j], tiny));
  const double x0 = std::log(n[j - 1]), x1 = std::log(n[j]);
  const double le = std::log(eps);
  const double frac = (l0 == l1) ? 1.0 : (l0 - le) / (l0 - l1);  // in (0, 1]: error[j-1] > eps >= error[j]
  t.n_star = std::exp(x0 + frac * (x1 - x0));
  return t;
}

PowerFit fit_power_law(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> lx, ly;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (x[i] > 0 && y[i] > 0 && std::isfinite(x[i]) && std::isfinite(y[i])) {
      lx.push_back(std::log(x[i]));
      ly.push_back(std::log(y[i]));
    }
  PowerFit f;
  f.points = static_cast<int>(lx.size());
  if (f.points < 2) {
    f.slope = f.intercept = f.slope_stderr = f.intercept_stderr = kNaN;
    return f;
  }
  const double k = static_cast<double>(f.points);
  const double mx = std::accumulate(lx.begin(), lx.end(), 0.0) / k, my = std::accumulate(ly.begin(), ly.end(), 0.0) / k;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < lx.size(); ++i) {
    sxx += (lx[i] - mx) * (lx[i] - mx);
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  if (!(sxx > 0)) {
    f.slope = f.intercept = f.slope_stderr = f.intercept_stderr = kNaN;
    return f;
  }
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  if (f.points >= 3) {
    double ssr = 0;
    for (std::size_t i = 0; i < lx.size(); ++i) {
      const double r = ly[i] - f.intercept - f.slope * lx[i];
      ssr += r * r;
    }
    const double s2 = ssr / (k - 2);
    f.slope_stderr = std::sqrt(s2 / sxx);
    f.intercept_stderr = std::sqrt(s2 * (1 / k + mx * mx / sxx));
  } else {
    f.slope_stderr = f.intercept_stderr = kNaN;
  }
  return f;
}

namespace {

/// Mean curves over the seeds in `use` and the exponent fit of n*(d).
struct CurveFit {
  std::vector<std::vector<double>> mean, se;
  std::vector<Threshold> th;
  PowerFit fit;
};

CurveFit curve_fit(const SweepOptions& opt, const std::vector<std::vector<int>>& sizes,
                   const std::vector<std::vector<std::vector<double>>>& err,  // [d][n][s]
                   const std::vector<bool>& use) {
  CurveFit c;
  std::vector<double> xs, ys;
  for (std::size_t di = 0; di < opt.dims.size(); ++di) {
    std::vector<double> mean, se, ns(sizes[di].begin(), sizes[di].end());
    for (std::size_t ni = 0; ni < ns.size(); ++ni) {
      double s1 = 0;
      int cnt = 0;
      for (std::size_t s = 0; s < use.size(); ++s)
        if (use[s]) {
          s1 += err[di][ni][s];
          ++cnt;
        }
      const double mu = s1 / cnt;
      double s2 = 0;
      for (std::size_t s = 0; s < use.size(); ++s)
        if (use[s]) s2 += (err[di][ni][s] - mu) * (err[di][ni][s] - mu);
      mean.push_back(mu);
      se.push_back(cnt >= 2 ? std::sqrt(s2 / (cnt - 1) / cnt) : kNaN);
    }
    const Threshold t = threshold_sample_size(ns, mean, opt.epsilon);
    if (!t.below_range && !t.above_range) {
      xs.push_back(opt.dims[di]);
      ys.push_back(t.n_star);
    }
    c.mean.push_back(mean);
    c.se.push_back(se);
    c.th.push_back(t);
  }
  c.fit = fit_power_law(xs, ys);
  return c;
}

}  // namespace

std::vector<ModelSummary> summarize_sweep(const SweepOptions& opt, const std::vector<SweepPoint>& points) {
  std::vector<std::vector<int>> sizes;
  for (int d : opt.dims) sizes.push_back(sweep_sizes(opt, d));
  std::vector<ModelSummary> out;
  for (int model = 0; model < 2; ++model) {
    if ((model == 0 && !opt.run_quadratic) || (model == 1 && !opt.run_ntk)) continue;
    std::vector<std::vector<std::vector<double>>> err;
    for (std::size_t di = 0; di < opt.dims.size(); ++di)
      err.emplace_back(sizes[di].size(), std::vector<double>(static_cast<std::size_t>(opt.seeds), kNaN));
    for (const SweepPoint& p : points) {
      const std::size_t di = static_cast<std::size_t>(std::find(opt.dims.begin(), opt.dims.end(), p.d) - opt.dims.begin());
      if (di >= opt.dims.size()) throw std::invalid_argument("summarize_sweep: point with d = " + std::to_string(p.d) + " is not on the grid");
      const std::size_t ni = static_cast<std::size_t>(std::find(sizes[di].begin(), sizes[di].end(), p.n) - sizes[di].begin());
      if (ni >= sizes[di].size() || p.seed_index < 0 || p.seed_index >= opt.seeds)
        throw std::invalid_argument("summarize_sweep: point (d = " + std::to_string(p.d) + ", n = " + std::to_string(p.n) +
                                    ", seed " + std::to_string(p.seed_index) + ") is not on the grid");
      err[di][ni][static_cast<std::size_t>(p.seed_index)] = model == 0 ? p.quad_test_error : p.ntk_test_error;
    }
    for (const auto& e1 : err)
      for (const auto& e2 : e1)
        for (double v : e2)
          if (std::isnan(v)) throw std::invalid_argument("summarize_sweep: a grid point is missing (or its error is NaN)");
    ModelSummary ms;
    ms.model = model == 0 ? "quadratic" : "ntk";
    ms.dims = opt.dims;
    ms.sizes = sizes;
    const CurveFit all = curve_fit(opt, sizes, err, std::vector<bool>(static_cast<std::size_t>(opt.seeds), true));
    ms.mean_error = all.mean;
    ms.stderr_error = all.se;
    ms.n_star = all.th;
    ms.fit = all.fit;
    ms.slope_stderr_jackknife = kNaN;
    if (opt.seeds >= 2) {
      bool ok = std::isfinite(all.fit.slope);
      for (int s = 0; s < opt.seeds && ok; ++s) {
        std::vector<bool> use(static_cast<std::size_t>(opt.seeds), true);
        use[static_cast<std::size_t>(s)] = false;
        const CurveFit loo = curve_fit(opt, sizes, err, use);
        ms.jackknife_slopes.push_back(loo.fit.slope);
        ok = std::isfinite(loo.fit.slope);
      }
      if (ok) {
        const double S = opt.seeds;
        const double mean = std::accumulate(ms.jackknife_slopes.begin(), ms.jackknife_slopes.end(), 0.0) / S;
        double ss = 0;
        for (double v : ms.jackknife_slopes) ss += (v - mean) * (v - mean);
        ms.slope_stderr_jackknife = std::sqrt((S - 1) / S * ss);
      }
    }
    out.push_back(std::move(ms));
  }
  return out;
}

}  // namespace beyondlin
