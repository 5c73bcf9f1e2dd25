// The TOML loader (experiments/config): the closed schema of docs/usage.md ("Configuration
// files"), messages that name the source, line and key, --set, the default scenario, the
// precedence of top-level, neighbourhood and scenario settings, and the resolved configuration
// that reloads to the same experiment.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/config/model_kind.hpp"
#include "model/approach.hpp"
#include "model/params.hpp"

namespace buurtsim {
namespace {

using config::ConfigError;
using config::Experiment;
using config::Overrides;
using ::testing::HasSubstr;

constexpr const char* kSource = "cfg.toml";

Experiment load(const std::string& text, const Overrides& ov = {}) { return config::load(text, kSource, "cfg", ov); }

Overrides with_sets(std::vector<std::string> sets) {
  Overrides ov;
  ov.sets = std::move(sets);
  return ov;
}

// The message of the ConfigError that loading `text` throws ("" and a test failure if none).
std::string error_of(const std::string& text, const Overrides& ov = {}) {
  try {
    load(text, ov);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError for:\n" << text;
  return "";
}

// Loading `text` fails with one message containing every one of `parts`.
void expect_error(const std::string& text, std::initializer_list<std::string> parts, const Overrides& ov = {}) {
  const std::string msg = error_of(text, ov);
  for (const auto& p : parts) EXPECT_THAT(msg, HasSubstr(p)) << "config:\n" << text;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "one message, one line: " << msg;
}

double value(const Params& p, std::string_view name) {
  const auto id = find_param(name);
  EXPECT_TRUE(id.has_value()) << name;
  return id ? param(*id).get(p) : 0.0;
}

const NeighbourhoodSpec& nb(const ScenarioSpec& s, const std::string& name) {
  const auto it =
      std::find_if(s.neighbourhoods.begin(), s.neighbourhoods.end(), [&](const auto& n) { return n.name == name; });
  EXPECT_NE(it, s.neighbourhoods.end()) << name;
  return *it;
}

const ScenarioSpec& scenario(const Experiment& e, const std::string& name) {
  const auto it = std::find_if(e.scenarios.begin(), e.scenarios.end(), [&](const auto& s) { return s.name == name; });
  EXPECT_NE(it, e.scenarios.end()) << name;
  return *it;
}

// A minimal valid file: line 1 is [[neighbourhood]], lines 2-3 its name and residents.
const std::string kNb = "[[neighbourhood]]\nname = \"Noord\"\nresidents = 500\n";

// --- closed schema, each message naming source, line and key ---------------------------------

TEST(ConfigSchema, MinimalFileLoads) {
  const Experiment e = load(kNb);
  EXPECT_EQ(e.model, "buurtsim");
  ASSERT_EQ(e.scenarios.size(), 1u);
  ASSERT_EQ(e.scenarios[0].neighbourhoods.size(), 1u);
  EXPECT_EQ(e.scenarios[0].neighbourhoods[0].residents, 500u);
}

TEST(ConfigSchema, UnknownTopLevelKey) {
  expect_error("weeks = 30\nbogus = 1\n" + kNb, {"cfg.toml:2:", "'bogus'", "unknown top-level key", "start_date"});
}

TEST(ConfigSchema, UnknownParameterTable) {
  expect_error(kNb + "[feer]\noffset = -1\n", {"cfg.toml:4:", "'feer'", "unknown parameter table"});
}

TEST(ConfigSchema, UnknownParameterSuggestsTheNearest) {
  expect_error("[fear]\nofset = -1\n" + kNb,
               {"cfg.toml:2:", "'fear.ofset'", "unknown parameter", "did you mean", "fear.offset"});
}

TEST(ConfigSchema, UnknownParameterInsideNeighbourhood) {
  expect_error(kNb + "fear.ofset = -1\n", {"cfg.toml:4:", "'fear.ofset'", "did you mean", "fear.offset"});
}

TEST(ConfigSchema, WrongType) {
  expect_error("weeks = \"thirty\"\n" + kNb, {"cfg.toml:1:", "'weeks'", "whole number"});
  expect_error("[fear]\n\noffset = \"high\"\n" + kNb,
               {"cfg.toml:3:", "'fear.offset'", "expected a number from -5 to 3"});
  expect_error("[survey]\ntarget_responses = 400.5\n" + kNb,
               {"cfg.toml:2:", "'survey.target_responses'", "whole number"});
  expect_error(kNb + "residents_x = 1\n", {"cfg.toml:4:", "'neighbourhood.residents_x'", "unknown key"});
  expect_error("seed = 1.5\n" + kNb, {"cfg.toml:1:", "'seed'"});
}

TEST(ConfigSchema, OutOfRange) {
  expect_error("# comment\n\n[fear]\n\n\n\noffset = 99\n" + kNb,
               {"cfg.toml:7:", "'fear.offset'", "from -5 to 3", "got 99"});
  expect_error("weeks = 0\n" + kNb, {"cfg.toml:1:", "'weeks'", "from 1 to"});
  expect_error("[[neighbourhood]]\nname = \"a\"\nresidents = 3\n",
               {"cfg.toml:3:", "'neighbourhood.residents'", "from 20"});
  // Inside a neighbourhood entry and in the [survey] table (parameters next to structural keys).
  expect_error(kNb + "fear.offset = 9\n", {"cfg.toml:4:", "'fear.offset'", "got 9"});
  expect_error("[survey]\nweeks = [1]\ntarget_responses = 5\n" + kNb,
               {"cfg.toml:3:", "'survey.target_responses'", "got 5"});
}

TEST(ConfigSchema, GlobalParameterInsideNeighbourhood) {
  // fear.individual_sd is Global: one value for all neighbourhoods.
  expect_error(kNb + "fear.individual_sd = 0.3\n",
               {"cfg.toml:4:", "'fear.individual_sd'", "[[neighbourhood]]", "[fear]"});
  expect_error(kNb + "[neighbourhood.fear]\nindividual_sd = 0.3\n", {"cfg.toml:5:", "'fear.individual_sd'"});
}

TEST(ConfigSchema, UnknownApproach) {
  expect_error(kNb + "[[scenario]]\nname = \"x\"\napproaches = [\"no_such_approach\"]\n",
               {"cfg.toml:6:", "'scenario.approaches'", "unknown approach \"no_such_approach\""});
}

TEST(ConfigSchema, UnknownKeyInScenario) {
  expect_error(kNb + "[[scenario]]\nname = \"x\"\nweeks = 3\n", {"cfg.toml:6:", "'scenario.weeks'", "unknown key"});
}

TEST(ConfigSchema, DuplicateNeighbourhoodNames) {
  expect_error(kNb + kNb, {"cfg.toml:4:", "'neighbourhood.name'", "two neighbourhoods are named \"Noord\""});
}

TEST(ConfigSchema, DuplicateScenarioNames) {
  expect_error(kNb + "[[scenario]]\nname = \"x\"\n[[scenario]]\nname = \"x\"\n",
               {"cfg.toml:6:", "'scenario.name'", "two scenarios are named \"x\""});
}

TEST(ConfigSchema, BadDates) {
  expect_error("start_date = \"2024-02-30\"\n" + kNb, {"cfg.toml:1:", "'start_date'", "YYYY-MM-DD", "2024-02-30"});
  expect_error("start_date = \"01-01-2024\"\n" + kNb, {"cfg.toml:1:", "'start_date'", "YYYY-MM-DD"});
  expect_error("[survey]\ndates = [\"2024-10-14\", \"2024-13-01\"]\n" + kNb,
               {"cfg.toml:2:", "'survey.dates'", "YYYY-MM-DD", "2024-13-01"});
  // A wave before week 0.
  expect_error("start_date = \"2024-01-01\"\n[survey]\ndates = [\"2023-10-14\"]\n" + kNb,
               {"cfg.toml:3:", "'survey.dates'", "before week 0"});
}

TEST(ConfigSchema, InvalidTomlNamesTheLine) {
  expect_error("weeks = 30\n[fear\n" + kNb, {"cfg.toml:2:", "not valid TOML"});
}

TEST(ConfigSchema, MissingNeighbourhoods) {
  expect_error("weeks = 30\n", {"cfg.toml", "'neighbourhood'", "[[neighbourhood]]"});
  expect_error("weeks = 30\n[neighbourhood]\nname = \"a\"\nresidents = 100\n",
               {"cfg.toml:2:", "'neighbourhood'", "[[neighbourhood]]"});
}

TEST(ConfigSchema, AgeSharesAboveOneNameTheKey) {
  // The age shares 0-14 .. 45-64 must leave room for 65+; the message names the key set last.
  expect_error(kNb + "population.share_age_15_24 = 0.5\npopulation.share_age_45_64 = 0.5\n",
               {"cfg.toml:5:", "neighbourhood \"Noord\"", "'population.share_age_45_64'", "add up to"});
  expect_error("[population]\nshare_age_45_64 = 0.6\nshare_age_25_44 = 0.6\n" + kNb,
               {"cfg.toml:2:", "'population.share_age_45_64'", "at most 1"});
  // Neither share of the message's key set by the user: the neighbourhood entry is named.
  expect_error("\n" + kNb + "population.share_age_0_14 = 0.5\npopulation.share_age_15_24 = 0.5\n",
               {"cfg.toml:2:", "neighbourhood \"Noord\"", "'population.share_age_", "add up to"});
}

TEST(ConfigSchema, TenureSharesAboveOne) {
  expect_error(kNb + "population.share_corporation = 0.7\npopulation.share_private_rental = 0.5\n",
               {"cfg.toml:5:", "'population.share_private_rental'"});
}

// --- survey waves ------------------------------------------------------------------------------

TEST(ConfigSurvey, DatesBecomeWeeksThroughStartDate) {
  // 2024-01-01 + 287 days = 2024-10-14 (a leap year): week 41; 2025-10-13 is 651 days: week 93.
  const Experiment e =
      load("start_date = \"2024-01-01\"\nweeks = 156\n[survey]\ndates = [\"2025-10-13\", \"2024-10-14\"]\n" + kNb);
  ASSERT_EQ(e.settings.waves.size(), 2u);
  EXPECT_EQ(e.settings.waves[0].week, 41);
  EXPECT_EQ(e.settings.waves[1].week, 93);
  EXPECT_EQ(e.settings.start_date.str(), "2024-01-01");
  // The same date from a later start is an earlier week.
  const Experiment later = load("start_date = \"2024-03-04\"\nweeks = 156\n[survey]\ndates = [\"2024-10-14\"]\n" + kNb);
  ASSERT_EQ(later.settings.waves.size(), 1u);
  EXPECT_EQ(later.settings.waves[0].week, (287 - 63) / 7);
}

TEST(ConfigSurvey, WaveAfterTheLastWeekIsDroppedWithANote) {
  Overrides ov;
  ov.weeks = 30;
  const Experiment e = load("weeks = 156\n[survey]\nweeks = [10, 40, 29]\n" + kNb, ov);
  EXPECT_EQ(e.settings.weeks, 30);
  ASSERT_EQ(e.settings.waves.size(), 2u);
  EXPECT_EQ(e.settings.waves[0].week, 10);
  EXPECT_EQ(e.settings.waves[1].week, 29);
  ASSERT_FALSE(e.notes.empty());
  const bool named = std::any_of(e.notes.begin(), e.notes.end(),
                                 [](const std::string& n) { return n.find("40") != std::string::npos; });
  EXPECT_TRUE(named) << "a note names the dropped wave at week 40";
  // The resolved configuration keeps only the waves that are run.
  const Experiment again = load(e.resolved_toml);
  ASSERT_EQ(again.settings.waves.size(), 2u);
  EXPECT_TRUE(again.notes.empty());
}

TEST(ConfigSurvey, DuplicateWaveWeek) {
  expect_error("[survey]\nweeks = [10, 10]\n" + kNb, {"cfg.toml:1:", "'survey'", "two survey waves in week 10"});
}

TEST(ConfigSurvey, Instruments) {
  const Experiment e = load("[survey]\nweeks = [5, 10]\ninstrument = [\"IVM\", \"VM2021\"]\n" + kNb);
  ASSERT_EQ(e.settings.waves.size(), 2u);
  EXPECT_EQ(e.settings.waves[0].instrument, "IVM");
  EXPECT_EQ(e.settings.waves[1].instrument, "VM2021");
  expect_error("[survey]\nweeks = [5]\ninstrument = \"VM1999\"\n" + kNb,
               {"cfg.toml:3:", "'survey.instrument'", "VM1999"});
}

// --- --set --------------------------------------------------------------------------------------

TEST(ConfigSet, GlobalAppliesToEveryScenarioAndNeighbourhood) {
  const std::string text = "[fear]\noffset = -1\n" + kNb +
                           "fear.offset = -2\n[[scenario]]\nname = \"a\"\n[[scenario]]\nname = \"b\"\n"
                           "[scenario.set]\n\"fear.offset\" = -3\n";
  const Experiment e = load(text, with_sets({"fear.offset=-0.5", "fear.individual_sd=0.7"}));
  ASSERT_EQ(e.scenarios.size(), 2u);
  for (const auto& s : e.scenarios) {
    // Applied after the file: it wins over the top-level, neighbourhood and scenario values.
    EXPECT_DOUBLE_EQ(value(nb(s, "Noord").params, "fear.offset"), -0.5) << s.name;
    EXPECT_DOUBLE_EQ(value(s.params, "fear.individual_sd"), 0.7) << s.name;
    EXPECT_DOUBLE_EQ(value(nb(s, "Noord").params, "fear.individual_sd"), 0.7) << s.name;
  }
  // And it is recorded in the resolved configuration.
  const Experiment again = load(e.resolved_toml);
  EXPECT_DOUBLE_EQ(value(nb(scenario(again, "b"), "Noord").params, "fear.offset"), -0.5);
}

TEST(ConfigSet, OneScenario) {
  const std::string text = kNb + "fear.offset = -2\n[[scenario]]\nname = \"a\"\n[[scenario]]\nname = \"b\"\n";
  const Experiment e = load(text, with_sets({"scenario.b.fear.offset=-0.25", "scenario.b.trust.police_baseline=6.5"}));
  EXPECT_DOUBLE_EQ(value(nb(scenario(e, "a"), "Noord").params, "fear.offset"), -2);
  EXPECT_DOUBLE_EQ(value(nb(scenario(e, "b"), "Noord").params, "fear.offset"), -0.25);
  EXPECT_DOUBLE_EQ(value(nb(scenario(e, "b"), "Noord").params, "trust.police_baseline"), 6.5);
  expect_error(text, {"--set scenario.zz.fear.offset=-1", "no scenario is named \"zz\""},
               with_sets({"scenario.zz.fear.offset=-1"}));
  expect_error(text, {"--set scenario.b=1", "scenario.NAME.KEY"}, with_sets({"scenario.b=1"}));
}

TEST(ConfigSet, ScenarioSetTwiceRoundTrips) {
  // The file's [scenario.set] and a --set of the same key: the later wins, and the resolved
  // configuration names the key once (a duplicate key would not be valid TOML).
  const std::string text = kNb + "[[scenario]]\nname = \"a\"\n[scenario.set]\n\"fear.offset\" = -3\n";
  const Experiment e = load(text, with_sets({"scenario.a.fear.offset=-0.75"}));
  EXPECT_DOUBLE_EQ(value(nb(e.scenarios[0], "Noord").params, "fear.offset"), -0.75);
  const Experiment again = load(e.resolved_toml);
  EXPECT_DOUBLE_EQ(value(nb(again.scenarios[0], "Noord").params, "fear.offset"), -0.75);
}

TEST(ConfigSet, BareWordForAChoice) {
  const auto id = find_param("epstein.vision_shape");
  ASSERT_TRUE(id.has_value());
  ASSERT_EQ(param(*id).type, ParamType::Choice);
  const Experiment e = load("model = \"epstein2002\"\n", with_sets({"epstein.vision_shape=moore"}));
  EXPECT_EQ(param(*id).format(param(*id).get(e.scenarios.at(0).params)), "moore");
  const Experiment quoted = load("model = \"epstein2002\"\n", with_sets({"epstein.vision_shape=\"moore\""}));
  EXPECT_EQ(param(*id).get(quoted.scenarios.at(0).params), param(*id).get(e.scenarios.at(0).params));
  expect_error("model = \"epstein2002\"\n",
               {"--set epstein.vision_shape=square", "'epstein.vision_shape'", "moore", "square"},
               with_sets({"epstein.vision_shape=square"}));
}

// Structural keys are set as the file's (checked as the file's); the model is the file's.
TEST(ConfigSet, StructuralKeysSetAsInTheFileModelRefused) {
  EXPECT_EQ(load(kNb, with_sets({"weeks=3", "seed=3", "replicates=3"})).replicates, 3);
  for (const std::string key : {"weeks", "replicates", "burn_in_weeks"})
    expect_error(kNb, {"--set " + key + "=-1", "'" + key + "'", "expected a whole number"}, with_sets({key + "=-1"}));
  expect_error(kNb, {"--set start_date=3", "'start_date'"}, with_sets({"start_date=3"}));
  expect_error(kNb, {"--set model=3", "the model is the file's"}, with_sets({"model=3"}));
}

TEST(ConfigSet, UnknownKey) {
  expect_error(kNb, {"--set fear.ofset=1", "'fear.ofset'", "unknown parameter", "did you mean", "fear.offset"},
               with_sets({"fear.ofset=1"}));
}

TEST(ConfigSet, BadForm) {
  expect_error(kNb, {"--set fear.offset", "KEY=VALUE"}, with_sets({"fear.offset"}));
  expect_error(kNb, {"--set =3", "KEY=VALUE"}, with_sets({"=3"}));
  expect_error(kNb, {"--set fear.offset=", "'fear.offset'"}, with_sets({"fear.offset="}));
}

TEST(ConfigSet, WrongTypeAndRange) {
  expect_error(kNb, {"--set fear.offset=99", "'fear.offset'", "from -5 to 3"}, with_sets({"fear.offset=99"}));
  expect_error(kNb, {"--set survey.target_responses=1.5", "'survey.target_responses'", "whole number"},
               with_sets({"survey.target_responses=1.5"}));
  expect_error(kNb, {"--set epstein.width=50", "'epstein.width'"}, with_sets({"epstein.width=50"}));
}

TEST(ConfigSet, RuleViolationCausedBySetNamesIt) {
  expect_error(kNb, {"--set population.share_age_45_64=0.55:", "'population.share_age_45_64'", "add up to"},
               with_sets({"population.share_age_45_64=0.55"}));
  // A value out of range: the --set item is the source; it has no line.
  const std::string msg = error_of(kNb, with_sets({"population.share_age_45_64=0.9"}));
  EXPECT_THAT(msg, HasSubstr("--set population.share_age_45_64=0.9: 'population.share_age_45_64'"));
}

TEST(ConfigOverrides, StructuralOptions) {
  Overrides ov;
  ov.seed = 99;
  ov.replicates = 3;
  ov.weeks = 40;
  const Experiment e = load("seed = 5\nreplicates = 2\nweeks = 10\n" + kNb, ov);
  EXPECT_EQ(e.settings.seed, 99u);
  EXPECT_EQ(e.replicates, 3);
  EXPECT_EQ(e.settings.weeks, 40);
  EXPECT_EQ(e.runs(), 3u);
  Overrides bad;
  bad.replicates = 0;
  expect_error(kNb, {"--replicates"}, bad);
  bad = {};
  bad.weeks = 0;
  expect_error(kNb, {"--weeks"}, bad);
}

// --- scenarios and precedence -----------------------------------------------------------------

TEST(ConfigScenarios, FileWithoutScenarioIsOneScenarioNamedAfterTheStem) {
  const Experiment e = config::load(kNb, "configs/wijk_oost.toml", "wijk_oost", {});
  ASSERT_EQ(e.scenarios.size(), 1u);
  EXPECT_EQ(e.scenarios[0].name, "wijk_oost");
  EXPECT_TRUE(e.scenarios[0].approaches.empty());
  EXPECT_EQ(e.stem, "wijk_oost");
}

TEST(ConfigScenarios, ApproachScenarioGetsABaseline) {
  const auto names = approach_names();
  if (names.empty()) GTEST_SKIP() << "this version registers no approach modules";
  const Experiment e = load(kNb + "[[scenario]]\nname = \"with\"\napproaches = [\"" + names.front() + "\"]\n");
  ASSERT_EQ(e.scenarios.size(), 2u);
  EXPECT_EQ(e.scenarios[0].name, "baseline");
  EXPECT_FALSE(e.notes.empty());
}

TEST(ConfigPrecedence, NeighbourhoodOverridesTopLevelAndScenarioSetOverridesNeighbourhood) {
  const std::string text =
      "[fear]\noffset = -1\nindividual_sd = 0.4\n"
      "[[neighbourhood]]\nname = \"A\"\nresidents = 100\n"
      "[[neighbourhood]]\nname = \"B\"\nresidents = 100\nfear.offset = -2\n"
      "[[scenario]]\nname = \"plain\"\n"
      "[[scenario]]\nname = \"set\"\n[scenario.set]\n\"fear.offset\" = -3\nfear.individual_sd = 0.9\n";
  const Experiment e = load(text);
  const ScenarioSpec& plain = scenario(e, "plain");
  EXPECT_DOUBLE_EQ(value(nb(plain, "A").params, "fear.offset"), -1);  // top level
  EXPECT_DOUBLE_EQ(value(nb(plain, "B").params, "fear.offset"), -2);  // the neighbourhood's own
  EXPECT_DOUBLE_EQ(value(plain.params, "fear.individual_sd"), 0.4);
  const ScenarioSpec& set = scenario(e, "set");
  EXPECT_DOUBLE_EQ(value(nb(set, "A").params, "fear.offset"), -3);  // [scenario.set] wins
  EXPECT_DOUBLE_EQ(value(nb(set, "B").params, "fear.offset"), -3);
  EXPECT_DOUBLE_EQ(value(set.params, "fear.individual_sd"), 0.9);
  EXPECT_DOUBLE_EQ(value(nb(set, "B").params, "fear.individual_sd"), 0.9);
  // Unset parameters keep their registry default.
  const auto id = *find_param("trust.police_baseline");
  EXPECT_DOUBLE_EQ(param(id).get(nb(set, "B").params), param(id).default_value);
}

// --- the resolved configuration reloads to the same experiment --------------------------------

void expect_same_params(const Params& a, const Params& b, const std::string& where) {
  for (const ParamSpec& spec : all_params())
    EXPECT_EQ(spec.get(a), spec.get(b)) << where << ": " << spec.name;  // exact, not approximate
}

void expect_same_experiment(const Experiment& a, const Experiment& b) {
  EXPECT_EQ(a.model, b.model);
  EXPECT_EQ(a.replicates, b.replicates);
  EXPECT_EQ(a.settings.seed, b.settings.seed);
  EXPECT_EQ(a.settings.weeks, b.settings.weeks);
  EXPECT_EQ(a.settings.burn_in_weeks, b.settings.burn_in_weeks);
  EXPECT_EQ(a.settings.start_date.str(), b.settings.start_date.str());
  ASSERT_EQ(a.settings.waves.size(), b.settings.waves.size());
  for (std::size_t i = 0; i < a.settings.waves.size(); ++i) {
    EXPECT_EQ(a.settings.waves[i].week, b.settings.waves[i].week) << "wave " << i;
    EXPECT_EQ(a.settings.waves[i].instrument, b.settings.waves[i].instrument) << "wave " << i;
  }
  ASSERT_EQ(a.scenarios.size(), b.scenarios.size());
  for (std::size_t s = 0; s < a.scenarios.size(); ++s) {
    const ScenarioSpec& x = a.scenarios[s];
    const ScenarioSpec& y = b.scenarios[s];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.approaches, y.approaches);
    expect_same_params(x.params, y.params, "scenario " + x.name);
    ASSERT_EQ(x.neighbourhoods.size(), y.neighbourhoods.size());
    for (std::size_t n = 0; n < x.neighbourhoods.size(); ++n) {
      EXPECT_EQ(x.neighbourhoods[n].name, y.neighbourhoods[n].name);
      EXPECT_EQ(x.neighbourhoods[n].residents, y.neighbourhoods[n].residents);
      expect_same_params(x.neighbourhoods[n].params, y.neighbourhoods[n].params,
                         "scenario " + x.name + ", neighbourhood " + x.neighbourhoods[n].name);
    }
  }
  // The tables of the sweep and the calibration come back.
  ASSERT_EQ(a.sweep.has_value(), b.sweep.has_value());
  if (a.sweep) {
    ASSERT_EQ(a.sweep->parameters.size(), b.sweep->parameters.size());
    for (std::size_t i = 0; i < a.sweep->parameters.size(); ++i) {
      EXPECT_EQ(a.sweep->parameters[i].name, b.sweep->parameters[i].name);
      EXPECT_EQ(a.sweep->parameters[i].lo, b.sweep->parameters[i].lo);
      EXPECT_EQ(a.sweep->parameters[i].hi, b.sweep->parameters[i].hi);
    }
    EXPECT_EQ(a.sweep->design.kind, b.sweep->design.kind);
    EXPECT_EQ(a.sweep->design.samples, b.sweep->design.samples);
  }
  ASSERT_EQ(a.calibration.has_value(), b.calibration.has_value());
  if (a.calibration) {
    ASSERT_EQ(a.calibration->parameters.size(), b.calibration->parameters.size());
    for (std::size_t i = 0; i < a.calibration->parameters.size(); ++i)
      EXPECT_EQ(a.calibration->parameters[i].label, b.calibration->parameters[i].label);
    EXPECT_EQ(a.calibration->particles, b.calibration->particles);
  }
  // The resolved text is a fixed point.
  EXPECT_EQ(a.resolved_toml, b.resolved_toml);
}

TEST(ConfigResolved, RoundTrip) {
  const std::string text =
      "model = \"buurtsim\"\nweeks = 80\nburn_in_weeks = 12\nreplicates = 3\nseed = 123456789\nstart_date = "
      "\"2023-05-01\"\n"
      "description = \"round trip\"\n"
      "[survey]\ndates = [\"2023-10-16\"]\nweeks = [60]\ninstrument = [\"VM2012\", \"buurtpeiling\"]\ntarget_responses "
      "= 250\n"
      "[fear]\noffset = -1.1\nindividual_sd = 0.3333333333333333\n"
      "[population]\nshare_isolated = 0.123456789012345\n"
      "[[neighbourhood]]\nname = \"Zuid-Oost\"\nresidents = 1234\npopulation.share_corporation = 0.61\nfear.offset = "
      "-0.9\n"
      "[[neighbourhood]]\nname = \"Centrum \\\"oud\\\"\"\nresidents = 800\n"
      "[[scenario]]\nname = \"one\"\napproaches = []\n"
      "[[scenario]]\nname = \"two\"\n[scenario.set]\n\"trust.police_baseline\" = 6.2\nfear.female = 0.1\n";
  const Experiment e = load(text, with_sets({"fear.victimisation=1.1", "scenario.one.fear.offset=-1.3"}));
  const Experiment again = config::load(e.resolved_toml, "resolved.toml", "resolved", {});
  expect_same_experiment(e, again);
  // Not a degenerate comparison: the settings above are in force.
  EXPECT_EQ(e.settings.waves.size(), 2u);
  EXPECT_DOUBLE_EQ(value(nb(scenario(again, "one"), "Zuid-Oost").params, "fear.offset"), -1.3);
  EXPECT_DOUBLE_EQ(value(nb(scenario(again, "two"), "Zuid-Oost").params, "fear.offset"), -0.9);
  EXPECT_DOUBLE_EQ(value(nb(scenario(again, "two"), "Centrum \"oud\"").params, "fear.offset"), -1.1);
  EXPECT_DOUBLE_EQ(value(scenario(again, "two").params, "trust.police_baseline"), 6.2);
  EXPECT_DOUBLE_EQ(value(scenario(again, "two").params, "fear.victimisation"), 1.1);
  EXPECT_EQ(value(again.scenarios[0].params, "fear.individual_sd"), 0.3333333333333333);
}

// The source tree, from tests/CMakeLists.txt.
std::string source_dir() { return BUURTSIM_TEST_SOURCE_DIR; }

// Every shipped config (configs/**/*.toml) loads and its resolved configuration reruns exactly.
TEST(ConfigResolved, RoundTripOfTheShippedConfigs) {
  int n = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() + "/configs")) {
    if (entry.path().extension() != ".toml") continue;
    SCOPED_TRACE(entry.path().string());
    const Experiment e = config::load_file(entry.path().string(), {});
    const Experiment again = config::load(e.resolved_toml, "resolved.toml", e.stem, {});
    expect_same_experiment(e, again);
    ++n;
  }
  EXPECT_GE(n, 5);
}

// configs/nl_average.toml is the NL-average preset: every parameter at its registry default.
TEST(ConfigResolved, NlAverageConfigKeepsEveryDefault) {
  const Experiment e = config::load_file(source_dir() + "/configs/nl_average.toml", {});
  ASSERT_EQ(e.scenarios.size(), 1u);
  ASSERT_EQ(e.scenarios.front().neighbourhoods.size(), 1u);
  const Params defaults;
  for (const ParamSpec& p : all_params()) {
    EXPECT_EQ(p.get(e.scenarios.front().params), p.get(defaults)) << p.name;
    EXPECT_EQ(p.get(e.scenarios.front().neighbourhoods.front().params), p.get(defaults)) << p.name;
  }
}

TEST(ConfigResolved, RoundTripEpstein) {
  const Experiment e = load("model = \"epstein2002\"\nweeks = 50\n[epstein]\nvision = 5\nlegitimacy = 0.8\n",
                            with_sets({"epstein.vision_shape=moore"}));
  const Experiment again = load(e.resolved_toml);
  expect_same_experiment(e, again);
}

// --- the models and their sections (experiments/config/model_kind.hpp) ---------------------------

TEST(ConfigModels, TheNeighbourhoodModelIsTheDefaultAndTheGroupsDoNotOverlap) {
  ASSERT_FALSE(config::model_kinds().empty());
  EXPECT_EQ(config::model_kinds().front()->name, "buurtsim");
  const config::ModelKind* epstein = config::find_model_kind("epstein2002");
  ASSERT_NE(epstein, nullptr);
  EXPECT_EQ(config::find_model_kind("no_such_model"), nullptr);
  // Every parameter group applies to exactly one model.
  for (const ParamSpec& spec : all_params()) {
    int models = 0;
    for (const config::ModelKind* m : config::model_kinds()) models += config::applies(*m, config::group_of(spec));
    EXPECT_EQ(models, 1) << spec.name;
  }
  EXPECT_TRUE(config::applies(*epstein, "epstein"));
  EXPECT_FALSE(config::applies(*epstein, "fear"));
  EXPECT_FALSE(config::applies(config::neighbourhood_model(), "epstein"));
  EXPECT_EQ(load(kNb).settings.burn_in_weeks, 104);
  EXPECT_EQ(load("model = \"epstein2002\"\n").settings.burn_in_weeks, 0);
}

TEST(ConfigModels, EachModelRefusesTheOthersSectionsAndParameters) {
  expect_error("model = \"epstein2002\"\n[sweep]\ndesign = \"morris\"\n",
               {"cfg.toml:2:", "'sweep'", "is not used by model = \"epstein2002\""});
  expect_error("model = \"epstein2002\"\n" + kNb, {"cfg.toml:2:", "'neighbourhood'", "is not used by"});
  expect_error("model = \"epstein2002\"\n[fear]\noffset = 1\n",
               {"cfg.toml:2:", "'fear'", "[fear] parameters apply only to model = \"buurtsim\""});
  expect_error(kNb + "[epstein]\nvision = 3\n",
               {"cfg.toml:4:", "'epstein'", "[epstein] parameters apply only to model = \"epstein2002\""});
  expect_error("model = \"epstein2002\"\nbogus = 1\n", {"cfg.toml:2:", "unknown top-level key", "[epstein]"});
  expect_error("model = \"lorenz\"\n", {"cfg.toml:1:", "'model'", "\"buurtsim\" or \"epstein2002\"", "lorenz"});
}

TEST(ConfigModels, EpsteinParametersAreCheckedTogether) {
  const std::string msg = error_of("model = \"epstein2002\"\n[epstein]\ncitizen_density = 0.9\ncop_density = 0.5\n");
  EXPECT_THAT(msg, HasSubstr("cfg.toml: epstein.citizen_density + epstein.cop_density"));
}

const std::string kSweep = "[sweep]\ndesign = \"factorial\"\nlevels = 2\n[[sweep.parameter]]\nname = \"fear.offset\"\n";

TEST(ConfigSections, TheSweepTableIsReadWithTheFile) {
  EXPECT_FALSE(load(kNb).sweep.has_value());
  Overrides ov;
  ov.seed = 42;
  ov.weeks = 5;
  const Experiment e = load(kNb + kSweep, ov);
  ASSERT_TRUE(e.sweep.has_value());
  EXPECT_EQ(e.sweep->design.kind, sweep::DesignKind::Factorial);
  EXPECT_EQ(e.sweep->design.seed, 42u);  // after --seed
  EXPECT_EQ(e.sweep->final_weeks, 5);    // clipped by --weeks
  ASSERT_EQ(e.sweep->parameters.size(), 1u);
  EXPECT_EQ(e.sweep->parameters[0].name, "fear.offset");
  // Copied verbatim into the resolved configuration.
  EXPECT_THAT(e.resolved_toml, HasSubstr("\n[sweep]\ndesign = 'factorial'"));
  // Errors name the file, line and key when the file is loaded, whichever command loads it.
  expect_error(kNb + "[sweep]\ndesign = \"sobol\"\n", {"cfg.toml:5:", "'sweep.design'", "sobol"});
  expect_error(kNb + "[sweep]\nsamples = 3\npoints = 9\n", {"cfg.toml:6:", "'sweep.points'", "unknown key"});
  expect_error("sweep = 3\n" + kNb, {"cfg.toml:1:", "'sweep'", "expected a table [sweep]"});
}

TEST(ConfigSections, TheCalibrationTableIsReadWithTheFile) {
  EXPECT_FALSE(load(kNb).calibration.has_value());
  const Experiment e = load(kNb +
                            "[[scenario]]\nname = \"s\"\n[calibration]\nscenario = \"s\"\nparticles = 20\n"
                            "[[calibration.parameter]]\nname = \"fear.offset\"\n");
  ASSERT_TRUE(e.calibration.has_value());
  EXPECT_EQ(e.calibration->particles, 20u);
  EXPECT_EQ(e.calibration->scenario, 0u);
  ASSERT_EQ(e.calibration->parameters.size(), 1u);
  EXPECT_EQ(e.calibration->parameters[0].label, "fear.offset");
  // It is read against the resolved scenarios.
  expect_error(kNb + "[calibration]\nscenario = \"x\"\n[[calibration.parameter]]\nname = \"fear.offset\"\n",
               {"cfg.toml:5:", "'calibration.scenario'", "no scenario \"x\""});
  expect_error(kNb + "[calibration]\n[[calibration.parameter]]\nname = \"epstein.legitimacy\"\n",
               {"cfg.toml:6:", "'calibration.parameter.name'", "belongs to model = \"epstein2002\""});
}

TEST(ConfigSections, SetAndReloadKeepTheTablesOfTheCommands) {
  const Experiment e =
      load(kNb + kSweep + "[calibration]\n[[calibration.parameter]]\nname = \"trust.police_baseline\"\n",
           with_sets({"fear.offset=-1"}));
  const Experiment again = load(e.resolved_toml);
  expect_same_experiment(e, again);
}

TEST(ConfigFile, MissingFile) {
  try {
    config::load_file("/nonexistent/dir/none.toml", {});
    FAIL() << "no ConfigError";
  } catch (const ConfigError& err) {
    EXPECT_THAT(err.what(), HasSubstr("/nonexistent/dir/none.toml"));
    EXPECT_THAT(err.what(), HasSubstr("no such file"));
  }
}

}  // namespace
}  // namespace buurtsim

// The model tests' aandachtswijk preset (tests/model/small_world.hpp) must be configs/baseline.toml.
#include "tests/model/small_world.hpp"

TEST(ConfigResolved, ModelTestsPresetIsTheShippedBaseline) {
  const buurtsim::config::Experiment e =
      buurtsim::config::load_file(std::string(BUURTSIM_TEST_SOURCE_DIR) + "/configs/baseline.toml", {});
  ASSERT_EQ(e.scenarios.front().neighbourhoods.size(), 1u);
  const buurtsim::Params& shipped = e.scenarios.front().neighbourhoods.front().params;
  buurtsim::Params preset;
  buurtsim::testing::aandachtswijk(preset);
  for (const buurtsim::ParamSpec& p : buurtsim::all_params())
    EXPECT_EQ(p.get(shipped), p.get(preset))
        << p.name << " differs between configs/baseline.toml and tests/model/small_world.hpp";
}

// Every shipped comparison runs the aandachtswijk of configs/baseline.toml as its baseline
// (same neighbourhood, settings, survey and time frame), so results are comparable across files.
TEST(ConfigResolved, ShippedComparisonsShareTheBaselineOfBaselineToml) {
  const std::string dir = std::string(BUURTSIM_TEST_SOURCE_DIR) + "/configs/";
  const buurtsim::config::Experiment base = buurtsim::config::load_file(dir + "baseline.toml", {});
  for (const char* name :
       {"vba.toml", "bap.toml", "wijkveiligheid.toml", "buurtpreventie.toml", "combined.toml", "compare.toml"}) {
    SCOPED_TRACE(name);
    const buurtsim::config::Experiment e = buurtsim::config::load_file(dir + name, {});
    EXPECT_EQ(e.settings.weeks, base.settings.weeks);
    EXPECT_EQ(e.settings.burn_in_weeks, base.settings.burn_in_weeks);
    EXPECT_EQ(e.settings.seed, base.settings.seed);
    EXPECT_EQ(e.settings.waves.size(), base.settings.waves.size());
    // The default comparison draws its parameters per replicate ([uncertainty]) and so runs more
    // replicates than the single-approach files (docs/usage.md).
    if (std::string_view(name) != "compare.toml") {
      EXPECT_EQ(e.replicates, base.replicates);
    }
    const auto it =
        std::find_if(e.scenarios.begin(), e.scenarios.end(), [](const auto& s) { return s.name == "baseline"; });
    ASSERT_NE(it, e.scenarios.end());
    EXPECT_TRUE(it->approaches.empty());
    ASSERT_EQ(it->neighbourhoods.size(), base.scenarios.front().neighbourhoods.size());
    for (const buurtsim::ParamSpec& p : buurtsim::all_params()) {
      // Approach tables may differ (they act only where a scenario names the approach).
      const std::string_view group = p.name.substr(0, p.name.find('.'));
      if (group == "vba" || group == "bap" || group == "wijkveiligheid" || group == "buurtpreventie") continue;
      EXPECT_EQ(p.get(it->params), p.get(base.scenarios.front().params)) << p.name;
      EXPECT_EQ(p.get(it->neighbourhoods.front().params), p.get(base.scenarios.front().neighbourhoods.front().params))
          << p.name;
    }
  }
}
