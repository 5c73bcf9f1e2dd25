#pragma once
// One function per phase of the weekly schedule (model/schedule.hpp), each in its own file.
#include <tbb/parallel_for.h>

#include "model/world.hpp"

namespace buurtsim::phases {

void context(World& w);
void offending(World& w);
void disorder(World& w);
void exposure(World& w);
void reporting(World& w);
void professionals(World& w);
void consequences(World& w);
void social_problems(World& w);
void mobility(World& w);
void attitudes(World& w);
void accounting(World& w);

// Seriousness of an incident type for the order of police follow-up (violence first).
std::uint8_t report_seriousness(std::uint8_t type);

// Size of World::incident_slots needed by offending().
std::size_t incident_slot_capacity(std::size_t offenders, std::size_t blocks);

// Runs f(chunk, chunk_index) for every resident chunk, in parallel. Each call must write
// only the slots of its own residents (or its own chunk-indexed partial).
template <class F>
void for_each_chunk(const World& w, F&& f) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, w.chunks.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) f(w.chunks[i], i);
      },
      tbb::simple_partitioner());
}

// Runs f(begin, end) over [0, n) in fixed ranges of `grain`, in parallel.
template <class F>
void for_each_range(std::size_t n, std::size_t grain, F&& f) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, grain),
      [&](const tbb::blocked_range<std::size_t>& r) { f(r.begin(), r.end()); }, tbb::simple_partitioner());
}

inline bool is_adult(std::uint8_t age) { return age != kAge0_14; }

// Weekly hours of an organisation in a neighbourhood (its hours per 1,000 residents), and what
// is left of them for the baseline service after approaches took redeployed hours.
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

// Records a victimisation of resident id in week `week` (memory, record, event bit).
inline void record_victimisation(World& w, std::uint32_t id, double severity) {
  Residents& r = w.residents;
  r.last_victimised[id] = static_cast<std::int16_t>(w.week);
  r.last_offence[id] = 0;
  r.victim_memory[id] += static_cast<float>(severity);
  r.week_events[id] |= kEventVictimised;
}

}  // namespace buurtsim::phases
