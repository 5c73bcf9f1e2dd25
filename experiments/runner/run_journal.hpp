#pragma once
// The journal of a `run` (OUT.h5.journal, kept by rank 0; decision 0016): every block of weeks a
// world hands on, and, once the world is finished, the rest of its results (world_pack.hpp), so
// that `run --resume` rebuilds the results of the finished worlds after an interruption or a
// crash and simulates only the others. Block records are written as they come and made durable
// by the next world's finishing record, which is synced before the world counts as finished.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/io/journal.hpp"

namespace buurtsim::run {

class RunJournal {
 public:
  // Starts a new journal (replacing any) for experiment `e`.
  static std::unique_ptr<RunJournal> create(const std::filesystem::path& path, const std::string& identity,
                                            const config::Experiment& e);
  // Opens the journal of an interrupted run of `e` and restores what it holds into `out`
  // (allocated here; its weekly outcomes go to out.stream when set). A record that does not fit
  // `e` is dropped, and its world simulated again. Throws dist::JournalMismatch and
  // dist::JournalDamaged (experiments/io/journal.hpp).
  static std::unique_ptr<RunJournal> resume(const std::filesystem::path& path, const std::string& identity,
                                            const config::Experiment& e, RunResults& out);

  // Weeks [first, first + count) of task `task`'s world, laid out as RunResults::store_weeks
  // says. Safe to call from several threads.
  void weeks(std::size_t task, std::size_t first, std::size_t count, std::span<const double> values);
  // The rest of the finished world of `task` (pack_world_rest); synced before it returns.
  void finished(std::size_t task, std::span<const double> rest);

  // Per task: whether the journal held the finished world when it was opened.
  const std::vector<char>& finished_before() const { return finished_before_; }
  std::size_t finished_before_count() const;
  std::size_t finished_count() const { return finished_before_count() + finished_now_; }  // before and since
  std::size_t dropped() const { return dropped_; }                                        // records that did not fit
  bool resumed() const { return resumed_; }
  const std::filesystem::path& path() const { return journal_.path(); }
  bool remove() { return journal_.remove(); }  // false when the file could not be deleted

 private:
  RunJournal(dist::Journal j, std::vector<char> finished_before, std::size_t dropped, bool resumed)
      : journal_(std::move(j)), finished_before_(std::move(finished_before)), dropped_(dropped), resumed_(resumed) {}
  void append(std::uint64_t id, std::span<const double> head, std::span<const double> values,
              dist::Journal::Sync sync);  // under mutex_

  dist::Journal journal_;
  std::vector<char> finished_before_;
  std::size_t dropped_ = 0, finished_now_ = 0;
  bool resumed_ = false, failed_ = false;
  std::mutex mutex_;
};

}  // namespace buurtsim::run
