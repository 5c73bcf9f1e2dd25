// `buurtsim init` (experiments/config/init_config.hpp): the configuration it writes is one
// `run` takes; with the aandachtswijk preset and the default comparison's buurt it resolves to
// exactly the default comparison (so every approach setting comes from configs/compare.toml);
// the options change what they say and nothing else; bad options are refused naming the option.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "build_info.hpp"
#include "experiments/config/config.hpp"
#include "experiments/config/config_template.hpp"
#include "experiments/config/init_config.hpp"
#include "model/params.hpp"

namespace buurtsim {
namespace {

using config::ConfigError;
using config::InitOptions;
using ::testing::HasSubstr;

config::ConfigTemplate the_template() { return config::split_template(build_info::kEmbeddedConfig); }

config::Experiment load(const std::string& text) { return config::load(text, "init.toml", "init", {}); }

InitOptions one_buurt(const std::string& name = "Mijn buurt", long residents = 4000) {
  InitOptions o;
  o.neighbourhoods.push_back({name, residents});
  o.command_line = "buurtsim init";
  return o;
}

std::string error_of(const InitOptions& o) {
  try {
    config::make_init_config(o, the_template());
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError";
  return "";
}

double value_in(const config::Experiment& e, const std::string& scenario, const std::string& name) {
  for (const auto& s : e.scenarios)
    if (s.name == scenario) return param_value(s.params, name);
  throw std::runtime_error("no scenario " + scenario);
}

TEST(InitConfig, TemplateHasEveryApproachAndThePreset) {
  const auto t = the_template();
  EXPECT_EQ(t.approach_order, (std::vector<std::string>{"vba", "bap", "wijkveiligheid", "buurtpreventie"}));
  EXPECT_THAT(t.approaches.at("bap"), HasSubstr("switch_week"));
  EXPECT_THAT(t.approaches.at("buurtpreventie"), HasSubstr("training_niet_pluis"));
  EXPECT_EQ(t.aandachtswijk_settings.size(), 11u);
}

TEST(InitConfig, TheDefaultComparisonsBuurtGivesTheDefaultComparison) {
  InitOptions o = one_buurt("Aandachtswijk", 6000);
  o.preset = "aandachtswijk";
  const auto mine = load(config::make_init_config(o, the_template()));
  const auto shipped = load(build_info::kEmbeddedConfig);
  EXPECT_EQ(mine.resolved_toml, shipped.resolved_toml);
}

TEST(InitConfig, OptionsChangeWhatTheySay) {
  InitOptions o = one_buurt("Mijn buurt", 4000);
  o.approaches = {"vba", "buurtpreventie"};
  o.combined = true;
  o.funding["vba"] = "additional";
  o.years = 2;
  o.replicates = 16;
  o.responses = 250;
  const auto e = load(config::make_init_config(o, the_template()));
  ASSERT_EQ(e.scenarios.size(), 4u);  // baseline, vba, buurtpreventie, combined
  EXPECT_EQ(e.scenarios[3].name, "combined");
  EXPECT_EQ(e.settings.weeks, 104);
  EXPECT_EQ(e.replicates, 16);
  ASSERT_EQ(e.settings.waves.size(), 2u);
  EXPECT_EQ(e.scenarios[0].neighbourhoods.at(0).residents, 4000u);
  EXPECT_EQ(value_in(e, "vba", "vba.funding"), 0.0);  // additional (redeployed in the template)
  const auto shipped = load(build_info::kEmbeddedConfig);
  EXPECT_EQ(value_in(shipped, "vba", "vba.funding"), 1.0);
  // The average preset keeps the registry's composition.
  EXPECT_EQ(value_in(e, "baseline", "population.share_corporation"),
            param(*find_param("population.share_corporation")).default_value);
  EXPECT_EQ(value_in(e, "buurtpreventie", "buurtpreventie.funding"),
            value_in(shipped, "buurtpreventie", "buurtpreventie.funding"));
}

TEST(InitConfig, SurveyDatesAreTheSecondMondayOfOctoberInsideTheHorizon) {
  EXPECT_EQ(config::yearly_survey_dates("2024-01-01", 156, std::nullopt),
            (std::vector<std::string>{"2024-10-14", "2025-10-13", "2026-10-12"}));
  EXPECT_EQ(config::yearly_survey_dates("2024-11-01", 52, std::nullopt), (std::vector<std::string>{"2025-10-13"}));
  EXPECT_EQ(config::yearly_survey_dates("2024-01-01", 156, 1), (std::vector<std::string>{"2024-10-14"}));
}

TEST(InitConfig, BadOptionsAreRefusedNamingTheOption) {
  InitOptions none;
  EXPECT_THAT(error_of(none), HasSubstr("--neighbourhood"));
  InitOptions small = one_buurt("Klein", 10);
  EXPECT_THAT(error_of(small), HasSubstr("without thousands separators"));
  InitOptions unknown = one_buurt();
  unknown.approaches = {"vba", "politie"};
  EXPECT_THAT(error_of(unknown), HasSubstr("'politie' is not an approach"));
  InitOptions mode = one_buurt();
  mode.funding_all = "extra";
  EXPECT_THAT(error_of(mode), HasSubstr("expected additional or redeployed"));
  InitOptions other = one_buurt();
  other.approaches = {"vba"};
  other.funding["bap"] = "additional";
  EXPECT_THAT(error_of(other), HasSubstr("not among the chosen approaches"));
  InitOptions both = one_buurt();
  both.cost_per_year = 1e5, both.hours_per_year = 1e3;
  EXPECT_THAT(error_of(both), HasSubstr("either"));
  InitOptions combined = one_buurt();
  combined.approaches = {"vba"}, combined.combined = true;
  EXPECT_THAT(error_of(combined), HasSubstr("at least two"));
}

TEST(InitConfig, EqualCostBudgetIsWritten) {
  InitOptions o = one_buurt();
  o.cost_per_year = 150000;
  const auto e = load(config::make_init_config(o, the_template()));
  EXPECT_EQ(e.budget.basis, config::BudgetBasis::equal_cost);
  EXPECT_EQ(e.budget.target, 150000);
}

}  // namespace
}  // namespace buurtsim
