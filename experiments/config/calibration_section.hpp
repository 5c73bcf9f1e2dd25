#pragma once
// The [calibration] table of a configuration (docs/calibration.md, "Calibrating against survey
// data"): which parameters to estimate within which prior ranges, which scenario produced the
// data, how periods map onto simulated weeks, and the estimator's settings. The schema is
// closed; every error names the file, line and key.
#include <toml++/toml.h>

#include "experiments/config/calibration_spec.hpp"
#include "experiments/config/config.hpp"

namespace buurtsim::calibration {

// Reads and checks the [calibration] table `t` of e's file; throws config::ConfigError
// (file:line: 'key': what). The loader calls it once the scenarios are resolved (the
// neighbourhood model's section "calibration", experiments/config/model_kind.hpp).
Settings read_settings(const config::Experiment& e, const toml::table& t);

// The [calibration] table read with the configuration; throws config::ConfigError when the
// file has none.
const Settings& settings_of(const config::Experiment& e);

}  // namespace buurtsim::calibration
