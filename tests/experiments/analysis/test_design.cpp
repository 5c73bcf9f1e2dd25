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

// In no block of a Saltelli design do A_j and B_j share the value of a parameter: where they do,
// A_B^(i)_j equals A_j, the block says nothing about parameter i, and its indices shrink towards
// 0 (with the unscrambled Sobol sequence at N = 4 and k = 4, fear.hearsay had equal values in
// every block and came out 0 [0, 0]). Checked at N = 4 and 8 for k = 2, 5, 20, over 20 seeds.
TEST(Design, SaltelliNeverRepeatsAParameterValueBetweenAAndB) {
  for (int samples : {4, 8})
    for (std::size_t k : {2u, 4u, 5u, 20u})
      for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        std::vector<ParameterRange> params;
        for (std::size_t i = 0; i < k; ++i) params.push_back({"p" + std::to_string(i), 0.0, 1.0});
        DesignOptions o = with(DesignKind::Saltelli);
        o.samples = samples;
        o.seed = seed;
        const Design d = make_design(params, o);
        for (std::size_t j = 0; j < static_cast<std::size_t>(samples); ++j)
          for (std::size_t i = 0; i < k; ++i)
            ASSERT_NE(d.value(j * (k + 2), i), d.value(j * (k + 2) + 1, i))
                << "N = " << samples << ", k = " << k << ", seed " << seed << ": block " << j << ", parameter " << i;
      }
}

// The Saltelli design is a pure function of (parameters, options, seed): the scramble is keyed by
// the seed.
TEST(Design, SaltelliDependsOnTheSeedOnly) {
  DesignOptions o = with(DesignKind::Saltelli);
  o.samples = 16;
  const Design a = make_design(kParams, o), b = make_design(kParams, o);
  EXPECT_EQ(a.values, b.values);
  o.seed = 100;
  EXPECT_NE(make_design(kParams, o).values, a.values);
}
