#pragma once
/// @file interval.hpp
/// Interval arithmetic for the certified proof steps (DESIGN.md §1: "certified results use
/// boost::multiprecision::mpfi_float intervals (outward rounding)").
///
/// `Interval` is MPFI at 50 decimal digits (168-bit endpoints, the same precision as
/// scalar_mp50) without expression templates. Every operation rounds its lower end down and its
/// upper end up, so the interval computed for an expression contains the exact real value of
/// that expression for any real inputs contained in the input intervals. Inputs that are doubles
/// (instance data) convert exactly to point intervals.
///
/// Guarantee: an enclosure, never a tight one (dependency effects widen x*x when x contains 0;
/// use `sqr`).

#include <beyondlin/scalar.hpp>

#include <boost/multiprecision/mpfi.hpp>

#include <string>

namespace beyondlin::proofs {

/// MPFI interval with 50 significant decimal digits per endpoint.
using Interval =
    boost::multiprecision::number<boost::multiprecision::mpfi_float_backend<50>, boost::multiprecision::et_off>;
/// The type of an interval endpoint (MPFR, 50 digits).
using IntervalEnd =
    boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<50>, boost::multiprecision::et_off>;

/// True for the interval type (selects the formula-only code paths: the library is not
/// instantiated for intervals).
template <class T> inline constexpr bool is_interval_v = std::is_same_v<T, Interval>;

/// Lower and upper endpoints (exact, no rounding).
inline IntervalEnd lower_end(const Interval& x) { return boost::multiprecision::lower(x); }
inline IntervalEnd upper_end(const Interval& x) { return boost::multiprecision::upper(x); }

/// Endpoints rounded outward to double (lower down, upper up): [lo_double, hi_double] contains x.
double lo_double(const Interval& x);
double hi_double(const Interval& x);
/// Midpoint rounded to the nearest double (display only).
double mid_double(const Interval& x);

/// The interval [lo, hi] (lo <= hi required; exact).
Interval make_interval(const IntervalEnd& lo, const IntervalEnd& hi);

/// x^2 with the dependency removed (MPFI mpfi_sqr: [0, ...] when x contains 0).
Interval sqr(const Interval& x);

/// An enclosure of max(a, b): [max(lo a, lo b), max(hi a, hi b)].
Interval interval_max(const Interval& a, const Interval& b);

/// Certified strict order: hi(a) < lo(b), and hi(a) <= lo(b).
bool certainly_less(const Interval& a, const Interval& b);
bool certainly_less_equal(const Interval& a, const Interval& b);

/// "[lo, hi]" with `digits` significant digits per end (outward-rounded doubles when digits <= 17).
std::string interval_string(const Interval& x, int digits = 17);

}  // namespace beyondlin::proofs
