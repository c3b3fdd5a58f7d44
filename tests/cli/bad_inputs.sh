#!/usr/bin/env bash
# CLI contract for bad input (DESIGN.md §2): every case must
#   - exit with status 2,
#   - print exactly one line on stderr, "beyondlin: error: <message>", naming the option or field,
#   - print nothing on stdout,
#   - leave no -o file (and no temporary file) behind.
# Usage: bad_inputs.sh /path/to/beyondlin
set -u
BIN=${1:?usage: bad_inputs.sh /path/to/beyondlin}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/beyondlin_bad_inputs.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
cases=0

# expect_bad NAME EXPECTED_SUBSTRING -- ARGS...   (the last "-o FILE" of ARGS is checked for absence)
expect_bad() {
  local name=$1 want=$2
  shift 3
  cases=$((cases + 1))
  local out="$T/out.json"
  rm -f "$out" "$out".tmp.*
  "$BIN" "$@" -o "$out" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  local lines
  lines=$(wc -l <"$T/stderr")
  local err
  err=$(cat "$T/stderr")
  local bad=""
  [ "$rc" -eq 2 ] || bad+=" exit status $rc (expected 2);"
  [ "$lines" -eq 1 ] || bad+=" $lines stderr lines (expected 1);"
  case "$err" in
    "beyondlin: error: "*) ;;
    *) bad+=" stderr does not start with 'beyondlin: error: ';" ;;
  esac
  case "$err" in
    *"$want"*) ;;
    *) bad+=" stderr does not name '$want';" ;;
  esac
  [ -s "$T/stdout" ] && bad+=" stdout not empty;"
  [ -e "$out" ] && bad+=" -o file left behind;"
  compgen -G "$out.tmp.*" >/dev/null && bad+=" temporary file left behind;"
  if [ -n "$bad" ]; then
    failures=$((failures + 1))
    echo "FAIL $name:$bad"
    echo "     command: beyondlin $* -o $out"
    echo "     stderr:  $err"
  else
    echo "ok   $name: $err"
  fi
}

# A valid instance (m = 4, d = 3, n = 2) to derive the bad files from.
if ! "$BIN" instance --d 3 --m 4 --n 2 --movement generic --seed 5 -o "$T/good.json" 2>"$T/gen.err"; then
  echo "FAIL: cannot generate the base instance: $(cat "$T/gen.err")"
  exit 1
fi

# mutate NAME PYTHON-STATEMENT: writes $T/NAME.json from good.json with `d` modified.
mutate() {
  "$PY" - "$T/good.json" "$T/$1.json" "$2" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
open(sys.argv[2], "w").write(json.dumps(d))
EOF
}
mutate short_row 'd["W0"][2].pop()'
mutate nan_x 'd["X"][1][1] = "nan"'
mutate inf_y 'd["y"][0] = "-inf"'
mutate garbage_x 'd["X"][0][2] = "0.5.1"'
mutate missing_y 'del d["y"]'
mutate missing_w0 'del d["W0"]'
mutate bad_a 'd["a"][1] = 0.5'
mutate unpaired 'd["W0"][3][0] = 0.125'
mutate odd_m 'd["W0"].pop(); d["W"].pop(); d["a"].pop()'
mutate a_length 'd["a"].pop()'
mutate x_cols '[r.pop() for r in d["X"]]'
mutate y_length 'd["y"].append(1.0)'
mutate w_type 'd["W"] = "zero"'
mutate bad_schema 'd["schema"] = "beyondlin.instance/2"'
mutate file_activation 'd["activation"] = "swish"'
mutate file_loss 'd["loss"] = "hinge"'
mutate no_samples 'd["X"] = []; d["y"] = []'
mutate wstar_rows 'd["W_star"] = d["W"][:-1]'
mutate wstar_nan 'd["W_star"] = [list(r) for r in d["W"]]; d["W_star"][0][0] = "nan"'
printf '{"schema": "beyondlin.instance/1", "a": [1, -1,' >"$T/truncated.json"
printf '[1, 2, 3]' >"$T/array.json"
printf 'not json at all' >"$T/text.json"

# ---- files ---------------------------------------------------------------------------------------
expect_bad "missing file"             "--instance" -- eval --instance "$T/does_not_exist.json"
expect_bad "directory as file"        "--instance" -- eval --instance "$T"
expect_bad "truncated JSON"           "--instance" -- eval --instance "$T/truncated.json"
expect_bad "not JSON"                 "--instance" -- loss --instance "$T/text.json" --objective full
expect_bad "JSON array"               "--instance" -- eval --instance "$T/array.json"
expect_bad "short row of W0"          "W0[2]"      -- eval --instance "$T/short_row.json"
expect_bad "NaN string in X"          "X: entry [1][1] is not finite" -- eval --instance "$T/nan_x.json"
expect_bad "-inf string in y"         "y: entry [0] is not finite" -- loss --instance "$T/inf_y.json" --objective full
expect_bad "malformed number in X"    "X[0][2]"    -- eval --instance "$T/garbage_x.json"
expect_bad "W_star with m-1 rows"      "W_star" -- eval --instance "$T/wstar_rows.json"
expect_bad "NaN in W_star"            "W_star: entry [0][0] is not finite" -- train --instance "$T/wstar_nan.json"
expect_bad "missing key y"            "y: missing key"  -- eval --instance "$T/missing_y.json"
expect_bad "missing key W0"           "W0: missing key" -- loss --instance "$T/missing_w0.json" --objective quadratic
expect_bad "a_r not +-1"              "a: entry [1]" -- eval --instance "$T/bad_a.json"
expect_bad "symmetric rows unpaired"  "W0: symmetric init" -- eval --instance "$T/unpaired.json"
expect_bad "odd m, symmetric (file)"  "init:"      -- eval --instance "$T/odd_m.json"
expect_bad "a too short"              "a:"         -- eval --instance "$T/a_length.json"
expect_bad "X with d-1 columns"       "X[0]"       -- eval --instance "$T/x_cols.json"
expect_bad "y too long"               "y:"         -- eval --instance "$T/y_length.json"
expect_bad "W not an array"           "W:"         -- eval --instance "$T/w_type.json"
expect_bad "wrong schema"             "schema:"    -- eval --instance "$T/bad_schema.json"
expect_bad "unknown activation (file)" "activation: unknown activation \"swish\"" -- eval --instance "$T/file_activation.json"
expect_bad "unknown loss (file)"      "loss: unknown loss \"hinge\"" -- loss --instance "$T/file_loss.json" --objective full
expect_bad "no samples"               "X:"         -- eval --instance "$T/no_samples.json"

# ---- instance options ------------------------------------------------------------------------------
expect_bad "odd m with symmetric init" "--m: must be a positive even integer" -- instance --m 7
expect_bad "m = 0 (gaussian init)"    "--m:"       -- instance --m 0 --init gaussian
expect_bad "d = 0"                    "--d:"       -- instance --d 0
expect_bad "n = 0"                    "--n:"       -- instance --n 0
expect_bad "negative n"               "--n:"       -- instance --n -4
expect_bad "m not an integer"         "--m"        -- instance --m 2.5
expect_bad "unknown activation"       "--activation: unknown activation \"foo\"" -- instance --activation foo
expect_bad "unknown loss"             "--loss: unknown loss \"bar\"" -- instance --loss bar
expect_bad "unknown init"             "--init:"    -- instance --init uniform
expect_bad "unknown movement"         "--movement:" -- instance --movement wild
expect_bad "unknown data"             "--data:"    -- instance --data torus
expect_bad "unknown target"           "--target:"  -- instance --target xor
expect_bad "lowrank data with d = 1"  "--data:"    -- instance --data lowrank --d 1
expect_bad "negative rho"             "--rho:"     -- instance --rho -1
expect_bad "NaN rho"                  "--rho:"     -- instance --rho nan
expect_bad "negative init scale"      "--init-scale:" -- instance --init-scale -2
expect_bad "negative seed"            "--seed:"    -- instance --seed -1
expect_bad "seed too large"           "--seed:"    -- instance --seed 18446744073709551616
expect_bad "unknown option"           "--bogus"    -- instance --bogus 3

# ---- eval / loss options ---------------------------------------------------------------------------
expect_bad "eval without --instance"  "--instance" -- eval
expect_bad "order too large"          "--order:"   -- eval --instance "$T/good.json" --order 99
expect_bad "negative order"           "--order:"   -- eval --instance "$T/good.json" --order -1
expect_bad "unknown precision"        "--precision: unknown precision \"60\"" -- eval --instance "$T/good.json" --precision 60
expect_bad "loss without --objective" "--objective" -- loss --instance "$T/good.json"
expect_bad "unknown objective"        "--objective: unknown objective \"best\"" -- loss --instance "$T/good.json" --objective best
expect_bad "taylor order too large"   "--objective:" -- loss --instance "$T/good.json" --objective taylor-99
expect_bad "negative lambda"          "--lambda: must be >= 0, got -1" -- loss --instance "$T/good.json" --objective full --lambda -1
expect_bad "NaN lambda"               "--lambda:"  -- loss --instance "$T/good.json" --objective full --lambda nan
expect_bad "too few Monte Carlo pairs" "--mc-pairs:" -- loss --instance "$T/good.json" --objective randomized --mc-pairs 1
expect_bad "loss precision"           "--precision:" -- loss --instance "$T/good.json" --objective full --precision quad
expect_bad "no subcommand"            "subcommand" --
# loss --eig / --sosp (issue 3)
expect_bad "negative --eig"           "--eig:" -- loss --instance "$T/good.json" --objective quadratic --eig -2
expect_bad "--eig = md (Lanczos)"     "--eig:" -- loss --instance "$T/good.json" --objective quadratic --eig 12
expect_bad "--eig above md (dense)"   "--eig:" -- loss --instance "$T/good.json" --objective quadratic --eig 13 --dense
expect_bad "--dense alone"            "--dense:" -- loss --instance "$T/good.json" --objective quadratic --dense
expect_bad "--eps-g without --sosp"   "--eps-g:" -- loss --instance "$T/good.json" --objective quadratic --eps-g 1e-3
expect_bad "negative --eps-h"         "--eps-h:" -- loss --instance "$T/good.json" --objective quadratic --sosp --eps-h -1
expect_bad "--eig-tol out of range"   "--eig-tol:" -- loss --instance "$T/good.json" --objective quadratic --eig 1 --eig-tol 2
# train (issue 3)
expect_bad "train without --instance" "--instance" -- train --objective quadratic
expect_bad "train unknown method"     "--method: unknown method \"adam\"" -- train --instance "$T/good.json" --method adam
expect_bad "train zero lr"            "--lr: must be a finite number > 0, got 0" -- train --instance "$T/good.json" --lr 0
expect_bad "train NaN lr"             "--lr:" -- train --instance "$T/good.json" --lr nan
expect_bad "train negative steps"     "--steps: must be >= 0, got -5" -- train --instance "$T/good.json" --steps -5
expect_bad "train batch above n"      "--batch:" -- train --instance "$T/good.json" --method noisy-sgd --batch 3
expect_bad "train pgd without noise"  "--noise: pgd needs a perturbation radius" -- train --instance "$T/good.json" --method pgd
expect_bad "train negative noise"     "--noise:" -- train --instance "$T/good.json" --method noisy-sgd --noise -1
expect_bad "train negative tol-h"     "--tol-h:" -- train --instance "$T/good.json" --tol-h -1
expect_bad "train zero pgd-wait"      "--pgd-wait:" -- train --instance "$T/good.json" --method pgd --noise 0.1 --pgd-wait 0
expect_bad "train unknown objective"  "--objective: unknown objective" -- train --instance "$T/good.json" --objective best
expect_bad "train negative lambda"    "--lambda:" -- train --instance "$T/good.json" --lambda -1
expect_bad "train missing comparator" "--comparator" -- train --instance "$T/good.json" --comparator "$T/does_not_exist.json"
expect_bad "train diverges"           "--lr: training diverged" -- train --instance "$T/good.json" --objective quadratic --lambda 1 --lr 1e8 --steps 50 --tol-g 0 --quiet
expect_bad "train --instance-out dir"  "--instance-out:" -- train --instance "$T/good.json" --steps 2 --instance-out "$T"
expect_bad "train bad seed"           "--seed:" -- train --instance "$T/good.json" --seed -1

# express (issue 4, expressivity)
mutate gaussian_init 'd["init"] = "gaussian"'
expect_bad "express p = 1"            "--p: must be an integer in 2..24" -- express --m 16 --n 2 --p 1
expect_bad "express c_0 = 0 (tanh)"   "--p: the Hermite coefficient c_0" -- express --m 16 --n 2 --activation tanh --p 2
expect_bad "express gaussian data"    "--data: gaussian inputs" -- express --m 16 --n 2 --data gaussian
expect_bad "express relu"             "--activation: relu has sigma''" -- express --m 16 --n 2 --activation relu
expect_bad "express unknown target"   "--target: unknown target \"cubic\"" -- express --m 16 --n 2 --target cubic
expect_bad "express short beta"       "--beta: each vector needs d = 3" -- express --d 3 --m 16 --n 2 --beta 1,2
expect_bad "express NaN alpha"        "--alpha: not a decimal number" -- express --m 16 --n 2 --alpha nan
expect_bad "express zero beta norm"   "--beta-norm: must be > 0" -- express --m 16 --n 2 --beta-norm 0
expect_bad "express sum lengths"      "--p: expected 2 value(s)" -- express --m 16 --n 2 --target sum --alpha 1,2 --p 2
expect_bad "express too few pairs"    "--m: the target has 2 terms" -- express --m 2 --n 2 --target sum --alpha 1,1 --p 2,3
expect_bad "express theta not symmetric" "--theta: must be symmetric" -- express --d 2 --m 16 --n 2 --target quadratic-form --theta 1,2,3,4
expect_bad "express rank above d"     "--lambdas: rank r = 3 exceeds d = 2" -- express --d 2 --m 16 --n 2 --target quadratic-form --lambdas 1,1,1
expect_bad "express product d = 1"    "--d: the product target" -- express --d 1 --m 16 --n 2 --target product
expect_bad "express bad precision"    "--precision: unknown precision" -- express --m 16 --n 2 --precision 30
expect_bad "express --m with --instance" "--m: only applies without --instance" -- express --instance "$T/good.json" --m 8
expect_bad "express file, 3 terms > m/2" "m: the target has 3 terms" -- express --instance "$T/good.json" --target sum --alpha 1,1,1 --p 2,3,4
expect_bad "express gaussian-init file" "init:" -- express --instance "$T/gaussian_init.json"
expect_bad "express missing file"     "--instance" -- express --instance "$T/does_not_exist.json"
expect_bad "express --instance-out dir" "--instance-out:" -- express --m 16 --n 2 --instance-out "$T"

# sample-complexity (issue 4, sample complexity)
expect_bad "sc unknown target"        "--target: unknown target \"cube\"" -- sample-complexity --target cube
expect_bad "sc d list not integers"   "--d: expected a comma-separated list" -- sample-complexity --d 8,x
expect_bad "sc product with d = 1"    "--d:" -- sample-complexity --d 1,8
expect_bad "sc duplicate d"           "--d: dimension 8 is listed twice" -- sample-complexity --d 8,8
expect_bad "sc n = 0"                 "--n:" -- sample-complexity --n 0,4
expect_bad "sc empty n item"          "--n:" -- sample-complexity --n 4,,8
expect_bad "sc n per d too large"     "--n:" -- sample-complexity --d 8 --n 50000 --n-per-d
expect_bad "sc zero seeds"            "--seeds:" -- sample-complexity --seeds 0
expect_bad "sc odd m"                 "--m: must be a positive even integer" -- sample-complexity --m 15
expect_bad "sc odd m-ntk"             "--m-ntk:" -- sample-complexity --m-ntk 9
expect_bad "sc epsilon >= 1"          "--epsilon:" -- sample-complexity --epsilon 1.5
expect_bad "sc zero lr"               "--lr:" -- sample-complexity --lr 0
expect_bad "sc negative ridge"        "--ridge:" -- sample-complexity --ridge -1
expect_bad "sc unknown models"        "--models:" -- sample-complexity --models kernel
expect_bad "sc unknown method"        "--method: unknown method \"adam\"" -- sample-complexity --method adam
expect_bad "sc zero init noise"       "--init-noise:" -- sample-complexity --init-noise 0
expect_bad "sc power p = 0"           "--p:" -- sample-complexity --target power --p 0
expect_bad "sc bad seed"              "--seed:" -- sample-complexity --seed -3

# bound (issue 4, Bounds): parameters mode, data mode, class selection
BQ="--n 1000 --d 50 --m 64 --B 1 --Bx 1"
expect_bad "bound unknown class"      "CLASS: unknown class \"cubic\"" -- bound cubic $BQ --C2 1
expect_bad "bound without class"      "class" -- bound --n 10
expect_bad "bound missing --n"        "--n: is required" -- bound quadratic --d 50 --m 64 --B 1 --Bx 1 --C2 1
expect_bad "bound n = 0"              "--n: must be an integer >= 1, got 0" -- bound quadratic --n 0 --d 50 --m 64 --B 1 --Bx 1 --C2 1
expect_bad "bound d = 0"              "--d:" -- bound quadratic --n 10 --d 0 --m 64 --B 1 --Bx 1 --C2 1
expect_bad "bound negative B"         "--B: must be a finite number > 0, got -1" -- bound quadratic --n 10 --d 5 --m 4 --B -1 --Bx 1 --C2 1
expect_bad "bound NaN Bx"             "--Bx:" -- bound quadratic --n 10 --d 5 --m 4 --B 1 --Bx nan --C2 1
expect_bad "bound negative C2"        "--C2: must be a finite number >= 0, got -0.5" -- bound quadratic $BQ --C2 -0.5
expect_bad "bound ntk without C1"     "--C1: is required" -- bound ntk $BQ
expect_bad "bound Ck on quadratic"    "--Ck:" -- bound quadratic $BQ --C2 1 --Ck 2
expect_bad "bound delta = 1"          "--delta: must be in (0, 1), got 1" -- bound quadratic $BQ --C2 1 --delta 1
expect_bad "bound negative L1"        "--L1:" -- bound quadratic $BQ --C2 1 --L1 -2
expect_bad "bound negative M"         "--loss-range:" -- bound ntk $BQ --C1 1 --loss-range -1
expect_bad "bound sigma-norm > Bx^2"  "--sigma-norm:" -- bound quadratic $BQ --C2 1 --sigma-norm 2
expect_bad "bound epsilon = 0"        "--epsilon:" -- bound quadratic $BQ --C2 1 --epsilon 0
expect_bad "bound epsilon unreachable" "--epsilon: needs more than 2^53 samples" -- bound quadratic $BQ --C2 1 --epsilon 1e-12
expect_bad "bound --order on quadratic" "--order: only applies to the class order-k" -- bound quadratic $BQ --C2 1 --order 3
expect_bad "bound order 2 (parameters)" "--order:" -- bound order-k $BQ --Ck 1 --order 2
expect_bad "bound order 25"           "--order:" -- bound order-k --instance "$T/good.json" --order 25
expect_bad "bound --draws without instance" "--draws: only applies with --instance" -- bound quadratic $BQ --C2 1 --draws 10
expect_bad "bound --n with instance"  "--n: only applies without --instance" -- bound quadratic --instance "$T/good.json" --n 5
expect_bad "bound one draw"           "--draws:" -- bound quadratic --instance "$T/good.json" --draws 1
expect_bad "bound --starts on ntk"    "--starts:" -- bound ntk --instance "$T/good.json" --starts 5
expect_bad "bound zero starts"        "--starts:" -- bound order-k --instance "$T/good.json" --starts 0
expect_bad "bound data B = 0"         "--B:" -- bound ntk --instance "$T/good.json" --B 0
expect_bad "bound missing instance"   "--instance" -- bound quadratic --instance "$T/does_not_exist.json"
expect_bad "bound bad seed"           "--seed:" -- bound quadratic --instance "$T/good.json" --seed -1

# ---- unwritable output: the error names -o; nothing is created ------------------------------------
for cmd in "instance --m 4" "eval --instance $T/good.json" "loss --instance $T/good.json --objective full" \
           "train --instance $T/good.json --steps 3"; do
  cases=$((cases + 1))
  # shellcheck disable=SC2086
  "$BIN" $cmd -o "$T/no/such/dir/out.json" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  err=$(cat "$T/stderr")
  if [ "$rc" -ne 2 ] || [ "$(wc -l <"$T/stderr")" -ne 1 ] || [[ "$err" != "beyondlin: error: -o: "* ]] ||
     [ -e "$T/no/such/dir" ] || [ -s "$T/stdout" ]; then
    failures=$((failures + 1))
    echo "FAIL unwritable -o ($cmd): exit $rc, stderr: $err"
  else
    echo "ok   unwritable -o ($cmd): $err"
  fi
  # -o naming a directory
  cases=$((cases + 1))
  # shellcheck disable=SC2086
  "$BIN" $cmd -o "$T" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  err=$(cat "$T/stderr")
  if [ "$rc" -ne 2 ] || [[ "$err" != "beyondlin: error: -o: "* ]] || compgen -G "$T.tmp.*" >/dev/null; then
    failures=$((failures + 1))
    echo "FAIL -o directory ($cmd): exit $rc, stderr: $err"
  else
    echo "ok   -o directory ($cmd): $err"
  fi
done

# ---- a failing run does not clobber an existing -o file --------------------------------------------
cases=$((cases + 1))
echo '{"keep": true}' >"$T/keep.json"
"$BIN" loss --instance "$T/good.json" --objective full --lambda -3 -o "$T/keep.json" >/dev/null 2>&1
rc=$?
if [ "$rc" -ne 2 ] || [ "$(cat "$T/keep.json")" != '{"keep": true}' ]; then
  failures=$((failures + 1))
  echo "FAIL existing -o file modified by a failing run (exit $rc)"
else
  echo "ok   existing -o file untouched by a failing run"
fi

echo "bad_inputs: $((cases - failures))/$cases cases passed"
[ "$failures" -eq 0 ]
