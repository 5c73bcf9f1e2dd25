#include "model/schedule.hpp"

#include "model/approaches/team.hpp"
#include "model/lost_service.hpp"
#include "model/phases/phases.hpp"
#include "model/run_state.hpp"

namespace buurtsim {
namespace {

// The phases as the table calls them: the phase functions of model/phases/, and the parts of a
// week that need more than the world.
void context(RunState& s) {
  phases::context(s.world);
  if (!s.approaches.empty()) allocate_hours(s.world, s.approaches);
}
void offending(RunState& s) { phases::offending(s.world); }
void disorder(RunState& s) { phases::disorder(s.world); }
void exposure(RunState& s) { phases::exposure(s.world); }
void reporting(RunState& s) { phases::reporting(s.world); }
void professionals(RunState& s) { phases::professionals(s.world); }
void consequences(RunState& s) {
  phases::consequences(s.world);
  phases::social_problems(s.world);
}
void attitudes(RunState& s) {
  phases::attitudes(s.world);
  if (s.teams) approaches::team_awareness(s.world);
}
void mobility(RunState& s) { phases::mobility(s.world); }
void measurement(RunState& s) {
  World& w = s.world;
  for (auto& a : s.approaches) a->on_week_end(w);
  const bool fieldwork = in_fieldwork(w);
  // Burn-in weeks are not recorded, nor weeks nobody reads; a survey in the field is measured.
  const bool recorded = w.week >= 0 && (s.observer->wants_weeks() || s.decisions_on_outcomes);
  if (!recorded && !fieldwork) return;
  measure_population(w, s.partials, s.outcomes);
  if (recorded) {
    measure_lost_service(w, s.outcomes);
    for (const auto& a : s.approaches) a->measure(w, s.outcomes);
    for (auto& a : s.approaches) a->on_measured(w, s.outcomes);
    s.observer->on_week(w, s.outcomes);
  }
  if (fieldwork) survey_fieldwork(w, s.outcomes, s.survey_scratch);
  for (std::size_t i = 0; i < w.settings.waves.size(); ++i) {
    if (w.settings.waves[i].week != w.week) continue;
    run_survey(w, static_cast<int>(i), s.survey_scratch, s.survey);
    for (auto& a : s.approaches) a->on_survey(w, s.survey);
    s.observer->on_survey(w, s.survey);
  }
}
void accounting(RunState& s) { phases::accounting(s.world); }

}  // namespace

const std::array<PhaseInfo, kPhases>& weekly_schedule() {
  static const std::array<PhaseInfo, kPhases> schedule = {{
      {Phase::Context, "context", HookAt::After, context,
       "national trends in offending and baseline fear, seasonality, victimisation outside the neighbourhood; "
       "then approaches get this week's hours (additional, or redeployed from the organisations' capacity)"},
      {Phase::Offending, "offending", HookAt::Before, offending,
       "offenders and ordinary residents cause incidents on blocks chosen by attractiveness, guardianship and "
       "perceived risk; victims chosen on the block (repeat burglary); near-repeat attractiveness"},
      {Phase::Disorder, "disorder", HookAt::Before, disorder,
       "nuisance, vandalism and neglect add physical disorder (less neglect where the corporation maintains); "
       "regular maintenance, collective efficacy and municipal clean-up hours remove it"},
      {Phase::Exposure, "exposure", HookAt::Before, exposure,
       "residents witness incidents on their block, perceive disorder and nuisance, hear of ties' victimisation"},
      {Phase::Reporting, "reporting", HookAt::Before, reporting,
       "victims and witnesses report to the police by offence type, trust and past unanswered reports; "
       "formal reports become recorded crime"},
      {Phase::Professionals, "professionals", HookAt::Before, professionals,
       "police hours (less coordination loss) go to following up reports in order of seriousness, then to "
       "presence on blocks by recent incidents; police-initiated contacts; sightings"},
      {Phase::Consequences, "consequences", HookAt::Before, consequences,
       "sanctions change offenders' activity (deterrence or defiance); offenders' activity recovers; hidden "
       "social problems emerge and escalate, are detected early by outreach and neighbours, referred, and cared for "
       "within welfare capacity"},
      {Phase::Attitudes, "attitudes", HookAt::Before, attitudes,
       "fear moves towards its sources (fast up, slow down); trust in the police, municipality and corporation "
       "updates on contacts with negative-contact asymmetry and on results seen on the block (a change in disorder or "
       "incidents, credited to the institution doing the work; a report answered with feedback); awareness of the "
       "wijkagent; anchored responsibility and "
       "threshold participation; avoidance; guardianship, cohesion and collective efficacy on blocks; residents "
       "forget approaches' teams or hear of them from ties"},
      {Phase::Volunteers, "volunteers", HookAt::Before, nullptr,
       "a place for the work of volunteer teams; no built-in approach acts here (Buurtpreventie's teams "
       "organise in the context phase, guard before offending and walk before the professionals)"},
      {Phase::Mobility, "mobility", HookAt::Before, mobility,
       "households move out by tenure, age, fear and victimisation and are replaced by newcomers; offenders desist and "
       "new ones start"},
      {Phase::Measurement, "measurement", HookAt::Before, measurement,
       "weekly population values of every outcome, the approaches' own outcomes among them (approaches may decide on "
       "them, such as a phase switch); the simulated survey's fieldwork in the weeks before each wave (also in the "
       "burn-in) and its weighted estimates in the wave's week"},
      {Phase::Accounting, "accounting", HookAt::Before, accounting,
       "the running incident count per block that directs presence; this week's participation becomes last week's "
       "(hours, costs, incidents and reports are booked where they happen)"},
  }};
  return schedule;
}

}  // namespace buurtsim
