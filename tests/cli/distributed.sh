#!/usr/bin/env bash
# `beyondlin check all --preset quick` runs end to end (exit 0, or 1 when a claim FAILs numerically:
# a finding shown in the report; anything else fails) and writes REPORT.md and results.json; and
# `beyondlin check` gives the same report bit for bit (DESIGN.md §1, checks/sweep.hpp)
#   - with 1 and with 2 OpenMP threads,
#   - in one process and under `mpirun -np 2` (when MPI is built in and mpirun is given),
#   - after a kill in the middle of the sweeps followed by `--resume` (which must recompute only
#     the missing points).
# "The same" means results.json with the run's context block (date, host, elapsed time, ranks,
# point counts) and each claim's elapsed_s removed; every other number and string must be equal.
#
# BEYONDLIN_DISTRIBUTED_CLAIMS="ID ...": the MPI and kill + --resume steps run `check run ID ...`
# instead of `check all`, and their reference is one uninterrupted single-process run of those
# claims, itself checked against the same claims of the `check all` run. tests/cli/CMakeLists.txt
# sets it in the instrumented build (about 10x slower), naming the sweep claims that are cheap
# there; the 1-versus-2-threads step always runs every claim.
#
# usage: distributed.sh BEYONDLIN [MPIEXEC]
set -euo pipefail
BIN="$1"
MPIEXEC="${2:-}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
unset OMP_NUM_THREADS BEYONDLIN_TEST_KILL_AFTER_POINTS || true

fail() { echo "FAIL: $*" >&2; exit 1; }

# run_check OUT ARGS...: a check run must exit 0 (all PASS) or 1 (a claim FAILs numerically)
run_check() {
  local out="$1"; shift
  local rc=0
  "$@" --out "$out" >"$out.stdout" 2>"$out.stderr" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { tail -5 "$out.stderr" >&2; fail "$* exited with $rc"; }
}

# same_results A B [subset]: the reports agree except for run metadata; with "subset", B ran some
# of A's claims, and those must agree (and B must have run at least one claim)
same_results() {
  "$PY" - "$1/results.json" "$2/results.json" "${3:-}" <<'EOF'
import json, sys
def load(p):
    d = json.load(open(p))
    d.pop("context", None)
    for r in d["results"]:
        r.pop("elapsed_s", None)
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
if sys.argv[3] == "subset":
    ids = [r["id"] for r in b["results"]]
    if not ids:
        print("the subset run reported no claim", file=sys.stderr)
        sys.exit(1)
    by_id = {r["id"]: r for r in a["results"]}
    a = {"results": [by_id.get(i, {"id": i, "missing": True}) for i in ids]}
    b = {"results": b["results"]}
if a != b:
    for ra, rb in zip(a["results"], b["results"]):
        if ra != rb:
            for k in ra:
                if ra.get(k) != rb.get(k):
                    print("differs:", ra["id"], k, file=sys.stderr)
                    print("  A:", json.dumps(ra.get(k))[:400], file=sys.stderr)
                    print("  B:", json.dumps(rb.get(k))[:400], file=sys.stderr)
                    break
    sys.exit(1)
EOF
}

summary_field() {  # summary_field FILE KEY: points.KEY of the stdout summary
  "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["points"][sys.argv[2]])' "$1" "$2"
}

# 1. one thread (the default of `check`) versus two
run_check "$WORK/t1" "$BIN" check all --preset quick
OMP_NUM_THREADS=2 run_check "$WORK/t2" "$BIN" check all --preset quick
for f in REPORT.md results.json; do [ -s "$WORK/t1/$f" ] || fail "check all --preset quick wrote no $f"; done
same_results "$WORK/t1" "$WORK/t2" || fail "1 versus 2 OpenMP threads: results differ"
computed=$(summary_field "$WORK/t1.stdout" computed)
[ "$computed" -gt 0 ] || fail "check all --preset quick computed no sweep point"
echo "ok (${SECONDS} s): 1 and 2 threads give the same results ($computed sweep points)"

# The claims of steps 2 and 3, and their uninterrupted single-process reference.
SEL=(all)
REF="$WORK/t1"
if [ -n "${BEYONDLIN_DISTRIBUTED_CLAIMS:-}" ]; then
  read -ra ids <<<"$BEYONDLIN_DISTRIBUTED_CLAIMS"
  SEL=(run "${ids[@]}")
  REF="$WORK/sub"
  run_check "$REF" "$BIN" check "${SEL[@]}" --preset quick
  same_results "$WORK/t1" "$REF" subset || fail "check run ${ids[*]}: results differ from check all"
  computed=$(summary_field "$REF.stdout" computed)
  [ "$computed" -gt 7 ] || fail "check run ${ids[*]} computed $computed sweep points; the resume step needs more than 7"
  echo "ok (${SECONDS} s): check run ${ids[*]} gives the same results as check all for those claims ($computed sweep points)"
fi

# 2. one process versus two MPI ranks
if [ -n "$MPIEXEC" ]; then
  ROOTFLAG=()
  [ "$(id -u)" -ne 0 ] || ROOTFLAG=(--allow-run-as-root)
  # Under AddressSanitizer, LeakSanitizer reports OpenMPI's own allocations (its plugins are unloaded at
  # MPI_Finalize, so no suppression can name them): leak detection is off for this run only.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    run_check "$WORK/mpi" "$MPIEXEC" "${ROOTFLAG[@]}" --oversubscribe -np 2 "$BIN" check "${SEL[@]}" --preset quick
  grep -q "2 MPI ranks" "$WORK/mpi.stderr" || fail "mpirun -np 2: the ranks did not share the work (no MPI in this build?)"
  [ -s "$WORK/mpi/points/rank-1.jsonl" ] || fail "mpirun -np 2: rank 1 computed no point"
  same_results "$REF" "$WORK/mpi" || fail "one process versus mpirun -np 2: results differ"
  echo "ok (${SECONDS} s): mpirun -np 2 gives the same results"
else
  echo "skip: no MPI launcher given (built without MPI)"
fi

# 3. killed after 7 sweep points, then resumed
rc=0
( BEYONDLIN_TEST_KILL_AFTER_POINTS=7 exec "$BIN" check "${SEL[@]}" --preset quick --out "$WORK/res" >/dev/null 2>"$WORK/res.killed.stderr" ) 2>/dev/null || rc=$?
[ "$rc" -eq 137 ] || fail "the kill hook did not kill the run (exit $rc)"
[ ! -e "$WORK/res/results.json" ] || fail "a killed run left a results.json"
lines=$(cat "$WORK"/res/points/rank-*.jsonl | wc -l)
[ "$lines" -eq 7 ] || fail "expected 7 finished points in the points file after the kill, found $lines"
run_check "$WORK/res" "$BIN" check "${SEL[@]}" --preset quick --resume
resumed=$(summary_field "$WORK/res.stdout" resumed)
again=$(summary_field "$WORK/res.stdout" computed)
[ "$resumed" -eq 7 ] || fail "--resume reused $resumed points, expected 7"
[ $((resumed + again)) -eq "$computed" ] || fail "--resume: $resumed resumed + $again computed != $computed"
same_results "$REF" "$WORK/res" || fail "killed + --resume: results differ from an uninterrupted run"
echo "ok (${SECONDS} s): kill after 7 points + --resume recomputes only the other $again points and gives the same results"
