#pragma once
// Writes a calibration file, in the layout documented dataset by dataset in docs/results.md
// ("Calibration files").
#include <optional>

#include "experiments/analysis/calibration.hpp"
#include "experiments/analysis/emulator.hpp"
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

// The method (root attribute `method`), whether the calibration converged (`converged`,
// `convergence`: the reasons, one a line) and, per observation, the predictive interval's width
// over that of the sampling error alone (/predictive/width_ratio). For ABC-SMC.
void write_convergence(h5::File& file, const Convergence& conv);

// write_convergence, plus the emulator's design waves (/emulator: each wave's region, points
// and the share not ruled out) and per observation the emulator's residual sd (the model's
// run-to-run noise and the lack of fit).
void write_emulator(h5::File& file, const EmulatorFit& fit, const Convergence& conv);

}  // namespace buurtsim::calibration
