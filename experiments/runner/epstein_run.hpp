#pragma once
// Runs the replicates of Epstein's civil violence model I (docking validation,
// docs/validation.md) in parallel (TBB), each a pure function of (parameters, seed, replicate),
// so the results are the same for any number of threads. An interrupt stops every replicate at
// its next step; finished replicates are marked complete.
#include <cstdint>
#include <functional>
#include <vector>

#include "experiments/analysis/epstein_summary.hpp"

namespace buurtsim::run {

// Called after each finished replicate, under a lock: (replicates done, the replicate, seconds elapsed).
using EpsteinProgress = std::function<void(std::size_t done, std::uint32_t replicate, double elapsed)>;

std::vector<EpsteinReplicate> run_epstein_replicates(const EpsteinConfig& config, std::uint64_t seed,
                                                     std::size_t replicates, int steps, const EpsteinProgress& on_done);

}  // namespace buurtsim::run
