#pragma once
// Generation of the synthetic municipality: neighbourhoods laid out as rectangles of blocks on
// a grid with an untreated buffer ring around them, households and residents with the fixed
// attributes of docs/odd.md section 2 drawn to the configured shares, offenders, and a
// small-world social network. A pure function of (spec, seed, replicate): the population of
// replicate r is the same in every scenario whose population parameters are the same.
#include <cstdint>

#include "model/world.hpp"

namespace buurtsim {

// The week number used to key draws made while generating the population.
inline constexpr std::int64_t kSetupWeek = -500000;

// REQUIRES: spec validated (experiments/config or validate_scenario).
World build_world(const ScenarioSpec& spec, const RunSettings& settings, std::uint32_t replicate);

// The traits a resident brings (at set-up, and when newcomers move in; model/phases/mobility.cpp).
void draw_traits(World& w, const Params& p, std::uint32_t id, Draws& d, double vulnerability);
// Whether potential offender oi offends, its kind and activity level.
void draw_offender(World& w, const Params& p, std::uint32_t oi, Draws& d);

}  // namespace buurtsim
