// Step 2: physical disorder. Nuisance and vandalism add to it, neglect adds slowly, regular
// maintenance removes a share every week.
#include <algorithm>

#include "model/phases/phases.hpp"

namespace buurtsim::phases {

void disorder(World& w) {
  Blocks& b = w.blocks;
  const auto& g = w.spec.params.disorder;
  for_each_range(b.size(), 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const std::uint16_t nb = b.neighbourhood[c];
      const auto& p = nb == kBufferNeighbourhood ? w.spec.params.disorder : w.neighbourhoods[nb].params.disorder;
      const auto& counts = b.incidents_week[c];
      const double next = b.disorder[c] * (1.0 - g.decay) + p.neglect + g.per_nuisance * counts[kNuisance] +
                          g.per_vandalism * counts[kVandalism];
      b.disorder[c] = static_cast<float>(std::clamp(next, 0.0, 50.0));
    }
  });
}

}  // namespace buurtsim::phases
