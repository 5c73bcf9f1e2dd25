#pragma once
// Options shared by run, sweep and calibrate, and the loading of the configuration they name.
#include <tbb/global_control.h>

#include <boost/program_options.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/io/hdf5/atomic_file.hpp"

namespace buurtsim::cli {

namespace po = boost::program_options;

struct CommonOptions {
  std::optional<std::uint64_t> seed;
  std::optional<int> replicates, weeks;
  int threads = 0;  // 0: all cores
  std::vector<std::string> sets;
  std::vector<std::string> scenarios;  // --scenario NAME (repeatable)
  double interval = 90;
  bool quiet = false;
  bool no_report = false;  // --no-report: no HTML report beside a results file written without -o
  bool force = false;      // --force: replace a results file even when it is read-only
  // --budget, --cost-per-year, --hours-per-year, --funding (run, sweep, check): replace [budget]'s keys.
  std::optional<std::string> budget_basis, funding;
  std::optional<double> cost_per_year, hours_per_year;
  std::optional<std::string> uncertainty, posterior;  // run and sweep: --uncertainty, --posterior
  bool resume = false, restart = false;               // run: --resume, --restart (its own options)
};

// Adds --seed, --replicates, --weeks, --threads, --set, --scenario, --interval, --quiet, --no-report.
void add_common_options(po::options_description& desc, CommonOptions& o);
// Adds --budget, --cost-per-year, --hours-per-year and --funding (like-for-like budgets).
void add_budget_options(po::options_description& desc, CommonOptions& o);
// Checks the values of the common options; throws config::ConfigError with the message.
void check_common_options(const CommonOptions& o);
config::Overrides overrides_of(const CommonOptions& o);
// Adds --uncertainty and --posterior (run and sweep).
void add_uncertainty_options(po::options_description& desc, CommonOptions& o);
// Makes the parameter draws of e's uncertainty mode (reading its posterior, if any); `held`:
// the parameters the command varies itself. Throws config::ConfigError.
void draw_uncertainty(config::Experiment& e, std::span<const std::string> held = {});
// The worker threads of this process while the returned object lives: --threads, or by default
// the machine's cores shared among the MPI ranks on it (so ranks on one machine do not
// oversubscribe its cores). Never changes a result.
std::optional<tbb::global_control> limit_threads(const CommonOptions& o);
// The workers, for a command's first line on stderr, while limit_threads()'s object lives:
// "2 threads", or under MPI "2 ranks (2 on this machine, 1 thread each)" (rank 0's machine).
std::string workers_text();
// Loads CONFIG, or the embedded default when `path` is empty.
config::Experiment load_experiment(const std::string& path, const CommonOptions& o);
// The results file's name: `output`, or results/<config-stem>.h5 when it is empty.
std::string output_name(const std::string& output, const config::Experiment& e);
// The results file of a command: `output` defaults to results/<config-stem>.h5; a directory,
// FIFO or device is refused, and so is a read-only results file without --force; a results file
// that exists under the default name is replaced only with a line saying so (docs/reliability.md).
// OUT.h5.partial is created before any work so that a bad path fails at once (OUT.h5 itself is
// replaced only on commit). Prints the config's notes unless quiet. On failure prints the reason
// and returns nothing (the caller exits 2).
std::optional<h5::AtomicOutput> open_output(std::string& output, const config::Experiment& e, const CommonOptions& o);
// run, sweep and calibrate: the journal of an interrupted command (OUT.h5.journal) is never dropped
// silently. When it exists, starting needs --resume (continue it) or --restart (discard it);
// otherwise prints why and returns false (the caller exits 2). Both at once are refused too.
bool journal_allows_start(const std::string& output, bool resume, bool restart, const std::string& command);
// The time of no return of a command's results file: after a commit, says so on stderr when a
// signal came too late to stop the write (the file is complete). True when one came.
bool signal_came_after_commit(const std::string& output);
// Parses argv-style args; prints usage errors; returns false when the caller should exit 2.
bool parse_args(const std::vector<std::string>& args, const po::options_description& desc,
                const po::positional_options_description& positional, po::variables_map& vm);

}  // namespace buurtsim::cli
