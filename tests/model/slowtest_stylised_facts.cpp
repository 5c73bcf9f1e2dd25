// The stylised facts of docs/odd.md section 1 that involve no approach, each as a test over several
// seeds with a stated tolerance. Each test says its kind (docs/validation.md lists them so):
//   VALIDATION        - a fact the model was not set to reproduce, from a source other than the
//                       ones its parameters came from (figures and sources in docs/evidence.md);
//   CALIBRATION CHECK - a figure parameters were set to, or that a parameter's default cites:
//                       passing shows the fit still holds, not that the model is right;
//   WIRING            - follows by construction from a declared parameter or from how the test
//                       builds its neighbourhoods (the test shows the wiring).
// Every test prints the figure the model gives ("[fact] ..." lines; docs/validation.md quotes them).
//
// Most facts are measured on one set of NL-average baseline runs (the registry defaults: one
// neighbourhood of 15,000 residents, a burn-in of 104 weeks, 104 recorded weeks, 24 seeds run in
// parallel), observed week by week from the residents' and blocks' state by FactsObserver. The
// runs are made once per process; ctest runs the whole program as one test
// (tests/model/CMakeLists.txt), so the set is made once, in about 20 s of CPU.
//
// Tolerances (tests/stat_checks.hpp): a fact's figure is pooled over the seeds, and its standard
// error is the jackknife's over seeds (each seed left out once); the figure must lie 3 se inside
// its target range (or beyond its threshold). The numbers of seeds (24 baseline runs, 6 paired
// runs for the elasticity and the lag, 24 for the rankings, 3 for the aandachtswijk ratio) put
// every figure at least 5 se inside at seed sets 0, 1 and 2: at 6 baseline seeds the near-repeat,
// concentration and contact figures were within 3-4 se of their bounds and missed at one set or
// another. The seeds come from the seed set (tests/test_seeds.hpp): the suite runs this program
// at set 0 (seeds 7000-7023, ...) and set 1 (1,007,000-1,007,023, ...). Every empirical fact goes
// through expect_fact
// (tests/known_misses.hpp): a fact the model misses fails the test unless tests/known_misses.txt
// lists it, and a listed miss that starts to hold fails it too. No fact is listed at present.
//
// Deliberate breaks (scripts/check_breaks.py; each must make its test fail):
//   BUURTSIM_BREAK=no_repeat_burglary  burglaries fall on households as if at random: burglars
//       never return to the household they burgled last, a burgled household is no likelier to be
//       chosen again, and places do not differ (offending.return_probability = 0,
//       repeat_household_boost = 0, layout.place_risk_sd = 0; since places differ, the first
//       alone leaves about 18%, inside the range): RepeatBurglaryWithinAYear misses its range;
//   BUURTSIM_BREAK=women_as_men        no extra fear for women (fear.female = 0):
//       WomenMoreOftenUnsafeThanMen misses its range.
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "model/phases/phases.hpp"
#include "model/response.hpp"
#include "model/simulation.hpp"
#include "small_world.hpp"
#include "tests/known_misses.hpp"
#include "tests/stat_checks.hpp"
#include "tests/test_seeds.hpp"

using namespace buurtsim;
using namespace buurtsim::testing;

namespace {

constexpr int kSeeds = 24, kAwSeeds = 3;
constexpr std::uint32_t kResidents = 15000;
constexpr int kBurnIn = 104, kWeeks = 104, kYear = 52;

RunSettings settings(std::uint64_t seed, int weeks = kWeeks, int burn_in = kBurnIn) {
  RunSettings r;
  r.seed = seed;
  r.weeks = weeks;
  r.burn_in_weeks = burn_in;
  r.start_date = Date{2024, 1, 1};
  return r;
}

ScenarioSpec nl_average(std::uint32_t residents = kResidents) {
  ScenarioSpec s;
  s.name = "nl_average";
  if (broken("no_repeat_burglary")) {  // burglaries fall on households as if at random
    s.params.offending.return_probability = 0;
    s.params.offending.repeat_household_boost = 0;
    s.params.layout.place_risk_sd = 0;
  }
  if (broken("women_as_men")) s.params.fear.female = 0;
  s.neighbourhoods.push_back({"nl_average", residents, s.params});
  return s;
}

bool adult(std::uint8_t age) { return age != kAge0_14; }
bool property(std::uint8_t type) { return type == kBurglary || type == kTheft || type == kVandalism; }

void print_fact(const char* name, const std::string& text) {
  std::printf("[fact] %-34s %s\n", name, text.c_str());
  ::testing::Test::RecordProperty(name, text);
}

// "figure (se x, n seeds)" for expect_fact's detail.
std::string with_se(const Estimate& e, const char* unit = "") {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.4g%s (se %.2g, %d seeds)", e.value, unit, e.se, e.n);
  return buf;
}

std::string fmt(const char* f, double a, double b = 0, double c = 0, double d = 0, double e = 0) {
  char buf[512];
  std::snprintf(buf, sizeof buf, f, a, b, c, d, e);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Everything the facts need, gathered from one run (neighbourhood 0).
struct FactsObserver : Observer {
  // Survey-indicator population values, summed over the last 52 recorded weeks.
  double unsafe_sometimes = 0, unsafe_often = 0, report_pct = 0, satisfied_pct = 0;
  // Expected "unsafe sometimes" answers (the response model on fear_recent) by sex and age.
  double women = 0, n_women = 0, men = 0, n_men = 0, young = 0, n_young = 0, old = 0, n_old = 0;
  // Afraid, by recent victimisation, over person-weeks of the last recorded year. Three
  // measures: [0] the survey response model on fear over the past ~13 weeks (the probability of
  // answering "unsafe", Phi(fear_recent)), [1] the same on current fear, [2] latent fear above
  // the 'sometimes' threshold (0) without answer noise.
  struct Afraid {
    std::array<double, 3> sum{};
    double n = 0;
    void add(const Residents& r, std::uint32_t id) {
      sum[0] += response::p_unsafe_sometimes(r.fear_recent[id]);
      sum[1] += response::p_unsafe_sometimes(r.fear[id]);
      sum[2] += r.fear[id] > 0 ? 1 : 0;
      n += 1;
    }
  };
  std::vector<std::int16_t> last_violence;  // week of the last violent victimisation (kNever)
  Afraid violence13, violence52, any13, none52;
  // Burglary weeks per household (cleared when the household moves out).
  std::vector<std::vector<std::int16_t>> burglaries;
  // Incidents per residential block and week: all non-nuisance crime, and property crime.
  std::vector<std::uint32_t> blocks;                // residential blocks of the neighbourhood
  std::vector<std::int32_t> slot;                   // block id -> index in blocks, or -1
  std::vector<std::vector<std::uint16_t>> crime;    // [week][slot]
  std::vector<std::vector<std::uint16_t>> prop;     // [week][slot]
  std::vector<std::vector<std::int32_t>> adjacent;  // slot -> adjacent residential slots
  // Offences experienced by residents and police-recorded crime, over all recorded weeks.
  double offences_local = 0, offences_elsewhere = 0, recorded_local = 0, recorded_elsewhere = 0;
  std::vector<std::uint8_t> mark;
  // Trust in the police: change in the week of one's own contact, net of the relaxation
  // towards the baseline and of the results seen that week (phases::police_results: the fall of
  // the remembered incidents on the block, a report answered with feedback), for residents whose
  // only trust event that week was that contact.
  std::vector<float> prev_trust, prev_incident_memory;
  double good = 0, n_good = 0, bad = 0, n_bad = 0, contacts_good = 0, contacts_bad = 0;

  void init(const World& w) {
    const std::size_t n = w.residents.size();
    last_violence.assign(n, kNever);
    burglaries.assign(w.households.size(), {});
    slot.assign(w.blocks.size(), -1);
    for (std::uint32_t c : w.neighbourhoods[0].blocks) {
      if (w.blocks.resident_count[c] == 0) continue;
      slot[c] = static_cast<std::int32_t>(blocks.size());
      blocks.push_back(c);
    }
    adjacent.resize(blocks.size());
    for (std::size_t i = 0; i < blocks.size(); ++i)
      w.adjacent->for_each(blocks[i], [&](std::uint32_t x) {
        if (slot[x] >= 0) adjacent[i].push_back(slot[x]);
      });
    mark.assign(n, 0);
    prev_trust = w.residents.trust_police;
    prev_incident_memory = w.residents.incident_memory;
  }

  void on_week(const World& w, const OutcomeTable& t) override {
    if (blocks.empty()) init(w);
    const Residents& r = w.residents;
    const int week = w.week;
    const bool last_year = week >= kWeeks - kYear;
    std::fill(mark.begin(), mark.end(), std::uint8_t{0});

    // Incidents of this week.
    crime.emplace_back(blocks.size(), 0);
    prop.emplace_back(blocks.size(), 0);
    for (const Incident& inc : w.incidents) {
      const std::int32_t s = slot[inc.block];
      if (s >= 0 && inc.type != kNuisance) ++crime.back()[static_cast<std::size_t>(s)];
      if (s >= 0 && property(inc.type)) ++prop.back()[static_cast<std::size_t>(s)];
      if (inc.victim < 0 || inc.type == kNuisance) continue;
      const auto v = static_cast<std::uint32_t>(inc.victim);
      if (r.neighbourhood[v] != 0) continue;
      offences_local += 1;
      if (inc.type == kViolence) {
        last_violence[v] = static_cast<std::int16_t>(week);
        mark[v] = 1;
        continue;
      }
      const std::uint32_t h = r.household[v];
      for (std::uint32_t m = w.households.first[h]; m < w.households.first[h + 1]; ++m) mark[m] = 1;
      if (inc.type == kBurglary) burglaries[h].push_back(static_cast<std::int16_t>(week));
    }
    recorded_local += w.neighbourhoods[0].week.recorded;

    const double relax = w.spec.params.trust.relaxation;
    for (std::uint32_t id = 0; id < r.size(); ++id) {
      if (r.arrived[id] == week) {  // a newcomer took this slot: forget the former resident
        last_violence[id] = kNever;
        if (id == w.households.first[r.household[id]]) burglaries[r.household[id]].clear();
        prev_trust[id] = r.trust_police[id];
        prev_incident_memory[id] = r.incident_memory[id];
        continue;
      }
      if (!adult(r.age[id])) continue;
      const std::uint8_t ev = r.week_events[id];
      // Victimised this week but not by a local incident: victimisation elsewhere.
      if ((ev & kEventVictimised) && !mark[id]) {
        offences_elsewhere += 1;
        recorded_elsewhere += (r.last_offence[id] & kLastAangifte) ? 1 : 0;
      }
      // Trust: own contact, nothing else, no tie with a contact (heard contacts), no clamping.
      const bool good_c = ev & kEventContactGood, bad_c = ev & kEventContactBad;
      contacts_good += good_c;
      contacts_bad += bad_c;
      // Not in a resident's first week, which starts the memories (phases::police_results needs
      // last week's).
      if ((good_c != bad_c) && !(ev & (kEventUnanswered | kEventSanctioned)) && week > 0 && r.arrived[id] != week - 1) {
        bool heard = false;
        for (std::uint32_t k = w.network.offset[id]; k < w.network.offset[id + 1]; ++k)
          heard |= (r.week_events[w.network.ties[k]] & (kEventContactGood | kEventContactBad)) != 0;
        const double now = r.trust_police[id], before = prev_trust[id];
        if (!heard && now > 0 && now < 10) {
          const double delta = now - before - relax * (r.trust_base[id] - before) -
                               phases::police_results(w, id, prev_incident_memory[id]);
          (good_c ? good : bad) += delta;
          (good_c ? n_good : n_bad) += 1;
        }
      }
      prev_trust[id] = r.trust_police[id];
      prev_incident_memory[id] = r.incident_memory[id];
      if (!last_year) continue;
      const double p_unsafe = response::p_unsafe_sometimes(r.fear_recent[id]);
      (r.female[id] ? women : men) += p_unsafe;
      (r.female[id] ? n_women : n_men) += 1;
      if (r.age[id] == kAge15_24 || r.age[id] == kAge25_44) young += p_unsafe, n_young += 1;
      if (r.age[id] == kAge65Plus) old += p_unsafe, n_old += 1;
      const int lv = last_violence[id], la = r.last_victimised[id];
      if (lv != kNever && week - lv < 13) violence13.add(r, id);
      if (lv != kNever && week - lv < 52) violence52.add(r, id);
      if (la != kNever && week - la < 13) any13.add(r, id);
      if (la == kNever || week - la >= 52) none52.add(r, id);
    }
    if (last_year) {
      unsafe_sometimes += t.at(Outcome::unsafe_sometimes_pct, 0) / kYear;
      unsafe_often += t.at(Outcome::unsafe_often_pct, 0) / kYear;
      report_pct += t.at(Outcome::report_police_pct, 0) / kYear;
      satisfied_pct += t.at(Outcome::police_satisfied_pct, 0) / kYear;
    }
  }
};

std::vector<FactsObserver> run_baseline(const ScenarioSpec& spec) {
  std::vector<FactsObserver> out(static_cast<std::size_t>(kSeeds));
  tbb::parallel_for(0, kSeeds, [&](int i) {
    Simulation sim(spec, settings(seed(7000u + static_cast<std::uint64_t>(i))), 0);
    sim.run(out[static_cast<std::size_t>(i)]);
  });
  return out;
}

const std::vector<FactsObserver>& baseline() {
  static const std::vector<FactsObserver> runs = run_baseline(nl_average());
  return runs;
}

// Some of the runs (all of them, or all but one for the jackknife).
using Runs = std::vector<const FactsObserver*>;

// All the runs.
Runs all_of(const std::vector<FactsObserver>& runs) {
  Runs all;
  for (const FactsObserver& o : runs) all.push_back(&o);
  return all;
}

// Mean over the runs of f(run).
template <class F>
double mean_over(const Runs& runs, F f) {
  double s = 0;
  for (const FactsObserver* r : runs) s += f(*r);
  return s / static_cast<double>(runs.size());
}

// ---------------------------------------------------------------------------------------------
// Statistics.

// Share of all incidents on the top `share` of blocks.
double top_share(std::vector<double> counts, double share) {
  std::sort(counts.begin(), counts.end(), std::greater<>());
  const auto k = static_cast<std::size_t>(std::max(1.0, std::round(share * static_cast<double>(counts.size()))));
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  return total > 0 ? std::accumulate(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(k), 0.0) / total
                   : 0.0;
}

// The smallest share of blocks that holds half of the incidents (Weisburd's measure).
double blocks_for_half(std::vector<double> counts) {
  std::sort(counts.begin(), counts.end(), std::greater<>());
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  double sum = 0;
  std::size_t k = 0;
  while (k < counts.size() && sum < 0.5 * total) sum += counts[k++];
  return static_cast<double>(k) / static_cast<double>(counts.size());
}

double variance_to_mean(const std::vector<double>& counts) {
  const double n = static_cast<double>(counts.size());
  const double mean = std::accumulate(counts.begin(), counts.end(), 0.0) / n;
  double v = 0;
  for (double c : counts) v += (c - mean) * (c - mean);
  return mean > 0 ? v / (n - 1) / mean : 0.0;
}

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = 0.5 * static_cast<double>(i + j);
    i = j + 1;
  }
  return rank;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) { return pearson(ranks(a), ranks(b)); }

}  // namespace

// =============================================================================================
// Sex and age gradients, and the often/sometimes ratio.

// CALIBRATION CHECK at NL-average, VALIDATION in the aandachtswijk (VM 2019: 14% sometimes or often, "ruim 1%" often;
// Maastricht 2014-2017 often/ sometimes-or-often about 0.1-0.2): target range 0.05-0.25. The often threshold is
// calibrated to the NL level of "often" (docs/calibration.md), so the NL ratio is partly set; the ratio in the
// aandachtswijk preset, not calibrated for it, is the independent check and is asserted too.
TEST(StylisedFacts, OftenSometimesRatio) {
  const auto& runs = baseline();
  const Estimate nl = jackknife(runs, [](const Runs& rs) {
    return mean_over(rs, [](const FactsObserver& o) { return o.unsafe_often / o.unsafe_sometimes; });
  });
  ScenarioSpec aw = nl_average(10000);
  aandachtswijk(aw.neighbourhoods[0].params);
  std::vector<double> ratio(kAwSeeds);
  tbb::parallel_for(0, kAwSeeds, [&](int i) {
    struct Level : Observer {
      double often = 0, sometimes = 0;
      void on_week(const World& w, const OutcomeTable& t) override {
        if (w.week < kWeeks - kYear) return;
        often += t.at(Outcome::unsafe_often_pct, 0);
        sometimes += t.at(Outcome::unsafe_sometimes_pct, 0);
      }
    } level;
    Simulation sim(aw, settings(seed(7100u + static_cast<std::uint64_t>(i))), 0);
    sim.run(level);
    ratio[static_cast<std::size_t>(i)] = level.often / level.sometimes;
  });
  const Estimate deprived = mean_se(ratio);
  print_fact("often_sometimes_ratio",
             fmt("NL-average %.3f, aandachtswijk %.3f (range 0.05-0.25)", nl.value, deprived.value));
  expect_fact("nl_average_in_range", check_within("often/sometimes ratio, NL-average", nl, 0.05, 0.25), with_se(nl));
  expect_fact("aandachtswijk_in_range", check_within("often/sometimes ratio, aandachtswijk", deprived, 0.05, 0.25),
              with_se(deprived));
}

// CALIBRATION CHECK (fear.female cites it; CBS 2017: 20% of women and 13% of men feel unsafe in the neighbourhood,
// ratio 1.5): target range 1.2-2.0. The population value of "unsafe sometimes or often" by sex.
TEST(StylisedFacts, WomenMoreOftenUnsafeThanMen) {
  const auto& runs = baseline();
  const auto women = [](const Runs& rs) {
    return mean_over(rs, [](const FactsObserver& o) { return 100 * o.women / o.n_women; });
  };
  const auto men = [](const Runs& rs) {
    return mean_over(rs, [](const FactsObserver& o) { return 100 * o.men / o.n_men; });
  };
  const Estimate ratio = jackknife(runs, [&](const Runs& rs) { return women(rs) / men(rs); });
  const Runs all = all_of(runs);
  print_fact("women_men_unsafe_ratio",
             fmt("%.2f (women %.1f%%, men %.1f%%; range 1.2-2.0)", ratio.value, women(all), men(all)));
  expect_fact("ratio_in_range", check_within("women/men unsafe ratio", ratio, 1.2, 2.0), with_se(ratio));
}

// CALIBRATION CHECK (fear.age_15_44 and fear.age_65_plus cite it; VM: the young feel unsafe in the neighbourhood at
// least as often as those 65+): the share unsafe among residents aged 15-44 is at least that among those 65+
// (tolerance: not more than 0.5 points below).
TEST(StylisedFacts, YoungAtLeastAsOftenUnsafeAsOld) {
  const auto& runs = baseline();
  const auto young = [](const Runs& rs) {
    return mean_over(rs, [](const FactsObserver& o) { return 100 * o.young / o.n_young; });
  };
  const auto old = [](const Runs& rs) {
    return mean_over(rs, [](const FactsObserver& o) { return 100 * o.old / o.n_old; });
  };
  const Estimate gap = jackknife(runs, [&](const Runs& rs) { return young(rs) - old(rs); });
  const Runs all = all_of(runs);
  print_fact("unsafe_15_44_vs_65plus", fmt("15-44 %.1f%% vs 65+ %.1f%%", young(all), old(all)));
  expect_fact("young_not_below_old", check_above("unsafe 15-44 minus 65+ (points)", gap, -0.5),
              with_se(gap, " points"));
}

// =============================================================================================
// Victims' fear.

// VALIDATION (CBS 2017: victims of violence are 5x as often afraid of becoming a victim as
// non-victims; target range 2-6x). Measured from the residents' state, over person-weeks of the
// last recorded year: victims of threat or violence in the past 52 weeks (the VM's reference
// period; the offence type is tracked from each week's incidents, since the state keeps only the
// week of the last victimisation of any type) against residents not victimised by any offence in
// the past 52 weeks. "Afraid" is what a respondent would answer: the survey response model on
// fear over the past ~13 weeks, Phi(fear_recent) (the probability of answering "unsafe sometimes
// or often"; the model has one latent fear, no separate item for fear of victimisation).
// Printed as well: victims of the past 13 weeks, the response model on current fear, and latent
// fear above the 'sometimes' threshold without answer noise (which no survey observes).
TEST(StylisedFacts, RecentViolenceVictimsMoreAfraid) {
  const auto& runs = baseline();
  struct Pooled {
    FactsObserver::Afraid v13, v52, a13, none;
    double ratio(const FactsObserver::Afraid& g, std::size_t k) const {
      return (g.sum[k] / g.n) / (none.sum[k] / none.n);
    }
  };
  const auto pooled = [](const Runs& rs) {
    Pooled p;
    auto pool = [](FactsObserver::Afraid& into, const FactsObserver::Afraid& x) {
      for (std::size_t k = 0; k < 3; ++k) into.sum[k] += x.sum[k];
      into.n += x.n;
    };
    for (const FactsObserver* o : rs)
      pool(p.v13, o->violence13), pool(p.v52, o->violence52), pool(p.a13, o->any13), pool(p.none, o->none52);
    return p;
  };
  const Pooled all = pooled(all_of(runs));
  const auto& v13 = all.v13;
  const auto& v52 = all.v52;
  const auto& a13 = all.a13;
  const auto& none = all.none;
  auto ratio = [&](const FactsObserver::Afraid& g, std::size_t k) { return all.ratio(g, k); };
  const char* names[3] = {"survey model, fear_recent", "survey model, current fear", "latent fear > 0"};
  for (std::size_t k = 0; k < 3; ++k)
    std::printf(
        "        %-27s violence <13 wk %5.1f%% (x%.2f), <52 wk x%.2f, any offence <13 wk x%.2f; non-victims %.1f%%\n",
        names[k], 100 * v13.sum[k] / v13.n, ratio(v13, k), ratio(v52, k), ratio(a13, k), 100 * none.sum[k] / none.n);
  const double r = ratio(v52, 0);
  print_fact("violence_victims_fear_ratio",
             fmt("%.2f (violence victims <52 wk %.1f%% vs non-victims %.1f%% afraid; <13 wk %.2f; range 2-6)", r,
                 100 * v52.sum[0] / v52.n, 100 * none.sum[0] / none.n, ratio(v13, 0)));
  std::printf("        violence victim person-weeks %.0f (<13 wk) and %.0f (<52 wk), non-victim person-weeks %.0f\n",
              v13.n, v52.n, none.n);
  EXPECT_GT(v52.n, 2000);
  const Estimate e = jackknife(runs, [&](const Runs& rs) {
    const Pooled p = pooled(rs);
    return p.ratio(p.v52, 0);
  });
  expect_fact("ratio_in_range", check_within("violence victims / non-victims afraid", e, 2.0, 6.0), with_se(e));
}

// =============================================================================================
// Repeat and near-repeat victimisation, concentration.

// CALIBRATION CHECK (offending.return_probability and repeat_household_boost cite it; CBS 2019: 20% of burgled
// households are burgled again within a year; 28% very urban, 16% non-urban): of the households burgled at least once
// in a recorded year (the VM's 12-month reference period), the share burgled two or more times that year; tolerance
// 10-35%. Burglaries are tracked per household from each week's incidents (a household that moves out is forgotten: the
// newcomers in its dwelling start afresh, as households.last_burglary does). Also printed: the share of burglaries
// followed by another within 52 weeks. The default of offending.repeat_household_boost cites this figure, so the level
// is partly set.
TEST(StylisedFacts, RepeatBurglaryWithinAYear) {
  const auto& runs = baseline();
  // Burgled household-years and those with two or more burglaries, pooled over the runs.
  const auto counts = [](const Runs& rs) {
    std::pair<double, double> c{0, 0};
    for (const FactsObserver* o : rs)
      for (const auto& weeks : o->burglaries)
        for (int year = 0; year < kWeeks / kYear; ++year) {
          const auto n = std::count_if(weeks.begin(), weeks.end(), [&](std::int16_t t) { return t / kYear == year; });
          c.first += n >= 1 ? 1 : 0;
          c.second += n >= 2 ? 1 : 0;
        }
    return c;
  };
  const auto [burgled, repeat] = counts(all_of(runs));
  const Estimate share = jackknife(runs, [&](const Runs& rs) {
    const auto c = counts(rs);
    return 100 * c.second / c.first;
  });
  // The other reading: of burglaries in the first recorded year, the share followed by another
  // burglary of the same household within 52 weeks.
  double first = 0, followed = 0;
  for (const auto& o : runs)
    for (const auto& weeks : o.burglaries)
      for (std::size_t k = 0; k < weeks.size(); ++k) {
        if (weeks[k] >= kYear) continue;
        first += 1;
        followed += k + 1 < weeks.size() && weeks[k + 1] - weeks[k] <= kYear ? 1 : 0;
      }
  print_fact("repeat_burglary_12m", fmt("%.1f%% of %.0f burgled household-years (range 10-35%%); burgled again within "
                                        "52 weeks after a burglary: %.1f%%",
                                        share.value, burgled, 100 * followed / first));
  EXPECT_GT(burgled, 100);
  // A miss is a failing expectation, never a skip: listed in tests/known_misses.txt, it must stay
  // missed; unlisted, it fails the test.
  expect_fact(
      "share_in_range", check_within("repeat burglary within a year (%)", share, 10, 35),
      with_se(share, "% of burgled households") + fmt(", again within 52 weeks %.1f%%", 100 * followed / first));
}

// CALIBRATION CHECK (Weisburd 2015, law of crime concentration: about half of a city's crime on
// 2-6% of its street segments; layout.place_risk_sd was set so that this holds): crime (all
// non-nuisance incidents) per residential block over the last recorded year of a large
// neighbourhood (15,000 residents, 375 blocks). Asserted, each 3 se clear (mean over 24 seeds):
// half of the year's crime lies on 2-6% of the blocks; and the concentration is not the
// small-count artefact of chance (Bernasco & Steenbeek 2017): both the share of crime on the top
// 5% of blocks and the variance/mean ratio exceed the 99th percentile of the same statistic over
// 1,000 Poisson draws with the same mean (the excess, by seed, more than 3 se above zero), and
// under that Poisson null half of the crime needs more than three times as many blocks.
TEST(StylisedFacts, CrimeConcentratedOnFewBlocks) {
  const auto& runs = baseline();
  double observed = 0, null_p99 = 0, null_mean = 0, dispersion = 0, dispersion_p99 = 0, mean_count = 0, top2 = 0;
  int seeds_above = 0;
  std::vector<double> top_excess, dispersion_excess, half, null_half;
  std::mt19937_64 rng(42);
  for (const auto& o : runs) {
    std::vector<double> counts(o.blocks.size(), 0.0), two_years(o.blocks.size(), 0.0);
    for (int t = 0; t < kWeeks; ++t)
      for (std::size_t s = 0; s < counts.size(); ++s) {
        two_years[s] += o.crime[static_cast<std::size_t>(t)][s];
        if (t >= kWeeks - kYear) counts[s] += o.crime[static_cast<std::size_t>(t)][s];
      }
    const double mean = std::accumulate(counts.begin(), counts.end(), 0.0) / static_cast<double>(counts.size());
    std::vector<double> null_top, null_disp;
    std::poisson_distribution<int> poisson(mean);
    double null_half_sum = 0;
    for (int k = 0; k < 1000; ++k) {
      std::vector<double> sim(counts.size());
      for (double& c : sim) c = poisson(rng);
      null_top.push_back(top_share(sim, 0.05));
      null_disp.push_back(variance_to_mean(sim));
      null_half_sum += blocks_for_half(sim) / 1000;
    }
    half.push_back(blocks_for_half(counts));
    null_half.push_back(null_half_sum);
    std::sort(null_top.begin(), null_top.end());
    std::sort(null_disp.begin(), null_disp.end());
    const double top = top_share(counts, 0.05);
    seeds_above += top > null_top[989] && variance_to_mean(counts) > null_disp[989] ? 1 : 0;
    top_excess.push_back(top - null_top[989]);
    dispersion_excess.push_back(variance_to_mean(counts) - null_disp[989]);
    observed += top / kSeeds;
    null_p99 += null_top[989] / kSeeds;
    null_mean += std::accumulate(null_top.begin(), null_top.end(), 0.0) / 1000 / kSeeds;
    dispersion += variance_to_mean(counts) / kSeeds;
    dispersion_p99 += null_disp[989] / kSeeds;
    mean_count += mean / kSeeds;
    top2 += top_share(two_years, 0.05) / kSeeds;
  }
  print_fact(
      "crime_concentration",
      fmt("top 5%% of blocks hold %.1f%% of a year's crime (Poisson null: mean %.1f%%, p99 %.1f%%); two years %.1f%%",
          100 * observed, 100 * null_mean, 100 * null_p99, 100 * top2));
  print_fact("crime_dispersion", fmt("variance/mean %.2f (Poisson null p99 %.2f); mean %.2f incidents per block-year; "
                                     "%.0f of %.0f seeds above both p99",
                                     dispersion, dispersion_p99, mean_count, seeds_above, kSeeds));
  const Estimate h = mean_se(half), hn = mean_se(null_half);
  print_fact("crime_half_on_blocks",
             fmt("half of a year's crime on %.1f%% of blocks (Poisson null: %.1f%%)", 100 * h.value, 100 * hn.value));
  expect_fact("half_on_few_blocks", check_within("share of blocks holding half of the crime", h, 0.02, 0.06),
              with_se(h));
  std::vector<double> ratio;
  for (std::size_t i = 0; i < half.size(); ++i) ratio.push_back(null_half[i] / half[i]);
  const Estimate null_ratio = mean_se(ratio);
  expect_fact("beyond_chance", check_above("Poisson null / model share of blocks for half", null_ratio, 3.0),
              with_se(null_ratio));
  const Estimate top = mean_se(top_excess), disp = mean_se(dispersion_excess);
  expect_fact("top_share_above_null", check_above("top 5% share minus Poisson null p99", top, 0), with_se(top));
  expect_fact("dispersion_above_null", check_above("variance/mean minus Poisson null p99", disp, 0), with_se(disp));
}

// CALIBRATION CHECK (the near-repeat parameters cite it; near repeats, Johnson & Bowers 2004; target: risk elevated for
// about 1-8 weeks and on nearby blocks, decaying): after a property crime (burglary, theft, vandalism) on a block, the
// relative property-crime risk of that block (its count over the mean block's count in the same week, which removes
// seasonality) is compared across lags. Elevation = relative risk at lags 1-8 weeks over that at lags 27-52 (the
// block's own persistent level). Asserted, each 3 se clear (jackknife over seeds): same block elevated by more than
// 5% (10% until places differed durably, issue 15: the pooled figure is dominated by the hottest
// blocks, whose own level already carries the boosts of their frequent incidents, so the same
// boost shows a smaller elevation over it; measured 1.17, se 0.03), adjacent blocks (von Neumann) elevated at all
// (above 1: the seed-to-seed sd of the adjacent figure is about 0.06 around 1.08, so "by 2%", as before, would need
// about 40 seeds to be decisive); decaying (lags 1-4 above lags 5-8; lags 9-16 closer to the persistent level than lags
// 1-8).
namespace {

constexpr int kLags = 52;

// One run's sums over trigger incidents, by lag: same block, adjacent blocks, and the mean block
// (the reference).
struct NearRepeatSums {
  std::vector<double> same = std::vector<double>(kLags + 1, 0.0), adj = std::vector<double>(kLags + 1, 0.0),
                      ref = std::vector<double>(kLags + 1, 0.0);
  double events = 0;
};

NearRepeatSums near_repeat_sums(const FactsObserver& o) {
  NearRepeatSums r;
  const std::size_t nb = o.blocks.size();
  std::vector<double> mean(static_cast<std::size_t>(kWeeks), 0.0);
  for (int t = 0; t < kWeeks; ++t)
    for (std::size_t s = 0; s < nb; ++s)
      mean[static_cast<std::size_t>(t)] += o.prop[static_cast<std::size_t>(t)][s] / static_cast<double>(nb);
  for (int t = 0; t + kLags < kWeeks; ++t)
    for (std::size_t s = 0; s < nb; ++s) {
      const double n = o.prop[static_cast<std::size_t>(t)][s];
      if (n == 0) continue;
      r.events += n;
      for (int lag = 1; lag <= kLags; ++lag) {
        const auto& row = o.prop[static_cast<std::size_t>(t + lag)];
        r.same[static_cast<std::size_t>(lag)] += n * row[s];
        double a = 0;
        for (std::int32_t x : o.adjacent[s]) a += row[static_cast<std::size_t>(x)];
        if (!o.adjacent[s].empty())
          r.adj[static_cast<std::size_t>(lag)] += n * a / static_cast<double>(o.adjacent[s].size());
        r.ref[static_cast<std::size_t>(lag)] += n * mean[static_cast<std::size_t>(t + lag)];
      }
    }
  return r;
}

// Relative risks pooled over some runs, against lags 27-52.
struct NearRepeat {
  double e14, e58, e18, e916, adj18, events;
};

NearRepeat near_repeat(const std::vector<const NearRepeatSums*>& runs) {
  NearRepeatSums p;
  for (const NearRepeatSums* r : runs) {
    for (std::size_t lag = 0; lag <= kLags; ++lag)
      p.same[lag] += r->same[lag], p.adj[lag] += r->adj[lag], p.ref[lag] += r->ref[lag];
    p.events += r->events;
  }
  auto rr = [&](const std::vector<double>& x, int a, int b) {
    double num = 0, den = 0;
    for (int lag = a; lag <= b; ++lag)
      num += x[static_cast<std::size_t>(lag)], den += p.ref[static_cast<std::size_t>(lag)];
    return num / den;
  };
  const double persistent = rr(p.same, 27, 52), persistent_adj = rr(p.adj, 27, 52);
  return {rr(p.same, 1, 4) / persistent,  rr(p.same, 5, 8) / persistent,    rr(p.same, 1, 8) / persistent,
          rr(p.same, 9, 16) / persistent, rr(p.adj, 1, 8) / persistent_adj, p.events};
}

}  // namespace

TEST(StylisedFacts, NearRepeatRiskElevatedAndDecaying) {
  std::vector<NearRepeatSums> sums;
  for (const auto& o : baseline()) sums.push_back(near_repeat_sums(o));
  const auto stat = [&](auto f) {
    return jackknife(sums, [&](const std::vector<const NearRepeatSums*>& rs) { return f(near_repeat(rs)); });
  };
  std::vector<const NearRepeatSums*> all;
  for (const auto& x : sums) all.push_back(&x);
  const NearRepeat n = near_repeat(all);
  print_fact("near_repeat_same_block",
             fmt("risk x%.3f at lags 1-4, x%.3f at 5-8, x%.3f at 9-16 weeks (vs lags 27-52)", n.e14, n.e58, n.e916));
  print_fact("near_repeat_adjacent",
             fmt("risk x%.3f at lags 1-8 on adjacent blocks; %.0f trigger incidents", n.adj18, n.events));
  const Estimate e18 = stat([](const NearRepeat& x) { return x.e18; });
  const Estimate adj18 = stat([](const NearRepeat& x) { return x.adj18; });
  const Estimate decay_early = stat([](const NearRepeat& x) { return x.e14 - x.e58; });
  const Estimate decay_late = stat([](const NearRepeat& x) { return x.e18 - x.e916; });
  expect_fact("same_block_elevated", check_above("same block, relative risk at lags 1-8", e18, 1.05), with_se(e18));
  expect_fact("adjacent_elevated", check_above("adjacent blocks, relative risk at lags 1-8", adj18, 1.0),
              with_se(adj18));
  expect_fact("decaying", check_above("relative risk, lags 1-4 minus lags 5-8", decay_early, 0), with_se(decay_early));
  expect_fact("back_to_level", check_above("relative risk, lags 1-8 minus lags 9-16", decay_late, 0),
              with_se(decay_late));
}

// =============================================================================================
// Reporting and recorded crime.

// CALIBRATION CHECK (reporting probabilities set from VM figures; CBS: more than a third of offences reported in any
// form, 2011; aangifte 25-29%): report_police_pct in 25-45%; and police-recorded crime several times (2.5-8x) below the
// offences residents experience (victimisation-survey counts): offences experienced here and
// elsewhere against formal reports recorded here and (for offences elsewhere) by other police
// areas. The reporting probabilities by offence type are set from VM figures, so the level is
// partly set; the ratio follows from them and the mix of offences.
TEST(StylisedFacts, AboutAThirdReportedAndRecordedCrimeFarBelowSurveyCounts) {
  const auto& runs = baseline();
  const auto offences = [](const Runs& rs) {
    return mean_over(rs, [](const FactsObserver& o) { return o.offences_local + o.offences_elsewhere; });
  };
  const auto recorded = [](const Runs& rs) {
    return mean_over(rs, [](const FactsObserver& o) { return o.recorded_local + o.recorded_elsewhere; });
  };
  const Estimate report = jackknife(
      runs, [](const Runs& rs) { return mean_over(rs, [](const FactsObserver& o) { return o.report_pct; }); });
  const Estimate ratio = jackknife(runs, [&](const Runs& rs) { return offences(rs) / recorded(rs); });
  const Runs all = all_of(runs);
  const double local = mean_over(all, [](const FactsObserver& o) { return o.offences_local / o.recorded_local; });
  print_fact("report_police_pct", fmt("%.1f%% (range 25-45)", report.value));
  print_fact("survey_vs_recorded", fmt("%.2fx (offences %.0f vs recorded %.0f per run; local only %.2fx; range 2.5-8)",
                                       ratio.value, offences(all), recorded(all), local));
  expect_fact("reported_in_range", check_within("reported to the police (%)", report, 25, 45), with_se(report, "%"));
  expect_fact("recorded_ratio_in_range", check_within("offences / recorded", ratio, 2.5, 8), with_se(ratio));
}

// =============================================================================================
// Police contacts and trust.

// WIRING (by construction from trust.negative_asymmetry = 5; Skogan 2006: 4-14x): a negative
// police contact moves trust at least 4x as much as a positive one. Measured as the change of
// trust in the week of a resident's own contact, net of the relaxation towards the baseline and of
// the results seen that week (trust from results, docs/odd.md section 7.7), for residents with
// exactly one kind of contact, no other trust event and no tie with a contact.
TEST(StylisedFacts, NegativeContactsMoveTrustAtLeastFourTimesAsMuch) {
  const auto& runs = baseline();
  struct Moves {
    double good = 0, n_good = 0, bad = 0, n_bad = 0;
    double g() const { return good / n_good; }
    double b() const { return bad / n_bad; }
  };
  const auto pooled = [](const Runs& rs) {
    Moves m;
    for (const FactsObserver* o : rs) m.good += o->good, m.n_good += o->n_good, m.bad += o->bad, m.n_bad += o->n_bad;
    return m;
  };
  const Moves m = pooled(all_of(runs));
  print_fact("contact_asymmetry", fmt("%.2fx (positive %+.3f, negative %+.3f points; %.0f and %.0f contacts)",
                                      -m.b() / m.g(), m.g(), m.b(), m.n_good, m.n_bad));
  expect_above("trust change after a positive contact", jackknife(runs, [&](const Runs& rs) { return pooled(rs).g(); }),
               0);
  expect_below("trust change after a negative contact", jackknife(runs, [&](const Runs& rs) { return pooled(rs).b(); }),
               0);
  expect_above("negative / positive contact effect",
               jackknife(runs,
                         [&](const Runs& rs) {
                           const Moves x = pooled(rs);
                           return -x.b() / x.g();
                         }),
               4.0);
}

// WIRING (trust.procedural_quality sets the share of good contacts; the other side is the calibrated
// satisfaction) for the gap (CBS: about 66% satisfied with the last contact, well above the 25-37% satisfied with
// police functioning in the neighbourhood; docs/odd.md section 1): the share of contacts of good
// procedural quality in 56-76% (66 +- 10) and at least 20 points above police_satisfied_pct.
TEST(StylisedFacts, LastContactSatisfactionAboveNeighbourhoodSatisfaction) {
  const auto& runs = baseline();
  const auto contact = [](const Runs& rs) {
    return mean_over(rs,
                     [](const FactsObserver& o) { return 100 * o.contacts_good / (o.contacts_good + o.contacts_bad); });
  };
  const auto satisfied = [](const Runs& rs) {
    return mean_over(rs, [](const FactsObserver& o) { return o.satisfied_pct; });
  };
  const Estimate level = jackknife(runs, contact);
  const Estimate gap = jackknife(runs, [&](const Runs& rs) { return contact(rs) - satisfied(rs); });
  print_fact("contact_vs_neighbourhood_satisfaction",
             fmt("%.1f%% good contacts vs %.1f%% satisfied with police in the neighbourhood", level.value,
                 satisfied(all_of(runs))));
  expect_fact("level_in_range", check_within("good contacts (%)", level, 56, 76), with_se(level, "%"));
  expect_fact("gap_above_20_points", check_above("good contacts minus satisfied (points)", gap, 20),
              with_se(gap, " points"));
}

// =============================================================================================
// Crime-fear elasticity and lag.

namespace {

constexpr int kDropRuns = 6, kDropWeeks = 156;

// Weekly incidents, unsafe_sometimes and victimised_12m of neighbourhood 0; and, over the last
// recorded year, the mean over residents 15+ of each term of the fear target (attitudes.cpp).
struct Path : Observer {
  std::vector<double> incidents, unsafe, victimised;
  std::array<double, 8> terms{};  // base, victimisation, witnessed, hearsay, disorder, nuisance, reassurance, fear
  double n = 0;
  void on_week(const World& w, const OutcomeTable& t) override {
    incidents.push_back(t.at(Outcome::incidents, 0));
    unsafe.push_back(t.at(Outcome::unsafe_sometimes_pct, 0));
    victimised.push_back(t.at(Outcome::victimised_12m_pct, 0));
    if (w.week < kDropWeeks - kYear) return;
    const Residents& r = w.residents;
    const Params& g = w.spec.params;
    for (std::uint32_t id = 0; id < r.size(); ++id) {
      if (!adult(r.age[id])) continue;
      const std::uint32_t b = r.block[id];
      terms[0] += r.fear_base[id];
      terms[1] += g.fear.victimisation * r.victim_memory[id];
      terms[2] += g.fear.witnessed * r.witness_memory[id];
      terms[3] += g.fear.hearsay * r.hearsay_memory[id];
      terms[4] += g.fear.disorder * response::perceived_disorder(w.blocks.disorder[b], r.disorder_bias[id]);
      terms[5] += g.fear.nuisance * r.nuisance_seen[id];
      terms[6] -= g.awareness.fear_reassurance * r.aware[id] + g.cohesion.fear_reassurance * w.blocks.efficacy[b];
      terms[7] += r.fear_recent[id];
      n += 1;
    }
  }
};

// Runs the burn-in, then (if `factor` < 1) lowers all offending from week 0 on: offenders'
// rate, ordinary residents' nuisance and victimisation elsewhere, each times `factor`.
Path run_with_drop(const ScenarioSpec& spec, const RunSettings& rs, double factor) {
  Simulation sim(spec, rs, 0);
  Path path;
  while (sim.next_week() < 0) sim.step(path);
  // A test-only intervention between two weeks: the Simulation owns a non-const World, so
  // writing through const_cast is well defined. These parameters are global (read from
  // world.spec.params), so this is the same as a config with lower rates from week 0 on.
  World& w = const_cast<World&>(sim.world());
  w.spec.params.offending.offender_rate *= factor;
  w.spec.params.offending.resident_nuisance_rate *= factor;
  w.spec.params.context.elsewhere_rate *= factor;
  while (sim.next_week() < rs.weeks) sim.step(path);
  return path;
}

struct Drop {
  std::vector<double> crime, fear;  // paired relative differences per week (ratio of sums over seeds)
  double rc = 0, rf = 0, rv = 0;    // relative changes over recorded weeks 104-155
  std::array<double, 8> base_terms{}, drop_terms{};
};

// One seed run twice: unchanged and with offending x 0.72 from week 0 (common random numbers, so
// the paired difference is the effect of the drop).
struct DropPair {
  Path base, drop;
};
using Pairs = std::vector<const DropPair*>;

// The paired relative differences pooled over some of the pairs.
Drop summarise(const Pairs& pairs) {
  Drop d;
  d.crime.resize(kDropWeeks);
  d.fear.resize(kDropWeeks);
  double cb = 0, cd = 0, fb = 0, fd = 0, vb = 0, vd = 0;
  for (std::size_t t = 0; t < static_cast<std::size_t>(kDropWeeks); ++t) {
    double c0 = 0, c1 = 0, f0 = 0, f1 = 0;
    for (const DropPair* p : pairs) {
      c0 += p->base.incidents[t], c1 += p->drop.incidents[t];
      f0 += p->base.unsafe[t], f1 += p->drop.unsafe[t];
      if (t >= kDropWeeks - kYear) vb += p->base.victimised[t], vd += p->drop.victimised[t];
    }
    d.crime[t] = c1 / c0 - 1;
    d.fear[t] = f1 / f0 - 1;
    if (t >= kDropWeeks - kYear) cb += c0, cd += c1, fb += f0, fd += f1;
  }
  d.rc = cd / cb - 1;
  d.rf = fd / fb - 1;
  d.rv = vd / vb - 1;
  const auto n = static_cast<double>(pairs.size());
  for (const DropPair* p : pairs)
    for (std::size_t k = 0; k < 8; ++k) {
      d.base_terms[k] += p->base.terms[k] / p->base.n / n;
      d.drop_terms[k] += p->drop.terms[k] / p->drop.n / n;
    }
  return d;
}

// kDropRuns seeds, each run twice, once per process.
const std::vector<DropPair>& drop_pairs() {
  static const std::vector<DropPair> pairs = [] {
    const ScenarioSpec spec = nl_average(10000);
    std::vector<DropPair> out(kDropRuns);
    tbb::parallel_for(0, 2 * kDropRuns, [&](int k) {
      const auto i = static_cast<std::size_t>(k / 2);
      const RunSettings rs = settings(seed(7200u + i), kDropWeeks, 156);
      (k % 2 == 0 ? out[i].base : out[i].drop) = run_with_drop(spec, rs, k % 2 == 0 ? 1.0 : 0.72);
    });
    return out;
  }();
  return pairs;
}

const Drop& drop() {
  static const Drop d = [] {
    Pairs all;
    for (const DropPair& p : drop_pairs()) all.push_back(&p);
    return summarise(all);
  }();
  return d;
}

// Share of its final fall (weeks 104-155) that x has made, on average, over weeks 0-12.
double early_share(const std::vector<double>& x, double final) {
  double s = 0;
  for (std::size_t t = 0; t < 13; ++t) s += x[t] / 13;
  return s / final;
}

// First week from which the 9-week centred moving average of x stays beyond half of `final`.
int half_time(const std::vector<double>& x, double final) {
  const int n = static_cast<int>(x.size());
  int last_short = -1;
  for (int t = 0; t < n - 4; ++t) {
    double s = 0, k = 0;
    for (int u = std::max(0, t - 4); u <= t + 4; ++u) s += x[static_cast<std::size_t>(u)], k += 1;
    if (s / k > 0.5 * final) last_short = t;  // final < 0: not yet half way down
  }
  return last_short + 1;
}

void print_path(const Drop& d) {
  std::printf("        paired relative change by week (incidents / unsafe_sometimes):");
  for (std::size_t t : {0u, 1u, 2u, 4u, 8u, 13u, 26u, 39u, 52u, 78u, 104u, 130u, 155u})
    std::printf(" w%zu %+.3f/%+.3f", t, d.crime[t], d.fear[t]);
  std::printf("\n");
}

}  // namespace

// CALIBRATION CHECK (fear.witnessed, fear.nuisance and fear.hearsay were raised after it missed; RSIV: 2006-2014
// offences fell 27% or more while insecurity fell 15%, an elasticity of about 0.55; target range 0.3-0.8): a sustained
// 28% fall in all offending from week 0 (offenders' rate, ordinary residents' nuisance and victimisation elsewhere x
// 0.72), paired with an unchanged run of the same seed (common random numbers; kDropRuns seeds, 10,000 residents, 156
// weeks after a 156-week burn-in), changes unsafe_sometimes by 0.3-0.8 times the relative change of incidents, both the
// paired relative difference over recorded weeks 104-155 (pooled over the seeds; jackknife se over the pairs).
TEST(StylisedFacts, CrimeFearElasticity) {
  const Drop& d = drop();
  const double elasticity = d.rf / d.rc;
  print_fact("crime_fear_elasticity",
             fmt("%.2f (incidents %+.1f%%, unsafe_sometimes %+.1f%%, victimised %+.1f%%; range 0.3-0.8)", elasticity,
                 100 * d.rc, 100 * d.rf, 100 * d.rv));
  const char* names[8] = {"baseline", "victimisation", "witnessed",   "hearsay",
                          "disorder", "nuisance",      "reassurance", "fear_recent"};
  std::printf("        mean fear-target terms, unchanged -> lower offending (weeks 104-155):");
  for (std::size_t k = 0; k < 8; ++k) std::printf(" %s %+.3f->%+.3f", names[k], d.base_terms[k], d.drop_terms[k]);
  std::printf("\n");
  print_path(d);
  const Estimate rc = jackknife(drop_pairs(), [](const Pairs& ps) { return summarise(ps).rc; });
  const Estimate e = jackknife(drop_pairs(), [](const Pairs& ps) {
    const Drop x = summarise(ps);
    return x.rf / x.rc;
  });
  expect_below("relative change of incidents", rc, -0.2);
  expect_fact("elasticity_in_range", check_within("crime-fear elasticity", e, 0.3, 0.8), with_se(e));
}

// WIRING (a 13-week memory of events against an instant change in offending; RSIV: fear fell later and less than crime;
// target: fear lags crime): in the same paired runs, over the first 13 weeks after the drop, unsafe_sometimes has made
// a smaller share of its final fall than incidents, by more than 0.31: the difference a pure delay of 4 weeks would
// give (over weeks 0-12 a series delayed by 4 weeks makes 9/13 of the fall of one that falls at once). A share, unlike
// a half-time in whole weeks, has a jackknife se. The half-times (9-week moving average) are printed as well.
TEST(StylisedFacts, FearLagsCrime) {
  const Drop& d = drop();
  const int crime_half = half_time(d.crime, d.rc), fear_half = half_time(d.fear, d.rf);
  print_fact("fear_lags_crime",
             fmt("half of the fall reached after %.0f weeks (incidents) and %.0f weeks (unsafe_sometimes); share of "
                 "the final fall made in weeks 0-12: %.2f and %.2f",
                 crime_half, fear_half, early_share(d.crime, d.rc), early_share(d.fear, d.rf)));
  print_path(d);
  expect_below("relative change of unsafe_sometimes",
               jackknife(drop_pairs(), [](const Pairs& ps) { return summarise(ps).rf; }), 0);
  const Estimate lag = jackknife(drop_pairs(), [](const Pairs& ps) {
    const Drop x = summarise(ps);
    return early_share(x.crime, x.rc) - early_share(x.fear, x.rf);
  });
  expect_fact("fear_lags_crime",
              check_above("share of the final fall in weeks 0-12, incidents minus unsafe", lag, 4.0 / 13),
              with_se(lag));
}

// =============================================================================================
// Stable rankings.

// WIRING (the test builds neighbourhoods whose settings rise step by step; docs/odd.md section 1: neighbourhood
// rankings on insecurity are stable across waves; the VM's persistent differences between municipalities and
// neighbourhoods): six neighbourhoods of 3,000 residents, from the NL-average to the aandachtswijk preset in equal
// steps of every setting (fear.offset among them), surveyed (n about 400 each) in three yearly waves; the mean Spearman
// correlation of the surveyed unsafe_sometimes between consecutive waves is at least 0.7 (mean over kRuns seeds, 3 se).
// Persistent differences come from the settings; the test shows that the dynamics and the survey's sampling error do
// not scramble them.
TEST(StylisedFacts, NeighbourhoodRankingsStableAcrossWaves) {
  constexpr int kNbs = 6, kRuns = 24;
  ScenarioSpec spec;
  spec.name = "rankings";
  for (int i = 0; i < kNbs; ++i) {
    const double lambda = i / (kNbs - 1.0);
    Params a = spec.params, b = spec.params;
    aandachtswijk(b);
    Params p = spec.params;
    for (const ParamSpec& ps : all_params()) {
      if (ps.scope != ParamScope::Neighbourhood) continue;
      ps.set(p, (1 - lambda) * ps.get(a) + lambda * ps.get(b));
    }
    spec.neighbourhoods.push_back({"nb" + std::to_string(i), 3000, p});
  }
  struct Waves : Observer {
    std::vector<std::vector<double>> estimate;
    void on_survey(const World&, const SurveyWaveResult& s) override {
      std::vector<double> e;
      for (const auto& nb : s.neighbourhoods) e.push_back(nb.estimate[0]);  // Item::UnsafeSometimes
      estimate.push_back(e);
    }
  };
  std::vector<double> rho(kRuns);
  std::vector<Waves> waves(kRuns);
  tbb::parallel_for(0, kRuns, [&](int i) {
    RunSettings rs = settings(seed(7300u + static_cast<std::uint64_t>(i)), 105, 104);
    rs.waves = {{0, "VM2021"}, {52, "VM2021"}, {104, "VM2021"}};
    Simulation sim(spec, rs, 0);
    sim.run(waves[static_cast<std::size_t>(i)]);
    const auto& e = waves[static_cast<std::size_t>(i)].estimate;
    rho[static_cast<std::size_t>(i)] = 0.5 * (spearman(e[0], e[1]) + spearman(e[1], e[2]));
  });
  const Estimate mean_rho = mean_se(rho);
  std::string detail, seeds;
  for (double x : waves[0].estimate[0]) detail += fmt(" %.1f", x);
  for (double x : rho) seeds += fmt(" %.2f", x);
  print_fact("ranking_stability", fmt("mean Spearman %.2f between consecutive waves (seeds:", mean_rho.value) + seeds +
                                      "); wave 1 of seed 1:" + detail);
  expect_fact("stable", check_above("mean Spearman between consecutive waves", mean_rho, 0.7), with_se(mean_rho));
}
