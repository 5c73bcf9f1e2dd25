// Step 4: reporting. Victims report by offence type, modestly more with trust in the police
// and less after an unanswered report; witnesses of nuisance sometimes report it. Formal
// reports (aangifte) become police-recorded crime, so recorded crime rises with reporting even
// when crime does not.
#include <algorithm>

#include "model/phases/phases.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {
namespace {

double report_probability(std::uint8_t type, const Params& p) {
  switch (type) {
    case kBurglary:
      return p.reporting.burglary;
    case kTheft:
      return p.reporting.theft;
    case kVandalism:
      return p.reporting.vandalism;
    case kViolence:
      return p.reporting.violence;
    default:
      return 0.0;
  }
}

}  // namespace

std::uint8_t report_seriousness(std::uint8_t type) {
  switch (type) {
    case kViolence:
      return 4;
    case kBurglary:
      return 3;
    case kTheft:
      return 2;
    case kVandalism:
      return 1;
    default:
      return 0;
  }
}

namespace {

void file_report(World& w, std::uint32_t reporter, std::uint32_t incident, std::uint8_t type, Draws& d) {
  const std::uint16_t nb = w.residents.neighbourhood[reporter];
  w.reports.push_back({reporter, incident, d.bits(), report_seriousness(type), incident});
  w.residents.week_events[reporter] |= kEventReported;
  w.neighbourhoods[nb].week.reports += 1;
}

}  // namespace

void reporting(World& w) {
  const auto& rp = w.spec.params.reporting;
  Residents& r = w.residents;
  w.reports.clear();
  for (std::uint32_t i = 0; i < w.incidents.size(); ++i) {
    const Incident& inc = w.incidents[i];
    Draws d(w.key, streams::report, w.week, i);
    if (inc.type == kNuisance) {
      // Witnesses on the block, in an order starting at a keyed random position, decide in turn;
      // the first who reports does so for all.
      const std::uint32_t first = w.blocks.first_resident[inc.block], count = w.blocks.resident_count[inc.block];
      if (count == 0) continue;
      const std::uint32_t start = d.below(count);
      for (std::uint32_t k = 0; k < count; ++k) {
        const std::uint32_t id = first + (start + k) % count;
        if (r.witnessed[id] == 0) continue;
        if (d.bernoulli(rp.nuisance_witness)) {
          file_report(w, id, i, inc.type, d);
          break;
        }
      }
      continue;
    }
    if (inc.victim < 0) continue;
    const auto v = static_cast<std::uint32_t>(inc.victim);
    double p = report_probability(inc.type, w.spec.params) * (1.0 + rp.trust_effect * (r.trust_police[v] - 6.0));
    if (r.last_report_unanswered[v]) p *= 1.0 - rp.unanswered_effect;
    if (!d.bernoulli(std::clamp(p, 0.0, 1.0))) continue;
    const bool aangifte = d.bernoulli(rp.aangifte_share);
    const std::uint8_t flags = aangifte ? kLastReported | kLastAangifte : kLastReported;
    if (aangifte) w.neighbourhoods[r.neighbourhood[v]].week.recorded += 1;
    if (inc.type == kViolence) {
      r.last_offence[v] = flags;
    } else {
      const std::uint32_t h = r.household[v];
      for (std::uint32_t m = w.households.first[h]; m < w.households.first[h + 1]; ++m)
        if (r.last_victimised[m] == w.week) r.last_offence[m] = flags;
    }
    file_report(w, v, i, inc.type, d);
  }
}

}  // namespace buurtsim::phases
