// Every random stream of the model (core and approach modules) and of the experiments has its own id: no two names, in
// either list, hash alike (a collision would make two decisions share draws).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "experiments/analysis/streams.hpp"
#include "model/approach_module.hpp"

namespace buurtsim {
namespace {

TEST(Streams, ModelAndExperimentStreamNamesHashToDistinctIds) {
  std::map<std::uint32_t, std::string> seen;
  const auto add = [&](std::string_view name) {
    const auto [it, fresh] = seen.emplace(stream_id(name), std::string(name));
    EXPECT_TRUE(fresh) << name << " has the id of " << it->second;
  };
  const auto model_names = all_stream_names();  // the core's and every registered approach module's
  for (auto name : model_names) add(name);
  for (auto name : experiment_streams::all_names) add(name);
  EXPECT_EQ(seen.size(), model_names.size() + experiment_streams::all_names.size());
}

TEST(Streams, ExperimentStreamsAreTheNamedOnes) {
  // The ids the designs, bootstrap and calibration draw from are the hashes of their names:
  // renaming one changes every sweep and calibration, so a rename must be deliberate.
  EXPECT_EQ(experiment_streams::latin, stream_id("sweep.design.latin"));
  EXPECT_EQ(experiment_streams::morris, stream_id("sweep.design.morris"));
  EXPECT_EQ(experiment_streams::saltelli, stream_id("sweep.design.saltelli"));
  EXPECT_EQ(experiment_streams::bootstrap, stream_id("sweep.sensitivity.bootstrap"));
  EXPECT_EQ(experiment_streams::proposal, stream_id("calibration.proposal"));
  EXPECT_EQ(experiment_streams::sampling, stream_id("calibration.sampling"));
}

}  // namespace
}  // namespace buurtsim
