// The command line (experiments/cli): option parsing of the commands called in-process
// (experiments/cli/commands/commands.hpp) and the program's dispatch run as a process
// (BUURTSIM_TEST_BIN): exit status 2 with a message for unknown options, malformed --set and bad
// values, 0 with the usage for --help, and a tiny real run that writes its file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/model_commands.hpp"
#include "experiments/config/model_kind.hpp"

namespace buurtsim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

// What a command printed on stdout and stderr, and its exit status.
struct Captured {
  int status = -1;
  std::string out, err;
};

// Runs f() with std::cout and std::cerr captured.
template <class F>
Captured capture(F&& f) {
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  Captured c;
  try {
    c.status = f();
  } catch (...) {
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    throw;
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  c.out = out.str();
  c.err = err.str();
  return c;
}

Captured run_cmd(const std::vector<std::string>& args) {
  return capture([&] { return cli::cmd_run(args, "buurtsim run (test)"); });
}
Captured check_cmd(const std::vector<std::string>& args) {
  return capture([&] { return cli::cmd_check(args); });
}

// A scratch directory, removed afterwards.
class Scratch {
 public:
  Scratch() {
    static int count = 0;
    dir_ =
        fs::temp_directory_path() / ("buurtsim_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(count++));
    fs::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path file(const std::string& name, const std::string& text = "") const {
    const fs::path p = dir_ / name;
    if (!text.empty()) std::ofstream(p) << text;
    return p;
  }

 private:
  fs::path dir_;
};

const std::string kTiny =
    "weeks = 3\nburn_in_weeks = 2\nreplicates = 1\n[[neighbourhood]]\nname = \"A\"\nresidents = 300\n";

TEST(CliRun, UnknownOptionExitsTwoWithAMessage) {
  const Captured c = run_cmd({"--no-such-option"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("--no-such-option"));
  EXPECT_THAT(c.err, HasSubstr("(see --help)"));
  EXPECT_EQ(c.out, "");
}

TEST(CliRun, OptionWithoutItsValueExitsTwo) {
  const Captured c = run_cmd({"--replicates"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("replicates"));
}

TEST(CliRun, NonNumericValueExitsTwo) {
  const Captured c = run_cmd({"--seed", "many"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("seed"));
}

TEST(CliRun, HelpListsTheOptionsAndExitsZero) {
  const Captured c = run_cmd({"--help"});
  EXPECT_EQ(c.status, cli::kExitOk);
  EXPECT_THAT(c.out, HasSubstr("buurtsim run [CONFIG.toml] [-o OUT.h5]"));
  for (const char* option :
       {"--seed", "--replicates", "--weeks", "--threads", "--set", "--interval", "--quiet", "--no-report", "--output"})
    EXPECT_THAT(c.out, HasSubstr(option)) << option;
  EXPECT_EQ(c.err, "");
}

TEST(CliRun, BadThreadsAndIntervalExitTwoBeforeAnyFile) {
  Scratch s;
  const fs::path config = s.file("tiny.toml", kTiny), out = s.file("out.h5");
  Captured c = run_cmd({config.string(), "-o", out.string(), "--threads", "-1"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("--threads: expected a whole number from 0 to 1024"));
  c = run_cmd({config.string(), "-o", out.string(), "--interval", "100"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("--interval: expected a percentage between 0 and 100"));
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

TEST(CliSet, MalformedSetExitsTwoWithTheExpectedForm) {
  Scratch s;
  const std::string config = s.file("tiny.toml", kTiny).string();
  Captured c = check_cmd({config, "--set", "fear.offset"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("--set fear.offset: expected KEY=VALUE"));
  c = check_cmd({config, "--set", "=1"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("expected KEY=VALUE"));
  c = check_cmd({config, "--set", "scenario.offset=1"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("expected scenario.NAME.KEY=VALUE"));
  c = check_cmd({config, "--set", "model=epstein2002"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("the model is the file's"));
}

TEST(CliSet, UnknownParameterAndOutOfRangeValueExitTwoNamingThem) {
  Scratch s;
  const std::string config = s.file("tiny.toml", kTiny).string();
  Captured c = check_cmd({config, "--set", "fear.no_such_parameter=1"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("fear.no_such_parameter"));
  c = check_cmd({config, "--set", "survey.response_rate=7"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("survey.response_rate"));
  c = check_cmd({config, "--set", "scenario.nobody.fear.offset=-1"});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("no scenario is named \"nobody\""));
}

TEST(CliSet, AValidSetReachesTheResolvedConfiguration) {
  Scratch s;
  const std::string config = s.file("tiny.toml", kTiny).string();
  const Captured c = check_cmd({config, "--set", "fear.offset=-0.625", "--weeks", "5"});
  ASSERT_EQ(c.status, cli::kExitOk) << c.err;
  EXPECT_THAT(c.out, HasSubstr("offset = -0.625"));
  EXPECT_THAT(c.out, HasSubstr("weeks = 5"));
}

TEST(CliCheck, NoConfigExitsTwo) {
  const Captured c = check_cmd({});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("expected a CONFIG.toml"));
}

// Every model a configuration may name is run and described by the commands.
TEST(CliModels, EveryRegisteredModelHasCommands) {
  for (const config::ModelKind* m : config::model_kinds()) {
    SCOPED_TRACE(std::string(m->name));
    const cli::ModelCommands& c = cli::model_commands(m->name);
    EXPECT_EQ(c.model, m->name);
    EXPECT_NE(c.run, nullptr);
    EXPECT_NE(c.agents, nullptr);
    EXPECT_GT(c.agent_weeks_per_core_second, 0);
  }
  EXPECT_THROW(cli::model_commands("no_such_model"), std::logic_error);
}

TEST(CliCheck, EachModelDescribesItself) {
  Scratch s;
  Captured c = check_cmd({s.file("tiny.toml", kTiny).string()});
  EXPECT_EQ(c.status, cli::kExitOk) << c.err;
  EXPECT_THAT(c.out, HasSubstr("# Weekly schedule"));
  EXPECT_THAT(c.out, HasSubstr("1 run(s) of 2 + 3 weeks"));
  c = check_cmd({s.file("epstein.toml", "model = \"epstein2002\"\nweeks = 5\n").string()});
  EXPECT_EQ(c.status, cli::kExitOk) << c.err;
  EXPECT_THAT(c.out, Not(HasSubstr("# Weekly schedule")));
  EXPECT_THAT(c.out, HasSubstr("1 run(s) of 0 + 5 weeks"));
}

TEST(CliCheck, ABrokenSweepTableFailsAtLoad) {
  Scratch s;
  const Captured c = check_cmd({s.file("bad.toml", kTiny + "[sweep]\ndesign = \"sobol\"\n").string()});
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("bad.toml:8: 'sweep.design'"));
  EXPECT_EQ(c.out, "");  // nothing is printed of a configuration that does not load
}

TEST(CliParams, UnknownFormatExitsTwo) {
  const Captured c = capture([] { return cli::cmd_params({"--format", "xml"}); });
  EXPECT_EQ(c.status, cli::kExitUsage);
  EXPECT_THAT(c.err, HasSubstr("expected text, markdown or csv, got \"xml\""));
  EXPECT_EQ(c.out, "");
}

TEST(CliRun, ATinyRunWritesItsFileAndNoPartial) {
  Scratch s;
  const fs::path config = s.file("tiny.toml", kTiny), out = s.file("tiny.h5");
  const Captured c = run_cmd({config.string(), "-o", out.string(), "--quiet", "--threads", "1"});
  ASSERT_EQ(c.status, cli::kExitOk) << c.err;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
  EXPECT_THAT(c.out, HasSubstr("results written to " + out.string()));
  EXPECT_THAT(c.err, Not(HasSubstr("note:")));  // --quiet
}

// --- the program's own dispatch, as a process ---------------------------------------------------

// Runs the program with `args`; returns its exit status and what it printed (stdout + stderr).
Captured program(const std::string& args) {
  Scratch s;
  const fs::path log = s.file("log.txt");
  const std::string cmd = std::string("'") + BUURTSIM_TEST_BIN + "' " + args + " > '" + log.string() + "' 2>&1";
  const int raw = std::system(cmd.c_str());
  Captured c;
  c.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(log);
  c.out.assign(std::istreambuf_iterator<char>(in), {});
  return c;
}

TEST(CliProgram, UnknownCommandExitsTwoNamingIt) {
  const Captured c = program("frobnicate");
  EXPECT_EQ(c.status, 2);
  EXPECT_THAT(c.out, HasSubstr("unknown command 'frobnicate'"));
}

TEST(CliProgram, NoArgumentsPrintsUsageAndExitsTwo) {
  const Captured c = program("");
  EXPECT_EQ(c.status, 2);
  EXPECT_THAT(c.out, HasSubstr("Usage:"));
}

TEST(CliProgram, HelpAndVersionExitZero) {
  Captured c = program("--help");
  EXPECT_EQ(c.status, 0);
  EXPECT_THAT(c.out, HasSubstr("buurtsim sweep"));
  EXPECT_THAT(c.out, HasSubstr("Exit status: 0 success, 1 failure while running, 2 bad usage or input, 130"));
  c = program("--version");
  EXPECT_EQ(c.status, 0);
  EXPECT_THAT(c.out, HasSubstr("buurtsim 0."));
}

TEST(CliProgram, UnknownOptionOfACommandExitsTwo) {
  const Captured c = program("sweep --frobnicate");
  EXPECT_EQ(c.status, 2);
  EXPECT_THAT(c.out, HasSubstr("--frobnicate"));
}

}  // namespace
}  // namespace buurtsim
