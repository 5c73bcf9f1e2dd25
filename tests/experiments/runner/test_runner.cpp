// The runner (experiments/runner/runner.hpp) and the summary's pooling (experiments/analysis/summary.hpp):
// the same numbers for 1 and 2 threads, every run marked complete, progress per run, and the
// combination over neighbourhoods (counts summed, other outcomes weighted by residents) on a
// hand-made RunResults.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/analysis/summary.hpp"
#include "experiments/config/config.hpp"
#include "experiments/runner/runner.hpp"
#include "tests/experiments/run_helpers.hpp"

namespace buurtsim {
namespace {

using test_support::run_with_threads;

// Two neighbourhoods, two scenarios (one with an approach), two replicates, a survey wave: small
// enough to run in well under a second per run.
const std::string kTiny =
    "weeks = 6\nburn_in_weeks = 4\nreplicates = 2\nseed = 7\n"
    "[survey]\nweeks = [3]\ntarget_responses = 60\n"
    "[[neighbourhood]]\nname = \"A\"\nresidents = 400\n"
    "[[neighbourhood]]\nname = \"B\"\nresidents = 300\n"
    "[vba]\npolice_hours = 2\nmunicipality_hours = 2\n"
    "[[scenario]]\nname = \"baseline\"\n"
    "[[scenario]]\nname = \"vba\"\napproaches = [\"vba\"]\n";

config::Experiment tiny() { return config::load(kTiny, "tiny.toml", "tiny", {}); }

TEST(Runner, OneAndTwoThreadsGiveIdenticalResults) {
  const config::Experiment e = tiny();
  const run::RunResults one = run_with_threads(e, 1), two = run_with_threads(e, 2);
  ASSERT_EQ(one.outcomes.size(), outcome_count() * 2 * 2 * 2 * 6);
  test_support::expect_same_results(one, two);
  // Not trivially equal: the replicates differ from each other.
  const std::size_t o = static_cast<std::size_t>(Outcome::unsafe_sometimes_pct);
  double differ = 0;
  for (std::size_t wk = 0; wk < one.weeks; ++wk)
    differ +=
        std::abs(one.outcomes[one.outcome_index(o, 0, 0, 0, wk)] - one.outcomes[one.outcome_index(o, 0, 1, 0, wk)]);
  EXPECT_GT(differ, 0.0);
}

TEST(Runner, FinishedRunsAreCompleteWithTheirShapeAndResidents) {
  const config::Experiment e = tiny();
  std::vector<std::size_t> done;
  run::RunResults out;
  run::run_experiment(e, out, [&](const run::Progress& p) {
    EXPECT_EQ(p.total, 4u);
    done.push_back(p.done);
  });
  EXPECT_EQ(out.scenarios, 2u);
  EXPECT_EQ(out.replicates, 2u);
  EXPECT_EQ(out.neighbourhoods, 2u);
  EXPECT_EQ(out.weeks, 6u);
  EXPECT_EQ(out.waves, 1u);
  EXPECT_EQ(out.complete, (std::vector<std::uint8_t>{1, 1, 1, 1}));
  EXPECT_EQ(out.residents, (std::vector<std::int64_t>{400, 300}));
  EXPECT_EQ(done, (std::vector<std::size_t>{1, 2, 3, 4}));
  // Every run recorded every week of a share outcome.
  const auto o = static_cast<std::size_t>(Outcome::unsafe_sometimes_pct);
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t r = 0; r < 2; ++r)
      for (std::size_t wk = 0; wk < 6; ++wk) {
        const double v = out.outcomes[out.outcome_index(o, s, r, 1, wk)];
        EXPECT_TRUE(v >= 0 && v <= 100) << "scenario " << s << " replicate " << r << " week " << wk << ": " << v;
      }
  // The survey ran in both neighbourhoods of every run.
  for (std::size_t i = 0; i < out.survey_respondents.size(); ++i) EXPECT_GT(out.survey_respondents[i], 0.0) << i;
}

// A RunResults made by hand: one scenario, `replicates`, two neighbourhoods of 100 and 300
// residents, `weeks` weeks, every outcome NaN.
run::RunResults hand_made(std::size_t replicates, std::size_t weeks) {
  run::RunResults r;
  r.scenarios = 1;
  r.replicates = replicates;
  r.neighbourhoods = 2;
  r.weeks = weeks;
  r.outcomes.assign(outcome_count() * replicates * 2 * weeks, std::nan(""));
  r.residents = {100, 300};
  r.complete.assign(replicates, 1);
  return r;
}

void set(run::RunResults& r, Outcome o, std::size_t rep, std::size_t nb, std::size_t wk, double v) {
  r.outcomes[r.outcome_index(static_cast<std::size_t>(o), 0, rep, nb, wk)] = v;
}

TEST(Summary, CountsAreSummedOverNeighbourhoodsOthersWeightedByResidents) {
  run::RunResults r = hand_made(1, 2);
  for (std::size_t wk = 0; wk < 2; ++wk) {
    set(r, Outcome::incidents, 0, 0, wk, 2);
    set(r, Outcome::incidents, 0, 1, wk, 4 + static_cast<double>(wk));  // 6 then 7: mean 6.5
    set(r, Outcome::unsafe_sometimes_pct, 0, 0, wk, 10);
    set(r, Outcome::unsafe_sometimes_pct, 0, 1, wk, 30);  // (100 x 10 + 300 x 30) / 400 = 25
  }
  ASSERT_EQ(outcome_info(Outcome::incidents).pooling, Pooling::Sum);
  ASSERT_EQ(outcome_info(Outcome::unsafe_sometimes_pct).pooling, Pooling::Mean);
  EXPECT_DOUBLE_EQ(run::replicate_values(r, Outcome::incidents, 0).at(0), 6.5);
  EXPECT_DOUBLE_EQ(run::replicate_values(r, Outcome::unsafe_sometimes_pct, 0).at(0), 25.0);
}

TEST(Summary, NaNNeighbourhoodsAreLeftOutAndUnfinishedReplicatesAreNaN) {
  run::RunResults r = hand_made(2, 2);
  for (std::size_t rep = 0; rep < 2; ++rep) {
    set(r, Outcome::unsafe_sometimes_pct, rep, 0, 0, 10);
    set(r, Outcome::unsafe_sometimes_pct, rep, 1, 0, 30);  // week 0: 25
    set(r, Outcome::unsafe_sometimes_pct, rep, 0, 1, 10);  // week 1: only neighbourhood 0, 10
  }
  r.complete = {1, 0};
  const std::vector<double> v = run::replicate_values(r, Outcome::unsafe_sometimes_pct, 0);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_DOUBLE_EQ(v[0], 17.5);
  EXPECT_TRUE(std::isnan(v[1]));
}

TEST(Summary, WindowIsTheLast52Weeks) {
  EXPECT_EQ(run::window_start(hand_made(1, 60)), 8u);
  EXPECT_EQ(run::window_start(hand_made(1, 30)), 0u);
  run::RunResults r = hand_made(1, 60);
  for (std::size_t wk = 0; wk < 60; ++wk) set(r, Outcome::incidents, 0, 0, wk, wk < 8 ? 1000.0 : 1.0);
  EXPECT_DOUBLE_EQ(run::replicate_values(r, Outcome::incidents, 0).at(0), 1.0);  // early weeks left out
}

TEST(Summary, StudentIntervalOverReplicates) {
  const run::Interval iv = run::interval_over_replicates({1.0, 2.0, 3.0, std::nan("")}, 90);
  EXPECT_DOUBLE_EQ(iv.mean, 2.0);
  // t(2) at 0.95 = 2.919986; se = 1 / sqrt(3).
  EXPECT_NEAR(iv.upper - iv.mean, 2.919986 / std::sqrt(3.0), 1e-5);
  EXPECT_NEAR(iv.mean - iv.lower, 2.919986 / std::sqrt(3.0), 1e-5);
  const run::Interval single = run::interval_over_replicates({4.0}, 90);
  EXPECT_DOUBLE_EQ(single.mean, 4.0);
  EXPECT_TRUE(std::isnan(single.lower));
}

}  // namespace
}  // namespace buurtsim
