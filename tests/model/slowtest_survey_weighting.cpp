// VALIDATION (statistical) of the survey's design as the Veiligheidsmonitor's (docs/odd.md
// section 8): calibration weighting, fieldwork over weeks, instrument level shifts, recall error.
//
// Protocol: 200 seeds (400 for the runs whose response depends on the weighting variables
// only and for the recall comparison), each one NL-average neighbourhood of 1,000 residents (a burn-in of 60
// weeks, so that events older than 52 weeks exist to be telescoped), surveyed by about 150
// respondents in two waves whose 12-week fieldwork windows do not overlap: recorded week 0
// (fieldwork in the burn-in) with the VM2012 questionnaire and week 12 with the VM2021 one. Seeds run in parallel; they
// come from the seed set (tests/test_seeds.hpp). The bias of a wave is estimate - truth, truth being the population
// value averaged over the wave's fieldwork weeks (what /survey/<outcome>_true holds); per seed the two waves' biases
// are averaged (the VM2012 one after taking the shift off), and the checks are on the mean over seeds, with its
// standard error from the spread over seeds (tests/stat_checks.hpp: 3 se).
//
// WeightedIndicatorsUnbiased: with response depending only on the weighting variables (age,
// sex, migration background, household size; the last two made strong here, -2.5 and -2.0
// log-odds, so that leaving them out of the weights shows: the model's items differ little by
// them) and no recall error, every indicator's
// mean bias lies within one mean standard error of zero (the criterion of issue 16; measured at
// most 0.08 se: raking fits margins, not the interactions of a logistic response model). Sharper:
// the same respondents weighted by age x sex only leave a bias in some indicators (those that
// differ by migration background or household size: measured cohesion_mean and
// victimised_12m_pct), and over the indicators whose age x sex bias is 3 se clear of zero the
// full weights remove part of it: the bias removed, in units of each indicator's mean se and
// summed over them per seed, is above 0 by 3 se (paired by seed). Break `survey_age_sex_only`:
// both weighted by age x sex only, nothing is removed.
//
// DefaultsLeaveBiasWhereTheVmLeavesIt: with the default response model (tenure and activity,
// which the VM does not weight on) and recall error, the remaining bias of every indicator is
// printed (the results file holds it as /survey/<outcome>_bias); active_pct is overstated by 3 se
// of the mean bias.
//
// TelescopingOverstatesVictimisation: the same seeds with and without recall error (only the
// stream survey.recall differs): telescoping raises victimised_12m_pct by 3 se of the paired
// difference; the net effect on contact_police_12m_pct (telescoping up, forgetting down) printed.
//
// Vm2021RedesignShowsAsATrendBreak: at the defaults but without response by activity (which
// grows over the first wave's fieldwork as the activity of the past 12 months builds up from the
// start of the burn-in, so that later weeks, with more victims, have more respondents), in a neighbourhood of 2,000
// residents with about 400 respondents a wave (200 seeds, burn-in 30 weeks), the VM2012 wave's victimised_pct minus the
// VM2021 wave's (each against its own truth) reproduces survey.vm2012_victimised within
// +-1 point, checked by 3 se. Break `survey_no_instrument_shift`: both
// waves VM2021, the difference is about 0.
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "model/items.hpp"
#include "model/measurement.hpp"
#include "model/simulation.hpp"
#include "tests/stat_checks.hpp"
#include "tests/test_seeds.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {

constexpr int kSeeds = 200, kWeightedSeeds = 400, kBurnIn = 60;
constexpr std::uint32_t kResidents = 1000;

struct Wave {
  std::array<double, kItems> estimate{}, truth{}, se{};
};

struct Collect : Observer {
  std::vector<Wave> waves;
  void on_survey(const World&, const SurveyWaveResult& s) override {
    const SurveyNeighbourhood& n = s.neighbourhoods[0];
    waves.push_back({n.estimate, n.truth, n.se});
  }
};

std::string name_of(std::size_t k) {
  return std::string(all_outcomes()[static_cast<std::size_t>(outcome_of(static_cast<Item>(k)))].name);
}

// Per item: the per-seed bias (mean of the two waves, VM2012 wave without its shift), the
// per-seed VM2012 - VM2021 difference in bias, and the mean se.
struct Measured {
  std::vector<std::vector<double>> bias = std::vector<std::vector<double>>(kItems);
  std::vector<std::vector<double>> shift = std::vector<std::vector<double>>(kItems);
  std::array<double, kItems> se_sum{}, se_n{}, truth_sum{};
  double mean_se(std::size_t k) const { return se_sum[k] / se_n[k]; }
  double truth(std::size_t k) const { return truth_sum[k] / static_cast<double>(2 * bias[k].size()); }
};

Measured run_all(const Params& params, bool vm2012_first, int seeds = kSeeds, std::uint32_t residents = kResidents,
                 double target = 150, int burn_in = kBurnIn) {
  ScenarioSpec spec;
  spec.name = "survey_weighting";
  spec.params = params;
  spec.params.survey.target_responses = target;
  spec.neighbourhoods.push_back({"nb", residents, spec.params});
  std::vector<Collect> runs(static_cast<std::size_t>(seeds));
  tbb::parallel_for(0, seeds, [&](int i) {
    RunSettings rs;
    rs.seed = seed(7000u + static_cast<std::uint64_t>(i));
    rs.burn_in_weeks = burn_in;
    rs.weeks = 13;
    rs.start_date = Date{2021, 10, 31};
    rs.waves = {{0, vm2012_first ? "VM2012" : "VM2021"}, {12, "VM2021"}};
    Simulation sim(spec, rs, 0);
    sim.run(runs[static_cast<std::size_t>(i)]);
  });
  Measured m;
  for (const Collect& run : runs) {
    if (run.waves.size() != 2) continue;
    for (std::size_t k = 0; k < kItems; ++k) {
      const Wave &a = run.waves[0], &b = run.waves[1];
      const double shift =
          k == static_cast<std::size_t>(Item::Victimised) && vm2012_first ? params.survey.vm2012_victimised : 0.0;
      const double bias_a = a.estimate[k] - a.truth[k], bias_b = b.estimate[k] - b.truth[k];
      if (std::isnan(bias_a) || std::isnan(bias_b)) continue;
      m.bias[k].push_back((bias_a - shift + bias_b) / 2);
      m.shift[k].push_back(bias_a - bias_b);
      m.truth_sum[k] += a.truth[k] + b.truth[k];
      for (const Wave* w : {&a, &b})
        if (!std::isnan(w->se[k])) m.se_sum[k] += w->se[k], m.se_n[k] += 1;
    }
  }
  return m;
}

// Response only by the weighting variables; no recall error.
Params weighted_only() {
  Params p;
  p.survey.response_renter = 0;
  p.survey.response_active = 0;
  p.survey.response_migration = -2.5;
  p.survey.response_single = -2.0;
  p.survey.telescoping_victim = 0;
  p.survey.telescoping_contact = 0;
  p.survey.contact_forgotten = 0;
  return p;
}

// The same with weights by age x sex only.
Params age_sex_weights() {
  Params p = weighted_only();
  p.survey.weight_migration = p.survey.weight_household = 0;
  return p;
}

// Response by the weighting variables only, VM2012 then VM2021; weighted as the VM (by age x sex
// only under the break survey_age_sex_only).
const Measured& weighted_runs() {
  static const Measured m =
      run_all(broken("survey_age_sex_only") ? age_sex_weights() : weighted_only(), true, kWeightedSeeds);
  return m;
}

bool skip(std::size_t k) { return static_cast<Item>(k) == Item::TeamAwareness; }  // no team: always 0

}  // namespace

TEST(SurveyWeighting, WeightedIndicatorsUnbiased) {
  const Measured& m = weighted_runs();
  const Measured coarse = run_all(age_sex_weights(), true, kWeightedSeeds);  // the same respondents, age x sex weights
  // Per seed, summed over the indicators that age x sex weights leave biased: the bias the full
  // weights remove, in units of each indicator's mean se.
  std::vector<double> removed(m.bias[0].size(), 0.0);
  std::string corrected;
  for (std::size_t k = 0; k < kItems; ++k) {
    if (skip(k)) continue;
    ASSERT_GE(m.bias[k].size(), 0.9 * kWeightedSeeds) << name_of(k);
    const Estimate b = mean_se(m.bias[k]), c = mean_se(coarse.bias[k]);
    const double se = m.mean_se(k);
    std::printf("[weighting] %-24s bias %+7.3f (se of mean %.3f)  mean se %.3f  bias/se %+.2f  age x sex only %+7.3f\n",
                name_of(k).c_str(), b.value, b.se, se, b.value / se, c.value);
    EXPECT_LE(std::abs(b.value), se) << name_of(k) << ": mean bias beyond one mean standard error";
    if (std::abs(c.value) <= kZ * c.se || m.bias[k].size() != removed.size() || coarse.bias[k].size() != removed.size())
      continue;  // age x sex weights leave no bias to correct
    const double sign = c.value > 0 ? 1.0 : -1.0;
    for (std::size_t i = 0; i < removed.size(); ++i) removed[i] += sign * (coarse.bias[k][i] - m.bias[k][i]) / se;
    corrected += " " + name_of(k);
  }
  ASSERT_FALSE(corrected.empty()) << "no indicator is biased under age x sex weights: the test shows nothing";
  std::printf("[weighting] biased under age x sex weights:%s\n", corrected.c_str());
  expect_above("bias removed by weighting on migration background and household size (sum of se units)",
               mean_se(removed), 0.0);
}

TEST(SurveyWeighting, DefaultsLeaveBiasWhereTheVmLeavesIt) {
  const Measured m = run_all(Params{}, true);
  for (std::size_t k = 0; k < kItems; ++k) {
    if (skip(k) || m.bias[k].empty()) continue;
    const Estimate b = mean_se(m.bias[k]);
    std::printf("[remaining bias] %-24s %+7.3f (se of mean %.3f)  mean se %.3f  truth %.2f\n", name_of(k).c_str(),
                b.value, b.se, m.mean_se(k), m.truth(k));
    ::testing::Test::RecordProperty(name_of(k), std::to_string(b.value));
  }
  const auto active = static_cast<std::size_t>(Item::Active);
  expect_above("active_pct bias with default non-response", mean_se(m.bias[active]), 0.0);
}

TEST(SurveyWeighting, TelescopingOverstatesVictimisation) {
  Params with = weighted_only();
  const Params defaults;
  with.survey.telescoping_victim = defaults.survey.telescoping_victim;
  with.survey.telescoping_contact = defaults.survey.telescoping_contact;
  with.survey.contact_forgotten = defaults.survey.contact_forgotten;
  const Measured a = run_all(with, true, kWeightedSeeds);
  const Measured& b = weighted_runs();
  for (Item item : {Item::Victimised, Item::ContactPolice, Item::ReportPolice, Item::Aangifte}) {
    const auto k = static_cast<std::size_t>(item);
    std::vector<double> d;
    for (std::size_t i = 0; i < std::min(a.bias[k].size(), b.bias[k].size()); ++i)
      d.push_back(a.bias[k][i] - b.bias[k][i]);
    const Estimate e = mean_se(d);
    std::printf("[recall] %-24s bias from recall error %+7.3f (se %.3f)\n", name_of(k).c_str(), e.value, e.se);
    if (item == Item::Victimised) expect_above("victimised_12m_pct bias from telescoping", e, 0.0);
  }
}

TEST(SurveyWeighting, Vm2021RedesignShowsAsATrendBreak) {
  // Larger samples (2,000 residents, about 400 respondents), so that an estimate seldom falls
  // below the shift and is clamped at 0; the 12-month window needs no long burn-in here.
  Params p;
  p.survey.response_active = 0;  // response would grow over the fieldwork as activity builds up in the burn-in
  const Measured m = run_all(p, !broken("survey_no_instrument_shift"), kSeeds, 2000, 400, 30);
  const auto k = static_cast<std::size_t>(Item::Victimised);
  const double shift = Params{}.survey.vm2012_victimised;
  expect_within("victimised_pct VM2012 - VM2021 (bias difference)", mean_se(m.shift[k]), shift - 1.0, shift + 1.0);
}
