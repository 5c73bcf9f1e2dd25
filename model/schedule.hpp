#pragma once
// The weekly schedule of docs/odd.md section 3, written down once. Simulation::step runs these
// phases in this order; `buurtsim check` prints them. Approach modules act through hooks
// called at the start of a phase (model/approach.hpp); the Context hook runs after the
// context phase and the week's allocation of hours, the others before their phase.
#include <array>
#include <string_view>

namespace buurtsim {

enum class Phase : int {
  Context,
  Offending,
  Disorder,
  Exposure,
  Reporting,
  Professionals,
  Consequences,
  Attitudes,
  Volunteers,
  Mobility,
  Measurement,
  Accounting,
};
inline constexpr int kPhases = 12;

struct PhaseInfo {
  Phase phase;
  std::string_view name;
  std::string_view does;  // what the phase does in this version of the model
};

const std::array<PhaseInfo, kPhases>& weekly_schedule();

}  // namespace buurtsim
