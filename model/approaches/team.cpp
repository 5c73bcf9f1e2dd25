#include "model/approaches/team.hpp"

#include <algorithm>
#include <cmath>

#include "model/parallel.hpp"
#include "model/streams.hpp"

namespace buurtsim::approaches {

void shift_trust(World& w, std::uint32_t id, double delta) {
  Residents& r = w.residents;
  r.trust_police[id] = static_cast<float>(std::clamp(r.trust_police[id] + delta, 0.0, 10.0));
  r.trust_municipality[id] = static_cast<float>(std::clamp(r.trust_municipality[id] + delta, 0.0, 10.0));
}

void team_contact(World& w, std::uint32_t id, Draws& d) {
  const Params& p = w.spec.params;
  w.residents.team_aware[id] = 1;
  const double gain = p.team.contact_trust;
  shift_trust(w, id, d.bernoulli(p.team.contact_quality) ? gain : -gain * p.trust.negative_asymmetry);
  w.neighbourhoods[w.residents.neighbourhood[id]].week.team_contacts += 1;
}

void team_awareness(World& w) {
  const auto& t = w.spec.params.team;
  // States while this runs: 0 unaware, 1 aware, 2 learned this week, 3 forgets this week.
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    Residents& r = w.residents;
    for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
      if (!is_adult(r.age[id])) continue;
      if (r.team_aware[id] == 0 && t.word_of_mouth <= 0) continue;
      Draws d(w.key, streams::team_awareness, w.week, id);
      const double u = d.uniform32();
      if (r.team_aware[id]) {
        if (u < t.forgetting) r.team_aware[id] = 3;
        continue;
      }
      std::uint32_t aware = 0;
      for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k) {
        const std::uint8_t s = r.team_aware[w.network.ties[k]];
        aware += s == 1 || s == 3 ? 1u : 0u;
      }
      if (aware > 0 && u < 1.0 - std::pow(1.0 - t.word_of_mouth, aware)) r.team_aware[id] = 2;
    }
  });
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    Residents& r = w.residents;
    for (std::uint32_t id = ch.begin; id < ch.end; ++id)
      if (r.team_aware[id] >= 2) r.team_aware[id] = r.team_aware[id] == 2 ? 1 : 0;
  });
}

void clean_in_proportion(World& w, const std::vector<std::uint32_t>& blocks, double units) {
  Blocks& b = w.blocks;
  double total = 0;
  for (std::uint32_t c : blocks) total += b.disorder[c];
  if (units <= 0 || total <= 0) return;
  const auto fraction = static_cast<float>(std::min(1.0, units / total));
  for (std::uint32_t c : blocks) b.approach_cleanup[c] += fraction;
}

void part_blocks(const World& w, std::size_t nb, int parts, int k, std::vector<std::uint32_t>& out) {
  const auto& blocks = w.neighbourhoods[nb].blocks;
  const std::size_t n = blocks.size(), p = static_cast<std::size_t>(std::max(1, parts));
  const std::size_t kk = static_cast<std::size_t>(k) % p;
  out.assign(blocks.begin() + static_cast<std::ptrdiff_t>(kk * n / p),
             blocks.begin() + static_cast<std::ptrdiff_t>((kk + 1) * n / p));
}

}  // namespace buurtsim::approaches
