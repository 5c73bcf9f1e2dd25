// WIRING tests of the wijkveiligheid module (model/approaches/wijkveiligheid/wijkveiligheid.cpp; docs/odd.md
// section 1: they show a mechanism acting when its strength is above zero and vanishing at
// zero, and assert directions, never the sizes the source hopes for). All other modules off;
// paired runs share the seed (common random numbers), so a difference between two runs comes
// from the setting that differs. Most tests switch every task of the module off (`only`) and
// then one on. Directions are checked over several seeds (expect_directions,
// tests/model/approach_testing.hpp: each effect 3 se above zero), exact claims at one.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "tests/model/approach_testing.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {

ScenarioSpec wvk_world(const std::function<void(Params&)>& set = {}) {
  return approach_world(3000, {"wijkveiligheid"}, set);
}

// Every organisation's share of one activity ("street", "presence", "best_person",
// "confrontation", "dialogue", "monitoring"), for the organisations that do it.
void set_shares(Params& p, const std::string& activity, double value) {
  for (const char* org : {"police", "municipality", "welfare", "corporation"}) {
    const std::string name = std::string("wijkveiligheid.") + org + "_" + activity + "_share";
    if (find_param(name)) set_param(p, name, value);
  }
}

// Every task of the module off, no joint goal, no ramp-up; residents never forget the team
// and do not hear of it, so knowing the team marks whom the team met.
void only(Params& p) {
  for (const char* activity : {"street", "presence", "best_person", "confrontation", "dialogue", "monitoring"})
    set_shares(p, activity, 0);
  for (const char* name : {"joint_goal", "dialogue", "monitoring", "ramp_weeks"})
    set_param(p, std::string("wijkveiligheid.") + name, 0);
  p.team.forgetting = 0;
  p.team.word_of_mouth = 0;
}

// More offenders than the default, so that a small world has enough nuisance causers.
void many_offenders(Params& p) { p.population.offender_share = 0.05; }

bool nuisance_youth(const World& w, std::uint32_t oi) {
  return w.offenders.kind[oi] == kNuisanceOffender && w.residents.age[w.offenders.resident[oi]] == kAge15_24;
}

// Summed activity at the end, in `w` and in `base`, of the nuisance offenders the team met in `w`.
struct MetActivity {
  double with = 0, without = 0;
  int met = 0;
};
MetActivity met_activity(const World& w, const World& base, bool youth_only) {
  MetActivity m;
  for (std::uint32_t oi = 0; oi < w.offenders.size(); ++oi) {
    if (w.offenders.kind[oi] != kNuisanceOffender || !w.residents.team_aware[w.offenders.resident[oi]]) continue;
    if (youth_only && !nuisance_youth(w, oi)) continue;
    m.with += w.offenders.activity[oi];
    m.without += base.offenders.activity[oi];
    ++m.met;
  }
  return m;
}

double mean_trust(const World& w, const std::vector<std::uint8_t>& who) {
  double sum = 0, n = 0;
  for (std::uint32_t id = 0; id < w.residents.size(); ++id)
    if (who[id]) sum += w.residents.trust_police[id], n += 1;
  return n > 0 ? sum / n : std::nan("");
}

// Sanctions of nuisance offenders aged 15-24 (those monitoring covers), summed over the weeks.
struct YouthSanctions : Observer {
  double count = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    for (std::uint32_t oi : w.sanctioned) count += nuisance_youth(w, oi) ? 1 : 0;
  }
};

}  // namespace

// Exact: without hours the module does nothing (Approach::has_budget), so every outcome of every
// week equals the baseline's.
TEST(ApproachWijkveiligheid, ZeroBudgetEqualsTheBaseline) {
  const RunSettings r = approach_weeks(30);
  const ApproachRun base = run_approach(approach_world(3000, {}), r);
  const ApproachRun zero = run_approach(wvk_world([](Params& p) { zero_budget(p, "wijkveiligheid"); }), r);
  expect_identical(base.weekly, zero.weekly);
}

// Direction: with confrontations the only task and no follow-through, the confronted nuisance
// causers' summed activity at the end is below the same offenders' in the baseline run; with
// defiance (confrontation_effect < 0) above it. Indirect effects (fewer incidents, fewer
// sanctions) act against the direct one and are much smaller.
TEST(ApproachWijkveiligheid, ConfrontationsLowerActivityAndDefianceRaisesIt) {
  const auto with = [](double effect) {
    return [effect](Params& p) {
      only(p);
      many_offenders(p);
      set_shares(p, "confrontation", 1);
      set_param(p, "wijkveiligheid.confrontation_effect", effect);
      set_param(p, "wijkveiligheid.follow_through", 0);
    };
  };
  expect_directions(30, [&](const RunSettings& r) {
    const ApproachRun base = run_approach(approach_world(3000, {}, with(0)), r);
    const ApproachRun deter = run_approach(wvk_world(with(0.3)), r), defy = run_approach(wvk_world(with(-0.3)), r);
    const MetActivity d = met_activity(deter.world, base.world, false), f = met_activity(defy.world, base.world, false);
    EXPECT_GT(d.met, 5);
    EXPECT_GT(f.met, 5);
    return Effects{{"confronted offenders' activity, baseline minus deterrence", d.without - d.with},
                   {"confronted offenders' activity, defiance minus baseline", f.with - f.without}};
  });
}

// Exact: with confrontation_effect 0 and no follow-through a confrontation changes no offender's
// activity, so every offender's activity equals the baseline's. Direction: follow-through alone
// (effect still 0) sanctions those who keep offending, so the confronted offenders' activity
// falls below the baseline's.
TEST(ApproachWijkveiligheid, ConfrontationWithoutEffectOrFollowThroughChangesNoActivity) {
  const auto with = [](double follow_through) {
    return [follow_through](Params& p) {
      only(p);
      many_offenders(p);
      set_shares(p, "confrontation", 1);
      set_param(p, "wijkveiligheid.confrontation_effect", 0);
      set_param(p, "wijkveiligheid.follow_through", follow_through);
    };
  };
  const RunSettings r = approach_weeks(30);
  const ApproachRun base = run_approach(approach_world(3000, {}, with(0)), r);
  const ApproachRun none = run_approach(wvk_world(with(0)), r);
  const MetActivity n = met_activity(none.world, base.world, false);
  ASSERT_GT(n.met, 5);
  EXPECT_EQ(none.world.offenders.activity, base.world.offenders.activity);
  expect_directions(30, [&](const RunSettings& rs) {
    const ApproachRun b = run_approach(approach_world(3000, {}, with(0)), rs);
    const MetActivity f = met_activity(run_approach(wvk_world(with(0.5)), rs).world, b.world, false);
    return Effects{{"confronted offenders' activity, baseline minus follow-through", f.without - f.with}};
  });
}

// Direction: visits to best persons as the only task raise active_pct above the baseline's.
// Exact: with no visits (and no other task) active_pct equals the baseline's every week.
TEST(ApproachWijkveiligheid, BestPersonVisitsRaiseParticipation) {
  const auto with = [](double share) {
    return [share](Params& p) {
      only(p);
      set_shares(p, "best_person", share);
    };
  };
  const RunSettings r = approach_weeks(30);
  const ApproachRun base = run_approach(approach_world(3000, {}), r);
  const ApproachRun none = run_approach(wvk_world(with(0)), r);
  EXPECT_EQ(none.weekly.series(Outcome::active_pct), base.weekly.series(Outcome::active_pct));
  expect_directions(30, [&](const RunSettings& rs) {
    const ApproachRun b = run_approach(approach_world(3000, {}), rs), visits = run_approach(wvk_world(with(1)), rs);
    return Effects{{"active_pct, best-person visits minus baseline",
                    visits.weekly.mean(Outcome::active_pct, 10) - b.weekly.mean(Outcome::active_pct, 10)}};
  });
}

// Exact direction: the joint goal scales every organisation's coordination loss down, and the
// hours it applies to are the same in both runs, so coordination hours are lower in every week.
TEST(ApproachWijkveiligheid, JointGoalLowersCoordinationHours) {
  const auto with = [](bool goal) {
    return [goal](Params& p) { set_param(p, "wijkveiligheid.joint_goal", goal ? 1 : 0); };
  };
  const RunSettings r = approach_weeks(20);
  const ApproachRun goal = run_approach(wvk_world(with(true)), r), none = run_approach(wvk_world(with(false)), r);
  const auto a = goal.weekly.series(Outcome::coordination_hours), b = none.weekly.series(Outcome::coordination_hours);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t t = 0; t < a.size(); ++t) EXPECT_LT(a[t], b[t]) << "week " << t;
}

// Direction: with the same presence hours, street hours raise the targeting accuracy, so the
// share of the module's presence on the hottest 10% of blocks (most recent incidents) is
// higher. Without street hours the accuracy is targeting_base (0.2: about 0.2 + 0.8 x 0.1 of
// the hours on those blocks); with them it reaches 1 (nearly all, up to changes in the ranking
// during the last week).
TEST(ApproachWijkveiligheid, StreetPresenceSharpensTargeting) {
  const auto with = [](double street) {
    return [street](Params& p) {
      only(p);
      set_shares(p, "presence", 0.5);
      set_shares(p, "street", street);
      set_param(p, "wijkveiligheid.targeting_base", 0.2);
      set_param(p, "wijkveiligheid.targeting_gain", 1);
    };
  };
  const auto hot_share = [](const World& w) {
    std::vector<std::uint32_t> blocks = w.neighbourhoods[0].blocks;
    const std::size_t k =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(0.1 * static_cast<double>(blocks.size()))));
    std::sort(blocks.begin(), blocks.end(), [&](std::uint32_t x, std::uint32_t y) {
      return w.blocks.incidents_recent[x] != w.blocks.incidents_recent[y]
                 ? w.blocks.incidents_recent[x] > w.blocks.incidents_recent[y]
                 : x < y;
    });
    double hot = 0, all = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) (i < k ? hot : all) += w.blocks.approach_presence[blocks[i]];
    return hot / (hot + all);
  };
  expect_directions(10, [&](const RunSettings& r) {
    const ApproachRun blind = run_approach(wvk_world(with(0)), r), seeing = run_approach(wvk_world(with(0.5)), r);
    return Effects{{"share of presence on the hottest blocks, with minus without street hours",
                    hot_share(seeing.world) - hot_share(blind.world)}};
  });
}

// Direction: monitoring costs trust, so at the end the mean trust in the police of residents
// aged 15-24, and of the ties aged 25+ of nuisance offenders aged 15-24, is lower than with
// monitoring off; and it detects incidents, so sanctions of nuisance offenders aged 15-24 over
// the run are more. Both are large against the indirect effects (trust changes reporting).
TEST(ApproachWijkveiligheid, MonitoringCostsTrustAndRaisesSanctions) {
  const auto with = [](bool monitoring) {
    return [monitoring](Params& p) {
      only(p);
      many_offenders(p);
      set_shares(p, "monitoring", 1);
      set_param(p, "wijkveiligheid.monitoring", monitoring ? 1 : 0);
      set_param(p, "wijkveiligheid.monitoring_detection", 0.3);
      set_param(p, "wijkveiligheid.monitoring_trust_cost", 0.01);
    };
  };
  expect_directions(
      30,
      [&](const RunSettings& r) {
        const auto run = [&](bool monitoring, YouthSanctions& s) {
          Simulation sim(wvk_world(with(monitoring)), r, 0);
          sim.run(s);
          return sim.world();
        };
        YouthSanctions on_count, off_count;
        const World on = run(true, on_count), off = run(false, off_count);
        std::vector<std::uint8_t> youth(on.residents.size(), 0), ties(on.residents.size(), 0);
        for (std::uint32_t id = 0; id < on.residents.size(); ++id)
          youth[id] = on.residents.age[id] == kAge15_24 ? 1 : 0;
        for (std::uint32_t oi = 0; oi < on.offenders.size(); ++oi) {
          if (!on.offenders.active[oi] || !nuisance_youth(on, oi)) continue;
          const std::uint32_t id = on.offenders.resident[oi];
          for (std::uint32_t k = on.network.offset[id]; k < on.network.offset[id + 1]; ++k)
            if (on.residents.age[on.network.ties[k]] >= kAge25_44) ties[on.network.ties[k]] = 1;
        }
        return Effects{
            {"trust of residents 15-24, monitoring off minus on", mean_trust(off, youth) - mean_trust(on, youth)},
            {"trust of the youth's ties 25+, monitoring off minus on", mean_trust(off, ties) - mean_trust(on, ties)},
            {"sanctions of nuisance youth, monitoring on minus off", on_count.count - off_count.count}};
      },
      6);
}

// Direction: dialogue as the only task lowers the activity of the nuisance youth met (against
// the same offenders in the baseline run) and the nuisance factor of their home blocks.
TEST(ApproachWijkveiligheid, DialogueLowersYouthActivityAndBlockNuisance) {
  const auto set = [](Params& p) {
    only(p);
    many_offenders(p);
    set_param(p, "wijkveiligheid.dialogue", 1);
    set_shares(p, "dialogue", 1);
    set_param(p, "wijkveiligheid.dialogue_effect", 0.3);
    set_param(p, "wijkveiligheid.dialogue_block_effect", 0.3);
  };
  expect_directions(
      20,
      [&](const RunSettings& r) {
        const ApproachRun base = run_approach(approach_world(3000, {}, set), r), talk = run_approach(wvk_world(set), r);
        const MetActivity m = met_activity(talk.world, base.world, true);
        EXPECT_GT(m.met, 2);
        const auto& f = talk.world.blocks.nuisance_factor;
        EXPECT_LT(*std::min_element(f.begin(), f.end()), 1.f);  // exact: dialogue lowers a block's factor
        return Effects{{"activity of the nuisance youth met, baseline minus dialogue", m.without - m.with}};
      },
      12);
}

// Exact: the module's loops are sequential or write only their own residents, so one thread and
// two give the same run.
TEST(ApproachWijkveiligheid, SameResultForAnyThreadCount) {
  const auto run = [](std::size_t threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
    return run_approach(wvk_world(many_offenders), approach_weeks(15));
  };
  const ApproachRun one = run(1), two = run(2);
  expect_identical(one.weekly, two.weekly);
  EXPECT_EQ(one.world.offenders.activity, two.world.offenders.activity);
}
