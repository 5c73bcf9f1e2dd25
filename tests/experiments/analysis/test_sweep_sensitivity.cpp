// The sensitivity analysis of a sweep (experiments/analysis/sweep_sensitivity.hpp): flags of
// indices that mislead, the size below which a design is small, targets left out with their
// reason, and the cost-benefit values as targets.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <utility>

#include "experiments/analysis/design.hpp"
#include "experiments/analysis/sweep_sensitivity.hpp"

using namespace buurtsim::sweep;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Design saltelli(std::size_t k, int samples) {
  std::vector<ParameterRange> params;
  for (std::size_t i = 0; i < k; ++i) params.push_back({"p" + std::to_string(i), 0.0, 1.0});
  DesignOptions o;
  o.kind = DesignKind::Saltelli;
  o.samples = samples;
  o.seed = 3;
  return make_design(params, o);
}

// A sweep over a Saltelli design with one replicate and the given scenarios; outcomes added by the tests.
SweepResults sweep_of(const Design& d, std::vector<std::string> scenarios) {
  SweepResults s;
  s.design_kind = "saltelli";
  s.design = d;
  s.scenarios = std::move(scenarios);
  s.replicates = 1;
  return s;
}

}  // namespace

TEST(Flags, OutsideTheRangeOfTheIndex) {
  EXPECT_EQ(index_flags(Method::Sobol, 1.2, 0.9, 1.4), kOutsideRange);
  EXPECT_EQ(index_flags(Method::Sobol, -0.05, -0.2, 0.1), kOutsideRange | kIntervalHasZero);
  EXPECT_EQ(index_flags(Method::Sobol, 0.5, 0.4, 0.6), 0);
  EXPECT_EQ(index_flags(Method::Src, -0.5, -0.7, -0.3), 0);  // a coefficient may be negative
  EXPECT_EQ(index_flags(Method::Src, -1.2, -1.4, -1.1), kOutsideRange);
  EXPECT_EQ(index_flags(Method::Morris, 5.0, 4.0, 6.0), 0);  // mu* in target units: no upper bound
  EXPECT_EQ(index_flags(Method::Sobol, -1e-17, -1e-17, 1e-17), kIntervalHasZero);  // rounding is not noise
}

TEST(Flags, IntervalIncludingZeroOrMissing) {
  EXPECT_EQ(index_flags(Method::Sobol, 0.02, 0.0, 0.05), kIntervalHasZero);
  EXPECT_EQ(index_flags(Method::Sobol, 0.02, 0.001, 0.05), 0);
  EXPECT_EQ(index_flags(Method::Morris, 0.0, 0.0, 0.0), kIntervalHasZero);
  EXPECT_EQ(index_flags(Method::Sobol, 0.3, kNaN, kNaN), kNoInterval);
}

// compute() flags each index: a parameter the output ignores has total index 0 with an interval
// [0, 0] (flagged: not told apart from 0), one it depends on is not flagged, and with no
// bootstrap every index says it has no interval.
TEST(Flags, ComputedForEveryIndex) {
  const Design d = saltelli(3, 64);
  std::vector<double> y(d.points);
  for (std::size_t p = 0; p < d.points; ++p) y[p] = d.value(p, 0) + 0.5 * d.value(p, 1) * d.value(p, 1);
  BootstrapOptions b;
  b.samples = 100;
  const IndexResult r = compute(Method::Sobol, d, y, b);
  ASSERT_EQ(r.flags.size(), flagged_indices(Method::Sobol).size());
  const std::size_t total = 1;  // first_order_flag, total_flag
  EXPECT_STREQ(flagged_indices(Method::Sobol)[total].name, "total_flag");
  EXPECT_EQ(r.flags[total][0], 0);
  EXPECT_EQ(r.flags[total][1], 0);
  EXPECT_EQ(r.flags[total][2], kIntervalHasZero);
  b.samples = 0;
  EXPECT_EQ(compute(Method::Sobol, d, y, b).flags[total][0], kNoInterval);
}

// Design size: the units the bootstrap resamples; Sobol N = 8 and Morris r = 4 are small.
TEST(DesignSize, UnitsAndTheThreshold) {
  EXPECT_EQ(design_units(Method::Sobol, saltelli(5, 8)), 8u);
  EXPECT_LT(design_units(Method::Sobol, saltelli(5, 8)), kMinDesignUnits);
  EXPECT_GE(design_units(Method::Sobol, saltelli(5, 16)), kMinDesignUnits);
  Design morris;
  morris.parameters = {{"a", 0, 1}, {"b", 0, 1}};
  morris.points = 4 * 3;
  EXPECT_EQ(design_units(Method::Morris, morris), 4u);
  EXPECT_EQ(design_units(Method::Src, morris), 12u);
}

// A target constant over the A and B points but not in the mixed ones has undefined Sobol
// indices (variance 0): it is left out with that reason, never shown as NaN; a constant target
// is left out as constant; the others stay, in order.
TEST(Targets, UndefinedAndConstantTargetsAreLeftOutWithTheirReason) {
  const Design d = saltelli(2, 16);
  SweepResults s = sweep_of(d, {"baseline"});
  std::vector<double> moving(d.points), ab_constant(d.points), flat(d.points, 2.0);
  for (std::size_t p = 0; p < d.points; ++p) {
    moving[p] = d.value(p, 0);
    ab_constant[p] = p % 4 < 2 ? 1.0 : 1.0 + d.value(p, 1);  // blocks of k + 2 = 4: A, B, then mixed
  }
  s.outcomes = {{"fear_mean", "1", ab_constant}, {"incidents", "1", moving}, {"volunteers", "1", flat}};
  std::vector<LeftOut> left_out;
  std::vector<Target> targets = make_targets(s, left_out);
  ASSERT_EQ(targets.size(), 2u);
  ASSERT_EQ(left_out.size(), 1u);
  EXPECT_EQ(left_out[0].label, "volunteers @ baseline");
  EXPECT_EQ(left_out[0].reason, kLeftOutConstant);
  BootstrapOptions b;
  b.samples = 20;
  std::vector<IndexResult> results;
  for (const Target& t : targets) results.push_back(compute(Method::Sobol, d, t.y, b));
  EXPECT_TRUE(std::isnan(results[0].column[3][1]));  // fear_mean's total index of p1
  drop_undefined(Method::Sobol, targets, results, left_out);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].label, "incidents @ baseline");
  EXPECT_EQ(results.size(), 1u);
  EXPECT_GT(results[0].column[3][0], 0.8);  // incidents depend on p0 alone (N = 16: an estimate)
  EXPECT_EQ(results[0].column[3][1], 0.0);
  ASSERT_EQ(left_out.size(), 2u);
  EXPECT_EQ(left_out[1].label, "fear_mean @ baseline");
  EXPECT_EQ(left_out[1].reason, kLeftOutUndefined);
}

// The cost-benefit values (already against the baseline, NaN there) give one target per other
// scenario, with no "- baseline" target and no ranking; an outcome gets both kinds.
TEST(Targets, NetPresentValueIsATargetPerApproach) {
  const Design d = saltelli(2, 16);
  SweepResults s = sweep_of(d, {"baseline", "vba", "bap"});
  const std::size_t S = 3;
  std::vector<double> npv(d.points * S, kNaN), unsafe(d.points * S);
  for (std::size_t p = 0; p < d.points; ++p) {
    npv[p * S + 1] = 1000 * d.value(p, 1);
    npv[p * S + 2] = -500 + 200 * d.value(p, 0);
    for (std::size_t sc = 0; sc < S; ++sc) unsafe[p * S + sc] = 30 - static_cast<double>(sc) * d.value(p, 0);
  }
  s.outcomes = {{"unsafe_sometimes_pct", "percent", unsafe}, {"cba/npv_eur", "EUR", npv, true}};
  std::vector<LeftOut> left_out;
  const std::vector<Target> targets = make_targets(s, left_out);
  std::vector<std::string> labels;
  for (const Target& t : targets) labels.push_back(t.label);
  EXPECT_EQ(labels,
            (std::vector<std::string>{"unsafe_sometimes_pct @ vba", "unsafe_sometimes_pct @ bap",
                                      "unsafe_sometimes_pct @ vba - baseline", "unsafe_sometimes_pct @ bap - baseline",
                                      "cba/npv_eur @ vba", "cba/npv_eur @ bap"}));
  EXPECT_TRUE(left_out.size() == 1u && left_out[0].label == "unsafe_sometimes_pct @ baseline");
  // The cell of /sensitivity each target is written to: its scenario and whether it is an effect.
  std::vector<std::pair<std::size_t, bool>> cells;
  for (const Target& t : targets) cells.emplace_back(t.scenario, t.effect);
  EXPECT_EQ(cells, (std::vector<std::pair<std::size_t, bool>>{
                       {1, false}, {2, false}, {1, true}, {2, true}, {1, false}, {2, false}}));
  BootstrapOptions b;
  b.samples = 0;
  const IndexResult vba = compute(Method::Sobol, d, targets[4].y, b);
  EXPECT_GT(vba.column[3][1], 0.8);  // the NPV of vba depends on p1 alone (N = 16: an estimate)
  EXPECT_EQ(vba.column[3][0], 0.0);
  const Rankings rk = make_rankings(s, targets);
  EXPECT_EQ(rk.outcomes, std::vector<std::string>{"unsafe_sometimes_pct"});
}
