// bench_objective: GEMM throughput of the objectives against Eigen's own GEMM (DESIGN.md §4).
//
// At (n, m, d) = (1024, 1024, 256) and (4096, 4096, 512), sincos activation, squared loss:
//   BM_GemmXWt    U = X W^T           (n x d) * (d x m),  2nmd flops
//   BM_GemmCtX    G = C^T X           (m x n) * (n x d),  2nmd flops
//   BM_GemmPair   both of the above,                     4nmd flops (reference for the gradient)
//   BM_Gradient   Objective<double>::gradient: X W^T and C^T X (X W0^T is cached in the
//                 constructor), 4nmd flops, plus O(nm) elementwise work
//   BM_Hvp        Objective<double>::hvp: X W^T, X D^T and H^T X (no C^T X: the gradient is not
//                 requested), 6nmd flops, plus O(nm) elementwise work
// for the objectives "quadratic" (taylor-2) and "randomized" (closed form for the squared loss).
// Every benchmark reports GFLOPS = (GEMM flops per call) / (wall time per call), in FLOP/s: the
// elementwise work is not counted, so the ratio to BM_GemmPair is the fraction of GEMM speed the
// objective reaches. bench/ratios.sh prints these ratios.
//
// Timings use wall-clock time (UseRealTime): Eigen's GEMM and the objectives' row blocks run on
// all OpenMP threads, and Google Benchmark's CPU time would only count the calling thread.

#include <beyondlin/instance.hpp>
#include <beyondlin/objective.hpp>
#include <beyondlin/rng.hpp>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <tuple>

namespace {

using beyondlin::Matrix;
using beyondlin::RowMatrix;
using beyondlin::Vector;

/// One instance with its two objectives, the point w (the generic movement W) and a direction v.
struct Setup {
  beyondlin::Instance<double> inst;
  std::unique_ptr<beyondlin::Objective<double>> quadratic, randomized;
  Vector<double> w, v;

  Setup(int n, int m, int d) {
    beyondlin::InstanceOptions opt;
    opt.n = n;
    opt.m = m;
    opt.d = d;
    opt.activation = beyondlin::Activation::sincos;
    opt.loss = beyondlin::Loss::square;
    opt.init = beyondlin::Init::symmetric;
    opt.movement = "generic";
    opt.data = "sphere";
    opt.seed = 1;
    inst = beyondlin::generate_instance(opt);
    quadratic = std::make_unique<beyondlin::Objective<double>>(inst, beyondlin::parse_objective("quadratic"));
    randomized = std::make_unique<beyondlin::Objective<double>>(inst, beyondlin::parse_objective("randomized"));
    w = beyondlin::Objective<double>::flatten(inst.W);
    beyondlin::Rng rng(2);
    v.resize(w.size());
    for (Eigen::Index k = 0; k < v.size(); ++k) v(k) = rng.normal();
  }

  const beyondlin::Objective<double>& objective(int which) const { return which == 0 ? *quadratic : *randomized; }
};

/// Built once per size, outside every timed loop (the large one takes seconds and ~1 GB).
const Setup& setup(int n, int m, int d) {
  static std::map<std::tuple<int, int, int>, std::unique_ptr<Setup>> cache;
  auto& s = cache[{n, m, d}];
  if (!s) s = std::make_unique<Setup>(n, m, d);
  return *s;
}

double nmd(const benchmark::State& st) {
  return static_cast<double>(st.range(0)) * static_cast<double>(st.range(1)) * static_cast<double>(st.range(2));
}

void set_flops(benchmark::State& st, double flops_per_call) {
  st.counters["GFLOPS"] = benchmark::Counter(flops_per_call, benchmark::Counter::kIsIterationInvariantRate);
}

// ---- Eigen's own GEMM on the objectives' shapes and storage orders -------------------------------
// X is column-major n x d (Instance::X), W row-major m x d (RowMatrix), U column-major n x m, and
// the gradient G = C^T X is written to a row-major m x d matrix, exactly as objective_impl.hpp does.

void BM_GemmXWt(benchmark::State& st) {
  const Setup& s = setup(int(st.range(0)), int(st.range(1)), int(st.range(2)));
  Matrix<double> U(s.inst.n(), s.inst.m());
  for (auto _ : st) {
    U.noalias() = s.inst.X * s.inst.W.transpose();
    benchmark::DoNotOptimize(U.data());
    benchmark::ClobberMemory();
  }
  set_flops(st, 2 * nmd(st));
}

void BM_GemmCtX(benchmark::State& st) {
  const Setup& s = setup(int(st.range(0)), int(st.range(1)), int(st.range(2)));
  Matrix<double> C = s.inst.X * s.inst.W.transpose();
  RowMatrix<double> G(s.inst.m(), s.inst.d());
  for (auto _ : st) {
    G.noalias() = C.transpose() * s.inst.X;
    benchmark::DoNotOptimize(G.data());
    benchmark::ClobberMemory();
  }
  set_flops(st, 2 * nmd(st));
}

void BM_GemmPair(benchmark::State& st) {
  const Setup& s = setup(int(st.range(0)), int(st.range(1)), int(st.range(2)));
  Matrix<double> U(s.inst.n(), s.inst.m());
  RowMatrix<double> G(s.inst.m(), s.inst.d());
  for (auto _ : st) {
    U.noalias() = s.inst.X * s.inst.W.transpose();
    G.noalias() = U.transpose() * s.inst.X;
    benchmark::DoNotOptimize(G.data());
    benchmark::ClobberMemory();
  }
  set_flops(st, 4 * nmd(st));
}

// ---- the objectives (arg 3: 0 = quadratic, 1 = randomized) ---------------------------------------

void BM_Gradient(benchmark::State& st) {
  const Setup& s = setup(int(st.range(0)), int(st.range(1)), int(st.range(2)));
  const auto& F = s.objective(int(st.range(3)));
  Vector<double> g(F.dim());
  for (auto _ : st) {
    double val = F.gradient(s.w, g);
    benchmark::DoNotOptimize(val);
    benchmark::DoNotOptimize(g.data());
  }
  st.SetLabel(beyondlin::objective_name(F.spec()) + " (" + F.method() + ")");
  set_flops(st, 4 * nmd(st));  // X W^T, C^T X
}

void BM_Hvp(benchmark::State& st) {
  const Setup& s = setup(int(st.range(0)), int(st.range(1)), int(st.range(2)));
  const auto& F = s.objective(int(st.range(3)));
  Vector<double> hv(F.dim());
  for (auto _ : st) {
    F.hvp(s.w, s.v, hv);
    benchmark::DoNotOptimize(hv.data());
  }
  st.SetLabel(beyondlin::objective_name(F.spec()) + " (" + F.method() + ")");
  set_flops(st, 6 * nmd(st));  // X W^T, X D^T, H^T X
}

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n", "m", "d"})->Args({1024, 1024, 256})->Args({4096, 4096, 512});
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

void sizes_objectives(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n", "m", "d", "obj"});
  for (int obj = 0; obj < 2; ++obj) b->Args({1024, 1024, 256, obj})->Args({4096, 4096, 512, obj});
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_GemmXWt)->Apply(sizes);
BENCHMARK(BM_GemmCtX)->Apply(sizes);
BENCHMARK(BM_GemmPair)->Apply(sizes);
BENCHMARK(BM_Gradient)->Apply(sizes_objectives);
BENCHMARK(BM_Hvp)->Apply(sizes_objectives);

}  // namespace
