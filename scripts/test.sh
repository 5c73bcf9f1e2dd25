#!/usr/bin/env bash
# The README's test command (and CI's): installs what is missing, builds with warnings as errors
# and runs the whole test suite, slow tests included (clang-tidy among them); then the quick
# tests again, with a short comparison, in one checked build: address and undefined-behaviour
# sanitizers, the model's invariant checks, assert() and libstdc++'s assertions
# (scripts/test_sanitize.sh, build-asan/). Arguments go to the first ctest only.
# With BUURTSIM_FUZZ=1, then the fuzzers for a bounded number of inputs each (scripts/fuzz.sh, a
# clang build in build-fuzz/). BUURTSIM_SKIP_CHECKED_BUILDS=1 skips the extra builds (a quick
# local run).
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
  # The fuzzers, bounded (docs/reliability.md, "Fuzzing"): a clang build in build-fuzz, then each
  # target over its seeds and a fixed number of mutated inputs. Opt-in (BUURTSIM_FUZZ=1): their
  # extra build takes the test command from about 70 to about 85 minutes on the 2-core machine,
  # too close to CI's 90; it joins by default once one clang build serves both checked stages.
  if [ "${BUURTSIM_FUZZ:-0}" = 1 ]; then
    bash scripts/fuzz.sh --build
    ctest --test-dir "${BUURTSIM_FUZZ_DIR:-build-fuzz}" --output-on-failure -L fuzz
  fi
fi
