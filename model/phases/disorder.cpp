// Step 2: physical disorder. Nuisance and vandalism add to it; neglect adds slowly, less where
// the corporation maintains its dwellings; regular maintenance and residents (collective
// efficacy) remove a share every week; municipal public-space hours remove more, shared over
// the neighbourhood's blocks in proportion to their disorder. The phase records who did the
// week's work on each block (the municipality's and the corporation's shares), which residents
// credit with a change they see (trust from results, attitudes.cpp).
#include <algorithm>

#include "model/capacity.hpp"
#include "model/parallel.hpp"
#include "model/phases/phases.hpp"

namespace buurtsim::phases {
namespace {

// Corporation hours per 1,000 residents left for regular maintenance.
double corporation_per_1000(const NeighbourhoodState& nb) {
  const double residents = nb.last_resident - nb.first_resident;
  return residents > 0 ? baseline_hours(nb, kOrgCorporation) * 1000.0 / residents : 0.0;
}

}  // namespace

void disorder(World& w) {
  Blocks& b = w.blocks;
  const auto& g = w.spec.params.disorder;
  const auto& org = w.spec.params.organisations;
  // Municipal clean-up: usable hours x removal per hour, per unit of disorder in the neighbourhood.
  for (auto& nb : w.neighbourhoods) {
    const double hours = baseline_hours(nb, kOrgMunicipality);
    const double loss = org.coordination_loss * nb.coordination_factor;
    nb.week.municipality_hours = hours;
    nb.week.corporation_hours = baseline_hours(nb, kOrgCorporation);
    nb.week.other_coordination += (hours + nb.week.corporation_hours) * loss;
    // Redeployed municipal hours are clean-up lost; redeployed corporation hours maintenance
    // lost (maintenance uses the corporation's hours before coordination loss).
    nb.week.lost_cleanup_hours = redeployed_hours(nb, kOrgMunicipality) * (1.0 - loss);
    nb.week.lost_maintenance_hours = redeployed_hours(nb, kOrgCorporation);
    double total = 0;
    for (std::uint32_t c : nb.blocks) total += b.disorder[c];
    const double removal = hours * (1.0 - loss) * org.cleanup_per_hour;
    for (std::uint32_t c : nb.blocks)
      b.scratch[c] = total > 0 ? static_cast<float>(std::min(1.0, removal / total)) : 0.f;
  }
  for_each_range(b.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const std::uint16_t nb = b.neighbourhood[c];
      const auto& p = nb == kBufferNeighbourhood ? w.spec.params.disorder : w.neighbourhoods[nb].params.disorder;
      const auto& counts = b.incidents_week[c];
      const double maintenance =
          nb == kBufferNeighbourhood ? 0.0 : org.maintenance_per_hour * corporation_per_1000(w.neighbourhoods[nb]);
      const double neglect = p.neglect * (1.0 - std::min(1.0, maintenance) * b.corporation_share[c]);
      const double cleanup = nb == kBufferNeighbourhood ? 0.0 : b.scratch[c] + b.approach_cleanup[c];
      const double by_residents = w.spec.params.cohesion.disorder_removal * b.efficacy[c];
      const double rate = g.decay + by_residents + cleanup;
      const double removed = std::min(1.0, rate);
      // Who did this week's work: the units removed, split in proportion to the rates (regular
      // maintenance and clean-up by the municipality, the rest by residents), and the neglect the
      // corporation's maintenance prevented.
      const double units = rate > 0 ? b.disorder[c] * removed / rate : 0.0;
      const double by_municipality = units * (g.decay + cleanup);
      const double by_corporation = p.neglect * std::min(1.0, maintenance) * b.corporation_share[c];
      const double work = by_municipality + units * by_residents + by_corporation;
      b.work_municipality[c] = work > 0 ? static_cast<float>(by_municipality / work) : 0.f;
      b.work_corporation[c] = work > 0 ? static_cast<float>(by_corporation / work) : 0.f;
      const double next = b.disorder[c] * (1.0 - removed) + neglect + g.per_nuisance * counts[kNuisance] +
                          g.per_vandalism * counts[kVandalism];
      b.disorder[c] = static_cast<float>(std::clamp(next, 0.0, 50.0));
    }
  });
}

}  // namespace buurtsim::phases
