// The designs of a sweep (experiments/analysis/design.hpp): sizes, structure and determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "experiments/analysis/design.hpp"

using namespace buurtsim::sweep;

namespace {

const std::vector<ParameterRange> kParams = {
    {"fear.witnessed", 0.0, 2.0}, {"police.hours_per_1000", 4.0, 12.0}, {"vba.fidelity", 0.5, 1.0}};

DesignOptions with(DesignKind kind) {
  DesignOptions o;
  o.kind = kind;
  o.seed = 99;
  return o;
}

}  // namespace

TEST(Design, FactorialHasEveryCombinationOfLevels) {
  DesignOptions o = with(DesignKind::Factorial);
  o.levels = 3;
  const Design d = make_design(kParams, o);
  ASSERT_EQ(d.points, 27u);
  std::set<std::vector<double>> rows;
  for (std::size_t p = 0; p < d.points; ++p) rows.insert({d.value(p, 0), d.value(p, 1), d.value(p, 2)});
  EXPECT_EQ(rows.size(), 27u);
  EXPECT_EQ(d.value(0, 0), 0.0);
  EXPECT_EQ(d.value(0, 1), 4.0);
  EXPECT_EQ(d.value(26, 2), 1.0);
  EXPECT_EQ(d.value(1, 2), 0.75);  // the last parameter varies fastest: 0.5, 0.75, 1.0
}

// Each parameter's range cut into n strata holds exactly one point per stratum.
TEST(Design, LatinHypercubeFillsEveryStratumOnce) {
  DesignOptions o = with(DesignKind::LatinHypercube);
  o.samples = 20;
  const Design d = make_design(kParams, o);
  ASSERT_EQ(d.points, 20u);
  for (std::size_t i = 0; i < kParams.size(); ++i) {
    std::set<int> strata;
    for (std::size_t p = 0; p < d.points; ++p) {
      const double u = (d.value(p, i) - kParams[i].lo) / (kParams[i].hi - kParams[i].lo);
      ASSERT_GE(u, 0.0);
      ASSERT_LT(u, 1.0);
      strata.insert(static_cast<int>(std::floor(u * 20)));
    }
    EXPECT_EQ(strata.size(), 20u) << kParams[i].name;
  }
}

TEST(Design, SameSeedSameDesignOtherSeedOtherDesign) {
  DesignOptions o = with(DesignKind::LatinHypercube);
  const Design a = make_design(kParams, o), b = make_design(kParams, o);
  EXPECT_EQ(a.values, b.values);
  o.seed = 100;
  EXPECT_NE(make_design(kParams, o).values, a.values);
}

// Saltelli blocks: A, B, then A with one column from B.
TEST(Design, SaltelliBlocksHaveTheirStructure) {
  DesignOptions o = with(DesignKind::Saltelli);
  o.samples = 8;
  const Design d = make_design(kParams, o);
  const std::size_t k = kParams.size();
  ASSERT_EQ(d.points, 8 * (k + 2));
  for (std::size_t j = 0; j < 8; ++j) {
    const std::size_t a = j * (k + 2), b = a + 1;
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t i = 0; i < k; ++i)
        EXPECT_EQ(d.value(a + 2 + c, i), d.value(i == c ? b : a, i)) << "block " << j << " column " << c;
  }
  // The reference sequence (Sobol 1967; Joe & Kuo direction numbers, as Boost): after the origin
  // and the centre, the next point is 0.75 in the first dimension, and A_0 differs from B_0
  // (with the centre, A_0 = B_0 and the first block would be degenerate).
  EXPECT_NEAR(d.value(0, 0), kParams[0].lo + 0.75 * (kParams[0].hi - kParams[0].lo),
              1e-6 * (kParams[0].hi - kParams[0].lo));
  bool differs = false;
  for (std::size_t i = 0; i < k; ++i) differs |= d.value(0, i) != d.value(1, i);
  EXPECT_TRUE(differs);
}

// Morris: each step of a trajectory moves exactly one parameter, by Delta of its range, and
// every parameter moves once per trajectory; values stay on the grid inside the range.
TEST(Design, MorrisTrajectoriesMoveOneParameterAtATime) {
  DesignOptions o = with(DesignKind::Morris);
  o.levels = 4;
  o.trajectories = 5;
  const Design d = make_design(kParams, o);
  const std::size_t k = kParams.size();
  ASSERT_EQ(d.points, 5 * (k + 1));
  const double delta = 4.0 / (2.0 * 3.0);
  for (std::size_t t = 0; t < 5; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t s = 0; s < k; ++s) {
      std::size_t changed = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const double range = kParams[i].hi - kParams[i].lo;
        const double step = (d.value(t * (k + 1) + s + 1, i) - d.value(t * (k + 1) + s, i)) / range;
        if (std::abs(step) > 1e-12) {
          ++changed;
          moved.insert(i);
          EXPECT_NEAR(std::abs(step), delta, 1e-12);
        }
        EXPECT_GE(d.value(t * (k + 1) + s + 1, i), kParams[i].lo - 1e-12);
        EXPECT_LE(d.value(t * (k + 1) + s + 1, i), kParams[i].hi + 1e-12);
      }
      EXPECT_EQ(changed, 1u);
    }
    EXPECT_EQ(moved.size(), k);
  }
}

TEST(Design, BadRequestsAreRefused) {
  EXPECT_THROW(make_design({}, with(DesignKind::LatinHypercube)), std::invalid_argument);
  EXPECT_THROW(make_design({{"x", 1.0, 1.0}}, with(DesignKind::LatinHypercube)), std::invalid_argument);
  DesignOptions o = with(DesignKind::Morris);
  o.levels = 3;
  EXPECT_THROW(make_design(kParams, o), std::invalid_argument);
}

// The Saltelli points are the Sobol sequence: A's two columns and B's first column are Sobol
// dimensions 1-3, whose points 2..7 (after the origin and the centre, both skipped) are the
// textbook ones (Bratley & Fox 1988; Joe & Kuo 2008 direction numbers):
// (.75,.25,.25) (.25,.75,.75) (.375,.375,.625) (.875,.875,.125) (.625,.125,.875) (.125,.625,.375).
TEST(Design, SaltelliPointsAreTheReferenceSobolSequence) {
  DesignOptions o = with(DesignKind::Saltelli);
  o.samples = 6;
  const Design d = make_design({{"a", 0, 1}, {"b", 0, 1}}, o);
  const double reference[6][3] = {{.75, .25, .25},    {.25, .75, .75},    {.375, .375, .625},
                                  {.875, .875, .125}, {.625, .125, .875}, {.125, .625, .375}};
  for (std::size_t j = 0; j < 6; ++j) {
    const std::size_t a = j * 4, b = a + 1;  // blocks of k + 2 = 4 points: A_j, B_j, AB_j^(1), AB_j^(2)
    EXPECT_NEAR(d.value(a, 0), reference[j][0], 1e-9) << "point " << j;
    EXPECT_NEAR(d.value(a, 1), reference[j][1], 1e-9) << "point " << j;
    EXPECT_NEAR(d.value(b, 0), reference[j][2], 1e-9) << "point " << j;
  }
}
