#!/usr/bin/env bash
# Checked job of the test command (scripts/test.sh): one clang build in build-asan with everything
# that checks at run time — address and undefined-behaviour sanitizers (-DBUURTSIM_SANITIZE=ON), the
# model's invariant checks (-DBUURTSIM_CHECKED=ON), assert() (no NDEBUG) and libstdc++'s index and
# iterator checks (_GLIBCXX_ASSERTIONS) — benchmarks and slow test programs not built; runs the
# quick tests and one short comparison under them, then the fuzzers of fuzz/ (the same build:
# -DBUURTSIM_BUILD_FUZZ=ON gives the readers' libraries libFuzzer's coverage) for a bounded number
# of inputs each (docs/reliability.md, "Fuzzing"). One build for both keeps the test command within
# CI's time: a separate fuzz build cost about 15 minutes more.
# BUURTSIM_FUZZ=0 skips the fuzzers. Extra arguments go to the quick tests' ctest.
# Usable alone: bash scripts/test_sanitize.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BUURTSIM_ASAN_DIR:-build-asan}"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/ccache}"
export MPLCONFIGDIR="${MPLCONFIGDIR:-$PWD/$dir/mplconfig}"
# RelWithDebInfo flags without -DNDEBUG: optimised (the quick tests run simulations), line numbers
# in reports, assert() on.
# Warnings are not errors here: the Release build of scripts/test.sh (GCC) checks them, and
# sanitizer instrumentation makes false ones.
CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g -D_GLIBCXX_ASSERTIONS" -DBUURTSIM_WERROR=OFF -DBUURTSIM_SANITIZE=ON \
  -DBUURTSIM_CHECKED=ON -DBUURTSIM_BUILD_TESTS=ON -DBUURTSIM_BUILD_BENCH=OFF -DBUURTSIM_BUILD_FUZZ=ON >/dev/null
# Only what the quick tests need: the program and the quick test programs (not slowtest_*); and
# the fuzzers.
mapfile -t targets < <(ninja -C "$dir" -t targets all | grep -E '^(model|experiments|reliability)_test_[a-z0-9_]+: phony' | cut -d: -f1)
cmake --build "$dir" -j2 --target buurtsim fuzz "${targets[@]}"

# Every child process (the Python tests start the program, test_mpi.py under mpirun) inherits
# these. Leaks are checked (LeakSanitizer; detect_leaks is on by default), with a suppressions
# file for what libraries we do not own keep until exit (scripts/sanitize/lsan.supp: empty, no
# leak reported so far, MPI runs included). abort_on_error: a finding
# fails the test as a crash, not an exit status a test might expect.
export ASAN_OPTIONS="abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1${BUURTSIM_ASAN_EXTRA:+:$BUURTSIM_ASAN_EXTRA}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/sanitize/lsan.supp:print_suppressions=0"
ctest --test-dir "$dir" --output-on-failure -j2 -L quick "$@"

# One short comparison of every approach, as a user runs it.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$dir/bin/buurtsim" run configs/compare.toml --weeks 8 --replicates 1 -o "$tmp/compare.h5" --quiet >/dev/null
echo "test_sanitize: quick tests and a short comparison passed under ASan, UBSan, the invariant checks and assertions"

if [ "${BUURTSIM_FUZZ:-1}" != 0 ]; then
  ctest --test-dir "$dir" --output-on-failure -L fuzz
  echo "test_sanitize: each fuzzer ran its seeds and a fixed number of mutated inputs without a finding"
fi
