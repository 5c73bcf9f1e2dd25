// Buurtpreventie and Buurtpreventie PLUS (docs/odd.md section 12; source 004; parameters
// model/approaches/buurtpreventie/params.def). Volunteer teams, each with its own area of contiguous blocks
// around a home block, recruit adults of their area who were active in the past year (more
// like-minded residents when diversity is low) and walk their area while they have the minimum
// size. Where they walk they add guardianship, notice incidents not yet reported and report them
// (fewer with several reporting points: one meldpunt makes reporting easy), and, untrained, make
// low-value reports, which the police follow up like any report within their capacity, and get
// into confrontations that escalate. A team
// that took up "niet pluis" signalling passes on emerging social problems of residents of its
// area to the professionals (care.signal_followup), more often where a member shares the
// resident's group. Members' motivation rises with feedback on their reports, falls without it
// and when there is nothing to see; unmotivated members leave. The organisations' hours support
// the teams (all book them as support); the police's support hours give the feedback on reports.
#include <algorithm>
#include <cmath>

#include "model/approach_module.hpp"
#include "model/phases/phases.hpp"

namespace buurtsim::approaches::buurtpreventie {

#define BUURTSIM_MODULE_PARAMS "model/approaches/buurtpreventie/params.def"
#include "model/approaches/module_params.inc"

namespace {

// Its own outcomes, in the order of module().
constexpr std::size_t kVolunteerReports = 0;
constexpr std::size_t kLowValueReports = 1;

// Recruitment and dropout of volunteers.
constexpr std::string_view kRecruitStream = "buurtpreventie.recruit";
constexpr std::uint32_t kRecruitId = stream_id(kRecruitStream);
// What volunteers see and do on walks.
constexpr std::string_view kWalkStream = "buurtpreventie.walk";
constexpr std::uint32_t kWalkId = stream_id(kWalkStream);
// Volunteers' reports and their value.
constexpr std::string_view kReportStream = "buurtpreventie.report";
constexpr std::uint32_t kReportId = stream_id(kReportStream);

constexpr std::uint32_t kTeamKey = 0x80000000u;  // draws keyed by team index, apart from resident ids

struct Team {
  std::uint16_t nb = 0;
  std::vector<std::uint32_t> area;  // blocks
  std::vector<std::uint32_t> members;
  std::vector<float> motivation;
  std::vector<std::int16_t> joined;  // week each member joined
  bool niet_pluis = false;           // took "niet pluis" signalling up
  double walks = 0, reports = 0, seen = 0;
};

class Buurtpreventie final : public Approach {
 public:
  explicit Buurtpreventie(const ScenarioSpec& spec)
      : Approach("buurtpreventie", spec), p_(read_settings(spec.params)) {}

  void init(World& w) override {
    member_.assign(w.residents.size(), 0);
    block_team_.assign(w.blocks.size(), -1);
    reported_.reserve(w.incident_slots.size());
    const auto size = static_cast<std::size_t>(as_int(p_.team_size));
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      const NeighbourhoodState& s = w.neighbourhoods[nb];
      const double per_1000 = read_settings(s.params).teams_per_1000;
      if (per_1000 <= 0 || s.blocks.empty()) continue;
      const auto n = std::max<std::size_t>(
          1, static_cast<std::size_t>(std::lround(per_1000 * (s.last_resident - s.first_resident) / 1000.0)));
      for (std::size_t k = 0; k < n; ++k) {
        Team t;
        t.nb = static_cast<std::uint16_t>(nb);
        const std::size_t home = k * s.blocks.size() / n;
        for (std::size_t j = 0;
             j < std::min<std::size_t>(static_cast<std::size_t>(as_int(p_.area_blocks)), s.blocks.size()); ++j)
          t.area.push_back(s.blocks[(home + j) % s.blocks.size()]);
        t.members.reserve(size);
        t.motivation.reserve(size);
        t.joined.reserve(size);
        const auto index = static_cast<std::int32_t>(teams_.size());
        for (std::uint32_t b : t.area)
          if (block_team_[b] < 0) block_team_[b] = index;
        // Keyed apart from the founding week's recruitment draws of the same team.
        Draws d(w.key, kRecruitId, start_week(), kTeamKey + 0x20000000u + static_cast<std::uint32_t>(index));
        t.niet_pluis = as_bool(p_.training_niet_pluis) && d.bernoulli(p_.niet_pluis_uptake);
        teams_.push_back(std::move(t));
      }
    }
  }

 private:
  void do_act(Phase phase, World& w) override {
    if (phase == Phase::Context) organise(w);
    if (phase == Phase::Offending) guard(w);
    if (phase == Phase::Professionals) walk(w);
  }

  bool walking(const World& w, const Team& t) const {
    return has_budget(w, t.nb) && t.members.size() >= static_cast<std::size_t>(as_int(p_.min_size));
  }
  double untrained() const { return as_bool(p_.training_safety) ? 1.0 - p_.training_effect : 1.0; }

  // Members who moved away are gone; teams below their size recruit; this week's costs.
  void organise(World& w) {
    // Every organisation's hours support the teams: the police's give feedback on the teams'
    // reports (feedback_and_motivation); the municipality's and welfare's coordinate, train and
    // take the "niet pluis" signals, with no modelled effect of their own.
    for (std::size_t nb = 0; nb < neighbourhoods(); ++nb) book_all(w, nb, kTaskSupport);
    const double trainings = (as_bool(p_.training_safety) ? 1.0 : 0.0) + (as_bool(p_.training_niet_pluis) ? 1.0 : 0.0);
    for (std::size_t k = 0; k < teams_.size(); ++k) {
      Team& t = teams_[k];
      if (!has_budget(w, t.nb)) continue;
      for (std::size_t i = t.members.size(); i-- > 0;)
        if (w.residents.arrived[t.members[i]] > t.joined[i]) remove(t, i);
      const auto size = static_cast<std::size_t>(as_int(p_.team_size));
      Draws d(w.key, kRecruitId, w.week, kTeamKey + static_cast<std::uint32_t>(k));
      const double p = std::min(1.0, p_.recruitment * (as_bool(p_.recruitment_support) ? 2.0 : 1.0));
      const bool founding = w.week == start_week();
      while (t.members.size() < size && (founding || d.bernoulli(p))) {
        if (!recruit(w, t, d)) break;
        w.neighbourhoods[t.nb].week.approach_cost_eur += p_.training_cost * trainings;
        w.neighbourhoods[t.nb].week.approach_one_off_cost_eur += p_.training_cost * trainings;
        if (!founding) break;
      }
      t.walks = walking(w, t) ? p_.walks_per_week : 0.0;
      auto& acc = w.neighbourhoods[t.nb].week;
      acc.volunteers += static_cast<double>(t.members.size());
      acc.approach_cost_eur += p_.expenses * static_cast<double>(t.members.size());
    }
  }

  // One adult of the area, active in the past year and not yet a member, drawn with weights that
  // favour older, owning residents without a migration background when diversity is low.
  bool recruit(World& w, Team& t, Draws& d) {
    const Residents& r = w.residents;
    const double bias = 1.5 * (1.0 - p_.diversity);
    auto weight = [&](std::uint32_t id) {
      if (!is_adult(r.age[id]) || member_[id]) return 0.0;
      if (r.last_active[id] == kNever || w.week - r.last_active[id] >= 52) return 0.0;
      const int like = (r.age[id] == kAge65Plus ? 1 : 0) + (r.tenure[id] == kOwner ? 1 : 0) + (r.migration[id] ? 0 : 1);
      return std::exp(bias * like);
    };
    double total = 0;
    for (std::uint32_t b : t.area)
      for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
           ++id)
        total += weight(id);
    if (total <= 0) return false;
    double u = d.uniform() * total;
    for (std::uint32_t b : t.area)
      for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
           ++id) {
        const double x = weight(id);
        if (x <= 0 || (u -= x) > 0) continue;
        t.members.push_back(id);
        t.motivation.push_back(static_cast<float>(p_.initial_motivation));
        t.joined.push_back(static_cast<std::int16_t>(w.week));
        member_[id] = 1;
        return true;
      }
    return false;
  }

  void remove(Team& t, std::size_t i) {
    member_[t.members[i]] = 0;
    t.members.erase(t.members.begin() + static_cast<std::ptrdiff_t>(i));
    t.motivation.erase(t.motivation.begin() + static_cast<std::ptrdiff_t>(i));
    t.joined.erase(t.joined.begin() + static_cast<std::ptrdiff_t>(i));
  }

  // Guardianship where teams walk (the blocks' guardianship is recomputed every week).
  void guard(World& w) {
    for (const Team& t : teams_)
      for (std::uint32_t b : t.area) {
        w.blocks.guardianship[b] += static_cast<float>(t.walks * p_.guardianship_per_walk);
        w.blocks.watch_walks[b] += static_cast<float>(t.walks);
      }
  }

  // What the teams notice and report, their harms, signals, feedback and motivation.
  void walk(World& w) {
    for (Team& t : teams_) t.reports = t.seen = 0;
    report_incidents(w);
    std::uint32_t low_value_key = kTeamKey;  // the week's low-value reports, numbered
    for (std::size_t k = 0; k < teams_.size(); ++k) {
      Team& t = teams_[k];
      if (t.walks <= 0) continue;
      Draws d(w.key, kWalkId, w.week, kTeamKey + static_cast<std::uint32_t>(k));
      const std::uint32_t low = d.poisson(t.walks * p_.low_value_rate * untrained());
      report_low_value(w, t, k, low, low_value_key);
      for (int walk = 0; walk < static_cast<int>(std::ceil(t.walks)); ++walk)
        if (d.bernoulli(p_.escalation_rate * untrained() * std::min(1.0, t.walks - walk))) escalate(w, t, d);
      if (t.niet_pluis) signal_problems(w, t);
      feedback_and_motivation(w, t, k);
    }
  }

  // Low-value reports go to the police's queue like any report (the police cannot tell them
  // from others before following them up): the least serious kind (as nuisance), made by a
  // member drawn at random, followed up within the police's capacity at police.hours_per_report
  // each, and without an offender to find.
  void report_low_value(World& w, Team& t, std::size_t k, std::uint32_t low, std::uint32_t& key) {
    if (low == 0) return;
    Draws d(w.key, kReportId, w.week, kTeamKey + static_cast<std::uint32_t>(k));
    for (std::uint32_t j = 0; j < low; ++j) {
      const std::uint32_t reporter = t.members[d.below(static_cast<std::uint32_t>(t.members.size()))];
      w.reports.push_back({reporter, kNoIncident, d.bits(), phases::report_seriousness(kNuisance), key++});
      w.residents.week_events[reporter] |= kEventReported;
    }
    w.neighbourhoods[t.nb].week.reports += low;
    add_to(w, t.nb, kLowValueReports, low);
    t.reports += low;
  }

  void report_incidents(World& w) {
    reported_.assign(w.incidents.size(), 0);
    for (const Report& rep : w.reports)
      if (rep.incident != kNoIncident) reported_[rep.incident] = 1;
    const double channel = as_int(p_.meldpunt) == 0 ? 1.0 : p_.several_meldpunt_factor;
    for (std::uint32_t i = 0; i < w.incidents.size(); ++i) {
      const Incident& inc = w.incidents[i];
      const std::int32_t k = block_team_[inc.block];
      if (k < 0 || inc.type == kViolence) continue;
      Team& t = teams_[static_cast<std::size_t>(k)];
      if (t.walks <= 0) continue;
      Draws d(w.key, kReportId, w.week, i);
      if (!d.bernoulli(1.0 - std::pow(1.0 - p_.notice, t.walks))) continue;
      t.seen += 1;
      if (reported_[i] || !d.bernoulli(channel)) continue;
      const std::uint32_t reporter = t.members[d.below(static_cast<std::uint32_t>(t.members.size()))];
      w.reports.push_back({reporter, i, d.bits(), phases::report_seriousness(inc.type), i});
      w.residents.week_events[reporter] |= kEventReported;
      auto& acc = w.neighbourhoods[t.nb].week;
      acc.reports += 1;
      add_to(w, t.nb, kVolunteerReports, 1);
      t.reports += 1;
    }
  }

  // A confrontation that escalates on one block of the area: its residents see it.
  void escalate(World& w, Team& t, Draws& d) {
    const std::uint32_t b = t.area[d.below(static_cast<std::uint32_t>(t.area.size()))];
    for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
         ++id)
      w.residents.witness_memory[id] += static_cast<float>(p_.escalation_fear);
    for (float& m : t.motivation) m = static_cast<float>(std::max(0.0, m - p_.escalation_motivation));
  }

  // "Niet pluis": emerging problems of residents of the area, noticed more often where a member
  // shares the resident's group.
  void signal_problems(World& w, Team& t) {
    Residents& r = w.residents;
    bool old = false, young = false, migrant = false, native = false;
    for (std::uint32_t m : t.members) {
      (r.age[m] == kAge65Plus ? old : young) = true;
      (r.migration[m] ? migrant : native) = true;
    }
    for (std::uint32_t b : t.area)
      for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
           ++id) {
        if (r.problem[id] != 1 || r.in_care[id] > 0) continue;
        const bool age_match = r.age[id] == kAge65Plus ? old : young;
        const bool origin_match = r.migration[id] ? migrant : native;
        const double p = p_.niet_pluis_notice * (age_match && origin_match ? 1.0 : p_.mismatch_factor);
        Draws d(w.key, kWalkId, w.week, id);
        if (!d.bernoulli(1.0 - std::pow(1.0 - p, t.walks))) continue;
        r.signalled[id] = 1;
        t.seen += 1;
      }
  }

  // Feedback on the team's reports comes from the police's support hours (the police follow
  // the reports up), shared equally over the neighbourhood's teams.
  void feedback_and_motivation(World& w, Team& t, std::size_t k) {
    std::size_t teams_here = 0;
    for (const Team& x : teams_) teams_here += x.nb == t.nb ? 1 : 0;
    const double capacity = task_hours(t.nb, kOrgPolice) / static_cast<double>(teams_here) / p_.hours_per_feedback;
    const double given = std::min(t.reports * p_.feedback_share, capacity);
    const double share = t.reports > 0 ? given / t.reports : 0.0;
    Draws d(w.key, kRecruitId, w.week, kTeamKey + 0x40000000u + static_cast<std::uint32_t>(k));
    for (std::size_t i = t.members.size(); i-- > 0;) {
      double m = t.motivation[i];
      if (t.reports > 0) m += p_.motivation_gain * share - p_.motivation_loss * (1.0 - share);
      if (t.seen == 0) m -= p_.boredom;
      t.motivation[i] = static_cast<float>(std::clamp(m, 0.0, 1.0));
      if (d.bernoulli(p_.dropout * (1.0 - t.motivation[i]))) remove(t, i);
    }
  }

  Settings p_;
  std::vector<Team> teams_;
  std::vector<std::uint8_t> member_;      // per resident: member of a team
  std::vector<std::int32_t> block_team_;  // per block: the team whose area it is, or -1
  std::vector<std::uint8_t> reported_;    // per incident of this week: reported already
};

}  // namespace

ApproachModule module() {
  return {"buurtpreventie",
          "model/approaches/buurtpreventie/README.md",
          param_specs(),
          {kRecruitStream, kWalkStream, kReportStream},
          {module_outcome("volunteer_reports", "reports/week", 0, 1e9, Pooling::Sum, Better::Neither,
                          "Reports by neighbourhood-watch volunteers this week (useful ones)"),
           module_outcome("low_value_reports", "reports/week", 0, 1e9, Pooling::Sum, Better::Lower,
                          "Low-value or false reports by neighbourhood-watch volunteers this week (in the police's "
                          "report queue, followed up like any report within capacity)")},
          {Phase::Context, Phase::Offending, Phase::Professionals},
          [](const ScenarioSpec& spec) -> std::unique_ptr<Approach> { return std::make_unique<Buurtpreventie>(spec); }};
}

}  // namespace buurtsim::approaches::buurtpreventie
