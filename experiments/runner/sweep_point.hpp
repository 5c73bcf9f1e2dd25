#pragma once
// One design point of a sweep: the experiment with the point's parameter values, and what its
// runs leave in the sweep file (one row of /final, /weekly and /cba), as one flat vector that
// travels between ranks and into the journal.
#include <vector>

#include "experiments/analysis/design.hpp"
#include "experiments/config/config.hpp"
#include "experiments/config/sweep_section.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::sweep {

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
