#pragma once
// A calibration put together (configuration, [calibration] settings, observed data matched to
// the simulation) and run collectively over threads and MPI ranks: the ABC-SMC generations, the
// posterior predictive check and the summary per parameter.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiments/calibration/abc_smc.hpp"
#include "experiments/calibration/calibration_config.hpp"
#include "experiments/calibration/observed.hpp"
#include "experiments/calibration/targets.hpp"
#include "experiments/config/config.hpp"

namespace buurtsim::calibration {

struct Calibration {
  config::Experiment experiment;
  Settings settings;
  ObservedData data;
  Problem problem;
  Prior prior;
  Options options() const;
};

// Reads the [calibration] table and matches the data to the configuration. Throws
// config::ConfigError or DataError.
Calibration prepare(config::Experiment e, ObservedData data);

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
struct Predictive {
  std::vector<double> mean, lo, hi;
  std::vector<std::uint8_t> misfit;  // observed outside [lo, hi]
  std::vector<double> scale;         // the standardising standard error (mean over particles)
};
std::optional<Predictive> predictive(const Calibration& c, const Generation& posterior, double level,
                                     double* simulation_seconds = nullptr);

// Per parameter: posterior mean, interval, sd; the prior's sd; shrinkage 1 - posterior sd / prior sd.
struct Summary {
  std::vector<double> mean, lo, hi, prior_sd, posterior_sd, shrinkage;
};
Summary summarise(const Prior& prior, const Generation& posterior, double level);

// Generations as numbers, to broadcast them (pack) and rebuild them (unpack).
std::vector<double> pack(const std::vector<Generation>& gens);
std::vector<Generation> unpack(const std::vector<double>& v);

}  // namespace buurtsim::calibration
