#!/bin/bash
# Smallest Hessian eigenvalue of the quadratic model: run bench_hessian (Spectra and dense) with
# repetitions and JSON output, then eig_ratios.py prints per md the Spectra time, HVP count,
# residual, dense time, the speed-up dense / Spectra and |lambda_S - lambda_D| / |lambda_D|, and
# the verdict against the target at md = 4000 (speed-up >= 20, relative difference <= 1e-8).
# Usage: bench/eig_ratios.sh [BUILD_DIR] [extra Google Benchmark flags...]
#   BUILD_DIR defaults to build-bench; REPS (default 3) sets --benchmark_repetitions;
#   FILTER (default '/md:4000/') selects the sizes, e.g. FILTER='/md:(2000|4000|8000|32000)/'.
#   The dense benchmark runs one iteration per repetition (about 11 s at md = 4000, 2 min at 8000).
# The JSON file is BUILD_DIR/bench-results/bench_hessian.json. Needs /usr/bin/python3 (json only).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build-bench}
shift || true
reps=${REPS:-3}
filter=${FILTER:-/md:4000/}
out=$build/bench-results
mkdir -p "$out"
[ -x "$build/bench/bench_hessian" ] || { echo "no $build/bench/bench_hessian: build it first" >&2; exit 2; }
uptime
"$build/bench/bench_hessian" --benchmark_filter="$filter" --benchmark_repetitions="$reps" \
  --benchmark_display_aggregates_only=true --benchmark_out_format=json \
  --benchmark_out="$out/bench_hessian.json" "$@"
/usr/bin/python3 "$here/eig_ratios.py" "$out/bench_hessian.json"
