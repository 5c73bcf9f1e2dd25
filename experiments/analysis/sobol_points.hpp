#pragma once
// Owen-scrambled Sobol points for the Saltelli design (experiments/analysis/design.hpp).
//
// The unscrambled Sobol sequence (Sobol 1967; Joe and Kuo direction numbers, as Boost.Random)
// is deterministic: two of its dimensions can agree at many of the first points, so a Saltelli
// design built from it can give A_j and B_j the same value of a parameter (at N = 4, k = 4 in
// every block). A nested uniform scramble (Owen 1995) keeps the sequence's stratification (every
// 2^m consecutive points from the start still hit each of 2^m equal intervals of every dimension
// once) but makes each point uniform on the cube and the dimensions' scrambles independent. As in
// scipy.stats.qmc.Sobol and SALib, the scrambled sequence starts at its first point: dropping
// points spoils the balance of the first 2^m (Owen 2022, "On dropping the first Sobol' point").
#include <cstdint>
#include <vector>

namespace buurtsim::sweep {

// Points 0 .. n-1 of the unscrambled Sobol sequence in `dims` dimensions, as 32-bit binary
// fractions ([point][dimension]; the value is x / 2^32). Point 0 is the origin.
std::vector<std::uint32_t> sobol_points(std::size_t n, std::size_t dims);

// The nested uniform scramble of `points` ([point][dimension], from sobol_points), in place.
// Bit b of a value (from the most significant) is flipped when the node of the dimension's
// binary tree reached by the bits above it says so; each node's flip is one draw of the keyed
// stream sweep.design.saltelli (model/rng.hpp), keyed by (seed, attempt, dimension, depth, the
// bits above). A pure function of its arguments; another `attempt` gives an independent scramble.
void owen_scramble(std::vector<std::uint32_t>& points, std::size_t dims, std::uint64_t seed, std::uint32_t attempt);

// A 32-bit binary fraction as a point in (0, 1): the middle of its interval.
inline double unit_value(std::uint32_t x) { return (static_cast<double>(x) + 0.5) * 0x1.0p-32; }

}  // namespace buurtsim::sweep
