// Buurtactieplan Passart, Heerlen (docs/odd.md section 12; source 003; parameters
// model/approaches/bap/params.def; model/approaches/bap/README.md). Two phases.
// Phase 1, "Hartslag in de buurt" (source 003: 'focust op de zwaarste problematiek ... door
// middel van buurtbemiddeling, een woonomgevingsploeg en casuïstiekoverleg'): case conferences
// (case_conference.hpp) choose prolific offenders, troublesome households and youth groups from
// what the partners have recorded, at the start and every bap.review_weeks. Each organisation
// works on them with its own tasks: the police enforce on the target offenders and are present
// on their blocks; the municipality's physical-environment crew cleans the most disordered
// blocks and its BOAs enforce on the target nuisance offenders; welfare cares for the target
// households and mediates on the blocks of the households and youth groups; the corporation
// takes tenancy measures against target households renting from it and maintains. The balance
// parameter divides the hours of the organisations that do both ('een balans ... tussen
// preventie en repressie'). Information sharing lowers coordination loss.
// Phase 2, from bap.switch_week or the week after what the municipality sees (recorded crime,
// the latest survey wave) passes a threshold: the seven action lines ('De zeven actielijnen'),
// each organisation's hours going to the lines it carries out in proportion to their budgets.
// Phase 1's work tapers off over bap.transition_weeks while phase 2 takes over its hours.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "model/approach_module.hpp"
#include "model/approaches/bap/case_conference.hpp"
#include "model/approaches/team.hpp"
#include "model/items.hpp"
#include "model/measurement.hpp"
#include "model/parallel.hpp"

namespace buurtsim::approaches::bap {

#define BUURTSIM_MODULE_PARAMS "model/approaches/bap/params.def"
#include "model/approaches/module_params.inc"

namespace {

// Its own outcomes, in the order of module().
constexpr std::size_t kApproachPhase = 0;

// Case-conference work with target offenders (a sanction draw per offender and week).
constexpr std::string_view kTargetsStream = "bap.targets";
constexpr std::uint32_t kTargetsId = stream_id(kTargetsStream);
// Phase-2 action lines.
constexpr std::string_view kLinesStream = "bap.lines";
constexpr std::uint32_t kLinesId = stream_id(kLinesStream);
// Work with target households: care contact, its quality, a behaviour agreement.
constexpr std::string_view kHouseholdsStream = "bap.households";
constexpr std::uint32_t kHouseholdsId = stream_id(kHouseholdsStream);

enum Line : std::size_t {
  kPublicSpace,
  kSchools,
  kYouth,
  kParticipation,
  kSocialMobility,
  kVulnerability,
  kProfessional,
  kLines
};

constexpr int kNoSwitch = std::numeric_limits<int>::max();
constexpr int kNotSelected = std::numeric_limits<int>::min();

// What the switch condition watches.
enum class Watch { Nothing, RecordedCrime, Survey };

// Phase 1's hours of this week per unit of work, set before the offending and used at the
// consequences.
struct PhaseOneWeek {
  double enforcement = 0;  // police hours per live target offender
  double boa = 0;          // BOA hours per live target nuisance offender
  double care = 0;         // welfare care hours per live care household
  double tenancy = 0;      // corporation hours per live care household renting from it
};

// Module state of one neighbourhood; every vector is sized in init().
struct Area {
  double residents = 0, adults = 0;
  std::vector<std::uint32_t> offenders;  // offender slots of the neighbourhood's residents
  Targets targets;                       // chosen by the last case conference
  PhaseOneWeek week;
  std::vector<std::uint32_t> blocks;   // scratch: this week's presence blocks
  std::vector<float> disorder;         // scratch of the crew: block disorder, descending
  std::vector<std::uint32_t> schools;  // blocks with a school (fixed)
  int selected_week = kNotSelected;
  // Each organisation's share of its phase-2 hours per action line (0 everywhere: no line on).
  std::array<std::array<double, kLines>, kOrganisations> line_share{};
};

bool rents_from_corporation(const World& w, std::uint32_t h) {
  return w.residents.tenure[w.households.first[h]] == kCorporation;
}

class Bap final : public Approach {
 public:
  explicit Bap(const ScenarioSpec& spec) : Approach("bap", spec), p_(read_settings(spec.params)) {
    for (const auto& nb : spec.neighbourhoods) local_.push_back(read_settings(nb.params));
    if (as_int(p_.switch_week) >= 0) switch_at_ = as_int(p_.switch_week);
    // What the municipality watches: recorded crime, or a survey indicator's latest estimate.
    const int choice = as_int(p_.switch_outcome);
    if (choice > 0) {
      const Outcome o =
          outcome_named(param(*find_param("bap.switch_outcome")).choice_list()[static_cast<std::size_t>(choice)]);
      watch_ = o == Outcome::recorded_crime ? Watch::RecordedCrime : Watch::Survey;
      item_ = static_cast<std::size_t>(o);
      BUURTSIM_CHECK(watch_ == Watch::RecordedCrime || (outcome_info(o).survey_indicator && item_ < kItems),
                     "the switch watches recorded crime or a survey indicator");
      recorded_.assign(static_cast<std::size_t>(std::max(1, as_int(p_.switch_recorded_weeks))), 0.0);
    }
  }

  void init(World& w) override {
    areas_.resize(w.neighbourhoods.size());
    records_.init(w);
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      const NeighbourhoodState& s = w.neighbourhoods[nb];
      Area& a = areas_[nb];
      a.residents = s.last_resident - s.first_resident;
      for (std::uint32_t id = s.first_resident; id < s.last_resident; ++id) {
        a.adults += is_adult(w.residents.age[id]) ? 1 : 0;  // ages are fixed (movers keep the make-up)
        if (w.residents.offender[id] >= 0) a.offenders.push_back(static_cast<std::uint32_t>(w.residents.offender[id]));
      }
      const std::size_t n = a.offenders.size();
      Targets& t = a.targets;
      for (auto* v : {&t.offenders, &t.households, &t.youth}) v->reserve(n);
      t.persons.reserve(3 * n);  // the three kinds before their overlaps are removed
      t.care.reserve(2 * n);
      t.agreed.reserve(2 * n);
      t.mediation.reserve(n + s.blocks.size());
      t.places.reserve(s.blocks.size());
      a.blocks.reserve(n + s.blocks.size());
      a.disorder.reserve(s.blocks.size());
      conference_.init(w, n, s.blocks.size());
      // School blocks: evenly spread over the neighbourhood's blocks (a fixed, documented rule).
      const std::size_t nblocks = s.blocks.size();
      const double wanted = p_.school_blocks_per_1000 * a.residents / 1000.0;
      const std::size_t count =
          wanted > 0 && nblocks > 0
              ? std::min(nblocks, std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(wanted))))
              : 0;
      for (std::size_t k = 0; k < count; ++k) a.schools.push_back(s.blocks[(2 * k + 1) * nblocks / (2 * count)]);
      set_line_shares(nb, a);
    }
  }

  // Phase 1: information sharing. Phase 2: professional development, from the line's budgeted
  // hours this week (this week's grant is not known yet when coordination is set). In the
  // transition both, each in proportion to its phase's part of the hours.
  double coordination_reduction(const World& w, std::size_t nb) const override {
    const double one = phase_one_share(w.week);
    double asked = 0;
    for (std::size_t o = 0; o < kOrganisations; ++o)
      asked += requested(w, nb, static_cast<Organisation>(o)) * areas_[nb].line_share[o][kProfessional];
    const double per_1000 = (1.0 - one) * asked * levers(nb).fidelity / per_thousand(nb);
    const double professional = 1.0 - std::exp(-p_.professional_per_hour * per_1000);
    return 1.0 - (1.0 - one * p_.information_sharing) * (1.0 - professional);
  }

  // The partners' records, every week from the burn-in on (read only: the world is not changed).
  void on_week_end(const World& w) override { records_.update(w, w.week, p_.record_weeks); }

  // Recorded crime, pooled over the plan's neighbourhoods by residents, into the window of the
  // last bap.switch_recorded_weeks weeks; the condition on its mean once the window is full.
  bool decides_on_outcomes() const override { return watch_ == Watch::RecordedCrime; }
  void on_measured(const World& w, const OutcomeTable& t) override {
    if (watch_ != Watch::RecordedCrime) return;
    double sum = 0, n = 0;
    for (std::size_t nb = 0; nb < neighbourhoods(); ++nb)
      if (planned(nb)) sum += t.at(Outcome::recorded_crime, nb) * areas_[nb].residents, n += areas_[nb].residents;
    recorded_[static_cast<std::size_t>(weeks_recorded_) % recorded_.size()] = n > 0 ? sum / n : std::nan("");
    ++weeks_recorded_;
    if (static_cast<std::size_t>(weeks_recorded_) < recorded_.size()) return;
    double mean = 0;
    for (double x : recorded_) mean += x / static_cast<double>(recorded_.size());
    decide(w, mean);
  }

  // The latest survey wave's estimate of the indicator, pooled over the plan's neighbourhoods by
  // residents (an undefined estimate anywhere: no decision on this wave).
  void on_survey(const World& w, const SurveyWaveResult& wave) override {
    if (watch_ != Watch::Survey || wave.neighbourhoods.size() != neighbourhoods()) return;
    double sum = 0, n = 0;
    for (std::size_t nb = 0; nb < neighbourhoods(); ++nb)
      if (planned(nb)) sum += wave.neighbourhoods[nb].estimate[item_] * areas_[nb].residents, n += areas_[nb].residents;
    decide(w, n > 0 ? sum / n : std::nan(""));
  }

 private:
  // Phase 2 from the next week if the window is open, phase 1 still runs, and the value passes
  // the threshold (NaN never does).
  void decide(const World& w, double value) {
    if (!active(w.week) || w.week + 1 >= switch_at_) return;
    const bool holds = as_int(p_.switch_when) == 0 ? value < p_.switch_threshold : value > p_.switch_threshold;
    if (holds) switch_at_ = w.week + 1;
  }
  // A neighbourhood in the plan: it has hours in some organisation (whether or not this week).
  bool planned(std::size_t nb) const {
    double h = 0;
    for (double x : levers(nb).hours_per_1000) h += x;
    return h > 0;
  }
  // Phase 1's part of this week's hours: 1 before the switch, falling linearly to 0 over
  // bap.transition_weeks from the switch week on (phase 2 gets the rest).
  double phase_one_share(int week) const {
    if (week < switch_at_) return 1.0;
    const double t = std::max(0.0, p_.transition_weeks);
    return std::max(0.0, 1.0 - static_cast<double>(week - switch_at_ + 1) / (t + 1.0));
  }
  double per_thousand(std::size_t nb) const { return std::max(1.0, areas_[nb].residents) / 1000.0; }
  double hours(std::size_t nb, Organisation org, double part) const { return task_hours(nb, org) * part; }

  void do_act(Phase phase, World& w) override {
    if (phase != Phase::Context && phase != Phase::Consequences) return;
    const double one = phase_one_share(w.week);
    for (std::size_t nb = 0; nb < neighbourhoods(); ++nb) {
      if (!has_budget(w, nb)) continue;
      Area& a = areas_[nb];
      if (phase == Phase::Consequences) {
        if (one > 0) enforce_and_care(w, a);
        continue;
      }
      record(w, nb, kApproachPhase, w.week < switch_at_ ? 1 : 2);
      if (one > 0) {
        if (a.selected_week == kNotSelected || w.week - a.selected_week >= as_int(p_.review_weeks))
          case_conference(w, nb, a);
        hartslag(w, nb, a, one);
      }
      if (one < 1) {
        action_lines(w, nb, a, 1.0 - one);
        w.neighbourhoods[nb].week.approach_cost_eur += p_.material_cost * (1.0 - one);
      }
    }
  }

  void case_conference(const World& w, std::size_t nb, Area& a) {
    const double per_1000 = a.residents / 1000.0;
    const auto count = [&](double rate) {
      return static_cast<std::size_t>(std::lround(std::max(0.0, rate) * per_1000));
    };
    TargetCounts c;
    c.offenders = count(local_[nb].targets_per_1000);
    c.households = count(local_[nb].households_per_1000);
    c.youth_groups = count(local_[nb].youth_groups_per_1000);
    c.group_min = static_cast<std::size_t>(std::max(2, as_int(p_.youth_group_min)));
    conference_.select(w, a.offenders, records_, c, a.targets);
    a.selected_week = w.week;
  }

  // Phase 1, before the week's offending: each organisation's hours (times `one`, phase 1's
  // part) on its own tasks; presence, mediation and the crew act now, enforcement, care and
  // tenancy measures at the consequences (the hours per unit are kept in a.week).
  void hartslag(World& w, std::size_t nb, Area& a, double one) {
    const Targets& t = a.targets;
    const double s = local_[nb].prevention_share;
    const double police = hours(nb, kOrgPolice, one), municipality = hours(nb, kOrgMunicipality, one);
    const double welfare = hours(nb, kOrgWelfare, one), corporation = hours(nb, kOrgCorporation, one);
    // The units still there: target offenders (and the nuisance offenders among them), their
    // home blocks and the youth groups' places, the households cared for (and those renting from
    // the corporation).
    double persons = 0, nuisance = 0, care = 0, tenants = 0;
    a.blocks.clear();
    for (std::uint32_t oi : t.persons) {
      if (!live_offender(w, oi, t.selected_week)) continue;
      persons += 1;
      nuisance += w.offenders.kind[oi] == kNuisanceOffender ? 1 : 0;
      a.blocks.push_back(w.residents.block[w.offenders.resident[oi]]);
    }
    if (persons > 0) a.blocks.insert(a.blocks.end(), t.places.begin(), t.places.end());
    std::sort(a.blocks.begin(), a.blocks.end());
    a.blocks.erase(std::unique(a.blocks.begin(), a.blocks.end()), a.blocks.end());
    for (std::uint32_t h : t.care) {
      if (!live_household(w, h, t.selected_week)) continue;
      care += 1;
      tenants += rents_from_corporation(w, h) ? 1 : 0;
    }
    // Municipality and corporation, preventive part: the physical-environment crew and the
    // corporation's maintenance, on the most disordered blocks first.
    crew(w, nb, a, (municipality + corporation) * s * p_.cleanup_per_hour);
    book(w, nb, kOrgMunicipality, kTaskEnvironment, municipality * s);
    book(w, nb, kOrgCorporation, kTaskEnvironment, corporation * s);
    // Police: presence on the target offenders' home blocks and the youth groups' places
    // (preventive), enforcement on the target offenders.
    if (persons > 0) {
      const auto presence = static_cast<float>(police * s / static_cast<double>(a.blocks.size()));
      for (std::uint32_t c : a.blocks) w.blocks.approach_presence[c] += presence;
      book(w, nb, kOrgPolice, kTaskPresence, police * s);
      book(w, nb, kOrgPolice, kTaskEnforcement, police * (1.0 - s));
    } else {
      book(w, nb, kOrgPolice, kTaskOverhead, police);  // no one left to work with: spent without effect
    }
    a.week.enforcement = persons > 0 ? police * (1.0 - s) / persons : 0.0;
    // Municipality, repressive part: BOA enforcement on the target nuisance offenders.
    book(w, nb, kOrgMunicipality, nuisance > 0 ? kTaskEnforcement : kTaskOverhead, municipality * (1.0 - s));
    a.week.boa = nuisance > 0 ? municipality * (1.0 - s) / nuisance : 0.0;
    // Welfare: mediation on the blocks of the troublesome households and youth groups, care for
    // the target households.
    const double mediation = welfare * p_.mediation_share, caring = welfare - mediation;
    if (!t.mediation.empty()) {
      const auto calm =
          static_cast<float>(std::exp(-p_.mediation_per_hour * mediation / static_cast<double>(t.mediation.size())));
      for (std::uint32_t c : t.mediation) w.blocks.nuisance_factor[c] *= calm;
    }
    book(w, nb, kOrgWelfare, t.mediation.empty() ? kTaskOverhead : kTaskCare, mediation);
    book(w, nb, kOrgWelfare, care > 0 ? kTaskCare : kTaskOverhead, caring);
    a.week.care = care > 0 ? caring / care : 0.0;
    // Corporation, repressive part: tenancy measures against target households renting from it.
    book(w, nb, kOrgCorporation, tenants > 0 ? kTaskEnforcement : kTaskOverhead, corporation * (1.0 - s));
    a.week.tenancy = tenants > 0 ? corporation * (1.0 - s) / tenants : 0.0;
  }

  // The physical-environment crew removes `units` of disorder from the most disordered blocks
  // first: it lowers them to a common level L with sum(max(0, d - L)) = units.
  void crew(World& w, std::size_t nb, Area& a, double units) {
    if (units <= 0) return;
    const auto& blocks = w.neighbourhoods[nb].blocks;
    a.disorder.clear();
    for (std::uint32_t c : blocks) a.disorder.push_back(w.blocks.disorder[c]);
    std::sort(a.disorder.begin(), a.disorder.end(), std::greater<>());
    double prefix = 0, level = 0;
    for (std::size_t k = 0; k < a.disorder.size(); ++k) {
      prefix += a.disorder[k];
      const double l = (prefix - units) / static_cast<double>(k + 1);
      if (k + 1 == a.disorder.size() || l >= a.disorder[k + 1]) {
        level = std::max(0.0, l);
        break;
      }
    }
    for (std::uint32_t c : blocks) {
      const double d = w.blocks.disorder[c];
      if (d > level) w.blocks.approach_cleanup[c] += static_cast<float>((d - level) / d);
    }
  }

  // Phase 1, at the consequences: sanctions of the target offenders (police and BOA enforcement),
  // then care and tenancy measures for the target households.
  void enforce_and_care(World& w, Area& a) {
    const Targets& t = a.targets;
    Offenders& o = w.offenders;
    Residents& r = w.residents;
    for (std::uint32_t oi : t.persons) {
      if (!live_offender(w, oi, t.selected_week)) continue;
      const double enforcement = a.week.enforcement + (o.kind[oi] == kNuisanceOffender ? a.week.boa : 0.0);
      Draws d(w.key, kTargetsId, w.week, oi);
      if (d.uniform32() >= 1.0 - std::exp(-p_.sanction_per_hour * enforcement)) continue;
      w.sanctioned.push_back(oi);  // the baseline consequences lower activity and mark the household
      w.neighbourhoods[r.neighbourhood[o.resident[oi]]].week.sanctions += 1;
      const std::uint32_t id = o.resident[oi];
      if (p_.tie_trust_cost > 0)
        for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
          shift_trust(w, w.network.ties[k], -p_.tie_trust_cost);
    }
    const double p_contact = std::min(1.0, a.week.care / p_.hours_per_contact);
    const double care_factor = 1.0 - p_.care_activity_per_hour * a.week.care;
    const double p_agreement = 1.0 - std::exp(-p_.tenancy_per_hour * a.week.tenancy);
    const double gain = p_.care_trust_gain, loss = gain * w.spec.params.trust.negative_asymmetry;
    for (std::size_t k = 0; k < t.care.size(); ++k) {
      const std::uint32_t h = t.care[k];
      if (!live_household(w, h, t.selected_week)) continue;
      Draws d(w.key, kHouseholdsId, w.week, h);
      const double u_contact = d.uniform32(), u_quality = d.uniform32(), u_agreement = d.uniform32();
      const bool agreement = !a.targets.agreed[k] && rents_from_corporation(w, h) && u_agreement < p_agreement;
      if (agreement) a.targets.agreed[k] = 1;
      const double factor = care_factor * (agreement ? 1.0 - p_.agreement_effect : 1.0);
      const std::uint32_t first = w.households.first[h], last = w.households.first[h + 1];
      for (std::uint32_t m = first; m < last; ++m) {
        if (r.offender[m] < 0) continue;
        const auto oi = static_cast<std::size_t>(r.offender[m]);
        if (o.active[oi]) o.own_activity[oi] = static_cast<float>(std::clamp(o.own_activity[oi] * factor, 0.0, 20.0));
      }
      if (u_contact < p_contact) {
        const double delta = u_quality < p_.care_quality ? gain : -loss;
        for (std::uint32_t m = first; m < last; ++m)
          if (is_adult(r.age[m])) shift_trust(w, m, delta);
      }
    }
  }

  // Each organisation's share of its phase-2 hours per line: its part of each line it carries
  // out that is on, times the line's budget, over the sum of those. Lines 1 (municipality and
  // corporation), 4 (municipality and welfare) and 7 (all) are divided among their
  // organisations in proportion to their hours levers, line 2 by bap.school_clean_share.
  void set_line_shares(std::size_t nb, Area& a) const {
    const auto& h = levers(nb).hours_per_1000;
    const auto among = [&](std::initializer_list<Organisation> orgs, Organisation o) {
      double total = 0;
      bool in = false;
      for (Organisation x : orgs) total += h[x], in |= x == o;
      return in && total > 0 ? h[o] / total : 0.0;
    };
    const std::array<std::pair<double, double>, kLines> lines = {{
        {p_.line_public_space, p_.line_public_space_hours},
        {p_.line_schools, p_.line_schools_hours},
        {p_.line_youth, p_.line_youth_hours},
        {p_.line_participation, p_.line_participation_hours},
        {p_.line_social_mobility, p_.line_social_mobility_hours},
        {p_.line_vulnerability, p_.line_vulnerability_hours},
        {p_.line_professional, p_.line_professional_hours},
    }};
    for (std::size_t oi = 0; oi < kOrganisations; ++oi) {
      const auto o = static_cast<Organisation>(oi);
      std::array<double, kLines> part{};
      part[kPublicSpace] = among({kOrgMunicipality, kOrgCorporation}, o);
      part[kSchools] = o == kOrgPolice         ? 1.0 - p_.school_clean_share
                       : o == kOrgMunicipality ? p_.school_clean_share
                                               : 0.0;
      part[kYouth] = o == kOrgWelfare ? 1.0 : 0.0;
      part[kParticipation] = among({kOrgMunicipality, kOrgWelfare}, o);
      part[kSocialMobility] = o == kOrgMunicipality ? 1.0 : 0.0;
      part[kVulnerability] = o == kOrgWelfare ? 1.0 : 0.0;
      part[kProfessional] = among({kOrgPolice, kOrgMunicipality, kOrgWelfare, kOrgCorporation}, o);
      double total = 0;
      for (std::size_t l = 0; l < kLines; ++l) total += as_bool(lines[l].first) ? part[l] * lines[l].second : 0.0;
      for (std::size_t l = 0; l < kLines; ++l)
        a.line_share[oi][l] = total > 0 && as_bool(lines[l].first) ? part[l] * lines[l].second / total : 0.0;
    }
  }

  // Phase 2: the seven action lines, each organisation's hours (times `two`, phase 2's part) on
  // the lines it carries out, booked on its own tasks.
  void action_lines(World& w, std::size_t nb, Area& a, double two) {
    std::array<std::array<double, kLines>, kOrganisations> h{};
    for (std::size_t o = 0; o < kOrganisations; ++o) {
      const double total = hours(nb, static_cast<Organisation>(o), two);
      double on = 0;
      for (std::size_t l = 0; l < kLines; ++l) h[o][l] = total * a.line_share[o][l], on += a.line_share[o][l];
      if (on <= 0) book(w, nb, static_cast<Organisation>(o), kTaskOverhead, total);  // no line of its own on
    }
    const auto line = [&](Line l) {
      return h[kOrgPolice][l] + h[kOrgMunicipality][l] + h[kOrgWelfare][l] + h[kOrgCorporation][l];
    };
    book(w, nb, kOrgMunicipality, kTaskEnvironment, h[kOrgMunicipality][kPublicSpace] + h[kOrgMunicipality][kSchools]);
    book(w, nb, kOrgCorporation, kTaskEnvironment, h[kOrgCorporation][kPublicSpace]);
    book(w, nb, kOrgPolice, kTaskPresence, h[kOrgPolice][kSchools]);
    book(w, nb, kOrgWelfare, kTaskCare,
         h[kOrgWelfare][kYouth] + h[kOrgWelfare][kVulnerability] * p_.vulnerability_care_share);
    book(w, nb, kOrgWelfare, kTaskOutreach,
         h[kOrgWelfare][kParticipation] + h[kOrgWelfare][kVulnerability] * (1.0 - p_.vulnerability_care_share));
    book(w, nb, kOrgMunicipality, kTaskOutreach,
         h[kOrgMunicipality][kParticipation] + h[kOrgMunicipality][kSocialMobility]);
    for (std::size_t o = 0; o < kOrganisations; ++o)
      book(w, nb, static_cast<Organisation>(o), kTaskSupport, h[o][kProfessional]);
    NeighbourhoodState& s = w.neighbourhoods[nb];
    // 1. Kwaliteit van wonen: public space, clean-up across the neighbourhood.
    clean_in_proportion(w, s.blocks, line(kPublicSpace) * p_.cleanup_per_hour);
    // 2. Veilig en schoon: police presence on and municipal cleaning of the school blocks.
    if (!a.schools.empty()) {
      clean_in_proportion(w, a.schools, h[kOrgMunicipality][kSchools] * p_.cleanup_per_hour);
      const auto presence = static_cast<float>(h[kOrgPolice][kSchools] / static_cast<double>(a.schools.size()));
      if (presence > 0)
        for (std::uint32_t c : a.schools) w.blocks.approach_presence[c] += presence;
    }
    // 3. Jong geleerd: active nuisance offenders aged 15-24 and their home blocks.
    if (line(kYouth) > 0) youth(w, a, line(kYouth));
    // 4. Iedereen doet mee: residents reached take part and feel more responsible.
    if (line(kParticipation) > 0 && a.adults > 0)
      participation(w, nb, std::min(1.0, line(kParticipation) * p_.participation_reach / a.adults));
    // 5. Sociale stijging: a lower onset of offending (inflow of offenders over the years).
    s.onset_factor *= std::exp(-p_.mobility_onset_per_hour * line(kSocialMobility) / per_thousand(nb));
    // 6. Oog voor kwetsbaarheid: welfare outreach (early detection) and care capacity.
    s.care_hours += line(kVulnerability) * p_.vulnerability_care_share;
    s.outreach_hours += line(kVulnerability) * (1.0 - p_.vulnerability_care_share);
    // 7. Nieuwe professionaliteit acts through coordination_reduction().
  }

  static bool young_nuisance(const World& w, std::uint32_t oi) {
    return w.offenders.active[oi] && w.offenders.kind[oi] == kNuisanceOffender &&
           w.residents.age[w.offenders.resident[oi]] == kAge15_24;
  }

  void youth(World& w, const Area& a, double hours) {
    double n = 0;
    for (std::uint32_t oi : a.offenders) n += young_nuisance(w, oi) ? 1 : 0;
    if (n <= 0) return;
    const double per = hours / n;
    const double activity = std::exp(-p_.youth_activity_per_hour * per);
    const auto calm = static_cast<float>(std::exp(-p_.youth_nuisance_per_hour * per));
    for (std::uint32_t oi : a.offenders) {
      if (!young_nuisance(w, oi)) continue;
      w.offenders.activity[oi] = static_cast<float>(std::clamp(w.offenders.activity[oi] * activity, 0.0, 20.0));
      w.blocks.nuisance_factor[w.residents.block[w.offenders.resident[oi]]] *= calm;
    }
  }

  // Each resident aged 15+ is reached with probability p (keyed by resident; parallel over the
  // neighbourhood's chunks, each writing only its own residents).
  void participation(World& w, std::size_t nb, double p) {
    const double gain = p_.participation_responsibility;
    for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
      if (ch.neighbourhood != nb) return;
      Residents& r = w.residents;
      for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
        if (!is_adult(r.age[id])) continue;
        Draws d(w.key, kLinesId, w.week, id);
        if (!d.bernoulli(p)) continue;
        r.last_active[id] = static_cast<std::int16_t>(w.week);  // taking part in a wijkschouw or initiative
        r.responsibility_anchor[id] = static_cast<float>(std::min(1.0, r.responsibility_anchor[id] + gain));
      }
    });
  }

  Settings p_;
  std::vector<Settings> local_;   // per neighbourhood
  int switch_at_ = kNoSwitch;     // first week of phase 2
  Watch watch_ = Watch::Nothing;  // what the switch condition watches
  std::size_t item_ = 0;          // the survey item watched
  std::vector<double> recorded_;  // pooled recorded crime of the last weeks (a ring)
  int weeks_recorded_ = 0;
  Records records_;
  CaseConference conference_;
  std::vector<Area> areas_;
};

}  // namespace

ApproachModule module() {
  return {"bap",
          "model/approaches/bap/README.md",
          param_specs(),
          {kTargetsStream, kLinesStream, kHouseholdsStream},
          {module_outcome("approach_phase", "phase", 0, 9, Pooling::Mean, Better::Neither,
                          "Phase of a phased approach this week (BAP: 1 Hartslag in de buurt, 2 the action lines from "
                          "the switch on, phase 1 tapering off over the transition; 0 none)")},
          {Phase::Context, Phase::Consequences},
          [](const ScenarioSpec& spec) -> std::unique_ptr<Approach> { return std::make_unique<Bap>(spec); }};
}

}  // namespace buurtsim::approaches::bap
