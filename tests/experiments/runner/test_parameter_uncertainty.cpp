// The uncertainty mode (experiments/config/uncertainty_spec.hpp, experiments/analysis/
// parameter_draws.hpp): with every parameter pinned the runs are those without the mode (so
// are the intervals); a replicate's draws are the same in every scenario and differ between
// replicates; the draws and the runs are bit-identical on 1 and 2 threads; a posterior's
// particles are drawn by weight; bad tables and posterior files are errors naming the problem.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/analysis/parameter_draws.hpp"
#include "experiments/config/config.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/read_posterior.hpp"
#include "experiments/runner/runner.hpp"
#include "tests/experiments/run_helpers.hpp"

namespace buurtsim {
namespace {

using test_support::run_with_threads;
using test_support::same_bits;

const std::string kTiny =
    "weeks = 6\nburn_in_weeks = 4\nreplicates = 3\nseed = 7\n"
    "[[neighbourhood]]\nname = \"A\"\nresidents = 400\n"
    "[vba]\npolice_hours = 2\nmunicipality_hours = 2\n"
    "[[scenario]]\nname = \"baseline\"\n"
    "[[scenario]]\nname = \"vba\"\napproaches = [\"vba\"]\n";

config::Overrides options(std::optional<std::string> mode, std::optional<std::string> posterior = {},
                          std::optional<int> replicates = {}) {
  config::Overrides ov;
  ov.uncertainty = std::move(mode);
  ov.posterior = std::move(posterior);
  ov.replicates = replicates;
  return ov;
}

config::Experiment load(const std::string& extra, config::Overrides ov = {}) {
  config::Experiment e = config::load(kTiny + extra, "tiny.toml", "tiny", ov);
  uncertainty::draw(e, nullptr);
  return e;
}

TEST(ParameterUncertainty, EveryParameterPinnedGivesTheReplicateOnlyRuns) {
  const config::Experiment plain = load("");
  const config::Experiment pinned = load("[uncertainty]\nparameters = \"declared\"\nexclude = [\"*\"]\n");
  const config::Experiment off = load("", options("none"));
  EXPECT_FALSE(plain.uncertainty.active());
  EXPECT_FALSE(pinned.uncertainty.active());
  EXPECT_FALSE(off.uncertainty.active());
  const run::RunResults a = run_with_threads(plain, 2), b = run_with_threads(pinned, 2), c = run_with_threads(off, 2);
  EXPECT_TRUE(same_bits(a.outcomes, b.outcomes));  // and so every interval and probability
  EXPECT_TRUE(same_bits(a.outcomes, c.outcomes));
  // The mode on: the runs differ.
  const config::Experiment drawn = load("[uncertainty]\nparameters = \"declared\"\n");
  ASSERT_TRUE(drawn.uncertainty.active());
  EXPECT_FALSE(same_bits(a.outcomes, run_with_threads(drawn, 2).outcomes));
}

TEST(ParameterUncertainty, AReplicatesDrawIsTheSameInEveryScenarioAndDiffersBetweenReplicates) {
  const config::Experiment e = load("[uncertainty]\nparameters = \"declared\"\n");
  const uncertainty::Spec& s = e.uncertainty;
  ASSERT_GT(s.drawn.size(), 100u);
  for (std::size_t r = 0; r < 3; ++r) {
    const ScenarioSpec base = uncertainty::with_draws(e, e.scenarios[0], r);
    const ScenarioSpec vba = uncertainty::with_draws(e, e.scenarios[1], r);
    for (std::size_t k = 0; k < s.drawn.size(); ++k) {
      const ParamSpec& p = param(s.drawn[k].id);
      EXPECT_EQ(p.get(base.params), p.get(vba.params)) << s.drawn[k].label;
      EXPECT_EQ(p.get(base.neighbourhoods[0].params), s.draws[r * s.drawn.size() + k]) << s.drawn[k].label;
    }
  }
  std::size_t differ = 0;
  for (std::size_t k = 0; k < s.drawn.size(); ++k) differ += s.draws[k] != s.draws[s.drawn.size() + k];
  EXPECT_GT(differ, s.drawn.size() / 2);
  // Held: survey-level parameters and a value the configuration sets per scenario.
  for (const uncertainty::Drawn& d : s.drawn) {
    EXPECT_NE(param(d.id).status, CalibrationStatus::SurveyLevel) << d.label;
    EXPECT_NE(param(d.id).status, CalibrationStatus::Fixed) << d.label;
    EXPECT_NE(d.label, "vba.police_hours");
  }
}

// Two scenarios that differ only in name: in the mode, replicate r of each runs with the same
// draws (and the same random numbers), so their outcomes are bit-identical.
TEST(ParameterUncertainty, TwoEqualScenariosRunTheSameDrawsInEveryReplicate) {
  config::Experiment e = config::load(
      "weeks = 4\nburn_in_weeks = 2\nreplicates = 2\nseed = 3\n[[neighbourhood]]\nname = \"A\"\nresidents = 300\n"
      "[[scenario]]\nname = \"a\"\n[[scenario]]\nname = \"b\"\n[uncertainty]\nparameters = \"declared\"\n",
      "two.toml", "two", {});
  uncertainty::draw(e, nullptr);
  const run::RunResults r = run_with_threads(e, 2);
  const std::size_t per = r.replicates * r.neighbourhoods * r.weeks;
  for (std::size_t o = 0; o < outcome_count(); ++o)
    EXPECT_EQ(0, std::memcmp(&r.outcomes[r.outcome_index(o, 0, 0, 0, 0)], &r.outcomes[r.outcome_index(o, 1, 0, 0, 0)],
                             per * sizeof(double)))
        << outcome_info(static_cast<Outcome>(o)).name;
}

TEST(ParameterUncertainty, DrawsAndRunsAreBitIdenticalOnOneAndTwoThreads) {
  const config::Experiment e = load("[uncertainty]\nparameters = \"declared\"\n");
  const config::Experiment again = load("[uncertainty]\nparameters = \"declared\"\n");
  EXPECT_TRUE(same_bits(e.uncertainty.draws, again.uncertainty.draws));
  EXPECT_TRUE(same_bits(run_with_threads(e, 1).outcomes, run_with_threads(e, 2).outcomes));
}

TEST(ParameterUncertainty, IncludeAndExcludeChooseTheDrawnParameters) {
  const config::Experiment e = load(
      "[uncertainty]\nparameters = \"declared\"\ninclude = [\"fear.*\", \"fear.offset\"]\nexclude = "
      "[\"fear.hearsay\"]\n");
  bool offset = false;
  for (const uncertainty::Drawn& d : e.uncertainty.drawn) {
    EXPECT_EQ(d.label.rfind("fear.", 0), 0u) << d.label;
    EXPECT_NE(d.label, "fear.hearsay");
    offset |= d.label == "fear.offset";  // named: drawn although survey-level
  }
  EXPECT_TRUE(offset);
}

// A calibration results file with the given particles of one parameter.
std::string calibration_file(const std::string& name, const std::vector<std::string>& labels,
                             const std::vector<double>& samples, const std::vector<double>& weights,
                             const std::string& kind = "calibration") {
  std::string path = (std::filesystem::temp_directory_path() / name).string();
  h5::File f = h5::File::create(path);
  h5::Group root = f.root();
  root.set_attr("kind", kind);
  h5::Group g = root.group("posterior");
  std::vector<std::int32_t> particles(weights.size());
  for (std::size_t i = 0; i < particles.size(); ++i) particles[i] = static_cast<std::int32_t>(i);
  g.write_dim("particle", std::span<const std::int32_t>(particles), "1", "particle");
  g.write_dim("parameter", labels, "parameter");
  g.write("samples", std::span<const double>(samples), {"particle", "parameter"}, "1", "values");
  g.write("weights", std::span<const double>(weights), {"particle"}, "1", "weights");
  f.close();
  return path;
}

// Four particles with weights 0.4, 0.3, 0.2, 0.1 over 4,000 replicates: the counts' chi-square
// (3 degrees of freedom) stays below 16.27 (p = 0.001); each share within 3 se of its weight.
TEST(ParameterUncertainty, PosteriorParticlesAreDrawnByWeight) {
  const std::vector<double> weights = {0.4, 0.3, 0.2, 0.1};
  const std::vector<double> samples = {0.1, -1.0, 0.2, -1.5, 0.3, -2.0, 0.4, -2.5};
  const std::string path =
      calibration_file("buurtsim_test_posterior.h5", {"fear.hearsay", "fear.offset@A"}, samples, weights);
  config::Experiment e = config::load(kTiny, "tiny.toml", "tiny", options({}, path, 4000));
  const uncertainty::Posterior post = uncertainty::read_posterior(path);
  uncertainty::draw(e, &post);
  const uncertainty::Spec& s = e.uncertainty;
  ASSERT_EQ(s.drawn.size(), 2u);  // mode none: only the posterior's parameters
  std::vector<double> counts(4, 0);
  for (std::size_t r = 0; r < 4000; ++r) {
    const auto k = static_cast<std::size_t>(s.particle[r]);
    counts[k] += 1;
    EXPECT_EQ(s.draws[r * 2], samples[2 * k]);  // both parameters of the same particle
    EXPECT_EQ(s.draws[r * 2 + 1], samples[2 * k + 1]);
  }
  double chi2 = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const double expected = 4000 * weights[k];
    chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
    const double se = std::sqrt(weights[k] * (1 - weights[k]) / 4000);
    EXPECT_NEAR(counts[k] / 4000, weights[k], 3 * se) << "particle " << k;
  }
  std::printf("[check] posterior draws: chi-square %.2f (3 df, bound 16.27)\n", chi2);
  EXPECT_LT(chi2, 16.27);
  // Applied in the neighbourhood it names.
  const ScenarioSpec sc = uncertainty::with_draws(e, e.scenarios[0], 0);
  EXPECT_EQ(sc.neighbourhoods[0].params.fear.offset, s.draws[1]);
  std::filesystem::remove(path);
}

void expect_error(const std::string& extra, const config::Overrides& ov, const std::string& words) {
  try {
    config::Experiment e = config::load(kTiny + extra, "tiny.toml", "tiny", ov);
    std::optional<uncertainty::Posterior> post;
    if (!e.uncertainty.posterior.empty()) post = uncertainty::read_posterior(e.uncertainty.posterior);
    uncertainty::draw(e, post ? &*post : nullptr);
    ADD_FAILURE() << "no error; expected one with: " << words;
  } catch (const config::ConfigError& err) {
    EXPECT_NE(std::string(err.what()).find(words), std::string::npos) << err.what();
  }
}

TEST(ParameterUncertainty, BadInputsAreErrorsNamingTheProblem) {
  expect_error("[uncertainty]\nparameters = \"all\"\n", {}, "tiny.toml:17: 'uncertainty.parameters'");
  expect_error("[uncertainty]\ndraws = 4\n", {}, "'uncertainty.draws': unknown key");
  expect_error("[uncertainty]\ninclude = [\"fear.hearsy\"]\n", {}, "fear.hearsay");
  expect_error("[uncertainty]\nexclude = [\"nogroup.*\"]\n", {}, "no parameter group \"nogroup\"");
  expect_error("", options("some"), "--uncertainty: expected declared or none");
  expect_error("", options({}, "/nonexistent/cal.h5"), "--posterior /nonexistent/cal.h5: no such file");
  const std::string run_file = calibration_file("buurtsim_test_run.h5", {"fear.hearsay"}, {0.1}, {1.0}, "run");
  expect_error("", options({}, run_file), "not a calibration results file");
  const std::string wrong = calibration_file("buurtsim_test_wrong.h5", {"fear.hearsey"}, {0.1}, {1.0});
  expect_error("", options({}, wrong), "\"fear.hearsey\" is not a parameter");
  const std::string elsewhere = calibration_file("buurtsim_test_elsewhere.h5", {"fear.offset@Heerlen"}, {-1}, {1.0});
  expect_error("", options({}, elsewhere), "none of the posterior's parameters (fear.offset@Heerlen) applies");
  for (const auto& p : {run_file, wrong, elsewhere}) std::filesystem::remove(p);
}

}  // namespace
}  // namespace buurtsim
