// WIRING tests of the VBA module (model/approaches/vba/vba.cpp; docs/odd.md section 1: they show a
// mechanism acting when its strength is above zero and vanishing at zero, and assert directions,
// never the sizes the source documents hope for). All other modules off; paired runs share the
// seed (common random numbers). Exact claims are checked at one seed, directions over several
// (expect_directions, tests/model/approach_testing.hpp: each effect 3 se above zero).
#include <gtest/gtest.h>

#include "model/approaches/team.hpp"
#include "model/observer.hpp"
#include "tests/model/approach_testing.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {

ScenarioSpec vba_world(const std::function<void(Params&)>& set = {}) { return approach_world(3000, {"vba"}, set); }

}  // namespace

TEST(ApproachVba, ZeroBudgetEqualsTheBaseline) {
  const RunSettings r = approach_weeks(30);
  const ApproachRun base = run_approach(approach_world(3000, {}), r);
  const ApproachRun zero = run_approach(vba_world([](Params& p) { zero_budget(p, "vba"); }), r);
  expect_identical(base.weekly, zero.weekly);
}

// Contacts make residents know the team; after 2.5 cycles of 10 weeks the parts that had their
// agenda round (0, 1, 2) know it better than the part still waiting (3).
TEST(ApproachVba, ContactsRaiseTeamAwarenessMostInPartsThatHadTheirCycle) {
  const auto set = [](Params& p) {
    set_param(p, "vba.parts", 4);
    set_param(p, "vba.cycle_weeks", 10);
    set_param(p, "vba.ramp_weeks", 0);
    p.team.word_of_mouth = 0.002;
  };
  const ApproachRun base = run_approach(approach_world(3000, {}, set), approach_weeks(25));
  EXPECT_EQ(base.weekly.mean(Outcome::team_awareness_pct), 0.0);  // exact: no team without VBA
  expect_directions(25, [&](const RunSettings& r) {
    const ApproachRun run = run_approach(vba_world(set), r);
    std::vector<std::uint32_t> had, waiting, blocks;
    for (int k = 0; k < 3; ++k) {
      approaches::part_blocks(run.world, 0, 4, k, blocks);
      had.insert(had.end(), blocks.begin(), blocks.end());
    }
    approaches::part_blocks(run.world, 0, 4, 3, waiting);
    const double a = adult_share(run.world, had, run.world.residents.team_aware);
    const double b = adult_share(run.world, waiting, run.world.residents.team_aware);
    return Effects{
        {"team awareness in weeks 20-24 minus 1 point", run.weekly.mean(Outcome::team_awareness_pct, 20) - 1},
        {"awareness in parts with a cycle minus twice the part without", a - 2 * b}};
  });
}

// Feedback carries a trust gain: switched off, trust in the police is lower (same seed).
// Deliberate break (scripts/check_breaks.py): BUURTSIM_BREAK=vba_no_feedback_gain sets
// vba.feedback_trust to 0, and the direction must fail.
TEST(ApproachVba, FeedbackOffRemovesItsTrustGain) {
  const bool no_gain = broken("vba_no_feedback_gain");
  const auto with = [no_gain](bool feedback) {
    return [feedback, no_gain](Params& p) {
      set_param(p, "vba.feedback", feedback ? 1 : 0);
      set_param(p, "vba.promise_cost", 0);
      if (no_gain) set_param(p, "vba.feedback_trust", 0);
    };
  };
  expect_directions(40, [&](const RunSettings& r) {
    const ApproachRun on = run_approach(vba_world(with(true)), r), off = run_approach(vba_world(with(false)), r);
    return Effects{{"trust in the police, feedback on minus off",
                    on.weekly.mean(Outcome::trust_police_mean, 20) - off.weekly.mean(Outcome::trust_police_mean, 20)}};
  });
  // Exact: with neither feedback gain nor promise cost, feedback on or off makes no difference.
  const RunSettings r = approach_weeks(40);
  const ApproachRun off = run_approach(vba_world(with(false)), r);
  const ApproachRun none = run_approach(vba_world([](Params& p) {
                                          set_param(p, "vba.feedback", 1);
                                          set_param(p, "vba.promise_cost", 0);
                                          set_param(p, "vba.feedback_trust", 0);
                                        }),
                                        r);
  expect_identical(none.weekly, off.weekly);
}

// Promises not delivered cost trust: with no hours for the agenda's tasks (all task hours go to
// outreach), nothing of the agenda is achieved beyond what the states do by themselves, and trust
// is lower with vba.promise_cost than without it.
TEST(ApproachVba, UndeliveredPromisesLowerTrust) {
  const auto with = [](double cost) {
    return [cost](Params& p) {
      set_param(p, "vba.outreach_share", 1);  // no hours for any organisation's own tasks on the agenda
      set_param(p, "vba.take_part", 0);       // nor residents' actions
      set_param(p, "vba.feedback_trust", 0);
      set_param(p, "vba.promise_cost", cost);
    };
  };
  expect_directions(40, [&](const RunSettings& r) {
    const ApproachRun costly = run_approach(vba_world(with(0.6)), r), free = run_approach(vba_world(with(0.0)), r);
    return Effects{
        {"trust in the police, no promise cost minus cost",
         free.weekly.mean(Outcome::trust_police_mean, 20) - costly.weekly.mean(Outcome::trust_police_mean, 20)},
        {"trust in the municipality, no promise cost minus cost",
         free.weekly.mean(Outcome::trust_municipality_mean, 20) -
             costly.weekly.mean(Outcome::trust_municipality_mean, 20)}};
  });
}

TEST(ApproachVba, LongerCycleGivesFewerAgendaRounds) {
  const auto cycle = [](int weeks) { return [weeks](Params& p) { set_param(p, "vba.cycle_weeks", weeks); }; };
  const RunSettings r = approach_weeks(60);
  const ApproachRun ten = run_approach(vba_world(cycle(10)), r), twenty = run_approach(vba_world(cycle(20)), r);
  EXPECT_EQ(ten.weekly.series(outcome_named("agenda_rounds")).back(), 6.0);
  EXPECT_EQ(twenty.weekly.series(outcome_named("agenda_rounds")).back(), 3.0);
}

// Taking part in carrying out the agenda (clean-up actions, walks, street meetings) makes
// residents active: active_pct is higher with vba.take_part 1 than 0.
TEST(ApproachVba, TakingPartRaisesParticipation) {
  const auto with = [](double take_part) {
    return [take_part](Params& p) { set_param(p, "vba.take_part", take_part); };
  };
  expect_directions(
      40,
      [&](const RunSettings& r) {
        const ApproachRun on = run_approach(vba_world(with(1)), r), off = run_approach(vba_world(with(0)), r);
        return Effects{{"active_pct, residents take part minus not",
                        on.weekly.mean(Outcome::active_pct, 20) - off.weekly.mean(Outcome::active_pct, 20)}};
      },
      12);
}

// Being reached (at the door, at a meeting, setting the agenda) is not taking part. Exact: with
// no one taking part, additional hours and every other path of the VBA to residents' states set
// to zero (no hours of the police, whose presence would change exposure; no clean-up, traffic
// or calming effect; no trust, responsibility or reassurance from the team; no coordinator,
// whose lower coordination loss would change the baseline service), a VBA that reaches
// nearly every adult of each part leaves every resident's activity as in the baseline.
TEST(ApproachVba, BeingReachedDoesNotMakeResidentsActive) {
  const auto quiet = [](Params& p) {
    set_param(p, "vba.funding", 0);  // additional: the baseline service keeps its hours
    set_param(p, "vba.police_hours", 0);
    set_param(p, "vba.municipality_hours", 20);
    set_param(p, "vba.welfare_hours", 20);
    set_param(p, "vba.meeting_reach", 100);
    set_param(p, "vba.door_reach", 100);
    set_param(p, "vba.take_part", 0);
    set_param(p, "vba.coordinator", 0);  // the baseline's coordination loss as without the VBA
    for (const char* k : {"vba.cleanup_per_hour", "vba.traffic_per_hour", "vba.calm_per_hour", "vba.feedback_trust",
                          "vba.promise_cost", "vba.responsibility_gain", "vba.team_reassurance"})
      set_param(p, k, 0);
    p.team.contact_trust = 0;
  };
  const RunSettings r = approach_weeks(40);
  const ApproachRun vba = run_approach(vba_world(quiet), r), base = run_approach(approach_world(3000, {}, quiet), r);
  EXPECT_GT(vba.weekly.mean(Outcome::team_awareness_pct, 20), 20.0);  // many were reached
  EXPECT_EQ(vba.weekly.series(Outcome::active_pct), base.weekly.series(Outcome::active_pct));
  EXPECT_EQ(vba.world.residents.last_active, base.world.residents.last_active);
}

// Each organisation's hours go to its own tasks only: over every week of a run in which all six
// item kinds can be on the agenda, police hours go to presence, outreach and overhead (never to
// clean-up, traffic measures or care), welfare hours never to environment or enforcement, and
// every organisation's booked hours satisfy organisation_does. The police's presence hours are
// there (patrol on crime and nuisance items, and in the part otherwise).
struct OrgHours : Observer {
  std::array<std::array<double, kApproachTasks>, kOrganisations> total{};
  void on_week(const World& w, const OutcomeTable&) override {
    for (std::size_t o = 0; o < kOrganisations; ++o)
      for (std::size_t t = 0; t < kApproachTasks; ++t) total[o][t] += w.neighbourhoods[0].week.org_task_hours[o][t];
  }
};

TEST(ApproachVba, PoliceHoursGoOnlyToPoliceTasks) {
  const ScenarioSpec s = vba_world([](Params& p) {
    set_param(p, "vba.priorities", 6);
    set_param(p, "vba.police_hours", 5);
  });
  Simulation sim(s, approach_weeks(40), 0);
  OrgHours hours;
  sim.run(hours);
  for (std::size_t o = 0; o < kOrganisations; ++o)
    for (std::size_t t = 0; t < kApproachTasks; ++t) {
      if (!organisation_does(static_cast<Organisation>(o), static_cast<ApproachTask>(t))) {
        EXPECT_EQ(hours.total[o][t], 0.0) << "organisation " << o << " task " << t;
      }
    }
  EXPECT_EQ(hours.total[kOrgPolice][kTaskEnvironment], 0.0);
  EXPECT_EQ(hours.total[kOrgPolice][kTaskCare], 0.0);
  EXPECT_GT(hours.total[kOrgPolice][kTaskPresence], 0.0);
  EXPECT_GT(hours.total[kOrgWelfare][kTaskOutreach], 0.0);
}

// When the window ends during a cycle, the cycle in progress gets its answers in the window's
// last week. Additional hours (so ending the window gives the regular service nothing back) and
// no promise cost: the trust gap between a run whose window ends at week 15 and one whose window
// goes on (its cycle gets its answers only at week 20), in weeks 15-19, is mostly the answers:
// with a feedback gain of 3 it is more than five times the gap without a feedback gain. The
// agenda of that cycle is drawn in week 12, so its work has three weeks: a target reduction of
// 1% lets that deliver. 16 seeds (the answers reach only those reached in weeks 10-14).
TEST(ApproachVba, TheCycleInProgressGetsItsAnswersWhenTheWindowEnds) {
  const auto with = [](int end, double gain) {
    return [end, gain](Params& p) {
      set_param(p, "vba.end_week", end);
      set_param(p, "vba.ramp_weeks", 0);
      set_param(p, "vba.funding", 0);  // additional
      set_param(p, "vba.feedback_trust", gain);
      set_param(p, "vba.promise_cost", 0);
      set_param(p, "vba.target_reduction", 0.01);  // three weeks of work on the agenda deliver
    };
  };
  expect_directions(
      20,
      [&](const RunSettings& r) {
        const auto gap = [&](double gain) {
          const ApproachRun ended = run_approach(vba_world(with(15, gain)), r),
                            ongoing = run_approach(vba_world(with(-1, gain)), r);
          return ended.weekly.mean(Outcome::trust_police_mean, 15, 19) -
                 ongoing.weekly.mean(Outcome::trust_police_mean, 15, 19);
        };
        const double answered = gap(3.0), silent = gap(0.0);
        return Effects{{"trust gap in weeks 15-19 with answers", answered},
                       {"trust gap with answers minus 5 x |gap without|", answered - 5 * std::abs(silent)}};
      },
      16);
}
