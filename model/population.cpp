#include "model/population.hpp"

#include <tbb/parallel_invoke.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/parallel.hpp"
#include "model/streams.hpp"

namespace buurtsim {
namespace {

constexpr std::uint32_t kChunkSize = 2048;

struct Rect {
  int x0, y0, w, h;
  std::uint32_t n_blocks;
};

// Lays neighbourhoods out left to right as near-square rectangles, with a buffer ring of
// `buffer` blocks around the bounding box. Unused cells are buffer blocks.
std::vector<Rect> lay_out(World& w) {
  const int buffer = as_int(w.spec.params.layout.buffer_width);
  const double per_block = w.spec.params.layout.block_residents;
  std::vector<Rect> rects;
  int x = buffer, height = 1;
  for (const auto& nb : w.spec.neighbourhoods) {
    const auto n = static_cast<std::uint32_t>(std::max(1.0, std::round(nb.residents / per_block)));
    const int side_w = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    const int side_h =
        static_cast<int>((n + static_cast<std::uint32_t>(side_w) - 1) / static_cast<std::uint32_t>(side_w));
    rects.push_back({x, buffer, side_w, side_h, n});
    x += side_w;
    height = std::max(height, side_h);
  }
  w.grid = Grid(x + buffer, height + 2 * buffer, false);
  return rects;
}

AgeGroup draw_age(Draws& d, const Params& p, bool adult, double child_boost) {
  const auto& pp = p.population;
  const double s65 =
      std::max(0.0, 1.0 - pp.share_age_0_14 - pp.share_age_15_24 - pp.share_age_25_44 - pp.share_age_45_64);
  std::array<double, kAgeGroups> share = {adult ? 0.0 : std::min(1.0, pp.share_age_0_14 * child_boost),
                                          pp.share_age_15_24, pp.share_age_25_44, pp.share_age_45_64, s65};
  const double adult_total = share[1] + share[2] + share[3] + share[4];
  const double scale = adult_total > 0 ? (1.0 - share[0]) / adult_total : 0.0;
  double u = d.uniform();
  for (int g = 0; g < kAgeGroups; ++g) {
    const double s = g == 0 ? share[0] : share[static_cast<std::size_t>(g)] * scale;
    if (u < s) return static_cast<AgeGroup>(g);
    u -= s;
  }
  return kAge45_64;
}

// Sizes every resident array. Touching the new pages for the first time dominates, and the
// arrays are independent, so two halves of the list are sized in parallel.
void resize_residents(Residents& r, std::size_t n) {
  tbb::parallel_invoke(
      [&] {
        r.neighbourhood.resize(n);
        r.block.resize(n);
        r.household.resize(n);
        r.age.resize(n);
        r.female.resize(n);
        r.tenure.resize(n);
        r.migration.resize(n);
        r.isolated.resize(n);
        r.offender.assign(n, -1);
        r.fear_base.resize(n);
        r.trust_base.resize(n);
        r.disorder_bias.resize(n);
        r.fear.resize(n);
        r.fear_recent.resize(n);
        r.victim_memory.assign(n, 0.f);
        r.witness_memory.assign(n, 0.f);
        r.hearsay_memory.assign(n, 0.f);
        r.nuisance_seen.assign(n, 0.f);
        r.police_seen.assign(n, 0.f);
        r.trust_police.resize(n);
        r.municipality_base.resize(n);
        r.corporation_base.resize(n);
        r.responsibility_anchor.resize(n);
      },
      [&] {
        r.participation_base.resize(n);
        r.care_needs.assign(n, 0);
        r.block_ties.assign(n, 0);
        r.trust_municipality.resize(n);
        r.trust_corporation.resize(n);
        r.responsibility.resize(n);
        r.aware.assign(n, 0);
        r.active_now.assign(n, 0);
        r.active_prev.assign(n, 0);
        r.problem.assign(n, 0);
        r.in_care.assign(n, 0);
        r.last_active.assign(n, kNever);
        r.arrived.assign(n, kNever);
        r.avoiding.assign(n, 0);
        r.team_aware.assign(n, 0);
        r.signalled.assign(n, 0);
        r.last_victimised.assign(n, kNever);
        r.last_police_contact.assign(n, kNever);
        r.last_offence.assign(n, 0);
        r.last_report_unanswered.assign(n, 0);
        r.week_events.assign(n, 0);
        r.witnessed.assign(n, 0);
      });
}

}  // namespace

// The traits a resident brings with them: isolation, care needs, personal baselines of fear,
// trust and responsibility, the propensity to take part, a bias in perceiving disorder; and a
// fresh start in everything the neighbourhood gives (memories, records, trust at baseline).
// `vulnerability` scales the shares of isolation and care needs (inflow into corporation
// dwellings can be more vulnerable than those leaving).
void draw_traits(World& w, const Params& p, std::uint32_t id, Draws& d, double vulnerability) {
  Residents& r = w.residents;
  const bool adult = is_adult(r.age[id]);
  r.isolated[id] = adult && d.bernoulli(std::min(1.0, p.population.share_isolated * vulnerability)) ? 1 : 0;
  r.care_needs[id] = adult && d.bernoulli(std::min(1.0, p.care.share_care_needs * vulnerability)) ? 1 : 0;
  const auto& f = p.fear;
  double base = f.offset + f.individual_sd * d.normal();
  if (r.female[id]) base += f.female;
  if (r.age[id] == kAge15_24 || r.age[id] == kAge25_44) base += f.age_15_44;
  if (r.age[id] == kAge65Plus) base += f.age_65_plus;
  r.fear_base[id] = static_cast<float>(base);
  r.fear[id] = r.fear_base[id];
  r.fear_recent[id] = r.fear_base[id];
  const double sd = p.trust.individual_sd;
  r.trust_base[id] = static_cast<float>(std::clamp(p.trust.police_baseline + sd * d.normal(), 0.0, 10.0));
  r.trust_police[id] = r.trust_base[id];
  r.disorder_bias[id] = static_cast<float>(p.disorder.perception_sd * d.normal());
  r.municipality_base[id] =
      static_cast<float>(std::clamp(p.institutions.municipality_baseline + sd * d.normal(), 0.0, 10.0));
  r.corporation_base[id] =
      static_cast<float>(std::clamp(p.institutions.corporation_baseline + sd * d.normal(), 0.0, 10.0));
  r.trust_municipality[id] = r.municipality_base[id];
  r.trust_corporation[id] = r.corporation_base[id];
  const auto& pp = p.participation;
  double anchor = pp.responsibility_base + pp.responsibility_sd * d.normal();
  if (r.tenure[id] == kOwner) anchor += pp.responsibility_owner;
  r.responsibility_anchor[id] = static_cast<float>(std::clamp(anchor, 0.0, 1.0));
  r.responsibility[id] = r.responsibility_anchor[id];
  r.participation_base[id] = static_cast<float>(pp.individual_sd * d.normal());
  r.aware[id] = 0;
  r.victim_memory[id] = r.witness_memory[id] = r.hearsay_memory[id] = 0.f;
  r.nuisance_seen[id] = r.police_seen[id] = 0.f;
  r.avoiding[id] = 0;
  r.team_aware[id] = 0;
  r.last_victimised[id] = r.last_police_contact[id] = r.last_active[id] = kNever;
  r.last_offence[id] = r.last_report_unanswered[id] = 0;
  r.active_now[id] = r.active_prev[id] = 0;
  r.problem[id] = r.in_care[id] = 0;
  r.arrived[id] = static_cast<std::int16_t>(std::max<int>(w.week, -32000));
}

namespace {

// Households and residents of one neighbourhood, filling its blocks in order. Households are
// drawn in order (where one starts depends on the sizes before it); the residents' own traits
// are keyed by resident, so they are drawn in parallel afterwards.
void populate(World& w, std::uint16_t nb_index, const Rect& rect, std::uint32_t& next_resident) {
  NeighbourhoodState& nb = w.neighbourhoods[nb_index];
  const Params& p = nb.params;
  const std::uint32_t total = w.spec.neighbourhoods[nb_index].residents;
  nb.first_resident = next_resident;
  nb.last_resident = next_resident + total;

  for (std::uint32_t i = 0; i < rect.n_blocks; ++i) {
    const int bx = rect.x0 + static_cast<int>(i % static_cast<std::uint32_t>(rect.w));
    const int by = rect.y0 + static_cast<int>(i / static_cast<std::uint32_t>(rect.w));
    const std::uint32_t b = w.grid.index(bx, by);
    w.blocks.neighbourhood[b] = nb_index;
    nb.blocks.push_back(b);
  }
  // Residents per block: as even as possible, in block order.
  const auto n_blocks = static_cast<std::uint32_t>(nb.blocks.size());
  const double households_expected = total / std::max(1.0, p.population.household_size);
  const double child_boost = total > households_expected ? total / (total - households_expected) : 1.0;

  Residents& r = w.residents;
  std::uint32_t placed = 0;
  auto block_of = [&](std::uint32_t k) {  // block of the k-th resident of this neighbourhood
    return nb.blocks[static_cast<std::size_t>(static_cast<std::uint64_t>(k) * n_blocks / total)];
  };
  while (placed < total) {
    const auto h = static_cast<std::uint32_t>(w.households.size());
    Draws hd(w.key, streams::household, kSetupWeek, h);
    const std::uint32_t size = std::min<std::uint32_t>(
        total - placed, 1 + std::min<std::uint32_t>(6, hd.poisson(std::max(0.0, p.population.household_size - 1.0))));
    const double u = hd.uniform();
    const auto tenure = u < p.population.share_corporation                                       ? kCorporation
                        : u < p.population.share_corporation + p.population.share_private_rental ? kPrivateRental
                                                                                                 : kOwner;
    const std::uint8_t migration = hd.bernoulli(p.population.share_migration_background) ? 1 : 0;
    w.households.first.push_back(next_resident);
    w.households.last_burglary.push_back(kNever);
    const std::uint32_t blk = block_of(placed);  // a household lives on one block
    for (std::uint32_t m = 0; m < size; ++m) {
      const std::uint32_t id = next_resident++;
      r.neighbourhood[id] = nb_index;
      r.household[id] = h;
      r.block[id] = blk;
      r.tenure[id] = tenure;
      r.migration[id] = migration;
    }
    placed += size;
  }
  for_each_range(total, kChunkSize, [&](std::size_t begin, std::size_t end) {
    for (std::uint32_t id = nb.first_resident + static_cast<std::uint32_t>(begin);
         id < nb.first_resident + static_cast<std::uint32_t>(end); ++id) {
      const bool head = w.households.first[r.household[id]] == id;  // the first member is an adult
      Draws d(w.key, streams::population, kSetupWeek, id);
      r.age[id] = draw_age(d, p, head, child_boost);
      r.female[id] = d.bernoulli(0.5) ? 1 : 0;
      draw_traits(w, p, id, d, 1.0);
      r.aware[id] = is_adult(r.age[id]) && d.bernoulli(p.awareness.initial) ? 1 : 0;
      r.arrived[id] = kNever;  // there from the start
    }
  });
}

// Every resident aged 15-44 is a potential offender; a share offends (is active) at any time.
// Offender numbers follow resident order; their draws are keyed by resident, so run in parallel.
void place_offenders(World& w) {
  Residents& r = w.residents;
  Offenders& o = w.offenders;
  for (std::uint32_t id = 0; id < r.size(); ++id) {
    if (r.age[id] != kAge15_24 && r.age[id] != kAge25_44) continue;
    r.offender[id] = static_cast<std::int32_t>(o.size());
    o.resident.push_back(id);
  }
  const std::size_t n = o.resident.size();
  o.kind.assign(n, kNuisanceOffender);
  o.own_activity.assign(n, 1.f);
  o.activity.assign(n, 1.f);
  o.active.assign(n, 0);
  o.last_household.assign(n, -1);
  o.last_burglary.assign(n, kNever);
  for_each_range(n, kChunkSize, [&](std::size_t begin, std::size_t end) {
    for (auto oi = static_cast<std::uint32_t>(begin); oi < end; ++oi) {
      const std::uint32_t id = o.resident[oi];
      Draws d(w.key, streams::offender_init, kSetupWeek, id);
      draw_offender(w, w.neighbourhoods[r.neighbourhood[id]].params, oi, d);
    }
  });
}

using Edge = std::pair<std::uint32_t, std::uint32_t>;

// The ties resident `id` starts (each tie is kept once here; both ends are stored later):
// to the later members of the household and, for those over 14, to block neighbours and a few
// residents anywhere in the neighbourhood, drawn from the resident's own stream.
void draw_ties(const World& w, std::uint32_t id, std::vector<Edge>& edges) {
  const Residents& r = w.residents;
  const std::uint32_t last = w.households.first[r.household[id] + 1];  // end of the household
  for (std::uint32_t j = id + 1; j < last; ++j) edges.emplace_back(id, j);
  if (r.age[id] == kAge0_14) return;
  Draws d(w.key, streams::network, kSetupWeek, id);
  const auto& np = w.neighbourhoods[r.neighbourhood[id]].params.network;
  const double factor = r.isolated[id] ? w.spec.params.network.isolated_factor : 1.0;
  const std::uint32_t b = r.block[id];
  const std::uint32_t first = w.blocks.first_resident[b], count = w.blocks.resident_count[b];
  const std::uint32_t k_block = d.poisson(np.block_ties * factor);
  for (std::uint32_t k = 0; k < k_block && count > 1; ++k) {
    const std::uint32_t other = first + d.below(count);
    if (other != id) edges.emplace_back(id, other);
  }
  const NeighbourhoodState& nb = w.neighbourhoods[r.neighbourhood[id]];
  const std::uint32_t k_long = d.poisson(np.long_ties * factor);
  for (std::uint32_t k = 0; k < k_long; ++k) {
    const std::uint32_t other = nb.first_resident + d.below(nb.last_resident - nb.first_resident);
    if (other != id) edges.emplace_back(id, other);
  }
}

// Household ties, ties to block neighbours and a few shortcuts across the neighbourhood,
// stored symmetric and de-duplicated in compressed sparse rows, each row in ascending order.
// Ties are drawn per resident (keyed by id) in parallel parts; every row is then sorted and
// de-duplicated, so the result does not depend on the order in which ties were gathered.
void build_network(World& w) {
  const auto n = static_cast<std::uint32_t>(w.residents.size());
  std::vector<std::vector<Edge>> parts((n + kChunkSize - 1) / kChunkSize);  // part i: residents from i * kChunkSize
  for_each_range(parts.size(), 1, [&](std::size_t part_begin, std::size_t part_end) {
    for (std::size_t part = part_begin; part < part_end; ++part) {
      const auto begin = static_cast<std::uint32_t>(part * kChunkSize), end = std::min(n, begin + kChunkSize);
      parts[part].reserve((end - begin) * 3);
      for (std::uint32_t id = begin; id < end; ++id) draw_ties(w, id, parts[part]);
    }
  });
  // Both ends of every tie, duplicates included, in rows.
  std::vector<std::uint32_t> offset(n + 1, 0);
  for (const auto& edges : parts)
    for (const auto& [a, b] : edges) ++offset[a + 1], ++offset[b + 1];
  std::partial_sum(offset.begin(), offset.end(), offset.begin());
  Network& net = w.network;
  net.ties.resize(offset[n]);
  {
    std::vector<std::uint32_t> fill(offset.begin(), offset.end() - 1);
    for (auto& edges : parts) {
      for (const auto& [a, b] : edges) {
        net.ties[fill[a]++] = b;
        net.ties[fill[b]++] = a;
      }
      std::vector<Edge>().swap(edges);
    }
  }
  // Sorted, de-duplicated rows, then packed in place (rows only move towards the front).
  net.offset.assign(n + 1, 0);
  for_each_range(n, kChunkSize, [&](std::size_t begin, std::size_t end) {
    for (std::size_t id = begin; id < end; ++id) {
      const auto row = net.ties.begin() + offset[id], row_end = net.ties.begin() + offset[id + 1];
      std::sort(row, row_end);
      net.offset[id + 1] = static_cast<std::uint32_t>(std::unique(row, row_end) - row);
    }
  });
  std::partial_sum(net.offset.begin(), net.offset.end(), net.offset.begin());
  for (std::uint32_t id = 0; id < n; ++id) {
    const auto row = net.ties.begin() + offset[id];
    std::copy(row, row + (net.offset[id + 1] - net.offset[id]), net.ties.begin() + net.offset[id]);
  }
  net.ties.resize(net.offset[n]);
}

// Fixed block attributes and the starting cohesion: ties on the own block, traffic, tenure mix.
void init_blocks(World& w) {
  Residents& r = w.residents;
  Blocks& b = w.blocks;
  for_each_range(r.size(), kChunkSize, [&](std::size_t begin, std::size_t end) {
    for (std::size_t id = begin; id < end; ++id) {
      std::uint32_t on_block = 0;
      for (std::uint32_t t = w.network.offset[id]; t < w.network.offset[id + 1]; ++t)
        on_block += r.block[w.network.ties[t]] == r.block[id] ? 1u : 0u;
      r.block_ties[id] = static_cast<std::uint8_t>(std::min<std::uint32_t>(on_block, 255));
    }
  });
  const std::size_t n = b.size();
  b.cohesion.assign(n, 0.f);
  b.efficacy.assign(n, 0.f);
  b.traffic.assign(n, 0.f);
  b.place_risk.assign(n, 1.f);
  b.corporation_share.assign(n, 0.f);
  b.tie_density.assign(n, 0.f);
  for_each_range(n, 1024, [&](std::size_t c_begin, std::size_t c_end) {  // keyed by block
    for (std::size_t c = c_begin; c < c_end; ++c) {
      const std::uint16_t nb = b.neighbourhood[c];
      const Params& p = nb == kBufferNeighbourhood ? w.spec.params : w.neighbourhoods[nb].params;
      Draws d(w.key, streams::block_init, kSetupWeek, static_cast<std::uint32_t>(c));
      b.traffic[c] = static_cast<float>(p.traffic.level * std::exp(p.traffic.block_sd * d.normal()));
      // Places differ durably in what they offer offenders (lognormal, mean 1; docs/odd.md 7.1).
      const double sd = w.spec.params.layout.place_risk_sd;
      Draws place(w.key, streams::place, kSetupWeek, static_cast<std::uint32_t>(c));
      b.place_risk[c] = static_cast<float>(std::exp(sd * place.normal() - 0.5 * sd * sd));
      double adults = 0, density = 0, corporation = 0, responsibility = 0;
      for (std::uint32_t id = b.first_resident[c]; id < b.first_resident[c] + b.resident_count[c]; ++id) {
        corporation += r.tenure[id] == kCorporation ? 1 : 0;
        if (r.age[id] == kAge0_14) continue;
        adults += 1;
        density += std::min(1.0, r.block_ties[id] / 3.0);
        responsibility += r.responsibility[id];
      }
      if (b.resident_count[c] > 0) b.corporation_share[c] = static_cast<float>(corporation / b.resident_count[c]);
      if (adults > 0) {
        b.tie_density[c] = static_cast<float>(density / adults);
        b.cohesion[c] = static_cast<float>(p.cohesion.ties_weight * density / adults);
        b.efficacy[c] = static_cast<float>(b.cohesion[c] * responsibility / adults);
      }
    }
  });
}

void make_chunks(World& w) {
  for (std::size_t i = 0; i < w.neighbourhoods.size(); ++i) {
    const auto& nb = w.neighbourhoods[i];
    for (std::uint32_t a = nb.first_resident; a < nb.last_resident; a += kChunkSize) {
      w.chunks.push_back({a, std::min(a + kChunkSize, nb.last_resident), static_cast<std::uint16_t>(i)});
    }
  }
}

}  // namespace

void draw_offender(World& w, const Params& p, std::uint32_t oi, Draws& d) {
  Offenders& o = w.offenders;
  o.active[oi] = d.bernoulli(p.population.offender_share) ? 1 : 0;
  o.kind[oi] = d.bernoulli(w.spec.params.population.offender_share_nuisance) ? kNuisanceOffender : kPropertyOffender;
  const double sd = w.spec.params.offending.activity_sd;
  o.own_activity[oi] = static_cast<float>(std::exp(sd * d.normal() - 0.5 * sd * sd));
  o.activity[oi] = o.own_activity[oi];
  o.last_household[oi] = -1;
  o.last_burglary[oi] = kNever;
}

World build_world(const ScenarioSpec& spec, const RunSettings& settings, std::uint32_t replicate) {
  World w;
  w.spec = spec;
  w.settings = settings;
  w.key = StreamKey{settings.seed, replicate};
  for (const auto& nb : spec.neighbourhoods) w.neighbourhoods.push_back({nb.name, nb.params, 0, 0, {}, {}});

  const std::vector<Rect> rects = lay_out(w);
  const std::size_t n_blocks = w.grid.size();
  Blocks& b = w.blocks;
  b.neighbourhood.assign(n_blocks, kBufferNeighbourhood);
  b.first_resident.assign(n_blocks, 0);
  b.resident_count.assign(n_blocks, 0);
  b.attract_extra.assign(n_blocks, 0.f);
  b.risk.assign(n_blocks, 0.f);
  b.perceived_risk.assign(n_blocks, 0.f);
  b.deployed_weeks.assign(n_blocks, 0);
  b.presence_hours.assign(n_blocks, 0.f);
  b.p_see_street.assign(n_blocks, 0.0);
  b.p_see_avoiding.assign(n_blocks, 0.0);
  b.approach_presence.assign(n_blocks, 0.f);
  b.approach_cleanup.assign(n_blocks, 0.f);
  b.nuisance_factor.assign(n_blocks, 1.f);
  b.watch_walks.assign(n_blocks, 0.f);
  b.guardianship.assign(n_blocks, 0.f);
  b.incidents_recent.assign(n_blocks, 0.f);
  b.incidents_week.assign(n_blocks, {});

  resize_residents(w.residents, spec.residents());
  w.tie_state.resize(spec.residents());
  std::uint32_t next = 0;
  for (std::size_t i = 0; i < rects.size(); ++i) populate(w, static_cast<std::uint16_t>(i), rects[i], next);
  w.households.first.push_back(next);  // sentinel: first[h+1] is the end of household h

  // Block membership: residents were placed in block order within each neighbourhood.
  for (std::uint32_t id = static_cast<std::uint32_t>(w.residents.size()); id-- > 0;) {
    const std::uint32_t blk = w.residents.block[id];
    b.first_resident[blk] = id;
    ++b.resident_count[blk];
  }
  b.disorder.assign(n_blocks, 0.f);
  for (std::size_t blk = 0; blk < n_blocks; ++blk) {
    const std::uint16_t nb = b.neighbourhood[blk];
    b.disorder[blk] = nb == kBufferNeighbourhood ? static_cast<float>(spec.params.disorder.initial)
                                                 : static_cast<float>(w.neighbourhoods[nb].params.disorder.initial);
  }
  place_offenders(w);
  build_network(w);
  init_blocks(w);
  make_chunks(w);
  return w;
}

}  // namespace buurtsim
