// Issue 20, item 5: the memory a run needs is estimated before it starts and a run that cannot
// fit is refused with what to change (docs/reliability.md, "Memory"). The estimate's constants
// were measured with /usr/bin/time -v (the figures are in docs/reliability.md); the command-line
// refusals are in test_untrusted_numbers.py.
#include <gtest/gtest.h>

#include "experiments/config/config.hpp"
#include "experiments/runner/memory_estimate.hpp"

namespace buurtsim::run {
namespace {

config::Experiment experiment(long residents, int weeks, int replicates, int neighbourhoods = 1) {
  std::string text = "model = \"buurtsim\"\nweeks = " + std::to_string(weeks) +
                     "\nburn_in_weeks = 1\nreplicates = " + std::to_string(replicates) + "\n";
  for (int nb = 0; nb < neighbourhoods; ++nb)
    text += "[[neighbourhood]]\nname = \"N" + std::to_string(nb) +
            "\"\nresidents = " + std::to_string(residents / neighbourhoods) + "\n";
  text += "[[scenario]]\nname = \"baseline\"\n";
  return config::load(text, "m.toml", "m", {});
}

constexpr double kMiB = 1024.0 * 1024.0;

// Within 30% of the peak RSS measured for these runs (docs/reliability.md, "Memory").
TEST(MemoryEstimate, AgreesWithMeasuredPeaks) {
  EXPECT_NEAR(estimate_memory(experiment(2000000, 4, 1), 1, Weekly::streamed).total / kMiB, 384, 0.3 * 384);
  EXPECT_NEAR(estimate_memory(experiment(200000, 4, 1), 1, Weekly::streamed).total / kMiB, 55, 0.3 * 55);
  EXPECT_NEAR(estimate_memory(experiment(2000, 1040, 64), 2, Weekly::streamed).total / kMiB, 59, 0.3 * 59);
}

TEST(MemoryEstimate, WorldsAtOnceFollowThreadsAndRuns) {
  EXPECT_EQ(estimate_memory(experiment(1000, 4, 1), 8, Weekly::streamed).at_once, 1u);  // one run: one world
  EXPECT_EQ(estimate_memory(experiment(1000, 4, 16), 4, Weekly::held).at_once, 4u);
}

// residents = 200,000,000 (the registry's maximum) and --weeks 28000 --replicates 65535 ended in
// std::bad_alloc; on a machine of 16 GiB (the first needs about 37 GiB, the second, where its weeks
// are held as in a sweep point, over a TiB) they are refused, each naming what to change.
TEST(MemoryEstimate, ImpossibleRunsAreRefusedWithWhatToChange) {
  const MemoryAvailable machine{16.0 * 1024 * kMiB, "a 16 GiB machine"};
  const config::Experiment many = experiment(200000000, 4, 1);
  const std::string residents = memory_refusal(many, estimate_memory(many, 2, Weekly::streamed), machine);
  EXPECT_NE(residents.find("fewer residents"), std::string::npos) << residents;
  const config::Experiment longer = experiment(6000, 28000, 65535);
  const std::string weeks = memory_refusal(longer, estimate_memory(longer, 2, Weekly::held), machine);
  EXPECT_NE(weeks.find("fewer replicates (--replicates) or weeks (--weeks)"), std::string::npos) << weeks;
  EXPECT_NE(weeks.find("TiB"), std::string::npos) << weeks;
  const config::Experiment small = experiment(2000, 52, 2);
  EXPECT_EQ(memory_refusal(small, estimate_memory(small, 2, Weekly::held), machine), "");
}

// A `run` streams its weekly outcomes to its file: what it holds does not grow with the weeks or
// the replicates (the survey's figures per wave aside), where a sweep point holds them all.
TEST(MemoryEstimate, StreamedWeeksDoNotGrowWithTheRun) {
  const double century = estimate_memory(experiment(20000, 5200, 64, 10), 2, Weekly::streamed).total;
  const double five_centuries = estimate_memory(experiment(20000, 26000, 64, 10), 2, Weekly::streamed).total;
  EXPECT_EQ(century, five_centuries);
  EXPECT_GT(estimate_memory(experiment(20000, 5200, 64, 10), 2, Weekly::held).total, 10 * century);
  const MemoryAvailable machine{16.0 * 1024 * kMiB, "a 16 GiB machine"};
  const config::Experiment longer = experiment(6000, 28000, 65535);
  EXPECT_EQ(memory_refusal(longer, estimate_memory(longer, 2, Weekly::streamed), machine), "");
}

TEST(MemoryEstimate, AvailableMemoryIsRead) {
  const auto a = available_memory();
  ASSERT_TRUE(a.has_value());  // Linux: /proc/meminfo
  EXPECT_GT(a->bytes, 0);
}

}  // namespace
}  // namespace buurtsim::run
