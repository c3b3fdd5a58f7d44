#!/bin/bash
# Run bench_objective and bench_scalar, keep every repetition in JSON, and print
#   - GEMM, gradient and HVP rates (GFLOP/s, best and median of the repetitions) and the ratios
#     gradient / GEMM and HVP / GEMM against the targets of DESIGN.md §4,
#   - ns per multiply-add of each scalar type and its ratio to double.
# Usage: bench/ratios.sh [BUILD_DIR] [extra Google Benchmark flags...]
#   BUILD_DIR defaults to build-bench; REPS (default 3) sets --benchmark_repetitions.
#   Example: REPS=5 bench/ratios.sh build-bench --benchmark_filter='/4096/'
# The JSON files are written to BUILD_DIR/bench-results/ (bench_objective.json, bench_scalar.json).
# Needs /usr/bin/python3 (json module only).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build-bench}
shift || true
reps=${REPS:-3}
out=$build/bench-results
mkdir -p "$out"
for b in bench_objective bench_scalar; do
  [ -x "$build/bench/$b" ] || { echo "no $build/bench/$b: build it first" >&2; exit 2; }
done
common=(--benchmark_repetitions="$reps" --benchmark_display_aggregates_only=true
        --benchmark_out_format=json)
"$build/bench/bench_objective" "${common[@]}" --benchmark_out="$out/bench_objective.json" "$@"
"$build/bench/bench_scalar" "${common[@]}" --benchmark_out="$out/bench_scalar.json" "$@"
/usr/bin/python3 "$here/ratios.py" "$out/bench_objective.json" "$out/bench_scalar.json"
