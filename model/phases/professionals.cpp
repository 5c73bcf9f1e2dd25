// Step 5: the baseline police service. Weekly hours, less a coordination loss, go first to
// following up reports in order of seriousness (ties broken by a keyed random priority, never
// by thread order), then to presence on the neighbourhood's blocks, partly concentrated where
// incidents were recent. Hours redeployed to approaches come out of presence first; follow-up
// loses only what presence cannot give (both losses are booked: lost_presence_hours,
// lost_followup_hours). Presence raises the perceived sanction risk of a block (decaying once
// presence stops) and lets residents see the police; the police also start contacts.
#include <algorithm>
#include <cmath>

#include "model/capacity.hpp"
#include "model/check.hpp"
#include "model/parallel.hpp"
#include "model/phases/phases.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {
namespace {

void contact(World& w, std::uint32_t id, Draws& d) {
  w.residents.last_police_contact[id] = static_cast<std::int16_t>(w.week);
  w.residents.week_events[id] |=
      d.bernoulli(w.spec.params.trust.procedural_quality) ? kEventContactGood : kEventContactBad;
}

void follow_up_reports(World& w) {
  std::sort(w.reports.begin(), w.reports.end(), [&](const Report& a, const Report& b) {
    const auto na = w.residents.neighbourhood[a.reporter], nb = w.residents.neighbourhood[b.reporter];
    if (na != nb) return na < nb;
    if (a.seriousness != b.seriousness) return a.seriousness > b.seriousness;
    if (a.priority != b.priority) return a.priority < b.priority;
    if (a.incident != b.incident) return a.incident < b.incident;
    return a.key < b.key;
  });
  const auto& pol = w.spec.params.police;
  for (auto& nb : w.neighbourhoods) {
    nb.week.police_hours_available = baseline_hours(nb, kOrgPolice);
    nb.week.police_hours_coordination = nb.week.police_hours_available * pol.coordination_loss * nb.coordination_factor;
  }
  for (const Report& rep : w.reports) {
    BUURTSIM_CHECK(rep.incident == kNoIncident || rep.incident < w.incidents.size(),
                   "a report refers to one of this week's incidents, or to none");
    const std::uint32_t id = rep.reporter;
    auto& acc = w.neighbourhoods[w.residents.neighbourhood[id]].week;
    const double left = acc.police_hours_available - acc.police_hours_coordination - acc.police_hours_response;
    Draws d(w.key, streams::response, w.week, rep.key);
    if (left < pol.hours_per_report) {
      w.residents.week_events[id] |= kEventUnanswered;
      w.residents.last_report_unanswered[id] = 1;
      acc.reports_unanswered += 1;
      continue;
    }
    acc.police_hours_response += pol.hours_per_report;
    acc.reports_followed_up += 1;
    contact(w, id, d);
    const bool feedback = d.bernoulli(pol.feedback_probability);
    acc.feedback_given += feedback ? 1 : 0;
    w.residents.last_report_unanswered[id] = feedback ? 0 : 1;
    if (rep.incident == kNoIncident) continue;  // nothing happened: no offender to find
    const Incident& inc = w.incidents[rep.incident];
    Draws s(w.key, streams::sanction, w.week, rep.incident);
    if (inc.offender >= 0 && s.bernoulli(pol.clearance)) {
      w.sanctioned.push_back(static_cast<std::uint32_t>(inc.offender));
      acc.sanctions += 1;
    }
  }
}

// The regular police work lost to redeployment: what the hours after coordination loss would
// have given without it (the same reports, each following up while hours last) minus what they
// gave. Presence loses first; follow-up only once presence is gone.
void book_lost_police_hours(NeighbourhoodState& nb, const Params::police_t& pol) {
  WeekAccounts& acc = nb.week;
  if (nb.redeployed[kOrgPolice] <= 0) return;
  const double h = pol.hours_per_report;
  const double usable = capacity_hours(nb, kOrgPolice) * (1.0 - pol.coordination_loss * nb.coordination_factor);
  const double reports = acc.reports_followed_up + acc.reports_unanswered;
  const double followed = h > 0 ? std::min(reports, std::floor(usable / h)) : reports;
  acc.lost_followup_hours = std::max(0.0, followed - acc.reports_followed_up) * h;
  acc.lost_presence_hours = std::max(0.0, usable - followed * h) - acc.police_hours_presence;
}

void allocate_presence(World& w) {
  const auto& pol = w.spec.params.police;
  Blocks& b = w.blocks;
  std::fill(b.presence_hours.begin(), b.presence_hours.end(), 0.f);
  for (auto& nb : w.neighbourhoods) {
    auto& acc = nb.week;
    const double hours =
        std::max(0.0, acc.police_hours_available - acc.police_hours_coordination - acc.police_hours_response);
    acc.police_hours_presence = hours;
    book_lost_police_hours(nb, pol);
    double recent = 0;
    for (std::uint32_t c : nb.blocks) recent += b.incidents_recent[c];
    const double n = static_cast<double>(nb.blocks.size());
    for (std::uint32_t c : nb.blocks) {
      const double share =
          recent > 0 ? (1.0 - pol.hotspot_focus) / n + pol.hotspot_focus * b.incidents_recent[c] / recent : 1.0 / n;
      b.presence_hours[c] = static_cast<float>(hours * share) + b.approach_presence[c];
    }
  }
  double risk_sum = 0;
  std::size_t residential = 0;
  for (std::size_t c = 0; c < b.size(); ++c) {
    if (b.resident_count[c] == 0) continue;
    // Deterrence rises with presence with diminishing returns, decays towards a floor during a
    // long continuous deployment (offenders learn the patrols) and leaves a residue that fades
    // once presence falls.
    const bool deployed = b.presence_hours[c] >= pol.deployment_threshold && b.presence_hours[c] > 0;
    b.deployed_weeks[c] = deployed ? static_cast<std::uint16_t>(std::min(b.deployed_weeks[c] + 1, 60000)) : 0;
    const double freshness = pol.deterrence_floor +
                             (1.0 - pol.deterrence_floor) * std::exp(-b.deployed_weeks[c] / pol.deterrence_decay_weeks);
    const double dose = 1.0 - std::exp(-b.presence_hours[c] / pol.saturation_hours);
    b.risk[c] = static_cast<float>(std::max(dose * freshness, b.risk[c] * (1.0 - pol.risk_decay)));
    risk_sum += b.risk[c];
    ++residential;
  }
  // The buffer is untreated: it keeps the municipality's average policing.
  const auto buffer_risk = static_cast<float>(residential ? risk_sum / static_cast<double>(residential) : 0.0);
  for (std::size_t c = 0; c < b.size(); ++c)
    if (b.resident_count[c] == 0) b.risk[c] = buffer_risk;
  // Diffusion of benefits: offenders also weigh part of the risk of adjacent blocks.
  for_each_range(b.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      double sum = 0, n = 0;
      w.adjacent->for_each(static_cast<std::uint32_t>(c), [&](std::uint32_t x) { sum += b.risk[x], n += 1; });
      b.perceived_risk[c] = static_cast<float>(std::min(1.0, b.risk[c] + pol.risk_diffusion * (n > 0 ? sum / n : 0.0)));
    }
  });
}

void stops_and_sightings(World& w) {
  const auto& pol = w.spec.params.police;
  const double street_factor = w.spec.params.exposure.avoidance_street_factor;
  Blocks& b = w.blocks;
  for_each_range(b.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      auto p_see = [&](double street) {
        return 1.0 - std::exp(-pol.visibility_per_hour * b.presence_hours[c] * street);
      };
      b.p_see_street[c] = p_see(1.0);
      b.p_see_avoiding[c] = p_see(street_factor);
    }
  });
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    Residents& r = w.residents;
    for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
      if (!is_adult(r.age[id])) continue;
      Draws stop(w.key, streams::stop, w.week, id);
      if (stop.bernoulli(pol.stop_rate)) contact(w, id, stop);
      const double p_see = (r.avoiding[id] ? b.p_see_avoiding : b.p_see_street)[r.block[id]];
      Draws see(w.key, streams::sighting, w.week, id);
      const double seen = see.bernoulli(p_see) ? 1.0 : 0.0;
      r.police_seen[id] += static_cast<float>((seen - r.police_seen[id]) / w.spec.params.survey.recall_weeks);
    }
  });
}

}  // namespace

void professionals(World& w) {
  w.sanctioned.clear();
  follow_up_reports(w);
  allocate_presence(w);
  stops_and_sightings(w);
}

}  // namespace buurtsim::phases
