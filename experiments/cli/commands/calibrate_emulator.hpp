#pragma once
// The emulator estimator's run for `calibrate` (method = "emulator") and `fit`: the design
// waves, the posterior, the predictive check, whether it reached the data's precision, the
// calibration file and the printed summary (docs/calibration.md, "The emulator").
#include <chrono>
#include <functional>
#include <string>

#include "experiments/analysis/calibration.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/runner/calibration_emulate.hpp"

namespace buurtsim::cli {

// What a finished emulator calibration hands back (rank 0) before its file is committed.
struct EmulatorOutcome {
  const calibration::Calibration& c;
  const calibration::EmulatorFit& fit;
  const calibration::Summary& summary;
  const calibration::Predictive& predictive;
  const calibration::Convergence& convergence;
};

// The printed summary of a posterior: per parameter and per observation.
std::string posterior_table(const calibration::Calibration& c, const std::string& headline,
                            const calibration::Summary& s, const calibration::Predictive& p, double level,
                            const calibration::Convergence& conv);

// Runs the emulator calibration of `c` and writes `output` (rank 0); collective. `after` runs
// on rank 0 after the summary is printed; a false return fails the command (exit 1).
int calibrate_by_emulator(const calibration::Calibration& c, std::string output, const CommonOptions& common,
                          const std::string& command_line, std::chrono::steady_clock::time_point started,
                          const std::function<bool(const EmulatorOutcome&)>& after = nullptr);

}  // namespace buurtsim::cli
