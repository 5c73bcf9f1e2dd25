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

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

// The printed summary: per parameter and per observation.
std::string summary_table(const cal::Calibration& c, const cal::Result& r, const cal::Summary& s,
                          const cal::Predictive& p, double level) {
  std::ostringstream o;
  const cal::Generation& post = r.generations.back();
  const std::string lv = fmt(level) + "%";
  o << "Posterior after " << r.generations.size() << " generation(s) (" << post.theta.rows() << " particles, ESS "
    << fmt(post.ess, 4) << "; stopped: " << cal::describe(r.stop) << ")\n";
  o << "  " << pad("parameter", 34) << pad("prior", 20) << pad("mean", 10) << pad(lv + " interval", 24)
    << pad("shrinkage", 10) << "status\n";
  for (std::size_t k = 0; k < c.settings.parameters.size(); ++k) {
    const auto& ep = c.settings.parameters[k];
    o << "  " << pad(ep.label, 34) << pad("[" + fmt(ep.lo) + ", " + fmt(ep.hi) + "]", 20) << pad(fmt(s.mean[k], 4), 10)
      << pad("[" + fmt(s.lo[k], 4) + ", " + fmt(s.hi[k], 4) + "]", 24) << pad(fmt(s.shrinkage[k], 2), 10)
      << to_string(ep.status) << "\n";
  }
  o << "  (shrinkage = 1 - posterior sd / prior sd: 0 means the data did not narrow the parameter, 1 that they pinned "
       "it)\n\n";
  o << "Observed versus predicted (posterior predictive survey estimate at each row's n, " << lv << " interval)\n";
  o << "  " << pad("line", 6) << pad("neighbourhood", 16) << pad("period", 9) << pad("indicator", 24)
    << pad("observed", 10) << pad("se", 8) << pad("predicted", 11) << "interval\n";
  std::size_t misfits = 0;
  for (std::size_t i = 0; i < c.problem.targets.size(); ++i) {
    const cal::Target& t = c.problem.targets[i];
    const cal::Observation& ob = c.data.rows[t.row];
    o << "  " << pad(std::to_string(t.line), 6) << pad(ob.neighbourhood, 16) << pad(ob.period, 9)
      << pad(ob.indicator, 24) << pad(fmt(t.value, 4), 10) << pad(fmt(p.scale[i], 2), 8) << pad(fmt(p.mean[i], 4), 11)
      << pad("[" + fmt(p.lo[i], 4) + ", " + fmt(p.hi[i], 4) + "]", 20)
      << (p.misfit[i] ? "MISFIT: outside the interval" : "") << "\n";
    misfits += p.misfit[i];
  }
  o << "  " << misfits << " of " << c.problem.targets.size() << " observation(s) outside their " << lv
    << " predictive interval";
  if (misfits)
    o << " (about " << fmt((100 - level) / 100.0 * static_cast<double>(c.problem.targets.size()), 2)
      << " expected by chance)";
  o << "\n";
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
      "(ABC-SMC; docs/calibration.md) and writes the calibration file (default: results/<config-stem>.h5).\n\nOptions");
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
  std::cout << summary_table(c, result, *summary, *pred, common.interval);
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
