// Micro benchmarks of the same simulation `buurtsim run` drives (model/simulation.hpp): one
// week of the full schedule, and building the synthetic municipality. End-to-end figures,
// set-up and output included, come from bench/scale.sh (see bench/RESULTS.md).
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <array>
#include <string>

#include "model/population.hpp"
#include "model/simulation.hpp"

namespace {

buurtsim::ScenarioSpec scenario(std::uint32_t residents) {
  buurtsim::ScenarioSpec s;
  s.name = "bench";
  for (int i = 0; i < 10; ++i) s.neighbourhoods.push_back({"nb" + std::to_string(i), residents / 10, s.params});
  return s;
}

buurtsim::RunSettings settings() {
  buurtsim::RunSettings r;
  r.weeks = 1 << 20;
  r.burn_in_weeks = 0;
  return r;
}

struct Null : buurtsim::Observer {};

void BM_Week(benchmark::State& state) {
  const auto residents = static_cast<std::uint32_t>(state.range(0));
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  buurtsim::Simulation sim(scenario(residents), settings(), 0);
  Null null;
  for (auto _ : state) sim.step(null);
  state.counters["resident_weeks_per_s"] = benchmark::Counter(
      static_cast<double>(residents) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Week)
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Args({1000000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Where a week's time goes: nanoseconds per resident-week in each phase of the schedule
// (model/schedule.hpp), one counter per phase.
void BM_Phases(benchmark::State& state) {
  const auto residents = static_cast<std::uint32_t>(state.range(0));
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  buurtsim::Simulation sim(scenario(residents), settings(), 0);
  Null null;
  std::array<double, buurtsim::kPhases> seconds{};
  for (auto _ : state) sim.step(null, seconds);
  const double resident_weeks = static_cast<double>(residents) * static_cast<double>(state.iterations());
  for (const auto& p : buurtsim::weekly_schedule())
    if (p.run)
      state.counters[std::string(p.name) + "_ns"] = 1e9 * seconds[static_cast<std::size_t>(p.phase)] / resident_weeks;
}
BENCHMARK(BM_Phases)->Args({100000, 1})->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_BuildWorld(benchmark::State& state) {
  const auto s = scenario(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(buurtsim::build_world(s, settings(), 0));
}
BENCHMARK(BM_BuildWorld)->Arg(100000)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
