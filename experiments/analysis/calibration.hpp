#pragma once
// A calibration put together (configuration, [calibration] settings, observed data matched to
// the simulation) and what is computed from its generations without running anything: the
// summary per parameter and the generations as numbers (for the journal and for broadcasts).
// Running the generations is experiments/runner/calibration_estimate.hpp.
#include <optional>
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

// Whether a calibration reached the data's precision (docs/calibration.md, "Convergence"): each
// observation's predictive interval against the interval its sampling error alone would give
// (width ratio = (hi - lo) / (2 z se), z the normal quantile of the level: 1 means the
// parameters add nothing to the sampling error), and for ABC-SMC the final tolerance against
// the noise floor sqrt 2 of the distance. Not converged when a width ratio exceeds
// kMaxWidthRatio or the tolerance exceeds kMaxTolerance; `reasons` says which, in words.
inline constexpr double kMaxWidthRatio = 3.0;
inline constexpr double kNoiseFloor = 1.4142135623730951;
inline constexpr double kMaxTolerance = 2 * kNoiseFloor;
struct Convergence {
  bool converged = true;
  std::vector<double> width_ratio;  // per observation (NaN without a predictive interval)
  double median_width_ratio = 0, max_width_ratio = 0;
  std::vector<std::string> reasons;
};
// `final_tolerance`: the last ABC-SMC generation's tolerance (none for the emulator).
Convergence assess_convergence(const Predictive& p, double level, std::optional<double> final_tolerance);
// The standard normal quantile.
double normal_quantile(double p);

// Generations as numbers, to broadcast them (pack) and rebuild them (unpack). unpack checks every
// count and value before use (the numbers may come from a journal file) and throws
// std::invalid_argument saying what is wrong.
std::vector<double> pack(const std::vector<Generation>& gens);
std::vector<Generation> unpack(const std::vector<double>& v);

}  // namespace buurtsim::calibration
