#pragma once
// The weekly schedule of docs/odd.md section 3, written down once: the phases in their order,
// each with the function that runs it and where the approaches' hooks for it are called.
// Simulation::step walks this table; `buurtsim check` prints it. Approach modules act through
// hooks (model/approach.hpp) at the phases they declare (model/approach_module.hpp): before the
// phase, except the context hook, which runs after the context phase and the week's allocation
// of hours.
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

struct RunState;  // model/run_state.hpp

enum class HookAt { Before, After };

struct PhaseInfo {
  Phase phase;
  std::string_view name;
  HookAt hooks;                  // when the approaches' hooks of this phase run
  void (*run)(RunState& state);  // nullptr: the phase is only the approaches' hooks
  std::string_view does;         // what the phase does in this version of the model
};

const std::array<PhaseInfo, kPhases>& weekly_schedule();

}  // namespace buurtsim
