#pragma once
// /cba in a run's results file (docs/results.md, "/cba") and the printed cost-benefit table.
#include <string>

#include "experiments/analysis/cba.hpp"
#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::cba {

// Writes /cba when the experiment has a baseline (nothing otherwise).
void write_cba(h5::Group& root, const config::Experiment& e, const run::RunResults& r, double level);

// The printed table: one row per scenario other than the baseline ("" without a baseline).
std::string cba_table(const config::Experiment& e, const run::RunResults& r, double level);

}  // namespace buurtsim::cba
