// Step 3: exposure. Residents witness incidents on their own block (less when they avoid the
// street), keep a running perception of nuisance, and hear of ties' victimisation this week.
#include "model/parallel.hpp"
#include "model/phases/phases.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {

void exposure(World& w) {
  const auto& e = w.spec.params.exposure;
  const auto& f = w.spec.params.fear;
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    Residents& r = w.residents;
    const Blocks& b = w.blocks;
    for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
      const auto& counts = b.incidents_week[r.block[id]];
      std::uint32_t on_block = 0;
      for (auto c : counts) on_block += c;
      const double street = r.avoiding[id] ? e.avoidance_street_factor : 1.0;
      std::uint32_t seen = 0;
      if (on_block > 0) {
        Draws d(w.key, streams::witness, w.week, id);
        const double p = e.witness_probability * street;
        for (std::uint32_t k = 0; k < on_block && k < 64; ++k) seen += d.bernoulli(p) ? 1u : 0u;
      }
      r.witnessed[id] = static_cast<std::uint8_t>(seen < 255 ? seen : 255);
      r.nuisance_seen[id] += static_cast<float>(e.nuisance_memory * (counts[kNuisance] - r.nuisance_seen[id]));

      std::uint32_t heard = 0;
      const std::uint32_t t0 = w.network.offset[id], t1 = w.network.offset[id + 1];
      bool any = false;
      for (std::uint32_t t = t0; t < t1; ++t) any |= (r.week_events[w.network.ties[t]] & kEventVictimised) != 0;
      if (any) {
        Draws d(w.key, streams::hearsay, w.week, id);
        for (std::uint32_t t = t0; t < t1; ++t) {
          const bool victim = (r.week_events[w.network.ties[t]] & kEventVictimised) != 0;
          if (d.bernoulli(victim ? e.hearsay_probability : 0.0)) ++heard;
        }
      }
      r.victim_memory[id] *= static_cast<float>(1.0 - f.victim_memory_decay);
      r.witness_memory[id] = static_cast<float>(r.witness_memory[id] * (1.0 - f.witness_memory_decay) + seen);
      r.hearsay_memory[id] = static_cast<float>(r.hearsay_memory[id] * (1.0 - f.hearsay_memory_decay) + heard);
    }
  });
}

}  // namespace buurtsim::phases
