#pragma once
// Executes every (scenario, replicate) run of an experiment, in parallel over runs (and over
// residents inside each run), recording into RunResults. Results do not depend on the number
// of threads: each run writes only its own slice.
#include <functional>

#include "experiments/run/results.hpp"

namespace buurtsim::run {

struct Progress {
  std::size_t done = 0, total = 0;
  double elapsed_seconds = 0;
  std::string last;  // "scenario replicate r"
};

void run_experiment(const config::Experiment& e, RunResults& out, const std::function<void(const Progress&)>& on_progress);

}  // namespace buurtsim::run
