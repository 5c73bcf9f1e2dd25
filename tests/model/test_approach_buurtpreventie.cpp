// WIRING tests of the buurtpreventie module (model/approaches/buurtpreventie/buurtpreventie.cpp; docs/odd.md
// section 1: a mechanism acts when its strength is above zero and vanishes at zero; directions,
// never the sizes the source hopes for). All other modules off; paired runs share the seed.
// Directions are checked over several seeds (expect_directions, tests/model/approach_testing.hpp:
// each effect 3 se above zero), exact claims at one.
#include <gtest/gtest.h>

#include <set>

#include "tests/model/approach_testing.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {

constexpr std::uint32_t kResidents = 3000;

ScenarioSpec bp_world(const std::function<void(Params&)>& set = {}) {
  return approach_world(kResidents, {"buurtpreventie"}, [&](Params& p) {
    set_param(p, "buurtpreventie.teams_per_1000", 0.01);  // one team, whose area is the neighbourhood's first blocks
    if (set) set(p);
  });
}

double total(const std::vector<double>& v) {
  double s = 0;
  for (double x : v)
    if (!std::isnan(x)) s += x;
  return s;
}

// Incidents on the team's area (the first area_blocks blocks of the neighbourhood), all weeks.
struct AreaIncidents : Observer {
  std::size_t blocks = 0;
  double incidents = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    for (std::size_t k = 0; k < blocks; ++k)
      for (auto n : w.blocks.incidents_week[w.neighbourhoods[0].blocks[k]]) incidents += n;
  }
};

double area_incidents(const ScenarioSpec& s, const RunSettings& r) {
  Simulation sim(s, r, 0);
  AreaIncidents obs;
  obs.blocks = static_cast<std::size_t>(as_int(param_value(s.params, "buurtpreventie.area_blocks")));
  sim.run(obs);
  return obs.incidents;
}

}  // namespace

TEST(ApproachBuurtpreventie, ZeroBudgetEqualsTheBaseline) {
  const RunSettings r = approach_weeks(30);
  const ApproachRun base = run_approach(approach_world(kResidents, {}), r);
  const ApproachRun zero = run_approach(bp_world([](Params& p) { zero_budget(p, "buurtpreventie"); }), r);
  expect_identical(base.weekly, zero.weekly);
}

// Common random numbers: a team that walks without any effect (no guardianship, noticing,
// harms, signals or reassurance) changes no draw of another stream, so every outcome but the module's own
// accounting is identical to the baseline.
TEST(ApproachBuurtpreventie, WithoutEffectsOnlyItsAccountsDiffer) {
  const RunSettings r = approach_weeks(40);
  const ApproachRun base = run_approach(approach_world(kResidents, {}), r);
  const ApproachRun idle = run_approach(bp_world([](Params& p) {
                                          set_param(p, "buurtpreventie.guardianship_per_walk", 0);
                                          set_param(p, "buurtpreventie.notice", 0);
                                          set_param(p, "buurtpreventie.low_value_rate", 0);
                                          set_param(p, "buurtpreventie.escalation_rate", 0);
                                          set_param(p, "buurtpreventie.niet_pluis_notice", 0);
                                          p.fear.watch_reassurance = 0;
                                        }),
                                        r);
  const std::set<Outcome> own = {Outcome::volunteers,
                                 Outcome::cost_eur,
                                 Outcome::professional_hours,
                                 Outcome::approach_hours,
                                 Outcome::police_hours,
                                 Outcome::municipality_hours,
                                 Outcome::welfare_hours,
                                 Outcome::coordination_hours,
                                 Outcome::approach_police_hours,
                                 Outcome::approach_municipality_hours,
                                 Outcome::approach_welfare_hours,
                                 Outcome::approach_corporation_hours,
                                 Outcome::approach_other_cost_eur,
                                 Outcome::approach_one_off_cost_eur,
                                 Outcome::hours_support,
                                 Outcome::hours_overhead};
  EXPECT_GT(idle.weekly.mean(Outcome::volunteers), 0.0);
  for (std::size_t o = 0; o < outcome_count(); ++o) {
    if (own.count(static_cast<Outcome>(o))) continue;
    const auto a = base.weekly.series(static_cast<Outcome>(o)), b = idle.weekly.series(static_cast<Outcome>(o));
    for (std::size_t t = 0; t < a.size(); ++t) {
      if (std::isnan(a[t]) && std::isnan(b[t])) continue;
      ASSERT_EQ(a[t], b[t]) << all_outcomes()[o].name << " week " << t;
    }
  }
}

// Teams report what they notice where they walk; with noticing at zero they report nothing.
TEST(ApproachBuurtpreventie, TeamsRaiseReportsWhereTheyWalk) {
  const ApproachRun blind =
      run_approach(bp_world([](Params& p) { set_param(p, "buurtpreventie.notice", 0); }), approach_weeks(40));
  EXPECT_EQ(total(blind.weekly.series(outcome_named("volunteer_reports"))), 0.0);  // exact
  expect_directions(40, [&](const RunSettings& r) {
    const ApproachRun base = run_approach(approach_world(kResidents, {}), r);
    const ApproachRun walk = run_approach(bp_world([](Params& p) { set_param(p, "buurtpreventie.notice", 0.5); }), r);
    return Effects{{"volunteer reports in 40 weeks", total(walk.weekly.series(outcome_named("volunteer_reports")))},
                   {"reports in 40 weeks, teams noticing minus baseline",
                    total(walk.weekly.series(Outcome::reports)) - total(base.weekly.series(Outcome::reports))}};
  });
}

// Guardianship where they walk: with a strong guardianship per walk, fewer incidents on the
// team's area than in the baseline (relative fall, paired over 10 seeds, 3 se); with none, the same as without teams'
// guardianship.
TEST(ApproachBuurtpreventie, GuardianshipLowersIncidentsOnTheWalkedBlocks) {
  const RunSettings r = approach_weeks(52);
  const auto with = [](double g) {
    return [g](Params& p) {
      set_param(p, "buurtpreventie.guardianship_per_walk", g);
      set_param(p, "buurtpreventie.walks_per_week", 5);
      set_param(p, "buurtpreventie.notice", 0);
      set_param(p, "buurtpreventie.low_value_rate", 0);
      set_param(p, "buurtpreventie.escalation_rate", 0);
      set_param(p, "buurtpreventie.niet_pluis_notice", 0);
      p.fear.watch_reassurance = 0;  // walks reassure no one, so avoidance cannot move guardianship
    };
  };
  const auto base_world = [] {
    return approach_world(kResidents, {}, [](Params& p) { set_param(p, "buurtpreventie.area_blocks", 8); });
  };
  EXPECT_EQ(area_incidents(bp_world(with(0.0)), r), area_incidents(base_world(), r));  // exact
  expect_directions(
      52,
      [&](const RunSettings& rs) {
        // Relative, since places differ durably: an absolute difference is dominated by the seeds
        // whose walked blocks include a hot spot.
        const double base = area_incidents(base_world(), rs);
        return Effects{{"incidents on the walked blocks in 52 weeks, relative fall under strong guardianship",
                        1.0 - area_incidents(bp_world(with(0.6)), rs) / base}};
      },
      10);
}

// Without feedback on their reports members lose motivation and leave.
TEST(ApproachBuurtpreventie, WithoutFeedbackMotivationAndNumbersFall) {
  const auto with = [](double feedback) {
    return [feedback](Params& p) {
      set_param(p, "buurtpreventie.feedback_share", feedback);
      set_param(p, "buurtpreventie.notice", 0.5);
      set_param(p, "buurtpreventie.recruitment", 0);
    };
  };
  expect_directions(
      52,
      [&](const RunSettings& r) {
        const ApproachRun fed = run_approach(bp_world(with(1.0)), r), unfed = run_approach(bp_world(with(0.0)), r);
        return Effects{
            {"volunteers after 52 weeks, feedback minus none",
             fed.weekly.series(Outcome::volunteers).back() - unfed.weekly.series(Outcome::volunteers).back()}};
      },
      6);
}

// "Niet pluis": a team that takes signalling up passes emerging problems on, so more are
// detected early; escalations fall only when early help is effective (care.effectiveness > 0)
// and there is care capacity; with an effectiveness of zero they do not change at all. Ample
// care capacity here (care.hours_per_case 0.05, as in MechanismZero.CareLowersEscalation): at
// the default capacity the extra detections find little care, and the fall in escalations is
// within the noise (measured 1.0 fewer, se 1.0, over 16 seeds; the test once asserted it at one
// seed, where it happened to be 7).
TEST(ApproachBuurtpreventie, NietPluisRaisesEarlyDetectionAndLowersEscalationOnlyWithEffectiveCare) {
  const auto with = [](bool training, double effectiveness) {
    return [training, effectiveness](Params& p) {
      set_param(p, "buurtpreventie.training_niet_pluis", training ? 1 : 0);
      set_param(p, "buurtpreventie.niet_pluis_uptake", 1);
      set_param(p, "buurtpreventie.niet_pluis_notice", 0.5);
      set_param(p, "buurtpreventie.area_blocks", 200);  // the whole neighbourhood
      p.care.effectiveness = effectiveness;
      p.care.hours_per_case = 0.05;  // ample care capacity
    };
  };
  const auto early = [](const ApproachRun& x) {
    return total(x.weekly.series(Outcome::social_problems_detected_early));
  };
  const auto escalated = [](const ApproachRun& x) {
    return total(x.weekly.series(Outcome::social_problems_escalated));
  };
  expect_directions(78, [&](const RunSettings& r) {
    const ApproachRun on = run_approach(bp_world(with(true, 0.8)), r),
                      off = run_approach(bp_world(with(false, 0.8)), r);
    const ApproachRun on0 = run_approach(bp_world(with(true, 0.0)), r),
                      off0 = run_approach(bp_world(with(false, 0.0)), r);
    // Exact: with an effectiveness of zero, escalations do not change at all.
    EXPECT_EQ(on0.weekly.series(Outcome::social_problems_escalated),
              off0.weekly.series(Outcome::social_problems_escalated));
    return Effects{{"problems detected early, niet pluis minus none", early(on) - early(off)},
                   {"escalations, none minus niet pluis", escalated(off) - escalated(on)},
                   {"problems detected early at effectiveness 0, niet pluis minus none", early(on0) - early(off0)}};
  });
}

// Residents detected early, in all, and groups (aged 65+ or not x migration background or not)
// among them.
struct DetectedGroups : Observer {
  std::set<int> groups;
  double detected = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    for (std::uint32_t id = 0; id < w.residents.size(); ++id)
      if (w.residents.week_events[id] & kEventDetected) {
        groups.insert((w.residents.age[id] == kAge65Plus ? 2 : 0) + (w.residents.migration[id] ? 1 : 0));
        detected += 1;
      }
  }
};

// A team sees the signals of its own kind: where only a member of the resident's own group
// notices (mismatch_factor 0) and signals are the only route to early detection (no outreach,
// no ties' signals), a small team (the same members in both runs: recruitment does not depend on
// mismatch_factor) detects fewer problems than where anyone notices (mismatch_factor 1), 20
// seeds. What this implies for diversity was the test's former claim, that a team recruited
// across groups detects problems in more groups than one recruited among like-minded residents:
// over 16 seeds the difference was +0.6 groups (se 0.3), within the noise (a team of four is a
// lottery, and low diversity favours older residents, so like-minded teams often cover both age
// groups); at its one seed it was +1. That claim is not tested.
TEST(ApproachBuurtpreventie, OnlyTheirOwnGroupNoticesWithoutCrossGroupNoticing) {
  const auto with = [](double mismatch) {
    return [mismatch](Params& p) {
      set_param(p, "buurtpreventie.diversity", 0);
      set_param(p, "buurtpreventie.mismatch_factor", mismatch);
      set_param(p, "buurtpreventie.niet_pluis_uptake", 1);
      set_param(p, "buurtpreventie.niet_pluis_notice", 0.5);
      set_param(p, "buurtpreventie.area_blocks", 200);
      set_param(p, "buurtpreventie.team_size", 4);  // one small team, so that who it recruits matters
      set_param(p, "buurtpreventie.min_size", 1);
      p.care.detection_per_hour = 0;
      p.care.tie_signal = 0;
    };
  };
  expect_directions(
      52,
      [&](const RunSettings& r) {
        double detected[2] = {0, 0};
        for (int k = 0; k < 2; ++k) {
          Simulation sim(bp_world(with(k == 0 ? 1.0 : 0.0)), r, 0);
          DetectedGroups obs;
          sim.run(obs);
          detected[k] = obs.detected;
        }
        return Effects{{"residents detected early, anyone notices minus own group only", detected[0] - detected[1]}};
      },
      20);
}

// Untrained teams produce more low-value reports (and those use police hours).
TEST(ApproachBuurtpreventie, UntrainedTeamsProduceMoreLowValueReports) {
  const auto with = [](bool trained) {
    return [trained](Params& p) { set_param(p, "buurtpreventie.training_safety", trained ? 1 : 0); };
  };
  expect_directions(40, [&](const RunSettings& r) {
    const ApproachRun trained = run_approach(bp_world(with(true)), r),
                      untrained = run_approach(bp_world(with(false)), r);
    return Effects{{"low-value reports, untrained minus trained",
                    total(untrained.weekly.series(outcome_named("low_value_reports"))) -
                        total(trained.weekly.series(outcome_named("low_value_reports")))}};
  });
  const RunSettings r = approach_weeks(40);
  const ApproachRun none = run_approach(bp_world([](Params& p) {
                                          set_param(p, "buurtpreventie.training_safety", 0);
                                          set_param(p, "buurtpreventie.low_value_rate", 0);
                                        }),
                                        r);
  EXPECT_EQ(total(none.weekly.series(outcome_named("low_value_reports"))), 0.0);
}
