// Wijkveiligheidsaanpak, outreaching and "doorpakken" (docs/odd.md section 12; source 002,
// VeelzijdigVeilig; parameters model/approaches/wijkveiligheid/params.def; model/approaches/wijkveiligheid/README.md).
// Every week, per neighbourhood with a budget, each organisation spends its task hours on the
// team's activities it does, by its own declared shares: the police on monitoring the nuisance
// offenders aged 15-24 on social media (as far as needed; unused hours go to its other
// activities), walking and talking in the street, presence on blocks and confrontations; the
// municipality on street work, visits to "best persons" and confrontations (its BOAs and the
// mayor's powers against housing nuisance); welfare on street work, best persons and dialogue
// with nuisance youth and their parents; the corporation on street work, best persons and
// confrontations (tenancy measures). Street hours (team contacts) sharpen the problem picture,
// so a larger share of presence, confrontations and dialogues reaches the hot blocks and the
// most active nuisance causers (the targeting accuracy); best-person visits recruit active
// residents; confrontations lower their activity and announce a consequence that follows
// incidents during the follow-up period; dialogue lowers the youth's activity and their home
// block's nuisance; presence on blocks sends youth away (displacement then follows from
// offenders' choice of block by perceived risk, model/phases/offending.cpp). A joint goal lowers
// every organisation's coordination loss. Monitoring detects incidents (sanctions) and costs the
// trust of youth and of the monitored offenders' ties.
#include <algorithm>
#include <array>
#include <cmath>

#include "model/approach_module.hpp"
#include "model/approaches/team.hpp"

namespace buurtsim::approaches::wijkveiligheid {

#define BUURTSIM_MODULE_PARAMS "model/approaches/wijkveiligheid/params.def"
#include "model/approaches/module_params.inc"

namespace {

// House visits and street conversations.
constexpr std::string_view kVisitsStream = "wijkveiligheid.visits";
constexpr std::uint32_t kVisitsId = stream_id(kVisitsStream);
// Monitoring of offenders.
constexpr std::string_view kMonitoringStream = "wijkveiligheid.monitoring";
constexpr std::uint32_t kMonitoringId = stream_id(kMonitoringStream);

// Decisions drawn from kVisits in one week: each has its own agent key
// (resident id * kDecisions + decision), so no two decisions share random words.
// REQUIRES: fewer than 2^32 / kDecisions residents.
enum Decision : std::uint32_t {
  kStreet,
  kBestPerson,
  kConfrontPick,
  kDialoguePick,
  kParent,
  kFollowThrough,
  kDecisions
};

std::uint32_t agent(std::uint32_t id, Decision d) { return id * kDecisions + d; }

// A record of a visit to the person now living at `id`: visits to someone who moved out since
// do not count (ids are reused by newcomers).
bool visited_within(const World& w, std::uint32_t id, std::int16_t week, int weeks) {
  if (week == kNever) return false;
  const std::int16_t arrived = w.residents.arrived[id];
  return (arrived == kNever || arrived < week) && w.week - week < weeks;
}

// A resident the team met at home without a trust-moving contact (confronted offenders: the
// trust consequence of a confrontation is carried by the sanction when it follows).
void meets_team(World& w, std::uint32_t id) {
  w.residents.team_aware[id] = 1;
  w.neighbourhoods[w.residents.neighbourhood[id]].week.team_contacts += 1;
}

// Probability that at least one of k incidents leads to a sanction, each with probability p.
double any_of(double p, std::uint32_t k) { return 1.0 - std::pow(1.0 - p, static_cast<double>(k)); }

// Orders offenders by current activity, most active first (ties by index).
auto more_active(const World& w) {
  return [&w](std::uint32_t a, std::uint32_t b) {
    const float x = w.offenders.activity[a], y = w.offenders.activity[b];
    return x != y ? x > y : a < b;
  };
}

// The team's activities, and the task each is booked on.
enum Activity : std::size_t {
  kMonitoring,
  kStreetWork,
  kBlockPresence,
  kBestPersonVisits,
  kConfrontations,
  kDialogues,
  kActivities
};
constexpr std::array<ApproachTask, kActivities> kTaskOf = {kTaskEnforcement, kTaskOutreach,    kTaskPresence,
                                                           kTaskOutreach,    kTaskEnforcement, kTaskCare};

// Shares of each organisation's task hours by activity (params.def); only activities the
// organisation does have a parameter (organisation_does holds for their tasks).
using Shares = std::array<std::array<double, kActivities>, kOrganisations>;

struct Neighbourhood {                                                    // module state per neighbourhood
  double confront = 0, dialogue = 0, confront_top = 0, dialogue_top = 0;  // fractional visits carried over
  std::size_t monitored = 0;                                              // offenders monitored this week
};

class Wijkveiligheid final : public Approach {
 public:
  explicit Wijkveiligheid(const ScenarioSpec& spec)
      : Approach("wijkveiligheid", spec), p_(read_settings(spec.params)) {}

  bool has_team() const override { return true; }

  void init(World& w) override {
    state_.assign(w.neighbourhoods.size(), {});
    members_.assign(w.neighbourhoods.size(), {});
    std::size_t blocks = 0;
    for (const auto& nb : w.neighbourhoods) blocks = std::max(blocks, nb.blocks.size());
    for (std::uint32_t oi = 0; oi < w.offenders.size(); ++oi)
      members_[w.residents.neighbourhood[w.offenders.resident[oi]]].push_back(oi);
    confronted_.assign(w.offenders.size(), kNever);
    dialogue_.assign(w.offenders.size(), kNever);
    incidents_.assign(w.offenders.size(), 0);
    eligible_.reserve(w.offenders.size());
    keyed_.reserve(w.offenders.size());
    monitored_.reserve(w.offenders.size());
    hot_.reserve(blocks);
    marked_.assign(w.residents.size(), 0);
    touched_.reserve(w.residents.size());
  }

  // Source 002: "We starten dan ook altijd met het opstellen van het gezamenlijke doel".
  double coordination_reduction(const World&, std::size_t) const override {
    return as_bool(p_.joint_goal) ? p_.joint_goal_reduction : 0.0;
  }

 private:
  void do_act(Phase phase, World& w) override {
    if (phase == Phase::Context) {
      monitored_.clear();
      for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb)
        if (has_budget(w, nb)) plan(w, nb);
    } else if (phase == Phase::Consequences) {
      follow_up(w);
    }
  }

  // Each organisation's shares, as declared. With dialogue off, welfare's dialogue share goes to
  // its street work; with monitoring off, the police's monitoring share goes to its other
  // activities (in proportion to their shares). An organisation's shares adding up to more than
  // 1 are scaled down; less than 1 leaves the rest of its hours without modelled effect.
  Shares shares() const {
    Shares s{};
    s[kOrgPolice][kMonitoring] = p_.police_monitoring_share;
    s[kOrgPolice][kStreetWork] = p_.police_street_share;
    s[kOrgPolice][kBlockPresence] = p_.police_presence_share;
    s[kOrgPolice][kConfrontations] = p_.police_confrontation_share;
    s[kOrgMunicipality][kStreetWork] = p_.municipality_street_share;
    s[kOrgMunicipality][kBestPersonVisits] = p_.municipality_best_person_share;
    s[kOrgMunicipality][kConfrontations] = p_.municipality_confrontation_share;
    s[kOrgWelfare][kStreetWork] = p_.welfare_street_share;
    s[kOrgWelfare][kBestPersonVisits] = p_.welfare_best_person_share;
    s[kOrgWelfare][kDialogues] = p_.welfare_dialogue_share;
    s[kOrgCorporation][kStreetWork] = p_.corporation_street_share;
    s[kOrgCorporation][kBestPersonVisits] = p_.corporation_best_person_share;
    s[kOrgCorporation][kConfrontations] = p_.corporation_confrontation_share;
    if (!as_bool(p_.dialogue)) {
      s[kOrgWelfare][kStreetWork] += s[kOrgWelfare][kDialogues];
      s[kOrgWelfare][kDialogues] = 0;
    }
    for (auto& org : s) {
      double sum = 0;
      for (double x : org) sum += x;
      if (sum > 1.0)
        for (double& x : org) x /= sum;
    }
    return s;
  }

  // The hours of each organisation by activity this week, booked on the activities' tasks;
  // monitoring takes what it needs of the police's monitoring share (monitor()).
  void plan(World& w, std::size_t nb) {
    const NeighbourhoodState& s = w.neighbourhoods[nb];
    const double residents = s.last_resident - s.first_resident;
    const Shares sh = shares();
    std::array<std::array<double, kActivities>, kOrganisations> hours{};
    for (std::size_t o = 0; o < kOrganisations; ++o)
      for (std::size_t a = 0; a < kActivities; ++a)
        hours[o][a] = task_hours(nb, static_cast<Organisation>(o)) * sh[o][a];
    auto& police = hours[kOrgPolice];
    const double unused = police[kMonitoring] - monitor(w, nb, police[kMonitoring]);
    police[kMonitoring] -= unused;
    double others = 0;
    for (std::size_t a = kStreetWork; a < kActivities; ++a) others += sh[kOrgPolice][a];
    if (others > 0)
      for (std::size_t a = kStreetWork; a < kActivities; ++a) police[a] += unused * sh[kOrgPolice][a] / others;
    std::array<double, kActivities> total{};
    for (std::size_t o = 0; o < kOrganisations; ++o) {
      const auto org = static_cast<Organisation>(o);
      double spent = 0;
      for (std::size_t a = 0; a < kActivities; ++a) {
        book(w, nb, org, kTaskOf[a], hours[o][a]);
        total[a] += hours[o][a];
        spent += hours[o][a];
      }
      book(w, nb, org, kTaskOverhead, std::max(0.0, task_hours(nb, org) - spent));  // shares below 1
    }
    // docs/odd.md section 12: presence sharpens the problem picture (targeting accuracy).
    const double accuracy = std::min(
        1.0, p_.targeting_base + p_.targeting_gain * (residents > 0 ? total[kStreetWork] * 1000.0 / residents : 0.0));
    meet_in_street(w, nb, total[kStreetWork]);
    visit_best_persons(w, nb, total[kBestPersonVisits] / p_.hours_per_visit);
    confront(w, nb, total[kConfrontations] / p_.hours_per_visit, accuracy);
    if (as_bool(p_.dialogue)) talk(w, nb, total[kDialogues] / p_.hours_per_visit, accuracy);
    place_presence(w, nb, total[kBlockPresence], accuracy);
  }

  // Source 002: "Tegelijkertijd monitoren we hen op social media". The nuisance offenders aged
  // 15-24, the most active first as far as the hours go; returns the hours used.
  double monitor(const World& w, std::size_t nb, double hours) {
    state_[nb].monitored = 0;
    if (!as_bool(p_.monitoring)) return 0.0;
    eligible_.clear();
    for (std::uint32_t oi : members_[nb])
      if (youth_offender(w, oi)) eligible_.push_back(oi);
    std::size_t n = eligible_.size();
    if (p_.monitoring_hours > 0) n = std::min(n, static_cast<std::size_t>(hours / p_.monitoring_hours));
    std::partial_sort(eligible_.begin(), eligible_.begin() + static_cast<std::ptrdiff_t>(n), eligible_.end(),
                      more_active(w));
    monitored_.insert(monitored_.end(), eligible_.begin(), eligible_.begin() + static_cast<std::ptrdiff_t>(n));
    state_[nb].monitored = n;
    return std::min(hours, p_.monitoring_hours * static_cast<double>(n));
  }

  // Source 002: "contact met bewoners op straat leggen (in plaats van tijdens formele
  // overleggen)". Residents aged 15+ met at random; those avoiding the street less often.
  void meet_in_street(World& w, std::size_t nb, double hours) {
    const double contacts = p_.street_contacts * hours;
    if (contacts <= 0) return;
    const Residents& r = w.residents;
    const NeighbourhoodState& s = w.neighbourhoods[nb];
    const double avoid = w.spec.params.exposure.avoidance_street_factor;
    double weights = 0;
    for (std::uint32_t id = s.first_resident; id < s.last_resident; ++id)
      if (is_adult(r.age[id])) weights += r.avoiding[id] ? avoid : 1.0;
    if (weights <= 0) return;
    for (std::uint32_t id = s.first_resident; id < s.last_resident; ++id) {
      if (!is_adult(r.age[id])) continue;
      const double p = std::min(1.0, contacts * (r.avoiding[id] ? avoid : 1.0) / weights);
      Draws d(w.key, kVisitsId, w.week, agent(id, kStreet));
      if (d.bernoulli(p)) team_contact(w, id, d);
    }
  }

  // Source 002: "huisbezoeken afleggen bij 'best persons'". Residents who care (responsibility
  // at least best_person_threshold) but have not taken part in the past year are visited at
  // random; they take part now, and their anchor and propensity to take part rise.
  void visit_best_persons(World& w, std::size_t nb, double visits) {
    if (visits <= 0) return;
    Residents& r = w.residents;
    const NeighbourhoodState& s = w.neighbourhoods[nb];
    double candidates = 0;
    for (std::uint32_t id = s.first_resident; id < s.last_resident; ++id) candidates += best_person(w, id) ? 1 : 0;
    if (candidates <= 0) return;
    const double p = std::min(1.0, visits / candidates);
    for (std::uint32_t id = s.first_resident; id < s.last_resident; ++id) {
      if (!best_person(w, id)) continue;
      Draws d(w.key, kVisitsId, w.week, agent(id, kBestPerson));
      if (!d.bernoulli(p)) continue;
      team_contact(w, id, d);
      r.responsibility_anchor[id] =
          static_cast<float>(std::min(1.0, r.responsibility_anchor[id] + p_.best_person_responsibility));
      r.participation_base[id] = static_cast<float>(r.participation_base[id] + p_.best_person_participation);
      r.last_active[id] = static_cast<std::int16_t>(w.week);
    }
  }

  // Source 002: "Wij bellen aan bij de notoire veroorzakers van woonoverlast, om te vertellen
  // welke verbetering we willen zien en wat de consequenties zullen zijn". Focused deterrence:
  // activity falls by confrontation_effect (negative: defiance); follow_up() delivers the
  // consequence.
  void confront(World& w, std::size_t nb, double visits, double accuracy) {
    Neighbourhood& c = state_[nb];
    eligible_.clear();
    for (std::uint32_t oi : members_[nb])
      if (nuisance_offender(w, oi) && !visited_within(w, w.offenders.resident[oi], confronted_[oi], revisit()))
        eligible_.push_back(oi);
    const std::size_t n = choose(w, visits, accuracy, c.confront, c.confront_top, kConfrontPick);
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t oi = eligible_[k];
      lower_activity(w, oi, p_.confrontation_effect);
      confronted_[oi] = static_cast<std::int16_t>(w.week);
      meets_team(w, w.offenders.resident[oi]);
    }
  }

  // Source 002: "maar gaan ook de dialoog met hen en ouders aan en lastige gesprekken gaan we
  // bij hen thuis aan". Nuisance offenders aged 15-24: their activity falls by dialogue_effect;
  // their parents (household members aged 25+) have a contact with the team.
  void talk(World& w, std::size_t nb, double visits, double accuracy) {
    Neighbourhood& c = state_[nb];
    eligible_.clear();
    for (std::uint32_t oi : members_[nb])
      if (youth_offender(w, oi) && !visited_within(w, w.offenders.resident[oi], dialogue_[oi], revisit()))
        eligible_.push_back(oi);
    const std::size_t n = choose(w, visits, accuracy, c.dialogue, c.dialogue_top, kDialoguePick);
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t oi = eligible_[k], id = w.offenders.resident[oi];
      lower_activity(w, oi, p_.dialogue_effect);
      dialogue_[oi] = static_cast<std::int16_t>(w.week);
      meets_team(w, id);
      const std::uint32_t h = w.residents.household[id];
      for (std::uint32_t m = w.households.first[h]; m < w.households.first[h + 1]; ++m) {
        if (m == id || w.residents.age[m] < kAge25_44) continue;
        Draws d(w.key, kVisitsId, w.week, agent(m, kParent));
        team_contact(w, m, d);
      }
    }
    // The groups of youth in dialogue calm down: less norm violation on their home blocks.
    for (std::uint32_t oi : members_[nb]) {
      const std::uint32_t id = w.offenders.resident[oi];
      if (!visited_within(w, id, dialogue_[oi], revisit())) continue;
      float& f = w.blocks.nuisance_factor[w.residents.block[id]];
      f = static_cast<float>(std::max(0.0, f * (1.0 - p_.dialogue_block_effect)));
    }
  }

  // Presence and enforcement ("we sturen de overlastgevende jeugd weg"): the accurate share on
  // the hot blocks (most recent incidents) evenly, the rest evenly over all blocks.
  void place_presence(World& w, std::size_t nb, double hours, double accuracy) {
    if (hours <= 0) return;
    Blocks& b = w.blocks;
    const auto& blocks = w.neighbourhoods[nb].blocks;
    if (blocks.empty()) return;
    hot_.assign(blocks.begin(), blocks.end());
    const auto k = std::clamp<std::size_t>(
        static_cast<std::size_t>(std::lround(p_.hot_block_share * static_cast<double>(blocks.size()))), 1,
        blocks.size());
    std::partial_sort(
        hot_.begin(), hot_.begin() + static_cast<std::ptrdiff_t>(k), hot_.end(), [&](std::uint32_t x, std::uint32_t y) {
          return b.incidents_recent[x] != b.incidents_recent[y] ? b.incidents_recent[x] > b.incidents_recent[y] : x < y;
        });
    const double even = (1.0 - accuracy) * hours / static_cast<double>(blocks.size());
    for (std::uint32_t x : blocks) b.approach_presence[x] += static_cast<float>(even);
    for (std::size_t i = 0; i < k; ++i)
      b.approach_presence[hot_[i]] += static_cast<float>(accuracy * hours / static_cast<double>(k));
  }

  // Consequences hook: confronted nuisance causers who do not improve (offend during the
  // follow-up period) and monitored offenders are sanctioned per incident with a probability;
  // monitoring costs the trust of youth and of the monitored offenders' ties.
  void follow_up(World& w) {
    for (const Incident& inc : w.incidents)
      if (inc.offender >= 0) {
        auto& k = incidents_[static_cast<std::size_t>(inc.offender)];
        if (k < 0xFFFF) ++k;
      }
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      if (!has_budget(w, nb) || p_.follow_through <= 0) continue;
      for (std::uint32_t oi : members_[nb]) {
        const std::uint32_t id = w.offenders.resident[oi];
        if (incidents_[oi] == 0 || !visited_within(w, id, confronted_[oi], revisit())) continue;
        Draws d(w.key, kVisitsId, w.week, agent(id, kFollowThrough));
        if (d.bernoulli(any_of(p_.follow_through, incidents_[oi]))) sanction(w, oi);
      }
    }
    for (std::uint32_t oi : monitored_) {
      if (incidents_[oi] == 0) continue;
      Draws d(w.key, kMonitoringId, w.week, w.offenders.resident[oi]);
      if (d.bernoulli(any_of(p_.monitoring_detection, incidents_[oi]))) sanction(w, oi);
    }
    for (const Incident& inc : w.incidents)
      if (inc.offender >= 0) incidents_[static_cast<std::size_t>(inc.offender)] = 0;
    monitoring_trust(w);
  }

  // Every resident aged 15-24 of a neighbourhood where offenders are monitored, and every tie
  // of a monitored offender, loses monitoring_trust_cost once this week.
  void monitoring_trust(World& w) {
    const double cost = p_.monitoring_trust_cost;
    if (monitored_.empty() || cost <= 0) return;
    auto charge = [&](std::uint32_t id) {
      if (marked_[id]) return;
      marked_[id] = 1;
      touched_.push_back(id);
      shift_trust(w, id, -cost);
    };
    for (std::uint32_t oi : monitored_) {
      const std::uint32_t id = w.offenders.resident[oi];
      charge(id);
      for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k) charge(w.network.ties[k]);
    }
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      if (state_[nb].monitored == 0) continue;
      const NeighbourhoodState& s = w.neighbourhoods[nb];
      for (std::uint32_t id = s.first_resident; id < s.last_resident; ++id)
        if (w.residents.age[id] == kAge15_24) charge(id);
    }
    for (std::uint32_t id : touched_) marked_[id] = 0;
    touched_.clear();
  }

  // Puts this week's targets first in eligible_ and returns their number: the visits the
  // hours pay for (fractions carried over in `visits_credit`), a share `accuracy` of them the
  // most active (carried over in `top_credit`), the rest drawn evenly from the others.
  std::size_t choose(const World& w, double visits, double accuracy, double& visits_credit, double& top_credit,
                     Decision decision) {
    visits_credit += std::max(0.0, visits);
    const double whole = std::floor(visits_credit);
    visits_credit -= whole;
    const std::size_t n = std::min(eligible_.size(), static_cast<std::size_t>(whole));
    if (n == 0) return 0;
    top_credit += accuracy * static_cast<double>(n);
    const std::size_t top = std::min(n, static_cast<std::size_t>(std::floor(top_credit)));
    top_credit -= static_cast<double>(top);
    std::partial_sort(eligible_.begin(), eligible_.begin() + static_cast<std::ptrdiff_t>(top), eligible_.end(),
                      more_active(w));
    keyed_.clear();
    for (std::size_t i = top; i < eligible_.size(); ++i) {
      Draws d(w.key, kVisitsId, w.week, agent(w.offenders.resident[eligible_[i]], decision));
      keyed_.push_back(static_cast<std::uint64_t>(d.bits()) << 32 | eligible_[i]);
    }
    const auto rest = static_cast<std::ptrdiff_t>(n - top);
    std::nth_element(keyed_.begin(), keyed_.begin() + rest, keyed_.end());
    for (std::ptrdiff_t i = 0; i < rest; ++i)
      eligible_[top + static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(keyed_[static_cast<std::size_t>(i)]);
    return n;
  }

  static bool nuisance_offender(const World& w, std::uint32_t oi) {
    return w.offenders.active[oi] && w.offenders.kind[oi] == kNuisanceOffender;
  }
  static bool youth_offender(const World& w, std::uint32_t oi) {
    return nuisance_offender(w, oi) && w.residents.age[w.offenders.resident[oi]] == kAge15_24;
  }
  bool best_person(const World& w, std::uint32_t id) const {
    const Residents& r = w.residents;
    const bool active = r.last_active[id] != kNever && w.week - r.last_active[id] < 52;
    return is_adult(r.age[id]) && !active && r.responsibility[id] >= p_.best_person_threshold;
  }

  static void lower_activity(World& w, std::uint32_t oi, double effect) {
    float& a = w.offenders.activity[oi];
    a = static_cast<float>(std::clamp(a * (1.0 - effect), 0.0, 20.0));
  }

  static void sanction(World& w, std::uint32_t oi) {
    w.sanctioned.push_back(oi);
    w.neighbourhoods[w.residents.neighbourhood[w.offenders.resident[oi]]].week.sanctions += 1;
  }

  int revisit() const { return as_int(p_.revisit_weeks); }

  Settings p_;
  std::vector<Neighbourhood> state_;
  std::vector<std::vector<std::uint32_t>> members_;  // offenders living in each neighbourhood
  std::vector<std::int16_t> confronted_, dialogue_;  // week of the last visit, per offender
  std::vector<std::uint16_t> incidents_;             // this week's incidents, per offender
  std::vector<std::uint32_t> eligible_, monitored_, hot_, touched_;
  std::vector<std::uint64_t> keyed_;
  std::vector<std::uint8_t> marked_;
};

}  // namespace

ApproachModule module() {
  return {"wijkveiligheid",
          "model/approaches/wijkveiligheid/README.md",
          param_specs(),
          {kVisitsStream, kMonitoringStream},
          {},
          {Phase::Context, Phase::Consequences},
          [](const ScenarioSpec& spec) -> std::unique_ptr<Approach> { return std::make_unique<Wijkveiligheid>(spec); }};
}

}  // namespace buurtsim::approaches::wijkveiligheid
