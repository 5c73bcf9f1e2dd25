#pragma once
// The emulator estimator of a calibration (docs/decisions/0014-emulator-calibration.md): design
// waves of simulations, each fitting a quadratic emulator of the population values and ruling
// out the parameter values whose implausibility exceeds the cutoff (history matching), then the
// posterior of the last emulator by importance sampling. Collective over threads and MPI ranks.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiments/analysis/calibration.hpp"
#include "experiments/analysis/emulator.hpp"

namespace buurtsim::calibration {

using WaveProgress = std::function<void(const DesignWave&, int index)>;

// Nothing when interrupted (on every rank). Throws std::runtime_error on every rank when a
// simulation fails or too few design points are valid.
std::optional<EmulatorFit> emulate(const Calibration& c, const WaveProgress& progress, double* simulation_seconds);

// `count` equally weighted particles drawn from a weighted sample by systematic resampling
// (the posterior predictive check's particles), the offset keyed by the seed.
Generation resample(const Generation& g, std::size_t count, std::uint64_t seed);

}  // namespace buurtsim::calibration
