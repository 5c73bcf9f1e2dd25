#pragma once
// One simulation of a calibration proposal: the data's scenario with the proposal's parameter
// values, run to the last observed wave, and what a survey of each observation's sample size
// would have estimated (docs/calibration.md: the population value plus simulated sampling
// noise at the observation's n); the distance to the data standardises each discrepancy by the
// observation's sampling standard error.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "experiments/analysis/calibration_targets.hpp"
#include "experiments/config/calibration_section.hpp"
#include "experiments/config/config.hpp"
#include "experiments/config/plan.hpp"

namespace buurtsim::calibration {

struct SimulatedSurvey {
  bool valid = true;
  std::string violation;           // why a proposal was rejected (a cross-parameter rule)
  std::vector<double> population;  // per target: the population value at its wave
  std::vector<double> estimate;    // per target: a simulated survey estimate at its n
  std::vector<double> scale;       // per target: the standard error standardising its discrepancy
};

// The seed of the simulation of proposal `index` of generation `g` (replicate 0): a SplitMix64
// mix of (seed, g, index), so every proposal has streams of its own.
std::uint64_t simulation_seed(std::uint64_t seed, std::uint64_t g, std::uint64_t index);
// The generation number that keys the posterior predictive simulations.
inline constexpr std::uint64_t kPredictiveGeneration = 1'000'000;

class Simulator {
 public:
  Simulator(const config::Experiment& e, const Settings& s, const Problem& p);
  // theta as parameter values (pooled parameters in the scenario and every neighbourhood).
  std::vector<config::Override> overrides(std::span<const double> theta) const;
  // Runs one simulation; nothing when interrupted.
  std::optional<SimulatedSurvey> simulate(std::span<const double> theta, std::uint64_t seed) const;
  const RunSettings& settings() const { return settings_; }

 private:
  const config::Experiment& e_;
  const Settings& s_;
  const Problem& p_;
  RunSettings settings_;
};

// sqrt(sum_i w_i z_i^2 / sum_i w_i) with z_i = (estimate_i - observed_i) / scale_i; NaN when the
// simulation is invalid or some value is not finite.
double distance(const Problem& p, const SimulatedSurvey& s);

}  // namespace buurtsim::calibration
