// The MKBA rules of the cost-benefit analysis (experiments/analysis/cba.hpp, docs/cost-benefit.md)
// on results built by hand: redeployed hours valued once (by the work they no longer do, never
// also at the hourly rate), theft, vandalism and disorder valued, the years after the simulation
// (held, decayed, ended) against closed forms, the PM-posten, and the costs per year adding up.
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <string>

#include "experiments/analysis/cba.hpp"
#include "experiments/analysis/discounting.hpp"

namespace buurtsim::cba {
namespace {

constexpr std::size_t kWeeks = 104, kReplicates = 2, kNeighbourhoods = 2;
constexpr std::int64_t kPeople = 1000;  // per neighbourhood; 850 aged 15+ (share_age_0_14 0.15)
constexpr double kRate = 0.0225;

config::Experiment experiment(std::initializer_list<const char*> names, AfterSimulation rule, double horizon_years) {
  config::Experiment e;
  e.replicates = static_cast<int>(kReplicates);
  for (const char* name : names) {
    ScenarioSpec s;
    s.name = name;
    s.params.cba.after_simulation = static_cast<double>(rule);
    s.params.cba.horizon_years = horizon_years;
    for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb)
      s.neighbourhoods.push_back({"nb" + std::to_string(nb), static_cast<std::uint32_t>(kPeople), s.params});
    e.scenarios.push_back(s);
  }
  return e;
}

// Scenarios identical in every outcome (values varying by replicate, neighbourhood and week).
run::RunResults results(std::size_t scenarios) {
  run::RunResults r;
  r.scenarios = scenarios, r.replicates = kReplicates, r.neighbourhoods = kNeighbourhoods, r.weeks = kWeeks;
  r.outcomes.assign(outcome_count() * r.scenarios * r.replicates * r.neighbourhoods * r.weeks, 0.0);
  r.residents.assign(kNeighbourhoods, kPeople);
  r.complete.assign(r.scenarios * r.replicates, 1);
  for (std::size_t o = 0; o < outcome_count(); ++o)
    for (std::size_t s = 0; s < scenarios; ++s)
      for (std::size_t rep = 0; rep < kReplicates; ++rep)
        for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb)
          for (std::size_t w = 0; w < kWeeks; ++w)
            r.outcomes[r.outcome_index(o, s, rep, nb, w)] =
                10.0 + static_cast<double>((o * 7 + rep * 3 + nb * 5 + w) % 11);
  return r;
}

void set(run::RunResults& r, Outcome o, std::size_t s, double value, std::size_t from_week = 0) {
  for (std::size_t rep = 0; rep < kReplicates; ++rep)
    for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb)
      for (std::size_t w = from_week; w < kWeeks; ++w)
        r.outcomes[r.outcome_index(static_cast<std::size_t>(o), s, rep, nb, w)] = value;
}

double recorded_weeks_pv() { return weekly_annuity_factor(kRate, kWeeks); }

// The same approach funded with additional hours and with redeployed hours. Redeployed, the
// police lose 20 hours a week of regular work, which shows as 0.1 more burglaries a week in each
// neighbourhood. The redeployed approach's cost must not include the hours: their cost is the
// burglaries (valued once, as a negative benefit). Charging the hours too would count it twice.
TEST(Mkba, RedeployedHoursCostTheWorkTheyNoLongerDoNotTheirHourlyRate) {
  const config::Experiment e = experiment({"baseline", "additional", "redeployed"}, kEnded, 1);
  run::RunResults r = results(3);
  for (std::size_t s = 0; s < 3; ++s) {
    set(r, Outcome::approach_police_hours, s, s == 0 ? 0.0 : 20.0);
    set(r, Outcome::approach_redeployed_police_hours, s, s == 2 ? 20.0 : 0.0);
    set(r, Outcome::lost_presence_hours, s, s == 2 ? 20.0 : 0.0);
    set(r, Outcome::incidents_burglary, s, s == 2 ? 1.1 : 1.0);
  }
  const auto c = compute_cba(e, r, 95.0);
  ASSERT_TRUE(c.has_value());
  const ScenarioCba& additional = c->scenarios[1];
  const ScenarioCba& redeployed = c->scenarios[2];
  const Params& p = e.scenarios[1].params;
  const double hours_pv = 2 * 20.0 * recorded_weeks_pv();
  // Additional hours are new cash at the hourly rate, and nothing is lost.
  EXPECT_NEAR(additional.costs[kPolice], hours_pv * p.police.hourly_cost, 1e-6);
  EXPECT_NEAR(additional.benefits[kBurglary], 0.0, 1e-9);
  EXPECT_NEAR(additional.redeployed_hours[kOrgPolice], 0.0, 1e-9);
  // Redeployed hours: no cash, the hours and their value at the rate reported apart (a memo) ...
  EXPECT_NEAR(redeployed.costs[kPolice], 0.0, 1e-9);
  EXPECT_NEAR(redeployed.cost, 0.0, 1e-9);
  EXPECT_NEAR(redeployed.redeployed_hours[kOrgPolice], hours_pv, 1e-6);
  EXPECT_NEAR(redeployed.redeployed_value[kOrgPolice], hours_pv * p.police.hourly_cost, 1e-6);
  // ... and the lost regular work valued once, through the outcomes it worsened.
  const double lost = 2 * 0.1 * recorded_weeks_pv() * p.cba.cost_burglary;
  EXPECT_NEAR(redeployed.benefits[kBurglary], -lost, 1e-6);
  EXPECT_NEAR(redeployed.npv, redeployed.benefit, 1e-6);
  EXPECT_LT(redeployed.npv, 0.0);
  EXPECT_GT(redeployed.npv, -hours_pv * p.police.hourly_cost - lost + 1.0);  // not both
  for (double x : redeployed.costs_by_year[0]) EXPECT_NEAR(x, 0.0, 1e-9);
  EXPECT_NEAR(redeployed.redeployed_hours_by_year[0][kOrgPolice], 2 * 20.0 * 52, 1e-6);
}

// Each newly valued incident type (and disorder) moves its own benefit item by the unit value,
// and nothing else.
TEST(Mkba, TheftVandalismAndDisorderAreEachValued) {
  struct Case {
    Outcome outcome;
    BenefitItem item;
    double base, scenario;
  };
  // Disorder: 5200/850 percentage points fewer residents 15+ seeing disorder often is one
  // resident-year a week in each neighbourhood.
  for (const Case& k :
       {Case{Outcome::incidents_theft, kTheft, 3.0, 2.0}, Case{Outcome::incidents_vandalism, kVandalism, 3.0, 2.0},
        Case{Outcome::disorder_high_pct, kDisorder, 40.0, 40.0 - 5200.0 / 850.0}}) {
    const config::Experiment e = experiment({"baseline", "approach"}, kEnded, 1);
    run::RunResults r = results(2);
    set(r, k.outcome, 0, k.base);
    set(r, k.outcome, 1, k.scenario);
    const ScenarioCba s = compute_cba(e, r, 95.0)->scenarios[1];
    const auto& v = e.scenarios[1].params.cba;
    const double unit = k.item == kTheft       ? v.cost_theft
                        : k.item == kVandalism ? v.cost_vandalism
                                               : v.value_disorder_year;
    EXPECT_GT(unit, 0.0);
    EXPECT_NEAR(s.benefits[k.item], 2 * 1.0 * recorded_weeks_pv() * unit, 1e-6) << benefit_items()[k.item].name;
    for (std::size_t i = 0; i < kBenefitItems; ++i)
      if (i != k.item) {
        EXPECT_NEAR(s.benefits[i], 0.0, 1e-9) << benefit_items()[i].name;
      }
    // Thefts and vandalism go to their victims, disorder to the residents.
    const std::size_t to = k.item == kDisorder ? std::size_t{kResidents} : std::size_t{kVictims};
    EXPECT_NEAR(s.benefits_by_recipient[to], s.benefits[k.item], 1e-6);
  }
}

// The years after the simulation: a constant flow of one fewer burglary a week in each
// neighbourhood and EUR 100 a week of expenses, horizon 10 years (8 after the 2 simulated).
TEST(Mkba, TheRuleAfterTheSimulationGivesTheClosedForms) {
  const double horizon_years = 10, decay = 0.5;
  const std::size_t after_years = 8;
  run::RunResults r = results(2);
  set(r, Outcome::incidents_burglary, 0, 3.0);
  set(r, Outcome::incidents_burglary, 1, 2.0);
  set(r, Outcome::approach_other_cost_eur, 0, 0.0);
  set(r, Outcome::approach_other_cost_eur, 1, 100.0);
  const double q = std::pow(1 + kRate, -1.0 / 52), tail_start = std::pow(q, kWeeks);
  const double sim = recorded_weeks_pv(), year = weekly_annuity_factor(kRate, 52);
  double decayed_tail = 0;
  for (std::size_t k = 1; k <= after_years; ++k)
    decayed_tail +=
        std::pow(1 - decay, static_cast<double>(k)) * std::pow(q, static_cast<double>(kWeeks + 52 * (k - 1))) * year;
  const double held_tail = tail_start * weekly_annuity_factor(kRate, 52 * after_years);
  const double b = 2 * 1.0, cost = 2 * 100.0;  // per week, both neighbourhoods
  std::array<ScenarioCba, kAfterRules> by_rule;
  for (std::size_t k = 0; k < kAfterRules; ++k) {
    config::Experiment e = experiment({"baseline", "approach"}, static_cast<AfterSimulation>(k), horizon_years);
    for (auto& s : e.scenarios) s.params.cba.decay_rate = decay;
    by_rule[k] = compute_cba(e, r, 95.0)->scenarios[1];
  }
  const double unit = experiment({"baseline"}, kEnded, 1).scenarios[0].params.cba.cost_burglary;
  // Held: the approach goes on; costs and effects continue at the last year's level.
  EXPECT_NEAR(by_rule[kHeld].benefits[kBurglary], b * unit * (sim + held_tail), 1e-6);
  EXPECT_NEAR(by_rule[kHeld].costs[kExpenses], cost * (sim + held_tail), 1e-6);
  // Decayed: the approach stops; costs end, effects fade by half a year.
  EXPECT_NEAR(by_rule[kDecayed].benefits[kBurglary], b * unit * (sim + decayed_tail), 1e-6);
  EXPECT_NEAR(by_rule[kDecayed].costs[kExpenses], cost * sim, 1e-6);
  // Ended: nothing after the simulation.
  EXPECT_NEAR(by_rule[kEnded].benefits[kBurglary], b * unit * sim, 1e-6);
  EXPECT_NEAR(by_rule[kEnded].costs[kExpenses], cost * sim, 1e-6);
  // Every run reports the NPV under all three rules, whichever it chose.
  for (const ScenarioCba& s : by_rule)
    for (std::size_t k = 0; k < kAfterRules; ++k) EXPECT_NEAR(s.npv_by_rule[k], by_rule[k].npv, 1e-6);
  EXPECT_GT(by_rule[kHeld].npv_by_rule[kHeld], by_rule[kHeld].npv_by_rule[kEnded]);
}

TEST(Mkba, ExtendFlowUsesTheLastSimulatedYear) {
  std::vector<double> weekly(104, 1.0);
  for (std::size_t w = 52; w < 104; ++w) weekly[w] = 3.0;  // the last year's mean is 3
  const auto held = extend_flow(weekly, 208, kHeld, false, 0.5);
  const auto decayed = extend_flow(weekly, 208, kDecayed, false, 0.5);
  const auto decayed_cost = extend_flow(weekly, 208, kDecayed, true, 0.5);
  const auto ended = extend_flow(weekly, 208, kEnded, false, 0.5);
  ASSERT_EQ(held.size(), 208u);
  EXPECT_DOUBLE_EQ(held[104], 3.0);
  EXPECT_DOUBLE_EQ(held[207], 3.0);
  EXPECT_DOUBLE_EQ(decayed[104], 1.5);   // year 1 after: (1 - 0.5)^1
  EXPECT_DOUBLE_EQ(decayed[156], 0.75);  // year 2 after
  EXPECT_DOUBLE_EQ(decayed_cost[104], 0.0);
  EXPECT_DOUBLE_EQ(ended[150], 0.0);
  EXPECT_DOUBLE_EQ(ended[103], 3.0);
  // A horizon shorter than the simulation never cuts it.
  EXPECT_EQ(extend_flow(weekly, 52, kHeld, false, 0.5).size(), 104u);
}

// The PM-posten: listed with an outcome that exists, their change over the last simulated year
// and its direction.
TEST(Mkba, PmPostenAreListedWithDirectionAndSize) {
  const std::vector<PmItem>& items = pm_items();
  ASSERT_GE(items.size(), 5u);
  std::size_t trust = items.size(), avoidance = items.size();
  for (std::size_t k = 0; k < items.size(); ++k) {
    EXPECT_TRUE(find_outcome(items[k].outcome).has_value()) << items[k].outcome;
    EXPECT_FALSE(items[k].note.empty()) << items[k].name;
    if (items[k].outcome == "trust_police_mean") trust = k;
    if (items[k].outcome == "avoidance_pct") avoidance = k;
  }
  for (std::string_view needed : {"cohesion_mean", "active_pct", "social_problems_detected_early", "awareness_pct"}) {
    bool found = false;
    for (const PmItem& i : items) found = found || i.outcome == needed;
    EXPECT_TRUE(found) << needed;
  }
  ASSERT_LT(trust, items.size());
  ASSERT_LT(avoidance, items.size());
  const config::Experiment e = experiment({"baseline", "approach"}, kDecayed, 15);
  run::RunResults r = results(2);
  set(r, Outcome::trust_police_mean, 0, 6.0);
  set(r, Outcome::trust_police_mean, 1, 6.0);
  set(r, Outcome::trust_police_mean, 1, 6.5, kWeeks - 52);  // only the last year counts
  set(r, Outcome::avoidance_pct, 0, 10.0);
  set(r, Outcome::avoidance_pct, 1, 12.0);
  const auto c = compute_cba(e, r, 95.0);
  const ScenarioCba& s = c->scenarios[1];
  ASSERT_EQ(s.pm_change.size(), items.size());
  EXPECT_NEAR(s.pm_change[trust], 0.5, 1e-12);  // a mean over equal neighbourhoods
  EXPECT_EQ(pm_direction(items[trust], s.pm_change[trust]), 1);
  EXPECT_EQ(pm_direction_word(items[trust], s.pm_change[trust]), "better");
  EXPECT_NEAR(s.pm_change[avoidance], 2.0, 1e-12);
  EXPECT_EQ(pm_direction_word(items[avoidance], s.pm_change[avoidance]), "worse");
  EXPECT_TRUE(std::isnan(c->scenarios[0].pm_change[trust]));  // the baseline itself
}

// Costs per organisation per year: discounted, they add up to each cost item's total; the
// organisations' items are new cash only.
TEST(Mkba, CostsPerYearAddUpToTheTotals) {
  const config::Experiment e = experiment({"baseline", "approach"}, kHeld, 5.5);
  run::RunResults r = results(2);
  for (Outcome o : {Outcome::approach_police_hours, Outcome::approach_municipality_hours,
                    Outcome::approach_welfare_hours, Outcome::approach_corporation_hours,
                    Outcome::approach_redeployed_police_hours, Outcome::approach_redeployed_municipality_hours,
                    Outcome::approach_redeployed_welfare_hours, Outcome::approach_redeployed_corporation_hours,
                    Outcome::approach_other_cost_eur, Outcome::volunteers, Outcome::team_contacts})
    for (std::size_t s = 0; s < 2; ++s) set(r, o, s, 0.0);
  set(r, Outcome::approach_police_hours, 1, 12.0);
  set(r, Outcome::approach_redeployed_police_hours, 1, 5.0);
  set(r, Outcome::approach_municipality_hours, 1, 4.0);
  set(r, Outcome::approach_welfare_hours, 1, 3.0);
  set(r, Outcome::approach_redeployed_welfare_hours, 1, 3.0);
  set(r, Outcome::approach_corporation_hours, 1, 1.0, 30);
  set(r, Outcome::approach_other_cost_eur, 1, 250.0, 10);
  set(r, Outcome::volunteers, 1, 6.0);
  set(r, Outcome::team_contacts, 1, 9.0, 60);
  const auto c = compute_cba(e, r, 95.0);
  EXPECT_EQ(c->horizon_weeks, 286u);
  EXPECT_EQ(c->years, 6u);  // 5.5 years: the last is half a year
  const ScenarioCba& s = c->scenarios[1];
  ASSERT_EQ(s.costs_by_year_pv.size(), 6u);
  double all = 0;
  for (std::size_t i = 0; i < kCostItems; ++i) {
    double sum = 0;
    for (const auto& year : s.costs_by_year_pv) sum += year[i];
    EXPECT_NEAR(sum, s.costs[i], 1e-6 * (1 + std::abs(s.costs[i]))) << cost_items()[i].name;
    all += sum;
  }
  EXPECT_GT(s.cost, 0.0);
  EXPECT_NEAR(all, s.cost, 1e-6 * s.cost);
  // The first year undiscounted: police new cash (12 - 5 hours) x 52 weeks x 2 neighbourhoods at
  // the rate; welfare all redeployed: no cash.
  const Params& p = e.scenarios[1].params;
  EXPECT_NEAR(s.costs_by_year[0][kPolice], 7.0 * 52 * 2 * p.police.hourly_cost, 1e-6);
  EXPECT_NEAR(s.costs_by_year[0][kWelfare], 0.0, 1e-9);
  EXPECT_NEAR(s.redeployed_hours_by_year[0][kOrgWelfare], 3.0 * 52 * 2, 1e-9);
  EXPECT_NEAR(s.redeployed_hours_by_year[5][kOrgPolice], 5.0 * 26 * 2, 1e-9);  // held, half a year
}

}  // namespace
}  // namespace buurtsim::cba
