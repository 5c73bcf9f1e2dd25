// Owen-scrambled Sobol points (experiments/analysis/sobol_points.hpp): the unscrambled sequence
// is the reference one, and the scramble keeps its stratification while making it a function
// of the seed.
#include <gtest/gtest.h>

#include <set>

#include "experiments/analysis/sobol_points.hpp"

using namespace buurtsim::sweep;

// Dimensions 1-3 of the Sobol sequence, points 0..7 (Bratley & Fox 1988; Joe & Kuo 2008
// direction numbers): the origin, the centre, then the textbook points.
TEST(SobolPoints, UnscrambledPointsAreTheReferenceSequence) {
  const auto x = sobol_points(8, 3);
  const double reference[8][3] = {{0, 0, 0},          {.5, .5, .5},       {.75, .25, .25},    {.25, .75, .75},
                                  {.375, .375, .625}, {.875, .875, .125}, {.625, .125, .875}, {.125, .625, .375}};
  for (std::size_t p = 0; p < 8; ++p)
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(x[p * 3 + i] * 0x1.0p-32, reference[p][i]) << p << ", " << i;
}

// A nested scramble permutes the intervals of each level of the binary tree, so the first 2^m
// points still hit each of the 2^m equal intervals of every dimension exactly once (the
// property a plain random shift of the values would lose), for m = 1..6.
TEST(SobolPoints, ScrambleKeepsEveryDimensionStratified) {
  const std::size_t dims = 10;
  for (std::uint64_t seed : {1u, 2u, 20261125u}) {
    auto x = sobol_points(64, dims);
    owen_scramble(x, dims, seed, 0);
    for (std::size_t m = 1; m <= 6; ++m)
      for (std::size_t i = 0; i < dims; ++i) {
        std::set<std::uint32_t> strata;
        for (std::size_t p = 0; p < (std::size_t{1} << m); ++p) strata.insert(x[p * dims + i] >> (32 - m));
        EXPECT_EQ(strata.size(), std::size_t{1} << m) << "seed " << seed << ", m " << m << ", dimension " << i;
      }
  }
}

// The scramble is a pure function of (seed, attempt), and another seed or attempt gives other
// points; the origin is no longer a point, and no two dimensions of a point are equal.
TEST(SobolPoints, ScrambleIsKeyedBySeedAndAttempt) {
  const auto base = sobol_points(16, 4);
  auto a = base, b = base, c = base, e = base;
  owen_scramble(a, 4, 7, 0);
  owen_scramble(b, 4, 7, 0);
  owen_scramble(c, 4, 8, 0);
  owen_scramble(e, 4, 7, 1);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, e);
  EXPECT_NE(a[0], 0u);
  for (std::size_t p = 0; p < 16; ++p) {
    std::set<std::uint32_t> values(a.begin() + static_cast<std::ptrdiff_t>(p * 4),
                                   a.begin() + static_cast<std::ptrdiff_t>(p * 4 + 4));
    EXPECT_EQ(values.size(), 4u) << "point " << p;
  }
}
