// Interval helpers (interval.hpp).

#include "interval.hpp"

#include <cstdio>

namespace beyondlin::proofs {

double lo_double(const Interval& x) { return mpfr_get_d(lower_end(x).backend().data(), MPFR_RNDD); }

double hi_double(const Interval& x) { return mpfr_get_d(upper_end(x).backend().data(), MPFR_RNDU); }

double mid_double(const Interval& x) {
  const IntervalEnd m = (lower_end(x) + upper_end(x)) / 2;
  return mpfr_get_d(m.backend().data(), MPFR_RNDN);
}

Interval make_interval(const IntervalEnd& lo, const IntervalEnd& hi) { return Interval(lo, hi); }

Interval sqr(const Interval& x) {
  Interval r;
  mpfi_sqr(r.backend().data(), x.backend().data());
  return r;
}

Interval interval_max(const Interval& a, const Interval& b) {
  const IntervalEnd lo = lower_end(a) > lower_end(b) ? lower_end(a) : lower_end(b);
  const IntervalEnd hi = upper_end(a) > upper_end(b) ? upper_end(a) : upper_end(b);
  return Interval(lo, hi);
}

bool certainly_less(const Interval& a, const Interval& b) { return upper_end(a) < lower_end(b); }

bool certainly_less_equal(const Interval& a, const Interval& b) { return upper_end(a) <= lower_end(b); }

std::string interval_string(const Interval& x, int digits) {
  if (digits <= 17) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "[%.*g, %.*g]", digits, lo_double(x), digits, hi_double(x));
    return buf;
  }
  return "[" + lower_end(x).str(digits, std::ios_base::scientific) + ", " +
         upper_end(x).str(digits, std::ios_base::scientific) + "]";
}

}  // namespace beyondlin::proofs
