#pragma once
// Cross-parameter rules, in one place. Single values are checked against the registry's
// ranges when they are set; these rules concern combinations.
#include <cstdint>
#include <string>
#include <vector>

#include "model/spec.hpp"

namespace buurtsim {

// The fewest residents a neighbourhood may have (fewer make its shares and survey meaningless).
inline constexpr std::uint32_t kMinNeighbourhoodResidents = 20;

struct RuleViolation {
  std::string key;      // the dotted parameter name most responsible ("" for the scenario)
  int neighbourhood;    // index of the neighbourhood, or -1
  std::string message;  // what is wrong and what is expected
};

// `file_weeks`: the recorded weeks the configuration file asks for (before --weeks); an
// approach window starting after them is an error, while one cut short or cut off by --weeks is
// clipped (window_notes says so).
std::vector<RuleViolation> validate_scenario(const ScenarioSpec& spec, const RunSettings& settings, int file_weeks);
std::vector<std::string> window_notes(const ScenarioSpec& spec, const RunSettings& settings, int file_weeks);

}  // namespace buurtsim
