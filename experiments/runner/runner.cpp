#include "experiments/runner/runner.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "experiments/analysis/parameter_draws.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/run_journal.hpp"
#include "experiments/runner/tasks.hpp"
#include "experiments/runner/world_pack.hpp"
#include "model/simulation.hpp"

namespace buurtsim::run {

namespace {

// Records one world of one run into its slice of RunResults; the weekly outcomes pass on in
// blocks of kBlockWeeks weeks (RunResults::store_weeks), so that a world holds one block at most.
// Block states (/blocks) only when the experiment is one world.
class Recorder : public Observer {
 public:
  // `journal` (or null) keeps each block too, as the weeks of task `task`.
  Recorder(RunResults& out, Slot slot, std::size_t neighbourhoods, bool blocks, RunJournal* journal = nullptr,
           std::size_t task = 0)
      : out_(out),
        journal_(journal),
        task_(task),
        at_(slot),
        nbs_(neighbourhoods),
        blocks_(blocks),
        capacity_(std::min(kBlockWeeks, out.weeks)),
        block_(outcome_count() * nbs_ * capacity_) {}

  void on_week(const World& w, const OutcomeTable& table) override {
    const auto week = static_cast<std::size_t>(w.week);
    if (held_ == 0) first_ = week;
    if (week != first_ + held_) throw std::logic_error("Recorder: the weeks did not come in order");
    for (std::size_t o = 0; o < outcome_count(); ++o)
      for (std::size_t nb = 0; nb < nbs_; ++nb)
        block_[(o * nbs_ + nb) * capacity_ + held_] = table.at(static_cast<Outcome>(o), nb);
    if (++held_ == capacity_) flush();
  }

  // Passes on the weeks held: a full block, or the last (shorter) one, or those before an
  // interruption.
  void flush() {
    if (held_ == 0) return;
    const std::size_t rows = outcome_count() * nbs_;
    if (held_ < capacity_)  // close the gaps: row i moves from i * capacity_ to i * held_ (never forward)
      for (std::size_t i = 1; i < rows; ++i)
        std::copy_n(block_.begin() + static_cast<std::ptrdiff_t>(i * capacity_), held_,
                    block_.begin() + static_cast<std::ptrdiff_t>(i * held_));
    const std::span<const double> block(block_.data(), rows * held_);
    out_.store_weeks(at_.s, at_.r, at_.nb_first, nbs_, first_, held_, block);
    if (journal_) journal_->weeks(task_, first_, held_, block);
    held_ = 0;
  }

  void on_survey(const World& w, const SurveyWaveResult& wave) override {
    const auto wv = static_cast<std::size_t>(wave.wave);
    for (std::size_t local = 0; local < nbs_; ++local) {
      const SurveyNeighbourhood& s = wave.neighbourhoods[local];
      const std::size_t nb = at_.nb_first + local, i = out_.survey_index(at_.s, at_.r, nb, wv);
      out_.survey_eligible[i] = s.eligible;
      out_.survey_approached[i] = s.approached;
      out_.survey_respondents[i] = s.respondents;
      out_.survey_n_effective[i] = s.n_effective;
      out_.survey_first_week[i] = wave.first_week;
      for (std::size_t k = 0; k < kItems; ++k) {
        const std::size_t j = out_.item_index(k, at_.s, at_.r, nb, wv);
        out_.survey_estimate[j] = s.estimate[k];
        out_.survey_se[j] = s.se[k];
        out_.survey_n_kish[j] = s.n_kish[k];
        out_.survey_truth[j] = s.truth[k];
      }
    }
    if (at_.r != 0 || !blocks_) return;
    const std::size_t nblocks = w.blocks.size();
    for (std::size_t b = 0; b < nblocks; ++b) {
      const std::size_t i = (at_.s * out_.waves + wv) * nblocks + b;
      out_.block_disorder[i] = w.blocks.disorder[b];
      out_.block_incidents[i] = w.blocks.incidents_recent[b];
    }
  }

 private:
  RunResults& out_;
  RunJournal* journal_;
  std::size_t task_;
  Slot at_;
  std::size_t nbs_;
  bool blocks_;
  std::size_t capacity_;       // weeks per block
  std::vector<double> block_;  // [outcome][neighbourhood][week in the block], capacity_ weeks a row
  std::size_t first_ = 0, held_ = 0;
};

// The grid (and so the block count) is the same in every run; the residents per block are
// those of replicate 0, whose block states /blocks records.
// Keeps the block states a resumed run restored (RunJournal::resume).
void allocate_blocks(const World& w, RunResults& out) {
  const std::size_t n = w.blocks.size();
  if (out.blocks == n && out.block_disorder.size() == out.scenarios * out.waves * n) return;
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

// The seed of world k's streams: the experiment's for world 0 (so that a configuration of one
// world gives the numbers it always gave), a SplitMix64 mix of it and k for the others.
std::uint64_t world_seed(std::uint64_t seed, std::size_t k) {
  if (k == 0) return seed;
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(k) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Simulates world k of run (s, r), recording into `slot` of `out` (whose blocks are allocated
// when the experiment is one world). Returns whether the world finished (not interrupted).
bool simulate_world(const config::Experiment& e, std::size_t s, std::size_t r, std::size_t k, RunResults& out,
                    Slot slot, std::once_flag& blocks_once, RunJournal* journal = nullptr, std::size_t task = 0) {
  // In the uncertainty mode replicate r runs every scenario with its own parameter draws.
  const ScenarioSpec drawn = e.uncertainty.active() ? uncertainty::with_draws(e, e.scenarios[s], r) : ScenarioSpec{};
  const ScenarioSpec& scenario = e.uncertainty.active() ? drawn : e.scenarios[s];
  const bool whole = e.worlds() == 1;
  ScenarioSpec part;
  if (!whole) {
    part.name = scenario.name;
    part.approaches = scenario.approaches;
    part.params = scenario.params;
    const auto first = scenario.neighbourhoods.begin() + static_cast<std::ptrdiff_t>(e.world_first(k));
    part.neighbourhoods.assign(first, first + static_cast<std::ptrdiff_t>(e.world_size(k)));
  }
  RunSettings settings = e.settings;
  settings.seed = world_seed(e.settings.seed, k);
  Simulation sim(whole ? scenario : part, settings, static_cast<std::uint32_t>(r));
  if (whole) {
    std::call_once(blocks_once, [&] { allocate_blocks(sim.world(), out); });
    if (s == 0 && r == 0) record_layout(sim.world(), out);
  }
  Recorder recorder(out, slot, e.world_size(k), whole, journal, task);
  while (sim.next_week() < e.settings.weeks && !interrupted()) sim.step(recorder);
  recorder.flush();
  return sim.next_week() == e.settings.weeks;
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
                    const std::function<void(const Progress&)>& on_progress, Spread spread, RunJournal* journal) {
  // A task is one world of one run: task t is world t % worlds of run t / worlds.
  const std::size_t worlds = e.worlds(), tasks = e.runs() * worlds;
  const auto replicates = static_cast<std::size_t>(e.replicates);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::size_t> worlds_done(e.runs(), 0);  // per run
  Progress progress;
  progress.total = tasks;
  progress.unit = worlds > 1 ? "worlds" : "runs";
  std::vector<double> world_residents(worlds, 0);
  for (std::size_t k = 0; k < worlds; ++k)
    for (std::size_t i = 0; i < e.world_size(k); ++i)
      world_residents[k] += e.scenarios.front().neighbourhoods[e.world_first(k) + i].residents;
  const double all_residents = std::accumulate(world_residents.begin(), world_residents.end(), 0.0);
  double residents_done = 0;  // summed over the runs
  // Once per finished task, one at a time; marks the run complete when its last world is in.
  auto mark_done = [&](std::size_t task) {
    const std::size_t run = task / worlds, k = task % worlds;
    if (++worlds_done[run] == worlds) out.complete[run] = 1;
    ++progress.done;
    residents_done += world_residents[k];
    progress.share_done = residents_done / (all_residents * static_cast<double>(e.runs()));
  };
  auto count_done = [&](std::size_t task) {
    const std::size_t run = task / worlds, k = task % worlds, s = run / replicates, r = run % replicates;
    mark_done(task);
    progress.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.last = e.scenarios[s].name + " replicate " + std::to_string(r) +
                    (worlds > 1 ? " world " + e.world_names[k] : std::string());
    if (on_progress) on_progress(progress);
  };
  // A resumed run: `out` holds what the journal restored; its finished worlds are done.
  const bool resumed = journal != nullptr && journal->resumed();
  if (!resumed && (spread != Spread::Ranks || dist::size() == 1 || dist::is_root())) out.allocate(e);
  std::vector<std::uint64_t> pending;
  for (std::size_t task = 0; task < tasks; ++task) {
    if (resumed && journal->finished_before()[task])
      mark_done(task);
    else
      pending.push_back(task);
  }
  progress.before = progress.done;
  progress.share_before = progress.share_done;

  if (spread == Spread::Ranks && dist::size() > 1) {
    // Every world travels as one vector to rank 0 (the only one whose `out` is filled).
    dist::run_tasks(
        dist::is_root() ? std::span<const std::uint64_t>(pending) : std::span<const std::uint64_t>(),
        [&](std::uint64_t task) -> std::vector<double> {
          const Slot slot = task_slot(e, task);
          const std::size_t k = task % worlds;
          RunResults one;
          one.allocate(e, 1, 1, e.world_first(k), e.world_size(k));
          std::once_flag blocks_once;
          if (!simulate_world(e, slot.s, slot.r, k, one, Slot{}, blocks_once)) return {};
          return pack_world(one, slot.s, slot.r);
        },
        [&](std::uint64_t task, std::vector<double>&& packed) {
          const std::size_t nbs = e.world_size(task % worlds);
          unpack_world(packed, out, task_slot(e, task), nbs);
          if (journal) {
            const std::size_t weekly = outcome_count() * nbs * out.weeks, rest = packed.size() - weekly;
            journal->weeks(task, 0, out.weeks, std::span<const double>(packed).subspan(rest));
            journal->finished(task, std::span<const double>(packed).first(rest));
          }
          count_done(task);
        });
    drop_blocks_without_layout(out);
    return;
  }

  std::mutex progress_mutex;
  std::once_flag blocks_once;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, pending.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
          if (interrupted()) continue;
          const std::size_t task = pending[i], k = task % worlds;
          const Slot slot = task_slot(e, task);
          bool finished = false;
          // Isolate so that a thread waiting inside this world's parallel loops never starts
          // another task (which would hold a second world in memory).
          tbb::this_task_arena::isolate(
              [&] { finished = simulate_world(e, slot.s, slot.r, k, out, slot, blocks_once, journal, task); });
          if (!finished) continue;
          if (journal) journal->finished(task, pack_world_rest(out, slot, e.world_size(k), slot.s, slot.r));
          std::lock_guard lock(progress_mutex);
          count_done(task);
        }
      },
      tbb::simple_partitioner());
  drop_blocks_without_layout(out);
}

}  // namespace buurtsim::run
