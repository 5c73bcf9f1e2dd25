#pragma once
// Which uncertainty matters for the decision (docs/uncertainty.md, "Which uncertainty
// matters"): from a comparison whose replicates each drew the uncertain parameters, per
// criterion — the net present value against the baseline, and each key outcome with a better
// direction — the probability that each scenario ranks first, the expected value of perfect
// information (EVPI) and of partial perfect information per parameter group (EVPPI); and for
// the net present value a one-way (tornado) effect of every drawn parameter per scenario.
// Numerics in experiments/analysis/value_of_information.hpp.
#include <optional>
#include <string>
#include <vector>

#include "experiments/analysis/cba.hpp"
#include "experiments/analysis/run_results.hpp"

namespace buurtsim::run {

struct DecisionCriterion {
  std::string name;  // "net_present_value" or an outcome's name
  std::string unit;  // of EVPI and EVPPI: EUR, or the outcome's unit (its better direction counted positive)
  std::vector<double> p_best, p_best_se;  // [scenario]
  double evpi = 0;
  std::vector<double> evppi;             // [group]
  std::vector<std::size_t> evppi_terms;  // [group]: regression terms chosen (1: no relation found)
};

struct DecisionAnalysis {
  std::size_t samples = 0;                        // replicates finished in every scenario
  std::vector<std::string> groups;                // parameter groups (the part of a name before the dot)
  std::vector<std::vector<std::size_t>> members;  // [group]: indices into e.uncertainty.drawn
  std::vector<DecisionCriterion> criteria;        // the net present value first
  // One-way effects on the net present value: [scenario][parameter] at the parameter's 10th and
  // 90th percentile over the draws (NaN for the baseline).
  std::vector<std::vector<double>> tornado_low, tornado_high;
  std::vector<std::vector<std::uint8_t>> tornado_clear;  // [scenario][parameter]: slope 3 se from zero
  std::vector<double> parameter_p10, parameter_p90;      // [parameter]
};

// From the parameters each replicate drew (e.uncertainty). Nothing without a baseline, without
// drawn parameters or with fewer than 2 complete replicates.
std::optional<DecisionAnalysis> analyse_decision(const config::Experiment& e, const RunResults& r,
                                                 const std::optional<cba::CbaResults>& cba);

}  // namespace buurtsim::run
