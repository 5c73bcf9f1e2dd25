// Step 6 (consequences), hidden social problems and care. Vulnerable residents (65+, isolated or
// with care needs) develop emerging problems; without care they escalate to acute ones. Welfare
// outreach hours and signals from neighbours detect emerging problems early; a referral to care
// completes with some probability; care capacity (welfare hours) is shared out by keyed random
// priority; while in care, escalation falls by the declared effectiveness of early help.
#include <algorithm>
#include <cmath>

#include "model/capacity.hpp"
#include "model/parallel.hpp"
#include "model/phases/phases.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {
namespace {

constexpr std::uint8_t kReferred = 255;  // in_care value: referred this week, awaiting capacity

bool vulnerable(const Residents& r, std::uint32_t id) {
  return is_adult(r.age[id]) && (r.age[id] == kAge65Plus || r.isolated[id] || r.care_needs[id]);
}

void transitions(World& w) {
  const auto& c = w.spec.params.care;
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    Residents& r = w.residents;
    const NeighbourhoodState& nb = w.neighbourhoods[ch.neighbourhood];
    const auto& org = w.spec.params.organisations;
    const double residents = nb.last_resident - nb.first_resident;
    // Outreach hours per 1,000 residents: the baseline's share, plus approaches' outreach.
    const double outreach = (baseline_hours(nb, kOrgWelfare) * (1.0 - org.coordination_loss * nb.coordination_factor) *
                                 (1.0 - org.welfare_care_share) +
                             nb.outreach_hours) *
                            1000.0 / residents;
    const double p_outreach = std::min(1.0, c.detection_per_hour * outreach);
    for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
      const bool signalled = r.signalled[id] != 0;
      r.signalled[id] = 0;
      if (!vulnerable(r, id) && r.problem[id] == 0) continue;
      Draws d(w.key, streams::problem, w.week, id);
      const double u_onset = d.uniform32(), u_escalate = d.uniform32(), u_resolve = d.uniform32();
      if (r.in_care[id] > 0) --r.in_care[id];
      if (r.problem[id] > 0 && u_resolve < c.resolution) {
        r.problem[id] = 0;
        r.in_care[id] = 0;
        continue;
      }
      if (r.problem[id] == 0) {
        if (u_onset < c.onset) r.problem[id] = 1;
        continue;
      }
      if (r.problem[id] == 1) {
        const double p = c.escalation * (r.in_care[id] > 0 ? 1.0 - c.effectiveness : 1.0);
        if (u_escalate < p) {
          r.problem[id] = 2;
          r.in_care[id] = 0;
          r.week_events[id] |= kEventEscalated;
          continue;
        }
      }
      if (r.problem[id] != 1 || r.in_care[id] > 0) continue;
      // Early detection: outreach, a tie's signal, or a signal an approach passed on (which the
      // area professionals follow up: care.signal_followup).
      Draws det(w.key, streams::detection, w.week, id);
      double undetected = (1.0 - p_outreach) * (signalled ? 1.0 - c.signal_followup : 1.0);
      for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
        if (is_adult(r.age[w.network.ties[k]])) undetected *= 1.0 - c.tie_signal;
      if (det.uniform32() >= 1.0 - undetected) continue;
      r.week_events[id] |= kEventDetected;
      Draws ref(w.key, streams::referral, w.week, id);
      if (ref.bernoulli(c.referral_completion)) r.in_care[id] = kReferred;
    }
  });
}

// Admits referred residents to care within each neighbourhood's capacity, by keyed priority.
void admit(World& w) {
  const auto& c = w.spec.params.care;
  const auto& g = w.spec.params.organisations;
  Residents& r = w.residents;
  for (auto& nb : w.neighbourhoods) {
    auto& acc = nb.week;
    acc.welfare_hours = baseline_hours(nb, kOrgWelfare);
    const double loss = g.coordination_loss * nb.coordination_factor;
    acc.other_coordination += acc.welfare_hours * loss;
    const double care_hours = acc.welfare_hours * (1.0 - loss) * g.welfare_care_share + nb.care_hours;
    // Redeployed welfare hours: outreach and care both lose, in their usual proportion.
    const double lost = redeployed_hours(nb, kOrgWelfare) * (1.0 - loss);
    acc.lost_outreach_hours = lost * (1.0 - g.welfare_care_share);
    acc.lost_care_hours = lost * g.welfare_care_share;
    const auto capacity = static_cast<std::size_t>(care_hours / c.hours_per_case);
    std::size_t in_care = 0;
    w.care_queue.clear();
    for (std::uint32_t id = nb.first_resident; id < nb.last_resident; ++id) {
      const std::uint8_t ev = r.week_events[id];
      acc.detected_early += (ev & kEventDetected) ? 1 : 0;
      acc.escalated += (ev & kEventEscalated) ? 1 : 0;
      acc.referrals += (ev & kEventDetected) ? 1 : 0;
      if (r.in_care[id] == kReferred) {
        Draws d(w.key, streams::referral, w.week, id);
        d.bits();  // the first word decided the referral; the next orders the queue
        w.care_queue.push_back((static_cast<std::uint64_t>(d.bits()) << 32) | id);
      } else if (r.in_care[id] > 0) {
        ++in_care;
      }
    }
    acc.referrals_completed += static_cast<double>(w.care_queue.size());
    std::sort(w.care_queue.begin(), w.care_queue.end());
    const double mean_weeks = c.duration;
    for (std::uint64_t entry : w.care_queue) {
      const auto id = static_cast<std::uint32_t>(entry & 0xFFFFFFFFu);
      if (in_care < capacity) {
        r.in_care[id] = static_cast<std::uint8_t>(std::clamp(std::lround(mean_weeks), 1L, 254L));
        ++in_care;
      } else {
        r.in_care[id] = 0;  // no capacity: the problem stays emerging and may be detected again
      }
    }
    acc.care_cases = static_cast<double>(in_care);
  }
}

}  // namespace

void social_problems(World& w) {
  transitions(w);
  admit(w);
}

}  // namespace buurtsim::phases
