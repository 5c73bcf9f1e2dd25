// The docking claims: what Epstein (2002) model I shows, checked over several seeds with stated
// tolerances. The measured numbers are printed (and quoted in docs/validation.md); the
// tolerances leave room for other seeds, not for other behaviour.
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
// Punctuated equilibrium (Epstein 2002, figs. 3-5): under the defaults (run 2 of Table 2), long
// quiet periods broken by short outbursts.
TEST(EpsteinClaims, PunctuatedEquilibriumUnderTheDefaults) {
  const EpsteinConfig c;
  const auto s = runs("defaults", c, 5, 1000);
  for (const Stats& x : s) {
    EXPECT_GE(x.outbursts, 20);      // measured 32-44 in 950 steps
    EXPECT_GE(x.quiet_time, 0.75);   // measured 0.83-0.87
    EXPECT_GE(x.longest_quiet, 30);  // measured 51-73 steps
    EXPECT_LE(x.mean_length, 8.0);   // outbursts are short: measured 3.6-3.9 steps
    EXPECT_GE(x.mean_peak, 0.06);    // clearly above the threshold (0.045): measured 0.077-0.091
  }
}

// ---------------------------------------------------------------------------------------------
// Legitimacy crises (Epstein 2002, figs. 9 and 10; Table 2 runs 3 and 4: L = 0.9, cop density
// 0.074, J_max infinite, vision 7). The paper: a fall from 0.9 to 0.2 by 0.01 a step gives no
// outburst, a sudden fall from 0.9 to 0.7 gives one.
EpsteinConfig crisis(double cop_density, int start, int end, double target) {
  EpsteinConfig c;
  c.legitimacy = 0.9;
  c.cop_density = cop_density;
  c.infinite_jail = true;
  c.legitimacy_change = true;
  c.legitimacy_change_start = start;
  c.legitimacy_change_end = end;
  c.legitimacy_target = target;
  return c;
}

std::vector<double> peaks(const EpsteinConfig& c, int seeds, int steps, const char* label) {
  std::vector<double> out;
  std::printf("  %-40s peak active share by replicate:", label);
  for (int rep = 0; rep < seeds; ++rep) {
    const EpsteinResult r = run_epstein(c, kSeed, static_cast<std::uint32_t>(rep), steps);
    out.push_back(max_share(r, kBurnIn + 1, steps));
    std::printf(" %.3f", out.back());
  }
  std::printf("  (mean %.3f)\n", std::accumulate(out.begin(), out.end(), 0.0) / static_cast<double>(out.size()));
  return out;
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

TEST(EpsteinClaims, SuddenLegitimacyFallAtThePapersCopDensity) {
  const int seeds = 10;
  const auto sudden = peaks(crisis(0.074, 77, 77, 0.7), seeds, 400, "run 4: 0.9 -> 0.7 at step 77");
  const auto gradual_same = peaks(crisis(0.074, 77, 277, 0.7), seeds, 400, "0.9 -> 0.7 over steps 77-277");
  const auto paper_gradual = peaks(crisis(0.074, 77, 147, 0.2), seeds, 400, "run 3: 0.9 -> 0.2 by 0.01/step");
  // The sudden fall gives an outburst in every replicate (measured peaks 0.072-0.279, mean 0.187).
  for (double p : sudden) EXPECT_GT(p, 0.06);
  EXPECT_GT(mean(sudden), 0.15);
  // The same fall spread over 200 steps gives smaller outbursts on average (measured mean 0.071
  // against 0.187), but not none (up to 0.143): at this cop density the claim holds in part.
  EXPECT_LT(mean(gradual_same), 0.8 * mean(sudden));
  // Not reproduced (documented in docs/validation.md): the paper's gradual fall to 0.2 by 0.01
  // a step ends in an outburst in every replicate (measured peaks 0.089-0.336, mean 0.204).
  // This pins the finding; if it starts failing, the docs need updating.
  EXPECT_GT(mean(paper_gradual), 0.06);
}

TEST(EpsteinClaims, GradualLargeFallNoOutburstSuddenSmallFallOutburst) {
  // At cop density 0.06 the claim holds as the paper states it: a fall of 0.3 spread over 300
  // steps gives no large outburst, a sudden fall of 0.2 gives a large one in every replicate.
  const int seeds = 10;
  const auto gradual = peaks(crisis(0.06, 77, 377, 0.6), seeds, 450, "cops 0.06: 0.9 -> 0.6 over 300 steps");
  const auto sudden = peaks(crisis(0.06, 77, 77, 0.7), seeds, 450, "cops 0.06: 0.9 -> 0.7 at step 77");
  for (double p : sudden) EXPECT_GT(p, 0.25);  // measured 0.299-0.438
  EXPECT_LT(mean(gradual), 0.12);              // measured mean 0.069, one at 0.196
  EXPECT_LE(std::count_if(gradual.begin(), gradual.end(), [](double p) { return p > 0.15; }), 2);
  EXPECT_GT(mean(sudden), 3 * mean(gradual));
}

// ---------------------------------------------------------------------------------------------
// Cutting cops tips society into rebellion (Epstein 2002, fig. 11; run 5: L = 0.8, cop density
// 0.074, J_max infinite).
TEST(EpsteinClaims, SharplyReducingCopsTriggersOutbursts) {
  EpsteinConfig base;
  base.legitimacy = 0.8;
  base.cop_density = 0.074;
  base.infinite_jail = true;
  EpsteinConfig cut = base;
  cut.cop_change = true;
  cut.cop_change_step = 100;
  cut.cop_change_density = 0.02;
  std::printf("  peak active share, steps 51-99 / 100-150 with the cut / 100-150 without\n");
  int tipped = 0;
  for (std::uint32_t rep = 0; rep < 8; ++rep) {
    const EpsteinResult with = run_epstein(cut, kSeed, rep, 150), without = run_epstein(base, kSeed, rep, 150);
    const double before = max_share(with, 51, 99), after = max_share(with, 100, 150),
                 control = max_share(without, 100, 150);
    std::printf("  rep %u: %.3f / %.3f / %.3f\n", rep, before, after, control);
    EXPECT_EQ(max_share(without, 51, 99), before);  // identical until the cut
    EXPECT_GT(after, 0.10);
    tipped += after > 2 * std::max(before, control);
  }
  EXPECT_GE(tipped, 6);  // of 8
}

}  // namespace
}  // namespace buurtsim
