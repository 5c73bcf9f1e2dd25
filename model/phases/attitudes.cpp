// Step 7: attitudes.
// Fear moves towards a target made of the personal baseline, the national trend, and the
// memories of own victimisation, witnessed incidents and hearsay, plus perceived disorder and
// nuisance; it rises fast and falls slowly. Trust in the police moves on contacts: a contact of
// good procedural quality adds contact_gain, a poor one, an unanswered report or a sanction in
// the household take negative_asymmetry times as much (or their own cost); contacts heard about
// through ties count heard_weight as much; trust returns slowly to the personal baseline.
#include <algorithm>
#include <cmath>

#include "model/phases/phases.hpp"
#include "model/response.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {
namespace {

double contact_effect(std::uint8_t events, const Params& p) {
  const auto& t = p.trust;
  double delta = 0;
  if (events & kEventContactGood) delta += t.contact_gain;
  if (events & kEventContactBad) delta -= t.contact_gain * t.negative_asymmetry;
  return delta;
}

void update_guardianship(World& w) {
  Blocks& b = w.blocks;
  const double street = w.spec.params.exposure.avoidance_street_factor;
  for_each_range(b.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const std::uint32_t first = b.first_resident[c], count = b.resident_count[c];
      double out = 0, adults = 0;
      for (std::uint32_t id = first; id < first + count; ++id) {
        if (!is_adult(w.residents.age[id])) continue;
        adults += 1;
        out += w.residents.avoiding[id] ? street : 1.0;
      }
      b.guardianship[c] = static_cast<float>(adults > 0 ? out / adults : 0.0);
    }
  });
  double sum = 0, n = 0;
  for (std::size_t c = 0; c < b.size(); ++c)
    if (b.resident_count[c] > 0) sum += b.guardianship[c], n += 1;
  const auto buffer = static_cast<float>(n > 0 ? sum / n : 0.0);
  for (std::size_t c = 0; c < b.size(); ++c)
    if (b.resident_count[c] == 0) b.guardianship[c] = buffer;
}

}  // namespace

void attitudes(World& w) {
  const Params& g = w.spec.params;
  const auto& f = g.fear;
  const auto& t = g.trust;
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    Residents& r = w.residents;
    for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
      const std::uint32_t blk = r.block[id];
      const double perceived = response::perceived_disorder(w.blocks.disorder[blk], r.disorder_bias[id]);
      const double target = r.fear_base[id] + w.fear_shift + f.victimisation * r.victim_memory[id] +
                            f.witnessed * r.witness_memory[id] + f.hearsay * r.hearsay_memory[id] +
                            f.disorder * perceived + f.nuisance * r.nuisance_seen[id];
      const double gap = target - r.fear[id];
      r.fear[id] += static_cast<float>(gap * (gap > 0 ? f.rise_rate : f.fall_rate));
      r.fear_recent[id] += static_cast<float>((r.fear[id] - r.fear_recent[id]) / 13.0);
      r.avoiding[id] = r.fear[id] > f.avoidance_threshold ? 1 : 0;

      const std::uint8_t ev = r.week_events[id];
      double delta = contact_effect(ev, g);
      if (ev & kEventUnanswered) delta -= t.unanswered_cost;
      if (ev & kEventSanctioned) delta -= t.sanction_cost;
      const std::uint32_t t0 = w.network.offset[id], t1 = w.network.offset[id + 1];
      bool any = false;
      for (std::uint32_t k = t0; k < t1; ++k) any |= (r.week_events[w.network.ties[k]] & (kEventContactGood | kEventContactBad)) != 0;
      if (any) {
        Draws d(w.key, streams::heard_contact, w.week, id);
        const double hear = w.spec.params.exposure.hearsay_probability;
        for (std::uint32_t k = t0; k < t1; ++k) {
          const std::uint8_t other = r.week_events[w.network.ties[k]];
          if (d.bernoulli((other & (kEventContactGood | kEventContactBad)) ? hear : 0.0))
            delta += t.heard_weight * contact_effect(other, g);
        }
      }
      const double next = r.trust_police[id] + delta + t.relaxation * (r.trust_base[id] - r.trust_police[id]);
      r.trust_police[id] = static_cast<float>(std::clamp(next, 0.0, 10.0));
    }
  });
  update_guardianship(w);
}

}  // namespace buurtsim::phases
