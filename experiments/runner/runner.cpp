#include "experiments/runner/runner.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <mutex>

#include "experiments/analysis/parameter_draws.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/tasks.hpp"
#include "model/simulation.hpp"

namespace buurtsim::run {

void RunResults::allocate(const config::Experiment& e) {
  allocate(e, e.scenarios.size(), static_cast<std::size_t>(e.replicates));
}

void RunResults::allocate(const config::Experiment& e, std::size_t scenario_count, std::size_t replicate_count) {
  scenarios = scenario_count;
  replicates = replicate_count;
  neighbourhoods = e.scenarios.front().neighbourhoods.size();
  weeks = static_cast<std::size_t>(e.settings.weeks);
  waves = e.settings.waves.size();
  // NaN until written: the weeks of a run that an interruption stopped stay NaN.
  outcomes.assign(outcome_count() * scenarios * replicates * neighbourhoods * weeks, std::nan(""));
  const std::size_t cells = scenarios * replicates * neighbourhoods * waves;
  survey_estimate.assign(kItems * cells, std::nan(""));
  survey_se.assign(kItems * cells, std::nan(""));
  survey_n_kish.assign(kItems * cells, 0.0);
  survey_truth.assign(kItems * cells, std::nan(""));
  survey_eligible.assign(cells, 0.0);
  survey_approached.assign(cells, 0.0);
  survey_respondents.assign(cells, 0.0);
  survey_n_effective.assign(cells, 0.0);
  survey_first_week.assign(cells, std::nan(""));
  complete.assign(scenarios * replicates, 0);
  residents.clear();
  for (const auto& nb : e.scenarios.front().neighbourhoods) residents.push_back(nb.residents);
}

namespace {

// Records one run into its slice of RunResults.
class Recorder : public Observer {
 public:
  Recorder(RunResults& out, std::size_t scenario, std::size_t replicate) : out_(out), s_(scenario), r_(replicate) {}

  void on_week(const World& w, const OutcomeTable& table) override {
    const auto week = static_cast<std::size_t>(w.week);
    for (std::size_t o = 0; o < outcome_count(); ++o)
      for (std::size_t nb = 0; nb < out_.neighbourhoods; ++nb)
        out_.outcomes[out_.outcome_index(o, s_, r_, nb, week)] = table.at(static_cast<Outcome>(o), nb);
  }

  void on_survey(const World& w, const SurveyWaveResult& wave) override {
    const auto wv = static_cast<std::size_t>(wave.wave);
    for (std::size_t nb = 0; nb < out_.neighbourhoods; ++nb) {
      const SurveyNeighbourhood& s = wave.neighbourhoods[nb];
      const std::size_t i = out_.survey_index(s_, r_, nb, wv);
      out_.survey_eligible[i] = s.eligible;
      out_.survey_approached[i] = s.approached;
      out_.survey_respondents[i] = s.respondents;
      out_.survey_n_effective[i] = s.n_effective;
      out_.survey_first_week[i] = wave.first_week;
      for (std::size_t k = 0; k < kItems; ++k) {
        out_.survey_estimate[out_.item_index(k, s_, r_, nb, wv)] = s.estimate[k];
        out_.survey_se[out_.item_index(k, s_, r_, nb, wv)] = s.se[k];
        out_.survey_n_kish[out_.item_index(k, s_, r_, nb, wv)] = s.n_kish[k];
        out_.survey_truth[out_.item_index(k, s_, r_, nb, wv)] = s.truth[k];
      }
    }
    if (r_ != 0) return;
    const std::size_t nblocks = w.blocks.size();
    for (std::size_t b = 0; b < nblocks; ++b) {
      const std::size_t i = (s_ * out_.waves + wv) * nblocks + b;
      out_.block_disorder[i] = w.blocks.disorder[b];
      out_.block_incidents[i] = w.blocks.incidents_recent[b];
    }
  }

 private:
  RunResults& out_;
  std::size_t s_, r_;
};

// The grid (and so the block count) is the same in every run; the residents per block are
// those of replicate 0, whose block states /blocks records.
void allocate_blocks(const World& w, RunResults& out) {
  const std::size_t n = w.blocks.size();
  out.blocks = n;
  out.block_disorder.assign(out.scenarios * out.waves * n, 0.f);
  out.block_incidents.assign(out.scenarios * out.waves * n, 0.f);
}

void record_layout(const World& w, RunResults& out) {
  const std::size_t n = w.blocks.size();
  out.layout = {};
  for (std::size_t b = 0; b < n; ++b) {
    out.layout.x.push_back(w.grid.x_of(static_cast<std::uint32_t>(b)));
    out.layout.y.push_back(w.grid.y_of(static_cast<std::uint32_t>(b)));
    const std::uint16_t nb = w.blocks.neighbourhood[b];
    out.layout.neighbourhood.push_back(nb == kBufferNeighbourhood ? -1 : static_cast<std::int32_t>(nb));
    out.layout.residents.push_back(static_cast<std::int32_t>(w.blocks.resident_count[b]));
  }
}

// Simulates run (s, r) of the experiment, recording into slot (s_out, r_out) of `out`, whose
// blocks are allocated. Returns whether the run finished (not interrupted).
bool simulate_run(const config::Experiment& e, std::size_t s, std::size_t r, RunResults& out, std::size_t s_out,
                  std::size_t r_out, std::once_flag& blocks_once) {
  // In the uncertainty mode replicate r runs every scenario with its own parameter draws.
  const ScenarioSpec drawn = e.uncertainty.active() ? uncertainty::with_draws(e, e.scenarios[s], r) : ScenarioSpec{};
  Simulation sim(e.uncertainty.active() ? drawn : e.scenarios[s], e.settings, static_cast<std::uint32_t>(r));
  std::call_once(blocks_once, [&] { allocate_blocks(sim.world(), out); });
  if (s == 0 && r == 0) record_layout(sim.world(), out);
  Recorder recorder(out, s_out, r_out);
  while (sim.next_week() < e.settings.weeks && !interrupted()) sim.step(recorder);
  return sim.next_week() == e.settings.weeks;
}

// A finished run as one flat vector, to travel from the rank that computed it to rank 0:
// blocks, then the run's slices of every array of RunResults (block states only for
// replicate 0, the layout only for the first run).
std::vector<double> pack_run(const RunResults& one, std::size_t s, std::size_t r) {
  std::vector<double> v{static_cast<double>(one.blocks)};
  auto add = [&](const auto& values) { v.insert(v.end(), values.begin(), values.end()); };
  add(one.outcomes);
  add(one.survey_estimate);
  add(one.survey_se);
  add(one.survey_n_kish);
  add(one.survey_truth);
  add(one.survey_eligible);
  add(one.survey_approached);
  add(one.survey_respondents);
  add(one.survey_n_effective);
  add(one.survey_first_week);
  if (r == 0) {
    add(one.block_disorder);
    add(one.block_incidents);
  }
  if (s == 0 && r == 0) {
    add(one.layout.x);
    add(one.layout.y);
    add(one.layout.neighbourhood);
    add(one.layout.residents);
  }
  return v;
}

// The inverse of pack_run, into slot (s, r) of `out`.
void unpack_run(const std::vector<double>& v, RunResults& out, std::size_t s, std::size_t r) {
  const auto blocks = static_cast<std::size_t>(v.at(0));
  if (out.blocks != blocks) {
    out.blocks = blocks;
    out.block_disorder.assign(out.scenarios * out.waves * blocks, 0.f);
    out.block_incidents.assign(out.scenarios * out.waves * blocks, 0.f);
  }
  std::size_t at = 1;
  auto take = [&](auto& values, std::size_t first, std::size_t n) {
    using T = typename std::remove_reference_t<decltype(values)>::value_type;
    if (at + n > v.size()) throw std::runtime_error("a run's results arrived cut short");
    for (std::size_t i = 0; i < n; ++i) values[first + i] = static_cast<T>(v[at + i]);
    at += n;
  };
  const std::size_t per_outcome = out.neighbourhoods * out.weeks;
  for (std::size_t o = 0; o < outcome_count(); ++o) take(out.outcomes, out.outcome_index(o, s, r, 0, 0), per_outcome);
  const std::size_t cell = out.neighbourhoods * out.waves;
  for (auto* item_array : {&out.survey_estimate, &out.survey_se, &out.survey_n_kish, &out.survey_truth})
    for (std::size_t k = 0; k < kItems; ++k) take(*item_array, out.item_index(k, s, r, 0, 0), cell);
  for (auto* cell_array : {&out.survey_eligible, &out.survey_approached, &out.survey_respondents,
                           &out.survey_n_effective, &out.survey_first_week})
    take(*cell_array, out.survey_index(s, r, 0, 0), cell);
  if (r == 0) {
    take(out.block_disorder, s * out.waves * blocks, out.waves * blocks);
    take(out.block_incidents, s * out.waves * blocks, out.waves * blocks);
  }
  if (s == 0 && r == 0) {
    for (auto* layout : {&out.layout.x, &out.layout.y, &out.layout.neighbourhood, &out.layout.residents}) {
      layout->assign(blocks, 0);
      take(*layout, 0, blocks);
    }
  }
  out.complete[s * out.replicates + r] = 1;
}

// Replicate 0 of the first scenario records the blocks' layout. When an interruption kept that run
// from starting while others started, the (partial) file holds no blocks, rather than block
// states without their layout.
void drop_blocks_without_layout(RunResults& out) {
  if (out.blocks == 0 || out.layout.x.size() == out.blocks) return;
  out.blocks = 0;
  out.block_disorder.clear();
  out.block_incidents.clear();
  out.layout = {};
}

}  // namespace

void run_experiment(const config::Experiment& e, RunResults& out,
                    const std::function<void(const Progress&)>& on_progress, Spread spread) {
  out.allocate(e);
  const std::size_t runs = e.runs();
  const auto start = std::chrono::steady_clock::now();
  Progress progress;
  progress.total = runs;
  auto count_done = [&](std::size_t s, std::size_t r) {
    ++progress.done;
    progress.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.last = e.scenarios[s].name + " replicate " + std::to_string(r);
    if (on_progress) on_progress(progress);
  };

  if (spread == Spread::Ranks && dist::size() > 1) {
    // Every run travels as one vector to rank 0 (the only one whose `out` is filled).
    std::vector<std::uint64_t> ids(runs);
    for (std::size_t i = 0; i < runs; ++i) ids[i] = i;
    dist::run_tasks(
        dist::is_root() ? std::span<const std::uint64_t>(ids) : std::span<const std::uint64_t>(),
        [&](std::uint64_t run) -> std::vector<double> {
          const std::size_t s = run / out.replicates, r = run % out.replicates;
          RunResults one;
          one.allocate(e, 1, 1);
          std::once_flag blocks_once;
          if (!simulate_run(e, s, r, one, 0, 0, blocks_once)) return {};
          return pack_run(one, s, r);
        },
        [&](std::uint64_t run, std::vector<double>&& packed) {
          const std::size_t s = run / out.replicates, r = run % out.replicates;
          unpack_run(packed, out, s, r);
          count_done(s, r);
        });
    drop_blocks_without_layout(out);
    return;
  }

  std::mutex progress_mutex;
  std::once_flag blocks_once;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, runs, 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t run = range.begin(); run != range.end(); ++run) {
          const std::size_t s = run / out.replicates, r = run % out.replicates;
          if (interrupted()) continue;
          // Isolate so that a thread waiting inside this run's parallel loops never starts another
          // run (which would hold a second world in memory).
          tbb::this_task_arena::isolate(
              [&] { out.complete[run] = simulate_run(e, s, r, out, s, r, blocks_once) ? 1 : 0; });
          if (!out.complete[run]) continue;
          std::lock_guard lock(progress_mutex);
          count_done(s, r);
        }
      },
      tbb::simple_partitioner());
  drop_blocks_without_layout(out);
}

}  // namespace buurtsim::run
