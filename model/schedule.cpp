#include "model/schedule.hpp"

namespace buurtsim {

const std::array<PhaseInfo, kPhases>& weekly_schedule() {
  static const std::array<PhaseInfo, kPhases> schedule = {{
      {Phase::Context, "context",
       "national trends in offending and baseline fear, seasonality, victimisation outside the neighbourhood; "
       "then approaches get this week's hours (additional, or redeployed from the organisations' capacity)"},
      {Phase::Offending, "offending",
       "offenders and ordinary residents cause incidents on blocks chosen by attractiveness, guardianship and "
       "perceived risk; victims chosen on the block (repeat burglary); near-repeat attractiveness"},
      {Phase::Disorder, "disorder",
       "nuisance, vandalism and neglect add physical disorder (less neglect where the corporation maintains); "
       "regular maintenance, collective efficacy and municipal clean-up hours remove it"},
      {Phase::Exposure, "exposure",
       "residents witness incidents on their block, perceive disorder and nuisance, hear of ties' victimisation"},
      {Phase::Reporting, "reporting",
       "victims and witnesses report to the police by offence type, trust and past unanswered reports; "
       "formal reports become recorded crime"},
      {Phase::Professionals, "professionals",
       "police hours (less coordination loss) go to following up reports in order of seriousness, then to "
       "presence on blocks by recent incidents; police-initiated contacts; sightings"},
      {Phase::Consequences, "consequences",
       "sanctions change offenders' activity (deterrence or defiance); offenders' activity recovers; hidden "
       "social problems emerge and escalate, are detected early by outreach and neighbours, referred, and cared for "
       "within welfare capacity"},
      {Phase::Attitudes, "attitudes",
       "fear moves towards its sources (fast up, slow down); trust in the police, municipality and corporation "
       "updates on contacts with negative-contact asymmetry; awareness of the wijkagent; anchored responsibility and "
       "threshold participation; avoidance; guardianship, cohesion and collective efficacy on blocks; residents "
       "forget approaches' teams or hear of them from ties"},
      {Phase::Volunteers, "volunteers", "volunteer teams (none in the baseline; approach modules add them)"},
      {Phase::Mobility, "mobility",
       "households move out by tenure, age, fear and victimisation and are replaced by newcomers; offenders desist and "
       "new ones start"},
      {Phase::Measurement, "measurement",
       "weekly population values of every outcome; the simulated survey on survey waves"},
      {Phase::Accounting, "accounting",
       "the running incident count per block that directs presence; this week's participation becomes last week's "
       "(hours, costs, incidents and reports are booked where they happen)"},
  }};
  return schedule;
}

}  // namespace buurtsim
