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
  }
}

}  // namespace buurtsim
