// Scaling laws of the claim checks (scaling.hpp).

#include "scaling.hpp"

#include "check_util.hpp"

#include <beyondlin/sample_complexity.hpp>

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace beyondlin::checks {

using json = nlohmann::ordered_json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> column_means(const std::vector<std::vector<double>>& values, std::size_t K, long skip) {
  std::vector<double> m(K, 0.0);
  double count = 0;
  for (std::size_t s = 0; s < values.size(); ++s) {
    if (static_cast<long>(s) == skip) continue;
    count += 1;
    for (std::size_t k = 0; k < K; ++k) m[k] += values[s][k];
  }
  for (double& v : m) v /= count;
  return m;
}

}  // namespace

double student_t975(int df) {
  if (df < 1) return kNaN;
  return boost::math::quantile(boost::math::students_t(static_cast<double>(df)), 0.975);
}

ScalingLaw fit_scaling(const std::string& quantity, const std::string& variable, const std::vector<double>& x,
                       const std::vector<std::vector<double>>& values, double predicted_slope,
                       double predicted_prefactor, double tail_min_x) {
  const std::size_t K = x.size(), S = values.size();
  if (K == 0 || S == 0) throw std::invalid_argument("fit_scaling: no data for " + quantity);
  for (const auto& row : values)
    if (row.size() != K) throw std::invalid_argument("fit_scaling: every replicate needs one value per x (" + quantity + ")");
  ScalingLaw law;
  law.quantity = quantity;
  law.variable = variable;
  law.x = x;
  law.replicates = static_cast<int>(S);
  law.predicted_slope = predicted_slope;
  law.predicted_prefactor = predicted_prefactor;
  law.tail_min_x = tail_min_x;
  law.mean = column_means(values, K, -1);
  law.sem.assign(K, kNaN);
  if (S > 1)
    for (std::size_t k = 0; k < K; ++k) {
      double ss = 0;
      for (std::size_t s = 0; s < S; ++s) ss += (values[s][k] - law.mean[k]) * (values[s][k] - law.mean[k]);
      law.sem[k] = std::sqrt(ss / static_cast<double>(S - 1) / static_cast<double>(S));
    }
  const PowerFit all = fit_power_law(x, law.mean);  // log-log least squares (sample_complexity.hpp)
  law.slope = all.slope;
  law.prefactor = std::exp(all.intercept);
  double se_b = all.slope_stderr, se_a = all.intercept_stderr, t = student_t975(all.points - 2);
  law.se_method = "regression residuals of the averaged curve (one replicate)";
  if (S > 1) {
    // delete-one jackknife over the replicates
    std::vector<double> bs, as;
    for (std::size_t s = 0; s < S; ++s) {
      const PowerFit f = fit_power_law(x, column_means(values, K, static_cast<long>(s)));
      bs.push_back(f.slope);
      as.push_back(f.intercept);
    }
    auto jack = [&](const std::vector<double>& v) {
      double mu = 0;
      for (double e : v) mu += e / static_cast<double>(S);
      double ss = 0;
      for (double e : v) ss += (e - mu) * (e - mu);
      return std::sqrt(static_cast<double>(S - 1) / static_cast<double>(S) * ss);
    };
    se_b = jack(bs);
    se_a = jack(as);
    t = student_t975(static_cast<int>(S) - 1);
    law.se_method = "delete-one jackknife over the " + std::to_string(S) + " replicates; 95% CI with Student t(" +
                    std::to_string(S - 1) + ")";
  }
  law.slope_se = se_b;
  law.slope_ci_lo = law.slope - t * se_b;
  law.slope_ci_hi = law.slope + t * se_b;
  law.prefactor_ci_lo = std::exp(all.intercept - t * se_a);
  law.prefactor_ci_hi = std::exp(all.intercept + t * se_a);
  // prefactor at the predicted exponent over the tail
  std::vector<double> c;
  for (std::size_t s = 0; s < S; ++s) {
    double sum = 0;
    int count = 0;
    for (std::size_t k = 0; k < K; ++k)
      if (x[k] >= tail_min_x) {
        sum += values[s][k] * std::pow(x[k], -predicted_slope);
        ++count;
      }
    law.tail_points = count;
    if (count > 0) c.push_back(sum / count);
  }
  if (!c.empty()) {
    double mu = 0;
    for (double e : c) mu += e / static_cast<double>(c.size());
    double ss = 0;
    for (double e : c) ss += (e - mu) * (e - mu);
    law.tail_prefactor = mu;
    law.tail_prefactor_se = c.size() > 1 ? std::sqrt(ss / static_cast<double>(c.size() - 1) / static_cast<double>(c.size()))
                                         : kNaN;
  } else {
    law.tail_prefactor = kNaN;
    law.tail_prefactor_se = kNaN;
  }
  return law;
}

void add_slope_measurement(MeasurementSet& ms, const ScalingLaw& law, double tol, const std::string& basis) {
  const std::string where = law.variable + " = " + fmt(law.x.front()) + ".." + fmt(law.x.back()) + ", " +
                            std::to_string(law.replicates) + " replicates; fitted slope " + fmt(law.slope) +
                            ", 95% CI [" + fmt(law.slope_ci_lo) + ", " + fmt(law.slope_ci_hi) + "]";
  ms.equal("slope of " + law.quantity + " versus " + law.variable + " (log-log least squares of the seed means)",
           law.predicted_slope, law.slope, 1.0, tol, basis, where);
}

void add_prefactor_measurement(MeasurementSet& ms, const ScalingLaw& law, double rel_tol, const std::string& basis) {
  const std::string where = law.variable + " >= " + fmt(law.tail_min_x) + " (" + std::to_string(law.tail_points) +
                            " sizes), " + std::to_string(law.replicates) + " replicates; s.e. " +
                            fmt(law.tail_prefactor_se);
  ms.equal("prefactor of " + law.quantity + " at the predicted exponent: mean of y " + law.variable + "^(" +
               fmt(-law.predicted_slope) + "), relative to the predicted constant",
           law.predicted_prefactor, law.tail_prefactor, std::abs(law.predicted_prefactor), rel_tol, basis, where);
}

namespace {

void add_law_series(Figure& fig, const ScalingLaw& law, bool fitted_line, const std::string& prefix) {
  FigureSeries pts;
  pts.label = prefix + "measured (mean of " + std::to_string(law.replicates) + (law.replicates > 1 ? ", ±1 s.e.)" : ")");
  pts.x = law.x;
  pts.y = law.mean;
  if (law.replicates > 1) pts.y_err = law.sem;
  fig.series.push_back(pts);
  const double x0 = law.x.front(), x1 = law.x.back();
  double C = law.predicted_prefactor;
  std::string what = "predicted";
  if (!std::isfinite(C)) {  // anchor the predicted exponent at the measured value at the largest x
    C = law.mean.back() * std::pow(x1, -law.predicted_slope);
    what = "predicted exponent (anchored at the last point)";
  }
  FigureSeries pred;
  pred.label = prefix + what + ": " + fmt(C) + " " + law.variable + "^{" + fmt(law.predicted_slope) + "}";
  pred.line = true;
  for (int k = 0; k <= 32; ++k) {
    const double xx = x0 * std::pow(x1 / x0, k / 32.0);
    pred.x.push_back(xx);
    pred.y.push_back(C * std::pow(xx, law.predicted_slope));
  }
  fig.series.push_back(pred);
  if (fitted_line && std::isfinite(law.slope)) {
    FigureSeries fit;
    fit.label = prefix + "fitted: " + fmt(law.prefactor) + " " + law.variable + "^{" + fmt(law.slope) + "}";
    fit.line = true;
    for (int k = 0; k <= 32; ++k) {
      const double xx = x0 * std::pow(x1 / x0, k / 32.0);
      fit.x.push_back(xx);
      fit.y.push_back(law.prefactor * std::pow(xx, law.slope));
    }
    fig.series.push_back(fit);
  }
}

}  // namespace

Figure scaling_figure(const ScalingLaw& law, const std::string& file, const std::string& title, const std::string& ylabel,
                      const std::string& caption) {
  Figure fig;
  fig.file = file;
  fig.caption = caption;
  fig.title = title;
  fig.xlabel = law.variable;
  fig.ylabel = ylabel;
  add_law_series(fig, law, true, "");
  return fig;
}

Figure scaling_figure(const std::vector<ScalingLaw>& laws, const std::string& file, const std::string& title,
                      const std::string& ylabel, const std::string& caption) {
  if (laws.empty()) throw std::invalid_argument("scaling_figure: no law");
  Figure fig;
  fig.file = file;
  fig.caption = caption;
  fig.title = title;
  fig.xlabel = laws.front().variable;
  fig.ylabel = ylabel;
  for (const ScalingLaw& law : laws) add_law_series(fig, law, false, law.quantity + ": ");
  return fig;
}

FigureSeries mean_line(const std::string& label, const std::vector<double>& x,
                       const std::vector<std::vector<double>>& values) {
  if (values.empty()) throw std::invalid_argument("mean_line: no replicate for " + label);
  for (const auto& row : values)
    if (row.size() != x.size()) throw std::invalid_argument("mean_line: every replicate needs one value per x (" + label + ")");
  FigureSeries fs;
  fs.label = label;
  fs.line = true;
  fs.x = x;
  fs.y = column_means(values, x.size(), -1);
  return fs;
}

json scaling_law_json(const ScalingLaw& law) {
  json j = json::object();
  j["quantity"] = law.quantity;
  j["variable"] = law.variable;
  j["x"] = law.x;
  json mean = json::array(), sem = json::array();
  for (double v : law.mean) mean.push_back(json_number(v));
  for (double v : law.sem) sem.push_back(json_number(v));
  j["mean"] = std::move(mean);
  j["sem"] = std::move(sem);
  j["replicates"] = law.replicates;
  j["slope"] = {{"predicted", json_number(law.predicted_slope)}, {"fitted", json_number(law.slope)}, {"se", json_number(law.slope_se)},
                {"ci95", {json_number(law.slope_ci_lo), json_number(law.slope_ci_hi)}}};
  j["prefactor"] = {{"predicted", json_number(law.predicted_prefactor)}, {"fitted", json_number(law.prefactor)},
                    {"ci95", {json_number(law.prefactor_ci_lo), json_number(law.prefactor_ci_hi)}},
                    {"at_predicted_slope", json_number(law.tail_prefactor)}, {"at_predicted_slope_se", json_number(law.tail_prefactor_se)},
                    {"tail_min_x", json_number(law.tail_min_x)}, {"tail_points", law.tail_points}};
  j["se_method"] = law.se_method;
  return j;
}

}  // namespace beyondlin::checks
