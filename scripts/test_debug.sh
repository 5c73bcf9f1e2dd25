#!/usr/bin/env bash
# Checked-mode job of the test command (scripts/test.sh): a Debug build (no NDEBUG, so the
# model's BUURTSIM_CHECK invariants in model/check.hpp and assert() are on) in build-debug,
# benchmarks and slow test programs not built, and the quick tests. Extra arguments go to
# ctest. Usable alone: bash scripts/test_debug.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BUURTSIM_DEBUG_DIR:-build-debug}"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/ccache}"
export MPLCONFIGDIR="${MPLCONFIGDIR:-$PWD/$dir/mplconfig}"
# Debug flags: -Og (the quick tests run whole simulations; at -O0 they take several times
# longer) and _GLIBCXX_ASSERTIONS (libstdc++ checks every vector index and iterator range, the
# checked mode's cheapest extra). Warnings are not errors here: GCC's warnings depend on the
# optimisation level (-Og makes false -Wmaybe-uninitialized ones); the Release build of
# scripts/test.sh enforces them.
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -Og -D_GLIBCXX_ASSERTIONS" \
  -DBUURTSIM_WERROR=OFF -DBUURTSIM_BUILD_TESTS=ON -DBUURTSIM_BUILD_BENCH=OFF >/dev/null
# Only what the quick tests need: the program and the quick test programs (not slowtest_*).
mapfile -t targets < <(ninja -C "$dir" -t targets all | grep -E '^(model|experiments)_test_[a-z0-9_]+: phony' | cut -d: -f1)
cmake --build "$dir" -j2 --target buurtsim "${targets[@]}"
ctest --test-dir "$dir" --output-on-failure -j2 -L quick "$@"
echo "test_debug: quick tests passed with the model's invariant checks on"
