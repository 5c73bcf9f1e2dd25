#pragma once
// /uncertainty of a results file: the uncertainty mode and each replicate's parameter draws
// (docs/results.md, "Parameter uncertainty").
#include "experiments/config/config.hpp"
#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::uncertainty {

// Writes /uncertainty under `root` when the mode is requested (nothing otherwise).
void write_uncertainty(h5::Group& root, const config::Experiment& e);

}  // namespace buurtsim::uncertainty
