#!/usr/bin/env bash
# Install what is missing, build everything (Release) and run the whole test suite with ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
