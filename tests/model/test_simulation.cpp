// Wiring tests of the simulation engine: determinism across thread counts, common random
// numbers, and that the survey measures the population it samples.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "model/population.hpp"
#include "small_world.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {
bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}
bool same_bits(const std::array<double, kItems>& a, const std::array<double, kItems>& b) {
  for (std::size_t k = 0; k < kItems; ++k)
    if (std::bit_cast<std::uint64_t>(a[k]) != std::bit_cast<std::uint64_t>(b[k])) return false;
  return true;
}
}  // namespace

TEST(Simulation, ThreadCountNeverChangesAResult) {
  const auto s = small_scenario();
  const auto r = small_settings();
  const Capture one = run_capture(s, r, 0, 1);
  const Capture two = run_capture(s, r, 0, 2);
  EXPECT_TRUE(bitwise_equal(one.weekly, two.weekly));
  ASSERT_EQ(one.waves.size(), 1u);
  for (std::size_t nb = 0; nb < 2; ++nb) {
    EXPECT_EQ(one.waves[0].neighbourhoods[nb].respondents, two.waves[0].neighbourhoods[nb].respondents);
    for (std::size_t k = 0; k < kItems; ++k) {
      const double a = one.waves[0].neighbourhoods[nb].estimate[k], b = two.waves[0].neighbourhoods[nb].estimate[k];
      EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b)));
    }
  }
}

// An observer of the survey waves only (a calibration's simulations) is told nothing of the
// recorded weeks, and the weeks outside the fieldwork are not measured for it; the waves it gets
// are bit for bit those of an observer of every week.
struct SurveysOnly : Observer {
  std::vector<SurveyWaveResult> waves;
  int weeks_seen = 0;
  bool wants_weeks() const override { return false; }
  void on_week(const World&, const OutcomeTable&) override { ++weeks_seen; }
  void on_survey(const World&, const SurveyWaveResult& s) override { waves.push_back(s); }
};

TEST(Simulation, AnObserverOfTheSurveysOnlyGetsTheSameSurveys) {
  const auto s = small_scenario();
  auto r = small_settings(40);
  r.waves = {{12, "VM2021"}, {35, "VM2021"}};
  const Capture every_week = run_capture(s, r);
  Simulation sim(s, r, 0);
  SurveysOnly surveys;
  sim.run(surveys);
  EXPECT_EQ(surveys.weeks_seen, 0);
  ASSERT_EQ(surveys.waves.size(), 2u);
  ASSERT_EQ(every_week.waves.size(), 2u);
  for (std::size_t v = 0; v < 2; ++v)
    for (std::size_t nb = 0; nb < 2; ++nb) {
      const SurveyNeighbourhood &a = every_week.waves[v].neighbourhoods[nb], &b = surveys.waves[v].neighbourhoods[nb];
      EXPECT_EQ(a.respondents, b.respondents);
      EXPECT_TRUE(same_bits(a.estimate, b.estimate)) << "wave " << v << ", nb " << nb;
      EXPECT_TRUE(same_bits(a.se, b.se));
      EXPECT_TRUE(same_bits(a.truth, b.truth));
      EXPECT_TRUE(same_bits(a.level, b.level));
    }
  EXPECT_EQ(every_week.last_victimised, sim.world().residents.last_victimised);
}

TEST(Simulation, ReplicatesDiffer) {
  const auto s = small_scenario();
  const auto r = small_settings();
  EXPECT_FALSE(bitwise_equal(run_capture(s, r, 0).weekly, run_capture(s, r, 1).weekly));
}

TEST(Simulation, PopulationIsSharedAcrossScenarios) {
  auto a = small_scenario();
  auto b = small_scenario();
  set_everywhere(b, [](Params& p) {
    p.police.hotspot_focus = 0.9;
    p.fear.rise_rate = 0.2;
  });
  const auto r = small_settings();
  const World wa = build_world(a, r, 3), wb = build_world(b, r, 3);
  EXPECT_EQ(wa.residents.household, wb.residents.household);
  EXPECT_EQ(wa.residents.age, wb.residents.age);
  EXPECT_EQ(wa.residents.fear_base, wb.residents.fear_base);
  EXPECT_EQ(wa.network.ties, wb.network.ties);
  EXPECT_EQ(wa.offenders.resident, wb.offenders.resident);
}

// Common random numbers: with no local offending, who is victimised elsewhere depends only on
// the "context.elsewhere" stream, so changing how the police work (a consumer of other streams)
// must leave every victimisation record unchanged.
TEST(Simulation, SwitchingAnotherStreamsConsumerLeavesAStreamUnchanged) {
  auto a = small_scenario();
  set_everywhere(a, [](Params& p) {
    p.offending.offender_rate = 0;
    p.offending.resident_nuisance_rate = 0;
  });
  auto b = a;
  set_everywhere(b, [](Params& p) {
    p.police.stop_rate = 0.02;
    p.police.hotspot_focus = 0;
  });
  const auto r = small_settings();
  const Capture ca = run_capture(a, r), cb = run_capture(b, r);
  EXPECT_EQ(ca.last_victimised, cb.last_victimised);
  EXPECT_FALSE(bitwise_equal(ca.weekly, cb.weekly));  // the police change did change outcomes
}

// The survey is a measurement of the population: its estimate lies within 4 standard errors of
// the population value over its fieldwork weeks, which lies between the population values of
// those weeks (wiring; coverage is tested over many seeds elsewhere).
TEST(Simulation, SurveyEstimatesThePopulationValue) {
  const auto s = small_scenario(6000, 1);
  auto r = small_settings(30, 30);
  const Capture c = run_capture(s, r);
  const auto& wave = c.waves.at(0).neighbourhoods.at(0);
  EXPECT_NEAR(wave.respondents, 400, 80);
  EXPECT_GT(wave.n_effective, 0.7 * wave.respondents);
  const auto last = static_cast<std::size_t>(r.waves[0].week), first = static_cast<std::size_t>(c.waves[0].first_week);
  ASSERT_EQ(last - first + 1, 12u);  // survey.fieldwork_weeks, all recorded here
  for (Item item : {Item::UnsafeSometimes, Item::TrustPolice, Item::SafetyRating, Item::ContactPolice}) {
    const auto k = static_cast<std::size_t>(item);
    double lo = 1e300, hi = -1e300;
    for (std::size_t week = first; week <= last; ++week) {
      const double v = c.weekly[week * outcome_count() + static_cast<std::size_t>(outcome_of(item))];
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
    const std::string name(all_outcomes()[static_cast<std::size_t>(outcome_of(item))].name);
    EXPECT_GE(wave.truth[k], lo - 1e-9) << name;
    EXPECT_LE(wave.truth[k], hi + 1e-9) << name;
    EXPECT_NEAR(wave.estimate[k], wave.truth[k], 4 * wave.se[k]) << name;
  }
}

TEST(Simulation, RunsTheConfiguredNumberOfWeeks) {
  const auto s = small_scenario(500, 1);
  const auto r = small_settings(12, 3);
  const Capture c = run_capture(s, r);
  EXPECT_EQ(c.weekly.size(), 12 * outcome_count());
}
