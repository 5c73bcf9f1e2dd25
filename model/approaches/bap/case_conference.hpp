#pragma once
// The Buurtactieplan's case conferences (casuïstiekoverleg; model/approaches/bap/README.md):
// what the partners know of offenders, and the targets they choose from it. Only what was
// recorded counts (reported incidents whose offender the reporter knows, sanctions), never an
// offender's hidden activity.
#include <cstdint>
#include <utility>
#include <vector>

#include "model/world.hpp"

namespace buurtsim::approaches::bap {

// Each offender's record: an exponentially fading count of the reported nuisance and violence
// incidents the offender committed (the reporter knows who) and of the offender's sanctions (a
// police contact as a suspect); and the block of the offender's last reported nuisance incident
// (where a youth group hangs out). A resident who moved in starts with no record.
class Records {
 public:
  static constexpr std::uint32_t kNoPlace = 0xFFFFFFFFu;
  void init(const World& w) {
    record_.assign(w.offenders.size(), 0.f);
    place_.assign(w.offenders.size(), kNoPlace);
  }
  // At the end of week `week` (burn-in included): fade by exp(-1 / mean_weeks), add the week's.
  void update(const World& w, int week, double mean_weeks);
  float of(std::uint32_t offender) const { return record_[offender]; }
  // Adds to an offender's record (what update() does for each recorded incident).
  void add(std::uint32_t offender, float amount) { record_[offender] += amount; }
  // The block of the offender's last reported nuisance incident, or kNoPlace.
  std::uint32_t place(std::uint32_t offender) const { return place_[offender]; }
  void set_place(std::uint32_t offender, std::uint32_t block) { place_[offender] = block; }

 private:
  std::vector<float> record_;
  std::vector<std::uint32_t> place_;
};

// How many targets of each kind one case conference takes on.
struct TargetCounts {
  std::size_t offenders = 0, households = 0, youth_groups = 0;
  std::size_t group_min = 3;
};

// The targets of one neighbourhood, as chosen by its last case conference, and the units each
// organisation works on (each list without repeats, in a fixed order).
struct Targets {
  std::vector<std::uint32_t> offenders;   // prolific offenders, largest record first
  std::vector<std::uint32_t> households;  // troublesome households, largest summed record first
  std::vector<std::uint32_t> youth;       // members of the youth groups chosen
  std::size_t youth_groups = 0;           // groups chosen
  std::vector<std::uint32_t> persons;     // every target offender: all three kinds
  std::vector<std::uint32_t> care;        // households of the prolific offenders, and the troublesome ones
  std::vector<std::uint8_t> agreed;       // per care household: a behaviour agreement made
  std::vector<std::uint32_t> mediation;   // blocks of the troublesome households and the youth groups' places
  std::vector<std::uint32_t> places;      // the youth groups' places (blocks of this neighbourhood)
  int selected_week = 0;
};

// Chooses the targets of one neighbourhood. Scratch is sized by init() for the whole world.
class CaseConference {
 public:
  void init(const World& w, std::size_t offenders_in_neighbourhood, std::size_t blocks_in_neighbourhood);
  // `offenders`: the offender slots of the neighbourhood's residents.
  void select(const World& w, const std::vector<std::uint32_t>& offenders, const Records& records,
              const TargetCounts& counts, Targets& out);

 private:
  void prolific(const World& w, const std::vector<std::uint32_t>& offenders, const Records& records, std::size_t n,
                Targets& out);
  void troublesome_households(const World& w, const std::vector<std::uint32_t>& offenders, const Records& records,
                              std::size_t n, Targets& out);
  void youth_groups(const World& w, const std::vector<std::uint32_t>& offenders, const Records& records,
                    const TargetCounts& counts, Targets& out);

  std::vector<std::pair<float, std::uint32_t>> ranked_;
  std::vector<float> household_score_;     // per household of the world, 0 between selections
  std::vector<std::uint32_t> touched_;     // households or blocks marked during a selection
  std::vector<std::int32_t> block_group_;  // per block of the world: -1, or a youth group's number
  std::vector<std::uint32_t> queue_;
  std::vector<std::uint32_t> young_;  // young nuisance offenders with a record
  std::vector<float> group_score_;
  std::vector<std::uint32_t> group_size_;
  std::vector<std::uint8_t> group_chosen_;
};

// Whether target offender oi still counts: offending and still living here (someone who moved
// into the dwelling since the case conference is someone else).
inline bool live_offender(const World& w, std::uint32_t oi, int selected_week) {
  const std::int16_t arrived = w.residents.arrived[w.offenders.resident[oi]];
  return w.offenders.active[oi] && (arrived == kNever || arrived < selected_week);
}
// Whether target household h still lives here (its first member did not move in since).
inline bool live_household(const World& w, std::uint32_t h, int selected_week) {
  const std::int16_t arrived = w.residents.arrived[w.households.first[h]];
  return arrived == kNever || arrived < selected_week;
}

}  // namespace buurtsim::approaches::bap
