// The docking claims: what Epstein (2002) model I shows, checked over a stated number of
// replicates with tolerances from the spread they measure (tests/stat_checks.hpp): a mean over
// replicates must clear its threshold by 3 standard errors, a paired difference (the same
// replicate with and without a change: the same citizens, traits and placement) must lie 3
// standard errors beyond zero, and "each run shows it" is a count with a binomial bound. The
// measured numbers are printed (`[check]` lines, quoted in docs/validation.md). The seeds come
// from the seed set (tests/test_seeds.hpp): the suite runs this program at set 0 (seed 2002) and
// set 1 (seed 1,002,002).
//
// A claim of the paper the model does not reproduce is checked as the paper states it, through
// expect_fact (tests/known_misses.hpp), and listed in tests/known_misses.txt.
//
// Deliberate breaks (scripts/check_breaks.py; each must make its test fail):
//   BUURTSIM_BREAK=epstein_printed_formula  arrest probability without rounding (the printed
//       formula) in the punctuated-equilibrium and sudden-fall runs: no outbursts at all;
//   BUURTSIM_BREAK=epstein_fig9_calm_case  the fig. 9 test runs the case where the claim holds
//       (cop density 0.06, 0.9 -> 0.6 over 300 steps): the known miss then holds, and the test
//       says so.
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "model/epstein/epstein.hpp"
#include "tests/known_misses.hpp"
#include "tests/model/epstein/epstein_test_stats.hpp"
#include "tests/stat_checks.hpp"
#include "tests/test_seeds.hpp"

namespace buurtsim {
namespace {

using namespace epstein_test;
using namespace buurtsim::testing;

// ---------------------------------------------------------------------------------------------
// Punctuated equilibrium (Epstein 2002, figs. 3-5): under the defaults (run 2 of Table 2), long
// quiet periods broken by short outbursts. 20 replicates x 1000 steps; each figure is the mean
// over replicates, 3 se clear of its bound.
TEST(EpsteinClaims, PunctuatedEquilibriumUnderTheDefaults) {
  EpsteinConfig c;
  if (broken("epstein_printed_formula")) c.rounding = EpsteinConfig::Rounding::None;
  const auto s = runs("defaults", c, 20, 1000);
  expect_above("outbursts in 950 steps", mean_of(s, [](const Stats& x) { return x.outbursts; }), 20);
  expect_above("share of steps at or below the threshold", mean_of(s, [](const Stats& x) { return x.quiet_time; }),
               0.75);
  expect_above("longest quiet spell (steps)", mean_of(s, [](const Stats& x) { return x.longest_quiet; }), 30);
  expect_below("mean outburst length (steps)", mean_of(s, [](const Stats& x) { return x.mean_length; }), 8);
  // Clearly above the outburst threshold (0.045).
  expect_above("mean outburst peak (share)", mean_of(s, [](const Stats& x) { return x.mean_peak; }), 0.06);
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

constexpr int kCrisisReplicates = 30;

// The peak active share after the burn-in of replicates 0..replicates-1, printed.
std::vector<double> peaks(const EpsteinConfig& c, int replicates, int steps, const char* label) {
  std::vector<double> out(static_cast<std::size_t>(replicates));
  tbb::parallel_for(0, replicates, [&](int rep) {
    out[static_cast<std::size_t>(rep)] =
        max_share(run_epstein(c, seed(), static_cast<std::uint32_t>(rep), steps), kBurnIn + 1, steps);
  });
  std::printf("  %-40s peak active share by replicate:", label);
  for (double p : out) std::printf(" %.3f", p);
  std::printf("\n");
  return out;
}

int count_above(const std::vector<double>& v, double x) {
  return static_cast<int>(std::count_if(v.begin(), v.end(), [x](double p) { return p > x; }));
}

// a[i] - f * b[i] by replicate (paired), its mean and standard error.
Estimate paired_peaks(const std::vector<double>& a, const std::vector<double>& b, double f = 1) {
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) d.push_back(a[i] - f * b[i]);
  return mean_se(d);
}

// "No (large) outburst": the mean peak over replicates lies 3 se below 0.12 (under a third of
// the sudden fall's peaks at cop density 0.06; the outburst threshold is 0.045). The criterion of
// both gradual-fall claims below.
bool calm(const std::string& what, const std::vector<double>& p) { return check_below(what, mean_se(p), 0.12); }

TEST(EpsteinClaims, SuddenLegitimacyFallAtThePapersCopDensity) {
  EpsteinConfig sudden_c = crisis(0.074, 77, 77, 0.7);
  if (broken("epstein_printed_formula")) sudden_c.rounding = EpsteinConfig::Rounding::None;
  const auto sudden = peaks(sudden_c, kCrisisReplicates, 400, "run 4: 0.9 -> 0.7 at step 77");
  const auto gradual = peaks(crisis(0.074, 77, 277, 0.7), kCrisisReplicates, 400, "0.9 -> 0.7 over steps 77-277");
  // The sudden fall gives an outburst, clearly above the threshold (peak above 0.06), in nearly
  // every replicate (measured 116 of 120 at seeds 2002, 2003 and 1,002,002, 40 each: a per-run probability
  // of at least 0.9 is asserted), and a large one on average.
  expect_count("sudden fall: peak above 0.06", count_above(sudden, 0.06), kCrisisReplicates, 0.9);
  expect_above("sudden fall: mean peak", mean_se(sudden), 0.10);
  // The same fall spread over 200 steps gives smaller outbursts (paired by replicate), but not
  // none: at this cop density the claim holds in part.
  expect_above("sudden minus gradual peak (paired)", paired_peaks(sudden, gradual), 0.0);
  std::printf("  gradual fall 0.9 -> 0.7: mean peak %.3f, %d of %d above 0.045\n", mean_se(gradual).value,
              count_above(gradual, 0.045), kCrisisReplicates);
}

// The paper's run 3 (fig. 9): legitimacy falls from 0.9 to 0.2 by 0.01 a step (steps 77-147) and
// no outburst follows. Checked with the criterion under which the claim holds at cop density
// 0.06 (GradualLargeFallNoOutburstSuddenSmallFallOutburst). At the paper's 0.074 the model misses
// it (tests/known_misses.txt; docs/validation.md explains why): it ends in an outburst in nearly
// every replicate, where L has fallen to about 0.6.
TEST(EpsteinClaims, GradualLegitimacyFallToPointTwoGivesNoOutburst) {
  const auto p = broken("epstein_fig9_calm_case")
                     ? peaks(crisis(0.06, 77, 377, 0.6), kCrisisReplicates, 450, "cops 0.06: 0.9 -> 0.6 over 300 steps")
                     : peaks(crisis(0.074, 77, 147, 0.2), kCrisisReplicates, 400, "run 3: 0.9 -> 0.2 by 0.01/step");
  const bool holds = calm("gradual fall to 0.2: mean peak", p);
  const Estimate e = mean_se(p);
  char detail[200];
  std::snprintf(detail, sizeof detail, "mean peak %.3f (se %.3f, %d replicates), %d above the outburst threshold 0.045",
                e.value, e.se, e.n, count_above(p, 0.045));
  expect_fact("no_large_outburst", holds, detail);
}

TEST(EpsteinClaims, GradualLargeFallNoOutburstSuddenSmallFallOutburst) {
  // At cop density 0.06 the claim holds as the paper states it: a fall of 0.3 spread over 300
  // steps gives no large outburst, a sudden fall of 0.2 gives a large one in every replicate.
  const auto gradual =
      peaks(crisis(0.06, 77, 377, 0.6), kCrisisReplicates, 450, "cops 0.06: 0.9 -> 0.6 over 300 steps");
  const auto sudden = peaks(crisis(0.06, 77, 77, 0.7), kCrisisReplicates, 450, "cops 0.06: 0.9 -> 0.7 at step 77");
  expect_count("sudden fall at cops 0.06: peak above 0.25", count_above(sudden, 0.25), kCrisisReplicates, 0.9);
  EXPECT_TRUE(calm("gradual fall at cops 0.06: mean peak", gradual));
  expect_above("sudden peak minus 3 x gradual peak (paired)", paired_peaks(sudden, gradual, 3), 0.0);
}

// ---------------------------------------------------------------------------------------------
// Cutting cops tips society into rebellion (Epstein 2002, fig. 11; run 5: L = 0.8, cop density
// 0.074, J_max infinite). 16 replicates x 150 steps, each with and without the cut.
TEST(EpsteinClaims, SharplyReducingCopsTriggersOutbursts) {
  EpsteinConfig base;
  base.legitimacy = 0.8;
  base.cop_density = 0.074;
  base.infinite_jail = true;
  EpsteinConfig cut = base;
  cut.cop_change = true;
  cut.cop_change_step = 100;
  cut.cop_change_density = 0.02;
  constexpr int kReplicates = 16;
  struct Peaks {
    double before = 0, after = 0, control = 0, control_before = 0;
  };
  std::vector<Peaks> p(kReplicates);
  tbb::parallel_for(0, kReplicates, [&](int rep) {
    const auto r = static_cast<std::uint32_t>(rep);
    const EpsteinResult with = run_epstein(cut, seed(), r, 150), without = run_epstein(base, seed(), r, 150);
    p[r] = {max_share(with, 51, 99), max_share(with, 100, 150), max_share(without, 100, 150),
            max_share(without, 51, 99)};
  });
  std::printf("  peak active share, steps 51-99 / 100-150 with the cut / 100-150 without\n");
  int tipped = 0;
  std::vector<double> after;
  for (std::size_t rep = 0; rep < p.size(); ++rep) {
    std::printf("  rep %zu: %.3f / %.3f / %.3f\n", rep, p[rep].before, p[rep].after, p[rep].control);
    EXPECT_EQ(p[rep].control_before, p[rep].before);  // identical until the cut
    tipped += p[rep].after > 2 * std::max(p[rep].before, p[rep].control);
    after.push_back(p[rep].after);
  }
  expect_count("peak after the cut above twice the peak before and uncut", tipped, kReplicates, 0.9);
  expect_above("mean peak after the cut", mean_se(after), 0.10);
}

}  // namespace
}  // namespace buurtsim
