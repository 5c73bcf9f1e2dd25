// buurtsim run [CONFIG.toml] [-o OUT.h5] [common options]
#include <tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <new>

#include "build_info.hpp"
#include "experiments/analysis/comparison.hpp"
#include "experiments/analysis/summary.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/cli/commands/memory_check.hpp"
#include "experiments/cli/commands/model_commands.hpp"
#include "experiments/cli/commands/progress.hpp"
#include "experiments/cli/commands/report_beside.hpp"
#include "experiments/cli/commands/run_text.hpp"
#include "experiments/io/hdf5/atomic_file.hpp"
#include "experiments/io/outcome_file.hpp"
#include "experiments/io/write_run.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/runner.hpp"
#include "experiments/runner/tasks.hpp"

namespace buurtsim::cli {
namespace {

// Runs every (scenario, replicate), spread over threads and MPI ranks; rank 0 writes the file
// and prints the tables. Returns the exit status.
int simulate_and_write(const config::Experiment& e, const std::string& output, const CommonOptions& common,
                       const std::string& command_line, std::optional<h5::AtomicOutput>& out) {
  const bool root = dist::is_root();
  const std::optional<tbb::global_control> threads = limit_threads(common);
  if (root && !common.quiet)
    std::fprintf(stderr, "buurtsim: %zu scenario(s) x %d replicate(s), %u residents, %d + %d weeks, %s\n",
                 e.scenarios.size(), e.replicates, e.scenarios.front().residents(), e.settings.burn_in_weeks,
                 e.settings.weeks, workers_text().c_str());
  run::RunResults results;
  run::RunTables tables;
  run::install_interrupt_handlers();
  std::optional<run::OutcomeFile> weekly;  // the weekly outcomes, written as the runs go
  try {
    if (root) {
      h5::Group file_root = out->file().root();
      weekly.emplace(file_root, e, static_cast<std::size_t>(e.replicates),
                     tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
      results.stream = &*weekly;
    }
    run::run_experiment(
        e, results,
        [&](const run::Progress& p) {
          if (!common.quiet)
            print_progress(p.done, p.total, 0, p.elapsed_seconds, p.unit.c_str(), p.last, p.share_done);
        },
        run::Spread::Ranks);
    if (!root) return kExitOk;
    tables = run::analyse_run(e, results, common.interval);
    const run::Provenance prov{build_info::kVersion, build_info::kRevision, run::utc_now(), command_line};
    write_run(out->file(), e, results, tables, prov);
    results.stream = nullptr;  // closed with the file below; what follows reads the tables only
    weekly.reset();
    if (std::count(results.complete.begin(), results.complete.end(), 1) < static_cast<std::ptrdiff_t>(e.runs())) {
      out->file().close();
      std::cerr << "buurtsim: interrupted; the finished runs are in " << out->partial_path().string()
                << " (/status/complete marks them); " << output << " was not touched\n";
      return kExitInterrupted;
    }
    if (!out->commit(run::interrupted)) {
      std::cerr << "buurtsim: interrupted before the point of no return; the complete results are in "
                << out->partial_path().string() << "; " << output << " was not touched\n";
      return kExitInterrupted;
    }
    signal_came_after_commit(output);
  } catch (const std::bad_alloc&) {
    std::cerr << "buurtsim: run failed: out of memory; fewer replicates (--replicates), weeks (--weeks) or "
                 "residents, or fewer threads (--threads), need less (`buurtsim check` estimates it)\n";
    weekly.reset();
    if (out) out->discard();
    return kExitFailure;
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: run failed: " << err.what() << "\n";
    weekly.reset();
    if (out) out->discard();
    return kExitFailure;
  }
  std::cout << uncertainty_text(e) << comparison_text(e, results, tables);
  if (!common.quiet) std::cout << cba_text(e, results, tables);
  std::cout << warnings_text(e, results, tables);
  std::cout << "results written to " << output << "\n";
  return kExitOk;
}

}  // namespace

int cmd_run(const std::vector<std::string>& args, const std::string& command_line) {
  CommonOptions common;
  std::string config_path, output;
  bool help = false;
  po::options_description desc(
      "buurtsim run [CONFIG.toml] [-o OUT.h5] [options]\n\n"
      "Simulates every scenario of CONFIG (default: the embedded compare.toml) with replicates\n"
      "and writes the results file (default: results/<config-stem>.h5).\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")("output,o", po::value<std::string>(&output),
                                                                         "results file (HDF5)")(
      "config", po::value<std::string>(&config_path), "configuration file (TOML)");
  add_common_options(desc, common);
  add_budget_options(desc, common);
  add_uncertainty_options(desc, common);
  po::positional_options_description pos;
  pos.add("config", 1);
  po::variables_map vm;
  if (!parse_args(args, desc, pos, vm)) return dist::agree(kExitUsage);
  const bool root = dist::is_root();  // under mpirun rank 0 alone prints and writes
  if (help) {
    if (root) std::cout << desc << "\n";
    return dist::agree(kExitOk);
  }

  config::Experiment e;
  try {
    check_common_options(common);
    e = load_experiment(config_path, common);
    draw_uncertainty(e);
  } catch (const config::ConfigError& err) {
    if (root) std::cerr << "buurtsim: " << err.what() << "\n";
    return dist::agree(kExitUsage);
  }
  const bool report = output.empty() && !common.no_report;  // docs/usage.md: without -o, a report beside
  const int status = model_commands(e.model).run(e, output, common, command_line);
  if (root && status == kExitOk && report && !run::interrupted()) write_report_beside(output);
  return dist::agree(status);
}

int run_neighbourhood_model(const config::Experiment& e, std::string& output, const CommonOptions& common,
                            const std::string& command_line) {
  const bool root = dist::is_root();
  if (!memory_fits(e, common, run::Weekly::streamed)) return kExitUsage;  // every rank decides alike, before any file
  std::optional<h5::AtomicOutput> out = root ? open_output(output, e, common) : std::optional<h5::AtomicOutput>{};
  if (dist::agree(root && !out ? kExitUsage : kExitOk) != kExitOk) return kExitUsage;
  return simulate_and_write(e, output, common, command_line, out);
}

}  // namespace buurtsim::cli
