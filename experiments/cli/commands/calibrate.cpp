// buurtsim calibrate CONFIG.toml --data OBSERVED.csv [-o OUT.h5] [--resume] [common options]
#include <tbb/global_control.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "build_info.hpp"
#include "experiments/cli/commands/calibrate_emulator.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/cli/commands/report_beside.hpp"
#include "experiments/config/calibration_section.hpp"
#include "experiments/io/calibration_journal.hpp"
#include "experiments/io/observed_csv.hpp"
#include "experiments/io/write_calibration.hpp"
#include "experiments/runner/calibration_estimate.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/tasks.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::cli {
namespace {

namespace cal = calibration;

std::string fmt(double v, int precision = 3) {
  std::ostringstream o;
  o.precision(precision);
  o << v;
  return o.str();
}

int test_stop_after() {
  const char* v = std::getenv("BUURTSIM_TEST_STOP_AFTER_GENERATIONS");
  return v ? std::atoi(v) : 0;
}

}  // namespace

int cmd_calibrate(const std::vector<std::string>& args, const std::string& command_line) {
  const auto started = std::chrono::steady_clock::now();
  CommonOptions common;
  std::string config_path, output, data_path;
  bool help = false, resume = false, restart = false;
  po::options_description desc(
      "buurtsim calibrate CONFIG.toml --data OBSERVED.csv [-o OUT.h5] [--resume | --restart] [options]\n\n"
      "Estimates the parameters named in CONFIG's [calibration] table from observed survey figures\n"
      "(ABC-SMC or the emulator, [calibration] method; docs/calibration.md) and writes the calibration file (default: "
      "results/<config-stem>.h5).\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "data", po::value<std::string>(&data_path),
      "observed data (CSV: neighbourhood,period,indicator,value,n[,se][,source])")(
      "output,o", po::value<std::string>(&output), "results file (HDF5)")(
      "resume", po::bool_switch(&resume), "continue an interrupted calibration from OUT.h5.journal")(
      "restart", po::bool_switch(&restart), "discard OUT.h5.journal of an interrupted calibration and start over")(
      "config", po::value<std::string>(&config_path), "configuration file (TOML)");
  add_common_options(desc, common);
  po::positional_options_description pos;
  pos.add("config", 1);
  po::variables_map vm;
  const bool root = dist::is_root();
  if (!parse_args(args, desc, pos, vm)) return dist::agree(kExitUsage);
  if (help) {
    if (root) std::cout << desc << "\n";
    return dist::agree(kExitOk);
  }
  auto usage = [&](const std::string& message) {
    if (root) std::cerr << "buurtsim: " << message << "\n";
    return dist::agree(kExitUsage);
  };
  if (config_path.empty()) return usage("calibrate needs a configuration file with a [calibration] table (see --help)");
  if (data_path.empty()) return usage("calibrate needs --data OBSERVED.csv (see --help)");

  // Everything is checked on every rank before any work.
  cal::Calibration c;
  int status = kExitOk;
  try {
    check_common_options(common);
    config::Experiment e = load_experiment(config_path, common);
    (void)cal::settings_of(e);  // a [calibration] table is needed before the data is read
    cal::ObservedData data = cal::load_observed(data_path);
    c = cal::prepare(std::move(e), std::move(data));
  } catch (const std::exception& err) {  // config::ConfigError, cal::DataError
    if (root) std::cerr << "buurtsim: " << err.what() << "\n";
    status = kExitUsage;
  }
  if ((status = dist::agree(status)) != kExitOk) return status;
  if (c.settings.method == cal::Method::Emulator) {
    if (resume && root && !common.quiet)
      std::cerr << "note: --resume applies to ABC-SMC; an emulator calibration starts again\n";
    return calibrate_by_emulator(c, output, common, command_line, started);
  }

  // Rank 0 opens the output and the journal (and reads it when resuming).
  const bool report = output.empty() && !common.no_report;  // docs/usage.md: without -o, a report beside
  const bool may_start =
      !root || journal_allows_start(output_name(output, c.experiment), resume, restart, "calibration");
  std::optional<h5::AtomicOutput> out =
      root && may_start ? open_output(output, c.experiment, common) : std::optional<h5::AtomicOutput>{};
  std::optional<cal::Journal> journal;
  std::vector<cal::Generation> finished;
  const cal::Identity identity{std::string(build_info::kVersion) + " (" + build_info::kRevision + ")",
                               cal::fnv1a64(c.experiment.resolved_toml), cal::fnv1a64(c.data.text)};
  if (root) {
    if (!out) status = kExitUsage;
    if (out && !common.quiet) {
      for (const auto& note : c.settings.notes) std::cerr << "note: " << note << "\n";
      for (const auto& note : c.problem.notes) std::cerr << "note: " << note << "\n";
    }
    const std::filesystem::path journal_path = output + ".journal";
    try {
      if (out && resume && std::filesystem::exists(journal_path)) {
        journal.emplace(cal::Journal::resume(journal_path, identity, finished));
        if (!common.quiet)
          std::cerr << "buurtsim: resuming after " << finished.size() << " finished generation(s) from "
                    << journal_path.string() << "\n";
      } else if (out) {
        if (resume && !common.quiet)
          std::cerr << "note: --resume: no " << journal_path.string() << "; starting from scratch\n";
        journal.emplace(cal::Journal::create(journal_path, identity));
      }
    } catch (const cal::JournalMismatch& m) {
      const cal::Identity& was = m.stored();
      std::string differs;
      if (was.version != identity.version)
        differs = "the program version (" + was.version + ", now " + identity.version + ")";
      else if (was.config_hash != identity.config_hash)
        differs = "the resolved configuration (the file, --set, --seed or --weeks)";
      else
        differs = "the data file " + c.data.path;
      std::cerr << "buurtsim: --resume: " << differs << " differs from the interrupted calibration in "
                << journal_path.string() << "; start again with --restart (that discards its finished generations)\n";
      out->discard();
      out.reset();
      status = kExitUsage;
    } catch (const std::exception& err) {
      std::cerr << "buurtsim: cannot use the calibration journal: " << err.what()
                << "; rerun without --resume to start again\n";
      if (out) out->discard();
      out.reset();
      status = kExitUsage;
    }
  }
  if ((status = dist::agree(status)) != kExitOk) return status;
  std::vector<double> packed = root ? cal::pack(finished) : std::vector<double>{};
  dist::broadcast(packed);
  finished = cal::unpack(packed);

  const std::optional<tbb::global_control> threads = limit_threads(common);
  run::install_interrupt_handlers();
  const bool quiet = common.quiet || !root;
  if (!quiet) {
    std::fprintf(stderr,
                 "buurtsim: calibrating %zu parameter(s) to %zu observation(s): %zu particles, at most %d generations, "
                 "%u residents, %d + %d weeks per simulation, %s\n",
                 c.settings.parameters.size(), c.problem.targets.size(), c.settings.particles, c.settings.generations,
                 c.experiment.scenarios[c.settings.scenario].residents(), c.experiment.settings.burn_in_weeks,
                 c.problem.weeks, workers_text().c_str());
  }
  const int stop_after = test_stop_after();
  double simulation_seconds = 0;
  cal::Result result;
  std::optional<cal::Predictive> pred;
  try {
    result = cal::estimate(
        c, std::move(finished),
        [&](const cal::Generation& g) {
          if (root) {
            journal->append(g);
            if (!quiet)
              std::fprintf(stderr,
                           "generation %d: tolerance %.4g, acceptance rate %.3f (%zu proposals, %zu invalid), ESS "
                           "%.1f, %.1f s\n",
                           g.index, g.tolerance, g.acceptance_rate, g.proposals, g.invalid, g.ess, g.seconds);
          }
          return !(stop_after > 0 && g.index + 1 >= stop_after);
        },
        [&](int g, std::size_t evaluated, std::size_t accepted, double tolerance) {
          if (!quiet)
            std::fprintf(
                stderr,
                "  generation %d: %zu proposals evaluated, %zu of %zu accepted (tolerance %.4g), %.0f s elapsed\n", g,
                evaluated, accepted, c.settings.particles, tolerance,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        },
        &simulation_seconds);
    if (result.generations.empty() && result.stop != cal::Stop::Interrupted)
      throw std::runtime_error("no generation finished: every proposal of the prior sample was invalid");
    if (result.stop != cal::Stop::Interrupted) {
      if (!quiet)
        std::fprintf(stderr, "posterior predictive check: %zu simulations\n",
                     static_cast<std::size_t>(result.generations.back().theta.rows()));
      pred = cal::predictive(c, result.generations.back(), common.interval, &simulation_seconds);
      if (!pred) result.stop = cal::Stop::Interrupted;
    }
  } catch (const std::exception& err) {
    if (root) {
      std::cerr << "buurtsim: calibration failed: " << err.what() << "\n";
      out->discard();
    }
    return dist::agree(kExitFailure);
  }
  if (!root) return dist::agree(result.stop == cal::Stop::Interrupted ? kExitInterrupted : kExitOk);

  cal::Timing timing;
  timing.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  timing.simulation_seconds = simulation_seconds;
  timing.threads = common.threads;
  timing.ranks = dist::size();
  const run::Provenance prov{build_info::kVersion, build_info::kRevision, run::utc_now(), command_line};
  std::optional<cal::Summary> summary;  // computed once: written and printed
  if (!result.generations.empty()) summary = cal::summarise(c.prior, result.generations.back(), common.interval);
  try {
    cal::write_calibration(out->file(), c, result, summary, pred, prov, timing, common.interval);
    if (pred)
      cal::write_convergence(out->file(),
                             cal::assess_convergence(*pred, common.interval, result.generations.back().tolerance));
    if (result.stop == cal::Stop::Interrupted) {
      out->file().close();
      std::cerr << "buurtsim: interrupted after " << result.generations.size()
                << " finished generation(s); they are in " << out->partial_path().string() << " and "
                << journal->path().string() << "; continue with --resume. " << output << " was not touched\n";
      return dist::agree(kExitInterrupted);
    }
    if (!out->commit(run::interrupted)) {
      std::cerr << "buurtsim: interrupted before the point of no return; the complete calibration is in "
                << out->partial_path().string() << " and " << journal->path().string() << "; finish with --resume; "
                << output << " was not touched\n";
      return dist::agree(kExitInterrupted);
    }
    journal->remove();
    signal_came_after_commit(output);
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: writing the calibration file failed: " << err.what() << "\n";
    out->discard();
    return dist::agree(kExitFailure);
  }
  {
    const cal::Generation& post = result.generations.back();
    std::ostringstream headline;
    headline << "Posterior after " << result.generations.size() << " generation(s) (" << post.theta.rows()
             << " particles, ESS " << fmt(post.ess, 4) << ", final tolerance " << fmt(post.tolerance, 3)
             << "; stopped: " << cal::describe(result.stop) << ")";
    std::cout << posterior_table(c, headline.str(), *summary, *pred, common.interval,
                                 cal::assess_convergence(*pred, common.interval, post.tolerance));
  }
  if (!common.quiet)
    std::fprintf(
        stderr,
        "time: %.1f s in all, %.1f s in simulations (wall time of the batches), %.1f s in the estimator and output\n",
        timing.seconds, simulation_seconds, timing.seconds - simulation_seconds);
  std::cout << "results written to " << output << "\n";
  if (report && !run::interrupted()) write_report_beside(output);
  return dist::agree(kExitOk);
}

}  // namespace buurtsim::cli
