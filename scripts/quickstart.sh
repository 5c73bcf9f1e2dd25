#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, runs the default comparison (the
# embedded configs/compare.toml) writing results/compare.h5, and makes the report beside it
# (results/compare.html, analysis/report.py). Arguments go to `buurtsim run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUURTSIM_BUILD_TESTS=OFF -DBUURTSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build -j2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
build/bin/buurtsim run "$@" | tee "$log"
# Without -o the run makes the report beside its results itself ("report written to ..."); with
# -o (or --no-report) it does not, and the report is made here, beside OUT.h5 (OUT.html).
if grep -q '^report written to ' "$log"; then
  exit 0
fi
results="$(sed -n 's/^results written to //p' "$log" | tail -n 1)"
if [ -z "$results" ]; then
  echo "quickstart: the run did not say where it wrote its results; no report made" >&2
  exit 1
fi
export MPLCONFIGDIR="${MPLCONFIGDIR:-$(mktemp -d)}"
/usr/bin/python3 analysis/report.py "$results"
