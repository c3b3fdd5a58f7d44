#!/usr/bin/env bash
# Build the libFuzzer target of the instance reader (tests/fuzz/) with clang under
# AddressSanitizer + UndefinedBehaviorSanitizer in ./build-fuzz and run it for SECONDS (default 60)
# on a temporary copy of the seed corpus tests/fuzz/corpus/ (the seeds are never modified; new
# corpus entries are thrown away at the end). Exits non-zero when the build fails or the fuzzer
# finds a crash, an unexpected exception, a sanitizer report, a timeout (> 10 s on one input) or a
# memory blow-up (> 2 GiB); the offending input is then kept in build-fuzz/artifacts/ and the
# command to reproduce it is printed.
# Usage: scripts/fuzz.sh [SECONDS]
# Environment: FUZZ_JOBS (build parallelism, default nproc), BEYONDLIN_CCACHE (ON|OFF, default ON),
#              CXX (default clang++).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
case "$seconds" in
  '' | *[!0-9]* | 0) echo "fuzz.sh: SECONDS must be a positive integer, got \"$seconds\"" >&2; exit 2 ;;
esac

build="$root/build-fuzz"
start=$(date +%s)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
[ -f "$build/CMakeCache.txt" ] && generator=()  # keep the generator of an existing build folder
CXX="${CXX:-clang++}" cmake -S tests/fuzz -B "$build" "${generator[@]}" \
  -DBEYONDLIN_CCACHE="${BEYONDLIN_CCACHE:-ON}" >/dev/null
cmake --build "$build" -j"${FUZZ_JOBS:-$(nproc)}"
echo "fuzz.sh: build took $(( $(date +%s) - start )) s" >&2

work="$(mktemp -d "${TMPDIR:-/tmp}/beyondlin_fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$build/artifacts"
cp tests/fuzz/corpus/* "$work/corpus/"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
set +e
"$build/fuzz_instance" "$work/corpus" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -dict=tests/fuzz/instance.dict -artifact_prefix="$build/artifacts/" -print_final_stats=1 \
  >"$work/log" 2>&1
status=$?
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
if [ "$status" -ne 0 ]; then
  tail -n 60 "$work/log" >&2
  echo "fuzz.sh: FAILED (libFuzzer exit status $status) after ${runs:-?} executions; reproduce with:" >&2
  for a in $(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/log"); do
    echo "  $build/fuzz_instance $a" >&2
  done
  exit 1
fi
echo "fuzz.sh: ok: ${runs:-?} executions in $seconds s (${rate:-?} per second), corpus $(ls "$work/corpus" | wc -l) inputs, no crash"
