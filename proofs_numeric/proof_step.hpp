#pragma once
/// @file proof_step.hpp
/// Results of the numeric proofs (SPEC §4.2): one `ProofStep` per (in)equality of a lemma's chain,
/// one `ProofRun` per (lemma, instance, precision), and the rules that turn two computed sides into
/// a status.
///
/// Status of a step (the report prints it with the margin):
///   - PROVED  only for interval evaluations (`ProofPrecision::interval50`, MPFI at 50 digits):
///             for `a <= b` the enclosures satisfy hi(a) <= lo(b), so the inequality holds for the
///             exact real numbers defined by the (exact, double) inputs; for an identity `a = b` the
///             enclosure of a - b lies inside [-tol*s, tol*s], s = lo(natural magnitude),
///             tol = kIdentityTolMp50 = 1e-40: the two evaluation paths are certified to agree to
///             40 digits (an interval can never prove an exact equality; see proofs_numeric/README.md).
///   - HOLDS   checked in floating point only (double, cpp_bin_float_50, or the midpoints of an
///             interval evaluation that was too wide to decide): identities |a - b| <= tol*s,
///             inequalities a - b <= tol*s, with the tolerances below.
///   - FAILS   violated beyond the tolerance, or a certified violation (lo(a) > hi(b) for `<=`;
///             |a - b| certainly above tol*hi(s) for `=`). A FAILS is a finding, never hidden.
///
/// Error and margin of a step (the conventions of checks/registry.hpp, so a step converts to a
/// Measurement): `error` = |a - b| / s for `=`, (a - b) / s for `<=` (s = |b| unless a natural
/// magnitude is given); for a PROVED inequality the certified excess (hi(a) - lo(b)) / s. `margin` =
/// -error: for `<=` the relative slack (b - a)/s (>= 0: holds), for `=` minus the relative discrepancy.

#include "interval.hpp"

#include <beyondlin/scalar.hpp>

#include <string>
#include <utility>
#include <vector>

namespace beyondlin::proofs {

/// Arithmetic of a proof run.
enum class ProofPrecision {
  float64,    ///< double: library evaluations, SPEC §6.2 tolerances (statuses HOLDS / FAILS)
  mp50,       ///< scalar_mp50 (cpp_bin_float<50>): library evaluations (HOLDS / FAILS)
  interval50  ///< MPFI 50-digit intervals, formulas only (PROVED / HOLDS / FAILS)
};

/// "double", "cpp_bin_float_50", "mpfi_float_50" (matches scalar_name<T>() for the first two).
const char* precision_label(ProofPrecision p);

// ---- tolerances ---------------------------------------------------------------------------------
/// double: SPEC §6.1 / §6.2, 1e-12 relative for identities and inequalities.
constexpr double kIdentityTolDouble = 1e-12;
constexpr double kInequalityTolDouble = 1e-12;
/// 50 digits (u = 2^-168 ~ 2.7e-51): every quantity of the chains is a sum of at most ~1e5 terms of
/// products of ~10 factors and a few elementary functions (Boost: a few ulp), so a computed value is
/// within ~1e6 u ~ 1e-45 of the exact one relative to its natural magnitude; 1e-40 leaves a factor
/// 1e5 of headroom and is still 28 orders of magnitude below double's resolution, so HOLDS at 50
/// digits shows a relation to 40 digits.
constexpr double kIdentityTolMp50 = 1e-40;
constexpr double kInequalityTolMp50 = 1e-40;

/// The basis text of the tolerances of a precision (for reports).
std::string tolerance_basis(ProofPrecision p);

/// One (in)equality of a chain, evaluated.
struct ProofStep {
  std::string name;       ///< stable short id, e.g. "L2.f convexity (per sample)"
  std::string relation;   ///< "=" or "<="
  std::string lhs_text;   ///< the left side as a formula, e.g. "l'(F_W)(f^Q_W* - f^Q_W)"
  std::string rhs_text;   ///< the right side
  std::string source;     ///< how the sides were computed (library / formula / enumeration ...)
  double lhs = 0, rhs = 0;                          ///< values rounded to double (midpoints for intervals)
  bool certified = false;                           ///< interval evaluation: the four ends below are valid
  double lhs_lo = 0, lhs_hi = 0, rhs_lo = 0, rhs_hi = 0;  ///< outward-rounded interval ends
  double scale = 0;       ///< the s of the error (natural magnitude or |rhs|)
  double error = 0;       ///< see the file comment
  double tolerance = 0;   ///< allowed error (0 for a PROVED inequality: strict certified order)
  double margin = 0;      ///< -error
  std::string status;     ///< "PROVED", "HOLDS" or "FAILS"
  long count = 1;         ///< comparisons summarized (per-sample steps keep the worst)
  std::string where;      ///< which comparison is shown (e.g. "sample 3"), empty for a single one
};

/// One lemma's chain on one instance in one precision.
struct ProofRun {
  std::string lemma;       ///< "L1", "L2", "L3", "Theorem L"
  std::string instance;    ///< description of the instance (generator options, seeds)
  std::string precision;   ///< precision_label()
  std::vector<ProofStep> steps;
  std::string status;      ///< FAILS if any step FAILS; PROVED if every step is PROVED; else HOLDS
  double elapsed_s = 0;
  /// Named numbers of the run (norms, eps_g, eps_H, lambda_min, bound values), doubles.
  std::vector<std::pair<std::string, double>> quantities;
  std::vector<std::string> notes;
};

/// Options shared by the chains.
struct ProofOptions {
  /// Sign averages E_S over all 2^m sign patterns when m <= this (2^12 = 4096 evaluations).
  int enumerate_max_m = 12;
  /// Otherwise the exact per-row form sum_r Q(D_r) (m evaluations of the quadratic form) when m <= this;
  /// wider instances use the closed form only (the steps that compare with it are left out, with a note).
  int per_row_max_m = 256;
  /// Description of the instance, copied to ProofRun::instance.
  std::string label;
  /// The constant c of the intermediate regularizer bound E_S Hess R[SW*,SW*] <= c ||W||_{2,4}^6 ||W*||_{2,4}^2
  /// (SPEC §3.3: 56). Only tests change it: with c < 56 the bound is false for W* = W with one row,
  /// and the chain must say FAILS.
  double l3_curvature_constant = 56.0;
};

/// Value of a named quantity of a run; NaN when absent.
double run_quantity(const ProofRun& run, const std::string& name);

/// Texts of a step (everything except the computed values).
struct StepText {
  std::string name, lhs_text, rhs_text, source;
};

/// Evaluate `lhs = rhs` with natural magnitude `scale` (> 0; a zero scale makes the comparison
/// absolute). T = double (tol 1e-12), scalar_mp50 (1e-40): HOLDS / FAILS; T = Interval: PROVED
/// when the enclosure of lhs - rhs is inside [-1e-40 lo(scale), 1e-40 lo(scale)], FAILS on a
/// certified discrepancy, else the midpoints decide HOLDS / FAILS. Cost O(1).
template <class T> ProofStep identity_step(const StepText& text, const T& lhs, const T& rhs, const T& scale);

/// Evaluate `lhs <= rhs`; `scale` <= 0 means |rhs| (or 1 when rhs = 0). T = double (tol 1e-12 relative),
/// scalar_mp50 (1e-40): HOLDS / FAILS; T = Interval: PROVED iff hi(lhs) <= lo(rhs), FAILS iff
/// lo(lhs) > hi(rhs), else the midpoints with tol 1e-40 decide HOLDS / FAILS. Cost O(1).
template <class T> ProofStep at_most_step(const StepText& text, const T& lhs, const T& rhs, const T& scale = T(-1));

/// Rank of a status for "keep the worst": FAILS (0) < HOLDS (1) < PROVED (2).
int status_rank(const std::string& status);

/// Merge a new evaluation of the same step into `worst` (keeps the lower status rank, then the
/// smaller margin; adds the counts). `where` labels the new evaluation.
void keep_worst(ProofStep& worst, ProofStep next, const std::string& where);

/// Sets run.status from its steps (FAILS / PROVED / HOLDS; FAILS when there is no step).
void finalize_run(ProofRun& run);

/// One report line of a step: "[PROVED] name: lhs_text <= rhs_text   lhs = ..., rhs = ..., margin ...".
std::string format_step(const ProofStep& step);

/// A header line and one line per step.
std::string format_run(const ProofRun& run);

}  // namespace beyondlin::proofs
