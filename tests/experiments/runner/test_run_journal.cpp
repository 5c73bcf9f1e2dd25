// The journal of a `run` (experiments/runner/run_journal.hpp): an interrupted run resumed from
// it gives the results of an uninterrupted one bit for bit; a world cut off in the middle is
// simulated again; a record that does not fit is dropped; another configuration's journal is
// refused. The interruption is made by cutting a complete journal after some finished worlds,
// so the test does not depend on timing.
#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/config/config.hpp"
#include "experiments/io/journal.hpp"
#include "experiments/runner/run_journal.hpp"
#include "experiments/runner/runner.hpp"
#include "experiments/runner/world_pack.hpp"
#include "tests/experiments/run_helpers.hpp"

namespace buurtsim {
namespace {

namespace fs = std::filesystem;
using test_support::run_with_threads;
using Records = std::vector<std::pair<std::uint64_t, std::vector<double>>>;

const std::string kIdentity = "buurtsim test\nthe configuration";

std::string config(bool worlds) {
  const auto nb = [&](const std::string& name, int residents, const std::string& world) {
    return "[[neighbourhood]]\nname = \"" + name + "\"\nresidents = " + std::to_string(residents) + "\n" +
           (worlds ? "world = \"" + world + "\"\n" : "");
  };
  return "weeks = 60\nburn_in_weeks = 2\nreplicates = 2\nseed = 11\n[survey]\nweeks = [30, 59]\n"
         "target_responses = 60\n" +
         nb("A1", 300, "A") + nb("A2", 250, "A") + nb("B1", 400, "B") + nb("C1", 200, "C") +
         "[[scenario]]\nname = \"baseline\"\n[[scenario]]\nname = \"vba\"\napproaches = [\"vba\"]\n";
}

config::Experiment load(const std::string& text) { return config::load(text, "journal.toml", "journal", {}); }

class RunJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("buurtsim_run_journal_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The experiment's runs on one thread (records in task order), journalled at `path`.
  static run::RunResults run_journalled(const config::Experiment& e, const fs::path& path) {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    auto journal = run::RunJournal::create(path, kIdentity, e);
    run::RunResults out;
    run::run_experiment(e, out, {}, run::Spread::Threads, journal.get());
    return out;
  }

  static Records records(const fs::path& path) {
    Records r;
    (void)dist::Journal::resume(path, kIdentity,
                                [&](std::uint64_t id, std::vector<double>&& v) { r.emplace_back(id, std::move(v)); });
    return r;
  }

  // A journal of the first records of `all`: up to and including the `finished`-th finishing
  // record (odd ids), then `extra`.
  static void write_cut(const fs::path& path, const Records& all, std::size_t finished, const Records& extra) {
    dist::Journal j = dist::Journal::create(path, kIdentity);
    std::size_t seen = 0;
    for (const auto& [id, values] : all) {
      if (seen == finished) break;
      j.append(id, values);
      if (id % 2 == 1) ++seen;
    }
    for (const auto& [id, values] : extra) j.append(id, values);
  }

  // Resumes from `path` on two threads.
  static run::RunResults resume(const config::Experiment& e, const fs::path& path, std::size_t& before,
                                std::size_t& dropped) {
    tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
    run::RunResults out;
    auto journal = run::RunJournal::resume(path, kIdentity, e, out);
    before = journal->finished_before_count();
    dropped = journal->dropped();
    run::run_experiment(e, out, {}, run::Spread::Threads, journal.get());
    return out;
  }

  fs::path dir_;
};

// Three worlds x 2 scenarios x 2 replicates = 12 tasks. Cut after 5 finished worlds, with the
// first block of weeks of the sixth (a world interrupted in the middle), a record of the wrong
// size and one with an absurd count: the resumed run restores 5, drops 2, simulates 7, and
// equals the uninterrupted run; its journal then holds all 12.
TEST_F(RunJournalTest, AResumedRunOfSeveralWorldsEqualsTheUninterruptedOne) {
  const config::Experiment e = load(config(true));
  ASSERT_EQ(e.worlds(), 3U);
  const run::RunResults plain = run_with_threads(e, 2);
  const run::RunResults full = run_journalled(e, dir_ / "full.journal");
  test_support::expect_same_results(plain, full);  // keeping a journal changes no number

  const Records all = records(dir_ / "full.journal");
  std::size_t finished = 0;
  for (const auto& rec : all) finished += rec.first % 2;
  ASSERT_EQ(finished, 12U);
  Records extra;
  for (const auto& rec : all)
    if (rec.first == 5 * 2) {  // task 5's first block of weeks
      extra.push_back(rec);
      break;
    }
  ASSERT_EQ(extra.size(), 1U);
  extra.emplace_back(1 * 2, std::vector<double>{0, 3, 1.5});  // task 1's weeks 0-2, far too few values
  // Task 7 finished with a claim of 10^15 blocks (a crafted record: its checksum is right):
  // dropped before anything is allocated for it.
  extra.emplace_back(7 * 2 + 1, std::vector<double>{1e15, 0, 0});
  write_cut(dir_ / "cut.journal", all, 5, extra);

  std::size_t before = 0, dropped = 0;
  const run::RunResults resumed = resume(e, dir_ / "cut.journal", before, dropped);
  EXPECT_EQ(before, 5U);
  EXPECT_EQ(dropped, 2U);
  test_support::expect_same_results(full, resumed);

  const run::RunResults again = resume(e, dir_ / "cut.journal", before, dropped);
  EXPECT_EQ(before, 12U);
  test_support::expect_same_results(full, again);
}

// One world: the block states (/blocks, replicate 0 of each scenario) and the blocks' layout
// (the first run) travel in the finishing records and survive the resumed run's own allocation.
TEST_F(RunJournalTest, AResumedRunOfOneWorldKeepsItsBlockStates) {
  const config::Experiment e = load(config(false));
  ASSERT_EQ(e.worlds(), 1U);
  const run::RunResults full = run_journalled(e, dir_ / "full.journal");
  ASSERT_GT(full.blocks, 0U);
  for (std::size_t cut : {1U, 3U}) {
    write_cut(dir_ / "cut.journal", records(dir_ / "full.journal"), cut, {});
    std::size_t before = 0, dropped = 0;
    const run::RunResults resumed = resume(e, dir_ / "cut.journal", before, dropped);
    EXPECT_EQ(before, cut);
    EXPECT_EQ(dropped, 0U);
    test_support::expect_same_results(full, resumed);
  }
}

// A world whose weeks did not all come back (here: its first block of weeks replaced by one of
// the wrong size) does not count as finished, even with its finishing record: it is simulated
// again, and the results are still those of the uninterrupted run.
TEST_F(RunJournalTest, AWorldWithoutAllItsWeeksIsSimulatedAgain) {
  const config::Experiment e = load(config(true));
  const run::RunResults full = run_journalled(e, dir_ / "full.journal");
  Records all = records(dir_ / "full.journal");
  ASSERT_EQ(all.front().first, 0U);  // task 0's first block of weeks (one thread: task order)
  all.front().second.pop_back();
  write_cut(dir_ / "cut.journal", all, 5, {});
  std::size_t before = 0, dropped = 0;
  const run::RunResults resumed = resume(e, dir_ / "cut.journal", before, dropped);
  EXPECT_EQ(before, 4U);
  EXPECT_EQ(dropped, 2U);  // the block of weeks, then the finishing record it leaves incomplete
  test_support::expect_same_results(full, resumed);
}

// The rest of a world that does not fit (one value short; another count of blocks) is refused
// before anything is written: the block states and layout already there stay as they were.
TEST_F(RunJournalTest, ARestThatDoesNotFitWritesNothing) {
  const config::Experiment e = load(config(false));
  const run::RunResults full = run_journalled(e, dir_ / "full.journal");
  ASSERT_GT(full.blocks, 0U);
  const run::Slot first = run::task_slot(e, 0);
  const std::vector<double> rest = run::pack_world_rest(full, first, e.world_size(0), 0, 0);
  run::RunResults copy = full;
  std::vector<double> short_one(rest.begin(), rest.end() - 1), other_blocks = rest;
  other_blocks[0] += 1;
  for (const auto* bad : {&short_one, &other_blocks}) {
    EXPECT_THROW((void)run::unpack_world_rest(*bad, copy, first, e.world_size(0), run::Whole::exactly),
                 std::runtime_error);
    test_support::expect_same_results(full, copy);
  }
  EXPECT_EQ(run::unpack_world_rest(rest, copy, first, e.world_size(0), run::Whole::exactly), rest.size());
  test_support::expect_same_results(full, copy);
}

TEST_F(RunJournalTest, AnotherConfigurationsJournalIsRefused) {
  const config::Experiment e = load(config(true));
  { auto j = run::RunJournal::create(dir_ / "j", "buurtsim test\nanother configuration", e); }
  run::RunResults out;
  EXPECT_THROW((void)run::RunJournal::resume(dir_ / "j", kIdentity, e, out), dist::JournalMismatch);
}

}  // namespace
}  // namespace buurtsim
