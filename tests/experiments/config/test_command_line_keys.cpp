// The command line that fits habits (docs/usage.md): --set for every key of a configuration
// (structural keys, the [sweep], [calibration] and [budget] tables, [[neighbourhood]] entries)
// with the file's checks, hints for a decimal comma and a thousands separator, and --scenario.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "experiments/config/config.hpp"

namespace buurtsim {
namespace {

using config::ConfigError;
using config::Experiment;
using config::Overrides;
using ::testing::HasSubstr;

Experiment load(const std::string& text, const Overrides& ov = {}) { return config::load(text, "cfg.toml", "cfg", ov); }

Overrides sets(std::vector<std::string> items) {
  Overrides ov;
  ov.sets = std::move(items);
  return ov;
}

Overrides chosen(std::vector<std::string> names) {
  Overrides ov;
  ov.scenarios = std::move(names);
  return ov;
}

std::string error_of(const std::string& text, const Overrides& ov = {}) {
  try {
    load(text, ov);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError";
  return "";
}

void expect_error(const std::string& text, const Overrides& ov, std::initializer_list<std::string> parts) {
  const std::string msg = error_of(text, ov);
  for (const auto& p : parts) EXPECT_THAT(msg, HasSubstr(p));
}

std::vector<std::string> names(const Experiment& e) {
  std::vector<std::string> out;
  for (const auto& s : e.scenarios) out.push_back(s.name);
  return out;
}

const std::string kNb = "weeks = 20\nburn_in_weeks = 2\n[[neighbourhood]]\nname = \"Noord\"\nresidents = 500\n";
const std::string kSweep =
    kNb + "[sweep]\ndesign = \"saltelli\"\nsamples = 8\n[[sweep.parameter]]\nname = \"fear.offset\"\n";
const std::string kScenarios = kNb +
                               "[[scenario]]\nname = \"baseline\"\n[[scenario]]\nname = \"vba\"\napproaches = "
                               "[\"vba\"]\n[[scenario]]\nname = \"fearful\"\n[scenario.set]\n\"fear.offset\" = -2.0\n";

// --- --set for the keys that are not parameters ----------------------------------------------

TEST(SetTableKeys, SweepKeysAreSetAndCheckedAsInTheFile) {
  EXPECT_EQ(load(kSweep, sets({"sweep.samples=4"})).sweep->design.samples, 4);
  // The resolved configuration holds the value set, so that it reloads to the same sweep.
  const Experiment e = load(kSweep, sets({"sweep.samples=4"}));
  EXPECT_EQ(load(e.resolved_toml).sweep->design.samples, 4);
  expect_error(kSweep, sets({"sweep.samples=0"}),
               {"--set sweep.samples=0: 'sweep.samples': expected a whole number from 1 to 1000000"});
  expect_error(kSweep, sets({"sweep.design=\"grid\""}), {"--set sweep.design=\"grid\"", "'sweep.design'", "saltelli"});
  expect_error(kSweep, sets({"sweep.bogus=1"}), {"'sweep.bogus'", "unknown key"});
  // A bare word is a string, as for choices.
  EXPECT_EQ(load(kSweep, sets({"sweep.design=latin_hypercube"})).sweep->design.kind, sweep::DesignKind::LatinHypercube);
}

TEST(SetTableKeys, CalibrationAndBudgetKeysAreSet) {
  const std::string cal = kNb +
                          "[calibration]\nparticles = 50\n[[calibration.parameter]]\nname = \"fear.offset\"\nmin = "
                          "-3.0\nmax = 0.0\n[[calibration.wave]]\nperiod = \"2021\"\ninstrument = \"VM2021\"\n";
  EXPECT_EQ(load(cal, sets({"calibration.particles=20"})).calibration->particles, 20u);
  expect_error(cal, sets({"calibration.particles=-1"}), {"--set calibration.particles=-1", "'calibration.particles'"});
  const std::string vba = kNb + "[[scenario]]\nname = \"vba\"\napproaches = [\"vba\"]\n";
  const Experiment e = load(vba, sets({"budget.cost_per_year=250000"}));
  EXPECT_EQ(e.budget.basis, config::BudgetBasis::equal_cost);
  EXPECT_EQ(e.budget.target, 250000.0);
}

TEST(SetTableKeys, StructuralKeysNeighbourhoodEntriesAndApproachesAreSet) {
  const Experiment e = load(kNb, sets({"weeks=30", "burn_in_weeks=5", "start_date=2021-01-04"}));
  EXPECT_EQ(e.settings.weeks, 30);
  EXPECT_EQ(e.settings.burn_in_weeks, 5);
  EXPECT_EQ(e.settings.start_date.str(), "2021-01-04");
  EXPECT_EQ(load(kNb, sets({"neighbourhood.Noord.residents=800"})).scenarios[0].neighbourhoods[0].residents, 800u);
  expect_error(kNb, sets({"neighbourhood.Zuid.residents=800"}),
               {"no [[neighbourhood]] entry is named \"Zuid\"", "\"Noord\""});
  expect_error(kNb, sets({"neighbourhood.Noord.residents=5"}),
               {"--set neighbourhood.Noord.residents=5", "expected a whole number from 20"});
  EXPECT_EQ(load(kScenarios, sets({"scenario.vba.approaches=[\"bap\"]"})).scenarios[1].approaches,
            std::vector<std::string>{"bap"});
  expect_error(kNb, sets({"model=epstein2002"}), {"the model is the file's"});
  // Parameters keep their suggestions.
  expect_error(kNb, sets({"fear.ofset=1"}), {"did you mean fear.offset"});
}

// --- hints for Dutch number habits ----------------------------------------------------------

TEST(NumberHabits, DecimalCommaInSetGetsAHint) {
  expect_error(kNb, sets({"cba.discount_rate=0,04"}),
               {"--set cba.discount_rate=0,04", "'cba.discount_rate'", "use a decimal point: 0.04"});
}

TEST(NumberHabits, ThousandsSeparatorInAFileGetsAHint) {
  std::string text = kNb;
  text.replace(text.find("500"), 3, "4.000");
  expect_error(text, {}, {"cfg.toml:5:", "'neighbourhood.residents'", "no thousands separator: write 4000"});
  text = kNb;
  text.replace(text.find("500"), 3, "4,000");
  expect_error(text, {}, {"cfg.toml:5:", "not valid TOML", "write 4.000 for a decimal, 4000 for a whole number"});
  expect_error("[cba]\ndiscount_rate = 0,04\n" + kNb, {}, {"cfg.toml:2:", "use a decimal point: 0.04"});
  expect_error(kNb, sets({"survey.target_responses=1.000"}), {"no thousands separator: write 1000"});
}

TEST(NumberHabits, NoHintWhereNoHabitShows) {
  const std::string msg = error_of(kNb, sets({"cba.discount_rate=0.9"}));
  EXPECT_THAT(msg, HasSubstr("expected a number"));
  EXPECT_EQ(msg.find("decimal point"), std::string::npos);
  EXPECT_EQ(msg.find("thousands"), std::string::npos);
}

// --- --scenario --------------------------------------------------------------------------------

TEST(ChooseScenarios, RunsTheChosenInFileOrderWithTheBaselineForApproaches) {
  EXPECT_EQ(names(load(kScenarios, chosen({"vba"}))), (std::vector<std::string>{"baseline", "vba"}));
  EXPECT_EQ(names(load(kScenarios, chosen({"fearful", "baseline"}))),
            (std::vector<std::string>{"baseline", "fearful"}));
  EXPECT_EQ(names(load(kScenarios, chosen({"fearful"}))), (std::vector<std::string>{"fearful"}));
  const Experiment e = load(kScenarios, chosen({"vba"}));
  EXPECT_TRUE(std::any_of(e.notes.begin(), e.notes.end(),
                          [](const std::string& n) { return n.find("counterfactual") != std::string::npos; }));
  // The resolved configuration has the chosen scenarios only.
  EXPECT_EQ(names(load(e.resolved_toml)), (std::vector<std::string>{"baseline", "vba"}));
}

TEST(ChooseScenarios, AnUnknownNameListsTheScenarios) {
  expect_error(kScenarios, chosen({"vbb"}),
               {"--scenario vbb: no scenario is named \"vbb\"", "\"baseline\", \"vba\", \"fearful\""});
  // The default scenario of a file without [[scenario]] entries is named after the file.
  EXPECT_EQ(names(load(kNb, chosen({"cfg"}))), (std::vector<std::string>{"cfg"}));
}

}  // namespace
}  // namespace buurtsim
