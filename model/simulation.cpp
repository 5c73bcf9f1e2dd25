#include "model/simulation.hpp"

#include <chrono>
#include <stdexcept>

#include "model/capacity.hpp"
#include "model/check.hpp"
#include "model/phases/phases.hpp"
#include "model/population.hpp"

namespace buurtsim {
namespace {

#if BUURTSIM_CHECKS_ENABLED
// Checked mode (model/check.hpp): the invariants of a world, at the end of a week. O(residents),
// once a week; compiled only in checked builds.
constexpr double kEps = 1e-6;  // floats updated as convex combinations may round just past a bound
bool share(double x) { return x >= -kEps && x <= 1.0 + kEps; }

void check_world(const World& w) {
  const Residents& r = w.residents;
  const Blocks& b = w.blocks;
  const std::size_t n = r.size(), nb_count = b.size();
  BUURTSIM_CHECK(r.block.size() == n && r.fear.size() == n && r.responsibility.size() == n &&
                     r.police_seen.size() == n && r.week_events.size() == n && r.in_care.size() == n &&
                     r.disorder_memory.size() == n && r.incident_memory.size() == n && w.tie_state.size() == n &&
                     w.network.offset.size() == n + 1,
                 "every resident array has the number of residents");
  BUURTSIM_CHECK(b.first_resident.size() == nb_count && b.resident_count.size() == nb_count &&
                     b.cohesion.size() == nb_count && b.presence_hours.size() == nb_count &&
                     b.scratch.size() == nb_count && b.incidents_week.size() == nb_count &&
                     b.work_municipality.size() == nb_count && b.work_corporation.size() == nb_count,
                 "every block array has the number of blocks");
  std::size_t housed = 0, in_neighbourhoods = 0;
  for (std::size_t c = 0; c < nb_count; ++c) {
    housed += b.resident_count[c];
    BUURTSIM_CHECK(b.first_resident[c] + std::size_t{b.resident_count[c]} <= n, "a block's residents exist");
    BUURTSIM_CHECK(b.presence_hours[c] >= 0 && b.approach_presence[c] >= 0 && b.approach_cleanup[c] >= 0,
                   "presence hours and clean-up are not negative");
    BUURTSIM_CHECK(share(b.cohesion[c]) && share(b.efficacy[c]) && share(b.guardianship[c]) &&
                       share(b.p_see_street[c]) && share(b.p_see_avoiding[c]) && share(b.work_municipality[c]) &&
                       share(b.work_corporation[c]) && b.work_municipality[c] + b.work_corporation[c] <= 1 + kEps,
                   "block shares and chances lie in [0, 1], block " + std::to_string(c));
  }
  BUURTSIM_CHECK(housed == n, "the blocks house every resident once");
  for (const auto& nb : w.neighbourhoods) {
    in_neighbourhoods += nb.last_resident - nb.first_resident;
    const WeekAccounts& a = nb.week;
    BUURTSIM_CHECK(a.police_hours_available >= 0 && a.police_hours_response >= 0 && a.police_hours_presence >= 0 &&
                       a.police_hours_coordination >= 0 && a.municipality_hours >= 0 && a.welfare_hours >= 0 &&
                       a.corporation_hours >= 0 && a.other_coordination >= 0 && a.overcommitted_hours >= 0,
                   "hours are not negative in " + nb.name);
    BUURTSIM_CHECK(a.police_hours_coordination + a.police_hours_response <= a.police_hours_available + kEps,
                   "the police do not follow up reports with hours they do not have in " + nb.name);
    for (std::size_t o = 0; o < kOrganisations; ++o) {
      const auto org = static_cast<Organisation>(o);
      BUURTSIM_CHECK(a.approach_hours[o] >= 0 && nb.redeployed[o] >= 0, "approach hours are not negative");
      BUURTSIM_CHECK(nb.redeployed[o] <= capacity_hours(nb, org) * (1 + kEps) + kEps,
                     "approaches redeploy no more hours than an organisation has in " + nb.name);
    }
    for (double h : a.task_hours) BUURTSIM_CHECK(h >= -kEps, "task hours are not negative in " + nb.name);
    BUURTSIM_CHECK(nb.coordination_factor >= 0 && nb.coordination_factor <= 1, "coordination factor in [0, 1]");
  }
  BUURTSIM_CHECK(in_neighbourhoods == n, "the neighbourhoods' resident ranges cover every resident once");
  for (std::size_t id = 0; id < n; ++id) {
    BUURTSIM_CHECK(share(r.responsibility[id]) && share(r.police_seen[id]),
                   "resident shares lie in [0, 1], resident " + std::to_string(id));
    BUURTSIM_CHECK(r.trust_police[id] >= 0 && r.trust_police[id] <= 10, "trust in the police lies in [0, 10]");
  }
}
#endif

}  // namespace

Simulation::Simulation(const ScenarioSpec& spec, const RunSettings& settings, std::uint32_t replicate)
    : state_(build_world(spec, settings, replicate)) {
  World& w = state_.world;
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
  // The state of trust from results (model/phases/attitudes.cpp): the memories start in the
  // middle of the burn-in, and again in the week after a household moves in.
  w.blocks.work_municipality.assign(w.blocks.size(), 0.f);
  w.blocks.work_corporation.assign(w.blocks.size(), 0.f);
  w.residents.disorder_memory.assign(w.residents.size(), 0.f);
  w.residents.incident_memory.assign(w.residents.size(), 0.f);
  w.rating_grade = response::GradeExpectation(spec.params.survey.rating_sd, 1, 10);
  w.trust_grade = response::GradeExpectation(spec.params.trust.answer_sd, 0, 10);
  prepare_survey(w, state_.survey_scratch);
  state_.partials.resize(w.chunks.size());
  state_.outcomes.resize(w.neighbourhoods.size());

  const auto& registry = approach_registry();
  for (const std::string& name : spec.approaches) {
    const auto it = registry.find(name);
    if (it == registry.end()) throw std::invalid_argument("unknown approach \"" + name + "\"");
    state_.approaches.push_back(it->second(spec));
    state_.approaches.back()->init(w);
    state_.teams |= state_.approaches.back()->has_team();
    state_.decisions_on_outcomes |= state_.approaches.back()->decides_on_outcomes();
  }
  w.week = -settings.burn_in_weeks;
  BUURTSIM_CHECK(w.chunks.empty() || (w.chunks.front().begin == 0 && w.chunks.back().end == w.residents.size()),
                 "the chunks cover the residents");
}

void Simulation::hook(Phase phase) {
  for (auto& a : state_.approaches) a->act(phase, state_.world);
}

void Simulation::run_phase(const PhaseInfo& p) {
  if (p.hooks == HookAt::Before) hook(p.phase);
  if (p.run) p.run(state_);
  if (p.hooks == HookAt::After) hook(p.phase);
}

void Simulation::end_week() {
#if BUURTSIM_CHECKS_ENABLED
  check_world(state_.world);
#endif
  ++state_.world.week;
}

void Simulation::step(Observer& observer) {
  state_.observer = &observer;
  for (const PhaseInfo& p : weekly_schedule()) run_phase(p);
  end_week();
}

void Simulation::step(Observer& observer, std::array<double, kPhases>& seconds) {
  state_.observer = &observer;
  for (const PhaseInfo& p : weekly_schedule()) {
    const auto start = std::chrono::steady_clock::now();
    run_phase(p);
    seconds[static_cast<std::size_t>(p.phase)] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  end_week();
}

void Simulation::run(Observer& observer) {
  const int end = state_.world.settings.weeks;
  while (state_.world.week < end) step(observer);
}

}  // namespace buurtsim
