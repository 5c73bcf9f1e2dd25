// WIRING tests of what every approach shares (model/approach.hpp): hours granted from the
// organisations' capacity (additional or redeployed), over-commitment reported rather than
// exceeded, the window, the ramp-up, fidelity, and results independent of the thread count.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "tests/model/approach_testing.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {

constexpr std::uint32_t kResidents = 2000;  // capacity: police 8 h per 1,000 -> 16 hours a week

void redeploy_police(Params& p, const std::string& group, double per_1000) {
  zero_budget(p, group);
  param(*find_param(group + ".police_hours")).set(p, per_1000);
  param(*find_param(group + ".funding")).set(p, 1);  // redeployed
  param(*find_param(group + ".ramp_weeks")).set(p, 0);
}

}  // namespace

// Two modules that together ask for more redeployed police hours than there are share the
// capacity: the police hours used stay at the capacity, and the shortfall is reported.
TEST(Approaches, CompetingModulesShareCapacityAndReportOvercommitment) {
  const RunSettings r = approach_weeks(10);
  const ApproachRun both = run_approach(approach_world(kResidents, {"vba", "wijkveiligheid"},
                                                       [](Params& p) {
                                                         redeploy_police(p, "vba", 5);
                                                         redeploy_police(p, "wijkveiligheid", 5);
                                                       }),
                                        r);
  for (double x : both.weekly.series(Outcome::overcommitted_hours)) EXPECT_NEAR(x, 4.0, 1e-9);  // (5 + 5 - 8) x 2
  for (double x : both.weekly.series(Outcome::police_hours)) EXPECT_NEAR(x, 16.0, 1e-9);
  for (double x : both.weekly.series(Outcome::approach_hours)) EXPECT_NEAR(x, 16.0, 1e-9);
  const ApproachRun one =
      run_approach(approach_world(kResidents, {"vba"}, [](Params& p) { redeploy_police(p, "vba", 5); }), r);
  for (double x : one.weekly.series(Outcome::overcommitted_hours)) EXPECT_EQ(x, 0.0);
}

// Redeployed hours come out of the baseline service (fewer reports followed up); additional
// hours do not, but cost more.
TEST(Approaches, RedeployedHoursLeaveTheBaselineServiceLess) {
  const RunSettings r = approach_weeks(30);
  const auto with = [](int funding) {
    return [funding](Params& p) {
      redeploy_police(p, "vba", 6);
      set_param(p, "vba.funding", funding);
    };
  };
  const ApproachRun redeployed = run_approach(approach_world(kResidents, {"vba"}, with(1)), r);
  const ApproachRun additional = run_approach(approach_world(kResidents, {"vba"}, with(0)), r);
  EXPECT_LT(redeployed.weekly.mean(Outcome::cost_eur), additional.weekly.mean(Outcome::cost_eur));  // exact
  EXPECT_NEAR(redeployed.weekly.mean(Outcome::police_hours), 16.0, 1e-9);
  EXPECT_NEAR(additional.weekly.mean(Outcome::police_hours), 28.0, 1e-9);
  // Direction, over 14 seeds (expect_directions: 3 se above zero; sd of the effect between seeds
  // about 4.8 points around 8.6).
  expect_directions(
      30,
      [&](const RunSettings& rs) {
        const ApproachRun re = run_approach(approach_world(kResidents, {"vba"}, with(1)), rs);
        const ApproachRun add = run_approach(approach_world(kResidents, {"vba"}, with(0)), rs);
        return Effects{
            {"reports followed up, additional minus redeployed (points)",
             add.weekly.mean(Outcome::reports_followed_up_pct) - re.weekly.mean(Outcome::reports_followed_up_pct)}};
      },
      14);
}

// Hours only inside the window [start_week, end_week), growing linearly over ramp_weeks.
TEST(Approaches, HoursFollowTheWindowAndTheRampUp) {
  const ApproachRun run =
      run_approach(approach_world(kResidents, {"wijkveiligheid"},
                                  [](Params& p) {
                                    zero_budget(p, "wijkveiligheid");
                                    set_param(p, "wijkveiligheid.police_hours", 4);  // 8 hours a week at full strength
                                    set_param(p, "wijkveiligheid.start_week", 5);
                                    set_param(p, "wijkveiligheid.end_week", 15);
                                    set_param(p, "wijkveiligheid.ramp_weeks", 4);
                                  }),
                   approach_weeks(20));
  const auto h = run.weekly.series(Outcome::approach_hours);
  for (int t = 0; t < 20; ++t) {
    const double expected = t < 5 || t >= 15 ? 0.0 : 8.0 * std::min(1.0, (t - 5 + 1) / 4.0);
    EXPECT_NEAR(h[static_cast<std::size_t>(t)], expected, 1e-9) << "week " << t;
  }
}

// Fidelity 0: the hours are spent (and cost) but no task is done.
TEST(Approaches, ZeroFidelitySpendsHoursWithoutEffect) {
  const RunSettings r = approach_weeks(30);
  const ApproachRun run =
      run_approach(approach_world(kResidents, {"vba"}, [](Params& p) { set_param(p, "vba.fidelity", 0); }), r);
  EXPECT_GT(run.weekly.mean(Outcome::approach_hours), 0.0);
  EXPECT_EQ(run.weekly.mean(Outcome::team_contacts), 0.0);
  EXPECT_EQ(run.weekly.mean(Outcome::team_awareness_pct), 0.0);
}

// All four modules in one scenario give the same results on 1 and 2 threads.
TEST(Approaches, AllModulesTogetherIndependentOfThreads) {
  const ScenarioSpec s = approach_world(kResidents, {"vba", "bap", "wijkveiligheid", "buurtpreventie"});
  const RunSettings r = approach_weeks(20);
  ApproachRun one = [&] {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
    return run_approach(s, r);
  }();
  ApproachRun two = [&] {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
    return run_approach(s, r);
  }();
  expect_identical(one.weekly, two.weekly);
}

// Every module books all the hours it is granted on tasks (or overhead): for each module alone
// and all four together, the hours by task add up to approach_hours in every week.
TEST(Approaches, HoursByTaskAddUpToTheApproachHours) {
  const std::vector<std::vector<std::string>> cases = {
      {"vba"}, {"bap"}, {"wijkveiligheid"}, {"buurtpreventie"}, {"vba", "bap", "wijkveiligheid", "buurtpreventie"}};
  const Outcome tasks[] = {Outcome::hours_outreach, Outcome::hours_presence,    Outcome::hours_enforcement,
                           Outcome::hours_care,     Outcome::hours_environment, Outcome::hours_support,
                           Outcome::hours_overhead};
  for (const auto& approaches : cases) {
    SCOPED_TRACE(approaches.size() == 1 ? approaches[0] : "all four");
    const ApproachRun run =
        run_approach(approach_world(kResidents, approaches, [](Params& p) { set_param(p, "bap.switch_week", 12); }),
                     approach_weeks(26));
    const auto total = run.weekly.series(Outcome::approach_hours);
    for (std::size_t t = 0; t < total.size(); ++t) {
      double sum = 0;
      for (Outcome o : tasks) sum += run.weekly.series(o)[t];
      EXPECT_NEAR(sum, total[t], 1e-9 * (1 + total[t])) << "week " << t;
    }
    EXPECT_GT(total.back(), 0.0);
  }
}
