// sample_complexity.hpp: one sweep point is reproducible and independent of the thread count, the
// empirical NTK is the Gram matrix of the network's gradient features, its ridge regression interpolates
// the training data as the ridge goes to 0, n* interpolation and the exponent fit recover known values
// on synthetic data, and bad options name their field.
#include "support.hpp"

#include <beyondlin/sample_complexity.hpp>

#include <Eigen/Eigenvalues>

#include <cmath>
#ifdef _OPENMP
#include <omp.h>
#endif

using namespace bltest;

namespace {

SweepOptions small_options() {
  SweepOptions o;
  o.dims = {4, 6};
  o.sizes = {8, 16, 32};
  o.seeds = 2;
  o.m = 16;
  o.m_ntk = 32;
  o.n_test = 64;
  o.steps = 150;
  o.seed = 7;
  return o;
}

bool same_point(const SweepPoint& a, const SweepPoint& b) {
  // bitwise equality of every number (NaN never occurs here)
  return a.d == b.d && a.n == b.n && a.seed_index == b.seed_index && a.seed == b.seed &&
         a.quad_test_error == b.quad_test_error && a.quad_train_error == b.quad_train_error &&
         a.quad_norm24 == b.quad_norm24 && a.quad_final_value == b.quad_final_value && a.quad_steps == b.quad_steps &&
         a.ntk_test_error == b.ntk_test_error && a.ntk_train_error == b.ntk_train_error && a.ntk_mu == b.ntk_mu &&
         a.y_test_variance == b.y_test_variance;
}

}  // namespace

// One point is a function of (options, d, n, seed index) alone: recomputing it, or computing it inside a
// sweep with 1 or 2 OpenMP threads, gives the same numbers bit for bit (DESIGN.md §1).
TEST(SampleComplexity, PointReproducibleAndThreadCountIndependent) {
  for (SweepTarget target : {SweepTarget::product, SweepTarget::power}) {
    SweepOptions o = small_options();
    o.target = target;
#ifdef _OPENMP
    const int saved = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    const std::vector<SweepPoint> one = run_sweep(o);
#ifdef _OPENMP
    omp_set_num_threads(2);
#endif
    const std::vector<SweepPoint> two = run_sweep(o);
#ifdef _OPENMP
    omp_set_num_threads(saved);
#endif
    ASSERT_EQ(one.size(), 2u * 3u * 2u);
    ASSERT_EQ(one.size(), two.size());
    for (std::size_t k = 0; k < one.size(); ++k) EXPECT_TRUE(same_point(one[k], two[k])) << "point " << k;
    // the point computed on its own
    const SweepPoint& p = one[7];
    EXPECT_TRUE(same_point(p, sweep_point(o, p.d, p.n, p.seed_index)));
    EXPECT_TRUE(same_point(p, sweep_point(o, p.d, p.n, p.seed_index)));
    for (const SweepPoint& q : one) {
      EXPECT_TRUE(std::isfinite(q.quad_test_error) && q.quad_test_error >= 0);
      EXPECT_TRUE(std::isfinite(q.ntk_test_error) && q.ntk_test_error >= 0);
    }
  }
}

// Common random numbers: the training set of size n is the first n samples of one stream per (d, s),
// and the test set and network do not depend on n.
TEST(SampleComplexity, NestedTrainingSets) {
  const SweepOptions o = small_options();
  const SweepData a = sweep_data(o, 6, 8, 1), b = sweep_data(o, 6, 32, 1), c = sweep_data(o, 6, 8, 0);
  EXPECT_TRUE(a.train.X == b.train.X.topRows(8));
  EXPECT_TRUE(a.train.y == b.train.y.head(8));
  EXPECT_TRUE(a.train.W0 == b.train.W0);
  EXPECT_TRUE(a.X_test == b.X_test);
  EXPECT_FALSE(a.train.X == c.train.X);  // another seed index, other data
  // product target: x in {-1, +1}^d, y = x_1 x_2; rows of W0 ~ N(0, I/d) (symmetric init)
  for (Eigen::Index i = 0; i < b.train.n(); ++i) {
    for (Eigen::Index j = 0; j < 6; ++j) EXPECT_EQ(std::abs(b.train.X(i, j)), 1.0);
    EXPECT_EQ(b.train.y(i), b.train.X(i, 0) * b.train.X(i, 1));
  }
  EXPECT_EQ(b.train.init, Init::symmetric);
  EXPECT_EQ(b.train_ntk.m(), 32);
  EXPECT_TRUE(b.train_ntk.X == b.train.X);
}

// K(x, x') = (1/m) sum_r sigma'(w0_r.x) sigma'(w0_r.x') x.x' is the Gram matrix of the gradient features
// grad_W f(x) = (a_r / sqrt m) sigma'(w0_r.x) x (SPEC §2), computed here neuron by neuron with
// activation_derivative. Tolerance 64 u sum_r |features| (two dot products of length m d).
TEST(SampleComplexity, NtkKernelIsGradientGram) {
  InstanceOptions io;
  io.d = 5;
  io.m = 12;
  io.n = 6;
  io.activation = Activation::tanh;
  io.target = "zero";
  io.seed = 3;
  const Instance<double> net = generate_instance(io);
  const Matrix<double> K = ntk_kernel(net, net.X, net.X);
  const double u = unit_roundoff<double>();
  for (Eigen::Index i = 0; i < net.n(); ++i)
    for (Eigen::Index j = 0; j < net.n(); ++j) {
      double s = 0, mag = 0;
      for (Eigen::Index r = 0; r < net.m(); ++r) {
        const double gi = activation_derivative(net.activation, double(net.W0.row(r).dot(net.X.row(i))), 1);
        const double gj = activation_derivative(net.activation, double(net.W0.row(r).dot(net.X.row(j))), 1);
        for (Eigen::Index c = 0; c < net.d(); ++c) {
          s += net.a(r) * gi * net.X(i, c) * net.a(r) * gj * net.X(j, c) / double(net.m());
          mag += std::abs(gi * net.X(i, c) * gj * net.X(j, c)) / double(net.m());
        }
      }
      EXPECT_TRUE(near("K(" + std::to_string(i) + "," + std::to_string(j) + ")", K(i, j), s, 64 * u * mag + 1e-300));
    }
  EXPECT_LE((K - K.transpose()).norm(), 64 * u * K.norm());
}

// Kernel ridge regression with mu = ridge tr(K)/n: the training residual y - f(X) = mu coef satisfies
// ||y - f(X)|| <= mu / (lambda_min(K) + mu) ||y|| (eigen-decomposition of (K + mu I)^{-1}), so it goes to
// 0 as ridge -> 0 when K is nonsingular (n = 20 samples < m d = 96 features). Allowed besides: the
// solver's rounding, ~ n u cond(K + mu I) ||y||. Also: the prediction at the training inputs by the
// kernel product equals y - mu coef (the identity used for the training error) to the same accuracy.
TEST(SampleComplexity, NtkRidgeInterpolatesAsRidgeGoesToZero) {
  InstanceOptions io;
  io.d = 6;
  io.m = 16;
  io.n = 20;
  io.target = "gaussian";
  io.seed = 5;
  const Instance<double> train = generate_instance(io);
  const Matrix<double> K = ntk_kernel(train, train.X, train.X);
  Eigen::SelfAdjointEigenSolver<Matrix<double>> es(K);
  const double lmin = es.eigenvalues()(0), lmax = es.eigenvalues()(train.n() - 1);
  ASSERT_GT(lmin, 0.0);
  const double u = unit_roundoff<double>(), ynorm = train.y.norm();
  double prev = std::numeric_limits<double>::infinity();
  for (double ridge : {1e-1, 1e-3, 1e-6, 1e-9, 1e-12}) {
    const NtkRidgeFit fit = ntk_ridge_fit(train, ridge);
    EXPECT_EQ(fit.solver, "llt");
    EXPECT_NEAR(fit.mu, ridge * K.trace() / train.n(), 1e-14 * fit.mu);
    const Vector<double> pred = ntk_ridge_predict(train, fit, train.X);
    const double res = (train.y - pred).norm();
    const double rounding = 64 * train.n() * u * (lmax + fit.mu) / (lmin + fit.mu) * ynorm;
    EXPECT_LE(res, fit.mu / (lmin + fit.mu) * ynorm + rounding) << "ridge " << ridge;
    EXPECT_LE((pred - (train.y - fit.mu * fit.coef)).norm(), rounding) << "ridge " << ridge;
    if (ridge >= 1e-6) {
      EXPECT_LT(res, prev) << "the residual decreases with the ridge";
    }
    prev = res;
  }
  // ridge 1e-12: the data are interpolated up to cond(K) u
  const NtkRidgeFit fit = ntk_ridge_fit(train, 1e-12);
  EXPECT_LE((train.y - ntk_ridge_predict(train, fit, train.X)).norm(), 1e-6 * ynorm);
}

// n* by log-log interpolation is exact on a power-law curve error = C n^{-a}: n* = (C/eps)^{1/a}.
TEST(SampleComplexity, ThresholdInterpolationIsExactOnPowerLaws) {
  const double C = 40, a = 1.3, eps = 0.25;
  std::vector<double> n{4, 8, 16, 32, 64, 128, 256}, e;
  for (double x : n) e.push_back(std::min(C * std::pow(x, -a), 5.0));
  const Threshold t = threshold_sample_size(n, e, eps);
  EXPECT_FALSE(t.below_range);
  EXPECT_FALSE(t.above_range);
  EXPECT_NEAR(t.n_star, std::pow(C / eps, 1 / a), 1e-12 * t.n_star);
  const Threshold lo = threshold_sample_size(n, e, 10.0);
  EXPECT_TRUE(lo.below_range);
  EXPECT_EQ(lo.n_star, 4.0);
  const Threshold hi = threshold_sample_size(n, e, 1e-3);
  EXPECT_TRUE(hi.above_range);
  EXPECT_TRUE(std::isnan(hi.n_star));
  // the first crossing counts, even if the curve goes up again later (double descent)
  std::vector<double> bumpy{0.9, 0.4, 0.7, 0.2};
  EXPECT_NEAR(threshold_sample_size({1, 2, 4, 8}, bumpy, 0.5).n_star,
              std::exp(std::log(2.0) * (std::log(0.9) - std::log(0.5)) / (std::log(0.9) - std::log(0.4))), 1e-12);
}

// The exponent fit recovers a known slope: exactly on y = C x^b (slope to 1e-12, regression s.e. ~ 0),
// and on y = C x^b e^{z_i} with fixed residuals z_i, where the slope and s.e. must equal the textbook
// least-squares formulas computed here independently.
TEST(SampleComplexity, PowerLawFitRecoversKnownSlope) {
  const std::vector<double> x{16, 32, 64, 128, 256};
  std::vector<double> y;
  for (double v : x) y.push_back(2.5 * std::pow(v, 1.7));
  const PowerFit f = fit_power_law(x, y);
  EXPECT_NEAR(f.slope, 1.7, 1e-12);
  EXPECT_NEAR(f.intercept, std::log(2.5), 1e-11);
  EXPECT_LE(f.slope_stderr, 1e-12);
  EXPECT_EQ(f.points, 5);
  const std::vector<double> z{0.1, -0.05, 0.02, -0.12, 0.04};
  std::vector<double> yz, lx, ly;
  for (std::size_t i = 0; i < x.size(); ++i) {
    yz.push_back(y[i] * std::exp(z[i]));
    lx.push_back(std::log(x[i]));
    ly.push_back(std::log(yz[i]));
  }
  const PowerFit g = fit_power_law(x, yz);
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    mx += lx[i] / 5;
    my += ly[i] / 5;
  }
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    sxx += (lx[i] - mx) * (lx[i] - mx);
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  const double b = sxy / sxx, a0 = my - b * mx;
  double ssr = 0;
  for (std::size_t i = 0; i < 5; ++i) ssr += std::pow(ly[i] - a0 - b * lx[i], 2);
  EXPECT_NEAR(g.slope, b, 1e-12);
  EXPECT_NEAR(g.slope_stderr, std::sqrt(ssr / 3 / sxx), 1e-12);
  EXPECT_NEAR(g.intercept, a0, 1e-12);
  EXPECT_NEAR(g.intercept_stderr, std::sqrt(ssr / 3 * (1.0 / 5 + mx * mx / sxx)), 1e-12);
  EXPECT_LE(std::abs(g.slope - 1.7), 3 * g.slope_stderr);  // the residuals are small and not aligned with log x
  // fewer than 2 usable points: undefined
  EXPECT_TRUE(std::isnan(fit_power_law({4}, {2}).slope));
  EXPECT_TRUE(std::isnan(fit_power_law({4, 8}, {2, -1}).slope));
  EXPECT_TRUE(std::isnan(fit_power_law({4, 8}, {2, 3}).slope_stderr));
  EXPECT_TRUE(std::isnan(fit_power_law({4, 8}, {2, 3}).intercept_stderr));
}

// summarize_sweep on synthetic points whose test error is eps (n / (c d^b))^{-a}: the curves' n* are
// exactly c d^b (log-log interpolation of a power law), so the fitted exponent is b and every
// leave-one-seed-out fit agrees (seeds identical: jackknife s.e. 0).
TEST(SampleComplexity, SummaryRecoversExponentOnSyntheticSweep) {
  SweepOptions o;
  o.dims = {8, 16, 32, 64};
  o.sizes = {1, 2, 4, 8, 16, 32, 64};
  o.sizes_per_d = true;
  o.seeds = 3;
  o.epsilon = 0.3;
  const double c = 2.0, bq = 1.1, bn = 2.05, a = 0.8;
  std::vector<SweepPoint> pts;
  for (int d : o.dims)
    for (int n : sweep_sizes(o, d))
      for (int s = 0; s < o.seeds; ++s) {
        SweepPoint p;
        p.d = d;
        p.n = n;
        p.seed_index = s;
        p.quad_test_error = o.epsilon * std::pow(n / (c * std::pow(d, bq)), -a);
        p.ntk_test_error = o.epsilon * std::pow(n / (0.3 * std::pow(d, bn)), -a);
        pts.push_back(p);
      }
  const std::vector<ModelSummary> s = summarize_sweep(o, pts);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].model, "quadratic");
  EXPECT_NEAR(s[0].fit.slope, bq, 1e-10);
  EXPECT_NEAR(s[1].fit.slope, bn, 1e-10);
  EXPECT_LE(s[0].slope_stderr_jackknife, 1e-10);
  EXPECT_LE(s[0].fit.slope_stderr, 1e-10);
  for (std::size_t i = 0; i < o.dims.size(); ++i) {
    EXPECT_NEAR(s[0].n_star[i].n_star, c * std::pow(o.dims[i], bq), 1e-9 * s[0].n_star[i].n_star);
    EXPECT_EQ(s[0].sizes[i].front(), o.dims[i]);
  }
  // a missing point is an error
  pts.pop_back();
  EXPECT_THROW(summarize_sweep(o, pts), std::invalid_argument);
}

// Bad options name their field (the CLI maps them to options).
TEST(SampleComplexity, ValidationErrorsNameTheField) {
  auto expect_field = [](const std::function<void(SweepOptions&)>& mutate, const std::string& field) {
    SweepOptions o = small_options();
    mutate(o);
    try {
      validate(o);
      ADD_FAILURE() << "no exception for field " << field;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), field) << e.what();
    }
  };
  expect_field([](SweepOptions& o) { o.dims.clear(); }, "d");
  expect_field([](SweepOptions& o) { o.dims = {1, 4}; }, "d");  // product needs d >= 2
  expect_field([](SweepOptions& o) { o.dims = {4, 4}; }, "d");
  expect_field([](SweepOptions& o) { o.sizes = {0}; }, "n");
  expect_field([](SweepOptions& o) { o.sizes = {8, 8}; }, "n");
  expect_field([](SweepOptions& o) { o.sizes = {50000}; o.sizes_per_d = true; }, "n");
  expect_field([](SweepOptions& o) { o.seeds = 0; }, "seeds");
  expect_field([](SweepOptions& o) { o.m = 15; }, "m");
  expect_field([](SweepOptions& o) { o.m_ntk = 7; }, "m_ntk");
  expect_field([](SweepOptions& o) { o.n_test = 1; }, "n_test");
  expect_field([](SweepOptions& o) { o.epsilon = 1.0; }, "epsilon");
  expect_field([](SweepOptions& o) { o.epsilon = std::nan(""); }, "epsilon");
  expect_field([](SweepOptions& o) { o.power = 0; }, "p");
  expect_field([](SweepOptions& o) { o.alpha = 0; }, "alpha");
  expect_field([](SweepOptions& o) { o.lr_scale = 0; }, "lr");
  expect_field([](SweepOptions& o) { o.steps = -1; }, "steps");
  expect_field([](SweepOptions& o) { o.lambda = -1; }, "lambda");
  expect_field([](SweepOptions& o) { o.init_noise = 0; }, "init_noise");
  expect_field([](SweepOptions& o) { o.method = TrainMethod::pgd; o.pgd_noise = 0; }, "noise");
  expect_field([](SweepOptions& o) { o.ridge = -1; }, "ridge");
  expect_field([](SweepOptions& o) { o.run_quadratic = o.run_ntk = false; }, "model");
  SweepOptions power = small_options();
  power.target = SweepTarget::power;
  power.dims = {1, 3};
  EXPECT_NO_THROW(validate(power));  // the power target works for d = 1
  EXPECT_THROW(parse_sweep_target("cube"), InputError);
  EXPECT_EQ(parse_sweep_target("power"), SweepTarget::power);
}
