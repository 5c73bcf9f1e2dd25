#include "model/outcomes.hpp"

namespace buurtsim {

std::span<const OutcomeInfo> all_outcomes() {
  static const std::array<OutcomeInfo, kOutcomes> table = {{
#define BUURTSIM_OUTCOME(id, unit, survey, lo, hi, long_name) {Outcome::id, #id, unit, survey, lo, hi, long_name},
#include "model/outcomes.def"
#undef BUURTSIM_OUTCOME
  }};
  return table;
}

}  // namespace buurtsim
