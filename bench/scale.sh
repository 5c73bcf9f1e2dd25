#!/usr/bin/env bash
# End-to-end throughput of `buurtsim run` (set-up and output included) at 10 thousand,
# 100 thousand and 1 million residents, with 1 and 2 threads, and peak memory per resident.
# Usage: bench/scale.sh [path/to/buurtsim]   (prints a Markdown table for bench/RESULTS.md)
set -euo pipefail
bin=${1:-build/bin/buurtsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
weeks=20
echo "| residents | threads | wall s | resident-weeks/s | peak RSS MB | bytes/resident |"
echo "|---:|---:|---:|---:|---:|---:|"
for per_nb in 1000 10000 100000; do
  residents=$((per_nb * 10))
  sed "s/^residents = 100000/residents = $per_nb/" configs/scale/large.toml > "$tmp/scale.toml"
  for threads in 1 2; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" run "$tmp/scale.toml" --weeks $weeks --replicates 1 \
      --threads $threads --quiet -o "$tmp/out.h5" > /dev/null
    read -r wall rss_kb < "$tmp/time"
    awk -v r=$residents -v t=$threads -v w=$wall -v m=$rss_kb -v weeks=$weeks 'BEGIN {
      printf "| %d | %d | %.2f | %.3g | %.0f | %.0f |\n", r, t, w, r*weeks/w, m/1024, m*1024/r }'
  done
done
