#pragma once
// The state of one simulated municipality, as structure-of-arrays. Index = id: resident ids,
// block ids and offender ids are dense and stable for the whole run, so random streams keyed
// by id give common random numbers across scenarios.
//
// Threading contract: within a phase, a resident-parallel loop writes only the slots of its
// own residents; anything several residents contribute to (block counts, report queues) is
// written in a sequential pass in id order or built from per-chunk partials reduced in chunk
// order. A phase reads only state left by earlier phases (or the previous week).
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "model/grid.hpp"
#include "model/params.hpp"
#include "model/response.hpp"
#include "model/rng.hpp"
#include "model/spec.hpp"

namespace buurtsim {

enum AgeGroup : std::uint8_t { kAge0_14, kAge15_24, kAge25_44, kAge45_64, kAge65Plus, kAgeGroups };
inline bool is_adult(std::uint8_t age) { return age != kAge0_14; }
enum Tenure : std::uint8_t { kOwner, kCorporation, kPrivateRental, kTenures };
enum IncidentType : std::uint8_t { kNuisance, kBurglary, kTheft, kVandalism, kViolence, kIncidentTypes };
// The organisations whose professional hours the baseline service and the approaches share.
enum Organisation : std::uint8_t { kOrgPolice, kOrgMunicipality, kOrgWelfare, kOrgCorporation, kOrganisations };
// What approaches spend their hours on (the outcomes hours_<task>): contacts with residents,
// presence on blocks, enforcement (sanctions, confrontation, monitoring), care and prevention,
// the physical environment, support of others (volunteers, professional development), and
// overhead (hours lost to coordination, spent off the design (fidelity), or with no task left).
enum ApproachTask : std::uint8_t {
  kTaskOutreach,
  kTaskPresence,
  kTaskEnforcement,
  kTaskCare,
  kTaskEnvironment,
  kTaskSupport,
  kTaskOverhead,
  kApproachTasks
};
// Which tasks an organisation's hours may go to (docs/odd.md section 12, "Each organisation its own
// tasks"): the police patrol, enforce and follow up reports (case work is enforcement) and meet
// residents; the municipality keeps public space, enforces through its BOAs and meets residents;
// welfare reaches out and gives care (mediation is care); the corporation maintains its
// dwellings and their surroundings, meets its tenants and takes tenancy measures against
// troublesome households (enforcement). Every organisation may support volunteers and colleagues
// and loses hours to overhead. An approach books each organisation's hours on that
// organisation's tasks only (Approach::book checks it).
inline constexpr bool organisation_does(Organisation org, ApproachTask task) {
  if (task == kTaskOverhead || task == kTaskSupport) return true;
  switch (org) {
    case kOrgPolice:
      return task == kTaskOutreach || task == kTaskPresence || task == kTaskEnforcement;
    case kOrgMunicipality:
      return task == kTaskOutreach || task == kTaskEnforcement || task == kTaskEnvironment;
    case kOrgWelfare:
      return task == kTaskOutreach || task == kTaskCare;
    case kOrgCorporation:
      return task == kTaskOutreach || task == kTaskEnforcement || task == kTaskEnvironment;
    default:
      return false;
  }
}

enum OffenderKind : std::uint8_t { kNuisanceOffender, kPropertyOffender };

inline constexpr std::int16_t kNever = std::numeric_limits<std::int16_t>::min();
inline constexpr std::uint16_t kBufferNeighbourhood = 0xFFFF;

// Bits of Residents::week_events, cleared at the start of every week.
enum WeekEvent : std::uint8_t {
  kEventVictimised = 1,   // victim of a traditional offence (here or elsewhere)
  kEventContactGood = 2,  // police contact with good procedural quality
  kEventContactBad = 4,   // police contact with poor procedural quality
  kEventReported = 8,     // reported something to the police
  kEventUnanswered = 16,  // a report of theirs was not followed up
  kEventSanctioned = 32,  // sanctioned, or a household member was
  kEventDetected = 64,    // an emerging social problem was detected (early)
  kEventEscalated = 128,  // a social problem became acute
};

// Bits of Residents::last_offence: what happened to the resident's last victimisation.
enum LastOffence : std::uint8_t { kLastReported = 1, kLastAangifte = 2 };

struct Residents {
  // Fixed attributes.
  std::vector<std::uint16_t> neighbourhood;
  std::vector<std::uint32_t> block;
  std::vector<std::uint32_t> household;
  std::vector<std::uint8_t> age;     // AgeGroup
  std::vector<std::uint8_t> female;  // 1 = woman
  std::vector<std::uint8_t> tenure;  // Tenure (of the household)
  std::vector<std::uint8_t> migration;
  std::vector<std::uint8_t> isolated;
  std::vector<std::int32_t> offender;                      // index into Offenders, or -1
  std::vector<float> fear_base;                            // personal baseline of latent fear
  std::vector<float> trust_base;                           // personal baseline of trust in the police
  std::vector<float> disorder_bias;                        // personal bias in perceiving disorder (and traffic)
  std::vector<float> municipality_base, corporation_base;  // personal baselines of institutional trust
  std::vector<float> responsibility_anchor;                // own anchor of felt co-responsibility (0-1)
  std::vector<float> participation_base;                   // fixed personal propensity to take part
  std::vector<std::uint8_t> care_needs;                    // vulnerable through care needs
  std::vector<std::uint8_t> block_ties;                    // number of ties living on the own block (capped at 255)

  // Latent states.
  std::vector<float> fear;           // latent fear now
  std::vector<float> fear_recent;    // fear averaged over about 13 weeks (what a survey asks)
  std::vector<float> victim_memory;  // fades over months to years
  std::vector<float> witness_memory;
  std::vector<float> hearsay_memory;
  std::vector<float> nuisance_seen;    // running perception of weekly nuisance on the block
  std::vector<float> police_seen;      // running share of weeks with a police sighting
  std::vector<float> disorder_memory;  // running memory of perceived disorder on the block (trust from results)
  std::vector<float> incident_memory;  // running memory of incidents per 1,000 residents a week around the block
  std::vector<float> trust_police;     // 0-10
  std::vector<float> trust_municipality, trust_corporation;  // 0-10
  std::vector<float> responsibility;                         // felt co-responsibility, 0-1
  std::vector<std::uint8_t> aware;                           // knows the wijkagent
  std::vector<std::uint8_t> active_now, active_prev;         // took part this week / last week
  std::vector<std::uint8_t> problem;                         // hidden social problem: 0 none, 1 emerging, 2 acute
  std::vector<std::uint8_t> in_care;                         // weeks left in care (0: not in care), capped
  std::vector<std::uint8_t> avoiding;
  std::vector<std::uint8_t> team_aware;  // knows an approach's team or contact person
  std::vector<std::uint8_t> signalled;   // an approach signalled this resident's emerging problem this week

  // Records (weeks are recorded-week numbers; negative during burn-in; kNever if never).
  std::vector<std::int16_t> last_victimised;
  std::vector<std::int16_t> last_police_contact;
  std::vector<std::int16_t> last_active;
  std::vector<std::int16_t> arrived;       // week the resident moved in (kNever: there from the start)
  std::vector<std::uint8_t> last_offence;  // LastOffence bits of the last victimisation
  std::vector<std::uint8_t> last_report_unanswered;

  // This week's events (WeekEvent bits), written by the phase that causes them.
  std::vector<std::uint8_t> week_events;
  std::vector<std::uint8_t> witnessed;  // incidents witnessed this week

  std::size_t size() const { return neighbourhood.size(); }
};

struct Households {
  std::vector<std::uint32_t> first;  // residents of household h: [first[h], first[h+1])
  std::vector<std::int16_t> last_burglary;
  std::size_t size() const { return last_burglary.size(); }
};

struct Blocks {
  std::vector<std::uint16_t> neighbourhood;   // kBufferNeighbourhood for buffer blocks
  std::vector<std::uint32_t> first_resident;  // residents of block b: first_resident[b] + [0, count)
  std::vector<std::uint32_t> resident_count;
  std::vector<float> disorder;
  std::vector<float> place_risk;      // persistent attractiveness of the place (lognormal, mean 1; fixed)
  std::vector<float> attract_extra;   // near-repeat extra attractiveness
  std::vector<float> risk;            // deterrence (0-1) from police presence on the block, with its residue
  std::vector<float> perceived_risk;  // risk plus diffusion from adjacent blocks, at most 1 (what offenders weigh)
  std::vector<std::uint16_t> deployed_weeks;  // consecutive weeks of presence above the threshold
  std::vector<float> presence_hours;          // police presence this week
  std::vector<float> guardianship;            // residents on the street (share not avoiding)
  std::vector<float> incidents_recent;        // running weekly incident count (for patrol targeting)
  std::vector<std::array<std::uint16_t, kIncidentTypes>> incidents_week;
  std::vector<float> cohesion;           // 0-1: density and age of local ties, shared activity
  std::vector<float> efficacy;           // collective efficacy = cohesion x mean responsibility
  std::vector<float> traffic;            // traffic and parking nuisance (fixed)
  std::vector<float> corporation_share;  // share of residents renting from the corporation (fixed)
  std::vector<float> tie_density;        // mean of min(1, own block ties / 3) over adults (fixed)
  // What approaches do on a block this week (zero without approaches; reset every week).
  std::vector<float> approach_presence;  // police hours of approaches, on top of the baseline presence
  std::vector<float> approach_cleanup;   // share of the block's disorder removed by approaches' crews
  std::vector<float> nuisance_factor;    // multiplier of ordinary residents' norm violation (mediation, youth work)
  std::vector<float> watch_walks;        // neighbourhood-watch walks through the block this week
  std::vector<float>
      scratch;  // next-week values while a block phase reads this week's (attitudes: incidents around the block)
  // Shares of this week's disorder work on the block (removal, and neglect prevented by
  // maintenance) done by the municipality (regular maintenance, clean-up, approaches' crews) and
  // by the corporation: whom residents credit with a change (trust from results, attitudes()).
  std::vector<float> work_municipality, work_corporation;
  // This week's chance to see the police on the block, out on the street and avoiding it: the
  // same for everyone on the block, so computed once per block (professionals()).
  std::vector<double> p_see_street, p_see_avoiding;
  std::size_t size() const { return neighbourhood.size(); }
};

struct Offenders {
  std::vector<std::uint32_t> resident;
  std::vector<std::uint8_t> kind;            // OffenderKind
  std::vector<float> own_activity;           // personal long-run activity level
  std::vector<float> activity;               // current activity (falls after sanctions, recovers)
  std::vector<std::uint8_t> active;          // offends now (offender cohorts: onset and desistance)
  std::vector<std::int32_t> last_household;  // household of the offender's last burglary, or -1
  std::vector<std::int16_t> last_burglary;   // week of it
  std::size_t size() const { return resident.size(); }
};

// Undirected ties in compressed sparse rows: the ties of resident i are
// ties[offset[i] .. offset[i+1]).
struct Network {
  std::vector<std::uint32_t> offset;
  std::vector<std::uint32_t> ties;
};

struct Incident {
  std::uint32_t block;
  std::uint8_t type;            // IncidentType
  std::int32_t offender;        // offender index, or -1 for an ordinary resident's norm violation
  std::int32_t victim;          // resident id, or -1 (nuisance, buffer)
  std::int32_t household = -1;  // a burglar's return to a household burgled before, or -1
};

// A report to the police, followed up in the police phase in order of seriousness within the
// police's capacity. A report of no incident (a neighbourhood watch's low-value report) has
// incident kNoIncident; it is followed up like any other and can lead to no sanction.
inline constexpr std::uint32_t kNoIncident = 0xFFFFFFFFu;
struct Report {
  std::uint32_t reporter;
  std::uint32_t incident;  // index into this week's incidents, or kNoIncident
  std::uint32_t priority;  // keyed random tie-breaker
  std::uint8_t seriousness;
  // Agent id of the follow-up's draws (stream police.response): the incident's index, or for a
  // report of no incident an id of at least 2^31 that its maker chose (unique in the week).
  std::uint32_t key;
};

// Counters of one neighbourhood in the current week (the accounting of step 11).
struct WeekAccounts {
  std::array<double, kIncidentTypes> incidents{};
  double incidents_buffer = 0;  // incidents in the buffer by offenders living here
  double victimisations = 0;
  double reports = 0, reports_followed_up = 0, reports_unanswered = 0, feedback_given = 0, recorded = 0;
  double sanctions = 0;
  double municipality_hours = 0, welfare_hours = 0, corporation_hours = 0, other_coordination = 0;
  double problems_emerging = 0, detected_early = 0, escalated = 0;
  double referrals = 0, referrals_completed = 0, care_cases = 0;
  double police_hours_available = 0, police_hours_response = 0, police_hours_presence = 0;
  double police_hours_coordination = 0;
  // Regular work the baseline service lost to approaches' redeployed hours (model/capacity.hpp),
  // in hours after coordination loss: police patrol presence and follow-up of reports, municipal
  // clean-up, welfare outreach and care, the corporation's maintenance.
  double lost_presence_hours = 0, lost_followup_hours = 0, lost_cleanup_hours = 0;
  double lost_outreach_hours = 0, lost_care_hours = 0, lost_maintenance_hours = 0;
  // Approaches: hours granted per organisation (additional and redeployed), their coordination
  // loss, costs other than hours, redeployed hours that capacity could not cover.
  std::array<double, kOrganisations> approach_hours{};
  std::array<double, kApproachTasks> task_hours{};  // the same hours by task
  // The same hours by organisation and task (organisation_does holds wherever they are not 0).
  std::array<std::array<double, kApproachTasks>, kOrganisations> org_task_hours{};
  double approach_coordination = 0, approach_cost_eur = 0, overcommitted_hours = 0;
  double approach_one_off_cost_eur = 0;  // the part of approach_cost_eur that is one-off (trainings)
  // What approaches with a team or with volunteers have in common (the cost-benefit values
  // both); outcomes of one approach only are kept by its module (Approach::record).
  double team_contacts = 0, volunteers = 0;
};

struct NeighbourhoodState {
  std::string name;
  Params params;
  std::uint32_t first_resident = 0, last_resident = 0;  // [first, last)
  std::vector<std::uint32_t> blocks;
  WeekAccounts week;
  bool staff_changed = false;  // the wijkagent was replaced this week
  // Set every week before the hooks (model/approach.hpp): baseline hours approaches took over,
  // and what approaches change in the baseline service (1, 1 and 0 without approaches).
  std::array<double, kOrganisations> redeployed{};
  double coordination_factor = 1.0;  // multiplies every organisation's coordination loss
  double onset_factor = 1.0;         // multiplies the onset of offending (offender inflow)
  double outreach_hours = 0.0;       // extra welfare outreach hours for early detection
  double care_hours = 0.0;           // extra welfare hours for care of detected cases
  double team_reassurance = 0.0;     // fall of the fear target of residents who know a team (team_aware)
};

// A fixed partition of residents into chunks that never straddle a neighbourhood; parallel
// loops run over chunks and per-chunk partial sums are reduced in chunk order, so no number
// depends on the thread count.
struct Chunk {
  std::uint32_t begin, end;
  std::uint16_t neighbourhood;
};

struct World {
  ScenarioSpec spec;
  RunSettings settings;
  StreamKey key;
  Grid grid;
  std::vector<NeighbourhoodState> neighbourhoods;
  Residents residents;
  Households households;
  Blocks blocks;
  Offenders offenders;
  Network network;
  std::vector<Chunk> chunks;
  std::optional<NeighbourhoodQuery> search_area;  // blocks an offender knows around home
  std::optional<NeighbourhoodQuery> adjacent;     // von Neumann radius 1, for near repeats

  // Per-week scratch, sized at initialisation (no allocation in the weekly loop).
  std::vector<Incident> incidents;
  std::vector<Incident> incident_slots;  // per offender / per block, fixed capacity each
  std::vector<std::uint8_t> incident_counts;
  std::vector<Report> reports;
  std::vector<std::uint32_t> sanctioned;        // offender indices sanctioned this week
  std::vector<std::uint32_t> active_offenders;  // this week's offending offenders, by index
  std::vector<std::uint64_t> care_queue;        // (priority << 32 | resident) referred to care this week
  // What attitudes() reads of each resident's ties, copied at the start of the phase and packed
  // so that a tie costs one cache miss instead of four (ties reach across the neighbourhood).
  // Ties are read only here, so the phase writes residents' own awareness and responsibility in
  // place: every resident sees its ties as they were at the start of the phase.
  struct TieState {
    float responsibility;
    std::uint8_t events, aware, active_prev;
  };
  std::vector<TieState> tie_state;  // per resident

  // Expected whole-grade answers (model/response.hpp), tabulated for this scenario's spreads.
  response::GradeExpectation rating_grade, trust_grade;

  int week = 0;                       // current recorded week (negative during burn-in)
  double offending_multiplier = 1.0;  // context: trend and season
  double fear_shift = 0.0;            // context: national trend in baseline fear
};

}  // namespace buurtsim
