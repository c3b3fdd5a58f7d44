#pragma once
/// @file scaling.hpp
/// Scaling laws of the claim checks (SPEC §6.3): fit y ~ C x^b to replicated measurements, with
/// confidence intervals, the prefactor at the predicted exponent, the SPEC acceptance comparisons,
/// and the log-log figure (measured points with error bars, the predicted and the fitted line).
///
/// **Fit.** For each x the replicates (seeds) are averaged; b and log C are the least-squares line
/// through (log x, log mean) (SPEC §6.3: "log-log least-squares fits"). Their standard errors come
/// from the delete-one jackknife over the replicates (each replicate left out in turn, the curve
/// re-averaged and refitted), which captures the seed-to-seed variation that the residuals of one
/// averaged curve do not; with one replicate, the regression standard errors are used instead
/// (NaN with two points). 95% intervals use Student's t with (replicates - 1) degrees of freedom
/// (jackknife) or (points - 2) (regression); C's interval is exp of log C's.
///
/// **Prefactor at the predicted exponent.** SPEC accepts "prefactor within 3% for m >= 2^14": for
/// each replicate s, c_s = mean over the x >= tail_min_x of y_s(x) x^{-b_pred}; the reported value
/// is mean_s c_s with standard error sd(c_s)/sqrt(S).

#include "registry.hpp"

#include <string>
#include <vector>

namespace beyondlin::checks {

/// Fit a law to values[s][k] (replicate s, abscissa x[k]; every replicate has one value per x;
/// values must be positive and finite, or the point is left out of the fit and a note is due).
/// `predicted_prefactor` may be NaN (SPEC gives no constant). Cost O(S^2 K).
ScalingLaw fit_scaling(const std::string& quantity, const std::string& variable, const std::vector<double>& x,
                       const std::vector<std::vector<double>>& values, double predicted_slope,
                       double predicted_prefactor, double tail_min_x);

/// 97.5% quantile of Student's t with `df` degrees of freedom (Boost.Math); NaN for df < 1.
double student_t975(int df);

/// Record SPEC §6.3's slope acceptance: |b - b_pred| <= tol (tol = 0.03 in SPEC §6.3).
void add_slope_measurement(MeasurementSet& ms, const ScalingLaw& law, double tol, const std::string& basis);

/// Record SPEC §6.3's prefactor acceptance: |c - C_pred| / |C_pred| <= rel_tol (3% in SPEC §6.3),
/// c the prefactor at the predicted exponent over x >= tail_min_x.
void add_prefactor_measurement(MeasurementSet& ms, const ScalingLaw& law, double rel_tol, const std::string& basis);

/// The log-log figure of a law: measured means with +-1 s.e. bars, the predicted line
/// C_pred x^b_pred (anchored at the measured value at the largest x when C_pred is NaN) and the
/// fitted line. `file` is relative to the report folder, e.g. "figures/SC-1.svg".
Figure scaling_figure(const ScalingLaw& law, const std::string& file, const std::string& title,
                      const std::string& ylabel, const std::string& caption);

/// Several laws on one log-log figure (e.g. a quantity and its bound, or two data models): each law
/// contributes its measured points and its predicted line.
Figure scaling_figure(const std::vector<ScalingLaw>& laws, const std::string& file, const std::string& title,
                      const std::string& ylabel, const std::string& caption);

/// A line through the means over the replicates of values[s][k] at x[k] (e.g. a bound evaluated per
/// seed, drawn next to a law); the same means as fit_scaling's.
FigureSeries mean_line(const std::string& label, const std::vector<double>& x,
                       const std::vector<std::vector<double>>& values);

/// JSON of a law (results.json "scaling_laws"; non-finite numbers as strings).
nlohmann::ordered_json scaling_law_json(const ScalingLaw& law);

}  // namespace beyondlin::checks
