#pragma once
// Writes a calibration file, in the layout documented dataset by dataset in docs/results.md
// ("Calibration files").
#include <optional>

#include "experiments/analysis/calibration.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/write_run.hpp"

namespace buurtsim::calibration {

// Values that may differ between two runs of the same work: root attributes only.
struct Timing {
  double seconds = 0, simulation_seconds = 0;
  int threads = 0, ranks = 1;
};

// `summary` is summarise() of the last generation, absent without one; `predictive` is absent
// when the command was interrupted before the check.
void write_calibration(h5::File& file, const Calibration& c, const Result& r, const std::optional<Summary>& summary,
                       const std::optional<Predictive>& predictive, const run::Provenance& p, const Timing& t,
                       double level);

}  // namespace buurtsim::calibration
