#pragma once
// Everything the phases of a week work on (model/schedule.hpp): the world, the scenario's
// approaches, the buffers of the measurement and the observer this week reports to. A
// Simulation owns one; the buffers are sized once, so a week allocates nothing.
#include <memory>
#include <utility>
#include <vector>

#include "model/approach.hpp"
#include "model/measurement.hpp"
#include "model/observer.hpp"
#include "model/world.hpp"

namespace buurtsim {

struct RunState {
  explicit RunState(World built) : world(std::move(built)) {}

  World world;
  std::vector<std::unique_ptr<Approach>> approaches;
  bool teams = false;                  // some approach has a team (weekly team awareness)
  bool decisions_on_outcomes = false;  // some approach decides on the weekly outcomes
  std::vector<PopulationSums> partials;
  OutcomeTable outcomes;
  SurveyScratch survey_scratch;
  SurveyWaveResult survey;
  Observer* observer = nullptr;  // set for each week
};

}  // namespace buurtsim
