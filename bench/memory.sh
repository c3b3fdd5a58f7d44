#!/bin/bash
# Peak RSS of one gradient at (n, m, d) = (4096, 4096, 512), one process per objective:
#   1. the whole-process peak, from getrusage in-process and from /usr/bin/time -v (Debian
#      package `time`); this is the figure compared with the budget;
#   2. a second run with --phases: the peak of each phase on its own (where the memory goes).
# Usage: bench/memory.sh [BUILD_DIR] [n m d]     (default BUILD_DIR: build-bench)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build-bench}
shift || true
bin=$build/bench/bench_memory
[ -x "$bin" ] || { echo "no $bin: build the target bench_memory first" >&2; exit 2; }
for obj in none randomized quadratic; do
  echo "=== $obj"
  if [ -x /usr/bin/time ]; then
    log=$(mktemp)
    /usr/bin/time -v -o "$log" "$bin" "$obj" "$@"
    sed -n 's/^\s*Maximum resident set size (kbytes): \(.*\)/\/usr\/bin\/time -v: max RSS \1 KiB/p' "$log"
    rm -f "$log"
  else
    "$bin" "$obj" "$@"
  fi
  if [ "$obj" != none ]; then
    echo "--- $obj, per phase"
    "$bin" "$obj" --phases "$@" | grep -E '^(phase|peak_rss)'
  fi
done
