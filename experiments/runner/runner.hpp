#pragma once
// Executes every (scenario, replicate) run of an experiment, each world of a run apart
// (config::Experiment::world_starts), in parallel over runs and worlds (and over residents inside
// each), recording into RunResults. Results do not depend on the number
// of threads: each run writes only its own slice.
#include <functional>

#include "experiments/analysis/run_results.hpp"

namespace buurtsim::run {

struct Progress {
  std::size_t done = 0, total = 0;
  double elapsed_seconds = 0;
  std::string last;           // "scenario replicate r" (and " world W")
  std::string unit = "runs";  // what is counted: runs, or the worlds of runs
  // The share of the work done, by residents (worlds differ in size, runs do not): what the time
  // left is reckoned from.
  double share_done = 0;
  std::size_t before = 0;   // of `done`, finished before this session (a resumed run)
  double share_before = 0;  // of `share_done`, likewise
};

// Where the runs go: this process's threads only (inside a sweep point, which is itself one
// distributed task), or also the MPI ranks (the runs of a `run` command under mpirun: every
// rank calls it; only rank 0's `out` is filled).
enum class Spread { Threads, Ranks };

class RunJournal;  // experiments/runner/run_journal.hpp

// `journal` (rank 0, or null) keeps every finished world as it comes (run --resume). When it was
// resumed (RunJournal::resume), `out` holds what it restored and only the other worlds run;
// otherwise `out` is allocated here.
void run_experiment(const config::Experiment& e, RunResults& out,
                    const std::function<void(const Progress&)>& on_progress, Spread spread = Spread::Threads,
                    RunJournal* journal = nullptr);

}  // namespace buurtsim::run
