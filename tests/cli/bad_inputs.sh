#!/usr/bin/env bash
# CLI contract for bad input (DESIGN.md §2): every case must
#   - exit with status 2 (within CASE_TIMEOUT seconds, and, when the binary is not built with
#     AddressSanitizer, within a 4 GiB address-space limit: bad sizes fail before allocating),
#   - print exactly one line on stderr, "beyondlin: error: <message>" ending with a newline, naming the
#     option or field (the case's expected substring),
#   - print nothing on stdout,
#   - leave no -o file, no temporary file and no other file behind: each case runs in a fresh empty
#     working folder with "-o <that folder>/out.json", which must still be empty afterwards, and nothing
#     may appear, disappear or change size anywhere else under the test's folder.
# Usage: bad_inputs.sh /path/to/beyondlin
set -u
BIN=${1:?usage: bad_inputs.sh /path/to/beyondlin}
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"  # the cases run in other folders
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/beyondlin_bad_inputs.XXXXXX")
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
failures=0
cases=0
CASE_TIMEOUT=${CASE_TIMEOUT:-120}
# A 4 GiB address-space limit when the binary runs under it (an ASan build reserves terabytes of
# shadow memory and cannot): a bad size must be rejected before anything large is allocated.
MEM_LIMIT_KB=4194304
(ulimit -v "$MEM_LIMIT_KB" && "$BIN" --version) >/dev/null 2>&1 || MEM_LIMIT_KB=unlimited

# Everything under $T except the per-case folder and the captured streams: path and size.
snapshot() {
  find "$T" -mindepth 1 \( -path "$T/case" -o -path "$T/stdout" -o -path "$T/stderr" \) -prune -o -printf '%p %s\n' 2>/dev/null |
    LC_ALL=C sort
  compgen -G "$T.tmp.*" # a temporary file next to the test folder (-o naming the folder itself)
}

# run_bad NAME WANT OUTPUT ARGS...: one case. OUTPUT "fresh": append "-o $T/case/out.json"; "none":
# append nothing (commands without -o, e.g. check); anything else: append "-o OUTPUT".
run_bad() {
  local name=$1 want=$2 output=$3
  shift 3
  cases=$((cases + 1))
  local dir="$T/case"
  rm -rf "$dir"
  mkdir "$dir"
  local -a args=("$@")
  case "$output" in
    fresh) args+=(-o "$dir/out.json") ;;
    none) ;;
    *) args+=(-o "$output") ;;
  esac
  local before after
  before=$(snapshot)
  (cd "$dir" && ulimit -v "$MEM_LIMIT_KB" && exec timeout "$CASE_TIMEOUT" "$BIN" "${args[@]}") >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  after=$(snapshot)
  local lines err bad=""
  lines=$(wc -l <"$T/stderr")
  err=$(cat "$T/stderr")
  [ "$rc" -eq 2 ] || bad+=" exit status $rc (expected 2);"
  [ "$lines" -eq 1 ] || bad+=" $lines stderr lines (expected 1);"
  [ -s "$T/stderr" ] && [ -n "$(tail -c 1 "$T/stderr")" ] && bad+=" stderr does not end with a newline;"
  case "$err" in
    "beyondlin: error: "*) ;;
    *) bad+=" stderr does not start with 'beyondlin: error: ';" ;;
  esac
  case "$err" in
    *"$want"*) ;;
    *) bad+=" stderr does not name '$want';" ;;
  esac
  [ -s "$T/stdout" ] && bad+=" stdout not empty;"
  local left
  left=$(ls -A "$dir")
  [ -n "$left" ] && bad+=" left behind in the working folder: $(echo "$left" | tr '\n' ' ');"
  [ "$before" != "$after" ] &&
    bad+=" files created, removed or changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | tr '\n' ' ');"
  if [ -n "$bad" ]; then
    failures=$((failures + 1))
    echo "FAIL $name:$bad"
    echo "     command: beyondlin ${args[*]}"
    echo "     stderr:  $err"
  else
    echo "ok   $name: $err"
  fi
}

# expect_bad NAME EXPECTED_SUBSTRING -- ARGS...          (with -o <fresh folder>/out.json)
expect_bad() {
  local name=$1 want=$2
  shift 3
  run_bad "$name" "$want" fresh "$@"
}

# expect_bad_o NAME EXPECTED_SUBSTRING OUTPUT -- ARGS...  (with -o OUTPUT: an unwritable path)
expect_bad_o() {
  local name=$1 want=$2 output=$3
  shift 4
  run_bad "$name" "$want" "$output" "$@"
}

# expect_bad_no_o NAME EXPECTED_SUBSTRING -- ARGS...      (no -o: commands without it, e.g. check)
expect_bad_no_o() {
  local name=$1 want=$2
  shift 3
  run_bad "$name" "$want" none "$@"
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
mutate exp_overflow 'd["X"][0][0] = "1e92233720368547758070"'  # beyond int64 in the exponent
printf '{"schema": "beyondlin.instance/1", "a": [1, -1,' >"$T/truncated.json"
printf '[1, 2, 3]' >"$T/array.json"
printf 'not json at all' >"$T/text.json"
printf 'x' >"$T/regular_file"  # a path under it cannot be created
printf '' >"$T/empty.json"
printf '{"schema": "beyondlin.instance/1", "activation": "sinc\xff\xfeos"}' >"$T/bad_utf8.json"
"$PY" -c 'import sys; sys.stdout.write("[" * 200000 + "]" * 200000)' >"$T/deep.json"
# the first entry of X as the JSON number 1e400 (beyond double: nlohmann's out_of_range, not a parse_error)
"$PY" -c 'import re, sys; t = open(sys.argv[1]).read(); i = t.index("\"X\"")
open(sys.argv[2], "w").write(t[:i] + re.sub(r"-?[0-9][0-9.eE+-]*", "1e400", t[i:], count=1))' \
  "$T/good.json" "$T/number_overflow.json"

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
expect_bad "empty file"               "--instance" -- eval --instance "$T/empty.json"
expect_bad "invalid UTF-8"            "--instance" -- eval --instance "$T/bad_utf8.json"
expect_bad "200000 nested arrays"     "--instance" -- eval --instance "$T/deep.json"
expect_bad "JSON number beyond double" "number overflow parsing '1e400'" -- eval --instance "$T/number_overflow.json" --precision 50
expect_bad "exponent overflow, 50 digits" "X: entry [0][0] is not finite (inf)" -- eval --instance "$T/exp_overflow.json" --precision 50
expect_bad "exponent overflow, 100 digits" "X: entry [0][0] is not finite (inf)" -- eval --instance "$T/exp_overflow.json" --precision 100
expect_bad "exponent overflow, double" "X: entry [0][0] is not finite (inf)" -- loss --instance "$T/exp_overflow.json" --objective full

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
# huge sizes: rejected before anything is allocated (run_bad's address-space limit and timeout)
expect_bad "m beyond int"             "--m"        -- instance --m 1e12
expect_bad "m = 2^31"                 "--m"        -- instance --m 2147483648
expect_bad "huge m and d"             "--m: instance too large" -- instance --d 100000000 --m 100000000
expect_bad "huge n and d"             "--n: instance too large" -- instance --d 100000000 --n 100000000
expect_bad "n d = 2^31 (16 GiB X)"    "--n: instance too large" -- instance --d 2 --m 2 --n 1073741824
expect_bad "huge d alone"             "--d: instance too large" -- instance --d 2000000000 --m 2 --n 1
expect_bad "n m above 2^31"           "--m: instance too large" -- instance --d 1 --m 1000000 --n 100000
expect_bad "express huge m"           "--m: instance too large" -- express --m 100000000 --n 2
expect_bad "express huge d"           "--d: instance too large" -- express --d 100000000 --m 16 --n 2
expect_bad "infinite rho"             "--rho:"     -- instance --rho inf

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

# ---- check (claim checks; no -o: the report folder is --out) ---------------------------------------
# Each case runs in an empty working folder, so a run that went ahead would leave the default
# report folder ./report there (and fail the case).
mkdir -p "$T/points_file" "$T/rank_dir/points/rank-0.jsonl"
printf 'x' >"$T/points_file/points"
expect_bad_no_o "check unknown preset"    "--preset: bogus not in" -- check run ID-1 --preset bogus
expect_bad_no_o "check all unknown preset" "--preset:" -- check all --preset huge
expect_bad_no_o "check negative seed"     "--seed: must be a non-negative decimal integer" -- check run ID-1 --seed -1
expect_bad_no_o "check fractional seed"   "--seed:" -- check run ID-1 --seed 1.5
expect_bad_no_o "check seed 2^64"         "--seed:" -- check run ID-1 --seed 18446744073709551616
expect_bad_no_o "check empty seed"        "--seed:" -- check run ID-1 --seed ""
expect_bad_no_o "check unknown claim id"  "ids: unknown claim id \"NOPE-99\"" -- check run NOPE-99
expect_bad_no_o "check one unknown id of two" "ids: unknown claim id \"ID-999\"" -- check run ID-1 ID-999
expect_bad_no_o "check run without ids"   "ids" -- check run
expect_bad_no_o "check without subcommand" "subcommand" -- check
expect_bad_no_o "check unknown option"    "--bogus" -- check run ID-1 --bogus
expect_bad_no_o "check --out under a file" "--out: cannot create the report folder" -- check run ID-1 --preset quick --out "$T/regular_file/report"
expect_bad_no_o "check --out is a file"   "--out:" -- check run ID-1 --preset quick --out "$T/regular_file"
expect_bad_no_o "check points folder is a file" "--out: cannot create the points folder" -- check run ID-1 --preset quick --out "$T/points_file"
expect_bad_no_o "check --resume, points folder is a file" "--out: cannot create the points folder" -- check run ID-1 --preset quick --out "$T/points_file" --resume
expect_bad_no_o "check --resume, points file is a folder" "--out: cannot open the points file" -- check run ID-1 --preset quick --out "$T/rank_dir" --resume
if [ "$(id -u)" -ne 0 ]; then  # permissions do not bind root
  cp "$T/good.json" "$T/unreadable.json"
  chmod 000 "$T/unreadable.json"
  expect_bad "unreadable instance file" "--instance: cannot read" -- eval --instance "$T/unreadable.json"
  mkdir -p "$T/noperm/points"
  chmod 000 "$T/noperm/points"
  expect_bad_no_o "check --resume, unreadable points folder" "--resume: cannot list the points folder" -- check run ID-1 --preset quick --out "$T/noperm" --resume
  mkdir -p "$T/nolist/points"
  chmod 300 "$T/nolist/points"
  expect_bad_no_o "check --resume, points folder not listable" "--resume: cannot list the points folder" -- check run ID-1 --preset quick --out "$T/nolist" --resume
  mkdir -p "$T/norank/points"
  : >"$T/norank/points/rank-0.jsonl"
  chmod 000 "$T/norank/points/rank-0.jsonl"
  expect_bad_no_o "check --resume, unreadable rank file" "--resume: cannot read the points file" -- check run ID-1 --preset quick --out "$T/norank" --resume
  expect_bad_no_o "check unwritable points folder" "--out:" -- check run ID-1 --preset quick --out "$T/noperm"
  mkdir -p "$T/readonly"
  chmod 555 "$T/readonly"
  expect_bad_no_o "check --out in a read-only folder" "--out: cannot create the report folder" -- check run ID-1 --preset quick --out "$T/readonly/report"
  expect_bad_o "-o in a read-only folder" "beyondlin: error: -o: " "$T/readonly/out.json" -- instance --m 4
fi

# ---- unwritable output: the error names -o; nothing is created ------------------------------------
for cmd in "instance --m 4" "eval --instance $T/good.json" "loss --instance $T/good.json --objective full" \
           "train --instance $T/good.json --steps 3"; do
  # shellcheck disable=SC2086
  expect_bad_o "unwritable -o ($cmd)" "beyondlin: error: -o: " "$T/no/such/dir/out.json" -- $cmd
  # shellcheck disable=SC2086
  expect_bad_o "-o directory ($cmd)" "beyondlin: error: -o: " "$T" -- $cmd
  # shellcheck disable=SC2086
  expect_bad_o "-o under a regular file ($cmd)" "beyondlin: error: -o: " "$T/regular_file/out.json" -- $cmd
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
