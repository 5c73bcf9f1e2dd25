#pragma once
// A calibration (experiments/analysis/calibration.hpp) run collectively over threads and MPI
// ranks: the ABC-SMC generations and the posterior predictive check.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiments/analysis/calibration.hpp"

namespace buurtsim::calibration {

// Progress within a generation (rank 0): proposals evaluated and accepted so far.
using BatchProgress = std::function<void(int g, std::size_t evaluated, std::size_t accepted, double tolerance)>;

// Collective: every rank calls it with the same calibration and finished generations. Throws
// std::runtime_error on every rank when a simulation fails. `on_generation` runs on every rank
// and must return the same on all.
Result estimate(const Calibration& c, std::vector<Generation> finished, const OnGeneration& on_generation,
                const BatchProgress& progress, double* simulation_seconds = nullptr);

// The posterior predictive check: the survey estimate at each observation's n simulated at
// every posterior particle; weighted mean and interval at `level` percent. Collective; the
// values are on rank 0 (nothing when interrupted).
std::optional<Predictive> predictive(const Calibration& c, const Generation& posterior, double level,
                                     double* simulation_seconds = nullptr);

}  // namespace buurtsim::calibration
