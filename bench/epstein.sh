#!/usr/bin/env bash
# End-to-end throughput of the Epstein (2002) docking model: `buurtsim run
# configs/validation/epstein2002.toml` (set-up, replicates and the HDF5 file included) on the
# default 40x40 grid and on a 1000x1000 grid, with 1 and 2 threads. Replicates run in parallel,
# so each case runs 2 or more replicates; a single replicate is sequential (random-sequential
# activation). Agent-steps = (citizens + cops) x steps x replicates; each case is run REPEATS
# times (default 3) and the best wall time is reported, since other work may load the machine.
# Usage: bench/epstein.sh [path/to/buurtsim]   (from the source tree; prints a Markdown table
# for bench/RESULTS.md)
set -euo pipefail
bin=${1:-build/bin/buurtsim}
config=configs/validation/epstein2002.toml
repeats=${REPEATS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "| grid | citizens + cops | steps x replicates | threads | best wall s (of $repeats) | agent-steps/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
# grid side, steps, replicates
for case in "40 1000 4" "1000 10 2"; do
  read -r side steps reps <<< "$case"
  cells=$((side * side))
  # Default densities 0.70 and 0.04 (lround, as the model counts them).
  agents=$(awk -v c=$cells 'BEGIN { printf "%d", int(0.70 * c + 0.5) + int(0.04 * c + 0.5) }')
  for threads in 1 2; do
    best=""
    best_rss=0
    for ((i = 0; i < repeats; ++i)); do
      start=$(date +%s%N)
      /usr/bin/time -f "%M" -o "$tmp/rss" "$bin" run "$config" --weeks "$steps" --replicates "$reps" \
        --set epstein.width="$side" --set epstein.height="$side" --threads "$threads" --quiet \
        -o "$tmp/out.h5" > /dev/null
      end=$(date +%s%N)
      wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
      rss=$(tail -n 1 "$tmp/rss")
      if [[ -z $best ]] || awk -v w="$wall" -v b="$best" 'BEGIN { exit !(w < b) }'; then best=$wall; fi
      ((rss > best_rss)) && best_rss=$rss
    done
    awk -v s=$side -v a=$agents -v st=$steps -v r=$reps -v t=$threads -v w=$best -v m=$best_rss 'BEGIN {
      printf "| %dx%d | %d | %d x %d | %d | %.3f | %.3g | %.0f |\n", s, s, a, st, r, t, w, a * st * r / w, m / 1024 }'
  done
done
