#pragma once
// What a policy maker sees (docs/odd.md section 13): per scenario the key outcomes averaged over the
// last 52 recorded weeks with an interval over replicates, the difference from the baseline
// paired by replicate (common random numbers) with its interval, and the probability that a
// buurtmonitor of the configured sample size would detect the change: the share of replicate
// pairs in which the simulated surveys of the scenario and the baseline at the last wave differ
// significantly (two-sided, 5%).
#include <optional>
#include <string>

#include "experiments/analysis/summary.hpp"

namespace buurtsim::run {

// The significance level of the detection test: the usual two-sided test of a change in a buurtmonitor.
inline constexpr double kDetectionAlpha = 0.05;

struct Comparison {
  Interval value;       // the scenario's mean over replicates
  Interval difference;  // scenario - baseline, paired by replicate (NaN without a baseline)
  double detection;   // share of replicate pairs with a significant survey difference (NaN: not a survey indicator, no
                      // wave)
  std::size_t pairs;  // replicate pairs the difference and detection use
};

// Index of the scenario named "baseline", if any.
std::optional<std::size_t> baseline_index(const config::Experiment& e);

Comparison compare(const RunResults& r, Outcome o, std::size_t scenario, std::optional<std::size_t> baseline,
                   double level, IntervalKind kind = IntervalKind::MeanOverReplicates);

}  // namespace buurtsim::run
