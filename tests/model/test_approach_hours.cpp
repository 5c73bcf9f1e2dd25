// WIRING tests of whose hours do what (docs/odd.md section 12, "Hours by organisation"): every
// approach books an organisation's hours only on that organisation's own tasks; a neighbourhood
// watch's reports cost the police presence only the follow-up hours of any report; redeployed
// hours appear as the regular work each organisation lost.
#include <gtest/gtest.h>

#include "model/capacity.hpp"
#include "tests/model/approach_testing.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {

constexpr std::uint32_t kResidents = 2000;

// The week's accounts of neighbourhood 0, and what allocate_hours set for it.
struct Accounts : Observer {
  std::vector<WeekAccounts> weeks;
  std::vector<std::array<double, kOrganisations>> redeployed;
  std::vector<double> coordination_factor;
  void on_week(const World& w, const OutcomeTable&) override {
    weeks.push_back(w.neighbourhoods[0].week);
    redeployed.push_back(w.neighbourhoods[0].redeployed);
    coordination_factor.push_back(w.neighbourhoods[0].coordination_factor);
  }
};

Accounts run_accounts(const ScenarioSpec& s, const RunSettings& r) {
  Simulation sim(s, r, 0);
  Accounts a;
  sim.run(a);
  return a;
}

void set_if_declared(Params& p, const std::string& name, double value) {
  if (find_param(name)) set_param(p, name, value);
}

}  // namespace

// Every registered approach alone, and all of them together, at their default settings (the BAP
// switching to its second phase half-way): in every week each organisation's granted hours are
// all booked for it (none pooled), and none on a task it does not do.
TEST(ApproachHours, EveryOrganisationWorksOnlyOnItsOwnTasks) {
  std::vector<std::vector<std::string>> cases;
  for (const std::string& name : approach_names()) cases.push_back({name});
  cases.push_back(approach_names());
  for (const auto& approaches : cases) {
    SCOPED_TRACE(approaches.size() == 1 ? approaches[0] : "all together");
    const Accounts run = run_accounts(
        approach_world(kResidents, approaches, [](Params& p) { set_if_declared(p, "bap.switch_week", 12); }),
        approach_weeks(26));
    double granted = 0;
    for (std::size_t t = 0; t < run.weeks.size(); ++t)
      for (std::size_t o = 0; o < kOrganisations; ++o) {
        double booked = 0;
        for (std::size_t k = 0; k < kApproachTasks; ++k) {
          const double h = run.weeks[t].org_task_hours[o][k];
          booked += h;
          if (!organisation_does(static_cast<Organisation>(o), static_cast<ApproachTask>(k))) {
            EXPECT_EQ(h, 0.0) << "organisation " << o << " hours on task " << k << " in week " << t;
          }
        }
        // Every hour granted is booked for the organisation whose it is (none pooled).
        const double hours = run.weeks[t].approach_hours[o];
        EXPECT_NEAR(booked, hours, 1e-9 * (1 + hours)) << "organisation " << o << " in week " << t;
        granted += hours;
      }
    EXPECT_GT(granted, 0.0);
  }
}

// A watch's reports, low-value ones included, go to the police's queue and are followed up like
// any report: in every week the police presence with the watch equals the baseline's less
// police.hours_per_report for every extra report followed up (exact: the same baseline hours and
// coordination loss, so presence is what the follow-up leaves).
TEST(ApproachHours, WatchReportsCostPresenceOnlyTheirFollowUp) {
  const auto watch = [](Params& p) {
    set_param(p, "buurtpreventie.teams_per_1000", 2);
    set_param(p, "buurtpreventie.training_safety", 0);
    set_param(p, "buurtpreventie.low_value_rate", 2);
    set_param(p, "buurtpreventie.notice", 0.5);
  };
  const RunSettings r = approach_weeks(30);
  const Accounts base = run_accounts(approach_world(kResidents, {}, watch), r);
  const Accounts with = run_accounts(approach_world(kResidents, {"buurtpreventie"}, watch), r);
  const double h = Params{}.police.hours_per_report;
  double extra = 0;
  for (std::size_t t = 0; t < base.weeks.size(); ++t) {
    const WeekAccounts &b = base.weeks[t], &x = with.weeks[t];
    ASSERT_GT(b.police_hours_presence, 0.0) << "week " << t;  // presence not cut off at zero
    ASSERT_EQ(x.police_hours_available, b.police_hours_available);
    extra += x.reports_followed_up - b.reports_followed_up;
    EXPECT_NEAR(x.police_hours_presence, b.police_hours_presence - h * (x.reports_followed_up - b.reports_followed_up),
                1e-9)
        << "week " << t;
  }
  EXPECT_GT(extra, 0.0);  // the watch did add reports the police followed up
}

// Redeployed hours of every organisation appear as the regular work it lost: the police's
// patrol presence (and follow-up once presence is gone), municipal clean-up, welfare outreach and
// care, the corporation's maintenance; each equals the hours redeployed after the baseline's
// coordination loss (maintenance: before it, as maintenance uses the hours before the loss).
// With additional hours nothing is lost.
TEST(ApproachHours, RedeployedHoursShowAsLostRegularWork) {
  const auto budget = [](double police, int funding) {
    return [police, funding](Params& p) {
      set_param(p, "wijkveiligheid.police_hours", police);
      set_param(p, "wijkveiligheid.municipality_hours", 2);
      set_param(p, "wijkveiligheid.welfare_hours", 2);
      set_param(p, "wijkveiligheid.corporation_hours", 1);
      set_param(p, "wijkveiligheid.funding", funding);
      set_param(p, "wijkveiligheid.ramp_weeks", 0);
    };
  };
  const RunSettings r = approach_weeks(20);
  const Params defaults;
  const auto check = [&](const Accounts& run) {
    double presence = 0, followup = 0;
    for (std::size_t t = 0; t < run.weeks.size(); ++t) {
      const WeekAccounts& a = run.weeks[t];
      const auto& R = run.redeployed[t];
      const double police_loss = defaults.police.coordination_loss * run.coordination_factor[t];
      const double loss = defaults.organisations.coordination_loss * run.coordination_factor[t];
      EXPECT_NEAR(a.lost_presence_hours + a.lost_followup_hours, R[kOrgPolice] * (1 - police_loss), 1e-9) << t;
      EXPECT_NEAR(a.lost_cleanup_hours, R[kOrgMunicipality] * (1 - loss), 1e-9) << t;
      EXPECT_NEAR(a.lost_outreach_hours + a.lost_care_hours, R[kOrgWelfare] * (1 - loss), 1e-9) << t;
      EXPECT_NEAR(a.lost_care_hours, R[kOrgWelfare] * (1 - loss) * defaults.organisations.welfare_care_share, 1e-9);
      EXPECT_NEAR(a.lost_maintenance_hours, R[kOrgCorporation], 1e-9) << t;
      presence += a.lost_presence_hours;
      followup += a.lost_followup_hours;
    }
    return std::pair{presence, followup};
  };
  const Accounts some = run_accounts(approach_world(kResidents, {"wijkveiligheid"}, budget(2, 1)), r);
  const auto [presence, followup] = check(some);
  EXPECT_GT(presence, 0.0);
  EXPECT_EQ(followup, 0.0);  // presence was enough: follow-up keeps its priority
  // Nearly all police hours redeployed: presence is gone and follow-up loses too.
  const double capacity = defaults.police.hours_per_1000;
  const Accounts most = run_accounts(approach_world(kResidents, {"wijkveiligheid"}, budget(capacity - 0.1, 1)), r);
  EXPECT_GT(check(most).second, 0.0);
  for (const WeekAccounts& a : most.weeks) EXPECT_LT(a.police_hours_presence, defaults.police.hours_per_report);
  const Accounts extra = run_accounts(approach_world(kResidents, {"wijkveiligheid"}, budget(2, 0)), r);
  for (const WeekAccounts& a : extra.weeks) {
    EXPECT_EQ(a.lost_presence_hours + a.lost_followup_hours + a.lost_cleanup_hours, 0.0);
    EXPECT_EQ(a.lost_outreach_hours + a.lost_care_hours + a.lost_maintenance_hours, 0.0);
  }
}
