// buurtsim run [CONFIG.toml] [-o OUT.h5] [common options]
#include <tbb/global_control.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "build_info.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/hdf5/atomic_file.hpp"
#include "experiments/run/epstein_run.hpp"
#include "experiments/run/interrupt.hpp"
#include "experiments/cba/write_cba.hpp"
#include "experiments/run/comparison.hpp"
#include "experiments/run/runner.hpp"
#include "experiments/run/summary.hpp"
#include "experiments/run/write_run.hpp"

namespace buurtsim::cli {
namespace {

void print_progress(const run::Progress& p, bool tty) {
  const double rate = p.elapsed_seconds / static_cast<double>(p.done);
  const double left = rate * static_cast<double>(p.total - p.done);
  if (tty) {
    const int width = 30;
    const auto filled = static_cast<int>(width * p.done / p.total);
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu runs, %.0f s elapsed, ~%.0f s left   ", filled,
                 "##############################", width - filled, "", p.done, p.total, p.elapsed_seconds, left);
    if (p.done == p.total) std::fprintf(stderr, "\n");
  } else {
    std::fprintf(stderr, "run %zu/%zu done (%s), %.1f s elapsed, ~%.0f s left\n", p.done, p.total, p.last.c_str(),
                 p.elapsed_seconds, left);
  }
  std::fflush(stderr);
}

}  // namespace

int cmd_run(const std::vector<std::string>& args, const std::string& command_line) {
  CommonOptions common;
  std::string config_path, output;
  bool help = false;
  po::options_description desc("buurtsim run [CONFIG.toml] [-o OUT.h5] [options]\n\n"
                               "Simulates every scenario of CONFIG (default: the embedded compare.toml) with replicates\n"
                               "and writes the results file (default: results/<config-stem>.h5).\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "output,o", po::value<std::string>(&output), "results file (HDF5)")(
      "config", po::value<std::string>(&config_path), "configuration file (TOML)");
  add_common_options(desc, common);
  po::positional_options_description pos;
  pos.add("config", 1);
  po::variables_map vm;
  if (!parse_args(args, desc, pos, vm)) return kExitUsage;
  if (help) {
    std::cout << desc << "\n";
    return kExitOk;
  }

  config::Experiment e;
  try {
    check_common_options(common);
    e = load_experiment(config_path, common);
  } catch (const config::ConfigError& err) {
    std::cerr << "buurtsim: " << err.what() << "\n";
    return kExitUsage;
  }
  if (e.model == "epstein2002") return run::run_epstein_command(e, output, common, command_line);
  std::optional<h5::AtomicOutput> out = open_output(output, e, common);
  if (!out) return kExitUsage;

  std::optional<tbb::global_control> threads;
  if (common.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(common.threads));
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (!common.quiet)
    std::fprintf(stderr, "buurtsim: %zu scenario(s) x %d replicate(s), %u residents, %d + %d weeks\n", e.scenarios.size(),
                 e.replicates, e.scenarios.front().residents(), e.settings.burn_in_weeks, e.settings.weeks);
  run::RunResults results;
  run::install_interrupt_handlers();
  try {
    run::run_experiment(e, results, [&](const run::Progress& p) {
      if (!common.quiet) print_progress(p, tty);
    });
    const run::Provenance prov{build_info::kVersion, build_info::kRevision, run::utc_now(), command_line};
    write_run(out->file(), e, results, prov, common.interval);
    if (run::interrupted()) {
      out->file().close();
      std::cerr << "buurtsim: interrupted; the finished runs are in " << out->partial_path().string()
                << " (/status/complete marks them); " << output << " was not touched\n";
      return kExitInterrupted;
    }
    out->commit();
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: run failed: " << err.what() << "\n";
    out->discard();
    return kExitFailure;
  }
  std::cout << run::comparison_table(e, results, common.interval);
  if (!common.quiet) std::cout << cba::cba_table(e, results, common.interval);
  std::cout << "results written to " << output << "\n";
  return kExitOk;
}

}  // namespace buurtsim::cli
