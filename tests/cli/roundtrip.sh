#!/usr/bin/env bash
# CLI round trip (DESIGN.md §2-§3): instance -> eval (double, 50 and 100 digits) -> loss (every
# objective), checking the documented keys, strict JSON, reproducibility, cross-precision agreement
# and the exact identities that hold for any instance:
#   f - f0 - sum_k taylor_k == remainder (SPEC §2), f0 == 0 under symmetric init (ID-1),
#   rand_var >= 0 (P3), gradient_norm == ||gradient||_F.
# Usage: roundtrip.sh /path/to/beyondlin
set -euo pipefail
BIN=${1:?usage: roundtrip.sh /path/to/beyondlin}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/beyondlin_roundtrip.XXXXXX")
trap 'rm -rf "$T"' EXIT

run() {  # run ARGS...: the command must succeed
  if ! "$BIN" "$@" 2>"$T/last.err"; then
    echo "FAIL: beyondlin $* exited with $?: $(cat "$T/last.err")" >&2
    exit 1
  fi
}

# ---- instances -------------------------------------------------------------------------------------
run instance --d 5 --m 16 --n 6 --activation sincos --init symmetric --movement generic --rho 0.7 \
  --data sphere --target gaussian --loss square --seed 3 -o "$T/sq.json"
run instance --d 5 --m 16 --n 6 --activation sincos --init symmetric --movement generic --rho 0.7 \
  --data sphere --target gaussian --loss square --seed 3 >"$T/sq_stdout.json"
run instance --d 4 --m 8 --n 5 --activation softplus --init gaussian --movement coherent --rho 1.2 \
  --data cube --target sign --loss logistic --seed 9 -o "$T/log8.json"
run instance --d 4 --m 20 --n 5 --activation tanh --init symmetric --movement generic \
  --data gaussian --target sign --loss logistic --seed 4 -o "$T/log20.json"
run instance --d 3 --m 6 --n 4 --activation cubic --movement generic --rho 2 --data lowrank \
  --target planted --loss huber --seed 2 -o "$T/cubic.json"

# Same instance with every number written as a decimal string (DESIGN.md §3: both are accepted).
"$PY" - "$T/sq.json" "$T/sq_strings.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("a", "y"):
    d[k] = [repr(v) for v in d[k]]
for k in ("W0", "W", "X"):
    d[k] = [[repr(v) for v in row] for row in d[k]]
d["an_unknown_key"] = {"ignored": True}
json.dump(d, open(sys.argv[2], "w"))
EOF

# ---- eval --------------------------------------------------------------------------------------------
for f in sq log8 log20 cubic; do
  run eval --instance "$T/$f.json" --order 4 -o "$T/$f.eval.double.json"
  run eval --instance "$T/$f.json" --order 4 --precision 50 -o "$T/$f.eval.50.json"
  run eval --instance "$T/$f.json" --order 4 --precision 100 -o "$T/$f.eval.100.json"
done
run eval --instance "$T/sq_strings.json" --order 4 -o "$T/sq_strings.eval.double.json"
run eval --instance "$T/sq_strings.json" --order 4 --precision 50 -o "$T/sq_strings.eval.50.json"

# ---- loss --------------------------------------------------------------------------------------------
for f in sq log8 log20 cubic; do
  for obj in full randomized quadratic ntk taylor-3; do
    run loss --instance "$T/$f.json" --objective "$obj" --lambda 0.1 --grad --mc-pairs 500 --seed 7 \
      -o "$T/$f.loss.$obj.double.json"
  done
  for obj in full quadratic randomized; do
    [ "$f" = log20 ] && [ "$obj" = randomized ] && continue  # Monte Carlo at 50 digits: slow, covered in double
    run loss --instance "$T/$f.json" --objective "$obj" --lambda 0.1 --grad --precision 50 \
      -o "$T/$f.loss.$obj.50.json"
  done
done
run loss --instance "$T/log20.json" --objective randomized --lambda 0.1 --grad --mc-pairs 500 --seed 7 \
  -o "$T/log20.loss.again.json"

# ---- checks ------------------------------------------------------------------------------------------
"$PY" - "$T" <<'EOF'
import json, math, os, sys
from decimal import Decimal, getcontext

getcontext().prec = 120
T = sys.argv[1]
failures = []

def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)

def strict_load(path):
    # strict JSON: no bare NaN / Infinity
    def bad_constant(c):
        raise ValueError("bare %s in %s" % (c, path))
    with open(os.path.join(T, path)) as fh:
        return json.load(fh, parse_constant=bad_constant)

def num(v):
    return float(v) if isinstance(v, str) else v

def dec(v):
    assert isinstance(v, str), "expected a decimal string, got %r" % (v,)
    return Decimal(v)

CONTEXT = {"version", "command", "seed", "precision", "date", "host"}

def check_context(doc, path, command, precision):
    if doc.get("schema") != "beyondlin.result/1":
        fail("%s: schema %r" % (path, doc.get("schema")))
    ctx = doc.get("context", {})
    if set(ctx) < CONTEXT:
        fail("%s: context keys %s" % (path, sorted(ctx)))
    if ctx.get("command") != command or ctx.get("precision") != precision:
        fail("%s: context %r" % (path, ctx))

# instances: schema, keys, shapes, same seed -> same instance
inst = {}
for f in ("sq", "log8", "log20", "cubic"):
    d = strict_load(f + ".json")
    inst[f] = d
    for k in ("schema", "context", "activation", "loss", "init", "a", "W0", "W", "X", "y"):
        if k not in d:
            fail("%s.json: missing key %s" % (f, k))
    if d["schema"] != "beyondlin.instance/1":
        fail("%s.json: schema %r" % (f, d["schema"]))
    m, dd, n = len(d["a"]), len(d["W0"][0]), len(d["y"])
    if len(d["W0"]) != m or any(len(r) != dd for r in d["W0"] + d["W"] + d["X"]) or len(d["W"]) != m or len(d["X"]) != n:
        fail("%s.json: inconsistent shapes" % f)
a = strict_load("sq.json")
b = strict_load("sq_stdout.json")
a.pop("context"); b.pop("context")
if a != b:
    fail("instance: the same options and seed gave different instances (-o vs stdout)")
if (len(inst["sq"]["a"]), len(inst["sq"]["W0"][0]), len(inst["sq"]["y"])) != (16, 5, 6):
    fail("sq.json: expected m=16 d=5 n=6")

# eval: keys, identities, agreement across precisions
for f in ("sq", "log8", "log20", "cubic", "sq_strings"):
    docs = {}
    for p in ("double", "50", "100"):
        path = "%s.eval.%s.json" % (f, p)
        if not os.path.exists(os.path.join(T, path)):
            continue
        doc = strict_load(path)
        check_context(doc, path, "eval", p)
        docs[p] = doc
        n = len(inst[f if f != "sq_strings" else "sq"]["y"])
        if len(doc["samples"]) != n:
            fail("%s: %d samples, expected %d" % (path, len(doc["samples"]), n))
        for i, s in enumerate(doc["samples"]):
            if set(s) != {"f", "f0", "taylor", "remainder", "rand_mean", "rand_var"}:
                fail("%s sample %d: keys %s" % (path, i, sorted(s)))
                continue
            if len(s["taylor"]) != 4:
                fail("%s sample %d: %d Taylor terms, expected 4" % (path, i, len(s["taylor"])))
            if p == "double":
                vals = [s["f"], s["f0"], s["remainder"], s["rand_mean"], s["rand_var"]] + s["taylor"]
                if not all(isinstance(v, (int, float)) for v in vals):
                    fail("%s sample %d: double precision values must be JSON numbers" % (path, i))
                    continue
                resid = s["f"] - s["f0"] - sum(s["taylor"]) - s["remainder"]
                scale = abs(s["f"]) + abs(s["f0"]) + sum(abs(t) for t in s["taylor"]) + abs(s["remainder"]) + 1e-300
                if abs(resid) > 1e-13 * max(scale, 1.0):
                    fail("%s sample %d: f - f0 - sum taylor - remainder = %g" % (path, i, resid))
                if s["rand_var"] < 0:
                    fail("%s sample %d: negative rand_var" % (path, i))
            else:
                digits = int(p)
                for key in ("f", "f0", "remainder", "rand_mean", "rand_var"):
                    v = s[key]
                    if not isinstance(v, str):
                        fail("%s sample %d: %s must be a decimal string" % (path, i, key))
                        continue
                    mant = v.lstrip("+-").split("e")[0].replace(".", "")
                    if len(mant) < digits:
                        fail("%s sample %d: %s has %d digits, expected >= %d" % (path, i, key, len(mant), digits))
                resid = dec(s["f"]) - dec(s["f0"]) - sum(dec(t) for t in s["taylor"]) - dec(s["remainder"])
                if abs(resid) > Decimal(10) ** (-(digits - 8)):
                    fail("%s sample %d: f - f0 - sum taylor - remainder = %s" % (path, i, resid))
                if dec(s["rand_var"]) < 0:
                    fail("%s sample %d: negative rand_var" % (path, i))
            if f in ("sq", "log20", "cubic", "sq_strings") and num(s["f0"]) != 0:
                fail("%s sample %d: f0 = %r under symmetric init (ID-1)" % (path, i, s["f0"]))
    # double vs 50 vs 100 digits on the same instance
    for hi in ("50", "100"):
        if "double" not in docs or hi not in docs:
            continue
        for i, (sd, sh) in enumerate(zip(docs["double"]["samples"], docs[hi]["samples"])):
            for key in ("f", "f0", "remainder", "rand_mean", "rand_var"):
                x, y = sd[key], float(sh[key])
                if abs(x - y) > 1e-12 * max(1.0, abs(y)):
                    fail("%s: sample %d %s double %r vs %s digits %r" % (f, i, key, x, hi, y))
            for k, (x, y) in enumerate(zip(sd["taylor"], sh["taylor"])):
                if abs(x - float(y)) > 1e-12 * max(1.0, abs(float(y))):
                    fail("%s: sample %d taylor[%d] double %r vs %s digits %r" % (f, i, k, x, hi, y))
    if "50" in docs and "100" in docs:
        for i, (s5, s1) in enumerate(zip(docs["50"]["samples"], docs["100"]["samples"])):
            for key in ("f", "rand_mean", "rand_var"):
                if abs(dec(s5[key]) - dec(s1[key])) > Decimal("1e-40") * max(Decimal(1), abs(dec(s1[key]))):
                    fail("%s: sample %d %s 50 vs 100 digits differ: %s %s" % (f, i, key, s5[key], s1[key]))

# decimal strings give the same double results as JSON numbers
a = strict_load("sq.eval.double.json")["samples"]
b = strict_load("sq_strings.eval.double.json")["samples"]
if a != b:
    fail("eval of the instance written as decimal strings differs from the JSON-number instance")

# loss: keys, methods, gradient shape and norm, double vs 50 digits
expected_method = {"sq": "closed-form", "log8": "enumeration", "log20": "monte-carlo", "cubic": "enumeration"}
for f in ("sq", "log8", "log20", "cubic"):
    m, dd = len(inst[f]["a"]), len(inst[f]["W0"][0])
    for obj in ("full", "randomized", "quadratic", "ntk", "taylor-3"):
        path = "%s.loss.%s.double.json" % (f, obj)
        doc = strict_load(path)
        check_context(doc, path, "loss", "double")
        for k in ("objective", "value", "method", "gradient", "gradient_norm"):
            if k not in doc:
                fail("%s: missing key %s" % (path, k))
        if doc.get("objective") != obj:
            fail("%s: objective %r" % (path, doc.get("objective")))
        want = expected_method[f] if obj == "randomized" else "analytic"
        if doc.get("method") != want:
            fail("%s: method %r, expected %r" % (path, doc.get("method"), want))
        if ("stderr" in doc) != (want == "monte-carlo"):
            fail("%s: 'stderr' must be present exactly for monte-carlo" % path)
        if want == "monte-carlo" and not (isinstance(doc["stderr"], float) and doc["stderr"] > 0):
            fail("%s: stderr %r" % (path, doc.get("stderr")))
        g = doc.get("gradient", [])
        if len(g) != m or any(len(r) != dd for r in g):
            fail("%s: gradient is not %d x %d" % (path, m, dd))
        else:
            norm = math.sqrt(sum(x * x for r in g for x in r))
            if abs(norm - doc["gradient_norm"]) > 1e-12 * max(1.0, norm):
                fail("%s: gradient_norm %r vs %r" % (path, doc["gradient_norm"], norm))
        if not (isinstance(doc.get("value"), float) and math.isfinite(doc["value"])):
            fail("%s: value %r" % (path, doc.get("value")))
    for obj in ("full", "quadratic", "randomized"):
        path = "%s.loss.%s.50.json" % (f, obj)
        if not os.path.exists(os.path.join(T, path)):
            continue
        hi = strict_load(path)
        lo = strict_load("%s.loss.%s.double.json" % (f, obj))
        check_context(hi, path, "loss", "50")
        if abs(float(hi["value"]) - lo["value"]) > 1e-12 * max(1.0, abs(lo["value"])):
            fail("%s: value %s vs double %r" % (path, hi["value"], lo["value"]))
        for r, (rl, rh) in enumerate(zip(lo["gradient"], hi["gradient"])):
            for j, (x, y) in enumerate(zip(rl, rh)):
                if abs(x - float(y)) > 1e-12 * max(1.0, abs(float(y))):
                    fail("%s: gradient[%d][%d] %s vs double %r" % (path, r, j, y, x))
# Monte Carlo with the same seed is reproducible
a = strict_load("log20.loss.randomized.double.json")
b = strict_load("log20.loss.again.json")
if a["value"] != b["value"] or a["stderr"] != b["stderr"]:
    fail("Monte Carlo randomized loss not reproducible with the same --seed")

print("roundtrip: %s" % ("all checks passed" if not failures else "%d failures" % len(failures)))
sys.exit(1 if failures else 0)
EOF
