#include "experiments/runner/epstein_run.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <mutex>

#include "experiments/runner/interrupt.hpp"

namespace buurtsim::run {
namespace {

// Runs one replicate, giving up at the next step after an interrupt so that a large grid does not
// hold the command for a whole replicate.
EpsteinReplicate run_replicate(const EpsteinConfig& config, std::uint64_t seed, std::uint32_t replicate, int steps) {
  EpsteinReplicate out;
  out.result = run_epstein(config, seed, replicate, steps, [] { return interrupted(); });
  out.complete = static_cast<int>(out.result.quiet.size()) == steps;
  return out;
}

}  // namespace

std::vector<EpsteinReplicate> run_epstein_replicates(const EpsteinConfig& config, std::uint64_t seed,
                                                     std::size_t replicates, int steps,
                                                     const EpsteinProgress& on_done) {
  std::vector<EpsteinReplicate> reps(replicates);
  const auto start = std::chrono::steady_clock::now();
  std::mutex progress_mutex;
  std::size_t done = 0;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, replicates, 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t r = range.begin(); r != range.end(); ++r) {
          if (interrupted()) continue;
          // Isolated so that a thread waiting in a replicate's own parallel loop (synchronous
          // activation) never starts another replicate.
          tbb::this_task_arena::isolate(
              [&] { reps[r] = run_replicate(config, seed, static_cast<std::uint32_t>(r), steps); });
          if (!reps[r].complete) continue;
          std::lock_guard lock(progress_mutex);
          ++done;
          const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          if (on_done) on_done(done, static_cast<std::uint32_t>(r), elapsed);
        }
      },
      tbb::simple_partitioner());
  return reps;
}

}  // namespace buurtsim::run
