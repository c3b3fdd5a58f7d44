#!/usr/bin/env bash
# CLI contract of the landscape commands (DESIGN.md §2, SPEC §4.2-§4.3):
#   loss --eig K [--dense] [--precision 50]: eig_min ascending, eig_max descending, eig_residuals
#     {min, max}, hvp_count; Lanczos agrees with the dense path within its residuals; 50 digits
#     (dense in that precision) agrees with double; --sosp certificate keys and its logic.
#   train: keys, GD from exactly W = 0 does not move (ST-2), PGD reaches a certified SOSP on a planted
#     instance with Theorem L holding (ST-1), reproducibility for a seed, the final instance (also
#     --instance-out) is read back by `loss` and gives the reported final value, W_star round trip.
# Usage: landscape.sh /path/to/beyondlin
set -euo pipefail
BIN=${1:?usage: landscape.sh /path/to/beyondlin}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/beyondlin_landscape.XXXXXX")
trap 'rm -rf "$T"' EXIT

run() {  # run ARGS...: the command must succeed
  if ! "$BIN" "$@" 2>"$T/last.err"; then
    echo "FAIL: beyondlin $* exited with $?: $(cat "$T/last.err")" >&2
    exit 1
  fi
}

run instance --d 3 --m 8 --n 20 --target planted --loss square --seed 3 -o "$T/planted.json"
run instance --d 3 --m 32 --n 12 --target gaussian --loss square --seed 5 -o "$T/gauss.json"
run instance --d 4 --m 6 --n 5 --movement generic --loss logistic --target sign --activation tanh --seed 2 -o "$T/log.json"

for f in planted gauss log; do
  run loss --instance "$T/$f.json" --objective quadratic --lambda 0.01 --eig 3 --sosp -o "$T/$f.lanczos.json"
  run loss --instance "$T/$f.json" --objective quadratic --lambda 0.01 --eig 3 --sosp --dense -o "$T/$f.dense.json"
done
run loss --instance "$T/log.json" --objective full --eig 2 --precision 50 -o "$T/log.full50.json"
run loss --instance "$T/log.json" --objective full --eig 2 --dense -o "$T/log.full.json"
run loss --instance "$T/gauss.json" --objective randomized --sosp --eps-g 1e-3 --eps-h 1e-3 -o "$T/gauss.rand.json"
# A Hessian that is exactly 0 (taylor-3, d = 1, n = 1): Spectra's tridiagonal solver fails on it; that is
# a numerical issue answered by the dense path, not an internal error (it exited 3 before).
run instance --d 1 --m 4 --n 1 --init gaussian --movement coherent --rho 0.05 --seed 26563365136 -o "$T/zero.json"
run loss --instance "$T/zero.json" --objective taylor-3 --lambda 0.1 --eig 2 -o "$T/zero.eig.json"

run train --instance "$T/gauss.json" --objective randomized --method gd --lr 0.5 --steps 100 --tol-g 0 --lambda 1e-3 \
  -o "$T/gd0.json"
run train --instance "$T/planted.json" --objective quadratic --method pgd --noise 0.05 --lr 1 --steps 100000 \
  --lambda 0.01 --tol-g 1e-6 --tol-h 1e-6 --seed 11 --dense -o "$T/pgd.json" --instance-out "$T/pgd.instance.json"
run train --instance "$T/gauss.json" --objective randomized --method noisy-sgd --noise 0.05 --lr 0.5 --steps 500 \
  --batch 6 --lambda 1e-3 --seed 4 -o "$T/sgd1.json"
run train --instance "$T/gauss.json" --objective randomized --method noisy-sgd --noise 0.05 --lr 0.5 --steps 500 \
  --batch 6 --lambda 1e-3 --seed 4 -o "$T/sgd2.json"
run loss --instance "$T/pgd.instance.json" --objective quadratic --lambda 0.01 -o "$T/pgd.reload.json"

"$PY" - "$T" <<'EOF'
import json, math, os, sys
T = sys.argv[1]
failures = []
def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)
def load(name):
    with open(os.path.join(T, name)) as fh:
        text = fh.read()
    def bad_constant(c):
        raise ValueError("non-strict JSON constant %s in %s" % (c, name))
    return json.loads(text, parse_constant=bad_constant)

# ---- loss --eig ---------------------------------------------------------------------------------
for f in ("planted", "gauss", "log"):
    lz, dn = load(f + ".lanczos.json"), load(f + ".dense.json")
    for doc, method in ((lz, "lanczos"), (dn, "dense")):
        for k in ("eig_min", "eig_max", "eig_residuals", "hvp_count", "sosp"):
            if k not in doc:
                fail("%s %s: missing key %s" % (f, method, k))
        if doc["eig_method"] != method:
            fail("%s: eig_method %r, expected %r" % (f, doc["eig_method"], method))
        if len(doc["eig_min"]) != 3 or len(doc["eig_max"]) != 3:
            fail("%s %s: expected 3 eigenvalues at each end" % (f, method))
        if doc["eig_min"] != sorted(doc["eig_min"]) or doc["eig_max"] != sorted(doc["eig_max"], reverse=True):
            fail("%s %s: eig_min must ascend, eig_max descend" % (f, method))
        if set(doc["eig_residuals"]) != {"min", "max"}:
            fail("%s %s: eig_residuals keys %r" % (f, method, sorted(doc["eig_residuals"])))
        if not (isinstance(doc["hvp_count"], int) and doc["hvp_count"] > 0):
            fail("%s %s: hvp_count %r" % (f, method, doc["hvp_count"]))
    w0 = load(f + ".json")["W0"]
    md = len(w0) * len(w0[0])
    if dn["hvp_count"] != md:
        fail("%s: dense hvp_count %r, expected md = %d" % (f, dn["hvp_count"], md))
    scale = max(abs(dn["eig_min"][0]), abs(dn["eig_max"][0]))
    for end in ("min", "max"):
        for j, (a, b) in enumerate(zip(lz["eig_" + end], dn["eig_" + end])):
            # a Ritz value is within its residual of an eigenvalue; Spectra's tol is 1e-10 relative
            if abs(a - b) > lz["eig_residuals"][end][j] + 1e-9 * scale:
                fail("%s: Lanczos eig_%s[%d] = %r vs dense %r" % (f, end, j, a, b))
    c = dn["sosp"]
    if c["lambda_min"] != dn["eig_min"][0]:
        fail("%s: sosp lambda_min %r vs eig_min[0] %r" % (f, c["lambda_min"], dn["eig_min"][0]))
    if c["eps_H"] != max(0.0, -c["lambda_min_lower"]) or c["eps_g"] != c["gradient_norm"]:
        fail("%s: eps_g/eps_H are not the measured quantities" % f)
hi, lo = load("log.full50.json"), load("log.full.json")
if hi["eig_method"] != "dense":
    fail("50 digits: eig_method %r (high precision runs the dense path)" % hi["eig_method"])
scale = max(abs(lo["eig_min"][0]), abs(lo["eig_max"][0]))
for end in ("min", "max"):
    for a, b in zip(hi["eig_" + end], lo["eig_" + end]):
        if not isinstance(a, str) or abs(float(a) - b) > 1e-12 * scale:
            fail("50 digits: eig_%s %r vs double %r" % (end, a, b))
r = load("gauss.rand.json")["sosp"]
want = r["gradient_norm"] <= 1e-3 and r["lambda_min_lower"] >= -1e-3
if r.get("satisfied") is not want or r.get("required_eps_g") != 1e-3 or r.get("required_eps_H") != 1e-3:
    fail("--sosp --eps-g/--eps-h: satisfied %r, expected %r" % (r.get("satisfied"), want))

# ---- train ----------------------------------------------------------------------------------------
for name in ("gd0.json", "pgd.json", "sgd1.json"):
    doc = load(name)
    for k in ("objective", "optimizer", "steps_run", "stop_reason", "trajectory", "initial_value", "final_value",
              "sosp", "theorem_l", "final_instance", "moved"):
        if k not in doc:
            fail("%s: missing key %s" % (name, k))
    tr = doc["trajectory"]
    if not (len(tr["step"]) == len(tr["value"]) == len(tr["gradient_norm"]) == len(tr["norm24"]) >= 2):
        fail("%s: trajectory arrays" % name)
    if tr["step"][0] != 0 or tr["step"][-1] != doc["steps_run"] or tr["step"] != sorted(tr["step"]):
        fail("%s: trajectory steps %r..%r, steps_run %r" % (name, tr["step"][0], tr["step"][-1], doc["steps_run"]))
    if tr["value"][-1] != doc["final_value"] or tr["value"][0] != doc["initial_value"]:
        fail("%s: initial/final value vs trajectory" % name)
    if doc["final_instance"].get("schema") != "beyondlin.instance/1":
        fail("%s: final_instance schema" % name)
gd = load("gd0.json")
if gd["moved"] or any(x != 0 for row in gd["final_instance"]["W"] for x in row) or gd["steps_run"] != 100:
    fail("ST-2: GD from exactly W = 0 moved (or stopped early: %r steps)" % gd["steps_run"])
if not gd["sosp"]["lambda_min"] < 0:
    fail("ST-2: W = 0 should be a strict saddle of the gaussian-label instance, lambda_min %r" % gd["sosp"]["lambda_min"])
if "theorem_l_prime" not in gd:
    fail("randomized training: missing theorem_l_prime")
p = load("pgd.json")
if p["stop_reason"] != "certified-sosp" or p["perturbations"] < 1:
    fail("pgd: stop_reason %r, perturbations %r" % (p["stop_reason"], p["perturbations"]))
if not (p["sosp"]["gradient_norm"] <= 1e-6 and p["sosp"]["lambda_min_lower"] >= -1e-6 and p["sosp"]["eig_method"] == "dense"):
    fail("pgd: final dense certificate %r does not meet the tolerances" % p["sosp"])
tl = p["theorem_l"]
if not (tl["holds"] and tl["achieved_LQ"] <= tl["rhs"] <= tl["rhs_line2"]):
    fail("pgd: Theorem L %r" % tl)
if tl["comparator"] != "W_star of the instance (planted)" or abs(tl["B_star"] - 1) > 1e-12:
    fail("pgd: comparator %r, B_star %r" % (tl["comparator"], tl["B_star"]))
re = load("pgd.reload.json")
if re["value"] != p["final_value"]:
    fail("--instance-out read back: value %r vs final_value %r" % (re["value"], p["final_value"]))
inst_out = load("pgd.instance.json")
if inst_out["W"] != p["final_instance"]["W"] or inst_out.get("W_star") != load("planted.json").get("W_star"):
    fail("--instance-out differs from final_instance, or W_star was not carried")
a, b = load("sgd1.json"), load("sgd2.json")
for k in ("trajectory", "final_instance", "sosp", "theorem_l", "theorem_l_prime"):
    if a[k] != b[k]:
        fail("noisy-sgd not reproducible for the same --seed: %s differs" % k)
if not a["final_value"] < a["initial_value"]:
    fail("noisy-sgd from the saddle did not decrease the randomized loss: %r -> %r" % (a["initial_value"], a["final_value"]))

z = load("zero.eig.json")
if z["eig_method"] != "dense" or z["eig_min"] != [0.0, 0.0] or z["eig_max"] != [0.0, 0.0] or "numerical-issue" not in z["eig_status"]:
    fail("zero Hessian: expected the dense fallback with eigenvalues 0, got %r %r %r %r"
         % (z["eig_method"], z["eig_status"], z["eig_min"], z["eig_max"]))

print("landscape: %s" % ("all checks passed" if not failures else "%d failures" % len(failures)))
sys.exit(1 if failures else 0)
EOF
