#include "model/simulation.hpp"

#include <stdexcept>

#include "model/approaches/team.hpp"
#include "model/phases/phases.hpp"
#include "model/population.hpp"

namespace buurtsim {

Simulation::Simulation(const ScenarioSpec& spec, const RunSettings& settings, std::uint32_t replicate)
    : world_(build_world(spec, settings, replicate)) {
  World& w = world_;
  w.search_area.emplace(w.grid, NeighbourhoodShape::Moore, as_int(spec.params.layout.search_radius));
  w.adjacent.emplace(w.grid, NeighbourhoodShape::VonNeumann, 1);
  // Room for three times the expected number of offending offenders; offending() grows it in the
  // rare case that offender cohorts grow beyond that.
  std::size_t active = 0;
  for (auto a : w.offenders.active) active += a;
  const std::size_t room = 3 * active + 256;
  const std::size_t slots = phases::incident_slot_capacity(room, w.blocks.size());
  w.incident_slots.resize(slots);
  w.incident_counts.resize(room + w.blocks.size());
  w.active_offenders.reserve(w.offenders.size());
  w.incidents.reserve(slots);
  w.reports.reserve(slots);
  w.sanctioned.reserve(slots);
  w.blocks.scratch.resize(w.blocks.size());
  w.rating_grade = response::GradeExpectation(spec.params.survey.rating_sd, 1, 10);
  w.trust_grade = response::GradeExpectation(spec.params.trust.answer_sd, 0, 10);
  std::size_t largest = 0;
  for (const auto& nb : w.neighbourhoods)
    largest = std::max<std::size_t>(largest, nb.last_resident - nb.first_resident);
  survey_scratch_.keyed.reserve(largest);
  survey_scratch_.answers.reserve(4 * static_cast<std::size_t>(spec.params.survey.target_responses));
  partials_.resize(w.chunks.size());
  outcomes_.resize(w.neighbourhoods.size());

  const auto& registry = approach_registry();
  for (const std::string& name : spec.approaches) {
    const auto it = registry.find(name);
    if (it == registry.end()) throw std::invalid_argument("unknown approach \"" + name + "\"");
    approaches_.push_back(it->second(spec));
    approaches_.back()->init(w);
    teams_ |= approaches_.back()->has_team();
  }
  w.week = -settings.burn_in_weeks;
}

void Simulation::hook(Phase phase) {
  for (auto& a : approaches_) a->act(phase, world_);
}

void Simulation::step(Observer& observer) {
  World& w = world_;
  phases::context(w);
  if (!approaches_.empty()) allocate_hours(w, approaches_);
  hook(Phase::Context);
  hook(Phase::Offending);
  phases::offending(w);
  hook(Phase::Disorder);
  phases::disorder(w);
  hook(Phase::Exposure);
  phases::exposure(w);
  hook(Phase::Reporting);
  phases::reporting(w);
  hook(Phase::Professionals);
  phases::professionals(w);
  hook(Phase::Consequences);
  phases::consequences(w);
  phases::social_problems(w);
  hook(Phase::Attitudes);
  phases::attitudes(w);
  if (teams_) approaches::team_awareness(w);
  hook(Phase::Volunteers);
  hook(Phase::Mobility);
  phases::mobility(w);
  hook(Phase::Measurement);
  if (w.week >= 0) {
    measure_population(w, partials_, outcomes_);
    for (const auto& a : approaches_) a->measure(w, outcomes_);
    for (auto& a : approaches_) a->on_measured(w, outcomes_);
    observer.on_week(w, outcomes_);
    for (std::size_t i = 0; i < w.settings.waves.size(); ++i) {
      if (w.settings.waves[i].week != w.week) continue;
      run_survey(w, static_cast<int>(i), survey_scratch_, survey_);
      observer.on_survey(w, survey_);
    }
  }
  hook(Phase::Accounting);
  phases::accounting(w);
  ++w.week;
}

void Simulation::run(Observer& observer) {
  const int end = world_.settings.weeks;
  while (world_.week < end) step(observer);
}

}  // namespace buurtsim
