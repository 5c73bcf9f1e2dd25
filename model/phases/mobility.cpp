// Step 9: residential mobility and offender cohorts.
// Households move out at a base rate by tenure and age of the head, raised by fear and recent
// victimisation for those able to move (owners and private renters); the dwelling is refilled at
// once by a household of the same size and age-sex make-up (this version keeps the dwelling's
// household slots) who bring new traits: migration background, isolation and care needs (more
// vulnerable in corporation dwellings), personal baselines, no local awareness, no memories, and
// offending drawn afresh. Offenders desist at a yearly rate and residents aged 15-44 start at the
// rate that keeps the offender share steady.
#include <algorithm>
#include <cmath>

#include "model/parallel.hpp"
#include "model/phases/phases.hpp"
#include "model/population.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {
namespace {

double weekly(double yearly_rate) { return 1.0 - std::exp(-yearly_rate / 52.0); }

// u < weekly(yearly_rate), the Bernoulli trial of a move, without the exp in almost every case:
// weekly(x) <= x / 52, so a u well above x / 52 (by more than rounding can add) cannot move.
bool moves(double u, double yearly_rate) {
  if (u > yearly_rate / 52.0 * (1.0 + 1e-12) + 1e-15) return false;
  return u < weekly(yearly_rate);
}

void offender_cohorts(World& w) {
  const double desist = weekly(w.spec.params.mobility.offender_turnover);
  Offenders& o = w.offenders;
  for_each_range(o.size(), 4096, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const auto oi = static_cast<std::uint32_t>(i);
      const NeighbourhoodState& nb = w.neighbourhoods[w.residents.neighbourhood[o.resident[i]]];
      const double share = nb.params.population.offender_share;
      const double onset = (share < 1.0 ? desist * share / (1.0 - share) : 1.0) * nb.onset_factor;
      Draws d(w.key, streams::offender_cohort, w.week, oi);
      if (o.active[i] ? d.bernoulli(desist) : d.bernoulli(onset)) {
        o.active[i] = o.active[i] ? 0 : 1;
        o.activity[i] = o.own_activity[i];
      }
    }
  });
}

void move_household(World& w, std::uint32_t h, const Params& p) {
  Residents& r = w.residents;
  const std::uint32_t first = w.households.first[h], last = w.households.first[h + 1];
  Draws hd(w.key, streams::newcomer, w.week, first);
  const std::uint8_t migration = hd.bernoulli(p.population.share_migration_background) ? 1 : 0;
  const double vulnerability = r.tenure[first] == kCorporation ? p.mobility.inflow_vulnerability : 1.0;
  w.households.last_burglary[h] = kNever;
  for (std::uint32_t id = first; id < last; ++id) {
    Draws d(w.key, streams::newcomer, w.week, id);
    d.bits();  // the first word of the first member decided the household's background
    r.migration[id] = migration;
    draw_traits(w, p, id, d, vulnerability);
    if (r.offender[id] >= 0) draw_offender(w, p, static_cast<std::uint32_t>(r.offender[id]), d);
  }
}

}  // namespace

void mobility(World& w) {
  offender_cohorts(w);
  const auto& m = w.spec.params.mobility;
  Residents& r = w.residents;
  for_each_range(w.households.size(), 512, [&](std::size_t begin, std::size_t end) {
    for (std::size_t hi = begin; hi < end; ++hi) {
      const auto h = static_cast<std::uint32_t>(hi);
      const std::uint32_t first = w.households.first[h], last = w.households.first[h + 1];
      const Params& p = w.neighbourhoods[r.neighbourhood[first]].params;
      double rate = p.mobility.move_rate;
      if (r.tenure[first] == kPrivateRental) rate *= m.private_rental_factor;
      if (r.tenure[first] == kOwner) rate *= m.owner_factor;
      if (r.age[first] == kAge15_24) rate *= m.young_factor;
      if (r.tenure[first] != kCorporation) {  // able to move at will
        double fear = 0, adults = 0;
        bool victim = false;
        for (std::uint32_t id = first; id < last; ++id) {
          if (!is_adult(r.age[id])) continue;
          fear += r.fear[id];
          adults += 1;
          victim |= r.last_victimised[id] != kNever && w.week - r.last_victimised[id] < 52;
        }
        if (adults > 0) rate *= 1.0 + m.fear_effect * std::max(0.0, fear / adults);
        if (victim) rate *= 1.0 + m.victim_effect;
      }
      Draws d(w.key, streams::move, w.week, h);
      if (moves(d.uniform32(), rate)) move_household(w, h, p);
    }
  });
}

}  // namespace buurtsim::phases
