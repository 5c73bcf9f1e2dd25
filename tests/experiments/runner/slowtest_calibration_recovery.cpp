// Parameter recovery (issue 6): survey data simulated by the model itself from known parameter
// values (one small neighbourhood, three yearly waves of 400 respondents) are calibrated, and
// over 10 (parameter, seed) pairs the 90% posterior intervals must cover the true value in at
// least 7. Labelled slow (about a minute on 2 cores).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "experiments/io/observed_csv.hpp"
#include "experiments/runner/calibration_estimate.hpp"
#include "model/items.hpp"
#include "model/simulation.hpp"

using namespace buurtsim;
using namespace buurtsim::calibration;

namespace {

std::string config_text(std::uint64_t seed) {
  std::ostringstream o;
  o << "model = \"buurtsim\"\nweeks = 150\nburn_in_weeks = 26\nseed = " << seed << "\nstart_date = \"2019-01-07\"\n"
    << "[survey]\ndates = [\"2019-10-14\", \"2020-10-12\", \"2021-10-11\"]\ntarget_responses = 400\n"
    << "[[neighbourhood]]\nname = \"Proef\"\nresidents = 800\n"
    << "[calibration]\nparticles = 40\ngenerations = 4\nbatch = 20\nquantile = 0.5\n"
    << "[[calibration.parameter]]\nname = \"fear.offset\"\nmin = -3.0\nmax = 0.0\n"
    << "[[calibration.parameter]]\nname = \"trust.police_baseline\"\nmin = 4.0\nmax = 8.0\n";
  return o.str();
}

// The "observed" data: the model's own survey at the true values, with the data's own seed.
class Survey : public Observer {
 public:
  std::ostringstream csv;
  void on_survey(const World& /*w*/, const SurveyWaveResult& wave) override {
    static const char* kYears[] = {"2019", "2020", "2021"};
    const SurveyNeighbourhood& s = wave.neighbourhoods[0];
    for (const Item item : {Item::UnsafeSometimes, Item::SafetyRating, Item::TrustPolice}) {
      const auto k = static_cast<std::size_t>(item);
      csv << "Proef," << kYears[wave.wave] << "," << all_outcomes()[k].name << "," << s.estimate[k] << ","
          << std::lround(s.respondents) << "\n";
    }
  }
};

}  // namespace

TEST(CalibrationRecovery, NinetyPercentIntervalsCoverTheTrueValues) {
  const double truth[5][2] = {{-1.6, 6.3}, {-0.8, 5.0}, {-2.3, 7.2}, {-1.2, 4.6}, {-2.0, 6.8}};
  int covered = 0, pairs = 0;
  for (int s = 0; s < 5; ++s) {
    const config::Experiment e =
        config::load(config_text(100 + static_cast<std::uint64_t>(s)), "recovery.toml", "recovery", {});
    ScenarioSpec sc = e.scenarios.front();
    const ParamSpec& fear = param(*find_param("fear.offset"));
    const ParamSpec& trust = param(*find_param("trust.police_baseline"));
    for (Params* p : {&sc.params, &sc.neighbourhoods[0].params}) {
      fear.set(*p, truth[s][0]);
      trust.set(*p, truth[s][1]);
    }
    RunSettings data_settings = e.settings;
    data_settings.seed = 9000 + static_cast<std::uint64_t>(s);
    Survey survey;
    survey.csv << "neighbourhood,period,indicator,value,n\n";
    Simulation sim(sc, data_settings, 0);
    sim.run(survey);

    const Calibration c = prepare(e, parse_observed(survey.csv.str(), "recovery.csv"));
    ASSERT_EQ(c.problem.targets.size(), 9u);
    const Result r = estimate(c, {}, nullptr, nullptr);
    ASSERT_EQ(r.generations.size(), 4u);
    const Summary sum = summarise(c.prior, r.generations.back(), 90);
    for (std::size_t k = 0; k < 2; ++k) {
      const bool in = sum.lo[k] <= truth[s][k] && truth[s][k] <= sum.hi[k];
      covered += in ? 1 : 0;
      ++pairs;
      std::printf("seed %d %-22s true %6.3f  posterior mean %6.3f  90%% [%6.3f, %6.3f]  shrinkage %.2f  %s\n", s,
                  c.settings.parameters[k].label.c_str(), truth[s][k], sum.mean[k], sum.lo[k], sum.hi[k],
                  sum.shrinkage[k], in ? "covered" : "MISSED");
    }
  }
  std::printf("%d of %d intervals cover the true value\n", covered, pairs);
  EXPECT_GE(covered, 7);
}
