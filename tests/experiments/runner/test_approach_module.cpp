// An approach is one folder (docs/approaches/README.md): an approach that exists only in this
// test binary registers itself with register_approach() and is then an approach like the
// built-in ones. Its parameters are in the registry (and in configs), its stream is in the
// collision check, its outcome is measured by the module and written to a results file, and it
// changes the neighbourhood.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/io/write_run.hpp"
#include "experiments/runner/runner.hpp"
#include "model/approach_module.hpp"
#include "model/schedule.hpp"
#include "model/simulation.hpp"

namespace buurtsim {
namespace {

// "Straatvegers": a street-sweeping crew. Every week its task hours sweep blocks of the
// neighbourhood picked at random (its own stream), each sweep removing part of the block's
// disorder. Its outcome: the blocks swept this week.
constexpr std::string_view kRouteStream = "straatvegers.route";

class Straatvegers final : public Approach {
 public:
  explicit Straatvegers(const ScenarioSpec& spec)
      : Approach("straatvegers", spec),
        blocks_per_hour_(param_value(spec.params, "straatvegers.blocks_per_hour")),
        cleanup_(param_value(spec.params, "straatvegers.cleanup")) {}

 private:
  void do_act(Phase phase, World& w) override {
    if (phase != Phase::Disorder) return;
    for (std::size_t nb = 0; nb < neighbourhoods(); ++nb) {
      const std::vector<std::uint32_t>& blocks = w.neighbourhoods[nb].blocks;
      const double hours = task_hours(nb, kOrgMunicipality);  // a municipal crew
      book(w, nb, kOrgMunicipality, kTaskEnvironment, hours);
      const auto sweeps = static_cast<std::uint32_t>(hours * blocks_per_hour_);
      Draws d(w.key, stream_id(kRouteStream), w.week, static_cast<std::uint32_t>(nb));
      for (std::uint32_t k = 0; k < sweeps && !blocks.empty(); ++k)
        w.blocks.approach_cleanup[blocks[d.below(static_cast<std::uint32_t>(blocks.size()))]] +=
            static_cast<float>(cleanup_);
      record(w, nb, 0, sweeps);
    }
  }
  double blocks_per_hour_, cleanup_;
};

ApproachModule straatvegers() {
  using namespace param_tokens;
  const auto lever = [](std::string_view name, ParamType type, double def, double lo, double hi) {
    return ParamSpec{name,   type, "",      def, lo, hi, fixed, Neighbourhood, "lever of the test approach",
                     "test", "",   nullptr, 0};
  };
  return {
      "straatvegers",
      "tests/experiments/runner/test_approach_module.cpp",
      {lever("straatvegers.start_week", Integer, 0, -520, 30000),
       lever("straatvegers.end_week", Integer, -1, -1, 30000), lever("straatvegers.ramp_weeks", Real, 0, 0, 520),
       lever("straatvegers.fidelity", Real, 1, 0, 1), lever("straatvegers.police_hours", Real, 0, 0, 100),
       lever("straatvegers.municipality_hours", Real, 20, 0, 100), lever("straatvegers.welfare_hours", Real, 0, 0, 100),
       lever("straatvegers.corporation_hours", Real, 0, 0, 100),
       ParamSpec{"straatvegers.funding", Choice, "", 0, 0, 0, fixed, Neighbourhood, "lever", "test",
                 "additional|redeployed", nullptr, 0},
       lever("straatvegers.blocks_per_hour", Real, 0.5, 0, 10), lever("straatvegers.cleanup", Real, 0.5, 0, 1),
       ParamSpec{"straatvegers.watch", Choice, "", 0, 0, 0, fixed, Global, "an outcome of the test approach's choice",
                 "test", kOutcomeChoices, nullptr, 0}},
      {kRouteStream},
      {OutcomeInfo{Outcome{}, "blocks_swept", "blocks/week", false, 0, 1e9, Pooling::Sum, false, Better::Neither,
                   "Blocks swept by the straatvegers this week"}},
      {Phase::Disorder},
      [](const ScenarioSpec& spec) -> std::unique_ptr<Approach> { return std::make_unique<Straatvegers>(spec); }};
}

// Registered once per test program, before any experiment is built.
void register_straatvegers() {
  static const bool done = (register_approach(straatvegers()), true);
  (void)done;
}

// "Notulist": takes the minutes of a week. It does nothing but write down, for every hook it is
// called in, the phase and the hours it has been granted by then; it declares every phase but
// the volunteers'.
std::vector<std::pair<Phase, double>> minutes;

class Notulist final : public Approach {
 public:
  explicit Notulist(const ScenarioSpec& spec) : Approach("notulist", spec) {}

 private:
  void do_act(Phase phase, World& /*w*/) override { minutes.emplace_back(phase, granted(0, kOrgMunicipality)); }
};

void register_notulist() {
  static const bool done = [] {
    using namespace param_tokens;
    ApproachModule m = straatvegers();
    m.name = "notulist";
    m.params.resize(9);  // the common levers
    for (ParamSpec& spec : m.params) {
      static std::vector<std::string> names;  // ParamSpec holds views
      names.push_back("notulist" + std::string(spec.name.substr(spec.name.find('.'))));
      spec.name = names.back();
    }
    m.streams.clear();
    m.outcomes.clear();
    m.hooks.clear();
    for (const PhaseInfo& p : weekly_schedule())
      if (p.phase != Phase::Volunteers) m.hooks.push_back(p.phase);
    m.factory = [](const ScenarioSpec& spec) -> std::unique_ptr<Approach> { return std::make_unique<Notulist>(spec); };
    register_approach(m);
    return true;
  }();
  (void)done;
}

constexpr const char* kConfig = R"(
model = "buurtsim"
weeks = 30
burn_in_weeks = 10
replicates = 1
seed = 99

[[neighbourhood]]
name = "Wijk"
residents = 1500
disorder.neglect = 0.05

[straatvegers]
blocks_per_hour = 0.8

[[scenario]]
name = "baseline"
approaches = []

[[scenario]]
name = "straatvegers"
approaches = ["straatvegers"]
)";

TEST(ApproachModule, ParametersJoinTheRegistry) {
  register_straatvegers();
  const auto id = find_param("straatvegers.blocks_per_hour");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(param(*id).get(Params{}), 0.5);
  const auto names = all_params();
  const auto at = [&](std::string_view n) {
    return std::find_if(names.begin(), names.end(), [&](const ParamSpec& s) { return s.name == n; }) - names.begin();
  };
  EXPECT_LT(at("straatvegers.cleanup"), at("cba.discount_rate"));  // listed with the approaches
  EXPECT_LT(at("wijkveiligheid.start_week"), at("straatvegers.start_week"));
  const config::Experiment e = config::load(kConfig, "test.toml", "test", {});
  EXPECT_EQ(param_value(e.scenarios[1].params, "straatvegers.blocks_per_hour"), 0.8);
  // Its outcome is among the choices of a parameter declared with kOutcomeChoices, but not among
  // what the Buurtactieplan's switch watches (only what a municipality sees).
  const auto choices = param(*find_param("straatvegers.watch")).choice_list();
  EXPECT_EQ(choices.back(), "blocks_swept");
  const auto watched = param(*find_param("bap.switch_outcome")).choice_list();
  EXPECT_EQ(std::find(watched.begin(), watched.end(), "blocks_swept"), watched.end());
}

TEST(ApproachModule, StreamsJoinTheCollisionCheck) {
  register_straatvegers();
  const auto names = all_stream_names();
  EXPECT_NE(std::find(names.begin(), names.end(), kRouteStream), names.end());
  std::set<std::uint32_t> ids;  // as tests/model/test_rng.cpp, with this module's stream
  for (auto name : names) EXPECT_TRUE(ids.insert(stream_id(name)).second) << name;
  ApproachModule clash = straatvegers();
  clash.name = "clash";
  clash.params.clear();
  clash.outcomes.clear();
  clash.streams = {"offending.count"};  // the core's
  EXPECT_THROW(register_approach(clash), std::logic_error);
  EXPECT_EQ(approach_registry().count("clash"), 0u);
}

TEST(ApproachModule, RunsEndToEndIntoAResultsFile) {
  register_straatvegers();
  const config::Experiment e = config::load(kConfig, "test.toml", "test", {});
  run::RunResults r;
  run::run_experiment(e, r, [](const run::Progress&) {});
  h5::File file = h5::File::create_in_memory("straatvegers.h5");
  run::write_run(file, e, r, run::analyse_run(e, r, 95.0), {"test", "test", "now", "test"});
  const auto swept = file.root().read<double>("blocks_swept");  // [scenario][replicate][nb][week]
  const auto disorder = file.root().read<double>("disorder_mean");
  ASSERT_EQ(swept.size(), 2 * r.weeks);
  const auto total = [&](const std::vector<double>& v, std::size_t s) {
    return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(s * r.weeks),
                           v.begin() + static_cast<std::ptrdiff_t>((s + 1) * r.weeks), 0.0);
  };
  EXPECT_EQ(total(swept, 0), 0.0);  // the baseline has no crew
  EXPECT_GT(total(swept, 1), 10.0 * static_cast<double>(r.weeks));
  EXPECT_LT(total(disorder, 1), 0.9 * total(disorder, 0));  // sweeping removes disorder
}

// The schedule is one table: a week calls the approaches' hooks in its order, only in the phases
// a module declares, and the context hook after the week's hours are granted.
TEST(ApproachModule, HooksRunInTheOrderOfTheSchedule) {
  register_straatvegers();
  register_notulist();
  std::string config = kConfig;
  config.replace(config.find("[\"straatvegers\"]"), 16, "[\"notulist\"]");
  const config::Experiment e = config::load(config, "test.toml", "test", {});
  Simulation sim(e.scenarios[1], e.settings, 0);
  Observer quiet;
  while (sim.next_week() < 0) sim.step(quiet);  // the burn-in: the approach starts in week 0
  minutes.clear();
  sim.step(quiet);
  std::vector<Phase> expected;
  for (const PhaseInfo& p : weekly_schedule())
    if (p.phase != Phase::Volunteers) expected.push_back(p.phase);
  ASSERT_EQ(minutes.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(minutes[i].first, expected[i]) << "hook " << i;
    EXPECT_EQ(minutes[i].second, 30.0) << "the hours are granted before the first hook";  // 20 per 1,000 x 1,500
  }
  EXPECT_EQ(weekly_schedule().front().hooks, HookAt::After);
}

// Every module's page is in its folder, where `doc` says.
TEST(ApproachModule, EveryBuiltInModuleHasItsPageInItsFolder) {
  for (const ApproachModule& m : approach_modules()) {
    if (m.name == "straatvegers" || m.name == "notulist") continue;  // this binary's own
    EXPECT_EQ(m.doc, "model/approaches/" + std::string(m.name) + "/README.md");
    EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::path(BUURTSIM_TEST_SOURCE_DIR) / m.doc)) << m.doc;
  }
}

}  // namespace
}  // namespace buurtsim
