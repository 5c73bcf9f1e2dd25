// Step 6: consequences. Offenders' activity drifts back to their own level; a sanction then
// lowers it by police.sanction_effect (a negative value is defiance: activity rises) and
// marks the offender's household, whose trust in the police pays for it in step 7.
#include <algorithm>

#include "model/parallel.hpp"
#include "model/phases/phases.hpp"

namespace buurtsim::phases {

void consequences(World& w) {
  const double recovery = w.spec.params.offending.activity_recovery;
  Offenders& o = w.offenders;
  for_each_range(o.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      o.activity[i] += static_cast<float>(recovery * (o.own_activity[i] - o.activity[i]));
  });
  const double effect = w.spec.params.police.sanction_effect;
  for (std::uint32_t oi : w.sanctioned) {
    o.activity[oi] = static_cast<float>(std::clamp(o.activity[oi] * (1.0 - effect), 0.0, 20.0));
    const std::uint32_t h = w.residents.household[o.resident[oi]];
    for (std::uint32_t m = w.households.first[h]; m < w.households.first[h + 1]; ++m)
      w.residents.week_events[m] |= kEventSanctioned;
  }
}

}  // namespace buurtsim::phases
