#pragma once
// One simulation run: a scenario, a replicate, the weekly schedule from the burn-in to the last
// recorded week. The model emits weekly outcomes and survey waves to an Observer; recording and
// writing live in experiments/.
#include <memory>
#include <vector>

#include "model/approach.hpp"
#include "model/measurement.hpp"
#include "model/world.hpp"

namespace buurtsim {

class Observer {
 public:
  virtual ~Observer() = default;
  // After the measurement of every recorded week (week >= 0).
  virtual void on_week(const World& /*w*/, const OutcomeTable& /*outcomes*/) {}
  // After a survey wave.
  virtual void on_survey(const World& /*w*/, const SurveyWaveResult& /*wave*/) {}
};

class Simulation {
 public:
  // REQUIRES: spec and settings validated.
  Simulation(const ScenarioSpec& spec, const RunSettings& settings, std::uint32_t replicate);

  // Runs the burn-in and all recorded weeks.
  void run(Observer& observer);
  // Runs one week (the next one) and reports it to the observer if it is a recorded week.
  void step(Observer& observer);

  const World& world() const { return world_; }
  int next_week() const { return world_.week; }

 private:
  void hook(Phase phase);

  World world_;
  std::vector<std::unique_ptr<Approach>> approaches_;
  bool teams_ = false;  // some approach has a team (weekly team awareness)
  std::vector<PopulationSums> partials_;
  OutcomeTable outcomes_;
  SurveyScratch survey_scratch_;
  SurveyWaveResult survey_;
};

}  // namespace buurtsim
