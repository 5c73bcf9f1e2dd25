// The pieces of Epstein's model I rules and of the epstein parameter group, one at a time.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "model/epstein/epstein.hpp"

namespace buurtsim {
namespace {

using Rounding = EpsteinConfig::Rounding;
using JailTermDraw = EpsteinConfig::JailTermDraw;

void set(Params& p, std::string_view name, double value) {
  const auto id = find_param(name);
  ASSERT_TRUE(id.has_value()) << name;
  param(*id).set(p, value);
}

double choice_index(std::string_view name, std::string_view choice) {
  const auto list = param(*find_param(name)).choice_list();
  const auto it = std::find(list.begin(), list.end(), choice);
  EXPECT_NE(it, list.end()) << name << " has no choice " << choice;
  return static_cast<double>(it - list.begin());
}

TEST(EpsteinRules, RoundHalfEvenMatchesPythonRound) {
  EXPECT_EQ(round_half_even(0.5), 0.0);
  EXPECT_EQ(round_half_even(1.5), 2.0);
  EXPECT_EQ(round_half_even(2.5), 2.0);
  EXPECT_EQ(round_half_even(0.49), 0.0);
  EXPECT_EQ(round_half_even(0.51), 1.0);
  EXPECT_EQ(round_half_even(1.0 / 3.0), 0.0);
  EXPECT_EQ(round_half_even(2.0 / 3.0), 1.0);
  EXPECT_EQ(round_half_even(3.0), 3.0);
}

TEST(EpsteinRules, ArrestProbabilityIsPointNineForOneCopAndTheAgentAlone) {
  // Epstein 2002: k = 2.3 makes P = 0.9 when C = 1 and A = 1 (the agent counting itself).
  for (Rounding r : {Rounding::Floor, Rounding::Round, Rounding::None}) {
    EXPECT_NEAR(estimated_arrest_probability(1, 1, 2.3, r), 0.9, 0.0003);
    EXPECT_EQ(estimated_arrest_probability(0, 1, 2.3, r), 0.0);
    EXPECT_EQ(estimated_arrest_probability(0, 7, 2.3, r), 0.0);
  }
}

TEST(EpsteinRules, ArrestProbabilityRounding) {
  const double one = 1.0 - std::exp(-2.3), two = 1.0 - std::exp(-4.6);
  // C = 1, A + 1 = 2: ratio 0.5.
  EXPECT_EQ(estimated_arrest_probability(1, 2, 2.3, Rounding::Floor), 0.0);
  EXPECT_EQ(estimated_arrest_probability(1, 2, 2.3, Rounding::Round), 0.0);  // half to even
  EXPECT_DOUBLE_EQ(estimated_arrest_probability(1, 2, 2.3, Rounding::None), 1.0 - std::exp(-1.15));
  // C = 3, A + 1 = 2: ratio 1.5.
  EXPECT_DOUBLE_EQ(estimated_arrest_probability(3, 2, 2.3, Rounding::Floor), one);
  EXPECT_DOUBLE_EQ(estimated_arrest_probability(3, 2, 2.3, Rounding::Round), two);
  // C = 2, A + 1 = 3: ratio 0.67 (floor says no risk, round says full risk).
  EXPECT_EQ(estimated_arrest_probability(2, 3, 2.3, Rounding::Floor), 0.0);
  EXPECT_DOUBLE_EQ(estimated_arrest_probability(2, 3, 2.3, Rounding::Round), one);
  // More actives than cops: floor and round give no risk, the printed formula some.
  EXPECT_EQ(estimated_arrest_probability(4, 9, 2.3, Rounding::Floor), 0.0);
  EXPECT_EQ(estimated_arrest_probability(4, 9, 2.3, Rounding::Round), 0.0);
  EXPECT_GT(estimated_arrest_probability(4, 9, 2.3, Rounding::None), 0.6);
}

TEST(EpsteinRules, JailTermRanges) {
  // 30 000 draws of 0..J: every value appears, each within 5 standard deviations of 1/(J+1).
  const StreamKey key{7, 0};
  for (JailTermDraw how : {JailTermDraw::ZeroToJmax, JailTermDraw::ZeroToJmaxMinus1}) {
    const int jmax = 5;
    const int values = how == JailTermDraw::ZeroToJmax ? jmax + 1 : jmax;
    std::vector<int> hits(static_cast<std::size_t>(jmax) + 2, 0);
    const int n = 30000;
    for (int i = 0; i < n; ++i) {
      Draws d(key, epstein_streams::kJail, 1, static_cast<std::uint32_t>(i));
      const int t = draw_jail_term(d, jmax, how);
      ASSERT_GE(t, 0);
      ASSERT_LT(t, values);
      ++hits[static_cast<std::size_t>(t)];
    }
    const double p = 1.0 / values, sd = std::sqrt(n * p * (1 - p));
    for (int v = 0; v < values; ++v) EXPECT_NEAR(hits[static_cast<std::size_t>(v)], n * p, 5 * sd) << v;
  }
  Draws d(key, epstein_streams::kJail, 1, 0);
  EXPECT_EQ(draw_jail_term(d, 0, JailTermDraw::ZeroToJmax), 0);
  EXPECT_EQ(draw_jail_term(d, 0, JailTermDraw::ZeroToJmaxMinus1), 0);
  EXPECT_EQ(draw_jail_term(d, 1, JailTermDraw::ZeroToJmaxMinus1), 0);
}

TEST(EpsteinRules, DetectOutbursts) {
  // 100 citizens, threshold 0.045: more than 4.5 actives.
  const std::vector<std::int32_t> active = {0, 5, 9, 4, 4, 7, 2, 5, 5, 6};
  const auto o = detect_outbursts(active, 100, 0.045);
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].start, 2);
  EXPECT_EQ(o[0].length, 2);
  EXPECT_DOUBLE_EQ(o[0].peak_share, 0.09);
  EXPECT_EQ(o[0].peak_step, 3);
  EXPECT_TRUE(o[0].ended);
  EXPECT_EQ(o[1].start, 6);
  EXPECT_EQ(o[1].length, 1);
  EXPECT_EQ(o[2].start, 8);
  EXPECT_EQ(o[2].length, 3);
  EXPECT_EQ(o[2].peak_step, 10);
  EXPECT_FALSE(o[2].ended);  // still going at the last step
  // Exactly at the threshold is not an outburst; first_step shifts the step numbers.
  const std::vector<std::int32_t> flat = {0, 45, 46};
  const auto f = detect_outbursts(flat, 1000, 0.045, 10);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].start, 12);
  EXPECT_TRUE(detect_outbursts({}, 100, 0.045).empty());
}

TEST(EpsteinConfig, DefaultsAreThePapersRunTwo) {
  const EpsteinConfig c = EpsteinConfig::from_params(Params{});
  EXPECT_EQ(c.width, 40);
  EXPECT_EQ(c.height, 40);
  EXPECT_EQ(c.citizens(), 1120u);
  EXPECT_EQ(c.initial_cops(), 64u);
  EXPECT_EQ(c.vision, 7);
  EXPECT_EQ(c.vision_shape, NeighbourhoodShape::VonNeumann);
  EXPECT_EQ(c.rounding, Rounding::Floor);
  EXPECT_EQ(c.self_count, EpsteinConfig::SelfCount::Once);
  EXPECT_EQ(c.jail_term_draw, JailTermDraw::ZeroToJmax);
  EXPECT_EQ(c.activation, EpsteinConfig::Activation::RandomSequential);
  EXPECT_TRUE(c.movement);
  EXPECT_FALSE(c.infinite_jail);
  EXPECT_FALSE(c.legitimacy_change);
  EXPECT_FALSE(c.cop_change);
  EXPECT_DOUBLE_EQ(c.legitimacy, 0.82);
  EXPECT_EQ(c.max_jail_term, 30);
  // The outburst threshold is the paper's "more than 50 actives" of 1120 citizens.
  EXPECT_GT(c.outburst_threshold * 1120, 50.0);
  EXPECT_LT(c.outburst_threshold * 1120, 51.0);
}

TEST(EpsteinConfig, ChoicesMapToVariants) {
  Params p;
  set(p, "epstein.vision_shape", choice_index("epstein.vision_shape", "moore"));
  set(p, "epstein.arrest_rounding", choice_index("epstein.arrest_rounding", "none"));
  set(p, "epstein.self_count", choice_index("epstein.self_count", "twice_when_active"));
  set(p, "epstein.jail_term_draw", choice_index("epstein.jail_term_draw", "0_to_jmax_minus_1"));
  set(p, "epstein.activation", choice_index("epstein.activation", "synchronous"));
  set(p, "epstein.movement", 0);
  const EpsteinConfig c = EpsteinConfig::from_params(p);
  EXPECT_EQ(c.vision_shape, NeighbourhoodShape::Moore);
  EXPECT_EQ(c.rounding, Rounding::None);
  EXPECT_EQ(c.self_count, EpsteinConfig::SelfCount::TwiceWhenActive);
  EXPECT_EQ(c.jail_term_draw, JailTermDraw::ZeroToJmaxMinus1);
  EXPECT_EQ(c.activation, EpsteinConfig::Activation::Synchronous);
  EXPECT_FALSE(c.movement);
  set(p, "epstein.arrest_rounding", choice_index("epstein.arrest_rounding", "round"));
  EXPECT_EQ(EpsteinConfig::from_params(p).rounding, Rounding::Round);
}

TEST(EpsteinConfig, CrossParameterErrorsSayHowToFix) {
  Params p;
  EXPECT_TRUE(epstein_param_errors(p).empty());

  set(p, "epstein.cop_density", 0.31);
  auto errors = epstein_param_errors(p);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("epstein.citizen_density + epstein.cop_density"), std::string::npos) << errors[0];
  EXPECT_THROW(EpsteinConfig::from_params(p), std::invalid_argument);
  set(p, "epstein.cop_density", 0.04);

  set(p, "epstein.cop_change", 1);
  set(p, "epstein.cop_change_density", 0.5);
  errors = epstein_param_errors(p);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("cop_change_density"), std::string::npos) << errors[0];
  set(p, "epstein.cop_change", 0);  // ignored while the change is off
  EXPECT_TRUE(epstein_param_errors(p).empty());

  set(p, "epstein.width", 14);
  errors = epstein_param_errors(p);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("vision of at most 6"), std::string::npos) << errors[0];
  set(p, "epstein.width", 40);

  set(p, "epstein.legitimacy_change", 1);
  set(p, "epstein.legitimacy_change_start", 100);
  set(p, "epstein.legitimacy_change_end", 50);
  errors = epstein_param_errors(p);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("legitimacy_change_end"), std::string::npos) << errors[0];
  set(p, "epstein.legitimacy_change_end", 100);
  EXPECT_TRUE(epstein_param_errors(p).empty());

  set(p, "epstein.legitimacy", 1.5);  // out of range: reported by name with the allowed range
  errors = epstein_param_errors(p);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("epstein.legitimacy must be a number from 0 to 1"), std::string::npos) << errors[0];
}

TEST(EpsteinConfig, LegitimacySchedule) {
  EpsteinConfig c;
  c.legitimacy = 0.9;
  c.legitimacy_target = 0.2;
  c.legitimacy_change_start = 10;
  c.legitimacy_change_end = 80;
  EXPECT_DOUBLE_EQ(c.legitimacy_at(50), 0.9);  // off: the target is ignored
  c.legitimacy_change = true;
  EXPECT_DOUBLE_EQ(c.legitimacy_at(1), 0.9);
  EXPECT_DOUBLE_EQ(c.legitimacy_at(10), 0.9);
  EXPECT_NEAR(c.legitimacy_at(11), 0.89, 1e-12);  // 0.01 per step, as in Epstein's fig. 9
  EXPECT_NEAR(c.legitimacy_at(45), 0.55, 1e-12);
  EXPECT_DOUBLE_EQ(c.legitimacy_at(80), 0.2);
  EXPECT_DOUBLE_EQ(c.legitimacy_at(500), 0.2);
  c.legitimacy_change_end = 10;  // sudden: from step 10 on
  EXPECT_DOUBLE_EQ(c.legitimacy_at(9), 0.9);
  EXPECT_DOUBLE_EQ(c.legitimacy_at(10), 0.2);
}

TEST(EpsteinStreams, NamesHashApart) {
  namespace st = epstein_streams;
  const std::set<std::uint32_t> ids = {st::kInit,   st::kPlace, st::kOrder,   st::kMove,
                                       st::kArrest, st::kJail,  st::kRelease, st::kCops};
  EXPECT_EQ(ids.size(), 8u);
}

TEST(EpsteinVision, FastPathVisitsTheQuerysCellsInItsOrder) {
  for (NeighbourhoodShape shape : {NeighbourhoodShape::VonNeumann, NeighbourhoodShape::Moore}) {
    for (auto [w, h, r] : {std::array{40, 40, 7}, std::array{23, 15, 7}, std::array{9, 30, 1}, std::array{11, 11, 5}}) {
      EpsteinConfig c;
      c.width = w;
      c.height = h;
      c.vision = r;
      c.vision_shape = shape;
      const EpsteinModel m(c, 1, 0);
      const Grid grid(w, h, true);
      const NeighbourhoodQuery q(grid, shape, r);
      std::vector<std::uint32_t> fast, slow;
      for (std::uint32_t cell = 0; cell < grid.size(); ++cell) {
        m.vision_cells(cell, fast);
        slow.clear();
        q.for_each(cell, [&](std::uint32_t x) { slow.push_back(x); });
        ASSERT_EQ(fast, slow) << to_string(shape) << " " << w << "x" << h << " r " << r << " cell " << cell;
      }
    }
  }
}

}  // namespace
}  // namespace buurtsim
