#pragma once
// A calibration put together (configuration, [calibration] settings, observed data matched to
// the simulation) and what is computed from its generations without running anything: the
// summary per parameter and the generations as numbers (for the journal and for broadcasts).
// Running the generations is experiments/runner/calibration_estimate.hpp.
#include <span>
#include <string>
#include <vector>

#include "experiments/analysis/abc_smc.hpp"
#include "experiments/analysis/calibration_targets.hpp"
#include "experiments/config/calibration_section.hpp"
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

// The posterior predictive check's values per observation (experiments/runner/calibration_estimate.hpp).
struct Predictive {
  std::vector<double> mean, lo, hi;
  std::vector<std::uint8_t> misfit;  // observed outside [lo, hi]
  std::vector<double> scale;         // the standardising standard error (mean over particles)
};

// The standard deviation of a uniform prior on [lo, hi].
double uniform_sd(double lo, double hi);

// One observation's posterior predictive check (docs/calibration.md, "Posterior predictive check
// and summary"), from its simulated survey estimates `values` and standardising standard errors
// `scales` at the posterior particles of weights `weights` (a NaN value, an invalid simulation,
// is left out with its particle): the weighted mean, the weighted quantiles at (100 - level) / 2
// and (100 + level) / 2 percent, the weighted mean scale, and misfit = 1 when `observed` lies
// outside [lo, hi]. Without a finite value: NaN, and no misfit. Appends to `p`.
void add_predictive(Predictive& p, std::span<const double> values, std::span<const double> scales,
                    std::span<const double> weights, double observed, double level);

// Per parameter: posterior mean, interval, sd; the prior's sd; shrinkage 1 - posterior sd / prior sd.
struct Summary {
  std::vector<double> mean, lo, hi, prior_sd, posterior_sd, shrinkage;
};
Summary summarise(const Prior& prior, const Generation& posterior, double level);

// Generations as numbers, to broadcast them (pack) and rebuild them (unpack). unpack checks every
// count and value before use (the numbers may come from a journal file) and throws
// std::invalid_argument saying what is wrong.
std::vector<double> pack(const std::vector<Generation>& gens);
std::vector<Generation> unpack(const std::vector<double>& v);

}  // namespace buurtsim::calibration
