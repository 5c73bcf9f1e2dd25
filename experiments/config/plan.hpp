#pragma once
// A run plan: a scenario's spec with parameter values set over it. Sweep points and
// calibration proposals build theirs through apply_overrides, which sets the values and checks
// them (registry ranges and the cross-parameter rules of model/validate.hpp) in one place.
// `--set` is not a plan: it edits the configuration (its values are the file's in the resolved
// configuration, which reloads to the same experiment), so the loader reads it like a value of
// the file, with the same two checks (check_param_value, validate_scenario).
#include <span>
#include <vector>

#include "model/params.hpp"
#include "model/spec.hpp"
#include "model/validate.hpp"

namespace buurtsim::config {

// One parameter value: in the scenario and every neighbourhood (neighbourhood -1), or in one
// neighbourhood only.
struct Override {
  ParamId id = 0;
  double value = 0;
  int neighbourhood = -1;
};

// Sets every override in `spec` (in order) and returns what is wrong with the result: a value
// outside its registered range, or a broken cross-parameter rule (empty when the plan is valid).
// `file_weeks` as for validate_scenario.
std::vector<RuleViolation> apply_overrides(ScenarioSpec& spec, std::span<const Override> overrides,
                                           const RunSettings& settings, int file_weeks);

}  // namespace buurtsim::config
