#!/usr/bin/env bash
# The fuzzers of fuzz/ (docs/reliability.md, "Fuzzing"), built with clang in build-fuzz/.
#
#   bash scripts/fuzz.sh SECONDS [TARGET...]   each target (default: all six)  for SECONDS, one
#                                              process at a time at the lowest priority; the corpus
#                                              grows in build-fuzz/corpus/TARGET, crashes land in
#                                              build-fuzz/findings/TARGET, and each session is
#                                              logged in build-fuzz/fuzz_hours.log (target, seconds,
#                                              inputs, findings) for docs/reliability.md.
#   bash scripts/fuzz.sh --build               only configure and build build-fuzz (and the seeds).
#   bash scripts/fuzz.sh --bounded TARGET BIN  the suite's bounded run (ctest -L fuzz): the seed
#                                              corpus, then 3,000 mutated inputs from a fixed seed.
# A finding: reproduce it with build-fuzz/bin/TARGET FILE, fix it, and add FILE's case as a
# regression test (tests/reliability/).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BUURTSIM_FUZZ_DIR:-build-fuzz}"
targets_all=(fuzz_config fuzz_observed_csv fuzz_sweep_journal fuzz_calibration_journal fuzz_results_file
             fuzz_run_journal)
# Reports of leaks at exit are off: libFuzzer keeps what it allocates, and a leak is not what the
# readers are fuzzed for (the sanitizer build of the suite checks leaks). allow_user_segv_handler=1
# (clang 14's default, said explicitly): the child of h5::probe_untrusted resets SIGSEGV & co. to
# their default action, so that a crash inside libhdf5 ends that child quietly (the input is
# refused, as buurtsim refuses it) instead of running ASan's report and libFuzzer's crash artifact
# in it; with =0 (or handle_segv=2) ASan would silently keep its own handler there.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:allow_user_segv_handler=1${BUURTSIM_ASAN_EXTRA:+:$BUURTSIM_ASAN_EXTRA}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

seeds() {  # $1: corpus folder, $2: a buurtsim program for the HDF5 seeds
  /usr/bin/python3 scripts/fuzz_seeds.py "$1" "$2"
}

if [ "${1:-}" = "--bounded" ]; then
  target="$2" bin="$3"
  build="${BUURTSIM_FUZZ_BUILD:-$dir}"
  corpus="$build/seeds"
  [ -d "$corpus/$target" ] || seeds "$corpus" "$build/bin/buurtsim"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cp -r "$corpus/$target" "$work/corpus"
  # -rss_limit_mb: an input that makes a reader allocate gigabytes is a finding too. -timeout=60:
  # above the results-file probe's bound (3 s of processor time for inputs this small), so that an
  # input on which HDF5 loops is refused as buurtsim refuses it; a reader of ours that loops is
  # still a finding.
  # The results-file readers fork a probe per file (experiments/io/hdf5/probe_untrusted.hpp),
  # about 0.1 s each under the sanitizers: 300 inputs keep that target near half a minute.
  runs=3000
  [ "$target" = fuzz_results_file ] && runs=300
  "$bin" -seed=1 -runs="$runs" -max_len=65536 -rss_limit_mb=1024 -timeout=60 -artifact_prefix="$work/" \
    "$work/corpus" 2>"$work/log" || { tail -50 "$work/log"; ls "$work"; exit 1; }
  grep -E "^Done|stat::number_of_executed_units" "$work/log" | tail -1 || true
  exit 0
fi

export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/ccache}"
CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" -DBUURTSIM_BUILD_FUZZ=ON \
  -DBUURTSIM_BUILD_TESTS=OFF -DBUURTSIM_BUILD_BENCH=OFF -DBUURTSIM_WERROR=OFF >/dev/null
nice -n 5 cmake --build "$dir" -j2 --target buurtsim fuzz
[ -d "$dir/seeds/fuzz_config" ] || seeds "$dir/seeds" "$dir/bin/buurtsim"
[ "${1:-}" = "--build" ] && exit 0

seconds="${1:?usage: scripts/fuzz.sh SECONDS [TARGET...] (or --build, --bounded)}"
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${targets_all[@]}")
for t in "${targets[@]}"; do
  mkdir -p "$dir/corpus/$t" "$dir/findings/$t"
  log="$dir/findings/$t/session-$(date -u +%Y%m%dT%H%M%SZ).log"
  status=0
  # Wall time is what -max_total_time bounds; the CPU time (user + system, from /usr/bin/time) says
  # how much of it the fuzzer had on a shared machine, and both are logged.
  # -timeout=300: at the lowest priority on a busy machine, the results-file probes' processor
  # time on an input on which HDF5 loops (3 s each) can take minutes of wall time.
  nice -n 19 /usr/bin/time -f "%U %S" -o "$log.cpu" "$dir/bin/$t" -max_total_time="$seconds" \
    -max_len=65536 -rss_limit_mb=1024 -timeout=300 -artifact_prefix="$dir/findings/$t/" \
    "$dir/corpus/$t" "$dir/seeds/$t" 2>"$log" || status=$?
  inputs="$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
  cpu="$(awk '/^[0-9.]+ [0-9.]+$/ {printf "%.0f", $1 + $2}' "$log.cpu")"
  found="$(find "$dir/findings/$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'oom-*' -o -name 'timeout-*' \) | wc -l)"
  echo "$(date -u +%Y-%m-%dT%H:%MZ) $t seconds=$seconds cpu_seconds=${cpu:-0} inputs=${inputs:-0} exit=$status findings_total=$found" | tee -a "$dir/fuzz_hours.log"
done
