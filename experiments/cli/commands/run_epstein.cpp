// `buurtsim run` for model = "epstein2002": Epstein's civil violence model I (docking
// validation, docs/validation.md): validates the parameters, runs the replicates, writes the
// results file through OUT.h5.partial and prints a per-replicate summary.
#include "experiments/cli/commands/run_epstein.hpp"

#include <tbb/global_control.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <vector>

#include "build_info.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/io/hdf5/atomic_file.hpp"
#include "experiments/io/write_epstein.hpp"
#include "experiments/runner/epstein_run.hpp"
#include "experiments/runner/interrupt.hpp"

namespace buurtsim::cli {
namespace {

void print_progress(std::size_t done, std::size_t total, std::uint32_t last, double elapsed, bool tty) {
  const double left = elapsed / static_cast<double>(done) * static_cast<double>(total - done);
  if (tty) {
    const int width = 30;
    const auto filled = static_cast<int>(static_cast<std::size_t>(width) * done / total);
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu replicates, %.0f s elapsed, ~%.0f s left   ", filled,
                 "##############################", width - filled, "", done, total, elapsed, left);
    if (done == total) std::fprintf(stderr, "\n");
  } else {
    std::fprintf(stderr, "replicate %zu/%zu done (replicate %u), %.1f s elapsed, ~%.0f s left\n", done, total, last,
                 elapsed, left);
  }
  std::fflush(stderr);
}

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string summary_table(const config::Experiment& e, const EpsteinConfig& config,
                          const std::vector<run::EpsteinReplicate>& reps) {
  std::ostringstream o;
  const char* about = config.placement == EpsteinConfig::Placement::Exact ? "" : "about ";
  o << "Epstein (2002) model I: " << about << config.citizens() << " citizens, " << about << config.initial_cops()
    << " cops on " << config.width << "x" << config.height << ", " << e.settings.weeks
    << " steps; outburst: active share above " << config.outburst_threshold << "\n";
  char line[160];
  std::snprintf(line, sizeof line, "%9s %9s %11s %15s %17s %12s %12s\n", "replicate", "outbursts", "mean length",
                "mean peak share", "steps above (%)", "mean active", "mean jailed");
  o << line;
  for (std::size_t r = 0; r < reps.size(); ++r) {
    const run::EpsteinSummary s = run::summarise(reps[r], e.settings.weeks);
    std::snprintf(line, sizeof line, "%9zu %9s %11s %15s %17s %12s %12s\n", r,
                  reps[r].complete ? std::to_string(s.outbursts).c_str() : "-", fixed(s.mean_length, 1).c_str(),
                  fixed(s.mean_peak_share, 3).c_str(), fixed(100.0 * s.share_above, 1).c_str(),
                  fixed(s.mean_active_share, 3).c_str(), fixed(s.mean_jailed_share, 3).c_str());
    o << line;
  }
  return o.str();
}

}  // namespace

int run_epstein(const config::Experiment& e, std::string output, const CommonOptions& common,
                const std::string& command_line) {
  const Params& params = e.scenarios.front().params;
  const std::vector<std::string> errors = epstein_param_errors(params);
  if (!errors.empty()) {
    for (const auto& m : errors) std::cerr << "buurtsim: " << e.source << ": " << m << "\n";
    return kExitUsage;
  }
  const EpsteinConfig config = EpsteinConfig::from_params(params);
  std::optional<h5::AtomicOutput> out = open_output(output, e, common);
  if (!out) return kExitUsage;

  std::optional<tbb::global_control> threads;
  if (common.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(common.threads));
  const bool tty = isatty(STDERR_FILENO) != 0;
  const auto replicates = static_cast<std::size_t>(e.replicates);
  const int steps = e.settings.weeks;
  if (!common.quiet)
    std::fprintf(stderr, "buurtsim: epstein2002, %zu replicate(s) x %d steps, %s%u citizens and %u cops on %dx%d\n",
                 replicates, steps, config.placement == EpsteinConfig::Placement::Exact ? "" : "about ",
                 config.citizens(), config.initial_cops(), config.width, config.height);

  run::install_interrupt_handlers();
  std::vector<run::EpsteinReplicate> reps;
  try {
    reps = run::run_epstein_replicates(config, e.settings.seed, replicates, steps,
                                       [&](std::size_t done, std::uint32_t r, double elapsed) {
                                         if (!common.quiet) print_progress(done, replicates, r, elapsed, tty);
                                       });
    const run::Provenance prov{build_info::kVersion, build_info::kRevision, run::utc_now(), command_line};
    run::write_epstein(out->file(), e, config, reps, prov);
    if (run::interrupted()) {
      out->file().close();
      if (tty && !common.quiet) std::fprintf(stderr, "\n");  // end the progress bar's line
      std::cerr << "buurtsim: interrupted; the finished replicates are in " << out->partial_path().string()
                << " (/status/complete marks them); " << output << " was not touched\n";
      return kExitInterrupted;
    }
    if (!out->commit(run::interrupted)) {
      std::cerr << "buurtsim: interrupted before the point of no return; the complete results are in "
                << out->partial_path().string() << "; " << output << " was not touched\n";
      return kExitInterrupted;
    }
    signal_came_after_commit(output);
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: run failed: " << err.what() << "\n";
    out->discard();
    return kExitFailure;
  }
  std::cout << summary_table(e, config, reps);
  std::cout << "results written to " << output << "\n";
  return kExitOk;
}

}  // namespace buurtsim::cli
