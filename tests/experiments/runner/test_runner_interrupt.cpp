// An interrupted runner (experiments/runner/runner.hpp, interrupt.hpp): after SIGINT no run
// starts, no run is marked complete and the weeks no run reached stay NaN. Its own program,
// because the interrupt flag cannot be cleared once raised.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <string>

#include "experiments/config/config.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/runner.hpp"

namespace buurtsim {
namespace {

TEST(RunnerInterrupted, NoRunCompletesAfterSigint) {
  const config::Experiment e =
      config::load("weeks = 4\nburn_in_weeks = 2\nreplicates = 2\n[[neighbourhood]]\nname = \"A\"\nresidents = 300\n",
                   "i.toml", "i", {});
  run::install_interrupt_handlers();
  ASSERT_FALSE(run::interrupted());
  ASSERT_EQ(std::raise(SIGINT), 0);
  ASSERT_TRUE(run::interrupted());
  run::RunResults out;
  std::size_t progress_calls = 0;
  run::run_experiment(e, out, [&](const run::Progress&) { ++progress_calls; });
  EXPECT_EQ(out.complete, (std::vector<std::uint8_t>{0, 0}));
  ASSERT_FALSE(out.outcomes.empty());
  EXPECT_TRUE(std::all_of(out.outcomes.begin(), out.outcomes.end(), [](double v) { return std::isnan(v); }));
  EXPECT_EQ(progress_calls, 0u);
}

}  // namespace
}  // namespace buurtsim
