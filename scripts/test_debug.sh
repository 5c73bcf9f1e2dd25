#!/usr/bin/env bash
# Checked-mode job of the test command (scripts/test.sh): a Debug build (no NDEBUG, so the
# model's BUURTSIM_CHECK invariants in model/check.hpp are on) in build-debug, benchmarks off,
# and the quick tests. Extra arguments go to ctest. Usable alone: bash scripts/test_debug.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BUURTSIM_DEBUG_DIR:-build-debug}"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/ccache}"
export MPLCONFIGDIR="${MPLCONFIGDIR:-$PWD/$dir/mplconfig}"
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBUURTSIM_WERROR=ON -DBUURTSIM_BUILD_TESTS=ON \
  -DBUURTSIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$dir" -j2
ctest --test-dir "$dir" --output-on-failure -j2 -L quick "$@"
echo "test_debug: quick tests passed with the model's invariant checks on"
