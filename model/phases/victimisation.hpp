#pragma once
// A victimisation as every phase that causes one records it (offending in the neighbourhood,
// victimisation outside it in the context phase).
#include <cstdint>

#include "model/world.hpp"

namespace buurtsim::phases {

// Records a victimisation of resident id this week (memory, record, event bit).
inline void record_victimisation(World& w, std::uint32_t id, double severity) {
  Residents& r = w.residents;
  r.last_victimised[id] = static_cast<std::int16_t>(w.week);
  r.last_offence[id] = 0;
  r.victim_memory[id] += static_cast<float>(severity);
  r.week_events[id] |= kEventVictimised;
}

}  // namespace buurtsim::phases
