// Step 11: accounting. The running incident count per block that the police use for
// targeting next week; this week's participation becomes last week's. Hours are booked where
// they are spent; their costs are computed from them in the measurement.
#include "model/parallel.hpp"
#include "model/phases/phases.hpp"

namespace buurtsim::phases {

void accounting(World& w) {
  std::swap(w.residents.active_prev, w.residents.active_now);

  Blocks& b = w.blocks;
  for_each_range(b.size(), 4096, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      double total = 0;
      for (auto n : b.incidents_week[c]) total += n;
      b.incidents_recent[c] +=
          static_cast<float>(w.spec.params.police.targeting_memory * (total - b.incidents_recent[c]));
    }
  });
}

}  // namespace buurtsim::phases
