// Step statuses, merging and formatting (proof_step.hpp).

#include "proof_step.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace beyondlin::proofs {

const char* precision_label(ProofPrecision p) {
  switch (p) {
    case ProofPrecision::float64: return "double";
    case ProofPrecision::mp50: return "cpp_bin_float_50";
    case ProofPrecision::interval50: return "mpfi_float_50";
  }
  return "?";
}

std::string tolerance_basis(ProofPrecision p) {
  switch (p) {
    case ProofPrecision::float64:
      return "double (u = 1.1e-16): SPEC §6.1/§6.2, 1e-12 relative to the natural magnitude (identities) or to "
             "|bound| (inequalities); compensated sums keep the rounding at a few u times the magnitude";
    case ProofPrecision::mp50:
      return "cpp_bin_float_50 (u = 2.7e-51): 1e-40 relative; each quantity is a sum of <= 1e5 products of "
             "~10 factors and a few elementary functions, accurate to ~1e6 u = 1e-45 of its natural magnitude, "
             "so 1e-40 leaves 1e5 of headroom and HOLDS shows the relation to 40 digits";
    case ProofPrecision::interval50:
      return "mpfi_float_50 (outward rounding): <= PROVED iff hi(lhs) <= lo(rhs) (certified, tolerance 0); = PROVED "
             "iff the enclosure of lhs - rhs lies in [-1e-40 s, 1e-40 s], s = lo(natural magnitude); when an "
             "enclosure is too wide to decide, the midpoints decide HOLDS/FAILS with the 50-digit tolerance 1e-40";
  }
  return "?";
}

double run_quantity(const ProofRun& run, const std::string& name) {
  for (const auto& [k, v] : run.quantities)
    if (k == name) return v;
  return std::numeric_limits<double>::quiet_NaN();
}

namespace {

template <class T> double float_tolerance(bool identity) {
  if constexpr (std::is_same_v<T, double>) return identity ? kIdentityTolDouble : kInequalityTolDouble;
  else return identity ? kIdentityTolMp50 : kInequalityTolMp50;
}

ProofStep base_step(const StepText& t, const char* rel) {
  ProofStep s;
  s.name = t.name;
  s.relation = rel;
  s.lhs_text = t.lhs_text;
  s.rhs_text = t.rhs_text;
  s.source = t.source;
  return s;
}

void set_error(ProofStep& s, double error, double tol, bool ok, const char* ok_status) {
  s.error = error;
  s.tolerance = tol;
  s.margin = std::isnan(error) ? -std::numeric_limits<double>::infinity() : 0.0 - error;
  s.status = ok ? ok_status : "FAILS";
}

void fill_ends(ProofStep& s, const Interval& lhs, const Interval& rhs) {
  s.certified = true;
  s.lhs_lo = lo_double(lhs);
  s.lhs_hi = hi_double(lhs);
  s.rhs_lo = lo_double(rhs);
  s.rhs_hi = hi_double(rhs);
  s.lhs = mid_double(lhs);
  s.rhs = mid_double(rhs);
}

IntervalEnd abs_end(const IntervalEnd& x) { return x < 0 ? IntervalEnd(-x) : x; }

double end_to_double(const IntervalEnd& x) { return mpfr_get_d(x.backend().data(), MPFR_RNDN); }

}  // namespace

template <class T> ProofStep identity_step(const StepText& text, const T& lhs, const T& rhs, const T& scale) {
  ProofStep s = base_step(text, "=");
  if constexpr (is_interval_v<T>) {
    fill_ends(s, lhs, rhs);
    const double tol = kIdentityTolMp50;
    const IntervalEnd sc_lo = lower_end(scale) > 0 ? lower_end(scale) : IntervalEnd(1);
    const IntervalEnd sc_hi = upper_end(scale) > 0 ? upper_end(scale) : IntervalEnd(1);
    s.scale = end_to_double(sc_lo);
    const Interval diff = lhs - rhs;
    const IntervalEnd dlo = lower_end(diff), dhi = upper_end(diff);
    const IntervalEnd dmax = std::max(abs_end(dlo), abs_end(dhi));
    const IntervalEnd dmin = (dlo <= 0 && dhi >= 0) ? IntervalEnd(0) : std::min(abs_end(dlo), abs_end(dhi));
    // thresholds tol * s with s rounded the safe way (lower end for PROVED, upper end for FAILS)
    const IntervalEnd thr_lo = lower_end(Interval(tol) * Interval(sc_lo));
    const IntervalEnd thr_hi = upper_end(Interval(tol) * Interval(sc_hi));
    if (dmax <= thr_lo) {
      set_error(s, end_to_double(IntervalEnd(dmax / sc_lo)), tol, true, "PROVED");
    } else if (dmin > thr_hi) {
      set_error(s, end_to_double(IntervalEnd(dmin / sc_hi)), tol, false, "FAILS");
    } else {  // undecided: midpoints at 50 digits
      const IntervalEnd mid_diff = (dlo + dhi) / 2, mid_sc = (sc_lo + sc_hi) / 2;
      const double err = end_to_double(IntervalEnd(abs_end(mid_diff) / mid_sc));
      set_error(s, err, tol, err <= tol, "HOLDS");
      s.where = "enclosure too wide to certify; midpoints";
    }
  } else {
    using std::abs;
    const double tol = float_tolerance<T>(true);
    const T sc = scale > T(0) ? scale : T(1);
    s.scale = to_double(sc);
    s.lhs = to_double(lhs);
    s.rhs = to_double(rhs);
    const double err = lhs == rhs ? 0.0 : to_double(T(abs(lhs - rhs) / sc));
    set_error(s, err, tol, is_finite(lhs) && is_finite(rhs) && err <= tol, "HOLDS");
  }
  return s;
}

template <class T> ProofStep at_most_step(const StepText& text, const T& lhs, const T& rhs, const T& scale) {
  ProofStep s = base_step(text, "<=");
  if constexpr (is_interval_v<T>) {
    fill_ends(s, lhs, rhs);
    IntervalEnd sc;
    if (lower_end(scale) > 0) sc = (lower_end(scale) + upper_end(scale)) / 2;
    else sc = abs_end(IntervalEnd((lower_end(rhs) + upper_end(rhs)) / 2));
    if (!(sc > 0)) sc = 1;
    s.scale = end_to_double(sc);
    if (upper_end(lhs) <= lower_end(rhs)) {
      set_error(s, end_to_double(IntervalEnd((upper_end(lhs) - lower_end(rhs)) / sc)), 0.0, true, "PROVED");
    } else if (lower_end(lhs) > upper_end(rhs)) {
      set_error(s, end_to_double(IntervalEnd((lower_end(lhs) - upper_end(rhs)) / sc)), 0.0, false, "FAILS");
    } else {
      const IntervalEnd mid_l = (lower_end(lhs) + upper_end(lhs)) / 2, mid_r = (lower_end(rhs) + upper_end(rhs)) / 2;
      const double err = end_to_double(IntervalEnd((mid_l - mid_r) / sc));
      set_error(s, err, kInequalityTolMp50, err <= kInequalityTolMp50, "HOLDS");
      s.where = "enclosures overlap; midpoints";
    }
  } else {
    using std::abs;
    const double tol = float_tolerance<T>(false);
    T sc = scale > T(0) ? scale : T(abs(rhs));
    if (!(sc > T(0))) sc = T(1);
    s.scale = to_double(sc);
    s.lhs = to_double(lhs);
    s.rhs = to_double(rhs);
    const double err = to_double(T((lhs - rhs) / sc));
    set_error(s, err, tol, is_finite(lhs) && is_finite(rhs) && err <= tol, "HOLDS");
  }
  return s;
}

template ProofStep identity_step<double>(const StepText&, const double&, const double&, const double&);
template ProofStep identity_step<scalar_mp50>(const StepText&, const scalar_mp50&, const scalar_mp50&,
                                              const scalar_mp50&);
template ProofStep identity_step<Interval>(const StepText&, const Interval&, const Interval&, const Interval&);
template ProofStep at_most_step<double>(const StepText&, const double&, const double&, const double&);
template ProofStep at_most_step<scalar_mp50>(const StepText&, const scalar_mp50&, const scalar_mp50&,
                                             const scalar_mp50&);
template ProofStep at_most_step<Interval>(const StepText&, const Interval&, const Interval&, const Interval&);

int status_rank(const std::string& status) {
  if (status == "PROVED") return 2;
  if (status == "HOLDS") return 1;
  return 0;
}

void keep_worst(ProofStep& worst, ProofStep next, const std::string& where) {
  if (!where.empty()) next.where = next.where.empty() ? where : where + "; " + next.where;
  if (worst.status.empty()) {  // first evaluation
    next.count = std::max<long>(next.count, 1);
    worst = std::move(next);
    return;
  }
  const long total = worst.count + std::max<long>(next.count, 1);
  const int rw = status_rank(worst.status), rn = status_rank(next.status);
  const double mw = std::isnan(worst.margin) ? -std::numeric_limits<double>::infinity() : worst.margin;
  const double mn = std::isnan(next.margin) ? -std::numeric_limits<double>::infinity() : next.margin;
  if (rn < rw || (rn == rw && mn < mw)) worst = std::move(next);
  worst.count = total;
}

void finalize_run(ProofRun& run) {
  if (run.steps.empty()) {
    run.status = "FAILS";
    return;
  }
  int r = 2;
  for (const ProofStep& s : run.steps) r = std::min(r, status_rank(s.status));
  run.status = r == 2 ? "PROVED" : (r == 1 ? "HOLDS" : "FAILS");
}

namespace {
std::string g(double x, int p = 6) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", p, x);
  return buf;
}
}  // namespace

std::string format_step(const ProofStep& s) {
  std::string out = "[" + s.status + "] " + s.name + ": " + s.lhs_text + " " + s.relation + " " + s.rhs_text + "  |  ";
  if (s.certified) {
    out += "lhs in [" + g(s.lhs_lo, 10) + ", " + g(s.lhs_hi, 10) + "], rhs in [" + g(s.rhs_lo, 10) + ", " +
           g(s.rhs_hi, 10) + "]";
  } else {
    out += "lhs = " + g(s.lhs, 10) + ", rhs = " + g(s.rhs, 10);
  }
  out += ", margin " + g(s.margin, 3) + " (tol " + g(s.tolerance, 2) + ")";
  if (s.count > 1) out += ", worst of " + std::to_string(s.count);
  if (!s.where.empty()) out += " at " + s.where;
  return out;
}

std::string format_run(const ProofRun& run) {
  std::string out = run.lemma + " [" + run.status + "] " + run.precision + ", " + run.instance + " (" +
                    g(run.elapsed_s, 3) + " s)\n";
  for (const ProofStep& s : run.steps) out += "  " + format_step(s) + "\n";
  for (const std::string& n : run.notes) out += "  note: " + n + "\n";
  return out;
}

}  // namespace beyondlin::proofs
