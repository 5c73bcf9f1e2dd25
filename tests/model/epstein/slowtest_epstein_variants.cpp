// What each variant of Epstein (2002) model I changes, measured over several seeds against the
// defaults. Where the literature claims a direction the test asserts it; where it claims none the
// test pins the measured direction, and docs/validation.md quotes the printed numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "model/epstein/epstein.hpp"
#include "tests/model/epstein/epstein_test_stats.hpp"

namespace buurtsim {
namespace {

using namespace epstein_test;

// ---------------------------------------------------------------------------------------------
// The variants: what each one changes.
TEST(EpsteinVariants, ArrestRoundingOrdersDeterrence) {
  // floor rounds the cop-to-active ratio down (least deterrence), round half to even sometimes
  // up, none keeps the fraction (most deterrence: the printed formula gives no outbursts).
  EpsteinConfig floor_c, round_c, none_c;
  round_c.rounding = EpsteinConfig::Rounding::Round;
  none_c.rounding = EpsteinConfig::Rounding::None;
  const auto f = runs("floor", floor_c, 4, 1000);
  const auto r = runs("round", round_c, 4, 1000);
  const auto n = runs("none", none_c, 4, 1000);
  for (std::size_t i = 0; i < f.size(); ++i) {
    EXPECT_GT(f[i].mean_active, r[i].mean_active);
    EXPECT_GT(r[i].mean_active, n[i].mean_active);
    EXPECT_EQ(n[i].outbursts, 0);
    EXPECT_LT(n[i].max_share, 0.045);
  }
  EXPECT_GT(mean_of(f, [](const Stats& s) { return s.outbursts; }),
            1.2 * mean_of(r, [](const Stats& s) { return s.outbursts; }));
}

TEST(EpsteinVariants, MooreVisionGivesRarerLargerOutbursts) {
  // Moore vision of radius 7 sees 224 cells against von Neumann's 112: twice the cops and
  // actives. Measured: rare large outbursts instead of frequent small ones.
  EpsteinConfig moore;
  moore.vision_shape = NeighbourhoodShape::Moore;
  const auto vn = runs("von neumann", EpsteinConfig{}, 4, 1000);
  const auto mo = runs("moore", moore, 4, 1000);
  EXPECT_LT(mean_of(mo, [](const Stats& s) { return s.outbursts; }),
            0.5 * mean_of(vn, [](const Stats& s) { return s.outbursts; }));
  EXPECT_GT(mean_of(mo, [](const Stats& s) { return s.mean_peak; }),
            2 * mean_of(vn, [](const Stats& s) { return s.mean_peak; }));
}

TEST(EpsteinVariants, CountingSelfTwiceRaisesArrests) {
  // NetLogo's double count lowers an already-active citizen's risk estimate, so actives stay
  // active a little longer and more of them are arrested. The effect is small (a citizen sees
  // about 4.5 cops, and the double count matters only where C is close to A + 1): it shows in the
  // jailed share of paired replicates (same seed), not in the outbursts.
  EpsteinConfig twice;
  twice.self_count = EpsteinConfig::SelfCount::TwiceWhenActive;
  const auto once = runs("once", EpsteinConfig{}, 6, 1000);
  const auto tw = runs("twice when active", twice, 6, 1000);
  int higher = 0;
  for (std::size_t i = 0; i < once.size(); ++i) higher += tw[i].mean_jailed > once[i].mean_jailed;
  EXPECT_GE(higher, 5);  // of 6 (measured 6)
  EXPECT_GT(mean_of(tw, [](const Stats& s) { return s.mean_jailed; }),
            1.01 * mean_of(once, [](const Stats& s) { return s.mean_jailed; }));
}

TEST(EpsteinVariants, SynchronousActivationChangesTheRhythm) {
  // No direction is claimed in the literature; measured: fewer, longer outbursts.
  EpsteinConfig sync;
  sync.activation = EpsteinConfig::Activation::Synchronous;
  const auto rs = runs("random sequential", EpsteinConfig{}, 4, 1000);
  const auto sy = runs("synchronous", sync, 4, 1000);
  EXPECT_LT(mean_of(sy, [](const Stats& s) { return s.outbursts; }),
            0.85 * mean_of(rs, [](const Stats& s) { return s.outbursts; }));
  EXPECT_GT(mean_of(sy, [](const Stats& s) { return s.mean_length; }),
            mean_of(rs, [](const Stats& s) { return s.mean_length; }));
  for (const Stats& s : sy) EXPECT_GE(s.outbursts, 10);  // still punctuated
}

TEST(EpsteinVariants, MovementDoesNotCatalyseOutburstsAtVisionSeven) {
  // Epstein reports that free movement catalyses outbursts. At vision 7 we measure the
  // opposite: without citizen movement (cops still move) outbursts are a little more frequent.
  // Pinned as a documented difference (docs/validation.md).
  EpsteinConfig still;
  still.movement = false;
  const auto mv = runs("movement", EpsteinConfig{}, 4, 1000);
  const auto st = runs("no citizen movement", still, 4, 1000);
  EXPECT_GT(mean_of(st, [](const Stats& s) { return s.outbursts; }),
            mean_of(mv, [](const Stats& s) { return s.outbursts; }));
  for (const Stats& s : st) EXPECT_GE(s.outbursts, 20);
}

}  // namespace
}  // namespace buurtsim
