#!/usr/bin/env bash
# Regenerate the seed corpus tests/fuzz/corpus/ of the instance fuzzer (fuzz_instance.cpp): tiny
# instances (d = 2, n = 2, m = 2 or 3) drawn by `beyondlin instance`, without the "context" and
# "generator" blocks (the reader ignores them; they hold a date and a host name), a few variants
# (decimal strings, W_star) and a few invalid files (one defect each). A few hundred bytes each.
# Usage: tests/fuzz/make_corpus.sh /path/to/beyondlin
set -euo pipefail
BIN=${1:?usage: make_corpus.sh /path/to/beyondlin}
DIR=$(cd "$(dirname "$0")" && pwd)/corpus
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
mkdir -p "$DIR"
rm -f "$DIR"/*.json

# gen NAME OPTIONS...: one valid instance.
gen() {
  local name=$1
  shift
  "$BIN" instance --d 2 --n 2 "$@" 2>/dev/null |
    "$PY" -c 'import json, sys
d = json.load(sys.stdin)
for k in ("context", "generator"): d.pop(k, None)
sys.stdout.write(json.dumps(d) + "\n")' >"$DIR/$name.json"
}
gen valid_sincos_square      --m 2 --seed 1
gen valid_tanh_logistic      --m 3 --init gaussian --loss logistic --activation tanh --movement generic --seed 2
gen valid_planted_softplus   --m 2 --target planted --activation softplus --data cube --movement coherent --seed 3
gen valid_relu3_huber        --m 2 --activation relu3 --loss huber --target sign --data lowrank --seed 4
gen valid_gelu_absolute      --m 3 --init gaussian --activation gelu --loss absolute --data gaussian --target zero --seed 5

# mutate NAME BASE PYTHON: a variant of BASE with the instance `d` modified.
mutate() {
  "$PY" - "$DIR/$2.json" "$DIR/$1.json" "$3" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
open(sys.argv[2], "w").write(json.dumps(d) + "\n")
PYEOF
}
# valid: every number a decimal string, some with more digits than a double holds (50-digit path)
mutate valid_decimal_strings valid_sincos_square '
s = lambda v: format(v, ".17e")
d["a"] = [s(v) for v in d["a"]]; d["W0"] = [[s(v) for v in r] for r in d["W0"]]
d["W"] = [[s(v) for v in r] for r in d["W"]]
d["X"] = [["0.12345678901234567890123456789012345678901234567890", "-7.5e-1"], ["1E+0", "-0.0"]]
d["y"] = ["3.14159265358979323846264338327950288419716939937510", "-2"]'
# invalid: one defect each
mutate bad_nan_x         valid_sincos_square 'd["X"][1][0] = "nan"'
mutate bad_short_row     valid_sincos_square 'd["W0"][1].pop()'
mutate bad_unpaired      valid_sincos_square 'd["W0"][1][0] = 0.5'
mutate bad_missing_y     valid_sincos_square 'del d["y"]'
mutate bad_schema        valid_sincos_square 'd["schema"] = "beyondlin.instance/2"'
mutate bad_a_value       valid_tanh_logistic 'd["a"][2] = 0.5'
mutate bad_wstar_shape   valid_planted_softplus 'd["W_star"] = d["W_star"][:1]'
head -c 120 "$DIR/valid_sincos_square.json" >"$DIR/bad_truncated.json"
ls -l "$DIR"
