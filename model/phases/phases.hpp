#pragma once
// One function per phase of the weekly schedule (model/schedule.hpp), each in its own file, and
// the helpers of those phases that other code calls.
#include <cstddef>
#include <cstdint>

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

// This week's change of a resident's trust in the police from results seen (attitudes()): the
// fall of their remembered incidents per 1,000 residents around the block since
// `incident_memory_before` (the memory before this week's update), credited by how often they
// see the police there, and a report of theirs answered with feedback. Called after the
// resident's memories are updated; tests use it to isolate the effect of contacts.
double police_results(const World& w, std::uint32_t id, double incident_memory_before);

// Size of World::incident_slots needed by offending().
std::size_t incident_slot_capacity(std::size_t offenders, std::size_t blocks);

}  // namespace buurtsim::phases
