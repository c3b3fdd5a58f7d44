// bench_scalar: cost of one multiply-add `s += a[i] * b[i]` (a plain loop over length 10^4) in
// each scalar type of beyondlin (scalar.hpp): double, long double, scalar_mp50 (cpp_bin_float_50)
// and scalar_mp100 (mpfr_float_100, both et_off as the library uses them).
//
// Counter ns_per_madd: seconds per multiply-add (Google Benchmark prints it with an SI prefix,
// e.g. "930p" = 0.93 ns; the JSON value is in seconds). bench/ratios.sh prints the ratio of each
// type to double. The double loop is a plain reduction without -ffast-math, so it is bound by the
// latency of the floating-point add (no SIMD), like the other types; it is the honest baseline
// for "how much slower is a multiprecision sweep than the same loop in double".

#include <beyondlin/rng.hpp>
#include <beyondlin/scalar.hpp>

#include <benchmark/benchmark.h>

#include <vector>

namespace {

constexpr long kLength = 10000;

template <class T> void BM_MultiplyAdd(benchmark::State& st) {
  beyondlin::Rng rng(7);
  std::vector<T> a(kLength), b(kLength);
  for (long i = 0; i < kLength; ++i) {
    a[i] = T(rng.uniform() - 0.5);
    b[i] = T(rng.uniform() - 0.5);
  }
  for (auto _ : st) {
    T s(0);
    for (long i = 0; i < kLength; ++i) s += a[i] * b[i];
    benchmark::DoNotOptimize(s);
  }
  st.SetLabel(beyondlin::scalar_name<T>());
  st.counters["ns_per_madd"] = benchmark::Counter(
      double(kLength), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

BENCHMARK_TEMPLATE(BM_MultiplyAdd, beyondlin::scalar_double);
BENCHMARK_TEMPLATE(BM_MultiplyAdd, beyondlin::scalar_longdouble);
BENCHMARK_TEMPLATE(BM_MultiplyAdd, beyondlin::scalar_mp50);
BENCHMARK_TEMPLATE(BM_MultiplyAdd, beyondlin::scalar_mp100);

}  // namespace
