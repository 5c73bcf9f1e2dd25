#include "experiments/run/runner.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <mutex>

#include "experiments/run/interrupt.hpp"
#include "model/simulation.hpp"

namespace buurtsim::run {

void RunResults::allocate(const config::Experiment& e) {
  scenarios = e.scenarios.size();
  replicates = static_cast<std::size_t>(e.replicates);
  neighbourhoods = e.scenarios.front().neighbourhoods.size();
  weeks = static_cast<std::size_t>(e.settings.weeks);
  waves = e.settings.waves.size();
  // NaN until written: the weeks of a run that an interruption stopped stay NaN.
  outcomes.assign(kOutcomes * scenarios * replicates * neighbourhoods * weeks, std::nan(""));
  const std::size_t cells = scenarios * replicates * neighbourhoods * waves;
  survey_estimate.assign(kItems * cells, std::nan(""));
  survey_se.assign(kItems * cells, std::nan(""));
  survey_n_kish.assign(kItems * cells, 0.0);
  survey_eligible.assign(cells, 0.0);
  survey_approached.assign(cells, 0.0);
  survey_respondents.assign(cells, 0.0);
  survey_n_effective.assign(cells, 0.0);
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
    for (std::size_t o = 0; o < kOutcomes; ++o)
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
      for (std::size_t k = 0; k < kItems; ++k) {
        out_.survey_estimate[out_.item_index(k, s_, r_, nb, wv)] = s.estimate[k];
        out_.survey_se[out_.item_index(k, s_, r_, nb, wv)] = s.se[k];
        out_.survey_n_kish[out_.item_index(k, s_, r_, nb, wv)] = s.n_kish[k];
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

}  // namespace

void run_experiment(const config::Experiment& e, RunResults& out, const std::function<void(const Progress&)>& on_progress) {
  out.allocate(e);
  const std::size_t runs = e.runs();
  const auto start = std::chrono::steady_clock::now();
  std::mutex progress_mutex;
  Progress progress;
  progress.total = runs;
  std::once_flag layout_once;

  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, runs, 1), [&](const tbb::blocked_range<std::size_t>& range) {
    for (std::size_t run = range.begin(); run != range.end(); ++run) {
      const std::size_t s = run / out.replicates, r = run % out.replicates;
      if (interrupted()) continue;
      // Isolate so that a thread waiting inside this run's parallel loops never starts another
      // run (which would hold a second world in memory).
      tbb::this_task_arena::isolate([&] {
        Simulation sim(e.scenarios[s], e.settings, static_cast<std::uint32_t>(r));
        std::call_once(layout_once, [&] { allocate_blocks(sim.world(), out); });
        if (s == 0 && r == 0) record_layout(sim.world(), out);
        Recorder recorder(out, s, r);
        while (sim.next_week() < e.settings.weeks && !interrupted()) sim.step(recorder);
        if (sim.next_week() == e.settings.weeks) out.complete[run] = 1;
      });
      if (!out.complete[run]) continue;
      std::lock_guard lock(progress_mutex);
      ++progress.done;
      progress.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      progress.last = e.scenarios[s].name + " replicate " + std::to_string(r);
      if (on_progress) on_progress(progress);
    }
  }, tbb::simple_partitioner());
}

}  // namespace buurtsim::run
