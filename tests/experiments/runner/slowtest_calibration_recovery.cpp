// Parameter recovery, a CALIBRATION CHECK (docs/validation.md): survey data simulated by the
// real model from known parameter values (one small neighbourhood, three yearly waves of 400
// respondents) are calibrated at 5 data seeds, and the calibrator must show that it learned
// from the data. Three criteria, all of which a calibrator returning its prior fails:
//   coverage  - at least 7 of the 10 (parameter, seed) 90% intervals cover the true value
//               (for intervals with exact 90% coverage, P(fewer than 7 of 10) = 1.3%);
//   shrinkage - per parameter, the mean shrinkage 1 - posterior sd / prior sd over the seeds is
//               at least 0.3 (measured 0.59 and 0.68; the prior itself gives about 0);
//   error     - per parameter, the root mean square error of the posterior mean is at most half
//               that of the prior mean (measured 0.22 and 0.10 of it; the prior gives about 1).
// The prior-only intervals ([-2.85, -0.15] and [4.2, 7.8]) contain every true value, so coverage
// alone could not tell; the test also applies the criteria to a calibrator that returns a
// sample of its prior and requires that they reject it. Labelled slow (about a minute on 2 cores).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>
#include <vector>

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

constexpr int kDataSeeds = 5;
constexpr double kTruth[kDataSeeds][2] = {{-1.6, 6.3}, {-0.8, 5.0}, {-2.3, 7.2}, {-1.2, 4.6}, {-2.0, 6.8}};

// What the three criteria see of one calibration per data seed.
struct Recovery {
  int covered = 0, pairs = 0;
  double shrinkage[2] = {0, 0};    // mean over seeds
  double error_ratio[2] = {0, 0};  // RMS error of the posterior mean / RMS error of the prior mean
};

Recovery assess(const Prior& prior, const std::vector<Summary>& sums) {
  Recovery r;
  for (std::size_t k = 0; k < 2; ++k) {
    const double prior_mean = (prior.lo[k] + prior.hi[k]) / 2;
    double post_sq = 0, prior_sq = 0;
    for (int s = 0; s < kDataSeeds; ++s) {
      const Summary& sum = sums[static_cast<std::size_t>(s)];
      const double truth = kTruth[s][k];
      r.covered += sum.lo[k] <= truth && truth <= sum.hi[k] ? 1 : 0;
      ++r.pairs;
      r.shrinkage[k] += sum.shrinkage[k] / kDataSeeds;
      post_sq += (sum.mean[k] - truth) * (sum.mean[k] - truth);
      prior_sq += (prior_mean - truth) * (prior_mean - truth);
    }
    r.error_ratio[k] = std::sqrt(post_sq / prior_sq);
  }
  return r;
}

bool learned(const Recovery& r) {
  return r.covered >= 7 && r.shrinkage[0] >= 0.3 && r.shrinkage[1] >= 0.3 && r.error_ratio[0] <= 0.5 &&
         r.error_ratio[1] <= 0.5;
}

// A calibrator that ignores the data: 40 equally weighted draws from the prior.
Summary prior_only(const Prior& prior, std::uint64_t seed) {
  Generation g;
  g.theta.resize(40, 2);
  std::mt19937_64 rng(seed);
  for (Eigen::Index i = 0; i < 40; ++i)
    for (Eigen::Index k = 0; k < 2; ++k)
      g.theta(i, k) = std::uniform_real_distribution<double>(prior.lo[static_cast<std::size_t>(k)],
                                                             prior.hi[static_cast<std::size_t>(k)])(rng);
  g.weights.assign(40, 1.0 / 40);
  return summarise(prior, g, 90);
}

}  // namespace

TEST(CalibrationRecovery, PosteriorsLearnFromTheData) {
  std::vector<Summary> sums;
  Prior prior;
  for (int s = 0; s < kDataSeeds; ++s) {
    const config::Experiment e =
        config::load(config_text(100 + static_cast<std::uint64_t>(s)), "recovery.toml", "recovery", {});
    ScenarioSpec sc = e.scenarios.front();
    const ParamSpec& fear = param(*find_param("fear.offset"));
    const ParamSpec& trust = param(*find_param("trust.police_baseline"));
    for (Params* p : {&sc.params, &sc.neighbourhoods[0].params}) {
      fear.set(*p, kTruth[s][0]);
      trust.set(*p, kTruth[s][1]);
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
    prior = c.prior;
    sums.push_back(summarise(c.prior, r.generations.back(), 90));
    const Summary& sum = sums.back();
    for (std::size_t k = 0; k < 2; ++k)
      std::printf("seed %d %-22s true %6.3f  posterior mean %6.3f  90%% [%6.3f, %6.3f]  shrinkage %.2f\n", s,
                  c.settings.parameters[k].label.c_str(), kTruth[s][k], sum.mean[k], sum.lo[k], sum.hi[k],
                  sum.shrinkage[k]);
  }
  const Recovery got = assess(prior, sums);
  std::printf("coverage %d of %d; mean shrinkage %.2f, %.2f; RMS error / prior's %.2f, %.2f\n", got.covered, got.pairs,
              got.shrinkage[0], got.shrinkage[1], got.error_ratio[0], got.error_ratio[1]);
  EXPECT_GE(got.covered, 7);
  EXPECT_GE(got.shrinkage[0], 0.3);
  EXPECT_GE(got.shrinkage[1], 0.3);
  EXPECT_LE(got.error_ratio[0], 0.5);
  EXPECT_LE(got.error_ratio[1], 0.5);
  EXPECT_TRUE(learned(got));

  // The same criteria reject a calibrator that returns its prior (three draws of it).
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    std::vector<Summary> null_sums;
    for (int s = 0; s < kDataSeeds; ++s)
      null_sums.push_back(prior_only(prior, seed * 100 + static_cast<std::uint64_t>(s)));
    const Recovery null = assess(prior, null_sums);
    std::printf("prior only (draw %llu): coverage %d of %d; shrinkage %.2f, %.2f; error ratio %.2f, %.2f\n",
                static_cast<unsigned long long>(seed), null.covered, null.pairs, null.shrinkage[0], null.shrinkage[1],
                null.error_ratio[0], null.error_ratio[1]);
    EXPECT_FALSE(learned(null)) << "the criteria cannot tell a calibrator that ignores the data";
  }
}
