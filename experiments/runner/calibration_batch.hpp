#pragma once
// A numbered batch of calibration simulations run collectively over threads and MPI ranks
// (experiments/runner/tasks.hpp), shared by the ABC-SMC generations, the emulator's design
// waves and the posterior predictive check.
#include <cstdint>
#include <optional>
#include <vector>

#include "experiments/runner/tasks.hpp"

namespace buurtsim::calibration {

// Runs tasks first..first+count-1 collectively; rank 0's results (one vector per task, empty
// when not delivered) are broadcast to every rank only when `share` (each then has `width`
// values). Returns nothing when interrupted; throws on every rank when a task failed. Adds the
// wall time to *seconds when given.
std::optional<std::vector<std::vector<double>>> run_batch(std::uint64_t first, std::size_t count,
                                                          const dist::Compute& compute, bool share, std::size_t width,
                                                          double* seconds);

}  // namespace buurtsim::calibration
