// The cost-benefit computation (experiments/analysis/cba.hpp) on results built by hand: a scenario
// with only fixed costs, doubling an hourly rate, no double counting of insecurity and
// victimisation in the default variant, the acceptability curve.
#include <gtest/gtest.h>

#include <cmath>

#include "experiments/analysis/cba.hpp"
#include "experiments/analysis/discounting.hpp"

namespace buurtsim::cba {
namespace {

constexpr std::size_t kWeeks = 104, kReplicates = 3, kNeighbourhoods = 2;
constexpr std::int64_t kResidents = 1000;  // per neighbourhood; 850 aged 15+ (share_age_0_14 0.15)

config::Experiment experiment() {
  config::Experiment e;
  e.replicates = static_cast<int>(kReplicates);
  for (const char* name : {"baseline", "approach"}) {
    ScenarioSpec s;
    s.name = name;
    // The recorded weeks only, as the figures below are computed by hand (the years after the
    // simulation are tested in test_mkba.cpp).
    s.params.cba.after_simulation = static_cast<double>(kEnded);
    for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb)
      s.neighbourhoods.push_back({"nb" + std::to_string(nb), static_cast<std::uint32_t>(kResidents), s.params});
    e.scenarios.push_back(s);
  }
  return e;
}

// Two identical scenarios with outcomes that vary by replicate, neighbourhood and week.
run::RunResults results() {
  run::RunResults r;
  r.scenarios = 2, r.replicates = kReplicates, r.neighbourhoods = kNeighbourhoods, r.weeks = kWeeks;
  r.outcomes.assign(outcome_count() * r.scenarios * r.replicates * r.neighbourhoods * r.weeks, 0.0);
  r.residents.assign(kNeighbourhoods, kResidents);
  r.complete.assign(r.scenarios * r.replicates, 1);
  for (std::size_t o = 0; o < outcome_count(); ++o)
    for (std::size_t s = 0; s < 2; ++s)
      for (std::size_t rep = 0; rep < kReplicates; ++rep)
        for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb)
          for (std::size_t w = 0; w < kWeeks; ++w)
            r.outcomes[r.outcome_index(o, s, rep, nb, w)] =
                10.0 + static_cast<double>((o * 7 + rep * 3 + nb * 5 + w) % 11);
  return r;
}

void set(run::RunResults& r, Outcome o, std::size_t s, double value) {
  for (std::size_t rep = 0; rep < kReplicates; ++rep)
    for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb)
      for (std::size_t w = 0; w < kWeeks; ++w)
        r.outcomes[r.outcome_index(static_cast<std::size_t>(o), s, rep, nb, w)] = value;
}

void add(run::RunResults& r, Outcome o, std::size_t s, double delta) {
  for (std::size_t rep = 0; rep < kReplicates; ++rep)
    for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb)
      for (std::size_t w = 0; w < kWeeks; ++w)
        r.outcomes[r.outcome_index(static_cast<std::size_t>(o), s, rep, nb, w)] += delta;
}

TEST(Cba, OnlyFixedCostsGiveZeroBenefitsAndMinusTheDiscountedCosts) {
  const config::Experiment e = experiment();
  run::RunResults r = results();
  set(r, Outcome::approach_other_cost_eur, 0, 0.0);
  set(r, Outcome::approach_other_cost_eur, 1, 1000.0);  // EUR/week in each neighbourhood
  const auto c = compute_cba(e, r, 95.0);
  ASSERT_TRUE(c.has_value());
  const ScenarioCba& s = c->scenarios[1];
  EXPECT_EQ(s.valid, kReplicates);
  for (double b : s.benefits) EXPECT_DOUBLE_EQ(b, 0.0);
  EXPECT_DOUBLE_EQ(s.unsafe_years_gross, 0.0);
  // 2 neighbourhoods x 1000 EUR x sum over 104 weeks of 1.0225^(-w/52) (101.7416487...)
  const double expected = 2 * 1000.0 * weekly_annuity_factor(0.0225, kWeeks);
  EXPECT_NEAR(expected, 203483.2974, 1e-3);
  EXPECT_NEAR(s.costs[kExpenses], expected, 1e-6);
  EXPECT_NEAR(s.npv, -expected, 1e-6);
  for (std::size_t i = 0; i < kCostItems; ++i)
    if (i != kExpenses) {
      EXPECT_DOUBLE_EQ(s.costs[i], 0.0) << cost_items()[i].name;
    }
  EXPECT_DOUBLE_EQ(s.p_npv_positive, 0.0);
  EXPECT_TRUE(std::isnan(s.cost_per_unsafe_year));  // nothing gained
  EXPECT_DOUBLE_EQ(s.benefit_cost_ratio, 0.0);
  for (double x : s.ceac) EXPECT_DOUBLE_EQ(x, 0.0);
  EXPECT_DOUBLE_EQ(s.expenses_one_off, 0.0);
  // The baseline against itself is not reported.
  EXPECT_TRUE(std::isnan(c->scenarios[0].npv));
}

TEST(Cba, OneOffCostsAreDiscountedInTheWeekTheyFall) {
  const config::Experiment e = experiment();
  run::RunResults r = results();
  set(r, Outcome::approach_other_cost_eur, 0, 0.0);
  set(r, Outcome::approach_one_off_cost_eur, 0, 0.0);
  set(r, Outcome::approach_other_cost_eur, 1, 100.0);  // recurring
  set(r, Outcome::approach_one_off_cost_eur, 1, 0.0);
  for (std::size_t rep = 0; rep < kReplicates; ++rep)
    for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb) {
      // A one-off 500 in week 52 (part of the other costs too).
      r.outcomes[r.outcome_index(static_cast<std::size_t>(Outcome::approach_other_cost_eur), 1, rep, nb, 52)] += 500.0;
      r.outcomes[r.outcome_index(static_cast<std::size_t>(Outcome::approach_one_off_cost_eur), 1, rep, nb, 52)] = 500.0;
    }
  const ScenarioCba s = compute_cba(e, r, 95.0)->scenarios[1];
  // 2 neighbourhoods x 500 / 1.0225 = 977.99511002445
  EXPECT_NEAR(s.expenses_one_off, 977.99511002445, 1e-9);
  EXPECT_NEAR(s.costs[kExpenses], 2 * 100.0 * weekly_annuity_factor(0.0225, kWeeks) + 977.99511002445, 1e-6);
}

TEST(Cba, DoublingAnHourlyRateDoublesThatOrganisationsCostOnly) {
  config::Experiment e = experiment();
  run::RunResults r = results();
  for (Outcome o : {Outcome::approach_police_hours, Outcome::approach_municipality_hours,
                    Outcome::approach_welfare_hours, Outcome::approach_corporation_hours}) {
    set(r, o, 0, 0.0);
    set(r, o, 1, 4.0);
  }
  add(r, Outcome::incidents_burglary, 1, -0.5);
  const ScenarioCba before = compute_cba(e, r, 95.0)->scenarios[1];
  EXPECT_GT(before.costs[kPolice], 0.0);
  e.scenarios[1].params.police.hourly_cost *= 2;
  const ScenarioCba after = compute_cba(e, r, 95.0)->scenarios[1];
  EXPECT_NEAR(after.costs[kPolice], 2 * before.costs[kPolice], 1e-6);
  for (std::size_t i = 0; i < kCostItems; ++i)
    if (i != kPolice) {
      EXPECT_DOUBLE_EQ(after.costs[i], before.costs[i]) << cost_items()[i].name;
    }
  for (std::size_t i = 0; i < kBenefitItems; ++i)
    EXPECT_DOUBLE_EQ(after.benefits[i], before.benefits[i]) << benefit_items()[i].name;
  EXPECT_NEAR(after.npv, before.npv - before.costs[kPolice], 1e-6);
}

TEST(Cba, InsecurityIsNotCountedTwiceWithVictimisationByDefault) {
  config::Experiment e = experiment();
  run::RunResults r = results();
  // Two burglaries fewer per week and neighbourhood; with 0.5 resident-years of insecurity per
  // victimisation that explains 1 resident-year per week per neighbourhood: 850 residents 15+
  // x d / 100 / 52 = 1 gives d = 5200 / 850 percentage points. Nothing else changes.
  set(r, Outcome::incidents_burglary, 0, 10.0);
  set(r, Outcome::incidents_burglary, 1, 8.0);
  set(r, Outcome::unsafe_sometimes_pct, 0, 30.0);
  set(r, Outcome::unsafe_sometimes_pct, 1, 30.0 - 5200.0 / 850.0);
  ASSERT_EQ(as_int(e.scenarios[1].params.cba.insecurity_variant), 0);  // net is the default
  ASSERT_DOUBLE_EQ(e.scenarios[1].params.cba.unsafe_years_per_victimisation, 0.5);
  const ScenarioCba net = compute_cba(e, r, 95.0)->scenarios[1];
  const double weeks = weekly_annuity_factor(0.0225, kWeeks);
  EXPECT_NEAR(net.benefits[kBurglary], 2 * 2 * weeks * e.scenarios[1].params.cba.cost_burglary, 1e-6);
  EXPECT_NEAR(net.unsafe_years_gross, 2 * weeks, 1e-9);
  EXPECT_NEAR(net.unsafe_years_net, 0.0, 1e-9);
  EXPECT_NEAR(net.benefits[kInsecurity], 0.0, 1e-6);
  EXPECT_NEAR(net.benefit, net.benefits[kBurglary], 1e-6);
  EXPECT_NEAR(net.insecurity_gross_eur, 2 * weeks * e.scenarios[1].params.cba.value_unsafe_year, 1e-6);
  EXPECT_NEAR(net.npv_gross_insecurity, net.npv + net.insecurity_gross_eur, 1e-6);
  // The gross variant counts both.
  e.scenarios[1].params.cba.insecurity_variant = 1;
  const ScenarioCba gross = compute_cba(e, r, 95.0)->scenarios[1];
  EXPECT_NEAR(gross.benefit, net.benefits[kBurglary] + net.insecurity_gross_eur, 1e-6);
}

TEST(Cba, AcceptabilityCurveAndCostPerYearFollowTheReplicates) {
  const config::Experiment e = experiment();
  run::RunResults r = results();
  set(r, Outcome::approach_other_cost_eur, 0, 0.0);
  set(r, Outcome::approach_other_cost_eur, 1, 100.0);
  set(r, Outcome::unsafe_sometimes_pct, 0, 30.0);
  set(r, Outcome::unsafe_sometimes_pct, 1, 29.0);  // 8.5 residents 15+ per week / 52 years each
  // Replicate 2 gains nothing: its curve never accepts.
  for (std::size_t nb = 0; nb < kNeighbourhoods; ++nb)
    for (std::size_t w = 0; w < kWeeks; ++w)
      r.outcomes[r.outcome_index(static_cast<std::size_t>(Outcome::unsafe_sometimes_pct), 1, 2, nb, w)] = 30.0;
  const auto c = compute_cba(e, r, 95.0);
  const ScenarioCba& s = c->scenarios[1];
  ASSERT_EQ(c->wtp.size(), 41u);
  EXPECT_DOUBLE_EQ(c->wtp.front(), 0.0);
  EXPECT_DOUBLE_EQ(c->wtp.back(), 20000.0);
  // Per replicate: cost 200 EUR/week, 17/52 resident-years per week: 611.76 EUR per year gained.
  EXPECT_DOUBLE_EQ(s.ceac.front(), 0.0);
  EXPECT_NEAR(s.ceac.back(), 2.0 / 3.0, 1e-12);
  const ScenarioCba& x = s;
  EXPECT_NEAR(x.replicates[0].net_cost / x.replicates[0].unsafe_years, 200.0 * 52.0 / 17.0, 1e-6);
  // Mean net cost over mean years gained: the third replicate pays without gaining.
  EXPECT_NEAR(s.cost_per_unsafe_year, 200.0 * 52.0 / 17.0 * 1.5, 1e-6);
}

}  // namespace
}  // namespace buurtsim::cba
