#pragma once
// Helpers for the approach modules' wiring tests: a small world with some approaches, paired
// runs, and weekly series of outcomes.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "model/simulation.hpp"

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

inline RunSettings approach_weeks(int recorded, int burn_in = 26, std::uint64_t seed = 777) {
  RunSettings r;
  r.seed = seed;
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

}  // namespace buurtsim::testing
