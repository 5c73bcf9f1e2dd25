// Veilige Buurten Aanpak (docs/odd.md section 12; sources 000 and 001; parameters model/approaches/vba/params.def;
// the agenda's items model/approaches/vba/agenda.hpp).
// Cycles of vba.cycle_weeks in one part of the neighbourhood at a time (the parts rotate). Every
// week a share of every organisation's task hours goes to outreach in the part: meetings, which
// favour residents aged 65+, owners and the already active, and door to door, which reaches
// everyone alike; those reached know the team. Those reached in the first vba.inventory_weeks
// set the agenda: each names the problems it experiences, and the agenda is drawn from the
// shares naming each item (Plackett-Luce, weight exp(vba.agenda_beta x share)). After that each
// organisation's hours go to its own task on the agenda's items (none: its default), and the
// residents reached may take part in carrying out the items that allow it, which makes them
// active. At the end those reached get answers (if vba.feedback): trust rises with the delivered
// share; the undelivered share costs trust whether or not they get answers; responsibility
// rises with what was delivered. An item is delivered by the fall of the state it changes on
// the part's blocks since the agenda was set, against vba.target_reduction. Residents who know
// the team fear less (vba.team_reassurance). When the window ends, the cycle in progress gets
// its answers in the window's last week.
#include <algorithm>
#include <array>
#include <cmath>

#include "model/approach_module.hpp"
#include "model/approaches/team.hpp"
#include "model/approaches/vba/agenda.hpp"

namespace buurtsim::approaches::vba {

#define BUURTSIM_MODULE_PARAMS "model/approaches/vba/params.def"
#include "model/approaches/module_params.inc"

namespace {

// Its own outcomes, in the order of module(): rounds, then one per item kind.
constexpr std::size_t kAgendaRounds = 0, kFirstItemOutcome = 1;

// Who is reached by the team's outreach.
constexpr std::string_view kOutreachStream = "vba.outreach";
constexpr std::uint32_t kOutreachId = stream_id(kOutreachStream);
// The agenda drawn from the setters' priorities (per neighbourhood).
constexpr std::string_view kAgendaStream = "vba.agenda";
constexpr std::uint32_t kAgendaId = stream_id(kAgendaStream);
// Whether a resident reached takes part in carrying out an item.
constexpr std::string_view kTakePartStream = "vba.take_part";
constexpr std::uint32_t kTakePartId = stream_id(kTakePartStream);

struct Cycle {
  int rounds = 0;                      // cycles started so far
  int opened = 0;                      // week the current cycle started
  bool agenda_set = false;             // the agenda of the cycle has been drawn
  std::vector<std::uint32_t> blocks;   // blocks of the part whose agenda runs
  std::vector<std::uint32_t> reached;  // residents reached this cycle; the first `setters` set the agenda
  std::size_t setters = 0;
  std::array<double, kItemKinds> named{};       // sum over setters of the chance to name each item
  std::array<std::size_t, kItemKinds> items{};  // agenda items, first n_items
  std::size_t n_items = 0;
  std::array<double, kItemKinds> start{};  // level of each item's state on the blocks when the agenda was set
  std::array<int, kItemKinds> chosen{};    // cycles whose agenda had each item
};

class Vba final : public Approach {
 public:
  explicit Vba(const ScenarioSpec& spec) : Approach("vba", spec), p_(read_settings(spec.params)) {
    integrated_.resize(spec.neighbourhoods.size());
    for (std::size_t nb = 0; nb < spec.neighbourhoods.size(); ++nb) {
      integrated_[nb] = as_bool(read_settings(spec.neighbourhoods[nb].params).integrated_team);
      if (integrated_[nb]) disable_ramp(nb);
    }
  }

  bool has_team() const override { return true; }

  void init(World& w) override {
    cycles_.resize(w.neighbourhoods.size());
    reached_.assign(w.residents.size(), 0);
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      std::size_t largest = 0;
      std::vector<std::uint32_t> blocks;
      for (int k = 0; k < as_int(p_.parts); ++k) {
        part_blocks(w, nb, as_int(p_.parts), k, blocks);
        std::size_t n = 0;
        for (std::uint32_t b : blocks) n += w.blocks.resident_count[b];
        largest = std::max(largest, n);
      }
      cycles_[nb].reached.reserve(largest);
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
    const int inventory = std::clamp(as_int(p_.inventory_weeks), 1, cycle - 1);
    double total_residents = 0;
    for (const auto& nb : w.neighbourhoods) total_residents += nb.last_resident - nb.first_resident;
    for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
      if (!has_budget(w, nb)) continue;
      Cycle& c = cycles_[nb];
      if (weeks_in(w) % cycle == 0) {
        if (!c.reached.empty() || c.n_items > 0) close_cycle(w, c);
        open_cycle(w, nb, c);
      }
      NeighbourhoodState& s = w.neighbourhoods[nb];
      s.team_reassurance = p_.team_reassurance;
      if (!c.agenda_set && weeks_in(w) % cycle == inventory) set_agenda(w, nb, c);
      outreach(w, nb, c);
      work(w, nb, c);
      // The last week of a window that ends: residents get the answers of the cycle in progress.
      if (end_week() >= 0 && w.week == end_week() - 1 && (!c.reached.empty() || c.n_items > 0)) close_cycle(w, c);
      record(w, nb, kAgendaRounds, c.rounds);
      for (std::size_t i = 0; i < kItemKinds; ++i) record(w, nb, kFirstItemOutcome + i, c.chosen[i]);
      const double share = total_residents > 0 ? (s.last_resident - s.first_resident) / total_residents : 0.0;
      s.week.approach_cost_eur += p_.communication_cost + p_.evaluation_cost * share +
                                  (as_bool(p_.coordinator) ? p_.coordinator_cost * share : 0.0);
    }
  }

  // The next part's cycle begins: no one there is reached yet, no agenda.
  void open_cycle(World& w, std::size_t nb, Cycle& c) {
    const int part = c.rounds % as_int(p_.parts);
    ++c.rounds;
    c.opened = w.week;
    part_blocks(w, nb, as_int(p_.parts), part, c.blocks);
    for (std::uint32_t b : c.blocks)
      std::fill_n(reached_.begin() + w.blocks.first_resident[b], w.blocks.resident_count[b], std::uint8_t{0});
    c.reached.clear();
    c.setters = 0;
    c.named = {};
    c.n_items = 0;
    c.agenda_set = false;
  }

  // This week's outreach in the part: every organisation's outreach share, and the rest of an
  // organisation's hours when no agenda item has a task of its own and its default is outreach
  // (welfare). Reached residents know the team; in the inventory weeks they set the agenda,
  // afterwards they are asked to take part in carrying it out.
  void outreach(World& w, std::size_t nb, Cycle& c) {
    double hours = 0;
    for (std::size_t o = 0; o < kOrganisations; ++o) {
      const auto org = static_cast<Organisation>(o);
      const bool by_default = own_items(org, c) == 0 && org_default(org).task == kTaskOutreach;
      const double h = task_hours(nb, org) * (by_default ? 1.0 : p_.outreach_share);
      book(w, nb, org, kTaskOutreach, h);
      hours += h;
    }
    if (c.blocks.empty() || hours <= 0) return;
    const Residents& r = w.residents;
    const double meeting_hours = hours * (1.0 - p_.door_to_door_share), door_hours = hours * p_.door_to_door_share;
    double weights = 0, adults = 0;
    for (std::uint32_t b : c.blocks)
      for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
           ++id)
        if (is_adult(r.age[id]) && !reached_[id]) weights += meeting_weight(w, id), adults += 1;
    for (std::uint32_t b : c.blocks)
      for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
           ++id) {
        if (!is_adult(r.age[id]) || reached_[id]) continue;
        const double p_meeting =
            weights > 0 ? std::min(1.0, meeting_hours * p_.meeting_reach * meeting_weight(w, id) / weights) : 0.0;
        const double p_door = adults > 0 ? std::min(1.0, door_hours * p_.door_reach / adults) : 0.0;
        Draws d(w.key, kOutreachId, w.week, id);
        const bool by_meeting = d.bernoulli(p_meeting), by_door = d.bernoulli(p_door);
        if (!by_meeting && !by_door) continue;
        team_contact(w, id, d);  // being reached: knowing the team, not taking part
        reached_[id] = 1;
        c.reached.push_back(id);
        if (!c.agenda_set) {
          ++c.setters;
          for (std::size_t i = 0; i < kItemKinds; ++i) c.named[i] += experience(w, id, i);
        } else {
          take_part(w, c, id);
        }
      }
  }

  // The agenda from the setters' priorities: the share of setters naming each item (their
  // chances to name it, averaged), and vba.priorities items drawn without replacement.
  void set_agenda(World& w, std::size_t nb, Cycle& c) {
    c.agenda_set = true;
    c.n_items = 0;
    if (c.setters == 0) return;
    std::array<double, kItemKinds> share{};
    std::array<bool, kItemKinds> allowed{};
    for (std::size_t i = 0; i < kItemKinds; ++i) {
      share[i] = c.named[i] / static_cast<double>(c.setters);
      allowed[i] = as_int(p_.without_item) != static_cast<int>(i) + 1;
    }
    Draws d(w.key, kAgendaId, w.week, static_cast<std::uint32_t>(nb));
    const auto wanted = std::min<std::size_t>(static_cast<std::size_t>(as_int(p_.priorities)), kItemKinds);
    c.n_items = draw_agenda(share, allowed, p_.agenda_beta, wanted, d, c.items);
    for (std::size_t k = 0; k < c.n_items; ++k) {
      c.start[c.items[k]] = level(w, c.blocks, c.items[k]);
      ++c.chosen[c.items[k]];
    }
    for (std::size_t k = 0; k < c.setters; ++k) take_part(w, c, c.reached[k]);
  }

  // A resident asked to help: per agenda item that residents carry out, takes part with chance
  // vba.take_part x the chance to name the item; taking part is doing something for the
  // neighbourhood (active this week) and adds vba.resident_hours of clean-up (clean-up actions,
  // walks through the part) or a street meeting (neighbours: no state of its own).
  void take_part(World& w, const Cycle& c, std::uint32_t id) {
    if (p_.take_part <= 0) return;
    Draws d(w.key, kTakePartId, w.week, id);
    bool active = false;
    for (std::size_t k = 0; k < c.n_items; ++k) {
      const std::size_t item = c.items[k];
      if (!residents_take_part(item)) continue;
      if (!d.bernoulli(p_.take_part * experience(w, id, item))) continue;
      active = true;
      if (item != kNeighboursItem) cleanup_block(w, w.residents.block[id], p_.resident_hours * p_.cleanup_per_hour);
    }
    if (active) w.residents.last_active[id] = static_cast<std::int16_t>(w.week);
  }

  // How many of the agenda's items organisation org has a task on.
  static std::size_t own_items(Organisation org, const Cycle& c) {
    std::size_t own = 0;
    for (std::size_t k = 0; k < c.n_items; ++k)
      if (org_work(org, c.items[k]).work != ItemWork::none) ++own;
    return own;
  }

  // This week's task hours of every organisation on its own tasks of the agenda items (split
  // evenly over the items it has a task on), or on its default when it has none (outreach
  // defaults are spent by outreach()).
  void work(World& w, std::size_t nb, const Cycle& c) {
    for (std::size_t o = 0; o < kOrganisations; ++o) {
      const auto org = static_cast<Organisation>(o);
      const double hours = task_hours(nb, org) * (1.0 - p_.outreach_share);
      const std::size_t own = own_items(org, c);
      if (own == 0) {
        const OrgWork def = org_default(org);
        if (def.task == kTaskOutreach) continue;
        book(w, nb, org, def.task, hours);
        apply(w, c, def.work, hours);
        continue;
      }
      const double per_item = hours / static_cast<double>(own);
      for (std::size_t k = 0; k < c.n_items; ++k) {
        const OrgWork ow = org_work(org, c.items[k]);
        if (ow.work == ItemWork::none) continue;
        book(w, nb, org, ow.task, per_item);
        apply(w, c, ow.work, per_item);
      }
    }
  }

  // What `hours` of one kind of work do on the part's blocks this week.
  void apply(World& w, const Cycle& c, ItemWork work, double hours) {
    Blocks& b = w.blocks;
    if (c.blocks.empty() || hours <= 0) return;
    const double n_blocks = static_cast<double>(c.blocks.size());
    switch (work) {
      case ItemWork::cleanup:
        clean_in_proportion(w, c.blocks, hours * p_.cleanup_per_hour);
        break;
      case ItemWork::maintenance: {  // on the corporation's share of each block
        double total = 0;
        for (std::uint32_t x : c.blocks) total += b.disorder[x] * b.corporation_share[x];
        if (total <= 0) break;
        const double fraction = std::min(1.0, hours * p_.cleanup_per_hour / total);
        for (std::uint32_t x : c.blocks) b.approach_cleanup[x] += static_cast<float>(fraction * b.corporation_share[x]);
        break;
      }
      case ItemWork::traffic:
        for (std::uint32_t x : c.blocks)
          b.traffic[x] = static_cast<float>(b.traffic[x] * std::max(0.0, 1.0 - p_.traffic_per_hour * hours / n_blocks));
        break;
      case ItemWork::patrol:
        for (std::uint32_t x : c.blocks) b.approach_presence[x] += static_cast<float>(hours / n_blocks);
        break;
      case ItemWork::hot_spots: {
        double total = 0;
        for (std::uint32_t x : c.blocks) total += b.incidents_recent[x];
        for (std::uint32_t x : c.blocks)
          b.approach_presence[x] +=
              static_cast<float>(total > 0 ? hours * b.incidents_recent[x] / total : hours / n_blocks);
        break;
      }
      case ItemWork::calm:
        for (std::uint32_t x : c.blocks)
          b.nuisance_factor[x] *= static_cast<float>(std::exp(-p_.calm_per_hour * hours / n_blocks));
        break;
      case ItemWork::tenancy:
        for (std::uint32_t x : c.blocks)
          b.nuisance_factor[x] *=
              static_cast<float>(std::exp(-p_.calm_per_hour * hours / n_blocks * b.corporation_share[x]));
        break;
      case ItemWork::none:
        break;
    }
  }

  // Removes `units` of disorder from one block this week (residents' own action there).
  static void cleanup_block(World& w, std::uint32_t x, double units) {
    const double d = w.blocks.disorder[x];
    if (d > 0 && units > 0) w.blocks.approach_cleanup[x] += static_cast<float>(std::min(1.0, units / d));
  }

  // The delivered share of the agenda: per item, the fall of its state on the part's blocks
  // since the agenda was set as a share of vba.target_reduction of the level then (at most 1; a
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

  // Answers at the end of the cycle, to everyone reached in it.
  void close_cycle(World& w, Cycle& c) {
    const double delivered = this->delivered(w, c);
    const double delta =
        (as_bool(p_.feedback) ? p_.feedback_trust * delivered : 0.0) - p_.promise_cost * (1.0 - delivered);
    for (std::uint32_t id : c.reached) {
      if (w.residents.arrived[id] > c.opened) continue;  // moved away: a newcomer lives there now
      shift_trust(w, id, delta);
      float& anchor = w.residents.responsibility_anchor[id];
      anchor = static_cast<float>(std::min(1.0, anchor + p_.responsibility_gain * delivered));
    }
    c.reached.clear();
    c.setters = 0;
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
  std::vector<std::uint8_t> reached_;  // per resident: reached in the current cycle of its part
};

}  // namespace

ApproachModule module() {
  std::vector<OutcomeInfo> outcomes = {
      module_outcome("agenda_rounds", "rounds", 0, 1e9, Pooling::Sum, Better::Neither,
                     "Agenda-setting rounds held so far (VBA cycles started), while the VBA acts")};
  static const std::array<std::string, kItemKinds> names = [] {
    std::array<std::string, kItemKinds> n;
    for (std::size_t i = 0; i < kItemKinds; ++i) n[i] = "agenda_" + std::string(kItemNames[i]);
    return n;
  }();
  static const std::array<std::string, kItemKinds> long_names = [] {
    std::array<std::string, kItemKinds> n;
    for (std::size_t i = 0; i < kItemKinds; ++i)
      n[i] = "VBA cycles so far whose agenda had the item " + std::string(kItemNames[i]) + ", while the VBA acts";
    return n;
  }();
  for (std::size_t i = 0; i < kItemKinds; ++i)
    outcomes.push_back(module_outcome(names[i], "cycles", 0, 1e9, Pooling::Sum, Better::Neither, long_names[i]));
  return {"vba",
          "model/approaches/vba/README.md",
          param_specs(),
          {kOutreachStream, kAgendaStream, kTakePartStream},
          outcomes,
          {Phase::Context},
          [](const ScenarioSpec& spec) -> std::unique_ptr<Approach> { return std::make_unique<Vba>(spec); }};
}

}  // namespace buurtsim::approaches::vba
