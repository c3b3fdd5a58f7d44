#pragma once
/// @file registry.hpp
/// The claim registry of `beyondlin check` (DESIGN.md §2, SPEC §6).
///
/// One numbered claim of SPEC §6 (ID-1, IN-5, SC-3, ...) is one `Check`, defined in its own file
/// `checks/<id>_<topic>.cpp` (e.g. `checks/id03_sign_enumeration.cpp`) and listed once in
/// `registry.cpp` (`all_checks()`). A check runs on a `CheckContext` (preset, seed, logger) and
/// returns a `CheckResult` that carries its own evidence: every comparison it made, as a
/// `Measurement` {predicted or bound, measured, error, tolerance, margin, pass}. The verdict is
/// computed from the measurements by `decide_verdict` and is never set by hand, so every check can
/// FAIL.
///
/// Conventions of a Measurement (used in REPORT.md and results.json):
///   - `equal`    (identities, finite differences): error = |measured - predicted| / scale, with the
///                scale stated in the measurement's name or basis (usually the natural magnitude
///                of the quantity, e.g. sum of the absolute values of the terms);
///                pass iff error <= tolerance; margin = 1 - error / tolerance
///                (1: exact agreement, 0: at the tolerance, < 0: FAIL).
///   - `at_most`  (inequalities measured <= bound): error = (measured - bound) / scale, scale = |bound|
///                unless stated; pass iff error <= tolerance (SPEC §6.2: 1e-12 relative);
///                margin = (bound - measured) / scale, the relative slack (0: the bound is attained).
///   - `at_least` (measured >= bound): the mirror image.
/// A named measurement usually summarizes many comparisons (seeds x sizes x samples): it keeps the
/// worst one (smallest margin), where it happened (`where`) and how many there were (`count`).

#include <beyondlin/io.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace beyondlin::checks {

/// Size of a run: `quick` (all checks together in well under a minute on 2 cores; CI runs it),
/// `standard` (the CLI's "default", under 10 minutes on 2 cores), `full` (SPEC §6.3's ranges:
/// widths up to 2^20, 20 seeds).
enum class Preset { quick, standard, full };

/// Parse "quick", "default" or "full"; throws InputError(field, ...) naming the value.
Preset parse_preset(const std::string& name, const std::string& field = "--preset");

/// "quick", "default" or "full".
const char* preset_name(Preset p);

/// Outcome of a check. PROVED is reserved for interval-certified checks (every measurement
/// certified and satisfied); SKIP for a check that could not run its comparisons (the reason is
/// in the notes).
enum class Verdict { pass, fail, proved, skip };

/// "PASS", "FAIL", "PROVED", "SKIP".
const char* verdict_name(Verdict v);

/// Kind of comparison of a Measurement (see the file comment).
enum class Relation { equal, at_most, at_least };

/// "=", "<=", ">=".
const char* relation_symbol(Relation r);

/// One comparison (or the worst of many comparisons of the same kind), with its evidence.
struct Measurement {
  std::string name;                 ///< what is compared, with the error measure, e.g. "|f_W0(x)| / S(x)"
  Relation relation = Relation::equal;
  std::string precision = "double"; ///< scalar type of the computation (scalar_name<T>())
  double predicted = 0;             ///< equal: the predicted value; at_most / at_least: the bound
  double measured = 0;              ///< the value computed from the library
  double error = 0;                 ///< scaled error (equal) or scaled excess over the bound (inequalities)
  double tolerance = 0;             ///< allowed error (see file comment)
  double margin = 0;                ///< fraction of the allowance left; >= 0 (equal) or >= -tolerance (bounds) passes
  bool pass = false;
  bool certified = false;           ///< true only for interval-certified comparisons (PROVED)
  long count = 0;                   ///< number of comparisons summarized (the worst is shown)
  std::string where;                ///< the instance of the worst comparison (seed, m, sample, ...)
  std::string basis;                ///< why this tolerance (unit roundoff x condition, O(h^2), SPEC ref)
};

/// One data series of a Figure: points (with optional symmetric error bars) or a line.
struct FigureSeries {
  std::string label;            ///< legend entry, e.g. "measured (mean over 20 seeds, +- 1 s.e.)"
  std::vector<double> x, y;     ///< the data (same length)
  std::vector<double> y_err;    ///< symmetric error bars (same length as y), or empty for none
  bool line = false;            ///< draw as a line (a law: predicted, fitted) instead of points
  bool connect = false;         ///< points joined by a line (a measured curve, e.g. a learning curve)
};

/// A figure of a check, drawn as SVG by render_figures (report.hpp) with gnuplot: typically a
/// scaling law on log-log axes with the measured points, their error bars and the predicted line.
/// A check fills `series`; render_figures writes `file` (the SVG) and the gnuplot script that
/// draws it, next to REPORT.md.
struct Figure {
  std::string file;     ///< path relative to the report directory, e.g. "figures/SC-1.svg"
  std::string caption;  ///< one sentence under the figure in REPORT.md
  std::string title, xlabel, ylabel;
  bool logx = true, logy = true;
  std::vector<FigureSeries> series;
  bool rendered = false;  ///< set by render_figures when the SVG was written
};
/// A fitted scaling law y ~ C x^b with its uncertainty, next to the predicted one (SPEC §6.3).
/// Filled by fit_scaling (scaling.hpp); shown in REPORT.md's "Scaling laws" table of the claim and
/// in results.json ("scaling_laws").
struct ScalingLaw {
  std::string quantity;               ///< what y is, e.g. "|f^(1)_W(x)|"
  std::string variable = "m";         ///< what x is
  std::vector<double> x, mean, sem;   ///< per x: mean over the replicates and its standard error
  int replicates = 0;                 ///< number of replicates (seeds) per x
  double slope = 0, slope_se = 0, slope_ci_lo = 0, slope_ci_hi = 0;  ///< b of log mean = log C + b log x; 95% CI
  double prefactor = 0, prefactor_ci_lo = 0, prefactor_ci_hi = 0;    ///< C = exp(intercept); 95% CI
  std::string se_method;              ///< how the standard errors were obtained
  double predicted_slope = 0;         ///< SPEC's exponent
  double predicted_prefactor = 0;     ///< SPEC's leading constant (NaN when SPEC gives none)
  double tail_min_x = 0;              ///< the prefactor at the predicted slope uses x >= tail_min_x
  double tail_prefactor = 0, tail_prefactor_se = 0;  ///< mean of y x^{-predicted_slope} there, with s.e.
  int tail_points = 0;
};

/// Everything a check reports. `id`..`statement` are copied from the Check's CheckInfo by run_check.
struct CheckResult {
  std::string id, title, section, provenance, statement;
  Verdict verdict = Verdict::fail;
  nlohmann::ordered_json parameters = nlohmann::ordered_json::object();  ///< sizes, seeds, activations, ...
  std::vector<Measurement> measurements;
  std::vector<std::string> notes;
  std::vector<Figure> figures;
  std::vector<ScalingLaw> laws;         ///< fitted scaling laws (SPEC §6.3), if the claim has any
  bool skipped = false;                 ///< set by a check that could not run; a note says why
  double elapsed_s = 0;

  /// Smallest margin over the measurements (+infinity when there are none). NaN margins count as -infinity.
  double worst_margin() const;
};

/// Verdict from the measurements only: SKIP if `skipped`; FAIL if there is no measurement or any
/// measurement fails; PROVED if all pass and all are certified; PASS otherwise.
Verdict decide_verdict(const CheckResult& r);

class SweepRunner;
struct SweepTask;

/// What a check gets: size preset, base seed, progress logger (stderr in the CLI), and the sweep
/// runner that executes its independent sweep points (serially, or spread over MPI ranks, with
/// resumable results; sweep.hpp).
struct CheckContext {
  Preset preset = Preset::standard;
  std::uint64_t seed = 1;
  /// Receives progress lines; may be empty (then log() does nothing).
  std::function<void(const std::string&)> logger;
  /// Executes sweeps (sweep.hpp). Null: a serial runner without a points file is used.
  std::shared_ptr<SweepRunner> runner;
  /// Id of the running check (set by run_check), recorded with each sweep point.
  std::string check_id;

  /// Send one progress line to the logger.
  void log(const std::string& line) const {
    if (logger) logger(line);
  }
  /// The value for the current preset.
  template <class V> V pick(V quick, V standard, V full) const {
    return preset == Preset::quick ? quick : (preset == Preset::standard ? standard : full);
  }
  /// A seed for the k-th random instance of the check `id`: a SplitMix64 mix of (seed, id, k), so
  /// that `check run ID` and `check all` draw the same instances for the same --seed.
  std::uint64_t sub_seed(const std::string& id, std::uint64_t k) const;

  /// Run the independent points of a sweep and return their results in task order (sweep.hpp:
  /// SweepRunner::run). `name` identifies the computation across checks: two sweeps with the same
  /// name and task keys must compute the same thing (their points are then computed once per run
  /// and shared). Every result has passed through the exact JSON round trip of the points file, so
  /// the result is the same bit for bit whether the point was computed here, on another MPI rank, or
  /// read back by --resume.
  std::vector<nlohmann::ordered_json> sweep(const std::string& name, std::vector<SweepTask> tasks) const;
};

/// Static description of a claim (SPEC §6).
struct CheckInfo {
  std::string id;          ///< "ID-3"
  std::string title;       ///< short title
  std::string section;     ///< SPEC sections of the claim and its formulas, e.g. "§3.2 (P2, P3); §6.1"
  std::string provenance;  ///< SPEC provenance label(s), copied verbatim, e.g. "[derived ✓]"
  std::string statement;   ///< the claim in one sentence
};

/// A registered claim check.
struct Check {
  CheckInfo info;
  std::function<CheckResult(const CheckContext&)> run;
};

/// Accumulates the measurements of one check, keeping the worst comparison per name (see the file
/// comment for the error and margin conventions). Non-finite values always fail.
class MeasurementSet {
 public:
  /// Identity: |measured - predicted| / scale <= tol. scale > 0 (a zero or non-finite scale
  /// makes the comparison absolute). tol == 0 demands exact equality (margin 1 or -infinity).
  void equal(const std::string& name, double predicted, double measured, double scale, double tol,
             const std::string& basis, const std::string& where, const std::string& precision = "double");
  /// Identity when the scaled error was computed elsewhere (e.g. in a higher precision, where the
  /// difference of two nearly equal numbers is not representable after rounding both to double).
  void equal_error(const std::string& name, double predicted, double measured, double error, double tol,
                   const std::string& basis, const std::string& where, const std::string& precision = "double");
  /// Inequality measured <= bound, relative tolerance tol with respect to scale (default |bound|).
  void at_most(const std::string& name, double measured, double bound, double tol, const std::string& basis,
               const std::string& where, double scale = -1, const std::string& precision = "double");
  /// Inequality measured >= bound, relative tolerance tol with respect to scale (default |bound|).
  void at_least(const std::string& name, double measured, double bound, double tol, const std::string& basis,
                const std::string& where, double scale = -1, const std::string& precision = "double");
  /// Add a complete measurement (merged by name like the others).
  void add(Measurement m);

  /// The measurements in the order of their first appearance.
  const std::vector<Measurement>& list() const { return list_; }

 private:
  std::vector<Measurement> list_;
};

/// All checks, in SPEC order (ID-1, ID-2, ..., IN-1, ..., SC-1, ..., ST-1, ...).
const std::vector<Check>& all_checks();

/// The check with this id (case-insensitive, e.g. "id-3"), or nullptr.
const Check* find_check(const std::string& id);

/// Run one check: times it, copies its CheckInfo into the result, turns an exception into a FAIL
/// (with the message in the notes and a failed measurement "check ran to completion"), and sets
/// the verdict with decide_verdict.
CheckResult run_check(const Check& check, const CheckContext& ctx);

}  // namespace beyondlin::checks
