// buurtsim run [CONFIG.toml] [-o OUT.h5] [--resume | --restart] [common options]
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
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/outcome_file.hpp"
#include "experiments/io/write_run.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/run_journal.hpp"
#include "experiments/runner/runner.hpp"
#include "experiments/runner/tasks.hpp"

namespace buurtsim::cli {
namespace {

// Rank 0: the weekly outcomes' datasets in the open file and the journal beside it, new or
// (--resume) replayed into `results`. Returns the exit status: 2 for a journal that cannot be
// resumed (the message says why), 1 for a failure.
int open_journal(const config::Experiment& e, const std::string& output, const CommonOptions& common,
                 h5::AtomicOutput& out, run::RunResults& results, std::optional<run::OutcomeFile>& weekly,
                 std::unique_ptr<run::RunJournal>& journal) {
  // What the records belong to: the program, the shape of its records (a build with other
  // outcomes or items), the configuration and the posterior drawn from (its bytes).
  const std::string identity = std::string("buurtsim ") + build_info::kVersion + " (" + build_info::kRevision +
                               ")\nrecords: " + std::to_string(outcome_count()) + " outcomes, " +
                               std::to_string(kItems) + " items\nposterior: " + e.uncertainty.posterior_checksum +
                               "\n" + e.resolved_toml;
  const std::filesystem::path path = output + ".journal";
  int status = kExitUsage;  // unless the catch below says otherwise: a journal that cannot be used
  try {
    h5::Group file_root = out.file().root();
    weekly.emplace(file_root, e, static_cast<std::size_t>(e.replicates),
                   tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
    results.stream = &*weekly;
    if (common.resume && std::filesystem::exists(path)) {
      journal = run::RunJournal::resume(path, identity, e, results);
      if (!common.quiet) {
        std::cerr << "buurtsim: resuming: " << journal->finished_before_count() << " of " << e.runs() * e.worlds()
                  << (e.worlds() > 1 ? " worlds" : " runs") << " finished before\n";
        if (journal->dropped() > 0)
          std::cerr << "buurtsim: " << path.string() << ": " << journal->dropped()
                    << " record(s) did not fit this configuration; their worlds run again\n";
      }
    } else {
      if (common.resume && !common.quiet)
        std::cerr << "note: nothing to resume (no " << path.string() << "); starting from the beginning\n";
      journal = run::RunJournal::create(path, identity, e);
    }
    return kExitOk;
  } catch (const dist::JournalMismatch& err) {
    std::cerr << "buurtsim: cannot resume: " << err.what() << " was written by another configuration or program "
              << "version; start over with --restart (that discards its finished runs)\n";
  } catch (const dist::JournalDamaged& err) {
    std::cerr << "buurtsim: cannot resume: " << err.what() << "; start over with --restart (that discards it)\n";
  } catch (const files::Refused& err) {  // the journal's place holds a link or another's file
    std::cerr << "buurtsim: cannot start the run: " << err.what() << "\n";
  } catch (const std::exception& err) {  // a failed read or write: not the input's fault
    std::cerr << "buurtsim: cannot start the run: " << err.what() << "\n";
    status = kExitFailure;
  }
  results.stream = nullptr;
  weekly.reset();
  out.discard();
  return status;
}

// Runs every (scenario, replicate), spread over threads and MPI ranks; rank 0 writes the file,
// keeps the journal and prints the tables. Returns the exit status.
int simulate_and_write(const config::Experiment& e, const std::string& output, const CommonOptions& common,
                       const std::string& command_line, std::optional<h5::AtomicOutput>& out) {
  const bool root = dist::is_root();
  const std::optional<tbb::global_control> threads = limit_threads(common);
  run::RunResults results;
  run::RunTables tables;
  std::optional<run::OutcomeFile> weekly;  // the weekly outcomes, written as the runs go
  std::unique_ptr<run::RunJournal> journal;
  if (const int status = dist::agree(root ? open_journal(e, output, common, *out, results, weekly, journal) : kExitOk);
      status != kExitOk)
    return status;
  if (root && !common.quiet)
    std::fprintf(stderr, "buurtsim: %zu scenario(s) x %d replicate(s), %u residents, %d + %d weeks, %s\n",
                 e.scenarios.size(), e.replicates, e.scenarios.front().residents(), e.settings.burn_in_weeks,
                 e.settings.weeks, workers_text().c_str());
  run::install_interrupt_handlers();
  const std::string journal_name = output + ".journal";
  try {
    run::run_experiment(
        e, results,
        [&](const run::Progress& p) {
          if (!common.quiet)
            print_progress(p.done, p.total, p.before, p.elapsed_seconds, p.unit.c_str(), p.last, p.share_done,
                           p.share_before);
        },
        run::Spread::Ranks, journal.get());
    if (!root) return kExitOk;
    tables = run::analyse_run(e, results, common.interval);
    const run::Provenance prov{build_info::kVersion, build_info::kRevision, run::utc_now(), command_line};
    write_run(out->file(), e, results, tables, prov);
    results.stream = nullptr;  // closed with the file below; what follows reads the tables only
    weekly.reset();
    if (std::count(results.complete.begin(), results.complete.end(), 1) < static_cast<std::ptrdiff_t>(e.runs())) {
      out->file().close();
      std::cerr << "buurtsim: interrupted; the finished runs are in " << out->partial_path().string()
                << " (/status/complete marks them); ";
      if (journal->finished_count() > 0)
        std::cerr << "continue with --resume (" << journal_name << " keeps every finished "
                  << (e.worlds() > 1 ? "world" : "run") << "); ";
      else
        journal->remove();  // nothing to resume
      std::cerr << output << " was not touched\n";
      return kExitInterrupted;
    }
    if (!out->commit(run::interrupted)) {
      std::cerr << "buurtsim: interrupted before the point of no return; the complete results are in "
                << out->partial_path().string() << " and " << journal_name << "; finish with --resume; " << output
                << " was not touched\n";
      return kExitInterrupted;
    }
    if (!journal->remove())
      std::cerr << "buurtsim: note: " << journal_name << " could not be removed; the run is complete, delete it\n";
    signal_came_after_commit(output);
  } catch (const std::exception& err) {
    if (dynamic_cast<const std::bad_alloc*>(&err))
      std::cerr << "buurtsim: run failed: out of memory; fewer replicates (--replicates), weeks (--weeks) or "
                   "residents, or fewer threads (--threads), need less (`buurtsim check` estimates it)\n";
    else
      std::cerr << "buurtsim: run failed: " << err.what() << "\n";
    results.stream = nullptr;
    weekly.reset();
    if (out) out->discard();
    if (journal && journal->finished_count() == 0)
      journal->remove();  // it holds nothing to resume
    else if (journal)
      std::cerr << "buurtsim: the finished " << (e.worlds() > 1 ? "worlds" : "runs") << " are kept in " << journal_name
                << "; once the cause is removed, --resume continues the run\n";
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
      "buurtsim run [CONFIG.toml] [-o OUT.h5] [--resume | --restart] [options]\n\n"
      "Simulates every scenario of CONFIG (default: the embedded compare.toml) with replicates\n"
      "and writes the results file (default: results/<config-stem>.h5).\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")("output,o", po::value<std::string>(&output),
                                                                         "results file (HDF5)")(
      "resume", po::bool_switch(&common.resume),
      "continue an interrupted run of the same configuration and version from OUT.h5.journal")(
      "restart", po::bool_switch(&common.restart), "discard the journal of an interrupted run and start over")(
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
  const ModelCommands& model = model_commands(e.model);
  if (root && (common.resume || common.restart) && model.run != run_neighbourhood_model && !common.quiet)
    std::cerr << "note: --resume and --restart apply to runs of the neighbourhood model; this one starts over\n";
  const int status = model.run(e, output, common, command_line);
  if (root && status == kExitOk && report && !run::interrupted()) write_report_beside(output);
  return dist::agree(status);
}

int run_neighbourhood_model(const config::Experiment& e, std::string& output, const CommonOptions& common,
                            const std::string& command_line) {
  const bool root = dist::is_root();
  if (!memory_fits(e, common, run::Weekly::streamed)) return kExitUsage;  // every rank decides alike, before any file
  const bool may_start = !root || journal_allows_start(output_name(output, e), common.resume, common.restart, "run");
  std::optional<h5::AtomicOutput> out =
      root && may_start ? open_output(output, e, common) : std::optional<h5::AtomicOutput>{};
  if (dist::agree(root && !out ? kExitUsage : kExitOk) != kExitOk) return kExitUsage;
  return simulate_and_write(e, output, common, command_line, out);
}

}  // namespace buurtsim::cli
