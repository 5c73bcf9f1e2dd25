// WIRING tests (docs/odd.md section 1: they follow by construction), one per mechanism: switching its
// strength to zero makes its effect vanish, while a positive strength shows it. Runs are small
// (one neighbourhood of 1,500-4,000 residents, a few dozen weeks) and paired: the two runs of a
// test share the seed, so with common random numbers a difference is the mechanism's, and where
// the mechanism is the only route between two settings the runs are identical to the last bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "model/response.hpp"
#include "model/simulation.hpp"

using namespace buurtsim;

namespace {

ScenarioSpec world_of(std::uint32_t residents, const std::function<void(Params&)>& set = {}) {
  ScenarioSpec s;
  s.name = "mechanism";
  if (set) set(s.params);
  s.neighbourhoods.push_back({"nb", residents, s.params});  // the same values for the neighbourhood
  return s;
}

RunSettings weeks(int recorded, int burn_in = 20) {
  RunSettings r;
  r.seed = 4242;
  r.weeks = recorded;
  r.burn_in_weeks = burn_in;
  r.start_date = Date{2024, 1, 1};
  return r;
}

template <class O>
O run(const ScenarioSpec& s, const RunSettings& r, O observer = O{}) {
  Simulation sim(s, r, 0);
  sim.run(observer);
  return observer;
}

// One outcome of neighbourhood 0, week by week.
struct Series : Observer {
  Outcome outcome;
  explicit Series(Outcome o = Outcome::incidents) : outcome(o) {}
  std::vector<double> values;
  double sum() const { return std::accumulate(values.begin(), values.end(), 0.0); }
  void on_week(const World&, const OutcomeTable& t) override { values.push_back(t.at(outcome, 0)); }
};

Series series(const ScenarioSpec& s, const RunSettings& r, Outcome o) { return run(s, r, Series(o)); }

double total(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

// Prints high/low, a mechanism's effect between two settings (copied into docs/validation.md).
double effect(const char* what, double high, double low) {
  std::printf("[mechanism] %s: %.0f vs %.0f (ratio %.3f)\n", what, high, low, high / low);
  return high / low;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

// ---------------------------------------------------------------------------------------------
// Fear: each source alone. All sources of the fear target but one are switched off, so that
// fear - fear_base is that source's contribution: identically zero when its weight is zero, and
// correlated with its driver when positive.
enum Driver {
  kDVictim,
  kDWitness,
  kDHearsay,
  kDDisorder,
  kDNuisance,
  kDAware,
  kDEfficacy,
  kDPresence,
  kDSeen,
  kDWatch,
  kDrivers
};

void fear_sources_off(Params& p) {
  p.fear.victimisation = p.fear.witnessed = p.fear.hearsay = p.fear.disorder = p.fear.nuisance = 0;
  p.fear.enforcement_signal = p.fear.patrol_reassurance = p.fear.watch_reassurance = 0;
  p.awareness.fear_reassurance = p.cohesion.fear_reassurance = 0;
  p.context.trend_on = 0;
}

// At the last week, per resident 15+: fear - fear_base and each driver.
struct FearState : Observer {
  std::vector<double> excess;
  std::array<std::vector<double>, kDrivers> driver;
  void on_week(const World& w, const OutcomeTable&) override {
    if (w.week + 1 != w.settings.weeks) return;
    const Residents& r = w.residents;
    for (std::uint32_t id = 0; id < r.size(); ++id) {
      if (r.age[id] == kAge0_14) continue;
      const std::uint32_t b = r.block[id];
      excess.push_back(r.fear[id] - r.fear_base[id]);
      driver[kDVictim].push_back(r.victim_memory[id]);
      driver[kDWitness].push_back(r.witness_memory[id]);
      driver[kDHearsay].push_back(r.hearsay_memory[id]);
      driver[kDDisorder].push_back(response::perceived_disorder(w.blocks.disorder[b], r.disorder_bias[id]));
      driver[kDNuisance].push_back(r.nuisance_seen[id]);
      driver[kDAware].push_back(r.aware[id]);
      driver[kDEfficacy].push_back(w.blocks.efficacy[b]);
      driver[kDPresence].push_back(w.blocks.presence_hours[b]);
      driver[kDSeen].push_back(r.police_seen[id]);
      driver[kDWatch].push_back(1.0 - std::exp(-w.blocks.watch_walks[b]));
    }
  }
  double max_abs_excess() const {
    double m = 0;
    for (double e : excess) m = std::max(m, std::abs(e));
    return m;
  }
};

// Runs with all fear sources off except `set` (applied after switching them off).
FearState fear_run(const std::function<void(Params&)>& set, std::vector<std::string> approaches = {}) {
  ScenarioSpec s = world_of(2500, [&](Params& p) {
    fear_sources_off(p);
    set(p);
  });
  s.approaches = std::move(approaches);
  return run<FearState>(s, weeks(30, 30));
}

// Zero: fear equals its baseline for everyone; positive: fear - baseline moves with the driver.
void expect_fear_source(const std::function<void(Params&, double)>& weight, double positive, Driver d, double sign,
                        const std::vector<std::string>& approaches = {}) {
  const FearState off = fear_run([&](Params& p) { weight(p, 0.0); }, approaches);
  const FearState on = fear_run([&](Params& p) { weight(p, positive); }, approaches);
  EXPECT_LT(off.max_abs_excess(), 1e-6);
  EXPECT_GT(sign * correlation(on.excess, on.driver[d]), 0.3);
  EXPECT_GT(on.max_abs_excess(), 0.05);
}

}  // namespace

// fear.victimisation = 0: victims are not more afraid (fear stays at baseline whatever the victim memory).
TEST(MechanismZero, FearFromVictimisation) {
  expect_fear_source([](Params& p, double x) { p.fear.victimisation = x; }, 0.8, kDVictim, +1);
}
// fear.witnessed = 0: witnessing incidents on the block does not raise fear.
TEST(MechanismZero, FearFromWitnessing) {
  expect_fear_source([](Params& p, double x) { p.fear.witnessed = x; }, 0.25, kDWitness, +1);
}
// fear.hearsay = 0: hearing of ties' victimisation does not raise fear.
TEST(MechanismZero, FearFromHearsay) {
  expect_fear_source([](Params& p, double x) { p.fear.hearsay = x; }, 0.15, kDHearsay, +1);
}
// fear.disorder = 0: fear (and so feeling unsafe) is independent of perceived disorder.
TEST(MechanismZero, FearFromDisorder) {
  expect_fear_source([](Params& p, double x) { p.fear.disorder = x; }, 0.15, kDDisorder, +1);
}
// fear.nuisance = 0: perceived nuisance on the block does not raise fear.
TEST(MechanismZero, FearFromNuisance) {
  expect_fear_source([](Params& p, double x) { p.fear.nuisance = x; }, 0.25, kDNuisance, +1);
}
// awareness.fear_reassurance = 0: knowing the wijkagent does not lower fear.
TEST(MechanismZero, ReassuranceFromKnownWijkagent) {
  expect_fear_source([](Params& p, double x) { p.awareness.fear_reassurance = x; }, 0.1, kDAware, -1);
}
// cohesion.fear_reassurance = 0: the block's collective efficacy does not lower fear.
TEST(MechanismZero, ReassuranceFromCollectiveEfficacy) {
  expect_fear_source([](Params& p, double x) { p.cohesion.fear_reassurance = x; }, 0.3, kDEfficacy, -1);
}
// fear.enforcement_signal = 0 (the default): police presence on the block is no signal for fear.
TEST(MechanismZero, EnforcementSignal) {
  expect_fear_source([](Params& p, double x) { p.fear.enforcement_signal = x; }, 0.5, kDPresence, +1);
}
// fear.patrol_reassurance = 0: seeing the police does not lower fear; positive: the more weeks a
// resident saw the police, the lower her fear.
TEST(MechanismZero, ReassuranceFromSeeingPatrols) {
  expect_fear_source(
      [](Params& p, double x) {
        p.fear.patrol_reassurance = x;
        p.police.hours_per_1000 = 30;  // presence on every block, so that sightings vary
      },
      1.0, kDSeen, -1);
}
// fear.watch_reassurance = 0: neighbourhood-watch walks do not lower fear; positive: fear is
// lower on the blocks the teams walk.
TEST(MechanismZero, ReassuranceFromWatchWalks) {
  expect_fear_source(
      [](Params& p, double x) {
        p.fear.watch_reassurance = x;
        set_param(p, "buurtpreventie.teams_per_1000", 2.0);  // teams walk on a share of the blocks
      },
      1.0, kDWatch, -1, {"buurtpreventie"});
}

// ---------------------------------------------------------------------------------------------
// Offending.

namespace {
struct MaxAttract : Observer {
  double max = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    for (float a : w.blocks.attract_extra) max = std::max(max, static_cast<double>(a));
  }
};
}  // namespace

// offending.near_repeat_boost = 0: no block ever gains near-repeat attractiveness.
TEST(MechanismZero, NearRepeatBoost) {
  const auto off = run<MaxAttract>(world_of(2000, [](Params& p) { p.offending.near_repeat_boost = 0; }), weeks(20));
  const auto on = run<MaxAttract>(world_of(2000), weeks(20));
  EXPECT_EQ(off.max, 0.0);
  EXPECT_GT(on.max, 0.1);
}

// offending.disorder_invitation = 0: ordinary residents' nuisance does not depend on disorder
// (runs with 10x the neglect give identical incidents); positive: more disorder, more nuisance.
TEST(MechanismZero, DisorderInvitesNormViolation) {
  auto nuisance = [](double invitation, double neglect) {
    return series(world_of(2000,
                           [&](Params& p) {
                             p.offending.offender_rate = 0;  // only ordinary residents' nuisance
                             p.offending.disorder_invitation = invitation;
                             p.disorder.neglect = neglect;
                           }),
                  weeks(30), Outcome::incidents_nuisance)
        .values;
  };
  EXPECT_EQ(nuisance(0.0, 0.02), nuisance(0.0, 0.2));
  const auto low = nuisance(0.3, 0.02), high = nuisance(0.3, 0.2);
  EXPECT_GT(effect("nuisance incidents, 10x neglect vs default (invitation 0.3)", total(high), total(low)), 1.2);
}

namespace {
// Mean perceived deterrence of the blocks where offenders' incidents happened.
struct DeterrenceWhereOffending : Observer {
  double sum = 0, n = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    for (const Incident& inc : w.incidents)
      if (inc.offender >= 0) sum += w.blocks.perceived_risk[inc.block], n += 1;
  }
};
}  // namespace

// offending.displacement_weight = 0 and police.deterrence_max = 0: police presence neither
// moves nor prevents any incident (runs with very different presence are identical); with a
// displacement weight, offenders move away from the more deterred blocks (hot-spot presence, no
// deterrence decay, so that deterrence differs between blocks).
TEST(MechanismZero, PresenceDisplacesOffending) {
  auto world = [](double weight, double saturation) {
    return world_of(2000, [&](Params& p) {
      p.offending.displacement_weight = weight;
      p.police.deterrence_max = 0;
      p.police.saturation_hours = saturation;
      p.police.hours_per_1000 = 30;  // hours left for presence after reports
      p.police.hotspot_focus = 1;
      p.police.deterrence_floor = 1;
    });
  };
  EXPECT_EQ(series(world(0.0, 20), weeks(30), Outcome::incidents).values,
            series(world(0.0, 0.5), weeks(30), Outcome::incidents).values);
  const auto moved = run<DeterrenceWhereOffending>(world(3.0, 2), weeks(30));
  const auto stayed = run<DeterrenceWhereOffending>(world(0.0, 2), weeks(30));
  EXPECT_LT(effect("mean deterrence where offenders offend, displacement weight 3 vs 0", moved.sum / moved.n,
                   stayed.sum / stayed.n),
            0.9);
}

namespace {
// Incidents offenders commit here and in the buffer over 30 weeks, with everything that could
// change offenders' activity between two runs held fixed (no sanctions, moves or residents'
// nuisance): what the prevention tests below compare.
double committed_incidents(const std::function<void(Params&)>& set, std::vector<std::string> approaches = {}) {
  ScenarioSpec s = world_of(2000, [&](Params& p) {
    p.police.clearance = 0;
    p.offending.resident_nuisance_rate = 0;
    p.mobility.move_rate = 0;
    set(p);
  });
  s.approaches = std::move(approaches);
  return series(s, weeks(30), Outcome::incidents).sum() + series(s, weeks(30), Outcome::incidents_buffer).sum();
}
}  // namespace

// police.deterrence_max = 0: presence prevents nothing, so offenders commit exactly as many
// incidents (neighbourhood plus buffer) under strong as under weak deterrence; positive: deterred
// attempts are abandoned. (Displacement off; no sanctions, moves or residents' nuisance, so
// offender activity is the same.)
TEST(MechanismZero, PresencePreventsOffending) {
  auto committed = [](double max, double saturation) {
    return committed_incidents([&](Params& p) {
      p.police.deterrence_max = max;
      p.police.saturation_hours = saturation;
      p.offending.displacement_weight = 0;
    });
  };
  EXPECT_EQ(committed(0.0, 0.1), committed(0.0, 50));
  EXPECT_LT(effect("offender incidents, saturation 0.1 vs 50 hours (deterrence max 0.6)", committed(0.6, 0.1),
                   committed(0.6, 50)),
            0.9);
}

// offending.guardian_prevention = 0: guardians only move offending, so offenders commit exactly
// as many incidents whatever the guardianship (walks that add guardianship against walks that
// add none);
// positive: guarded attempts are abandoned.
TEST(MechanismZero, GuardiansPreventOffending) {
  auto committed = [](double prevention, double per_walk) {
    return committed_incidents(
        [&](Params& p) {
          p.offending.guardian_prevention = prevention;
          set_param(p, "buurtpreventie.teams_per_1000", 3.0);
          set_param(p, "buurtpreventie.guardianship_per_walk", per_walk);
          // Police deterrence and efficacy off: volunteers' reports change police presence, and
          // walks change participation and so collective efficacy.
          p.police.deterrence_max = p.offending.displacement_weight = p.offending.prevention_share = 0;
        },
        {"buurtpreventie"});
  };
  EXPECT_EQ(committed(0.0, 0.0), committed(0.0, 1.0));
  EXPECT_LT(effect("offender incidents, guardianship 1 per walk vs 0 (guardian prevention 1)", committed(1.0, 1.0),
                   committed(1.0, 0.0)),
            0.97);
}

// offending.prevention_share = 0: collective efficacy only moves offending, so offenders commit
// exactly as many incidents with or without its deterrent weight (other deterrents off).
TEST(MechanismZero, PreventionShare) {
  auto committed = [](double share, double crime_weight) {
    return committed_incidents([&](Params& p) {
      p.offending.prevention_share = share;
      p.cohesion.crime_weight = crime_weight;
      p.police.deterrence_max = 0;
      p.offending.guardian_prevention = 0;
    });
  };
  EXPECT_EQ(committed(0.0, 0.0), committed(0.0, 5.0));
  EXPECT_LT(effect("offender incidents, efficacy weight 5 vs 0 (prevention share 1)", committed(1.0, 5.0),
                   committed(1.0, 0.0)),
            0.95);
}

namespace {
struct PlaceSpread : Observer {
  double lo = 1e9, hi = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    for (float x : w.blocks.place_risk)
      lo = std::min(lo, static_cast<double>(x)), hi = std::max(hi, static_cast<double>(x));
  }
};
}  // namespace

// layout.place_risk_sd = 0: every place is as attractive as any other (all 1); positive: places
// differ durably.
TEST(MechanismZero, PlaceRisk) {
  const auto off = run<PlaceSpread>(world_of(1500, [](Params& p) { p.layout.place_risk_sd = 0; }), weeks(2));
  const auto on = run<PlaceSpread>(world_of(1500), weeks(2));
  EXPECT_EQ(off.lo, 1.0);
  EXPECT_EQ(off.hi, 1.0);
  EXPECT_GT(on.hi / on.lo, 10.0);
}

namespace {
struct RiskGap : Observer {
  double max_gap = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    for (std::size_t c = 0; c < w.blocks.size(); ++c)
      max_gap = std::max(max_gap, std::abs(static_cast<double>(w.blocks.perceived_risk[c]) - w.blocks.risk[c]));
  }
};
}  // namespace

// police.risk_diffusion = 0: offenders perceive on a block only that block's risk (no diffusion
// of benefits from adjacent blocks).
TEST(MechanismZero, RiskDiffusion) {
  const auto off = run<RiskGap>(world_of(1500, [](Params& p) { p.police.risk_diffusion = 0; }), weeks(10));
  const auto on = run<RiskGap>(world_of(1500), weeks(10));
  EXPECT_EQ(off.max_gap, 0.0);
  EXPECT_GT(on.max_gap, 0.01);
}

namespace {
struct Activity : Observer {
  double max_gap = 0, sanctions = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    sanctions += static_cast<double>(w.sanctioned.size());
    for (std::size_t i = 0; i < w.offenders.size(); ++i)
      max_gap = std::max(max_gap, std::abs(static_cast<double>(w.offenders.activity[i]) - w.offenders.own_activity[i]));
  }
};
}  // namespace

// police.sanction_effect = 0: sanctions leave offenders' activity at their own level.
TEST(MechanismZero, SanctionEffect) {
  const auto off = run<Activity>(world_of(2000,
                                          [](Params& p) {
                                            p.police.sanction_effect = 0;
                                            p.police.clearance = 0.8;
                                          }),
                                 weeks(30));
  const auto on = run<Activity>(world_of(2000, [](Params& p) { p.police.clearance = 0.8; }), weeks(30));
  EXPECT_GT(off.sanctions, 5);
  EXPECT_EQ(off.max_gap, 0.0);
  EXPECT_GT(on.max_gap, 0.05);
}

// cohesion.crime_weight = 0: collective efficacy does not deter offending (runs with very
// different block cohesion give identical incidents once efficacy's other routes, to fear,
// disorder and participation, are off); positive: more efficacy, fewer incidents.
TEST(MechanismZero, CollectiveEfficacyAgainstCrime) {
  auto incidents = [](double weight, double ties_weight) {
    return series(world_of(2000,
                           [&](Params& p) {
                             p.cohesion.crime_weight = weight;
                             p.cohesion.ties_weight = ties_weight;
                             p.cohesion.fear_reassurance = 0;
                             p.cohesion.disorder_removal = 0;
                             p.participation.weight_efficacy = 0;
                           }),
                  weeks(60, 40), Outcome::incidents)
        .values;
  };
  EXPECT_EQ(incidents(0.0, 0.1), incidents(0.0, 1.0));
  const auto low = incidents(5.0, 0.1), high = incidents(5.0, 1.0);  // strong weight: only part of an area is buffer
  EXPECT_LT(effect("incidents, cohesion ties weight 1 vs 0.1 (crime weight 5)", total(high), total(low)), 0.95);
}

// ---------------------------------------------------------------------------------------------
// Context.

// context.elsewhere_on = false: nobody is victimised outside the neighbourhood (with no local
// offenders, nobody is victimised at all).
TEST(MechanismZero, VictimisationElsewhere) {
  auto victimised = [](double on) {
    return series(world_of(1500,
                           [&](Params& p) {
                             p.offending.offender_rate = 0;
                             p.context.elsewhere_on = on;
                           }),
                  weeks(20), Outcome::victimised_12m_pct)
        .sum();
  };
  EXPECT_EQ(victimised(0), 0.0);
  EXPECT_GT(victimised(1), 0.0);
}

namespace {
struct Season : Observer {
  std::vector<double> multiplier, incidents;
  void on_week(const World& w, const OutcomeTable& t) override {
    multiplier.push_back(w.offending_multiplier);
    incidents.push_back(t.at(Outcome::incidents, 0));
  }
};
}  // namespace

// context.seasonality_on = false: offending has no yearly cycle (its multiplier is 1 every
// week); on: winter weeks (around calendar week 50) see more incidents than summer weeks.
TEST(MechanismZero, Seasonality) {
  const auto off = run<Season>(world_of(3000, [](Params& p) { p.context.seasonality_on = 0; }), weeks(52));
  const auto on = run<Season>(world_of(3000), weeks(52));
  for (double m : off.multiplier) EXPECT_EQ(m, 1.0);
  const auto [lo, hi] = std::minmax_element(on.multiplier.begin(), on.multiplier.end());
  EXPECT_GT(*hi - *lo, 0.2);
  // Recorded weeks 0-51 start on 1 January: winter = weeks 0-6 and 45-51, summer = weeks 19-32.
  double winter = 0, summer = 0;
  for (int t = 0; t < 52; ++t) {
    if (t <= 6 || t >= 45) winter += on.incidents[static_cast<std::size_t>(t)];
    if (t >= 19 && t <= 32) summer += on.incidents[static_cast<std::size_t>(t)];
  }
  std::printf("[mechanism] seasonality: incidents winter/summer %.2f\n", winter / summer);
  EXPECT_GT(winter, 1.1 * summer);
}

// ---------------------------------------------------------------------------------------------
// Reporting.

// reporting.trust_effect = 0: reporting does not depend on trust in the police (runs with
// baseline trust 4 and 8 file identical reports); positive: more trust, more reports.
TEST(MechanismZero, TrustRaisesReporting) {
  auto reports = [](double effect, double trust) {
    return series(world_of(3000,
                           [&](Params& p) {
                             p.reporting.trust_effect = effect;
                             p.trust.police_baseline = trust;
                           }),
                  weeks(40), Outcome::reports)
        .values;
  };
  EXPECT_EQ(reports(0.0, 4.0), reports(0.0, 8.0));
  const auto low = reports(0.1, 4.0), high = reports(0.1, 8.0);
  EXPECT_GT(effect("reports, baseline trust 8 vs 4 (trust effect 0.1)", total(high), total(low)), 1.1);
}

// ---------------------------------------------------------------------------------------------
// Trust in the police: the change in the week of an event, net of the relaxation towards the
// baseline, for residents whose only trust event that week was of one kind and with no tie who
// had a contact (no hearsay), and not clamped at 0 or 10. The tests of contacts and sanctions
// switch trust from results off (all its weights 0), which is the behaviour before it existed.

namespace {
void results_off(Params& p) {
  p.institutions.disorder_result_weight = 0;
  p.trust.incident_result_weight = 0;
  p.trust.report_result_gain = 0;
}

struct TrustDelta : Observer {
  // kReportFeedback, kReportSilent: a report followed up with a good contact, with feedback or without.
  enum Kind { kGood, kBad, kSanction, kNone, kReportFeedback, kReportSilent, kKinds };
  std::array<double, kKinds> sum{}, n{};
  std::vector<float> prev;
  void on_week(const World& w, const OutcomeTable&) override {
    const Residents& r = w.residents;
    if (prev.empty()) {
      prev = r.trust_police;
      return;
    }
    const double relax = w.spec.params.trust.relaxation;
    for (std::uint32_t id = 0; id < r.size(); ++id) {
      const std::uint8_t ev = r.week_events[id] & (kEventContactGood | kEventContactBad | kEventUnanswered |
                                                   kEventSanctioned | kEventReported);
      bool heard = false;
      for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
        heard |= (r.week_events[w.network.ties[k]] & (kEventContactGood | kEventContactBad)) != 0;
      const double now = r.trust_police[id], before = prev[id];
      prev[id] = r.trust_police[id];
      if (heard || now <= 0 || now >= 10 || r.arrived[id] == w.week) continue;
      const bool feedback = r.last_report_unanswered[id] == 0;
      const int kind = ev == kEventContactGood                      ? kGood
                       : ev == kEventContactBad                     ? kBad
                       : ev == kEventSanctioned                     ? kSanction
                       : ev == 0                                    ? kNone
                       : ev == (kEventReported | kEventContactGood) ? (feedback ? kReportFeedback : kReportSilent)
                                                                    : -1;
      if (kind < 0) continue;
      sum[static_cast<std::size_t>(kind)] += now - before - relax * (r.trust_base[id] - before);
      n[static_cast<std::size_t>(kind)] += 1;
    }
  }
  double mean(Kind k) const { return sum[k] / n[k]; }
};
}  // namespace

// trust.contact_gain = 0: police contacts, good or bad, do not move trust; it only relaxes to
// its baseline. Positive: +gain for a good contact, -gain x negative_asymmetry for a bad one.
TEST(MechanismZero, ContactsMoveTrust) {
  const auto off = run<TrustDelta>(world_of(3000,
                                            [](Params& p) {
                                              results_off(p);
                                              p.trust.contact_gain = 0;
                                            }),
                                   weeks(30));
  const auto on = run<TrustDelta>(world_of(3000, results_off), weeks(30));
  ASSERT_GT(off.n[TrustDelta::kGood], 20);
  ASSERT_GT(off.n[TrustDelta::kBad], 5);
  EXPECT_NEAR(off.mean(TrustDelta::kGood), 0.0, 1e-5);
  EXPECT_NEAR(off.mean(TrustDelta::kBad), 0.0, 1e-5);
  EXPECT_NEAR(off.mean(TrustDelta::kNone), 0.0, 1e-5);
  const Params d;
  EXPECT_NEAR(on.mean(TrustDelta::kGood), d.trust.contact_gain, 1e-4);
  EXPECT_NEAR(on.mean(TrustDelta::kBad), -d.trust.contact_gain * d.trust.negative_asymmetry, 1e-4);
}

// trust.sanction_cost = 0: a sanction in the household costs no trust; positive: it costs
// sanction_cost points.
TEST(MechanismZero, SanctionsCostTrust) {
  const auto off = run<TrustDelta>(world_of(3000,
                                            [](Params& p) {
                                              results_off(p);
                                              p.trust.sanction_cost = 0;
                                              p.police.clearance = 0.8;
                                            }),
                                   weeks(40));
  const auto on = run<TrustDelta>(world_of(3000,
                                           [](Params& p) {
                                             results_off(p);
                                             p.police.clearance = 0.8;
                                           }),
                                  weeks(40));
  ASSERT_GT(off.n[TrustDelta::kSanction], 10);
  EXPECT_NEAR(off.mean(TrustDelta::kSanction), 0.0, 1e-5);
  EXPECT_NEAR(on.mean(TrustDelta::kSanction), -Params{}.trust.sanction_cost, 1e-4);
}

// trust.report_result_gain = 0: a report answered with feedback moves trust only through its
// contact, as one without feedback does; positive: the reporter's trust rises by the gain more
// than after a report without feedback (in the week of the report, both with a good contact).
// Trust from incidents seen is off in both runs; the default share of reports with feedback
// (0.5) gives both kinds.
TEST(MechanismZero, ReportAnsweredWithFeedbackRaisesTrust) {
  const auto set = [](double gain) {
    return [gain](Params& p) {
      p.trust.incident_result_weight = 0;
      p.trust.report_result_gain = gain;
    };
  };
  const auto off = run<TrustDelta>(world_of(4000, set(0.0)), weeks(40));
  const auto on = run<TrustDelta>(world_of(4000, set(0.3)), weeks(40));
  ASSERT_GT(off.n[TrustDelta::kReportFeedback], 10);
  ASSERT_GT(off.n[TrustDelta::kReportSilent], 10);
  const double gain = Params{}.trust.contact_gain;
  EXPECT_NEAR(off.mean(TrustDelta::kReportFeedback), gain, 1e-4);
  EXPECT_NEAR(off.mean(TrustDelta::kReportSilent), gain, 1e-4);
  EXPECT_NEAR(on.mean(TrustDelta::kReportFeedback), gain + 0.3, 1e-4);
  EXPECT_NEAR(on.mean(TrustDelta::kReportSilent), gain, 1e-4);
  std::printf(
      "[mechanism] trust after a report with a good contact: with feedback %+.3f, without %+.3f (%.0f and %.0f "
      "reports)\n",
      on.mean(TrustDelta::kReportFeedback), on.mean(TrustDelta::kReportSilent), on.n[TrustDelta::kReportFeedback],
      on.n[TrustDelta::kReportSilent]);
}

// Trust from results seen on the block (docs/odd.md section 7.7), without the contacts with the
// municipality and the corporation (their rates 0) and in weeks without a police trust event:
// every week each trust moves by its results term plus the relaxation, exactly. The results
// terms are the institution's credit (the municipality's and the corporation's shares of the
// block's disorder work, the share of weeks the resident saw the police) times the weight times
// the fall of the resident's memory since last week (perceived disorder; incidents per 1,000
// residents a week). At weight 0 trust only relaxes, and the memories are read by nothing else:
// runs with their time constant at 4 and at 52 weeks are identical to the last bit.
namespace {
struct ResultsDelta : Observer {
  std::vector<float> police, municipality, corporation, disorder_memory, incident_memory;
  double worst = 0, largest = 0, n = 0;  // largest |observed - predicted|, largest |results term|
  void on_week(const World& w, const OutcomeTable&) override {
    const Residents& r = w.residents;
    const Params& g = w.spec.params;
    if (!police.empty()) {
      const double relax = g.trust.relaxation;
      for (std::uint32_t id = 0; id < r.size(); ++id) {
        // A resident's first week starts the memories; a week with a police trust event, a heard
        // contact or clamping moves trust otherwise.
        if (r.arrived[id] == w.week || r.arrived[id] == w.week - 1) continue;
        const std::uint8_t ev = r.week_events[id] & (kEventContactGood | kEventContactBad | kEventUnanswered |
                                                     kEventSanctioned | kEventReported);
        bool heard = false;
        for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
          heard |= (r.week_events[w.network.ties[k]] & (kEventContactGood | kEventContactBad)) != 0;
        const std::uint32_t b = r.block[id];
        const double disorder_fall = disorder_memory[id] - r.disorder_memory[id];
        const double incident_fall = incident_memory[id] - r.incident_memory[id];
        const double perceived = response::perceived_disorder(w.blocks.disorder[b], r.disorder_bias[id]);
        const double w_d = g.institutions.disorder_result_weight;
        const double terms[3] = {g.trust.incident_result_weight * r.police_seen[id] * incident_fall,
                                 w_d * w.blocks.work_municipality[b] * disorder_fall,
                                 w_d * w.blocks.work_corporation[b] * disorder_fall};
        const double base[3] = {
            r.trust_base[id],
            r.municipality_base[id] - g.institutions.disorder_on_municipality * std::max(0.0, perceived - 1.0),
            r.corporation_base[id]};
        const float* before[3] = {&police[id], &municipality[id], &corporation[id]};
        const float now[3] = {r.trust_police[id], r.trust_municipality[id], r.trust_corporation[id]};
        for (int k = 0; k < 3; ++k) {
          if (now[k] <= 0 || now[k] >= 10 || (k == 0 && (ev != 0 || heard))) continue;
          const double predicted = *before[k] + terms[k] + relax * (base[k] - *before[k]);
          worst = std::max(worst, std::abs(now[k] - predicted));
          largest = std::max(largest, std::abs(terms[k]));
          n += 1;
        }
      }
    }
    police = r.trust_police, municipality = r.trust_municipality, corporation = r.trust_corporation;
    disorder_memory = r.disorder_memory, incident_memory = r.incident_memory;
  }
};

ScenarioSpec results_world(double scale, double memory_weeks) {
  return world_of(3000, [=](Params& p) {
    p.institutions.municipality_contact_rate = p.institutions.corporation_contact_rate = 0;
    p.institutions.disorder_result_weight *= scale;
    p.trust.incident_result_weight *= scale;
    p.trust.report_result_gain *= scale;
    p.trust.results_memory_weeks = memory_weeks;
    p.population.share_corporation = 0.6;  // corporation blocks, where maintenance prevents neglect
  });
}
}  // namespace

TEST(MechanismZero, ResultsMoveTrust) {
  const auto off = run<ResultsDelta>(results_world(0, 26), weeks(30));
  const auto on = run<ResultsDelta>(results_world(1, 26), weeks(30));
  ASSERT_GT(off.n, 10000);
  EXPECT_LT(off.worst, 1e-4);
  EXPECT_EQ(off.largest, 0.0);
  EXPECT_LT(on.worst, 1e-4);
  EXPECT_GT(on.largest, 0.01);
  std::printf("[mechanism] trust from results: largest weekly results term %.3f points (%.0f resident-weeks)\n",
              on.largest, on.n);
  const Series a = series(results_world(0, 4), weeks(30), Outcome::trust_police_mean);
  const Series b = series(results_world(0, 52), weeks(30), Outcome::trust_police_mean);
  EXPECT_EQ(a.values, b.values);
  const Series c = series(results_world(0, 4), weeks(30), Outcome::trust_municipality_mean);
  const Series d = series(results_world(0, 52), weeks(30), Outcome::trust_municipality_mean);
  EXPECT_EQ(c.values, d.values);
}

// ---------------------------------------------------------------------------------------------
// Awareness of the wijkagent.

namespace {
// Residents 15+ who came to know the wijkagent this week, and whether each had a police contact
// this week, has a running share of police sightings above zero, or a tie who knew the wijkagent.
struct Learning : Observer {
  std::vector<std::uint8_t> prev;
  double learned = 0, by_contact = 0, by_sighting = 0, by_tie = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    const Residents& r = w.residents;
    if (prev.empty()) {
      prev = r.aware;
      return;
    }
    for (std::uint32_t id = 0; id < r.size(); ++id) {
      if (prev[id] || !r.aware[id] || r.arrived[id] == w.week) continue;
      learned += 1;
      by_contact += r.last_police_contact[id] == w.week ? 1 : 0;
      by_sighting += r.police_seen[id] > 0 ? 1 : 0;
      bool tie = false;
      for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
        tie |= prev[w.network.ties[k]] != 0;
      by_tie += tie ? 1 : 0;
    }
    prev = r.aware;
  }
};

Learning learning(double contact, double sighting, double hearsay) {
  return run<Learning>(world_of(3000,
                                [&](Params& p) {
                                  p.awareness.contact_gain = contact;
                                  p.awareness.sighting_gain = sighting;
                                  p.awareness.hearsay_gain = hearsay;
                                }),
                       weeks(30));
}
}  // namespace

// awareness.contact_gain, sighting_gain and hearsay_gain = 0: nobody comes to know the wijkagent
// (awareness only decays); each alone: people learn, and only through that channel.
TEST(MechanismZero, AwarenessChannels) {
  EXPECT_EQ(learning(0, 0, 0).learned, 0.0);
  const Learning contact = learning(0.5, 0, 0), sighting = learning(0, 0.2, 0), tie = learning(0, 0, 0.05);
  EXPECT_GT(contact.learned, 10);
  EXPECT_EQ(contact.by_contact, contact.learned);
  EXPECT_GT(sighting.learned, 10);
  EXPECT_EQ(sighting.by_sighting, sighting.learned);
  EXPECT_GT(tie.learned, 10);
  EXPECT_EQ(tie.by_tie, tie.learned);
}

// ---------------------------------------------------------------------------------------------
// Participation.

namespace {
// Weekly participation of residents 15+ with and without a tie who took part last week.
struct Recruitment : Observer {
  double with = 0, n_with = 0, without = 0, n_without = 0;
  void on_week(const World& w, const OutcomeTable&) override {
    const Residents& r = w.residents;
    for (std::uint32_t id = 0; id < r.size(); ++id) {
      if (r.age[id] == kAge0_14 || w.network.offset[id] == w.network.offset[id + 1]) continue;
      bool tie_active = false;
      for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
        tie_active |= r.active_prev[w.network.ties[k]] != 0;
      (tie_active ? with : without) += r.active_now[id];
      (tie_active ? n_with : n_without) += 1;
    }
  }
  double ratio() const { return (with / n_with) / (without / n_without); }
};

Recruitment recruitment(double weight_ties) {
  return run<Recruitment>(world_of(3000,
                                   [&](Params& p) {
                                     // Only the ties' activity and the personal propensity left.
                                     p.participation.weight_responsibility = 0;
                                     p.participation.weight_trust = 0;
                                     p.participation.weight_efficacy = 0;
                                     p.participation.cost = 1.5;
                                     p.participation.weight_ties = weight_ties;
                                   }),
                          weeks(30));
}
}  // namespace

// participation.weight_ties = 0: having a tie who took part last week does not make one take
// part (ratio of weekly participation with / without such a tie about 1); positive: it does.
TEST(MechanismZero, RecruitmentThroughTies) {
  const double off = recruitment(0).ratio(), on = recruitment(1.0).ratio();
  std::printf("[mechanism] participation with/without an active tie: %.3f (weight 0), %.3f (weight 1)\n", off, on);
  EXPECT_NEAR(off, 1.0, 0.08);
  EXPECT_GT(on, 1.3);
}

// ---------------------------------------------------------------------------------------------
// Care.

// care.effectiveness = 0: escalation of hidden social problems is the same with no care capacity
// as with ample capacity (identical runs); positive: ample capacity lowers escalation.
TEST(MechanismZero, CareLowersEscalation) {
  auto escalated = [](double effectiveness, double hours_per_case) {
    return series(world_of(4000,
                           [&](Params& p) {
                             p.care.effectiveness = effectiveness;
                             p.care.hours_per_case = hours_per_case;  // 20: no capacity; 0.05: ample
                           }),
                  weeks(104, 20), Outcome::social_problems_escalated)
        .values;
  };
  EXPECT_EQ(escalated(0.0, 20), escalated(0.0, 0.05));
  const auto none = escalated(1.0, 20), ample = escalated(1.0, 0.05);
  const double n_none = std::accumulate(none.begin(), none.end(), 0.0),
               n_ample = std::accumulate(ample.begin(), ample.end(), 0.0);
  std::printf("[mechanism] escalations with effectiveness 1: %.0f without care capacity, %.0f with ample capacity\n",
              n_none, n_ample);
  EXPECT_GT(n_none, 20);
  EXPECT_LT(n_ample, 0.9 * n_none);
}

// ---------------------------------------------------------------------------------------------
// Mobility and offender cohorts.

namespace {
struct Turnover : Observer {
  double arrivals = 0, switches = 0;
  std::vector<std::uint8_t> prev;
  void on_week(const World& w, const OutcomeTable&) override {
    for (std::uint32_t id = 0; id < w.residents.size(); ++id) arrivals += w.residents.arrived[id] == w.week ? 1 : 0;
    if (!prev.empty())
      for (std::size_t i = 0; i < prev.size(); ++i) switches += prev[i] != w.offenders.active[i] ? 1 : 0;
    prev = w.offenders.active;
  }
};
}  // namespace

// mobility.move_rate = 0: nobody moves in; positive: households move and newcomers arrive.
TEST(MechanismZero, ResidentialMobility) {
  const auto off = run<Turnover>(world_of(2000, [](Params& p) { p.mobility.move_rate = 0; }), weeks(30));
  const auto on = run<Turnover>(world_of(2000), weeks(30));
  EXPECT_EQ(off.arrivals, 0.0);
  EXPECT_GT(on.arrivals, 10);
}

// mobility.offender_turnover = 0: the set of active offenders stays the same (no onset, no
// desistance; moves held off); positive (1 a year, to see enough switches in a small world):
// offenders desist and new ones start.
TEST(MechanismZero, OffenderCohorts) {
  const auto off = run<Turnover>(world_of(2000,
                                          [](Params& p) {
                                            p.mobility.offender_turnover = 0;
                                            p.mobility.move_rate = 0;
                                          }),
                                 weeks(30));
  const auto on = run<Turnover>(world_of(2000,
                                         [](Params& p) {
                                           p.mobility.offender_turnover = 1;
                                           p.mobility.move_rate = 0;
                                         }),
                                weeks(30));
  EXPECT_EQ(off.switches, 0.0);
  EXPECT_GT(on.switches, 2);
}
