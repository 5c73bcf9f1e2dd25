// Veilige Buurten Aanpak (docs/odd.md section 12; sources 000 and 001; parameters model/approaches/vba/params.def).
// Cycles of vba.cycle_weeks. At the start of a cycle the team reaches residents of one part of
// the neighbourhood (the parts rotate) by meetings, which favour residents aged 65+, owners and
// the already active, and door to door, which reaches everyone alike; those reached know the
// team, count as active, and set the agenda: the problems they perceive most (disorder,
// nuisance and crime, traffic). During the cycle the team's task hours go to those items in that
// part: clean-up, presence on the blocks, traffic measures. At the end those who set the agenda
// get answers (if vba.feedback): trust rises with the delivered share; the undelivered share
// costs trust whether or not they get answers; responsibility rises with what was delivered.
// An item is delivered by the fall of the state its task changes on the part's blocks since the
// cycle opened (disorder, incidents, traffic nuisance), against vba.target_reduction.
// When the window ends, the cycle in progress gets its answers in the window's last week.
#include <algorithm>
#include <array>
#include <cmath>

#include "model/approach_module.hpp"
#include "model/approaches/team.hpp"
#include "model/response.hpp"

namespace buurtsim::approaches::vba {

#define BUURTSIM_MODULE_PARAMS "model/approaches/vba/params.def"
#include "model/approaches/module_params.inc"

namespace {

// Its own outcomes, in the order of module().
constexpr std::size_t kAgendaRounds = 0;

// Who is reached to set the agenda.
constexpr std::string_view kOutreachStream = "vba.outreach";
constexpr std::uint32_t kOutreachId = stream_id(kOutreachStream);

enum ItemKind : std::size_t { kDisorderItem, kNuisanceItem, kTrafficItem, kItemKinds };

struct Cycle {
  int rounds = 0;                               // cycles started so far
  int opened = 0;                               // week the current cycle started
  std::vector<std::uint32_t> blocks;            // blocks of the part whose agenda runs
  std::vector<std::uint32_t> setters;           // residents who set the agenda
  std::array<std::size_t, kItemKinds> items{};  // agenda items, first n_items
  std::size_t n_items = 0;
  std::array<double, kItemKinds> start{};  // level of each item's state on the blocks when the cycle opened
};

// The state an item's task changes, summed over the blocks: disorder (clean-up), incidents as
// the blocks' running weekly count (presence deters offending), traffic nuisance (measures).
double level(const World& w, const std::vector<std::uint32_t>& blocks, std::size_t item) {
  const Blocks& b = w.blocks;
  double sum = 0;
  for (std::uint32_t x : blocks)
    sum += item == kDisorderItem ? b.disorder[x] : item == kNuisanceItem ? b.incidents_recent[x] : b.traffic[x];
  return sum;
}

class Vba final : public Approach {
 public:
  explicit Vba(const ScenarioSpec& spec) : Approach("vba", spec), p_(read_settings(spec.params)) {
    for (std::size_t nb = 0; nb < spec.neighbourhoods.size(); ++nb)
      if (as_bool(read_settings(spec.neighbourhoods[nb].params).integrated_team)) disable_ramp(nb);
    integrated_.resize(spec.neighbourhoods.size());
    for (std::size_t nb = 0; nb < spec.neighbourhoods.size(); ++nb)
      integrated_[nb] = as_bool(read_settings(spec.neighbourhoods[nb].params).integrated_team);
  }

  bool has_team() const override { return true; }

  void init(World& w) override {
    cycles_.resize(w.neighbourhoods.size());
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      std::size_t largest = 0;
      std::vector<std::uint32_t> blocks;
      for (int k = 0; k < as_int(p_.parts); ++k) {
        part_blocks(w, nb, as_int(p_.parts), k, blocks);
        std::size_t n = 0;
        for (std::uint32_t b : blocks) n += w.blocks.resident_count[b];
        largest = std::max(largest, n);
      }
      cycles_[nb].setters.reserve(largest);
      cycles_[nb].blocks.reserve(w.neighbourhoods[nb].blocks.size());
    }
  }

  double coordination_reduction(const World&, std::size_t nb) const override {
    const double r = p_.coordination_reduction;
    const double with_coordinator = as_bool(p_.coordinator) ? r : 0.0;
    return integrated_[nb] ? 1.0 - (1.0 - with_coordinator) * (1.0 - r) : with_coordinator;
  }

 private:
  void do_act(Phase phase, World& w) override {
    if (phase != Phase::Context) return;
    const int cycle = as_int(p_.cycle_weeks);
    double total_residents = 0;
    for (const auto& nb : w.neighbourhoods) total_residents += nb.last_resident - nb.first_resident;
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      if (!has_budget(w, nb)) continue;
      Cycle& c = cycles_[nb];
      if (weeks_in(w) % cycle == 0) {
        if (!c.setters.empty() || c.n_items > 0) close_cycle(w, c);
        open_cycle(w, nb, c);
      }
      book_pooled(w, nb, kTaskOutreach, task_hours(nb) * p_.outreach_share);
      work(w, nb, c);
      // The last week of a window that ends: residents get the answers of the cycle in progress.
      if (end_week() >= 0 && w.week == end_week() - 1 && (!c.setters.empty() || c.n_items > 0)) close_cycle(w, c);
      NeighbourhoodState& s = w.neighbourhoods[nb];
      record(w, nb, kAgendaRounds, c.rounds);
      const double share = total_residents > 0 ? (s.last_resident - s.first_resident) / total_residents : 0.0;
      s.week.approach_cost_eur += p_.communication_cost + p_.evaluation_cost * share +
                                  (as_bool(p_.coordinator) ? p_.coordinator_cost * share : 0.0);
    }
  }

  // Reaches residents of the next part, who set its agenda.
  void open_cycle(World& w, std::size_t nb, Cycle& c) {
    const Residents& r = w.residents;
    const int part = c.rounds % as_int(p_.parts);
    ++c.rounds;
    c.opened = w.week;
    part_blocks(w, nb, as_int(p_.parts), part, c.blocks);
    c.setters.clear();
    const double cycle_hours = task_hours(nb) * p_.cycle_weeks;
    const double outreach = p_.outreach_share * cycle_hours;
    const double meeting_hours = outreach * (1.0 - p_.door_to_door_share),
                 door_hours = outreach * p_.door_to_door_share;
    double weights = 0, adults = 0;
    for (std::uint32_t b : c.blocks)
      for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
           ++id)
        if (is_adult(r.age[id])) weights += meeting_weight(w, id), adults += 1;
    std::array<double, kItemKinds> score{};
    const Params& g = w.neighbourhoods[nb].params;
    for (std::uint32_t b : c.blocks)
      for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
           ++id) {
        if (!is_adult(r.age[id])) continue;
        const double p_meeting =
            weights > 0 ? std::min(1.0, meeting_hours * p_.meeting_reach * meeting_weight(w, id) / weights) : 0.0;
        const double p_door = adults > 0 ? std::min(1.0, door_hours * p_.door_reach / adults) : 0.0;
        Draws d(w.key, kOutreachId, w.week, id);
        const bool by_meeting = d.bernoulli(p_meeting), by_door = d.bernoulli(p_door);
        if (!by_meeting && !by_door) continue;
        team_contact(w, id, d);
        w.residents.last_active[id] = static_cast<std::int16_t>(w.week);  // setting the agenda is taking part
        c.setters.push_back(id);
        const double perceived = response::perceived_disorder(w.blocks.disorder[b], r.disorder_bias[id]);
        score[kDisorderItem] += response::p_disorder_high(perceived, g);
        score[kNuisanceItem] += response::p_nuisance_high(r.nuisance_seen[id], g);
        score[kTrafficItem] += response::p_traffic_high(w.blocks.traffic[b] + r.disorder_bias[id], g);
      }
    // The agenda: the items named most, in order (ties by item order), those named at all.
    std::array<std::size_t, kItemKinds> order = {kDisorderItem, kNuisanceItem, kTrafficItem};
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    c.n_items = 0;
    const auto wanted = std::min<std::size_t>(static_cast<std::size_t>(as_int(p_.priorities)), kItemKinds);
    for (std::size_t k = 0; k < wanted; ++k)
      if (score[order[k]] > 0) c.items[c.n_items++] = order[k];
    for (std::size_t k = 0; k < c.n_items; ++k) c.start[c.items[k]] = level(w, c.blocks, c.items[k]);
  }

  // This week's task hours on the agenda items, in the part.
  void work(World& w, std::size_t nb, Cycle& c) {
    if (c.n_items == 0 || c.blocks.empty()) {
      book_pooled(w, nb, kTaskOverhead, task_hours(nb) * (1.0 - p_.outreach_share));  // no agenda to work on
      return;
    }
    const double per_item = task_hours(nb) * (1.0 - p_.outreach_share) / static_cast<double>(c.n_items);
    Blocks& b = w.blocks;
    const double n_blocks = static_cast<double>(c.blocks.size());
    for (std::size_t k = 0; k < c.n_items; ++k) {
      book_pooled(w, nb, c.items[k] == kNuisanceItem ? kTaskPresence : kTaskEnvironment, per_item);
      switch (c.items[k]) {
        case kDisorderItem: {
          double total = 0;
          for (std::uint32_t x : c.blocks) total += b.disorder[x];
          if (total <= 0) break;
          const auto fraction = static_cast<float>(std::min(1.0, per_item * p_.cleanup_per_hour / total));
          for (std::uint32_t x : c.blocks) b.approach_cleanup[x] += fraction;
          break;
        }
        case kNuisanceItem:
          for (std::uint32_t x : c.blocks) b.approach_presence[x] += static_cast<float>(per_item / n_blocks);
          break;
        case kTrafficItem:
          for (std::uint32_t x : c.blocks)
            b.traffic[x] =
                static_cast<float>(b.traffic[x] * std::max(0.0, 1.0 - p_.traffic_per_hour * per_item / n_blocks));
          break;
        default:
          break;
      }
    }
  }

  // The delivered share of the agenda: per item, the fall of its state on the part's blocks
  // since the cycle opened as a share of vba.target_reduction of the level then (at most 1; a
  // rise delivers nothing; nothing to reduce counts as delivered), averaged over the items.
  double delivered(const World& w, const Cycle& c) const {
    if (c.n_items == 0) return 1.0;
    double sum = 0;
    for (std::size_t k = 0; k < c.n_items; ++k) {
      const std::size_t item = c.items[k];
      const double start = c.start[item];
      const double fall = start > 0 ? (start - level(w, c.blocks, item)) / (p_.target_reduction * start) : 1.0;
      sum += std::clamp(fall, 0.0, 1.0);
    }
    return sum / static_cast<double>(c.n_items);
  }

  // Answers at the end of the cycle.
  void close_cycle(World& w, Cycle& c) {
    const double delivered = this->delivered(w, c);
    const double delta =
        (as_bool(p_.feedback) ? p_.feedback_trust * delivered : 0.0) - p_.promise_cost * (1.0 - delivered);
    for (std::uint32_t id : c.setters) {
      if (w.residents.arrived[id] > c.opened) continue;  // moved away: a newcomer lives there now
      shift_trust(w, id, delta);
      float& anchor = w.residents.responsibility_anchor[id];
      anchor = static_cast<float>(std::min(1.0, anchor + p_.responsibility_gain * delivered));
    }
    c.setters.clear();
    c.n_items = 0;
  }

  double meeting_weight(const World& w, std::uint32_t id) const {
    const Residents& r = w.residents;
    const bool active = r.last_active[id] != kNever && w.week - r.last_active[id] < 52;
    const int favoured = (r.age[id] == kAge65Plus ? 1 : 0) + (r.tenure[id] == kOwner ? 1 : 0) + (active ? 1 : 0);
    return std::exp(p_.meeting_bias * favoured);
  }

  Settings p_;
  std::vector<bool> integrated_;
  std::vector<Cycle> cycles_;
};

}  // namespace

ApproachModule module() {
  return {"vba",
          "model/approaches/vba/README.md",
          param_specs(),
          {kOutreachStream},
          {module_outcome("agenda_rounds", "rounds", 0, 1e9, Pooling::Sum, Better::Neither,
                          "Agenda-setting rounds held so far (VBA cycles started), while the VBA acts")},
          {Phase::Context},
          [](const ScenarioSpec& spec) -> std::unique_ptr<Approach> { return std::make_unique<Vba>(spec); }};
}

}  // namespace buurtsim::approaches::vba
