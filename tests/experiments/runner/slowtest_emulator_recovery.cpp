// Parameter recovery by the emulator estimator, a CALIBRATION CHECK (docs/calibration.md, "The
// emulator"; issue 18): survey data simulated by the real model from known values of
// fear.offset and survey.rating_intercept (one neighbourhood of 800 residents, three yearly
// waves of 400 respondents, the model's own survey, with its design-based standard errors as a
// buurtmonitor publishes them: weighting makes them larger than n alone says) are fitted at 10
// data seeds. Required:
//   coverage  - per parameter, at least 8 of the 10 90% intervals cover the true value (for
//               intervals with exact 90% coverage, P(fewer than 8 of 10) = 7%; over both
//               parameters about 14%, so the bound is the issue's, not a tight statistical one);
//   precision - in every case every predictive interval is at most 3 times as wide as the
//               observation's sampling error alone would make it (assess_convergence);
//   learning  - the mean shrinkage per parameter is at least 0.8 (the prior gives about 0).
// Labelled slow: about 2 minutes on 2 cores (10 fits of 3 x 36 design simulations and 50
// predictive simulations each).
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "experiments/io/observed_csv.hpp"
#include "experiments/runner/calibration_emulate.hpp"
#include "experiments/runner/calibration_estimate.hpp"
#include "model/items.hpp"
#include "model/simulation.hpp"
#include "tests/known_misses.hpp"
#include "tests/test_seeds.hpp"

using namespace buurtsim;
using namespace buurtsim::calibration;

namespace {

std::string config_text(std::uint64_t seed) {
  std::ostringstream o;
  o << "model = \"buurtsim\"\nweeks = 150\nburn_in_weeks = 26\nseed = " << seed << "\nstart_date = \"2019-01-07\"\n"
    << "[survey]\ndates = [\"2019-10-14\", \"2020-10-12\", \"2021-10-11\"]\ntarget_responses = 400\n"
    << "[[neighbourhood]]\nname = \"Proef\"\nresidents = 800\n"
    << "[calibration]\nmethod = \"emulator\"\nparticles = 50\n"
    << "[[calibration.parameter]]\nname = \"fear.offset\"\nmin = -3.0\nmax = 0.0\n"
    << "[[calibration.parameter]]\nname = \"survey.rating_intercept\"\nmin = 5.5\nmax = 8.5\n";
  return o.str();
}

class Survey : public Observer {
 public:
  std::ostringstream csv;
  void on_survey(const World& /*w*/, const SurveyWaveResult& wave) override {
    static const char* kYears[] = {"2019", "2020", "2021"};
    const SurveyNeighbourhood& s = wave.neighbourhoods[0];
    for (const Item item : {Item::UnsafeSometimes, Item::SafetyRating}) {
      const auto k = static_cast<std::size_t>(item);
      csv << "Proef," << kYears[wave.wave] << "," << all_outcomes()[k].name << "," << s.estimate[k] << ","
          << std::lround(s.respondents) << "," << s.se[k] << "\n";
    }
  }
};

constexpr int kCases = 10;
constexpr double kTruth[kCases][2] = {{-1.6, 6.9}, {-0.8, 6.2}, {-2.3, 7.6}, {-1.2, 7.1}, {-2.0, 6.5},
                                      {-1.4, 7.8}, {-0.6, 6.0}, {-2.6, 7.3}, {-1.8, 6.7}, {-1.0, 7.0}};

}  // namespace

TEST(EmulatorRecovery, IntervalsCoverAndReachTheDataPrecision) {
  int covered[2] = {0, 0};
  double shrinkage[2] = {0, 0};
  int converged = 0;
  for (int s = 0; s < kCases; ++s) {
    const config::Experiment e = config::load(config_text(buurtsim::testing::seed(300 + static_cast<std::uint64_t>(s))),
                                              "recovery.toml", "recovery", {});
    ScenarioSpec sc = e.scenarios.front();
    const ParamSpec& fear = param(*find_param("fear.offset"));
    const ParamSpec& rating = param(*find_param("survey.rating_intercept"));
    for (Params* p : {&sc.params, &sc.neighbourhoods[0].params}) {
      fear.set(*p, kTruth[s][0]);
      rating.set(*p, kTruth[s][1]);
    }
    RunSettings data_settings = e.settings;
    data_settings.seed = buurtsim::testing::seed(9100 + static_cast<std::uint64_t>(s));
    Survey survey;
    survey.csv << "neighbourhood,period,indicator,value,n,se\n";
    Simulation sim(sc, data_settings, 0);
    sim.run(survey);

    const Calibration c = prepare(e, parse_observed(survey.csv.str(), "recovery.csv"));
    ASSERT_EQ(c.problem.targets.size(), 6u);
    const auto fit = emulate(c, nullptr, nullptr);
    ASSERT_TRUE(fit);
    const Summary sum = summarise(c.prior, fit->posterior, 90);
    const auto pred = predictive(c, resample(fit->posterior, 50, e.settings.seed), 90);
    ASSERT_TRUE(pred);
    const Convergence conv = assess_convergence(*pred, 90, std::nullopt);
    converged += conv.converged && fit->reachable ? 1 : 0;
    for (std::size_t k = 0; k < 2; ++k) {
      covered[k] += sum.lo[k] <= kTruth[s][k] && kTruth[s][k] <= sum.hi[k] ? 1 : 0;
      shrinkage[k] += sum.shrinkage[k] / kCases;
      std::printf("case %d %-24s true %6.3f  mean %6.3f  90%% [%6.3f, %6.3f]  shrinkage %.2f\n", s,
                  c.settings.parameters[k].label.c_str(), kTruth[s][k], sum.mean[k], sum.lo[k], sum.hi[k],
                  sum.shrinkage[k]);
    }
    std::printf("case %d: predictive width ratio median %.2f, widest %.2f\n", s, conv.median_width_ratio,
                conv.max_width_ratio);
  }
  std::printf("coverage %d and %d of %d; mean shrinkage %.2f, %.2f; %d of %d cases converged\n", covered[0], covered[1],
              kCases, shrinkage[0], shrinkage[1], converged, kCases);
  // Coverage through expect_fact: fear.offset's is a known miss at this revision (tests/known_misses.txt).
  const auto covers = [&](int k) { return std::to_string(covered[k]) + " of 10 90% intervals cover the true value"; };
  buurtsim::testing::expect_fact("fear_offset_covered_in_8_of_10", covered[0] >= 8, covers(0));
  buurtsim::testing::expect_fact("rating_intercept_covered_in_8_of_10", covered[1] >= 8, covers(1));
  EXPECT_GE(shrinkage[0], 0.8);
  EXPECT_GE(shrinkage[1], 0.8);
  EXPECT_EQ(converged, kCases);
}
