// The claim registry (registry.hpp): presets, verdicts, measurements and the list of checks.

#include "registry.hpp"

#include <beyondlin/errors.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <exception>

namespace beyondlin::checks {

// ---- the list of checks (SPEC §6 order) -------------------------------------------------------
// Each function is defined in its own file checks/<id>_<topic>.cpp. An explicit list (rather than
// static registrars) because the checks live in a static library: the linker would drop object
// files that nothing references.
Check check_id01_symmetric_init();
Check check_id02_cubic_taylor();
Check check_id03_sign_enumeration();
Check check_id04_squared_loss();
Check check_id05_sign_invariance();
Check check_id06_quadratic_homogeneity();
Check check_id07_lemma_l1();
Check check_id08_sign_averaged_gradient();
Check check_id09_regularizer();
Check check_id10_quadratic_sup();
Check check_id11_ntk_sup();
Check check_id12_unbiased_gradient();
Check check_id13_hermite_mehler();
Check check_id14_sincos_closed_forms();
Check check_in01_taylor_term_bounds();
Check check_in02_remainder_bound();
Check check_in03_variance_bound();
Check check_in04_jensen();
Check check_in05_coupling();
Check check_in06_lemma_l2_l3();
Check check_in07_theorem_l();
Check check_in08_operator_norm_chain();
Check check_in09_mixed_norms();
Check check_sc01_linear_term();
Check check_sc02_randomized_std();
Check check_sc03_randomized_mean_gap();
Check check_sc04_remainder();
Check check_sc05_loss_coupling();
Check check_sc06_quadratic_term();
Check check_sc07_dimension_factor();
Check check_sc08_expressivity();
Check check_sc09_third_order();
Check check_sc10_generic_movement();
Check check_sc11_absolute_loss();
Check check_st01_landscape();
Check check_st02_saddle_at_zero();
Check check_st03_complexity_ratio();
Check check_st04_learning_curves();

const std::vector<Check>& all_checks() {
  static const std::vector<Check> checks = {
      check_id01_symmetric_init(),      check_id02_cubic_taylor(),
      check_id03_sign_enumeration(),    check_id04_squared_loss(),
      check_id05_sign_invariance(),     check_id06_quadratic_homogeneity(),
      check_id07_lemma_l1(),            check_id08_sign_averaged_gradient(),
      check_id09_regularizer(),
      check_id10_quadratic_sup(),       check_id11_ntk_sup(),
      check_id12_unbiased_gradient(),
      check_id13_hermite_mehler(),
      check_id14_sincos_closed_forms(), check_in01_taylor_term_bounds(),
      check_in02_remainder_bound(),     check_in03_variance_bound(),
      check_in04_jensen(),              check_in05_coupling(),
      check_in06_lemma_l2_l3(),
      check_in07_theorem_l(),
      check_in08_operator_norm_chain(),
      check_in09_mixed_norms(),
      check_sc01_linear_term(),         check_sc02_randomized_std(),
      check_sc03_randomized_mean_gap(), check_sc04_remainder(),
      check_sc05_loss_coupling(),       check_sc06_quadratic_term(),
      check_sc07_dimension_factor(),
      check_sc08_expressivity(),
      check_sc09_third_order(),
      check_sc10_generic_movement(),
      check_sc11_absolute_loss(),
      check_st01_landscape(),           check_st02_saddle_at_zero(),
      check_st03_complexity_ratio(),
      check_st04_learning_curves(),
  };
  return checks;
}

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// Margin used for ordering: NaN is worse than anything.
double order_margin(double m) { return std::isnan(m) ? -std::numeric_limits<double>::infinity() : m; }

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

const Check* find_check(const std::string& id) {
  const std::string key = upper(id);
  for (const Check& c : all_checks())
    if (upper(c.info.id) == key) return &c;
  return nullptr;
}

Preset parse_preset(const std::string& name, const std::string& field) {
  if (name == "quick") return Preset::quick;
  if (name == "default") return Preset::standard;
  if (name == "full") return Preset::full;
  throw InputError(field, "unknown preset \"" + name + "\" (expected quick, default or full)");
}

const char* preset_name(Preset p) {
  switch (p) {
    case Preset::quick: return "quick";
    case Preset::standard: return "default";
    case Preset::full: return "full";
  }
  return "?";
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::pass: return "PASS";
    case Verdict::fail: return "FAIL";
    case Verdict::proved: return "PROVED";
    case Verdict::skip: return "SKIP";
  }
  return "?";
}

const char* relation_symbol(Relation r) {
  switch (r) {
    case Relation::equal: return "=";
    case Relation::at_most: return "<=";
    case Relation::at_least: return ">=";
  }
  return "?";
}

std::uint64_t CheckContext::sub_seed(const std::string& id, std::uint64_t k) const {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the id
  for (unsigned char c : upper(id)) h = (h ^ c) * 1099511628211ULL;
  return splitmix64(splitmix64(seed ^ h) + k);
}

double CheckResult::worst_margin() const {
  double w = std::numeric_limits<double>::infinity();
  for (const Measurement& m : measurements) w = std::min(w, order_margin(m.margin));
  return w;
}

Verdict decide_verdict(const CheckResult& r) {
  if (r.skipped) return Verdict::skip;
  if (r.measurements.empty()) return Verdict::fail;
  bool all_certified = true;
  for (const Measurement& m : r.measurements) {
    if (!m.pass) return Verdict::fail;
    all_certified = all_certified && m.certified;
  }
  return all_certified ? Verdict::proved : Verdict::pass;
}

// ---- MeasurementSet ---------------------------------------------------------------------------

void MeasurementSet::add(Measurement m) {
  if (m.count <= 0) m.count = 1;
  for (Measurement& old : list_)
    if (old.name == m.name && old.precision == m.precision) {
      const long total = old.count + m.count;
      if (order_margin(m.margin) < order_margin(old.margin)) old = std::move(m);
      old.count = total;
      return;
    }
  list_.push_back(std::move(m));
}

void MeasurementSet::equal_error(const std::string& name, double predicted, double measured, double error,
                                 double tol, const std::string& basis, const std::string& where,
                                 const std::string& precision) {
  Measurement m;
  m.name = name;
  m.relation = Relation::equal;
  m.precision = precision;
  m.predicted = predicted;
  m.measured = measured;
  m.error = error;
  m.tolerance = tol;
  m.basis = basis;
  m.where = where;
  const bool finite = std::isfinite(error) && std::isfinite(measured) && std::isfinite(predicted);
  if (!finite) {
    m.pass = false;
    m.margin = -std::numeric_limits<double>::infinity();
  } else if (tol > 0) {
    m.pass = error <= tol;
    m.margin = 1.0 - error / tol;
  } else {
    m.pass = error == 0;
    m.margin = m.pass ? 1.0 : -std::numeric_limits<double>::infinity();
  }
  add(std::move(m));
}

void MeasurementSet::equal(const std::string& name, double predicted, double measured, double scale, double tol,
                           const std::string& basis, const std::string& where, const std::string& precision) {
  const double s = (std::isfinite(scale) && scale > 0) ? scale : 1.0;
  equal_error(name, predicted, measured, std::abs(measured - predicted) / s, tol, basis, where, precision);
}

namespace {

Measurement bound_measurement(const std::string& name, Relation rel, double measured, double bound, double tol,
                              const std::string& basis, const std::string& where, double scale,
                              const std::string& precision) {
  Measurement m;
  m.name = name;
  m.relation = rel;
  m.precision = precision;
  m.predicted = bound;
  m.measured = measured;
  m.tolerance = tol;
  m.basis = basis;
  m.where = where;
  double s = scale > 0 ? scale : std::abs(bound);
  if (!(s > 0) || !std::isfinite(s)) s = 1.0;  // bound 0: absolute comparison
  const double excess = rel == Relation::at_most ? measured - bound : bound - measured;
  m.error = excess / s;
  m.margin = -m.error;
  m.pass = std::isfinite(measured) && !std::isnan(bound) && m.error <= tol;
  if (std::isnan(m.margin) || !std::isfinite(measured)) m.margin = -std::numeric_limits<double>::infinity();
  return m;
}

}  // namespace

void MeasurementSet::at_most(const std::string& name, double measured, double bound, double tol,
                             const std::string& basis, const std::string& where, double scale,
                             const std::string& precision) {
  add(bound_measurement(name, Relation::at_most, measured, bound, tol, basis, where, scale, precision));
}

void MeasurementSet::at_least(const std::string& name, double measured, double bound, double tol,
                              const std::string& basis, const std::string& where, double scale,
                              const std::string& precision) {
  add(bound_measurement(name, Relation::at_least, measured, bound, tol, basis, where, scale, precision));
}

// ---- running ----------------------------------------------------------------------------------

CheckResult run_check(const Check& check, const CheckContext& ctx) {
  const auto t0 = std::chrono::steady_clock::now();
  CheckResult r;
  CheckContext local = ctx;
  local.check_id = check.info.id;
  try {
    r = check.run(local);
  } catch (const std::exception& e) {
    r = CheckResult{};
    r.notes.push_back(std::string("The check stopped with an exception: ") + e.what());
    Measurement m;
    m.name = "check ran to completion";
    m.relation = Relation::equal;
    m.predicted = 1;
    m.measured = 0;
    m.error = 1;
    m.tolerance = 0;
    m.margin = -std::numeric_limits<double>::infinity();
    m.pass = false;
    m.count = 1;
    m.basis = "an exception is a failure of the check, never a pass";
    r.measurements.push_back(m);
  }
  r.id = check.info.id;
  r.title = check.info.title;
  r.section = check.info.section;
  r.provenance = check.info.provenance;
  r.statement = check.info.statement;
  r.verdict = decide_verdict(r);
  r.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace beyondlin::checks
