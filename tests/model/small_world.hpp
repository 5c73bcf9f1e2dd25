#pragma once
// A small scenario built in code for model tests.
#include <tbb/global_control.h>

#include <vector>

#include "model/simulation.hpp"

namespace buurtsim::testing {

inline ScenarioSpec small_scenario(std::uint32_t residents_per_nb = 1500, int neighbourhoods = 2) {
  ScenarioSpec s;
  s.name = "test";
  for (int i = 0; i < neighbourhoods; ++i)
    s.neighbourhoods.push_back({"nb" + std::to_string(i), residents_per_nb, s.params});
  return s;
}

inline RunSettings small_settings(int weeks = 30, int burn_in = 20) {
  RunSettings r;
  r.seed = 12345;
  r.weeks = weeks;
  r.burn_in_weeks = burn_in;
  r.start_date = Date{2024, 1, 1};
  r.waves = {{weeks / 2, "VM2021"}};
  return r;
}

// Records every weekly table and survey wave.
struct Capture : Observer {
  std::vector<double> weekly;
  std::vector<SurveyWaveResult> waves;
  std::vector<std::int16_t> last_victimised;  // at the end of the last week
  void on_week(const World& w, const OutcomeTable& t) override {
    weekly.insert(weekly.end(), t.values.begin(), t.values.end());
    last_victimised = w.residents.last_victimised;
  }
  void on_survey(const World&, const SurveyWaveResult& s) override { waves.push_back(s); }
};

inline Capture run_capture(const ScenarioSpec& s, const RunSettings& r, std::uint32_t replicate = 0, int threads = 0) {
  std::optional<tbb::global_control> gc;
  if (threads > 0) gc.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  Simulation sim(s, r, replicate);
  Capture c;
  sim.run(c);
  return c;
}

// The aandachtswijk preset: the [[neighbourhood]] settings of configs/baseline.toml
// (tests/experiments/config/test_config.cpp checks that the two agree).
inline void aandachtswijk(Params& p) {
  p.population.share_corporation = 0.60;
  p.population.share_private_rental = 0.15;
  p.population.share_migration_background = 0.50;
  p.population.share_isolated = 0.14;
  p.population.offender_share = 0.03;
  p.disorder.neglect = 0.05;
  p.network.block_ties = 1.2;
  p.participation.cost = 3.95;
  p.fear.offset = -1.30;
  p.trust.police_baseline = 5.9;
  p.police.hours_per_1000 = 9;
}

// Applies f to the scenario-wide and every neighbourhood's parameters.
template <class F>
void set_everywhere(ScenarioSpec& s, F f) {
  f(s.params);
  for (auto& nb : s.neighbourhoods) f(nb.params);
}

}  // namespace buurtsim::testing
