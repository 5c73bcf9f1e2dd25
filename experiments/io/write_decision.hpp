#pragma once
// /decision in a run's results file (docs/results.md, "/decision").
#include "experiments/analysis/decision.hpp"
#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::run {

// Writes /decision from the decision analysis of a run whose replicates drew parameters.
void write_decision(h5::Group& root, const config::Experiment& e, const DecisionAnalysis& d);

}  // namespace buurtsim::run
