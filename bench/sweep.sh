#!/usr/bin/env bash
# The sweep runner (issue 5): its overhead per run against the same runs made by `buurtsim run`,
# throughput in runs per second for a small neighbourhood, 1 versus 2 MPI ranks, and peak memory
# for designs of 1,000 and 10,000 points (bounded: rows are written as points finish).
# Usage: bench/sweep.sh [path/to/buurtsim]   (prints Markdown for bench/RESULTS.md)
set -euo pipefail
bin=${1:-build/bin/buurtsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1

# A small neighbourhood; the swept parameter (trust.relaxation) does not change the work.
config() {  # config RESIDENTS LHS_POINTS
  cat <<TOML
model = "buurtsim"
weeks = 26
burn_in_weeks = 8
replicates = 1
seed = 5
[survey]
weeks = [20]
target_responses = 100
[[neighbourhood]]
name = "Klein"
residents = $1
[sweep]
design = "latin_hypercube"
samples = $2
[[sweep.parameter]]
name = "trust.relaxation"
min = 0.005
max = 0.02
TOML
}
timed() {  # timed OUTVAR command...: wall seconds and peak RSS (MB) of the command
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > /dev/null
  read -r wall rss < "$tmp/time"
  echo "$wall $((rss / 1024))"
}

config 1000 200 > "$tmp/s.toml"
read -r t_sweep m_sweep < <(timed "$bin" sweep "$tmp/s.toml" --quiet -o "$tmp/s.h5")
read -r t_run m_run < <(timed "$bin" run "$tmp/s.toml" --replicates 200 --quiet -o "$tmp/r.h5")
read -r t_mpi m_mpi < <(timed mpirun -np 2 "$bin" sweep "$tmp/s.toml" --quiet -o "$tmp/m.h5")
echo "| what (1,000 residents, 8 + 26 weeks, 200 runs, 2 threads) | wall s | runs/s | peak RSS MB |"
echo "|---|---:|---:|---:|"
awk -v t=$t_run -v m=$m_run 'BEGIN { printf "| buurtsim run --replicates 200 (no sweep machinery) | %.2f | %.1f | %d |\n", t, 200/t, m }'
awk -v t=$t_sweep -v m=$m_sweep 'BEGIN { printf "| buurtsim sweep, 200 points x 1 run | %.2f | %.1f | %d |\n", t, 200/t, m }'
awk -v t=$t_mpi -v m=$m_mpi 'BEGIN { printf "| mpirun -np 2 buurtsim sweep (same) | %.2f | %.1f | %d (rank 0) |\n", t, 200/t, m }'
awk -v s=$t_sweep -v r=$t_run 'BEGIN { printf "\nSweep runner overhead per run: %+.1f%% of the simulation time.\n\n", 100*(s-r)/r }'

echo "| design points (300 residents, 8 + 26 weeks) | wall s | points/s | peak RSS MB | file MB |"
echo "|---:|---:|---:|---:|---:|"
for points in 1000 10000; do
  config 300 $points > "$tmp/p.toml"
  read -r t m < <(timed "$bin" sweep "$tmp/p.toml" --quiet -o "$tmp/p.h5")
  size=$(du -m "$tmp/p.h5" | cut -f1)
  awk -v p=$points -v t=$t -v m=$m -v s=$size 'BEGIN { printf "| %d | %.1f | %.0f | %d | %d |\n", p, t, p/t, m, s }'
done
