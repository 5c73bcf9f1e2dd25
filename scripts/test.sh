#!/usr/bin/env bash
# The README's test command (and CI's): installs what is missing, builds with warnings as errors
# and runs the whole test suite, slow tests included (clang-tidy among them); then the quick
# tests again, with a short comparison, in one checked build: address and undefined-behaviour
# sanitizers, the model's invariant checks, assert() and libstdc++'s assertions
# (scripts/test_sanitize.sh, build-asan/). Arguments go to the first ctest only.
# The fuzzers run there too, for a bounded number of inputs each (BUURTSIM_FUZZ=0 skips them).
# BUURTSIM_SKIP_CHECKED_BUILDS=1 skips the checked build (a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export MPLCONFIGDIR="${MPLCONFIGDIR:-$PWD/build/mplconfig}"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/ccache}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUURTSIM_WERROR=ON -DBUURTSIM_BUILD_TESTS=ON -DBUURTSIM_BUILD_BENCH=ON >/dev/null
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2 "$@"
if [ "${BUURTSIM_SKIP_CHECKED_BUILDS:-0}" != 1 ]; then
  bash scripts/test_sanitize.sh
fi
