// Buurtactieplan Passart, Heerlen (docs/odd.md section 12; source 003; parameters
// model/approaches/bap/params.def; model/approaches/bap/README.md). Two phases.
// Phase 1, "Hartslag in de buurt" (source 003: 'focust op de zwaarste problematiek ... door
// middel van buurtbemiddeling, een woonomgevingsploeg en casuïstiekoverleg'): case conferences
// select the most troublesome offenders (highest current activity) at the start and every
// bap.review_weeks. Municipal task hours are the physical-environment crew, which cleans the
// most disordered blocks first. Police, welfare and corporation task hours are pooled and split
// by bap.prevention_share ('een balans ... tussen preventie en repressie'): repression raises the
// targets' weekly sanction hazard (the baseline consequences then lower their activity and cost
// their household trust), costs their ties trust, and the police part of it is presence on their
// home blocks; prevention is care and outreach for the targets (their own activity level falls,
// care contacts move their household's trust) and mediation on their home blocks. Information
// sharing lowers coordination loss ('elkaar vertrouwen en informatie delen').
// Phase 2, from bap.switch_week or the week after a condition on an outcome holds: the seven
// action lines ('De zeven actielijnen'). The module's task hours (the common levers) are divided
// over the lines that are on in proportion to their budgets; each line acts on the mechanism
// the design names for it (model/approaches/bap/README.md). Phase 1's work stops in phase 2.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "model/approach_module.hpp"
#include "model/approaches/team.hpp"
#include "model/parallel.hpp"

namespace buurtsim::approaches::bap {

#define BUURTSIM_MODULE_PARAMS "model/approaches/bap/params.def"
#include "model/approaches/module_params.inc"

namespace {

// Its own outcomes, in the order of module().
constexpr std::size_t kApproachPhase = 0;

// Case-conference work with targets.
constexpr std::string_view kTargetsStream = "bap.targets";
constexpr std::uint32_t kTargetsId = stream_id(kTargetsStream);
// Phase-2 action lines.
constexpr std::string_view kLinesStream = "bap.lines";
constexpr std::uint32_t kLinesId = stream_id(kLinesStream);

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

// Module state of one neighbourhood; every vector is sized in init().
struct Area {
  double residents = 0, adults = 0;
  std::vector<std::uint32_t> offenders;                 // offender slots of the neighbourhood's residents
  std::vector<std::uint32_t> targets;                   // selected by the last case conference
  std::vector<std::pair<float, std::uint32_t>> ranked;  // scratch of the selection
  std::vector<float> disorder;                          // scratch of the crew: block disorder, descending
  std::vector<std::uint32_t> schools;                   // blocks with a school (fixed)
  int selected_week = kNotSelected;
};

// Adds to approach_cleanup of `blocks` the fraction that removes `units` of disorder from them in
// proportion to their disorder (as the baseline municipal clean-up).
void clean_evenly(World& w, const std::vector<std::uint32_t>& blocks, double units) {
  Blocks& b = w.blocks;
  double total = 0;
  for (std::uint32_t c : blocks) total += b.disorder[c];
  if (units <= 0 || total <= 0) return;
  const auto fraction = static_cast<float>(std::min(1.0, units / total));
  for (std::uint32_t c : blocks) b.approach_cleanup[c] += fraction;
}

class Bap final : public Approach {
 public:
  explicit Bap(const ScenarioSpec& spec) : Approach("bap", spec), p_(read_settings(spec.params)) {
    for (const auto& nb : spec.neighbourhoods) local_.push_back(read_settings(nb.params));
    if (as_int(p_.switch_week) >= 0) switch_at_ = as_int(p_.switch_week);
    // The outcome by the name chosen ("none": no condition), wherever it is declared.
    const int choice = as_int(p_.switch_outcome);
    if (choice > 0)
      switch_on_ =
          outcome_named(param(*find_param("bap.switch_outcome")).choice_list()[static_cast<std::size_t>(choice)]);
    const std::array<std::pair<double, double>, kLines> lines = {{
        {p_.line_public_space, p_.line_public_space_hours},
        {p_.line_schools, p_.line_schools_hours},
        {p_.line_youth, p_.line_youth_hours},
        {p_.line_participation, p_.line_participation_hours},
        {p_.line_social_mobility, p_.line_social_mobility_hours},
        {p_.line_vulnerability, p_.line_vulnerability_hours},
        {p_.line_professional, p_.line_professional_hours},
    }};
    double total = 0;
    for (const auto& [on, hours] : lines) total += as_bool(on) ? hours : 0.0;
    for (std::size_t l = 0; l < kLines; ++l)
      share_[l] = total > 0 && as_bool(lines[l].first) ? lines[l].second / total : 0.0;
  }

  void init(World& w) override {
    areas_.resize(w.neighbourhoods.size());
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      const NeighbourhoodState& s = w.neighbourhoods[nb];
      Area& a = areas_[nb];
      a.residents = s.last_resident - s.first_resident;
      for (std::uint32_t id = s.first_resident; id < s.last_resident; ++id) {
        a.adults += is_adult(w.residents.age[id]) ? 1 : 0;  // ages are fixed (movers keep the make-up)
        if (w.residents.offender[id] >= 0) a.offenders.push_back(static_cast<std::uint32_t>(w.residents.offender[id]));
      }
      a.targets.reserve(a.offenders.size());
      a.ranked.reserve(a.offenders.size());
      a.disorder.reserve(s.blocks.size());
      // School blocks: evenly spread over the neighbourhood's blocks (a fixed, documented rule).
      const std::size_t n = s.blocks.size();
      const double wanted = p_.school_blocks_per_1000 * a.residents / 1000.0;
      const std::size_t count =
          wanted > 0 && n > 0 ? std::min(n, std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(wanted))))
                              : 0;
      for (std::size_t k = 0; k < count; ++k) a.schools.push_back(s.blocks[(2 * k + 1) * n / (2 * count)]);
    }
  }

  // Phase 1: information sharing. Phase 2: professional development, from the line's budgeted
  // hours this week (this week's grant is not known yet when coordination is set).
  double coordination_reduction(const World& w, std::size_t nb) const override {
    if (stage(w.week) == 1) return p_.information_sharing;
    double asked = 0;
    for (std::size_t o = 0; o < kOrganisations; ++o) asked += requested(w, nb, static_cast<Organisation>(o));
    const double per_1000 = share_[kProfessional] * asked * levers(nb).fidelity / per_thousand(nb);
    return 1.0 - std::exp(-p_.professional_per_hour * per_1000);
  }

  // The switch condition, on the mean over the neighbourhoods with a budget; NaN never holds.
  void on_measured(const World& w, const OutcomeTable& t) override {
    if (!switch_on_ || !active(w.week) || w.week + 1 >= switch_at_) return;
    double sum = 0, n = 0;
    for (std::size_t nb = 0; nb < neighbourhoods(); ++nb)
      if (has_budget(w, nb)) sum += t.at(*switch_on_, nb), n += 1;
    if (n == 0) return;
    const double mean = sum / n;
    const bool holds = as_int(p_.switch_when) == 0 ? mean < p_.switch_threshold : mean > p_.switch_threshold;
    if (holds) switch_at_ = w.week + 1;
  }

 private:
  int stage(int week) const { return week >= switch_at_ ? 2 : 1; }
  double per_thousand(std::size_t nb) const { return std::max(1.0, areas_[nb].residents) / 1000.0; }

  void do_act(Phase phase, World& w) override {
    if (phase != Phase::Context && phase != Phase::Consequences) return;
    const int now = stage(w.week);
    for (std::size_t nb = 0; nb < neighbourhoods(); ++nb) {
      if (!has_budget(w, nb)) continue;
      Area& a = areas_[nb];
      if (phase == Phase::Consequences) {
        if (now == 1) enforce_and_care(w, nb, a);
        continue;
      }
      record(w, nb, kApproachPhase, now);
      if (now == 1) {
        if (a.selected_week == kNotSelected || w.week - a.selected_week >= as_int(p_.review_weeks))
          case_conference(w, nb, a);
        hartslag(w, nb, a);
      } else {
        action_lines(w, nb, a);
        w.neighbourhoods[nb].week.approach_cost_eur += p_.material_cost;
      }
    }
  }

  // Case conference: the active offenders with the highest current activity (ties by index).
  void case_conference(const World& w, std::size_t nb, Area& a) {
    const Offenders& o = w.offenders;
    a.ranked.clear();
    for (std::uint32_t oi : a.offenders)
      if (o.active[oi]) a.ranked.emplace_back(o.activity[oi], oi);
    const double wanted = local_[nb].targets_per_1000 * a.residents / 1000.0;
    const std::size_t n = std::min(a.ranked.size(), static_cast<std::size_t>(std::lround(wanted)));
    std::partial_sort(
        a.ranked.begin(), a.ranked.begin() + static_cast<std::ptrdiff_t>(n), a.ranked.end(),
        [](const auto& x, const auto& y) { return x.first > y.first || (x.first == y.first && x.second < y.second); });
    a.targets.clear();
    for (std::size_t k = 0; k < n; ++k) a.targets.push_back(a.ranked[k].second);
    a.selected_week = w.week;
  }

  // A target still counts while offending and still living here (a household that moved in since
  // the case conference is someone else).
  bool live(const World& w, const Area& a, std::uint32_t oi) const {
    const std::int16_t arrived = w.residents.arrived[w.offenders.resident[oi]];
    return w.offenders.active[oi] && (arrived == kNever || arrived < a.selected_week);
  }
  double live_targets(const World& w, const Area& a) const {
    double n = 0;
    for (std::uint32_t oi : a.targets) n += live(w, a, oi) ? 1 : 0;
    return n;
  }
  // Phase 1's pooled police, welfare and corporation task hours.
  double pooled(std::size_t nb) const {
    return task_hours(nb, kOrgPolice) + task_hours(nb, kOrgWelfare) + task_hours(nb, kOrgCorporation);
  }

  // Phase 1, before the week's offending: the crew, presence and mediation on the targets' blocks.
  void hartslag(World& w, std::size_t nb, Area& a) {
    crew(w, nb, a, task_hours(nb, kOrgMunicipality) * p_.cleanup_per_hour);
    book_pooled(w, nb, kTaskEnvironment, task_hours(nb, kOrgMunicipality));
    const double n = live_targets(w, a);
    const double prevention = local_[nb].prevention_share;
    if (n <= 0) {  // no one left to work with: the hours are spent without effect
      book_pooled(w, nb, kTaskOverhead, pooled(nb));
      return;
    }
    book_pooled(w, nb, kTaskEnforcement, pooled(nb) * (1.0 - prevention));
    book_pooled(w, nb, kTaskCare, pooled(nb) * prevention);
    const auto presence = static_cast<float>(task_hours(nb, kOrgPolice) * (1.0 - prevention) / n);
    const double mediation = pooled(nb) * prevention * p_.mediation_share / n;
    const auto calm = static_cast<float>(std::exp(-p_.mediation_per_hour * mediation));
    for (std::uint32_t oi : a.targets) {
      if (!live(w, a, oi)) continue;
      const std::uint32_t block = w.residents.block[w.offenders.resident[oi]];
      w.blocks.approach_presence[block] += presence;
      w.blocks.nuisance_factor[block] *= calm;
    }
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

  // Phase 1, at the consequences: sanctions, care and their trust effects, target by target.
  void enforce_and_care(World& w, std::size_t nb, Area& a) {
    const double n = live_targets(w, a);
    if (n <= 0) return;
    const double prevention = local_[nb].prevention_share;
    const double repression = pooled(nb) * (1.0 - prevention) / n;
    const double care = pooled(nb) * prevention * (1.0 - p_.mediation_share) / n;
    const double p_sanction = 1.0 - std::exp(-p_.sanction_per_hour * repression);
    const double p_contact = std::min(1.0, care / p_.hours_per_contact);
    const double activity_factor = 1.0 - p_.care_activity_per_hour * care;
    const double gain = p_.care_trust_gain, loss = gain * w.spec.params.trust.negative_asymmetry;
    Offenders& o = w.offenders;
    Residents& r = w.residents;
    for (std::uint32_t oi : a.targets) {
      if (!live(w, a, oi)) continue;
      Draws d(w.key, kTargetsId, w.week, oi);
      const double u_sanction = d.uniform32(), u_contact = d.uniform32(), u_quality = d.uniform32();
      o.own_activity[oi] = static_cast<float>(std::clamp(o.own_activity[oi] * activity_factor, 0.0, 20.0));
      const std::uint32_t id = o.resident[oi];
      if (u_sanction < p_sanction) {
        w.sanctioned.push_back(oi);  // the baseline consequences lower activity and mark the household
        w.neighbourhoods[nb].week.sanctions += 1;
        if (p_.tie_trust_cost > 0)
          for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
            shift_trust(w, w.network.ties[k], -p_.tie_trust_cost);
      }
      if (u_contact < p_contact) {
        const double delta = u_quality < p_.care_quality ? gain : -loss;
        const std::uint32_t h = r.household[id];
        for (std::uint32_t m = w.households.first[h]; m < w.households.first[h + 1]; ++m)
          if (is_adult(r.age[m])) shift_trust(w, m, delta);
      }
    }
  }

  // The tasks of the action lines: environment (public space; schools' cleaning), presence
  // (schools' presence), care (youth, social mobility, vulnerability), outreach
  // (participation), support (professional development); all of it overhead with no line on.
  void book_lines(World& w, std::size_t nb, double total) {
    double on = 0;
    for (double x : share_) on += x;
    if (on <= 0) {
      book_pooled(w, nb, kTaskOverhead, total);
      return;
    }
    const double schools = total * share_[kSchools];
    book_pooled(w, nb, kTaskEnvironment, total * share_[kPublicSpace] + schools * p_.school_clean_share);
    book_pooled(w, nb, kTaskPresence, schools * (1.0 - p_.school_clean_share));
    book_pooled(w, nb, kTaskCare, total * (share_[kYouth] + share_[kSocialMobility] + share_[kVulnerability]));
    book_pooled(w, nb, kTaskOutreach, total * share_[kParticipation]);
    book_pooled(w, nb, kTaskSupport, total * share_[kProfessional]);
  }

  // Phase 2: the seven action lines, each with its share of this week's task hours.
  void action_lines(World& w, std::size_t nb, Area& a) {
    const double total = task_hours(nb);
    const auto hours = [&](Line l) { return total * share_[l]; };
    NeighbourhoodState& s = w.neighbourhoods[nb];
    book_lines(w, nb, total);
    // 1. Kwaliteit van wonen: public space, clean-up across the neighbourhood.
    clean_evenly(w, s.blocks, hours(kPublicSpace) * p_.cleanup_per_hour);
    // 2. Veilig en schoon: presence on and cleaning of the school blocks.
    if (!a.schools.empty() && hours(kSchools) > 0) {
      clean_evenly(w, a.schools, hours(kSchools) * p_.school_clean_share * p_.cleanup_per_hour);
      const auto presence =
          static_cast<float>(hours(kSchools) * (1.0 - p_.school_clean_share) / static_cast<double>(a.schools.size()));
      for (std::uint32_t c : a.schools) w.blocks.approach_presence[c] += presence;
    }
    // 3. Jong geleerd: active nuisance offenders aged 15-24 and their home blocks.
    if (hours(kYouth) > 0) youth(w, a, hours(kYouth));
    // 4. Iedereen doet mee: residents reached take part and feel more responsible.
    if (hours(kParticipation) > 0 && a.adults > 0)
      participation(w, nb, std::min(1.0, hours(kParticipation) * p_.participation_reach / a.adults));
    // 5. Sociale stijging: a lower onset of offending (inflow of offenders over the years).
    s.onset_factor *= std::exp(-p_.mobility_onset_per_hour * hours(kSocialMobility) / per_thousand(nb));
    // 6. Oog voor kwetsbaarheid: welfare outreach (early detection) and care capacity.
    s.care_hours += hours(kVulnerability) * p_.vulnerability_care_share;
    s.outreach_hours += hours(kVulnerability) * (1.0 - p_.vulnerability_care_share);
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
  std::vector<Settings> local_;         // per neighbourhood
  std::array<double, kLines> share_{};  // share of phase 2's task hours per line
  int switch_at_ = kNoSwitch;           // first week of phase 2
  std::optional<Outcome> switch_on_;    // outcome of the switch condition
  std::vector<Area> areas_;
};

}  // namespace

ApproachModule module() {
  return {"bap",
          "model/approaches/bap/README.md",
          param_specs(),
          {kTargetsStream, kLinesStream},
          {module_outcome(
              "approach_phase", "phase", 0, 9, Pooling::Mean, Better::Neither,
              "Phase of a phased approach this week (BAP: 1 Hartslag in de buurt, 2 the action lines; 0 none)")},
          {Phase::Context, Phase::Consequences},
          [](const ScenarioSpec& spec) -> std::unique_ptr<Approach> { return std::make_unique<Bap>(spec); }};
}

}  // namespace buurtsim::approaches::bap
