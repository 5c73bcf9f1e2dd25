#pragma once
// One design point of a sweep: the experiment with the point's parameter values, and what its
// runs leave in the sweep file (one row of /final, /weekly and /cba), as one flat vector that
// travels between ranks and into the journal.
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/sweep/design.hpp"
#include "experiments/sweep/sweep_config.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::sweep {

// The shape of a point's row.
struct PointShape {
  std::size_t scenarios = 0, replicates = 0, neighbourhoods = 0, weeks = 0;
  bool weekly = false, cba = false;  // cba: the experiment has a baseline to compare with

  std::size_t final_size() const { return outcome_count() * scenarios * replicates * neighbourhoods; }
  std::size_t weekly_size() const { return weekly ? final_size() * weeks : 0; }
  std::size_t cba_size() const { return cba ? kCbaValues * scenarios * replicates : 0; }
  std::size_t size() const { return final_size() + weekly_size() + cba_size(); }

  static constexpr std::size_t kCbaValues = 3;  // npv, cost, benefit (EUR)
};

PointShape point_shape(const config::Experiment& e, const SweepSpec& spec);

// Every scenario of `base` with the point's values set (overriding the file's values in every
// scenario and neighbourhood, like a global --set). Throws config::ConfigError naming the
// point and the rule when the values break a cross-parameter rule (model/validate.hpp).
config::Experiment experiment_at(const config::Experiment& base, const Design& d, std::size_t point);

// Simulates every (scenario, replicate) of the point and returns its row:
// [outcome][scenario][replicate][neighbourhood] means over the last spec.final_weeks weeks, then
// (weekly) [outcome][scenario][replicate][neighbourhood][week], then (cba)
// [value][scenario][replicate] with value npv, cost, benefit (NaN for the baseline).
// Returns an empty vector when interrupted before every run finished.
std::vector<double> simulate_point(const config::Experiment& base, const SweepSpec& spec, const Design& d,
                                   std::size_t point, double level);

}  // namespace buurtsim::sweep
