#pragma once
// Reading a calibration's posterior (/posterior of a `buurtsim calibrate` results file,
// experiments/io/write_calibration.cpp) for the uncertainty mode of runs and sweeps.
#include <string>

#include "experiments/config/uncertainty_spec.hpp"

namespace buurtsim::uncertainty {

// Throws config::ConfigError naming the file and what is wrong: missing or unreadable, not a
// calibration results file, a calibration without a posterior, or weights that are not a
// distribution, or damaged so that reading it crashes HDF5 (h5::probe_untrusted: it is read in
// a child process first).
Posterior read_posterior(const std::string& path);

}  // namespace buurtsim::uncertainty
