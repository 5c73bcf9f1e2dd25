#pragma once
// The outcome registry (model/outcomes.def) and the weekly population values.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace buurtsim {

enum class Outcome : std::uint16_t {
#define BUURTSIM_OUTCOME(id, unit, survey, lo, hi, long_name) id,
#include "model/outcomes.def"
#undef BUURTSIM_OUTCOME
};

struct OutcomeInfo {
  Outcome id;
  std::string_view name, unit;
  bool survey_indicator;
  double min, max;
  std::string_view long_name;
};

std::span<const OutcomeInfo> all_outcomes();
inline constexpr std::size_t kOutcomes = [] {
  std::size_t n = 0;
#define BUURTSIM_OUTCOME(id, unit, survey, lo, hi, long_name) ++n;
#include "model/outcomes.def"
#undef BUURTSIM_OUTCOME
  return n;
}();

// Values of every outcome for every neighbourhood in one week: value(o, nb).
struct OutcomeTable {
  std::size_t neighbourhoods = 0;
  std::vector<double> values;  // [outcome][neighbourhood]
  void resize(std::size_t nbs) {
    neighbourhoods = nbs;
    values.assign(kOutcomes * nbs, 0.0);
  }
  double& at(Outcome o, std::size_t nb) { return values[static_cast<std::size_t>(o) * neighbourhoods + nb]; }
  double at(Outcome o, std::size_t nb) const { return values[static_cast<std::size_t>(o) * neighbourhoods + nb]; }
};

}  // namespace buurtsim
