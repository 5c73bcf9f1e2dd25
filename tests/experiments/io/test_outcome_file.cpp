// The weekly outcomes streamed to the results file as the runs go (experiments/io/outcome_file.hpp,
// RunResults::stream): the same values, bit for bit, as the runs held in memory give, for 1 and 2
// threads; handed on in blocks of at most kBlockWeeks weeks, each week once; chunked so that a
// long run's block fills whole chunks.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <tbb/global_control.h>

#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/config/config.hpp"
#include "experiments/io/outcome_file.hpp"
#include "experiments/runner/runner.hpp"
#include "tests/experiments/run_helpers.hpp"

namespace buurtsim {
namespace {

using test_support::same_bits;

// 120 weeks: two full blocks of 52 and a last one of 16. Two scenarios, three replicates.
const std::string kLong =
    "weeks = 120\nburn_in_weeks = 2\nreplicates = 3\nseed = 11\n"
    "[survey]\nweeks = [60, 119]\ntarget_responses = 60\n"
    "[[neighbourhood]]\nname = \"A\"\nresidents = 300\n"
    "[[neighbourhood]]\nname = \"B\"\nresidents = 200\n"
    "[[scenario]]\nname = \"baseline\"\n"
    "[[scenario]]\nname = \"vba\"\napproaches = [\"vba\"]\n";

config::Experiment long_run() { return config::load(kLong, "long.toml", "long", {}); }

run::RunResults in_memory(const config::Experiment& e) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
  run::RunResults out;
  run::run_experiment(e, out, {});
  return out;
}

// Records every block a run hands on, and keeps them in memory like RunResults would.
class LoggingStream : public run::OutcomeStream {
 public:
  explicit LoggingStream(const config::Experiment& e) {
    shape_.allocate(e);  // an in-memory RunResults to keep the values
  }
  void store(std::size_t s, std::size_t r, std::size_t nb_first, std::size_t nbs, std::size_t first, std::size_t count,
             std::span<const double> values) override {
    std::lock_guard lock(mutex_);
    blocks_[{s, r}].emplace_back(first, count);
    shape_.store_weeks(s, r, nb_first, nbs, first, count, values);
  }
  std::vector<double> load(std::size_t o, std::size_t s, std::size_t r, std::size_t first) const override {
    return shape_.series(o, s, r, first);
  }
  const std::map<std::pair<std::size_t, std::size_t>, std::vector<std::pair<std::size_t, std::size_t>>>& blocks()
      const {
    return blocks_;
  }

 private:
  std::mutex mutex_;
  run::RunResults shape_;
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::pair<std::size_t, std::size_t>>> blocks_;
};

TEST(OutcomeFile, StreamedOutcomesAreThoseHeldInMemoryBitForBit) {
  const config::Experiment e = long_run();
  const run::RunResults held = in_memory(e);
  for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    h5::File file = h5::File::create_in_memory("streamed.h5");
    h5::Group root = file.root();
    run::OutcomeFile weekly(root, e, 3, threads);
    run::RunResults streamed;
    streamed.stream = &weekly;
    run::run_experiment(e, streamed, {});
    EXPECT_TRUE(streamed.outcomes.empty()) << "a streamed run holds no weekly outcomes";
    for (std::size_t o = 0; o < outcome_count(); ++o)
      for (std::size_t s = 0; s < 2; ++s)
        for (std::size_t r = 0; r < 3; ++r) {
          ASSERT_TRUE(same_bits(streamed.series(o, s, r), held.series(o, s, r)))
              << all_outcomes()[o].name << " s=" << s << " r=" << r << " threads=" << threads;
          ASSERT_TRUE(same_bits(streamed.series(o, s, r, 68), held.series(o, s, r, 68)));
        }
    // The file's dataset is the in-memory array's slice for the outcome: [scenario][replicate][nb][week].
    const std::size_t o = static_cast<std::size_t>(Outcome::fear_mean), per = 2 * 3 * 2 * 120;
    const std::vector<double> slice(held.outcomes.begin() + static_cast<std::ptrdiff_t>(o * per),
                                    held.outcomes.begin() + static_cast<std::ptrdiff_t>((o + 1) * per));
    EXPECT_TRUE(same_bits(root.read<double>("fear_mean"), slice));
    EXPECT_EQ(root.dims_of("fear_mean"), (std::vector<std::string>{"scenario", "replicate", "neighbourhood", "week"}));
  }
}

TEST(OutcomeFile, ARunHandsOnBlocksOfAtMostAYearEachWeekOnce) {
  const config::Experiment e = long_run();
  LoggingStream log(e);
  run::RunResults out;
  out.stream = &log;
  run::run_experiment(e, out, {});
  ASSERT_EQ(log.blocks().size(), 6U);
  for (const auto& [run, blocks] : log.blocks()) {
    const std::vector<std::pair<std::size_t, std::size_t>> expected = {{0, 52}, {52, 52}, {104, 16}};
    EXPECT_EQ(blocks, expected) << "run " << run.first << "," << run.second;
  }
  // And what went through the stream is what the run held in memory.
  const run::RunResults held = in_memory(e);
  for (std::size_t o = 0; o < outcome_count(); ++o)
    ASSERT_TRUE(same_bits(out.series(o, 1, 2), held.series(o, 1, 2))) << all_outcomes()[o].name;
}

// A small file's outcomes are contiguous; a run's series of an outcome lies in one chunk while it
// is small (with the next replicates' when smaller still); a long run's chunks lie within one block
// of weeks (a block's write fills whole chunks, none is compressed twice).
TEST(OutcomeFile, ChunksFollowTheBlocksOfALongRun) {
  auto chunk_of = [](int weeks, int replicates, int neighbourhoods) {
    std::string text = "weeks = " + std::to_string(weeks) + "\nreplicates = " + std::to_string(replicates) + "\n";
    for (int nb = 0; nb < neighbourhoods; ++nb)
      text += "[[neighbourhood]]\nname = \"N" + std::to_string(nb) + "\"\nresidents = 100\n";
    const config::Experiment e = config::load(text, "shape.toml", "shape", {});
    h5::File file = h5::File::create_in_memory("shape.h5");
    h5::Group root = file.root();
    const run::OutcomeFile weekly(root, e, static_cast<std::size_t>(replicates), 2);
    EXPECT_EQ(root.shape("fear_mean"),
              (std::vector<hsize_t>{1, static_cast<hsize_t>(replicates), static_cast<hsize_t>(neighbourhoods),
                                    static_cast<hsize_t>(weeks)}));
    const hid_t plist = H5Dget_create_plist(root.dataset("fear_mean").id());
    std::vector<hsize_t> chunk(4, 0);
    const bool chunked = H5Pget_layout(plist) == H5D_CHUNKED && H5Pget_chunk(plist, 4, chunk.data()) == 4;
    H5Pclose(plist);
    return chunked ? chunk : std::vector<hsize_t>{};
  };
  EXPECT_EQ(chunk_of(120, 3, 2), std::vector<hsize_t>{});                  // 720 values: contiguous
  EXPECT_EQ(chunk_of(520, 4, 2), (std::vector<hsize_t>{1, 4, 2, 520}));    // small series: replicates together
  EXPECT_EQ(chunk_of(520, 2, 20), (std::vector<hsize_t>{1, 1, 20, 520}));  // a run's series
  const std::vector<hsize_t> block = chunk_of(520, 1, 100);
  ASSERT_EQ(block.size(), 4U);
  EXPECT_EQ(block[3], run::kBlockWeeks);
  EXPECT_EQ(block[2], 100U);
}

}  // namespace
}  // namespace buurtsim
