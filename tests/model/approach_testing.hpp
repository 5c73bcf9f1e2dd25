#pragma once
// Helpers for the approach modules' wiring tests: a small world with some approaches, paired
// runs, weekly series of outcomes, and directions checked over seeds.
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "model/simulation.hpp"
#include "tests/stat_checks.hpp"
#include "tests/test_seeds.hpp"

namespace buurtsim::testing {

// One neighbourhood of `residents`, with the given approaches and parameter settings (applied to
// the scenario and the neighbourhood alike).
inline ScenarioSpec approach_world(std::uint32_t residents, std::vector<std::string> approaches,
                                   const std::function<void(Params&)>& set = {}) {
  ScenarioSpec s;
  s.name = "approach";
  s.approaches = std::move(approaches);
  if (set) set(s.params);
  s.neighbourhoods.push_back({"nb", residents, s.params});
  return s;
}

// The approach tests' base seed; the seed set moves it (tests/test_seeds.hpp: set 1 runs
// 1,000,777). Exact tests run at this seed; direction tests at it and the seeds after it.
inline constexpr std::uint64_t kApproachSeed = 777;

inline RunSettings approach_weeks(int recorded, int burn_in = 26, std::uint64_t base_seed = kApproachSeed) {
  RunSettings r;
  r.seed = seed(base_seed);
  r.weeks = recorded;
  r.burn_in_weeks = burn_in;
  r.start_date = Date{2024, 1, 1};
  return r;
}

// Every outcome of every week (neighbourhood 0), and the world at the end.
struct Weekly : Observer {
  std::vector<std::vector<double>> values;  // [week][outcome]
  void on_week(const World&, const OutcomeTable& t) override {
    std::vector<double> row(outcome_count());
    for (std::size_t o = 0; o < outcome_count(); ++o) row[o] = t.at(static_cast<Outcome>(o), 0);
    values.push_back(std::move(row));
  }
  std::vector<double> series(Outcome o) const {
    std::vector<double> v;
    for (const auto& row : values) v.push_back(row[static_cast<std::size_t>(o)]);
    return v;
  }
  // Mean of an outcome over weeks [from, to) (to < 0: the end).
  double mean(Outcome o, int from = 0, int to = -1) const {
    const auto v = series(o);
    const auto end = to < 0 ? v.size() : static_cast<std::size_t>(to);
    double s = 0, n = 0;
    for (std::size_t t = static_cast<std::size_t>(from); t < end; ++t)
      if (!std::isnan(v[t])) s += v[t], n += 1;
    return n > 0 ? s / n : std::nan("");
  }
};

struct ApproachRun {
  Weekly weekly;
  World world;
};

inline ApproachRun run_approach(const ScenarioSpec& s, const RunSettings& r) {
  Simulation sim(s, r, 0);
  Weekly weekly;
  sim.run(weekly);
  return {weekly, sim.world()};
}

// Every outcome of every week identical (NaN equals NaN).
inline void expect_identical(const Weekly& a, const Weekly& b) {
  ASSERT_EQ(a.values.size(), b.values.size());
  for (std::size_t t = 0; t < a.values.size(); ++t)
    for (std::size_t o = 0; o < outcome_count(); ++o) {
      const double x = a.values[t][o], y = b.values[t][o];
      if (std::isnan(x) && std::isnan(y)) continue;
      ASSERT_EQ(x, y) << all_outcomes()[o].name << " differs in week " << t;
    }
}

// Zero hours for approach `group` (all four organisations).
inline void zero_budget(Params& p, const std::string& group) {
  for (const char* org : {"police_hours", "municipality_hours", "welfare_hours", "corporation_hours"})
    param(*find_param(group + "." + org)).set(p, 0.0);
}

// Share of the adults (15+) of the given blocks with flag[id] != 0.
template <class V>
double adult_share(const World& w, const std::vector<std::uint32_t>& blocks, const V& flag) {
  double n = 0, yes = 0;
  for (std::uint32_t b : blocks)
    for (std::uint32_t id = w.blocks.first_resident[b]; id < w.blocks.first_resident[b] + w.blocks.resident_count[b];
         ++id) {
      if (w.residents.age[id] == kAge0_14) continue;
      n += 1;
      yes += flag[id] ? 1 : 0;
    }
  return n > 0 ? yes / n : std::nan("");
}

// Directions over seeds. A direction test claims that a setting moves an outcome one way. One
// seed cannot tell that from noise, so the paired runs (sharing a seed: common random numbers)
// are made at `seeds` seeds (kApproachSeed, kApproachSeed + 1, ...; moved by the seed set), and
// each claimed effect, signed so that the claim is effect > 0, must lie 3 standard errors above
// zero over the seeds (tests/stat_checks.hpp). The number of seeds of each test is chosen from
// the spread it measures (the effect's mean over its sd between seeds, pooled over 20-40 seeds
// at seed sets 0-2): enough for an expected margin of about 7 se, and never fewer than 6 (with
// fewer the se is itself too noisy: at 4 seeds one effect missed by chance at set 1).
using Effects = std::vector<std::pair<std::string, double>>;

inline constexpr int kDirectionSeeds = 6;

// Runs `effects` (the paired runs of one seed, built from the settings it gets) at `seeds` seeds
// of `recorded` weeks after `burn_in`, in parallel, and checks every effect it returns.
inline void expect_directions(int recorded, const std::function<Effects(const RunSettings&)>& effects,
                              int seeds = kDirectionSeeds, int burn_in = 26) {
  std::vector<Effects> by_seed(static_cast<std::size_t>(seeds));
  tbb::parallel_for(0, seeds, [&](int k) {
    by_seed[static_cast<std::size_t>(k)] =
        effects(approach_weeks(recorded, burn_in, kApproachSeed + static_cast<std::uint64_t>(k)));
  });
  for (std::size_t j = 0; j < by_seed[0].size(); ++j) {
    std::vector<double> x;
    std::printf("[direction] %s by seed:", by_seed[0][j].first.c_str());
    for (const Effects& e : by_seed) {
      x.push_back(e[j].second);
      std::printf(" %.4g", e[j].second);
    }
    std::printf("\n");
    expect_above(by_seed[0][j].first, mean_se(x), 0.0);
  }
}

}  // namespace buurtsim::testing
