#pragma once
// The weekly hours of the organisations in a neighbourhood (docs/odd.md, "Professionals"): what
// each has, and what is left for its baseline service after approaches took redeployed hours.
#include <algorithm>

#include "model/world.hpp"

namespace buurtsim {

// Hours per 1,000 residents of an organisation.
inline double hours_per_1000(const Params& p, Organisation org) {
  const auto& o = p.organisations;
  return org == kOrgPolice         ? p.police.hours_per_1000
         : org == kOrgMunicipality ? o.municipality_hours_per_1000
         : org == kOrgWelfare      ? o.welfare_hours_per_1000
                                   : o.corporation_hours_per_1000;
}
inline double capacity_hours(const NeighbourhoodState& nb, Organisation org) {
  return hours_per_1000(nb.params, org) * (nb.last_resident - nb.first_resident) / 1000.0;
}
inline double baseline_hours(const NeighbourhoodState& nb, Organisation org) {
  return std::max(0.0, capacity_hours(nb, org) - nb.redeployed[org]);
}

}  // namespace buurtsim
