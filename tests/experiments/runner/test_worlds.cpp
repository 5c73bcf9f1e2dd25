// Worlds (config::Experiment::world_starts, docs/decisions/0016-national-run.md): the
// neighbourhoods of a `world` label are simulated apart from the others. A configuration without
// labels is one world; labels must be contiguous and on every neighbourhood or none; a world's
// numbers do not depend on the other worlds, nor on the thread count.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstring>
#include <string>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/config/config.hpp"
#include "experiments/runner/runner.hpp"
#include "tests/experiments/run_helpers.hpp"

namespace buurtsim {
namespace {

using test_support::run_with_threads;
using test_support::same_bits;

std::string header() {
  return "weeks = 60\nburn_in_weeks = 2\nreplicates = 2\nseed = 5\n[survey]\nweeks = [30, 59]\ntarget_responses = 60\n";
}

std::string neighbourhood(const std::string& name, int residents, const std::string& world) {
  return "[[neighbourhood]]\nname = \"" + name + "\"\nresidents = " + std::to_string(residents) + "\n" +
         (world.empty() ? "" : "world = \"" + world + "\"\n");
}

const std::string kScenarios =
    "[[scenario]]\nname = \"baseline\"\n[[scenario]]\nname = \"vba\"\napproaches = [\"vba\"]\n";

// Two worlds: A of two neighbourhoods, B of one.
std::string two_worlds() {
  return header() + neighbourhood("A1", 300, "A") + neighbourhood("A2", 250, "A") + neighbourhood("B1", 400, "B") +
         kScenarios;
}

config::Experiment load(const std::string& text) { return config::load(text, "worlds.toml", "worlds", {}); }

TEST(Worlds, AConfigurationWithoutLabelsIsOneWorld) {
  const config::Experiment e = load(header() + neighbourhood("A", 300, "") + neighbourhood("B", 300, "") + kScenarios);
  EXPECT_EQ(e.worlds(), 1U);
  EXPECT_EQ(e.world_size(0), 2U);
}

TEST(Worlds, LabelsMakeWorldsAndSurviveTheResolvedConfiguration) {
  const config::Experiment e = load(two_worlds());
  ASSERT_EQ(e.worlds(), 2U);
  EXPECT_EQ(e.world_starts, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(e.world_names, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(e.world_size(0), 2U);
  EXPECT_EQ(e.world_size(1), 1U);
  const config::Experiment again = config::load(e.resolved_toml, "resolved.toml", "worlds", {});
  EXPECT_EQ(again.world_starts, e.world_starts);
  EXPECT_EQ(again.world_names, e.world_names);
}

TEST(Worlds, ScatteredOrPartialLabelsAreRefusedWithTheLine) {
  const std::string scattered =
      header() + neighbourhood("A1", 300, "A") + neighbourhood("B1", 300, "B") + neighbourhood("A2", 300, "A");
  try {
    (void)load(scattered);
    FAIL() << "a world listed in two places was accepted";
  } catch (const config::ConfigError& err) {
    const std::string what = err.what();
    EXPECT_NE(what.find("worlds.toml:16"), std::string::npos) << what;
    EXPECT_NE(what.find("must follow each other"), std::string::npos) << what;
  }
  const std::string partial = header() + neighbourhood("A1", 300, "") + neighbourhood("B1", 300, "B");
  try {
    (void)load(partial);
    FAIL() << "a neighbourhood without a world beside one with a world was accepted";
  } catch (const config::ConfigError& err) {
    EXPECT_NE(std::string(err.what()).find("give every neighbourhood a world, or none"), std::string::npos)
        << err.what();
  }
}

// World A is world 0 in both configurations: its streams and so its numbers are the same whether
// world B is simulated beside it or not.
TEST(Worlds, AWorldsNumbersDoNotDependOnTheOtherWorlds) {
  const run::RunResults both = run_with_threads(load(two_worlds()), 2);
  const run::RunResults alone =
      run_with_threads(load(header() + neighbourhood("A1", 300, "A") + neighbourhood("A2", 250, "A") + kScenarios), 2);
  ASSERT_EQ(both.neighbourhoods, 3U);
  ASSERT_EQ(alone.neighbourhoods, 2U);
  for (std::size_t o = 0; o < outcome_count(); ++o)
    for (std::size_t s = 0; s < 2; ++s)
      for (std::size_t r = 0; r < 2; ++r) {
        std::vector<double> first_two = both.series(o, s, r);
        first_two.resize(2 * 60);  // [neighbourhood][week]: A1 and A2
        ASSERT_TRUE(same_bits(first_two, alone.series(o, s, r))) << all_outcomes()[o].name;
      }
  EXPECT_EQ(both.complete, (std::vector<std::uint8_t>{1, 1, 1, 1}));
  EXPECT_EQ(both.blocks, 0U) << "block states are recorded for one world only";
  EXPECT_GT(alone.blocks, 0U);
  // And world B is not a copy of world A's streams: its values differ from A1's.
  const std::size_t fear = static_cast<std::size_t>(Outcome::fear_mean);
  const std::vector<double> series = both.series(fear, 0, 0);
  EXPECT_NE(series[0], series[2 * 60]);
}

TEST(Worlds, OneAndTwoThreadsGiveTheSameNumbers) {
  const config::Experiment e = load(two_worlds());
  const run::RunResults one = run_with_threads(e, 1), two = run_with_threads(e, 2);
  EXPECT_TRUE(same_bits(one.outcomes, two.outcomes));
  EXPECT_TRUE(same_bits(one.survey_estimate, two.survey_estimate));
  EXPECT_TRUE(same_bits(one.survey_respondents, two.survey_respondents));
}

TEST(Worlds, ProgressCountsWorldsAndTheirResidents) {
  const config::Experiment e = load(two_worlds());
  std::vector<std::string> seen;
  run::RunResults out;
  std::size_t total = 0;
  double share = 0;
  run::run_experiment(e, out, [&](const run::Progress& p) {
    seen.push_back(p.last);
    total = p.total;
    EXPECT_EQ(p.unit, "worlds");
    // The time left is reckoned by residents: world A has 550 of a run's 950, B 400, in 4 runs.
    const double step = p.last.ends_with(" world A") ? 550.0 / 3800 : 400.0 / 3800;
    EXPECT_NEAR(p.share_done - share, step, 1e-12) << p.last;
    share = p.share_done;
  });
  EXPECT_EQ(total, 8U);  // 2 scenarios x 2 replicates x 2 worlds
  EXPECT_EQ(seen.size(), 8U);
  EXPECT_NE(seen.front().find(" world "), std::string::npos) << seen.front();
  EXPECT_NEAR(share, 1.0, 1e-12);
}

}  // namespace
}  // namespace buurtsim
