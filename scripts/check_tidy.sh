#!/usr/bin/env bash
# clang-tidy over the sources of model/ and experiments/ with the checks of .clang-tidy; any
# finding fails. Uses BUILD_DIR/compile_commands.json (default build/; CMake writes it). The
# ctest test clang_tidy runs this (label slow). Usage: bash scripts/check_tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
if [ ! -f "$build/compile_commands.json" ]; then
  echo "check_tidy: $build/compile_commands.json is missing; configure first: cmake -S . -B $build" >&2
  exit 2
fi
runner="$(command -v run-clang-tidy || command -v run-clang-tidy-14 || true)"
if [ -z "$runner" ]; then
  echo "check_tidy: run-clang-tidy not found (Debian package clang-tidy; scripts/setup.sh installs it)" >&2
  exit 2
fi
# The compile commands are GCC's: clang does not know some of its warning flags, and its own
# warnings (-Werror from BUURTSIM_WERROR) are not what this check is about.
extra=(-extra-arg=-Wno-unknown-warning-option -extra-arg=-Wno-error -extra-arg=-w)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
# Files: the translation units of model/ and experiments/ (not tests/, bench/).
if ! "$runner" -p "$build" -j "${BUURTSIM_TIDY_JOBS:-2}" -quiet "${extra[@]}" \
  "^$PWD/(model|experiments)/.*\.cpp\$" >"$log" 2>&1; then
  grep -E 'warning:|error:' "$log" | sort -u | head -100 >&2 || true
  echo "check_tidy: clang-tidy found problems (full output above is cut at 100 lines)" >&2
  exit 1
fi
# run-clang-tidy 14 has no -warnings-as-errors: any finding in the output fails.
sed -i -E 's/\x1b\[[0-9;]*m//g' "$log"
if grep -qE '(warning|error):' "$log"; then
  grep -E 'warning:|error:' "$log" | sort -u | head -100 >&2
  echo "check_tidy: clang-tidy reported findings" >&2
  exit 1
fi
files=$(grep -cE "\"file\": \"$PWD/(model|experiments)/" "$build/compile_commands.json" || true)
echo "check_tidy: $files files of model/ and experiments/, no findings ($(($(date +%s) - start)) s)"
