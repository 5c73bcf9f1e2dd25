#include "experiments/cli/commands/common.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <thread>

#include "build_info.hpp"
#include "experiments/analysis/parameter_draws.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/read_posterior.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/tasks.hpp"

namespace buurtsim::cli {

void add_common_options(po::options_description& desc, CommonOptions& o) {
  desc.add_options()("seed", po::value<std::uint64_t>()->notifier([&](std::uint64_t v) { o.seed = v; }),
                     "random seed (default: the config's, else 1)")(
      "replicates", po::value<int>()->notifier([&](int v) { o.replicates = v; }), "replicates per scenario")(
      "weeks", po::value<int>()->notifier([&](int v) { o.weeks = v; }), "recorded weeks after the burn-in")(
      "threads", po::value<int>(&o.threads)->default_value(0), "worker threads (0: all cores); never changes a result")(
      "set", po::value<std::vector<std::string>>(&o.sets)->composing(),
      "KEY=VALUE: a parameter or any other key of the configuration, such as sweep.samples=4 (repeatable; "
      "scenario.NAME.KEY=VALUE for one scenario, neighbourhood.NAME.KEY=VALUE for one neighbourhood)")(
      "scenario", po::value<std::vector<std::string>>(&o.scenarios)->composing(),
      "NAME: run only this scenario of the configuration (repeatable; the baseline stays as the counterfactual "
      "of any approach scenario)")("interval", po::value<double>(&o.interval)->default_value(90),
                                   "interval level in percent of printed and stored intervals")(
      "quiet", po::bool_switch(&o.quiet), "no progress or notes on stderr")(
      "no-report", po::bool_switch(&o.no_report), "without -o: no HTML report beside the results file")(
      "force", po::bool_switch(&o.force), "replace the results file even when it is read-only");
}

void add_budget_options(po::options_description& desc, CommonOptions& o) {
  desc.add_options()("budget", po::value<std::string>()->notifier([&](const std::string& v) { o.budget_basis = v; }),
                     "as_configured, equal_cost or equal_hours: every approach scenario at the same planned budget "
                     "(replaces [budget] basis)")(
      "cost-per-year", po::value<double>()->notifier([&](double v) { o.cost_per_year = v; }),
      "EUR: every approach scenario's hour levers scaled to this planned cost a year (implies --budget equal_cost)")(
      "hours-per-year", po::value<double>()->notifier([&](double v) { o.hours_per_year = v; }),
      "every approach scenario's hour levers scaled to this many hours a year (implies --budget equal_hours)")(
      "funding", po::value<std::string>()->notifier([&](const std::string& v) { o.funding = v; }),
      "as_configured, additional or redeployed: every approach's funding mode (replaces [budget] funding)");
}

void check_common_options(const CommonOptions& o) {
  if (o.threads < 0 || o.threads > 1024) throw config::ConfigError("--threads: expected a whole number from 0 to 1024");
  if (!(o.interval > 0 && o.interval < 100))
    throw config::ConfigError("--interval: expected a percentage between 0 and 100, for example 90");
}

std::optional<tbb::global_control> limit_threads(const CommonOptions& o) {
  std::size_t threads = static_cast<std::size_t>(o.threads);
  if (threads == 0 && dist::ranks_here() > 1)
    threads =
        std::max<std::size_t>(1, std::thread::hardware_concurrency() / static_cast<std::size_t>(dist::ranks_here()));
  if (threads == 0) return std::nullopt;
  return std::optional<tbb::global_control>(std::in_place, tbb::global_control::max_allowed_parallelism, threads);
}

std::string workers_text() {
  const std::size_t t = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  std::string threads = std::to_string(t) + (t == 1 ? " thread" : " threads");
  if (dist::size() == 1) return threads;
  return std::to_string(dist::size()) + " ranks (" + std::to_string(dist::ranks_here()) + " on this machine, " +
         threads + " each)";
}

config::Overrides overrides_of(const CommonOptions& o) {
  return {o.seed,          o.replicates,     o.weeks,       o.sets,      o.budget_basis, o.funding,
          o.cost_per_year, o.hours_per_year, o.uncertainty, o.posterior, o.scenarios};
}

void add_uncertainty_options(po::options_description& desc, CommonOptions& o) {
  desc.add_options()("uncertainty",
                     po::value<std::string>()->notifier([&](const std::string& v) { o.uncertainty = v; }),
                     "parameter uncertainty: declared (each replicate draws every parameter that is not fixed, the "
                     "same draw in every scenario) or none (default: the config's [uncertainty])")(
      "posterior", po::value<std::string>()->notifier([&](const std::string& v) { o.posterior = v; }),
      "a calibration results file: each replicate draws the calibrated parameters from its posterior");
}

void draw_uncertainty(config::Experiment& e, std::span<const std::string> held) {
  std::optional<uncertainty::Posterior> posterior;
  if (!e.uncertainty.posterior.empty()) posterior = uncertainty::read_posterior(e.uncertainty.posterior);
  uncertainty::draw(e, posterior ? &*posterior : nullptr, held);
}

config::Experiment load_experiment(const std::string& path, const CommonOptions& o) {
  if (path.empty()) {
    return config::load(build_info::kEmbeddedConfig,
                        std::string("embedded ") + build_info::kEmbeddedConfigName + ".toml",
                        build_info::kEmbeddedConfigName, overrides_of(o));
  }
  return config::load_file(path, overrides_of(o));
}

std::string output_name(const std::string& output, const config::Experiment& e) {
  return output.empty() ? "results/" + e.stem + ".h5" : output;
}

std::optional<h5::AtomicOutput> open_output(std::string& output, const config::Experiment& e, const CommonOptions& o) {
  const bool named = !output.empty();
  output = output_name(output, e);
  if (std::filesystem::is_directory(output)) {
    std::cerr << "buurtsim: -o " << output << ": is a directory; expected the name of the results file, for example "
              << output << "/" << e.stem << ".h5\n";
    return std::nullopt;
  }
  if (!o.quiet)
    for (const auto& note : e.notes) std::cerr << "note: " << note << "\n";
  try {
    files::check_output_target(output, o.force);
    std::error_code ec;
    if (!named && std::filesystem::is_regular_file(output, ec))  // said even under --quiet
      std::cerr << "buurtsim: " << output << " exists and is replaced when this command finishes "
                << "(name another file with -o to keep it)\n";
    return std::optional<h5::AtomicOutput>(std::in_place, output, h5::AtomicOutput::Start::fresh, o.force);
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: cannot write the results file: " << err.what() << "\n";
    return std::nullopt;
  }
}

bool journal_allows_start(const std::string& output, bool resume, bool restart, const std::string& command) {
  if (resume && restart) {
    std::cerr << "buurtsim " << command << ": --resume and --restart exclude each other (see --help)\n";
    return false;
  }
  const std::string journal = output + ".journal";
  std::error_code ec;
  if (resume || restart || !std::filesystem::exists(std::filesystem::symlink_status(journal, ec))) return true;
  // Another buurtsim at work on this output holds it: opening the output says so.
  if (files::locked_by_another(journal)) return true;
  std::cerr << "buurtsim: " << journal << " holds the finished work of an interrupted " << command << " of " << output
            << "; continue it with --resume, or discard it and start over with --restart\n";
  return false;
}

bool signal_came_after_commit(const std::string& output) {
  if (!run::interrupted()) return false;
  std::cerr << "buurtsim: a signal came after the point of no return; the write was completed and " << output
            << " is complete\n";
  return true;
}

bool parse_args(const std::vector<std::string>& args, const po::options_description& desc,
                const po::positional_options_description& positional, po::variables_map& vm) {
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "buurtsim: " << e.what() << " (see --help)\n";
    return false;
  }
  return true;
}

}  // namespace buurtsim::cli
