#!/usr/bin/env bash
# Install what is missing, build everything and run the whole test suite with ctest.
#   - default (the README's second command): the Release build in ./build and ctest.
#   - CI=true (.ci/run) or BEYONDLIN_SANITIZE=1: the whole suite built once with clang under
#     AddressSanitizer + UndefinedBehaviorSanitizer (./build-san: -O1, every UB report fatal, leaks
#     reported; unity batches and precompiled headers to keep the build short) and run there,
#     including `mpirun -np 2`; with CI=true also the libFuzzer target of the instance reader for
#     60 s (scripts/fuzz.sh). BEYONDLIN_SANITIZE=0 with CI=true runs the Release suite instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jobs="$(nproc)"
sanitize="${BEYONDLIN_SANITIZE:-}"
if [ -z "$sanitize" ]; then
  sanitize=0
  [ "${CI:-}" != "true" ] || sanitize=1
fi
if [ "$sanitize" = "1" ]; then
  bash scripts/install-deps.sh --ci
  start=$(date +%s)
  CC=clang CXX=clang++ cmake -S . -B build-san -G Ninja -DCMAKE_BUILD_TYPE=None -DBEYONDLIN_SANITIZE=ON -DBEYONDLIN_UNITY=ON \
    -DBEYONDLIN_PCH=ON -DBEYONDLIN_CCACHE=OFF -DBEYONDLIN_BUILD_BENCH=OFF >/dev/null
  cmake --build build-san -j"$jobs"
  echo "test.sh: instrumented build took $(( $(date +%s) - start )) s" >&2
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
  start=$(date +%s)
  ctest --test-dir build-san --output-on-failure -j"$jobs"
  echo "test.sh: instrumented test suite took $(( $(date +%s) - start )) s" >&2
  if [ "${CI:-}" = "true" ]; then
    bash scripts/fuzz.sh 60
  fi
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  bash scripts/install-deps.sh --ci
fi
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$jobs"
