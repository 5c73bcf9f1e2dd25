#pragma once
// /budget in a run's results file (docs/results.md, "/budget"): each scenario's planned budget.
#include "experiments/config/config.hpp"
#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::run {

void write_budget(h5::Group& root, const config::Experiment& e);

}  // namespace buurtsim::run
