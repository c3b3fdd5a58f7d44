// bench_rademacher: cost of one Rademacher draw of the quadratic-class supremum G1 (SPEC §4.4; rademacher.hpp).
//
// One draw = form the m matrices A_r = (1/n) sum_i eps_i a_r sigma''(t_ir) x_i x_i^T (d x d, as triangular GEMMs
// (X .* c_r)^T X, m n d^2 multiply-adds) + the two extreme eigenvalues of each A_r (Lanczos, symmetric_extremes).
// Target (issue 4): a draw costs at most 2x forming the A_r, i.e. the eigen-solves are not the bottleneck.
//   BM_FormA    quadratic_class_sup with SupOptions::skip_eigensolves (the same code path: coefficients, every A_r
//               formed, nothing solved)
//   BM_G1Draw   quadratic_class_sup as in a Monte Carlo draw (maximizer off): forming + Lanczos
//   BM_G1Ratio  both, back to back in every iteration; counters form_s, draw_s and ratio = draw_s / form_s (the
//               interleaving makes the ratio robust to load changes between separate benchmarks)
// Sizes (n, d, m): (10000, 256, 1024), the target, and (500, 16, 32) for the ctest smoke run.
// GFLOPS counts the triangular GEMMs only: m n d (d + 1) flops per draw.
// Timings are wall-clock (UseRealTime / manual time): the neuron loop runs on all OpenMP threads.

#include <beyondlin/instance.hpp>
#include <beyondlin/rademacher.hpp>
#include <beyondlin/rng.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <map>
#include <memory>
#include <tuple>

namespace {

using beyondlin::Vector;

struct Setup {
  beyondlin::Instance<double> inst;
  Vector<double> eps;
  Setup(int n, int d, int m) {
    beyondlin::InstanceOptions o;
    o.n = n;
    o.d = d;
    o.m = m;
    o.activation = beyondlin::Activation::sincos;
    o.init = beyondlin::Init::symmetric;
    o.movement = "zero";
    o.data = "sphere";
    o.seed = 1;
    inst = beyondlin::generate_instance(o);
    beyondlin::Rng rng(2);
    eps = beyondlin::draw_rademacher_signs(rng, n);
  }
};

/// Built once per size, outside the timed loops.
const Setup& setup(int n, int d, int m) {
  static std::map<std::tuple<int, int, int>, std::unique_ptr<Setup>> cache;
  auto& s = cache[{n, d, m}];
  if (!s) s = std::make_unique<Setup>(n, d, m);
  return *s;
}

double flops(const benchmark::State& st) {
  const double n = static_cast<double>(st.range(0)), d = static_cast<double>(st.range(1)),
               m = static_cast<double>(st.range(2));
  return m * n * d * (d + 1);
}

beyondlin::SupOptions options(bool form_only) {
  beyondlin::SupOptions o;
  o.maximizer = false;
  o.skip_eigensolves = form_only;
  return o;
}

void BM_FormA(benchmark::State& st) {
  const Setup& s = setup(static_cast<int>(st.range(0)), static_cast<int>(st.range(1)), static_cast<int>(st.range(2)));
  for (auto _ : st) benchmark::DoNotOptimize(beyondlin::quadratic_class_sup(s.inst, s.eps, 1.0, options(true)));
  st.counters["GFLOPS"] = benchmark::Counter(flops(st), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_G1Draw(benchmark::State& st) {
  const Setup& s = setup(static_cast<int>(st.range(0)), static_cast<int>(st.range(1)), static_cast<int>(st.range(2)));
  long steps = 0;
  for (auto _ : st) {
    const beyondlin::QuadraticSup q = beyondlin::quadratic_class_sup(s.inst, s.eps, 1.0, options(false));
    steps = q.lanczos_steps;
    benchmark::DoNotOptimize(q.value);
  }
  st.counters["GFLOPS"] = benchmark::Counter(flops(st), benchmark::Counter::kIsIterationInvariantRate);
  st.counters["lanczos_steps_per_neuron"] = static_cast<double>(steps) / static_cast<double>(st.range(2));
}

void BM_G1Ratio(benchmark::State& st) {
  const Setup& s = setup(static_cast<int>(st.range(0)), static_cast<int>(st.range(1)), static_cast<int>(st.range(2)));
  double form = 0, draw = 0;
  for (auto _ : st) {
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(beyondlin::quadratic_class_sup(s.inst, s.eps, 1.0, options(true)));
    const auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(beyondlin::quadratic_class_sup(s.inst, s.eps, 1.0, options(false)));
    const auto t2 = std::chrono::steady_clock::now();
    const double f = std::chrono::duration<double>(t1 - t0).count(), g = std::chrono::duration<double>(t2 - t1).count();
    form += f;
    draw += g;
    st.SetIterationTime(f + g);
  }
  const double it = static_cast<double>(st.iterations());
  st.counters["form_s"] = form / it;
  st.counters["draw_s"] = draw / it;
  st.counters["ratio"] = draw / form;
}

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n", "d", "m"});
  b->Args({500, 16, 32});
  b->Args({10000, 256, 1024});
  b->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_FormA)->Apply(sizes)->UseRealTime();
BENCHMARK(BM_G1Draw)->Apply(sizes)->UseRealTime();
BENCHMARK(BM_G1Ratio)->Apply(sizes)->UseManualTime();
