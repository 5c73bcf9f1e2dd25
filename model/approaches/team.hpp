#pragma once
// What approaches with a team share (model/params/team.def): contacts with the team, residents
// knowing it, and the parts of a neighbourhood teams work in; and clean-up in proportion to
// disorder, which several approaches' crews do.
#include <cstdint>
#include <vector>

#include "model/rng.hpp"
#include "model/world.hpp"

namespace buurtsim::approaches {

// Moves trust in the police and in the municipality by delta (kept within 0-10).
void shift_trust(World& w, std::uint32_t id, double delta);

// A contact of resident id with a team: from now on the resident knows the team, and trust in
// the police and the municipality moves by team.contact_trust, or by trust.negative_asymmetry
// times as much the other way for a contact of poor quality (team.contact_quality). Counts the
// contact in the neighbourhood's week. `d` is the caller's stream for this resident.
void team_contact(World& w, std::uint32_t id, Draws& d);

// Weekly, after the attitudes: residents who know a team forget it (team.forgetting) and others
// get to know it through ties who know it (team.word_of_mouth). Ties count as they were at the
// start of the step, so the result does not depend on the order of residents.
void team_awareness(World& w);

// Removes `units` of disorder from `blocks` this week, shared over them in proportion to their
// disorder (as the baseline municipal clean-up): adds the fraction to their approach_cleanup.
void clean_in_proportion(World& w, const std::vector<std::uint32_t>& blocks, double units);

// The blocks of neighbourhood nb split into `parts` contiguous groups of (nearly) equal size:
// the blocks of part k, into `out` (which keeps its capacity).
void part_blocks(const World& w, std::size_t nb, int parts, int k, std::vector<std::uint32_t>& out);

}  // namespace buurtsim::approaches
