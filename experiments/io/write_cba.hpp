#pragma once
// /cba in a run's results file (docs/results.md, "/cba").
#include <string>

#include "experiments/analysis/cba.hpp"
#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::cba {

// Writes /cba from the cost-benefit analysis of a run with a baseline.
void write_cba(h5::Group& root, const config::Experiment& e, const run::RunResults& r, const CbaResults& cba,
               double level);

}  // namespace buurtsim::cba
