#pragma once
/// @file proof_measurements.hpp
/// Turns the steps of a numeric proof (proofs_numeric/, ProofRun) into Measurements of a claim check,
/// so that a lemma's chain appears in REPORT.md / results.json step by step with its status.
///
/// Mapping of one ProofStep to one Measurement (registry.hpp conventions):
///   name       step name + ": " + left side + relation + right side (+ " [tag]"),
///   relation   "=" -> equal, "<=" -> at_most;   precision = the run's precision label,
///   predicted  = right side, measured = left side (doubles; midpoints for intervals),
///   error, tolerance  as in the step (proof_step.hpp: for a PROVED inequality the certified excess
///              (hi(lhs) - lo(rhs))/scale with tolerance 0),
///   margin     equal: 1 - error/tolerance; at_most: -error (the relative slack),
///   pass       status != FAILS, certified = (status == PROVED),
///   where      the run's instance and the step's worst element.
/// MeasurementSet merges measurements by (name, precision) and keeps the worst: give certified runs
/// of different instances different tags, so that a certified flag never stands for another run.

#include "check_util.hpp"

#include <proofs_numeric/proof_step.hpp>

#include <limits>
#include <string>

namespace beyondlin::checks {

/// Add every step of `run` to `ms` (see the file comment). `tag` (may be empty) is appended to the
/// names in brackets.
inline void add_proof_run(const proofs::ProofRun& run, MeasurementSet& ms, const std::string& tag = "") {
  for (const proofs::ProofStep& s : run.steps) {
    Measurement m;
    m.name = s.name + ": " + s.lhs_text + " " + s.relation + " " + s.rhs_text + (tag.empty() ? "" : " [" + tag + "]");
    m.relation = s.relation == "=" ? Relation::equal : Relation::at_most;
    m.precision = run.precision;
    m.predicted = s.rhs;
    m.measured = s.lhs;
    m.error = s.error;
    m.tolerance = s.tolerance;
    if (m.relation == Relation::equal)
      m.margin = s.tolerance > 0 ? 1.0 - s.error / s.tolerance
                                 : (s.error == 0 ? 1.0 : -std::numeric_limits<double>::infinity());
    else
      m.margin = s.margin;
    m.pass = s.status != "FAILS";
    m.certified = s.status == "PROVED";
    m.count = s.count;
    m.where = run.instance + (s.where.empty() ? "" : " @ " + s.where);
    m.basis = s.source + ". " + proofs::tolerance_basis(run.precision == "double"
                                                            ? proofs::ProofPrecision::float64
                                                            : (run.precision == "mpfi_float_50"
                                                                   ? proofs::ProofPrecision::interval50
                                                                   : proofs::ProofPrecision::mp50));
    ms.add(m);
  }
}

/// One line per run for a check's notes: "L2 mpfi_float_50: PROVED (15 steps: 15 PROVED), worst margin ...".
inline std::string proof_run_summary(const proofs::ProofRun& run) {
  int proved = 0, holds = 0, fails = 0;
  double worst = std::numeric_limits<double>::infinity();
  std::string worst_name;
  for (const proofs::ProofStep& s : run.steps) {
    (s.status == "PROVED" ? proved : (s.status == "HOLDS" ? holds : fails))++;
    if (s.relation == "<=" && s.margin < worst) {
      worst = s.margin;
      worst_name = s.name;
    }
  }
  std::string out = run.lemma + " " + run.precision + ": " + run.status + " (" + std::to_string(run.steps.size()) +
                    " steps: " + std::to_string(proved) + " PROVED, " + std::to_string(holds) + " HOLDS, " +
                    std::to_string(fails) + " FAILS)";
  if (!worst_name.empty()) out += "; smallest inequality slack " + fmt(worst) + " at " + worst_name;
  return out + "; " + run.instance;
}

}  // namespace beyondlin::checks
