#!/usr/bin/env bash
# The main job: install what is missing, build (Release) and run every claim check with the
# default preset, writing the report folder ./report (REPORT.md, results.json).
# Extra arguments are passed to `beyondlin check all` (e.g. --preset quick, --out DIR).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/build.sh --target beyondlin_cli
./build/beyondlin check all --preset default --out report "$@"
