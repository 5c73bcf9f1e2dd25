#include "model/lost_service.hpp"

namespace buurtsim {

void measure_lost_service(const World& w, OutcomeTable& out) {
  for (std::size_t nb = 0; nb < w.neighbourhoods.size(); ++nb) {
    const WeekAccounts& a = w.neighbourhoods[nb].week;
    out.at(Outcome::lost_presence_hours, nb) = a.lost_presence_hours;
    out.at(Outcome::lost_followup_hours, nb) = a.lost_followup_hours;
    out.at(Outcome::lost_cleanup_hours, nb) = a.lost_cleanup_hours;
    out.at(Outcome::lost_outreach_hours, nb) = a.lost_outreach_hours;
    out.at(Outcome::lost_care_hours, nb) = a.lost_care_hours;
    out.at(Outcome::lost_maintenance_hours, nb) = a.lost_maintenance_hours;
    // The granted hours that came out of the baseline service (allocate_hours, model/approach.cpp).
    const auto& redeployed = w.neighbourhoods[nb].redeployed;
    out.at(Outcome::approach_redeployed_police_hours, nb) = redeployed[kOrgPolice];
    out.at(Outcome::approach_redeployed_municipality_hours, nb) = redeployed[kOrgMunicipality];
    out.at(Outcome::approach_redeployed_welfare_hours, nb) = redeployed[kOrgWelfare];
    out.at(Outcome::approach_redeployed_corporation_hours, nb) = redeployed[kOrgCorporation];
  }
}

}  // namespace buurtsim
