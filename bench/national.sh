#!/usr/bin/env bash
# The national run end to end (docs/usage.md, "The national run"): writes the country's
# configuration with scripts/national_config.py and runs it, reporting wall time, peak memory,
# resident-weeks per second and the file's size. With RANKS > 1 it runs under mpirun with that
# many ranks (each with THREADS threads) and checks that the file holds the same numbers as the
# run of one process, when that run is there (the first call, RANKS=1, leaves it).
# Usage: bench/national.sh [path/to/buurtsim] [WEEKS] [RANKS] [THREADS] [extra options of
#        national_config.py, e.g. --residents 1000000 --municipalities 40 --buurten 800]
# Defaults: build/bin/buurtsim, 520 weeks (plus the burn-in of 52), 1 rank, 2 threads.
# Files go to results/bench_national/ (kept, so that runs of other rank counts compare).
set -euo pipefail
bin=${1:-build/bin/buurtsim}
weeks=${2:-520}
ranks=${3:-1}
threads=${4:-2}
shift $(($# < 4 ? $# : 4))
dir=results/bench_national
mkdir -p "$dir"
config="$dir/national.toml"
/usr/bin/python3 scripts/national_config.py --buurtsim "$bin" --weeks "$weeks" --force -o "$config" "$@"
out="$dir/national_np${ranks}.h5"
launch=()
if [ "$ranks" -gt 1 ]; then
  launch=(mpirun --oversubscribe -np "$ranks")
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
/usr/bin/time -f "%e %M" -o "$dir/time" "${launch[@]}" "$bin" run "$config" --threads "$threads" --force \
  --no-report --quiet -o "$out" > /dev/null
read -r wall rss_kb < "$dir/time"
residents=$(awk -F' = ' '/^residents = /{s += $2} END {print s}' "$config")
burn_in=$(awk -F' = ' '/^burn_in_weeks = /{print $2}' "$config")
echo "| residents | weeks | ranks x threads | wall s | resident-weeks/s | peak RSS MB (one process) | file MB |"
echo "|---:|---:|---|---:|---:|---:|---:|"
awk -v r="$residents" -v w="$weeks" -v b="$burn_in" -v n="$ranks" -v t="$threads" -v s="$wall" -v m="$rss_kb" \
  -v f="$(stat -c %s "$out")" 'BEGIN {
  printf "| %d | %d + %d | %d x %d | %.1f | %.3g | %.0f | %.0f |\n", r, b, w, n, t, s, r*(w+b)/s, m/1024, f/1e6 }'
if [ "$ranks" -gt 1 ] && [ -f "$dir/national_np1.h5" ]; then
  BUURTSIM_BIN=$bin BUURTSIM_SOURCE_DIR=$PWD /usr/bin/python3 - "$dir/national_np1.h5" "$out" <<'EOF'
import sys
sys.path.insert(0, "tests/python")
from test_determinism import compare_files
n = compare_files(sys.argv[1], sys.argv[2], "national: 1 process vs ranks")
print(f"the same {n} datasets as one process")
EOF
fi
