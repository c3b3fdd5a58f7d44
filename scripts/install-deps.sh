#!/usr/bin/env bash
# Install the Debian 12 packages beyondlin needs, only those that are missing (see
# ../shared/notes/env.md for why each one is here). Needs root (or sudo) when something is missing.
#   --ci   also the tools of the CI run (scripts/test.sh with CI=true): clang with its sanitizer and
#          libFuzzer runtimes, its OpenMP library and the lld linker.
set -euo pipefail
PKGS=(build-essential cmake ninja-build pkg-config ccache
      libeigen3-dev libspectra-dev libboost-dev libmpfr-dev libgmp-dev libmpfi-dev
      librapidcheck-dev libgtest-dev libgmock-dev libbenchmark-dev
      nlohmann-json3-dev libcli11-dev gnuplot-nox time python3
      libopenmpi-dev openmpi-bin)
if [ "${1:-}" = "--ci" ]; then
  PKGS+=(clang libclang-rt-14-dev libomp-14-dev lld)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present" >&2
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
