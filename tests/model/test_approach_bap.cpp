// WIRING tests of the Buurtactieplan Passart module (model/approaches/bap/bap.cpp; docs/odd.md section
// 1: they show a mechanism acting when its strength is above zero and vanishing at zero, and
// assert directions, never the sizes the programme hopes for). All other modules off; paired
// runs share the seed (common random numbers), so a difference in direction is the mechanism's
// once the mechanism is set strong enough to dominate the drift between the runs; whether it
// does is measured: directions are checked over several seeds (expect_directions,
// tests/model/approach_testing.hpp: each effect 3 se above zero), exact claims at one.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <string>

#include "tests/model/approach_testing.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {

constexpr std::uint32_t kResidents = 3000;

// Phase 1 for the whole run, full hours from the first week, one case conference only (so the
// targets are those chosen at week 0), unless a test sets otherwise.
void phase_one(Params& p) {
  set_param(p, "bap.switch_week", -1);
  set_param(p, "bap.switch_outcome", 0);
  set_param(p, "bap.ramp_weeks", 0);
  set_param(p, "bap.review_weeks", 520);
}

ScenarioSpec bap_world(const std::function<void(Params&)>& set = {}) {
  return approach_world(kResidents, {"bap"}, [&](Params& p) {
    phase_one(p);
    if (set) set(p);
  });
}
ScenarioSpec base_world() { return approach_world(kResidents, {}); }

// The case conference of week 0, reproduced on the baseline world (identical to the BAP run's
// world until BAP first acts): the n active offenders with the highest activity, ties by index.
std::vector<std::uint32_t> first_targets(const RunSettings& r, std::size_t n) {
  Simulation sim(base_world(), r, 0);
  Weekly ignore;
  while (sim.next_week() < 0) sim.step(ignore);
  const Offenders& o = sim.world().offenders;
  std::vector<std::uint32_t> ids;
  for (std::uint32_t i = 0; i < o.size(); ++i)
    if (o.active[i]) ids.push_back(i);
  std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
    return o.activity[a] > o.activity[b] || (o.activity[a] == o.activity[b] && a < b);
  });
  ids.resize(std::min(n, ids.size()));
  return ids;
}

double mean_activity(const World& w, const std::vector<std::uint32_t>& offenders) {
  double s = 0;
  for (std::uint32_t oi : offenders) s += w.offenders.activity[oi];
  return s / static_cast<double>(offenders.size());
}

// Adults of the targets' households and the targets' ties (each counted once).
std::vector<std::uint32_t> targets_and_ties(const World& w, const std::vector<std::uint32_t>& targets) {
  std::vector<std::uint32_t> ids;
  for (std::uint32_t oi : targets) {
    const std::uint32_t id = w.offenders.resident[oi], h = w.residents.household[id];
    for (std::uint32_t m = w.households.first[h]; m < w.households.first[h + 1]; ++m)
      if (w.residents.age[m] != kAge0_14) ids.push_back(m);
    for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k) ids.push_back(w.network.ties[k]);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

double mean_of(const std::vector<float>& v, const std::vector<std::uint32_t>& ids) {
  double s = 0;
  for (std::uint32_t id : ids) s += v[id];
  return s / static_cast<double>(ids.size());
}

std::size_t switch_index(Outcome o) {  // 0 is "none"
  const auto choices = param(*find_param("bap.switch_outcome")).choice_list();
  return static_cast<std::size_t>(std::find(choices.begin(), choices.end(), outcome_info(o).name) - choices.begin());
}

// The first recorded week in phase 2 (-1: never).
int first_phase_two(const Weekly& weekly) {
  const auto phase = weekly.series(outcome_named("approach_phase"));
  for (std::size_t t = 0; t < phase.size(); ++t)
    if (phase[t] == 2) return static_cast<int>(t);
  return -1;
}

}  // namespace

// The choices of bap.switch_outcome are "none" and then every outcome, the modules' included,
// in the registry's order.
TEST(ApproachBap, SwitchOutcomeChoicesAreAllOutcomes) {
  const auto choices = param(*find_param("bap.switch_outcome")).choice_list();
  ASSERT_EQ(choices.size(), outcome_count() + 1);
  EXPECT_EQ(choices[0], "none");
  for (std::size_t o = 0; o < outcome_count(); ++o) EXPECT_EQ(choices[o + 1], all_outcomes()[o].name) << o;
}

// Exact: without hours the module does nothing, in either phase.
TEST(ApproachBap, ZeroBudgetEqualsTheBaseline) {
  const RunSettings r = approach_weeks(30);
  const ApproachRun base = run_approach(base_world(), r);
  const ApproachRun zero = run_approach(approach_world(kResidents, {"bap"},
                                                       [](Params& p) {
                                                         zero_budget(p, "bap");
                                                         set_param(p, "bap.switch_week", 15);
                                                       }),
                                        r);
  expect_identical(base.weekly, zero.weekly);
}

// Exact: both phases give the same numbers on one thread as on several (resident-parallel work
// writes only its own residents; targets and blocks are handled in sequence).
TEST(ApproachBap, DeterministicForAnyThreadCount) {
  const RunSettings r = approach_weeks(30);
  const ScenarioSpec s = bap_world([](Params& p) { set_param(p, "bap.switch_week", 15); });
  const auto run_on = [&](std::size_t threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
    return run_approach(s, r);
  };
  const ApproachRun one = run_on(1), four = run_on(4);
  expect_identical(one.weekly, four.weekly);
}

// Direction: sanctions and care lower the targets' activity below that of the same offenders in
// the baseline run; the crew lowers mean disorder.
TEST(ApproachBap, PhaseOneLowersTargetsActivityAndDisorder) {
  const auto set = [](Params& p) {
    set_param(p, "bap.targets_per_1000", 5);
    set_param(p, "bap.sanction_per_hour", 0.3);
    set_param(p, "bap.care_activity_per_hour", 0.05);
  };
  expect_directions(52, [&](const RunSettings& r) {
    const std::vector<std::uint32_t> targets = first_targets(r, 15);
    EXPECT_GT(targets.size(), 0u);
    const ApproachRun bap = run_approach(bap_world(set), r), base = run_approach(base_world(), r);
    EXPECT_EQ(bap.weekly.mean(outcome_named("approach_phase")), 1.0);  // exact
    return Effects{{"targets' activity after 52 weeks, baseline minus BAP",
                    mean_activity(base.world, targets) - mean_activity(bap.world, targets)},
                   {"disorder_mean, baseline minus BAP",
                    base.weekly.mean(Outcome::disorder_mean, 10) - bap.weekly.mean(Outcome::disorder_mean, 10)}};
  });
}

// Direction: with all of phase 1 on repression, the targets' households (sanctions) and ties
// (bap.tie_trust_cost) trust the police and the municipality less than in the baseline run.
// The crew is off here, so that the municipality's gain from less disorder does not mask it.
TEST(ApproachBap, RepressionCostsTrustAmongTargetsAndTies) {
  const auto set = [](Params& p) {
    set_param(p, "bap.targets_per_1000", 5);
    set_param(p, "bap.prevention_share", 0);
    set_param(p, "bap.municipality_hours", 0);
  };
  expect_directions(
      52,
      [&](const RunSettings& r) {
        const std::vector<std::uint32_t> targets = first_targets(r, 15);
        const ApproachRun bap = run_approach(bap_world(set), r), base = run_approach(base_world(), r);
        const std::vector<std::uint32_t> group = targets_and_ties(base.world, targets);
        return Effects{
            {"targets' and ties' trust in the police, baseline minus BAP",
             mean_of(base.world.residents.trust_police, group) - mean_of(bap.world.residents.trust_police, group)},
            {"targets' and ties' trust in the municipality, baseline minus BAP",
             mean_of(base.world.residents.trust_municipality, group) -
                 mean_of(bap.world.residents.trust_municipality, group)}};
      },
      8);
}

// The premise is explored, not assumed: the net effect on mean trust in the police, relative
// to the baseline run, is negative with all hours on repression and a strong tie cost, and
// positive with all hours on care with good contacts and a strong gain. Only the signs are
// asserted (each 3 se beyond zero); which one holds for real BAP is what the source does not know.
TEST(ApproachBap, NetTrustEffectTakesEitherSignAcrossTheBalance) {
  const auto balance = [](double prevention) {
    return [prevention](Params& p) {
      set_param(p, "bap.targets_per_1000", 10);
      set_param(p, "bap.prevention_share", prevention);
      set_param(p, "bap.tie_trust_cost", 1.0);
      set_param(p, "bap.care_trust_gain", 1.0);
      set_param(p, "bap.care_quality", 1.0);
      set_param(p, "bap.hours_per_contact", 0.5);
    };
  };
  expect_directions(
      52,
      [&](const RunSettings& r) {
        const ApproachRun repressive = run_approach(bap_world(balance(0.0)), r),
                          caring = run_approach(bap_world(balance(1.0)), r);
        const ApproachRun base = run_approach(base_world(), r);
        const double b = base.weekly.mean(Outcome::trust_police_mean, 26);
        return Effects{
            {"trust_police_mean, baseline minus all repression",
             b - repressive.weekly.mean(Outcome::trust_police_mean, 26)},
            {"trust_police_mean, all care minus baseline", caring.weekly.mean(Outcome::trust_police_mean, 26) - b}};
      },
      6);
}

// Exact: phase 2 starts in the configured week (the phase is an outcome).
TEST(ApproachBap, SwitchesAtTheConfiguredWeek) {
  const ApproachRun run =
      run_approach(bap_world([](Params& p) { set_param(p, "bap.switch_week", 12); }), approach_weeks(30));
  const auto phase = run.weekly.series(outcome_named("approach_phase"));
  for (std::size_t t = 0; t < phase.size(); ++t) EXPECT_EQ(phase[t], t < 12 ? 1.0 : 2.0) << "week " << t;
}

// Exact: with a condition, phase 2 starts the week after the outcome first passes the threshold.
// The runs with and without the condition are identical until then, so the week is known from
// the run without it: the first week with disorder below its lowest value in weeks 0-5.
TEST(ApproachBap, SwitchesTheWeekAfterTheConditionHolds) {
  const RunSettings r = approach_weeks(40);
  const ApproachRun plain = run_approach(bap_world(), r);
  EXPECT_EQ(first_phase_two(plain.weekly), -1);
  const auto disorder = plain.weekly.series(Outcome::disorder_mean);
  const double threshold = *std::min_element(disorder.begin(), disorder.begin() + 6);
  int expected = -1;
  for (std::size_t t = 6; t + 1 < disorder.size() && expected < 0; ++t)
    if (disorder[t] < threshold) expected = static_cast<int>(t) + 1;
  ASSERT_GT(expected, 0) << "disorder never fell below its early minimum; choose another threshold";
  const auto condition = [threshold](Params& p) {
    set_param(p, "bap.switch_outcome", static_cast<double>(switch_index(Outcome::disorder_mean)));
    set_param(p, "bap.switch_threshold", threshold);
    set_param(p, "bap.switch_when", 0);  // below
  };
  const ApproachRun switched = run_approach(bap_world(condition), r);
  EXPECT_EQ(first_phase_two(switched.weekly), expected);
  // "above" a threshold never reached: no switch.
  const ApproachRun never = run_approach(bap_world([&](Params& p) {
                                           condition(p);
                                           set_param(p, "bap.switch_when", 1);
                                           set_param(p, "bap.switch_threshold", 1e9);
                                         }),
                                         r);
  EXPECT_EQ(first_phase_two(never.weekly), -1);
}

// Phase 2 from week 0, every line off, and line budgets as the defaults.
namespace {

struct LineSpec {
  const char* name;
  std::function<void(Params&)> strong;  // strengths raised so the direction shows in a short run
};

void only_line(Params& p, const std::string& line, bool on) {
  phase_one(p);
  set_param(p, "bap.switch_week", 0);
  for (const char* l :
       {"public_space", "schools", "youth", "participation", "social_mobility", "vulnerability", "professional"})
    param(*find_param(std::string("bap.line_") + l)).set(p, 0.0);
  if (!line.empty()) param(*find_param("bap.line_" + line)).set(p, on ? 1.0 : 0.0);
}

ApproachRun line_run(const std::string& line, bool on, const RunSettings& r,
                     const std::function<void(Params&)>& strong = {}) {
  return run_approach(approach_world(kResidents, {"bap"},
                                     [&](Params& p) {
                                       only_line(p, line, on);
                                       if (strong) strong(p);
                                     }),
                      r);
}

// The school blocks of bap.cpp: count blocks evenly spread over the neighbourhood's blocks.
std::vector<std::uint32_t> school_blocks(const World& w, double per_1000) {
  const auto& blocks = w.neighbourhoods[0].blocks;
  const std::size_t n = blocks.size();
  const auto count =
      std::min(n, std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(per_1000 * kResidents / 1000.0))));
  std::vector<std::uint32_t> out;
  for (std::size_t k = 0; k < count; ++k) out.push_back(blocks[(2 * k + 1) * n / (2 * count)]);
  return out;
}

}  // namespace

// Exact: a line switched off does nothing (its budget set or not); every run equals phase 2
// with no lines, whose hours are spent without modelled effect.
TEST(ApproachBap, LinesSwitchedOffChangeNothing) {
  const RunSettings r = approach_weeks(20);
  const ApproachRun none = line_run("", false, r);
  EXPECT_EQ(first_phase_two(none.weekly), 0);
  for (const char* l :
       {"public_space", "schools", "youth", "participation", "social_mobility", "vulnerability", "professional"}) {
    SCOPED_TRACE(l);
    const ApproachRun off = line_run(
        l, false, r, [l](Params& p) { param(*find_param(std::string("bap.line_") + l + "_hours")).set(p, 50.0); });
    expect_identical(none.weekly, off.weekly);
  }
}

// Direction, one line at a time against phase 2 with no lines (same seed, same hours).
TEST(ApproachBap, PublicSpaceLineLowersDisorder) {
  expect_directions(30, [&](const RunSettings& r) {
    const ApproachRun none = line_run("", false, r), on = line_run("public_space", true, r);
    return Effects{{"disorder_mean, no lines minus public space line",
                    none.weekly.mean(Outcome::disorder_mean, 5) - on.weekly.mean(Outcome::disorder_mean, 5)}};
  });
}

// Presence on the school blocks raises their sanction risk (risk grows only with presence).
TEST(ApproachBap, SchoolsLineRaisesSanctionRiskOnSchoolBlocks) {
  expect_directions(20, [&](const RunSettings& r) {
    const ApproachRun none = line_run("", false, r),
                      on = line_run("schools", true, r, [](Params&p) { set_param(p, "bap.school_clean_share", 0.2); });
    const auto schools = school_blocks(on.world, param_value(on.world.spec.params, "bap.school_blocks_per_1000"));
    double risk = 0, risk0 = 0;
    for (std::uint32_t c : schools) risk += on.world.blocks.risk[c], risk0 += none.world.blocks.risk[c];
    return Effects{{"sanction risk on the school blocks, schools line minus none", risk - risk0}};
  });
}

// Lower activity of the young nuisance offenders active in both runs, and less nuisance. More
// offenders than by default (in both runs), so that a small world has young ones.
TEST(ApproachBap, YouthLineLowersYoungNuisanceOffendersActivity) {
  const auto more = [](Params& p) { p.population.offender_share = 0.04; };
  expect_directions(30, [&](const RunSettings& r) {
    const ApproachRun none = line_run("", false, r, more), on = line_run("youth", true, r, [&](Params&p) {
                                                             more(p);
                                                             set_param(p, "bap.youth_activity_per_hour", 0.2);
                                                           });
    double a = 0, a0 = 0, n = 0;
    const World& w = on.world;
    for (std::uint32_t oi = 0; oi < w.offenders.size(); ++oi) {
      const bool young =
          w.offenders.kind[oi] == kNuisanceOffender && w.residents.age[w.offenders.resident[oi]] == kAge15_24;
      if (!young || !w.offenders.active[oi] || !none.world.offenders.active[oi]) continue;
      a += w.offenders.activity[oi], a0 += none.world.offenders.activity[oi], n += 1;
    }
    EXPECT_GT(n, 0);
    return Effects{{"young nuisance offenders' activity, no lines minus youth line", (a0 - a) / n},
                   {"incidents_nuisance, no lines minus youth line",
                    none.weekly.mean(Outcome::incidents_nuisance, 5) - on.weekly.mean(Outcome::incidents_nuisance, 5)}};
  });
}

// Residents reached count as active and their responsibility anchor rises.
TEST(ApproachBap, ParticipationLineRaisesActivityAndResponsibility) {
  expect_directions(30, [&](const RunSettings& r) {
    const ApproachRun none = line_run("", false, r), on = line_run("participation", true, r, [](Params&p) {
                                                       set_param(p, "bap.participation_responsibility", 0.2);
                                                     });
    return Effects{
        {"active_pct, participation line minus none",
         on.weekly.mean(Outcome::active_pct, 10) - none.weekly.mean(Outcome::active_pct, 10)},
        {"responsibility_mean, participation line minus none",
         on.weekly.mean(Outcome::responsibility_mean, 10) - none.weekly.mean(Outcome::responsibility_mean, 10)}};
  });
}

// Offender inflow acts over years: after three years, fewer offenders are active.
TEST(ApproachBap, SocialMobilityLineLowersOffenderInflow) {
  const auto strong = [](Params& p) { set_param(p, "bap.mobility_onset_per_hour", 20); };
  const auto active = [](const World& w) {
    double n = 0;
    for (auto a : w.offenders.active) n += a;
    return n;
  };
  expect_directions(
      156,
      [&](const RunSettings& r) {
        const ApproachRun none = line_run("", false, r), on = line_run("social_mobility", true, r, strong);
        return Effects{{"active offenders after 3 years, no lines minus social mobility line",
                        active(none.world) - active(on.world)}};
      },
      12);
}

// Outreach and care are tested apart: more residents in care leaves fewer emerging problems to
// detect, so the line's two halves together need not raise detection. Extra care hours matter
// only where care capacity is short, so the baseline's care share of welfare hours is low here
// (in both runs).
TEST(ApproachBap, VulnerabilityLineRaisesEarlyDetectionAndCare) {
  const auto with = [](double share) {
    return [share](Params& p) {
      p.organisations.welfare_care_share = 0.05;
      set_param(p, "bap.vulnerability_care_share", share);
    };
  };
  expect_directions(
      30,
      [&](const RunSettings& r) {
        const ApproachRun none = line_run("", false, r, with(0.0)),
                          outreach = line_run("vulnerability", true, r, with(0.0)),
                          care = line_run("vulnerability", true, r, with(1.0));
        return Effects{{"problems detected early, outreach minus none",
                        outreach.weekly.mean(Outcome::social_problems_detected_early) -
                            none.weekly.mean(Outcome::social_problems_detected_early)},
                       {"care cases, care minus none",
                        care.weekly.mean(Outcome::care_cases, 10) - none.weekly.mean(Outcome::care_cases, 10)}};
      },
      8);
}

// Less coordination loss: fewer hours lost to coordination for the same hours.
TEST(ApproachBap, ProfessionalLineLowersCoordinationLoss) {
  expect_directions(20, [&](const RunSettings& r) {
    const ApproachRun none = line_run("", false, r), on = line_run("professional", true, r);
    return Effects{{"coordination_hours, no lines minus professional line",
                    none.weekly.mean(Outcome::coordination_hours) - on.weekly.mean(Outcome::coordination_hours)}};
  });
}
