#include "model/approaches/vba/agenda.hpp"

#include <algorithm>
#include <cmath>

#include "model/response.hpp"

namespace buurtsim::approaches::vba {

OrgWork org_work(Organisation org, std::size_t item) {
  switch (org) {
    case kOrgPolice:  // presence on crime and nuisance; nothing of its own on the rest
      if (item == kCrimeItem) return {ItemWork::hot_spots, kTaskPresence};
      if (item == kNuisanceItem) return {ItemWork::patrol, kTaskPresence};
      return {ItemWork::none, kTaskOverhead};
    case kOrgMunicipality:  // public space, traffic, BOAs on nuisance
      if (item == kDisorderItem || item == kPublicSpaceItem) return {ItemWork::cleanup, kTaskEnvironment};
      if (item == kTrafficItem) return {ItemWork::traffic, kTaskEnvironment};
      if (item == kNuisanceItem) return {ItemWork::calm, kTaskEnforcement};
      return {ItemWork::none, kTaskOverhead};
    case kOrgWelfare:  // youth work and neighbour mediation
      if (item == kNuisanceItem || item == kNeighboursItem) return {ItemWork::calm, kTaskCare};
      return {ItemWork::none, kTaskOverhead};
    case kOrgCorporation:  // its dwellings and its tenants
      if (item == kDisorderItem || item == kPublicSpaceItem) return {ItemWork::maintenance, kTaskEnvironment};
      if (item == kNuisanceItem || item == kNeighboursItem) return {ItemWork::tenancy, kTaskEnforcement};
      return {ItemWork::none, kTaskOverhead};
    default:
      return {ItemWork::none, kTaskOverhead};
  }
}

OrgWork org_default(Organisation org) {
  switch (org) {
    case kOrgPolice:
      return {ItemWork::patrol, kTaskPresence};  // its patrol in the part
    case kOrgMunicipality:
      return {ItemWork::cleanup, kTaskEnvironment};  // its upkeep of public space in the part
    case kOrgCorporation:
      return {ItemWork::maintenance, kTaskEnvironment};  // upkeep around its dwellings in the part
    default:
      return {ItemWork::none, kTaskOutreach};  // welfare: more of its outreach
  }
}

double experience(const World& w, std::uint32_t id, std::size_t item) {
  const Residents& r = w.residents;
  const Blocks& b = w.blocks;
  const std::uint32_t blk = r.block[id];
  const Params& g = w.neighbourhoods[r.neighbourhood[id]].params;
  switch (item) {
    case kDisorderItem:  // the survey's "litter / disorder often" on the block as it is now
      return response::p_disorder_high(response::perceived_disorder(b.disorder[blk], r.disorder_bias[id]), g);
    case kNuisanceItem:  // the survey's "nuisance often", from the nuisance the resident sees
      return response::p_nuisance_high(r.nuisance_seen[id], g);
    case kTrafficItem:
      return response::p_traffic_high(b.traffic[blk] + r.disorder_bias[id], g);
    case kCrimeItem:  // own victimisation and crimes witnessed, as remembered: a crime in memory is named
      return 1.0 - std::exp(-std::max(0.0, static_cast<double>(r.victim_memory[id]) + r.witness_memory[id]));
    case kPublicSpaceItem:  // neglect: disorder as remembered over months, not this week's litter
      return response::p_disorder_high(r.disorder_memory[id], g);
    case kNeighboursItem:  // nuisance on the own block where neighbours do not get along
      return response::p_nuisance_high(r.nuisance_seen[id], g) * (1.0 - std::clamp<double>(b.cohesion[blk], 0, 1));
    default:
      return 0.0;
  }
}

double level(const World& w, const std::vector<std::uint32_t>& blocks, std::size_t item) {
  const Blocks& b = w.blocks;
  double sum = 0, n = 0;
  for (std::uint32_t x : blocks) switch (item) {
      case kDisorderItem:
      case kPublicSpaceItem:
        sum += b.disorder[x];
        break;
      case kCrimeItem:
        sum += b.incidents_recent[x];
        break;
      case kTrafficItem:
        sum += b.traffic[x];
        break;
      default:  // nuisance, neighbours: nuisance seen by the adults
        for (std::uint32_t id = b.first_resident[x]; id < b.first_resident[x] + b.resident_count[x]; ++id)
          if (is_adult(w.residents.age[id])) sum += w.residents.nuisance_seen[id], n += 1;
        break;
    }
  return item == kNuisanceItem || item == kNeighboursItem ? (n > 0 ? sum / n : 0.0) : sum;
}

std::size_t draw_agenda(const std::array<double, kItemKinds>& share, const std::array<bool, kItemKinds>& allowed,
                        double beta, std::size_t k, Draws& d, std::array<std::size_t, kItemKinds>& out) {
  std::array<double, kItemKinds> weight{};
  for (std::size_t i = 0; i < kItemKinds; ++i)
    weight[i] = allowed[i] && share[i] > 0 ? std::exp(beta * std::min(1.0, share[i])) : 0.0;
  std::size_t n = 0;
  for (; n < k; ++n) {
    double total = 0;
    for (double x : weight) total += x;
    if (total <= 0) break;
    double u = d.uniform() * total;
    std::size_t pick = kItemKinds;
    for (std::size_t i = 0; i < kItemKinds; ++i) {
      if (weight[i] <= 0) continue;
      pick = i;  // the last item with weight takes what rounding leaves
      if (u < weight[i]) break;
      u -= weight[i];
    }
    out[n] = pick;
    weight[pick] = 0;
  }
  return n;
}

}  // namespace buurtsim::approaches::vba
