#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, and runs the default comparison
# (the embedded configs/compare.toml), writing results/compare.h5.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUURTSIM_BUILD_TESTS=OFF -DBUURTSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build -j2
build/bin/buurtsim run "$@"
