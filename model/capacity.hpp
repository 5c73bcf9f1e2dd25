#pragma once
// The weekly hours of the organisations in a neighbourhood (docs/odd.md, "Professionals"): what
// each has, and what is left for its baseline service after approaches took redeployed hours.
// Which regular work loses them: for the police patrol presence, and follow-up of reports only
// once presence is gone (model/phases/professionals.cpp); for the municipality clean-up of public
// space (model/phases/disorder.cpp); for welfare outreach and care in their usual proportion
// (organisations.welfare_care_share, model/phases/care.cpp); for the corporation maintenance of
// its dwellings (disorder.cpp). Each phase books what was lost (WeekAccounts::lost_*_hours).
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
// The hours the baseline service of an organisation lost to redeployment this week.
inline double redeployed_hours(const NeighbourhoodState& nb, Organisation org) {
  return capacity_hours(nb, org) - baseline_hours(nb, org);
}

}  // namespace buurtsim
