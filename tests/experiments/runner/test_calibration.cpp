// The pieces of `buurtsim calibrate` (experiments/calibration): the observed-data loader, the
// [calibration] table, the estimator's weights, ESS, tolerance schedule and deterministic
// acceptance, and the journal.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "experiments/analysis/abc_smc.hpp"
#include "experiments/analysis/calibration.hpp"
#include "experiments/analysis/calibration_targets.hpp"
#include "experiments/config/calibration_section.hpp"
#include "experiments/io/calibration_journal.hpp"
#include "experiments/io/observed_csv.hpp"
#include "experiments/runner/calibration_estimate.hpp"
#include "model/rng.hpp"

using namespace buurtsim;
using namespace buurtsim::calibration;

namespace {

std::string error_of(const std::string& csv) {
  try {
    parse_observed(csv, "obs.csv");
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

const char* kConfig = R"(model = "buurtsim"
weeks = 120
burn_in_weeks = 10
start_date = "2019-01-07"
[[neighbourhood]]
name = "Noord"
residents = 500
[[neighbourhood]]
name = "Zuid"
residents = 500
[calibration]
particles = 20
assumed_n = 400
[[calibration.parameter]]
name = "fear.offset"
min = -3.0
[[calibration.parameter]]
name = "trust.police_baseline"
neighbourhood = "Zuid"
[[calibration.ignore]]
neighbourhood = "Nederland"
)";

std::string config_error(const std::string& text) {
  try {
    (void)settings_of(config::load(text, "c.toml", "c", {}));
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Observed, ReadsRowsWithOptionalColumnsInAnyOrder) {
  const ObservedData d = parse_observed(
      "period,neighbourhood,value,indicator,n,se,source\n"
      "2019,Noord,30.5,unsafe_sometimes_pct,400,,\"CBS, regional\"\n"
      "2020-03,Zuid,6.9,safety_rating,,0.05,x\n",
      "obs.csv");
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].line, 2);
  EXPECT_EQ(d.rows[0].neighbourhood, "Noord");
  EXPECT_EQ(d.rows[0].month, 0);
  EXPECT_EQ(d.rows[0].value, 30.5);
  EXPECT_EQ(*d.rows[0].n, 400);
  EXPECT_EQ(d.rows[0].source, "CBS, regional");
  EXPECT_EQ(d.rows[1].month, 3);
  EXPECT_FALSE(d.rows[1].n);
  EXPECT_EQ(*d.rows[1].se, 0.05);
}

TEST(Observed, ReportsEveryBadRowWithItsLine) {
  const std::string e = error_of(
      "neighbourhood,period,indicator,value,n\n"
      "Noord,2019,unsafe_sometimes_pct,30,400\n"
      "Noord,2019,unsafety,30,400\n"
      "Noord,2019,unsafe_sometimes_pct,31,400\n"
      "Noord,2019,safety_rating,11,400\n"
      "Noord,19,safety_rating,7,400\n"
      "Noord,2019-13,safety_rating,7,400\n"
      ",2019,safety_rating,7,400\n"
      "Noord,2019,cohesion_mean,,400\n"
      "Noord,2019,fear_mean,1,400\n"
      "Noord,2019,active_pct,5\n");
  EXPECT_NE(e.find("obs.csv:3: unknown indicator 'unsafety'"), std::string::npos) << e;
  EXPECT_NE(e.find("obs.csv:4: duplicate row"), std::string::npos) << e;
  EXPECT_NE(e.find("also on line 2"), std::string::npos) << e;
  EXPECT_NE(e.find("obs.csv:5: 'value' 11 is outside the range of safety_rating"), std::string::npos) << e;
  EXPECT_NE(e.find("obs.csv:6: 'period' is \"19\""), std::string::npos) << e;
  EXPECT_NE(e.find("obs.csv:7: 'period' is \"2019-13\""), std::string::npos) << e;
  EXPECT_NE(e.find("obs.csv:8: 'neighbourhood' is empty"), std::string::npos) << e;
  EXPECT_NE(e.find("obs.csv:9: 'value' is empty"), std::string::npos) << e;
  EXPECT_NE(e.find("obs.csv:10: 'fear_mean' is a model-only outcome"), std::string::npos) << e;
  EXPECT_NE(e.find("obs.csv:11: expected 5 fields"), std::string::npos) << e;
}

TEST(Observed, ReadsADutchSpreadsheet) {
  // Refused with a sed one-liner until issue 18; read as saved since (more in
  // tests/experiments/io/test_observed_csv.cpp).
  const ObservedData d = parse_observed(
      "\xEF\xBB\xBFneighbourhood;period;indicator;value;n\nNoord;2019;unsafe_sometimes_pct;30,5;400\n", "obs.csv");
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].value, 30.5);
}

TEST(Observed, ChecksTheHeader) {
  EXPECT_NE(
      error_of("neighbourhood,period,indicator,value\nNoord,2019,active_pct,5\n").find("obs.csv:1: no column 'n'"),
      std::string::npos);
  EXPECT_NE(error_of("neighbourhood,period,indicator,value,n,weight\n").find("obs.csv:1: unknown column 'weight'"),
            std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
}

TEST(CalibrationConfig, ReadsTheTable) {
  const config::Experiment e = config::load(kConfig, "c.toml", "c", {});
  const Settings s = settings_of(e);
  ASSERT_EQ(s.parameters.size(), 2u);
  EXPECT_EQ(s.parameters[0].label, "fear.offset");
  EXPECT_EQ(s.parameters[0].lo, -3.0);
  EXPECT_EQ(s.parameters[0].hi, param(*find_param("fear.offset")).max);  // the registry's range
  EXPECT_EQ(s.parameters[1].label, "trust.police_baseline@Zuid");
  EXPECT_EQ(s.parameters[1].neighbourhood, 1);
  EXPECT_EQ(s.particles, 20u);
  EXPECT_EQ(*s.assumed_n, 400.0);
  EXPECT_TRUE(s.notes.empty());  // both survey-level
}

TEST(CalibrationConfig, ErrorsNameTheLineAndKey) {
  const std::string base(kConfig);
  std::string typo = base;
  typo.replace(typo.find("particles = 20"), 14, "particle = 20");
  EXPECT_NE(config_error(typo).find("c.toml:12: 'calibration.particle': unknown key"), std::string::npos)
      << config_error(typo);
  std::string bad = base;
  bad.replace(bad.find("fear.offset"), 11, "fear.ofset");
  EXPECT_NE(config_error(bad).find("c.toml:15"), std::string::npos) << config_error(bad);
  EXPECT_NE(config_error(base + "[[calibration.parameter]]\nname = \"fear.offset\"\nmin = -9.0\n")
                .find("'calibration.parameter.min'"),
            std::string::npos);
  EXPECT_NE(config_error(base + "[[calibration.parameter]]\nname = \"police.stop_rate\"\nneighbourhood = \"Noord\"\n")
                .find("one value per scenario"),
            std::string::npos);
  // A status other than survey-level draws a note.
  const config::Experiment e =
      config::load(base + "[[calibration.parameter]]\nname = \"fear.witnessed\"\n", "c.toml", "c", {});
  const Settings s = settings_of(e);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_NE(s.notes[0].find("fear.witnessed"), std::string::npos);
}

TEST(Targets, MatchPeriodsToWeeksAndRowsToNeighbourhoods) {
  const config::Experiment e = config::load(kConfig, "c.toml", "c", {});
  const Settings s = settings_of(e);
  const ObservedData d = parse_observed(
      "neighbourhood,period,indicator,value,n\n"
      "Noord,2019,unsafe_sometimes_pct,30,\n"
      "Zuid,2020-10,trust_police_mean,6.1,300\n"
      "Nederland,2019,unsafe_sometimes_pct,14,\n",
      "obs.csv");
  const Problem p = match_targets(d, s, e);
  ASSERT_EQ(p.targets.size(), 2u);
  EXPECT_EQ(p.ignored_lines, std::vector<int>{4});
  EXPECT_EQ(p.assumed_n_rows, 1u);
  ASSERT_EQ(p.waves.size(), 2u);
  // 2019-10-15 is 281 days after 2019-01-07: week 40.
  EXPECT_EQ(p.waves[0].week, 40);
  EXPECT_EQ(p.targets[0].n, 400.0);
  EXPECT_NEAR(p.targets[0].se, 100 * std::sqrt(0.3 * 0.7 / 400), 0.05);
  EXPECT_EQ(p.targets[1].neighbourhood, 1u);
  EXPECT_EQ(p.weeks, p.waves.back().week + 1);

  const auto fails = [&](const std::string& csv) {
    try {
      match_targets(parse_observed(csv, "obs.csv"), s, e);
    } catch (const DataError& err) {
      return std::string(err.what());
    }
    return std::string();
  };
  EXPECT_NE(fails("neighbourhood,period,indicator,value,n\nWest,2019,active_pct,5,100\n")
                .find("obs.csv:2: neighbourhood \"West\" is not simulated"),
            std::string::npos);
  EXPECT_NE(
      fails("neighbourhood,period,indicator,value,n\nNoord,2024,active_pct,5,100\n").find("obs.csv:2: period 2024"),
      std::string::npos);
  Settings no_n = s;
  no_n.assumed_n.reset();
  try {
    match_targets(parse_observed("neighbourhood,period,indicator,value,n\nNoord,2019,active_pct,5,\n", "obs.csv"), no_n,
                  e);
    FAIL();
  } catch (const DataError& err) {
    EXPECT_NE(std::string(err.what()).find("obs.csv:2: no n and no se"), std::string::npos);
  }
}

// calibrate and fit simulate one world: a file of several is refused (exit 2), never calibrated
// as if its worlds were one.
TEST(Targets, AFileOfSeveralWorldsIsRefused) {
  std::string text = kConfig;
  text.replace(text.find("name = \"Noord\"\n"), 15, "name = \"Noord\"\nworld = \"A\"\n");
  text.replace(text.find("name = \"Zuid\"\n"), 14, "name = \"Zuid\"\nworld = \"B\"\n");
  config::Experiment e = config::load(text, "c.toml", "c", {});
  ASSERT_EQ(e.worlds(), 2u);
  const ObservedData d =
      parse_observed("neighbourhood,period,indicator,value,n\nNoord,2019,active_pct,5,100\n", "obs.csv");
  try {
    (void)prepare(std::move(e), d);
    FAIL() << "a file of two worlds was calibrated";
  } catch (const config::ConfigError& err) {
    EXPECT_NE(std::string(err.what())
                  .find("c.toml: 'world': calibrate and fit take the neighbourhoods of one world; "
                        "this file has 2 (first 'A', then 'B')"),
              std::string::npos)
        << err.what();
  }
}

TEST(Estimator, EffectiveSampleSizeAndNormalisation) {
  const std::vector<double> equal(10, 0.3);
  EXPECT_DOUBLE_EQ(effective_sample_size(equal), 10.0);
  const std::vector<double> one{0, 0, 5, 0};
  EXPECT_DOUBLE_EQ(effective_sample_size(one), 1.0);
  const auto n = normalised(std::vector<double>{1, 3});
  EXPECT_DOUBLE_EQ(n[0], 0.25);
  EXPECT_DOUBLE_EQ(n[1], 0.75);
}

TEST(Estimator, ToleranceScheduleIsAQuantileOfTheAcceptedDistances) {
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2, 5}, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(weighted_quantile(std::vector<double>{1, 2, 3}, std::vector<double>{0.1, 0.1, 0.8}, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(weighted_quantile(std::vector<double>{1, 2, 3}, std::vector<double>{0.6, 0.2, 0.2}, 0.5), 1.0);
}

TEST(Estimator, AcceptsTheLowestNumberedProposalsMeetingTheTolerance) {
  const std::vector<double> d{5, 1, std::nan(""), 2, 9, 0.5, 1.5};
  EXPECT_EQ(select_accepted(d, 2.0, 3), (std::vector<std::size_t>{1, 3, 5}));
  EXPECT_EQ(select_accepted(d, 2.0, 10), (std::vector<std::size_t>{1, 3, 5, 6}));
  EXPECT_TRUE(select_accepted(d, 0.1, 3).empty());
}

TEST(Estimator, KernelWeightsFavourProposalsFarFromTheParticles) {
  Prior prior{{0.0}, {10.0}};
  Generation g;
  g.theta.resize(3, 1);
  g.theta << 4.0, 5.0, 6.0;
  g.weights = {1.0 / 3, 1.0 / 3, 1.0 / 3};
  const Kernel k(g, prior);
  EXPECT_NEAR(k.covariance()(0, 0), 2.0 * 2.0 / 3.0, 1e-12);  // twice the weighted variance
  EXPECT_LT(k.weight(std::vector<double>{5.0}), k.weight(std::vector<double>{8.0}));
  // Proposals are pure functions of (seed, generation, index) and stay inside the prior.
  for (std::uint64_t i = 0; i < 200; ++i) {
    const auto a = k.propose(7, 1, i), b = k.propose(7, 1, i);
    EXPECT_EQ(a, b);
    EXPECT_GE(a[0], 0.0);
    EXPECT_LE(a[0], 10.0);
  }
  EXPECT_NE(k.propose(7, 1, 0), k.propose(7, 2, 0));
  EXPECT_NE(k.propose(7, 1, 0), k.propose(8, 1, 0));
}

namespace {

// A toy problem: data 3.0 observed with noise sd 1; the distance of a proposal is |theta + noise - 3|.
Result toy(std::size_t batch, std::vector<Generation> finished = {}, int stop_after = 0) {
  Prior prior{{-10.0}, {10.0}};
  Options o;
  o.particles = 40;
  o.generations = 5;
  o.batch = batch;
  o.seed = 11;
  const Evaluate evaluate = [](int g, std::uint64_t first, const std::vector<std::vector<double>>& thetas) {
    std::vector<double> d;
    for (std::size_t i = 0; i < thetas.size(); ++i) {
      Draws noise(StreamKey{11, 0}, 99, g, static_cast<std::uint32_t>(first + i));
      d.push_back(std::abs(thetas[i][0] + noise.normal() - 3.0));
    }
    return std::optional<std::vector<double>>(d);
  };
  return run_abc_smc(
      prior, o, evaluate, [&](const Generation& g) { return stop_after == 0 || g.index + 1 < stop_after; },
      std::move(finished));
}

}  // namespace

TEST(Estimator, ResultDoesNotDependOnTheBatchSizeAndResumesExactly) {
  const Result a = toy(7), b = toy(40);
  ASSERT_EQ(a.generations.size(), 5u);
  ASSERT_EQ(b.generations.size(), 5u);
  for (std::size_t g = 0; g < a.generations.size(); ++g) {
    EXPECT_EQ(a.generations[g].theta, b.generations[g].theta);
    EXPECT_EQ(a.generations[g].weights, b.generations[g].weights);
    EXPECT_EQ(a.generations[g].proposals, b.generations[g].proposals);
    EXPECT_EQ(a.generations[g].tolerance, b.generations[g].tolerance);
  }
  // Tolerances shrink; the posterior is near 3.
  EXPECT_LT(a.generations.back().tolerance, a.generations[1].tolerance);
  const Summary s = summarise(Prior{{-10.0}, {10.0}}, a.generations.back(), 90);
  EXPECT_NEAR(s.mean[0], 3.0, 1.0);
  EXPECT_GT(s.shrinkage[0], 0.5);
  // Stopped after two generations, then resumed through the journal (its file handling and torn
  // records are dist::Journal's, tests/experiments/io/test_journal.cpp).
  const Result part = toy(7, {}, 2);
  ASSERT_EQ(part.generations.size(), 2u);
  EXPECT_EQ(part.stop, Stop::Interrupted);
  const auto dir = std::filesystem::temp_directory_path() / ("buurtsim_journal_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "x.h5.journal";
  const Identity id{"v1", 1, 2};
  {
    Journal j = Journal::create(path, id);
    for (const auto& g : part.generations) j.append(g);
  }
  // Another version, configuration or data file: refused, with what it was written for.
  for (const Identity& other : {Identity{"v2", 1, 2}, Identity{"v1", 3, 2}, Identity{"v1", 1, 4}}) {
    std::vector<Generation> none;
    try {
      Journal::resume(path, other, none);
      ADD_FAILURE() << "resumed a journal of another identity";
    } catch (const JournalMismatch& m) {
      EXPECT_EQ(m.stored().version, "v1");
      EXPECT_EQ(m.stored().config_hash, 1u);
      EXPECT_EQ(m.stored().data_hash, 2u);
    }
    EXPECT_TRUE(none.empty());
  }
  std::vector<Generation> back, more;
  {
    Journal j = Journal::resume(path, id, back);
    j.append(a.generations[2]);  // appends after the generations it read
  }
  { Journal j = Journal::resume(path, id, more); }
  ASSERT_EQ(more.size(), 3u);
  EXPECT_EQ(more[2].theta, a.generations[2].theta);
  ASSERT_EQ(back.size(), 2u);
  for (std::size_t g = 0; g < back.size(); ++g) {  // bit for bit
    EXPECT_EQ(back[g].index, part.generations[g].index);
    EXPECT_EQ(back[g].tolerance, part.generations[g].tolerance);
    EXPECT_EQ(back[g].proposals, part.generations[g].proposals);
    EXPECT_EQ(back[g].invalid, part.generations[g].invalid);
    EXPECT_EQ(back[g].acceptance_rate, part.generations[g].acceptance_rate);
    EXPECT_EQ(back[g].ess, part.generations[g].ess);
    EXPECT_EQ(back[g].seconds, part.generations[g].seconds);
    EXPECT_EQ(back[g].theta, part.generations[g].theta);
    EXPECT_EQ(back[g].weights, part.generations[g].weights);
    EXPECT_EQ(back[g].distances, part.generations[g].distances);
  }
  {  // a gap in the generations is refused rather than handed to estimate()
    Journal j = Journal::create(path, id);
    j.append(a.generations[1]);
  }
  EXPECT_THROW(Journal::resume(path, id, more), std::runtime_error);
  // A sweep's journal at the same path is not taken for a calibration's.
  { dist::Journal::create(path, "buurtsim 0 (x)\n[sweep]\n"); }
  try {
    std::vector<Generation> none;
    Journal::resume(path, id, none);
    ADD_FAILURE() << "resumed a sweep's journal";
  } catch (const JournalMismatch&) {
    ADD_FAILURE() << "a sweep's journal taken for a calibration's of another identity";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not a buurtsim calibration journal"), std::string::npos) << e.what();
  }
  const Result resumed = toy(13, unpack(pack(back)));
  ASSERT_EQ(resumed.generations.size(), a.generations.size());
  EXPECT_EQ(resumed.generations.back().theta, a.generations.back().theta);
  EXPECT_EQ(resumed.generations.back().weights, a.generations.back().weights);
  std::filesystem::remove_all(dir);
}
