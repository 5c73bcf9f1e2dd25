// Step 1: offending. Offenders choose blocks in the area they know by attractiveness (with
// near-repeat boosts), lack of guardianship and perceived sanction risk; ordinary residents
// commit minor nuisance, more where disorder invites it; victims are chosen on the block.
#include <algorithm>
#include <array>
#include <cmath>

#include "model/parallel.hpp"
#include "model/phases/phases.hpp"
#include "model/phases/victimisation.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {
namespace {

constexpr std::uint32_t kMaxPerOffender = 16;
constexpr std::uint32_t kMaxPerBlock = 16;
constexpr std::size_t kMaxCandidates = 13 * 13;  // Moore radius 6 including the home block

// Burglary and violence: little invited by disorder (petty theft and vandalism are).
bool serious(std::uint8_t type) { return type == kBurglary || type == kViolence; }

std::uint8_t draw_type(Draws& d, std::uint8_t kind, const Params& p) {
  const auto& o = p.offending;
  const double u = d.uniform();
  if (kind == kNuisanceOffender) {
    if (u < o.nuisance_mix_nuisance) return kNuisance;
    if (u < o.nuisance_mix_nuisance + o.nuisance_mix_vandalism) return kVandalism;
    return kViolence;
  }
  if (u < o.property_mix_burglary) return kBurglary;
  if (u < o.property_mix_burglary + o.property_mix_theft) return kTheft;
  if (u < o.property_mix_burglary + o.property_mix_theft + o.property_mix_vandalism) return kVandalism;
  return kViolence;
}

// Attractiveness of block c for an incident of the given type, before deterrence.
double block_weight(const World& w, std::uint32_t c, std::uint8_t type, bool home) {
  const auto& o = w.spec.params.offending;
  const Blocks& b = w.blocks;
  const bool buffer = b.resident_count[c] == 0;
  double weight = buffer ? w.spec.params.layout.buffer_attractiveness : 1.0;
  weight *= b.place_risk[c] * (1.0 + b.attract_extra[c]);
  weight *= serious(type) ? 1.0 + o.disorder_on_serious * b.disorder[c] : 1.0 + o.disorder_invitation * b.disorder[c];
  weight *= std::exp(-o.guardianship_weight * b.guardianship[c] - o.displacement_weight * b.perceived_risk[c] -
                     w.spec.params.cohesion.crime_weight * b.efficacy[c]);
  if (home) weight *= o.home_block_weight;
  return weight;
}

// Probability that an attempt at the chosen block is abandoned there: police deterrence,
// capable guardians and the residents' collective efficacy each stop it independently (what
// they do not stop they have already partly moved elsewhere through block_weight).
double prevented(const World& w, std::uint32_t c) {
  const Params& p = w.spec.params;
  const Blocks& b = w.blocks;
  const double police = p.police.deterrence_max * b.perceived_risk[c];
  const double guardians = p.offending.guardian_prevention * (1.0 - std::exp(-b.guardianship[c]));
  const double efficacy = p.offending.prevention_share * (1.0 - std::exp(-p.cohesion.crime_weight * b.efficacy[c]));
  return 1.0 - (1.0 - police) * (1.0 - guardians) * (1.0 - efficacy);
}

std::uint32_t choose_block(const World& w, std::uint32_t home, std::uint8_t type, Draws& d) {
  std::array<std::uint32_t, kMaxCandidates> cand;
  std::array<double, kMaxCandidates> cum;
  std::size_t n = 0;
  double total = 0;
  auto add = [&](std::uint32_t c) {
    total += block_weight(w, c, type, c == home);
    cand[n] = c;
    cum[n++] = total;
  };
  add(home);
  w.search_area->for_each(home, add);
  const double u = d.uniform() * total;
  const std::size_t i = static_cast<std::size_t>(
      std::upper_bound(cum.begin(), cum.begin() + static_cast<std::ptrdiff_t>(n), u) - cum.begin());
  return cand[std::min(i, n - 1)];
}

// The household of the offender (or none, for an ordinary resident's norm violation).
std::int64_t offender_household(const World& w, const Incident& inc) {
  if (inc.offender < 0) return -1;
  return w.residents.household[w.offenders.resident[static_cast<std::size_t>(inc.offender)]];
}

// A resident aged 15+ on the block outside the offender's household, or -1 when none is found
// (buffer blocks have no residents).
std::int32_t adult_on_block(const World& w, std::uint32_t block, std::int64_t exclude_household, Draws& d) {
  const std::uint32_t first = w.blocks.first_resident[block], count = w.blocks.resident_count[block];
  if (count == 0) return -1;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::uint32_t id = first + d.below(count);
    if (is_adult(w.residents.age[id]) && w.residents.household[id] != exclude_household)
      return static_cast<std::int32_t>(id);
  }
  return -1;
}

// An adult of household h (who experiences and reports a household offence), or -1.
std::int32_t adult_of_household(const World& w, std::uint32_t h, Draws& d) {
  const std::uint32_t first = w.households.first[h], size = w.households.first[h + 1] - first;
  const std::uint32_t start = d.below(size);
  for (std::uint32_t k = 0; k < size; ++k) {
    const std::uint32_t id = first + (start + k) % size;
    if (is_adult(w.residents.age[id])) return static_cast<std::int32_t>(id);
  }
  return -1;
}

// The burgled household: repeat victimisation makes a household burgled in the past year
// `repeat_household_boost` times as likely to be chosen again.
std::int32_t burglary_victim(const World& w, std::uint32_t block, std::int64_t exclude_household, Draws& d) {
  const std::uint32_t first = w.blocks.first_resident[block], count = w.blocks.resident_count[block];
  if (count == 0) return -1;
  const double boost = w.spec.params.offending.repeat_household_boost;
  auto weight = [&](std::uint32_t i) {
    const std::uint32_t h = w.residents.household[i];
    if (h == exclude_household) return 0.0;
    const std::int16_t last = w.households.last_burglary[h];
    return (last != kNever && w.week - last < 52) ? 1.0 + boost : 1.0;
  };
  double total = 0;
  for (std::uint32_t i = first; i < first + count; ++i) total += weight(i);
  if (total <= 0) return -1;
  double u = d.uniform() * total;
  std::uint32_t chosen = first + count - 1;
  for (std::uint32_t i = first; i < first + count; ++i) {
    u -= weight(i);
    if (u < 0) {
      chosen = i;
      break;
    }
  }
  return adult_of_household(w, w.residents.household[chosen], d);
}

double severity(std::uint8_t type, const Params& p) {
  switch (type) {
    case kViolence:
      return p.fear.severity_violence;
    case kBurglary:
      return p.fear.severity_burglary;
    case kTheft:
    case kVandalism:
      return p.fear.severity_property;
    default:
      return 0.0;
  }
}

void choose_victims(World& w) {
  for (std::uint32_t i = 0; i < w.incidents.size(); ++i) {
    Incident& inc = w.incidents[i];
    if (inc.type == kNuisance) continue;
    Draws d(w.key, streams::victim, w.week, i);
    const std::int64_t exclude = offender_household(w, inc);
    if (inc.household >= 0) {
      inc.victim = adult_of_household(w, static_cast<std::uint32_t>(inc.household), d);
    } else {
      inc.victim =
          inc.type == kBurglary ? burglary_victim(w, inc.block, exclude, d) : adult_on_block(w, inc.block, exclude, d);
    }
    if (inc.victim < 0) continue;
    const auto v = static_cast<std::uint32_t>(inc.victim);
    const double sev = severity(inc.type, w.spec.params);
    if (inc.type == kViolence) {
      record_victimisation(w, v, sev);
      continue;
    }
    // Household offences count for every household member aged 15+.
    const std::uint32_t h = w.residents.household[v];
    if (inc.type == kBurglary) {
      w.households.last_burglary[h] = static_cast<std::int16_t>(w.week);
      if (inc.offender >= 0) {  // the burglar remembers the household
        w.offenders.last_household[static_cast<std::size_t>(inc.offender)] = static_cast<std::int32_t>(h);
        w.offenders.last_burglary[static_cast<std::size_t>(inc.offender)] = static_cast<std::int16_t>(w.week);
      }
    }
    for (std::uint32_t m = w.households.first[h]; m < w.households.first[h + 1]; ++m) {
      if (is_adult(w.residents.age[m])) record_victimisation(w, m, sev);
    }
  }
}

void update_attractiveness(World& w) {
  const auto& o = w.spec.params.offending;
  Blocks& b = w.blocks;
  for_each_range(b.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      auto property = [&](std::uint32_t x) {
        return static_cast<double>(b.incidents_week[x][kBurglary] + b.incidents_week[x][kTheft] +
                                   b.incidents_week[x][kVandalism]);
      };
      double spill = 0;
      w.adjacent->for_each(static_cast<std::uint32_t>(c), [&](std::uint32_t x) { spill += property(x); });
      const double own = property(static_cast<std::uint32_t>(c));
      b.scratch[c] = static_cast<float>(b.attract_extra[c] * (1.0 - o.near_repeat_decay) +
                                        o.near_repeat_boost * (own + o.near_repeat_spread * spill));
    }
  });
  std::swap(b.attract_extra, b.scratch);
}

}  // namespace

void offending(World& w) {
  const auto& o = w.spec.params.offending;
  // This week's offending offenders, in index order; slots are per position in this list.
  w.active_offenders.clear();
  for (std::uint32_t i = 0; i < w.offenders.size(); ++i)
    if (w.offenders.active[i]) w.active_offenders.push_back(i);
  const std::size_t n_off = w.active_offenders.size(), n_blocks = w.blocks.size();
  if (incident_slot_capacity(n_off, n_blocks) > w.incident_slots.size()) {
    // Rare: more offenders than at the start allowed for (offender cohorts grew).
    w.incident_slots.resize(incident_slot_capacity(2 * n_off, n_blocks));
    w.incident_counts.resize(2 * n_off + n_blocks);
    w.incidents.reserve(w.incident_slots.size());
    w.reports.reserve(w.incident_slots.size());
  }
  // Offenders, in parallel: each writes only its own slots.
  for_each_range(n_off, 256, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t oi = w.active_offenders[i];
      Draws d(w.key, streams::offending, w.week, oi);
      const double mean = o.offender_rate * w.offenders.activity[oi] * w.offending_multiplier;
      const std::uint32_t k = std::min(kMaxPerOffender, d.poisson(mean));
      const std::uint32_t home = w.residents.block[w.offenders.resident[oi]];
      Draws t(w.key, streams::target, w.week, oi);
      std::uint32_t kept = 0;
      for (std::uint32_t j = 0; j < k; ++j) {
        const std::uint8_t type = draw_type(t, w.offenders.kind[oi], w.spec.params);
        std::uint32_t block = choose_block(w, home, type, t);
        // A burglar may return to the household burgled last (repeat victimisation).
        std::int32_t target = -1;
        const bool returns = t.uniform32() < o.return_probability;
        const std::int32_t last_h = w.offenders.last_household[oi];
        if (type == kBurglary && returns && last_h >= 0 && w.week - w.offenders.last_burglary[oi] < 52) {
          target = last_h;
          block = w.residents.block[w.households.first[static_cast<std::size_t>(last_h)]];
        }
        if (t.uniform32() < prevented(w, block)) continue;
        w.incident_slots[i * kMaxPerOffender + kept++] = {block, type, static_cast<std::int32_t>(oi), -1, target};
      }
      w.incident_counts[i] = static_cast<std::uint8_t>(kept);
    }
  });
  // Ordinary residents' minor norm violation, per residential block.
  const std::size_t block_base = n_off * kMaxPerOffender;
  for_each_range(n_blocks, 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const std::uint32_t count = w.blocks.resident_count[c];
      w.incident_counts[n_off + c] = 0;
      if (count == 0) continue;
      Draws d(w.key, streams::norm_violation, w.week, static_cast<std::uint32_t>(c));
      const double mean = o.resident_nuisance_rate * count * w.offending_multiplier * w.blocks.nuisance_factor[c] *
                          (1.0 + o.disorder_invitation * w.blocks.disorder[c]);
      const std::uint32_t k = std::min(kMaxPerBlock, d.poisson(mean));
      w.incident_counts[n_off + c] = static_cast<std::uint8_t>(k);
      for (std::uint32_t j = 0; j < k; ++j)
        w.incident_slots[block_base + c * kMaxPerBlock + j] = {static_cast<std::uint32_t>(c), kNuisance, -1, -1};
    }
  });
  // Gather in a fixed order: offenders by index, then blocks by index.
  w.incidents.clear();
  for (std::size_t i = 0; i < n_off; ++i)
    for (std::uint32_t j = 0; j < w.incident_counts[i]; ++j)
      w.incidents.push_back(w.incident_slots[i * kMaxPerOffender + j]);
  for (std::size_t c = 0; c < n_blocks; ++c)
    for (std::uint32_t j = 0; j < w.incident_counts[n_off + c]; ++j)
      w.incidents.push_back(w.incident_slots[block_base + c * kMaxPerBlock + j]);

  for (const Incident& inc : w.incidents) {
    auto& count = w.blocks.incidents_week[inc.block][inc.type];
    if (count < 0xFFFF) ++count;
    const std::uint16_t nb = w.blocks.neighbourhood[inc.block];
    if (nb != kBufferNeighbourhood) {
      w.neighbourhoods[nb].week.incidents[inc.type] += 1;
    } else if (inc.offender >= 0) {
      const auto home_nb = w.residents.neighbourhood[w.offenders.resident[static_cast<std::size_t>(inc.offender)]];
      w.neighbourhoods[home_nb].week.incidents_buffer += 1;
    }
  }
  choose_victims(w);
  update_attractiveness(w);
}

// Capacity of the per-week scratch used above (called once at initialisation).
std::size_t incident_slot_capacity(std::size_t offenders, std::size_t blocks) {
  return offenders * kMaxPerOffender + blocks * kMaxPerBlock;
}

}  // namespace buurtsim::phases
