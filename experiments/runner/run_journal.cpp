#include "experiments/runner/run_journal.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "experiments/runner/world_pack.hpp"

namespace buurtsim::run {
namespace {

// Record ids: a task's blocks of weeks, and its finishing record.
constexpr std::uint64_t kWeeks = 0, kFinished = 1;
std::uint64_t record_id(std::size_t task, std::uint64_t kind) { return static_cast<std::uint64_t>(task) * 2 + kind; }

bool whole_number(double x, double max) { return x >= 0 && x <= max && std::floor(x) == x; }

}  // namespace

std::unique_ptr<RunJournal> RunJournal::create(const std::filesystem::path& path, const std::string& identity,
                                               const config::Experiment& e) {
  const std::size_t tasks = e.runs() * e.worlds();
  return std::unique_ptr<RunJournal>(
      new RunJournal(dist::Journal::create(path, identity), std::vector<char>(tasks, 0), 0, false));
}

std::unique_ptr<RunJournal> RunJournal::resume(const std::filesystem::path& path, const std::string& identity,
                                               const config::Experiment& e, RunResults& out) {
  const std::size_t worlds = e.worlds(), tasks = e.runs() * worlds;
  const auto weeks = static_cast<double>(e.settings.weeks);
  out.allocate(e);
  std::vector<char> finished(tasks, 0);
  // Per task: the weeks restored without a gap from week 0 by the latest attempt at its world (a
  // world simulated again after an interruption starts again at week 0). A finishing record
  // counts only when they are all there.
  std::vector<std::size_t> covered(tasks, 0);
  std::size_t dropped = 0;
  dist::Journal j = dist::Journal::resume(path, identity, [&](std::uint64_t id, std::vector<double>&& values) {
    const std::size_t task = id / 2;
    if (task >= tasks) {
      ++dropped;
      return;
    }
    const Slot slot = task_slot(e, task);
    const std::size_t nbs = e.world_size(task % worlds);
    if (id % 2 == kWeeks) {
      if (values.size() < 2 || !whole_number(values[0], weeks - 1) || !whole_number(values[1], weeks - values[0]) ||
          values[1] < 1 || values.size() - 2 != outcome_count() * nbs * static_cast<std::size_t>(values[1])) {
        ++dropped;
        return;
      }
      const auto first = static_cast<std::size_t>(values[0]), count = static_cast<std::size_t>(values[1]);
      out.store_weeks(slot.s, slot.r, slot.nb_first, nbs, first, count, std::span<const double>(values).subspan(2));
      if (first == 0)
        covered[task] = count;
      else if (first == covered[task])
        covered[task] += count;
      return;
    }
    if (covered[task] != static_cast<std::size_t>(e.settings.weeks)) {
      ++dropped;  // its weeks are not all there: simulated again
      return;
    }
    try {
      unpack_world_rest(values, out, slot, nbs, Whole::exactly);
      finished[task] = 1;
    } catch (const std::runtime_error&) {
      ++dropped;  // simulated again
    }
  });
  return std::unique_ptr<RunJournal>(new RunJournal(std::move(j), std::move(finished), dropped, true));
}

void RunJournal::append(std::uint64_t id, std::span<const double> head, std::span<const double> values,
                        dist::Journal::Sync sync) {
  // After a failed append the file may end in a torn record, and a resume drops everything after
  // it: nothing more is written, so that no finished world is counted that is not there.
  if (failed_) throw std::runtime_error("the journal " + path().string() + " could not be written");
  try {
    journal_.append(id, head, values, sync);
  } catch (...) {
    failed_ = true;
    throw;
  }
}

void RunJournal::weeks(std::size_t task, std::size_t first, std::size_t count, std::span<const double> values) {
  const double head[2] = {static_cast<double>(first), static_cast<double>(count)};
  std::lock_guard lock(mutex_);
  append(record_id(task, kWeeks), head, values, dist::Journal::Sync::later);
}

void RunJournal::finished(std::size_t task, std::span<const double> rest) {
  std::lock_guard lock(mutex_);
  append(record_id(task, kFinished), {}, rest, dist::Journal::Sync::now);
  ++finished_now_;
}

std::size_t RunJournal::finished_before_count() const {
  return static_cast<std::size_t>(std::count(finished_before_.begin(), finished_before_.end(), 1));
}

}  // namespace buurtsim::run
