#pragma once
// Everything a run reports, computed once from its results: the summary of every outcome per
// scenario, the comparison with the baseline, the cost-benefit analysis and the intervals of
// the simulated survey's estimates. The command prints
// from these tables and the writer stores them (docs/architecture.md, "The path of the data").
#include <optional>
#include <vector>

#include "experiments/analysis/cba.hpp"
#include "experiments/analysis/comparison.hpp"
#include "experiments/analysis/decision.hpp"

namespace buurtsim::run {

struct RunTables {
  double level = 90;                                // interval level, percent
  std::size_t first_week = 0;                       // the summary's window: recorded weeks first_week .. weeks - 1
  std::vector<std::vector<Interval>> summary;       // [outcome][scenario]: mean over replicates and its interval
  std::optional<std::size_t> baseline;              // the scenario named "baseline"
  std::vector<std::vector<Comparison>> comparison;  // [outcome][scenario]; empty without a baseline
  std::optional<cba::CbaResults> cba;               // without a baseline: none
  std::optional<DecisionAnalysis> decision;         // with drawn parameters and a baseline
  // The survey estimates' intervals at `level` (model/measurement.hpp, survey_interval), laid
  // out as RunResults::survey_estimate: [item][scenario][replicate][neighbourhood][wave].
  std::vector<double> survey_lower, survey_upper;
};

RunTables analyse_run(const config::Experiment& e, const RunResults& r, double level);

}  // namespace buurtsim::run
