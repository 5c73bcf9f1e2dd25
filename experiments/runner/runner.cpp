#include "experiments/runner/runner.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "experiments/analysis/parameter_draws.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/tasks.hpp"
#include "model/simulation.hpp"

namespace buurtsim::run {

namespace {

// Records one run into its slice of RunResults; the weekly outcomes pass on in blocks of
// kBlockWeeks weeks (RunResults::store_weeks), so that a run holds one block at most.
class Recorder : public Observer {
 public:
  Recorder(RunResults& out, std::size_t scenario, std::size_t replicate)
      : out_(out),
        s_(scenario),
        r_(replicate),
        capacity_(std::min(kBlockWeeks, out.weeks)),
        block_(outcome_count() * out.neighbourhoods * capacity_) {}

  void on_week(const World& w, const OutcomeTable& table) override {
    const auto week = static_cast<std::size_t>(w.week);
    if (held_ == 0) first_ = week;
    if (week != first_ + held_) throw std::logic_error("Recorder: the weeks did not come in order");
    const std::size_t nbs = out_.neighbourhoods;
    for (std::size_t o = 0; o < outcome_count(); ++o)
      for (std::size_t nb = 0; nb < nbs; ++nb)
        block_[(o * nbs + nb) * capacity_ + held_] = table.at(static_cast<Outcome>(o), nb);
    if (++held_ == capacity_) flush();
  }

  // Passes on the weeks held: a full block, or the last (shorter) one, or those before an
  // interruption.
  void flush() {
    if (held_ == 0) return;
    const std::size_t rows = outcome_count() * out_.neighbourhoods;
    if (held_ < capacity_)  // close the gaps: row i moves from i * capacity_ to i * held_ (never forward)
      for (std::size_t i = 1; i < rows; ++i)
        std::copy_n(block_.begin() + static_cast<std::ptrdiff_t>(i * capacity_), held_,
                    block_.begin() + static_cast<std::ptrdiff_t>(i * held_));
    out_.store_weeks(s_, r_, first_, held_, std::span<const double>(block_.data(), rows * held_));
    held_ = 0;
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
  std::size_t capacity_;       // weeks per block
  std::vector<double> block_;  // [outcome][neighbourhood][week in the block], capacity_ weeks a row
  std::size_t first_ = 0, held_ = 0;
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
  recorder.flush();
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
  // One run's outcomes, [outcome][neighbourhood][week]: the layout of RunResults::store_weeks.
  const std::size_t weekly = outcome_count() * out.neighbourhoods * out.weeks;
  if (at + weekly > v.size()) throw std::runtime_error("a run's results arrived cut short");
  out.store_weeks(s, r, 0, out.weeks, std::span<const double>(v).subspan(at, weekly));
  at += weekly;
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
  const std::size_t runs = e.runs();
  const auto replicates = static_cast<std::size_t>(e.replicates);
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
    if (dist::is_root()) out.allocate(e);
    std::vector<std::uint64_t> ids(runs);
    for (std::size_t i = 0; i < runs; ++i) ids[i] = i;
    dist::run_tasks(
        dist::is_root() ? std::span<const std::uint64_t>(ids) : std::span<const std::uint64_t>(),
        [&](std::uint64_t run) -> std::vector<double> {
          const std::size_t s = run / replicates, r = run % replicates;
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

  out.allocate(e);
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
