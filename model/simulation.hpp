#pragma once
// One simulation run: a scenario, a replicate, the weekly schedule (model/schedule.hpp) from the
// burn-in to the last recorded week. The model emits weekly outcomes and survey waves to an Observer; recording and
// writing live in experiments/.
#include <array>

#include "model/observer.hpp"
#include "model/run_state.hpp"
#include "model/schedule.hpp"

namespace buurtsim {

class Simulation {
 public:
  // REQUIRES: spec and settings validated.
  Simulation(const ScenarioSpec& spec, const RunSettings& settings, std::uint32_t replicate);

  // Runs the burn-in and all recorded weeks.
  void run(Observer& observer);
  // Runs one week (the next one) and reports it to the observer if it is a recorded week.
  void step(Observer& observer);
  // The same, adding each phase's wall time (hooks included) to seconds[phase]: where a week's
  // time goes (bench/bench_simulation.cpp).
  void step(Observer& observer, std::array<double, kPhases>& seconds);

  const World& world() const { return state_.world; }
  int next_week() const { return state_.world.week; }

 private:
  void hook(Phase phase);
  void run_phase(const PhaseInfo& p);
  void end_week();

  RunState state_;
};

}  // namespace buurtsim
