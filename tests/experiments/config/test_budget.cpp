// Like-for-like budgets (experiments/config/planned_budget.hpp, budget_section.hpp): the planned
// budget of a known configuration against a hand computation; equal cost and equal hours giving
// every approach scenario (a combination as a whole) the same planned cost or hours; the funding
// override; bad values refused naming the key; the budgets in `run`'s text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "experiments/cli/commands/budget_text.hpp"
#include "experiments/config/config.hpp"
#include "experiments/config/planned_budget.hpp"
#include "model/approach.hpp"
#include "model/params.hpp"

namespace buurtsim {
namespace {

using config::ConfigError;
using config::Experiment;
using config::Overrides;
using config::planned_budget;
using ::testing::HasSubstr;

Experiment load(const std::string& text, const Overrides& ov = {}) { return config::load(text, "cfg.toml", "cfg", ov); }

std::string error_of(const std::string& text, const Overrides& ov = {}) {
  try {
    load(text, ov);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError";
  return "";
}

const ScenarioSpec& scenario(const Experiment& e, const std::string& name) {
  for (const auto& s : e.scenarios)
    if (s.name == name) return s;
  throw std::runtime_error("no scenario " + name);
}

// Hourly rates 80, 70, 60, 50; 156 recorded weeks (three years); two neighbourhoods of 4,000 and 2,000.
const std::string kHead = R"(weeks = 156
[police]
hourly_cost = 80
[organisations]
municipality_hourly_cost = 70
welfare_hourly_cost = 60
corporation_hourly_cost = 50
[vba]
police_hours = 1
municipality_hours = 1
welfare_hours = 0.5
corporation_hours = 0.5
funding = "redeployed"
coordinator = true
coordinator_cost = 1500
communication_cost = 100
evaluation_cost = 150
[buurtpreventie]
police_hours = 0.2
municipality_hours = 0.3
welfare_hours = 0.1
corporation_hours = 0
funding = "additional"
teams_per_1000 = 0.15
team_size = 8
expenses = 2
training_cost = 60
training_safety = true
training_niet_pluis = true
[bap]
funding = "additional"
material_cost = 100
switch_week = 104
[[neighbourhood]]
name = "A"
residents = 4000
[[neighbourhood]]
name = "B"
residents = 2000
)";

const std::string kScenarios = R"(
[[scenario]]
name = "baseline"
approaches = []
[[scenario]]
name = "vba"
approaches = ["vba"]
[[scenario]]
name = "bap"
approaches = ["bap"]
[[scenario]]
name = "wijkveiligheid"
approaches = ["wijkveiligheid"]
[[scenario]]
name = "buurtpreventie"
approaches = ["buurtpreventie"]
[[scenario]]
name = "both"
approaches = ["vba", "buurtpreventie"]
)";

TEST(PlannedBudget, MatchesAHandComputation) {
  const Experiment e = load(kHead + kScenarios);
  // VBA: hours a year = levers x 6,000/1,000 x 52: police and municipality 312, welfare and
  // corporation 156; at the rates 24,960 + 21,840 + 9,360 + 7,800 = 63,960, all redeployed.
  // Expenses: communication 100 x 2 neighbourhoods x 52 = 10,400; evaluation and coordinator
  // (150 + 1,500) x 52 = 85,800 shared by residents; 96,200 in new cash.
  const auto vba = planned_budget(scenario(e, "vba"), e.settings.weeks);
  EXPECT_DOUBLE_EQ(vba.hours_per_year[kOrgPolice], 312.0);
  EXPECT_DOUBLE_EQ(vba.hours_per_year[kOrgCorporation], 156.0);
  EXPECT_DOUBLE_EQ(vba.hours(), 936.0);
  EXPECT_NEAR(vba.hours_eur, 63960.0, 1e-6);
  EXPECT_NEAR(vba.redeployed_eur(), 63960.0, 1e-6);
  EXPECT_NEAR(vba.expenses_eur, 96200.0, 1e-6);
  EXPECT_NEAR(vba.new_cash_eur(), 96200.0, 1e-6);
  EXPECT_NEAR(vba.total_eur(), 160160.0, 1e-6);
  EXPECT_EQ(vba.funding, config::Funding::redeployed);
  // Buurtpreventie: one team in each neighbourhood (0.15 x 4 = 0.6 rounds to 1; at least 1 in B),
  // 16 members: expenses 2 x 16 x 52 = 1,664; trainings 60 x 2 x 16 = 1,920 once, over 3 years 640.
  // Hours: 62.4 x 80 + 93.6 x 70 + 31.2 x 60 = 13,416, additional.
  const auto bp = planned_budget(scenario(e, "buurtpreventie"), e.settings.weeks);
  EXPECT_NEAR(bp.one_off_eur, 1920.0, 1e-6);
  EXPECT_NEAR(bp.expenses_eur, 1664.0 + 640.0, 1e-6);
  EXPECT_NEAR(bp.new_cash_eur(), 13416.0 + 2304.0, 1e-6);
  EXPECT_NEAR(bp.redeployed_eur(), 0.0, 1e-9);
  // BAP: materials 100 a week per neighbourhood from week 104 of 156: a third of the years' weeks.
  const auto bap = planned_budget(scenario(e, "bap"), e.settings.weeks);
  EXPECT_NEAR(bap.expenses_eur, 2 * 100.0 * 52.0 / 3.0, 1e-6);
  // A combination adds up; its funding is mixed.
  const auto both = planned_budget(scenario(e, "both"), e.settings.weeks);
  EXPECT_NEAR(both.total_eur(), vba.total_eur() + bp.total_eur(), 1e-6);
  EXPECT_EQ(both.funding, config::Funding::mixed);
  EXPECT_EQ(planned_budget(scenario(e, "baseline"), e.settings.weeks).total_eur(), 0.0);
}

TEST(PlannedBudget, EveryApproachModuleHasAnExpensePlan) {
  for (const std::string& name : approach_names()) EXPECT_TRUE(config::has_expense_plan(name)) << name;
}

TEST(BudgetBasis, EqualCostGivesEveryScenarioTheTarget) {
  for (const bool option : {false, true}) {
    Overrides ov;
    std::string text = kHead + kScenarios;
    if (option)
      ov.cost_per_year = 250000.0;
    else
      text += "[budget]\nbasis = \"equal_cost\"\ncost_per_year = 250000\n";
    const Experiment e = load(text, ov);
    for (const auto& s : e.scenarios) {
      if (s.approaches.empty()) continue;
      EXPECT_NEAR(planned_budget(s, e.settings.weeks).total_eur(), 250000.0, 1e-6) << s.name;
    }
    // The expenses stay as designed; the hours make up the rest, in the configured mix.
    const auto vba = planned_budget(scenario(e, "vba"), e.settings.weeks);
    EXPECT_NEAR(vba.expenses_eur, 96200.0, 1e-6);
    EXPECT_NEAR(vba.hours_per_year[kOrgPolice] / vba.hours_per_year[kOrgWelfare], 2.0, 1e-12);
    // The resolved configuration holds the scaled values and reloads to them.
    const Experiment again = load(e.resolved_toml);
    EXPECT_NEAR(planned_budget(scenario(again, "both"), again.settings.weeks).total_eur(), 250000.0, 1e-6);
    EXPECT_THAT(e.resolved_toml, HasSubstr("'vba.police_hours' = "));
  }
}

TEST(BudgetBasis, EqualHoursGivesEveryScenarioTheTarget) {
  Overrides ov;
  ov.hours_per_year = 3000.0;
  const Experiment e = load(kHead + kScenarios, ov);
  for (const auto& s : e.scenarios) {
    if (s.approaches.empty()) continue;
    EXPECT_NEAR(planned_budget(s, e.settings.weeks).hours(), 3000.0, 1e-9) << s.name;
  }
  EXPECT_EQ(planned_budget(scenario(e, "baseline"), e.settings.weeks).hours(), 0.0);
}

TEST(BudgetBasis, FundingOverrideSetsEveryApproach) {
  for (const char* mode : {"additional", "redeployed"}) {
    Overrides ov;
    ov.funding = mode;
    const Experiment e = load(kHead + kScenarios, ov);
    const double want = std::string(mode) == "additional" ? 0.0 : 1.0;
    for (const auto& s : e.scenarios)
      for (const std::string& a : s.approaches)
        for (const auto& nb : s.neighbourhoods) EXPECT_EQ(param_value(nb.params, a + ".funding"), want) << s.name << a;
    const auto both = planned_budget(scenario(e, "both"), e.settings.weeks);
    EXPECT_EQ(both.funding, want == 0 ? config::Funding::additional : config::Funding::redeployed);
    EXPECT_NEAR(both.redeployed_eur(), want == 0 ? 0.0 : both.hours_eur, 1e-6);
  }
}

TEST(BudgetBasis, BadValuesNameTheKey) {
  const std::string t = kHead + kScenarios;
  EXPECT_THAT(error_of(t + "[budget]\nbasis = \"equal\"\n"), HasSubstr("'budget.basis': expected \"as_configured\""));
  EXPECT_THAT(error_of(t + "[budget]\nbasis = \"equal_cost\"\n"), HasSubstr("needs cost_per_year"));
  EXPECT_THAT(error_of(t + "[budget]\ncost_per_year = -5\n"), HasSubstr("'budget.cost_per_year': expected a positive"));
  EXPECT_THAT(error_of(t + "[budget]\nbasis = \"equal_hours\"\ncost_per_year = 5\n"),
              HasSubstr("'budget.cost_per_year': applies only with basis \"equal_cost\""));
  EXPECT_THAT(error_of(t + "[budget]\nfunding = \"extra\"\n"), HasSubstr("'budget.funding'"));
  EXPECT_THAT(error_of(t + "[budget]\nbogus = 1\n"), HasSubstr("'budget.bogus': unknown key"));
  // The VBA's expenses alone (96,200 a year) exceed this target; the message says where it was set.
  const std::string below = error_of(t + "[budget]\ncost_per_year = 50000\n");
  EXPECT_THAT(below, HasSubstr("cfg.toml:"));
  EXPECT_THAT(below, HasSubstr("scenario \"vba\": its other expenses alone (EUR 96,200 a year)"));
  // A lever scaled above its maximum (100 hours/week per 1,000 residents) is refused.
  Overrides huge;
  huge.hours_per_year = 1e7;
  EXPECT_THAT(error_of(t, huge), HasSubstr("above its maximum"));
  Overrides both;
  both.cost_per_year = 1e5, both.hours_per_year = 100;
  EXPECT_THAT(error_of(t, both), HasSubstr("not both"));
  // Hour levers that differ between neighbourhoods cannot be scaled as one value.
  EXPECT_THAT(error_of(kHead + "vba.police_hours = 2\n" + kScenarios + "[budget]\nhours_per_year = 100\n"),
              HasSubstr("differs between neighbourhoods"));
}

TEST(BudgetText, RunPrintsFundingAndBudgets) {
  const std::string text = cli::budget_text(load(kHead + kScenarios));
  EXPECT_THAT(text, HasSubstr("Planned budgets per year (as configured)"));
  EXPECT_THAT(text, HasSubstr("redeployed"));
  EXPECT_THAT(text, HasSubstr("96,200"));   // VBA new cash
  EXPECT_THAT(text, HasSubstr("63,960"));   // VBA redeployed hours
  EXPECT_THAT(text, HasSubstr("160,160"));  // VBA total
  Overrides ov;
  ov.cost_per_year = 250000.0;
  EXPECT_THAT(cli::budget_text(load(kHead + kScenarios, ov)), HasSubstr("equal cost"));
}

}  // namespace
}  // namespace buurtsim
