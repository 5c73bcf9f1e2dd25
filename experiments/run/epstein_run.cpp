#include "experiments/run/epstein_run.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <vector>

#include "build_info.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/hdf5/atomic_file.hpp"
#include "experiments/run/interrupt.hpp"
#include "experiments/run/write_run.hpp"
#include "model/epstein/epstein.hpp"

namespace buurtsim::run {
namespace {

// One replicate's series; `complete` is false when the command was interrupted before its
// last step (its series are then left at zero and its outbursts empty).
struct Replicate {
  EpsteinResult result;
  bool complete = false;
};

// Runs one replicate, giving up at the next step after an interrupt so that a large grid does not
// hold the command for a whole replicate.
Replicate run_replicate(const EpsteinConfig& config, std::uint64_t seed, std::uint32_t replicate, int steps) {
  Replicate out;
  out.result = run_epstein(config, seed, replicate, steps, [] { return interrupted(); });
  out.complete = static_cast<int>(out.result.quiet.size()) == steps;
  return out;
}

// Per-replicate statistics of the printed summary and of /summary.
struct ReplicateSummary {
  std::int32_t outbursts = 0;
  double mean_length = std::numeric_limits<double>::quiet_NaN();
  double mean_peak_share = std::numeric_limits<double>::quiet_NaN();
  double share_above = std::numeric_limits<double>::quiet_NaN();  // share of steps above the threshold
  double mean_active_share = std::numeric_limits<double>::quiet_NaN();
  double mean_jailed_share = std::numeric_limits<double>::quiet_NaN();
};

ReplicateSummary summarise(const Replicate& rep, int steps) {
  ReplicateSummary s;
  if (!rep.complete) return s;
  const EpsteinResult& r = rep.result;
  s.outbursts = static_cast<std::int32_t>(r.outbursts.size());
  double length = 0, peak = 0;
  for (const Outburst& o : r.outbursts) {
    length += o.length;
    peak += o.peak_share;
  }
  if (!r.outbursts.empty()) {
    s.mean_length = length / static_cast<double>(r.outbursts.size());
    s.mean_peak_share = peak / static_cast<double>(r.outbursts.size());
  }
  const double citizen_steps = static_cast<double>(r.citizens) * steps;
  s.share_above = steps > 0 ? length / steps : 0.0;
  if (citizen_steps > 0) {
    s.mean_active_share = std::accumulate(r.active.begin(), r.active.end(), 0.0) / citizen_steps;
    s.mean_jailed_share = std::accumulate(r.jailed.begin(), r.jailed.end(), 0.0) / citizen_steps;
  }
  return s;
}

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

std::vector<std::int32_t> iota_int(std::size_t n, std::int32_t first) {
  std::vector<std::int32_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

void write_replicate_dim(h5::Group& g, std::size_t replicates) {
  const auto reps = iota_int(replicates, 0);
  g.write_dim("replicate", std::span<const std::int32_t>(reps), "1", "replicate number");
}

void write_epstein(h5::File& file, const config::Experiment& e, const EpsteinConfig& config,
                   const std::vector<Replicate>& reps, const Provenance& prov) {
  const std::size_t R = reps.size();
  const auto steps = static_cast<std::size_t>(e.settings.weeks);
  h5::Group root = file.root();
  write_provenance(root, "epstein", e, prov);
  root.set_attr("model", "epstein2002");
  root.set_attr("reference",
                "J. M. Epstein, Modeling civil violence: an agent-based computational approach, "
                "PNAS 99 suppl. 3 (2002) 7243-7250, model I");
  root.set_attr("residents", static_cast<std::uint64_t>(config.citizens()));  // residents simulated = citizens
  root.set_attr("citizens", static_cast<std::int64_t>(config.citizens()));
  root.set_attr("cops", static_cast<std::int64_t>(config.initial_cops()));
  root.set_attr("width", static_cast<std::int64_t>(config.width));
  root.set_attr("height", static_cast<std::int64_t>(config.height));
  root.set_attr("steps", static_cast<std::int64_t>(steps));
  root.set_attr("replicates", static_cast<std::int64_t>(R));
  root.set_attr("outburst_threshold", config.outburst_threshold);

  write_replicate_dim(root, R);
  const auto step_numbers = iota_int(steps, 1);
  root.write_dim("step", std::span<const std::int32_t>(step_numbers), "step", "step number, from 1");
  std::vector<std::int32_t> quiet(R * steps, 0), active(R * steps, 0), jailed(R * steps, 0), cops(R * steps, 0);
  std::vector<double> legitimacy(R * steps, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t r = 0; r < R; ++r) {
    if (!reps[r].complete) continue;
    const EpsteinResult& x = reps[r].result;
    std::copy(x.quiet.begin(), x.quiet.end(), quiet.begin() + static_cast<std::ptrdiff_t>(r * steps));
    std::copy(x.active.begin(), x.active.end(), active.begin() + static_cast<std::ptrdiff_t>(r * steps));
    std::copy(x.jailed.begin(), x.jailed.end(), jailed.begin() + static_cast<std::ptrdiff_t>(r * steps));
    std::copy(x.cops.begin(), x.cops.end(), cops.begin() + static_cast<std::ptrdiff_t>(r * steps));
    std::copy(x.legitimacy.begin(), x.legitimacy.end(), legitimacy.begin() + static_cast<std::ptrdiff_t>(r * steps));
  }
  const std::vector<std::string> dims = {"replicate", "step"};
  root.write("quiet", std::span<const std::int32_t>(quiet), dims, "citizens",
             "quiet citizens (free, not active) after the step");
  root.write("active", std::span<const std::int32_t>(active), dims, "citizens",
             "active (rebelling) citizens after the step");
  root.write("jailed", std::span<const std::int32_t>(jailed), dims, "citizens", "jailed citizens after the step");
  root.write("cops", std::span<const std::int32_t>(cops), dims, "cops", "cops on the grid during the step");
  root.write("legitimacy", std::span<const double>(legitimacy), dims, "1",
             "government legitimacy L in force during the step");

  // Outbursts of every complete replicate, in replicate order, then by start.
  {
    h5::Group g = root.group("outbursts");
    std::vector<std::int32_t> replicate, start, length, peak_step;
    std::vector<double> peak_share;
    std::vector<std::uint8_t> ended;
    for (std::size_t r = 0; r < R; ++r) {
      if (!reps[r].complete) continue;
      for (const Outburst& o : reps[r].result.outbursts) {
        replicate.push_back(static_cast<std::int32_t>(r));
        start.push_back(o.start);
        length.push_back(o.length);
        peak_share.push_back(o.peak_share);
        peak_step.push_back(o.peak_step);
        ended.push_back(o.ended ? 1 : 0);
      }
    }
    g.set_attr("threshold", config.outburst_threshold);
    g.set_attr("description",
               "an outburst is a run of consecutive steps with the active share of all citizens "
               "(jailed included) above the threshold");
    const auto index = iota_int(replicate.size(), 0);
    g.write_dim("outburst", std::span<const std::int32_t>(index), "1", "outburst number (by replicate, then start)");
    const std::vector<std::string> od = {"outburst"};
    g.write("replicate", std::span<const std::int32_t>(replicate), od, "1", "replicate of the outburst");
    g.write("start", std::span<const std::int32_t>(start), od, "step", "first step of the outburst");
    g.write("length", std::span<const std::int32_t>(length), od, "steps", "number of steps of the outburst");
    g.write("peak_share", std::span<const double>(peak_share), od, "1",
            "largest active share of all citizens during the outburst");
    g.write("peak_step", std::span<const std::int32_t>(peak_step), od, "step", "first step with the peak share");
    g.write("ended", std::span<const std::uint8_t>(ended), od, "1",
            "1 when the outburst ended before the last step, 0 when it was still going");
  }

  // Per-replicate statistics (those of the printed summary).
  {
    h5::Group g = root.group("summary");
    write_replicate_dim(g, R);
    std::vector<std::int32_t> n;
    std::vector<double> mean_length, mean_peak, above, mean_active, mean_jailed;
    for (const Replicate& rep : reps) {
      const ReplicateSummary s = summarise(rep, e.settings.weeks);
      n.push_back(s.outbursts);
      mean_length.push_back(s.mean_length);
      mean_peak.push_back(s.mean_peak_share);
      above.push_back(s.share_above);
      mean_active.push_back(s.mean_active_share);
      mean_jailed.push_back(s.mean_jailed_share);
    }
    g.set_attr("description",
               "statistics over all steps of each replicate, the initial surge included; NaN where "
               "undefined (no outburst, or an interrupted replicate)");
    const std::vector<std::string> rd = {"replicate"};
    g.write("outbursts", std::span<const std::int32_t>(n), rd, "outbursts", "number of outbursts");
    g.write("mean_length", std::span<const double>(mean_length), rd, "steps", "mean length of the outbursts");
    g.write("mean_peak_share", std::span<const double>(mean_peak), rd, "1", "mean peak active share of the outbursts");
    g.write("share_of_steps_above", std::span<const double>(above), rd, "1",
            "share of steps with the active share above the outburst threshold");
    g.write("mean_active_share", std::span<const double>(mean_active), rd, "1", "mean active share of all citizens");
    g.write("mean_jailed_share", std::span<const double>(mean_jailed), rd, "1", "mean jailed share of all citizens");
  }

  {
    h5::Group g = root.group("status");
    write_replicate_dim(g, R);
    std::vector<std::uint8_t> complete;
    for (const Replicate& rep : reps) complete.push_back(rep.complete ? 1 : 0);
    g.write("complete", std::span<const std::uint8_t>(complete), {"replicate"}, "1",
            "1 when the replicate finished; 0 when the command was interrupted before it did");
  }
}

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string summary_table(const config::Experiment& e, const EpsteinConfig& config,
                          const std::vector<Replicate>& reps) {
  std::ostringstream o;
  o << "Epstein (2002) model I: " << config.citizens() << " citizens, " << config.initial_cops() << " cops on "
    << config.width << "x" << config.height << ", " << e.settings.weeks << " steps; outburst: active share above "
    << config.outburst_threshold << "\n";
  char line[160];
  std::snprintf(line, sizeof line, "%9s %9s %11s %15s %17s %12s %12s\n", "replicate", "outbursts", "mean length",
                "mean peak share", "steps above (%)", "mean active", "mean jailed");
  o << line;
  for (std::size_t r = 0; r < reps.size(); ++r) {
    const ReplicateSummary s = summarise(reps[r], e.settings.weeks);
    std::snprintf(line, sizeof line, "%9zu %9s %11s %15s %17s %12s %12s\n", r,
                  reps[r].complete ? std::to_string(s.outbursts).c_str() : "-", fixed(s.mean_length, 1).c_str(),
                  fixed(s.mean_peak_share, 3).c_str(), fixed(100.0 * s.share_above, 1).c_str(),
                  fixed(s.mean_active_share, 3).c_str(), fixed(s.mean_jailed_share, 3).c_str());
    o << line;
  }
  return o.str();
}

}  // namespace

int run_epstein_command(const config::Experiment& e, std::string output, const cli::CommonOptions& common,
                        const std::string& command_line) {
  const Params& params = e.scenarios.front().params;
  const std::vector<std::string> errors = epstein_param_errors(params);
  if (!errors.empty()) {
    for (const auto& m : errors) std::cerr << "buurtsim: " << e.source << ": " << m << "\n";
    return cli::kExitUsage;
  }
  const EpsteinConfig config = EpsteinConfig::from_params(params);
  std::optional<h5::AtomicOutput> out = cli::open_output(output, e, common);
  if (!out) return cli::kExitUsage;

  std::optional<tbb::global_control> threads;
  if (common.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(common.threads));
  const bool tty = isatty(STDERR_FILENO) != 0;
  const auto replicates = static_cast<std::size_t>(e.replicates);
  const int steps = e.settings.weeks;
  if (!common.quiet)
    std::fprintf(stderr, "buurtsim: epstein2002, %zu replicate(s) x %d steps, %u citizens and %u cops on %dx%d\n",
                 replicates, steps, config.citizens(), config.initial_cops(), config.width, config.height);

  std::vector<Replicate> reps(replicates);
  install_interrupt_handlers();
  try {
    const auto start = std::chrono::steady_clock::now();
    std::mutex progress_mutex;
    std::size_t done = 0;
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, replicates, 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
          for (std::size_t r = range.begin(); r != range.end(); ++r) {
            if (interrupted()) continue;
            // Isolated so that a thread waiting in a replicate's own parallel loop (synchronous
            // activation) never starts another replicate.
            tbb::this_task_arena::isolate(
                [&] { reps[r] = run_replicate(config, e.settings.seed, static_cast<std::uint32_t>(r), steps); });
            if (!reps[r].complete) continue;
            std::lock_guard lock(progress_mutex);
            ++done;
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (!common.quiet) print_progress(done, replicates, static_cast<std::uint32_t>(r), elapsed, tty);
          }
        },
        tbb::simple_partitioner());
    const Provenance prov{build_info::kVersion, build_info::kRevision, utc_now(), command_line};
    write_epstein(out->file(), e, config, reps, prov);
    if (interrupted()) {
      out->file().close();
      if (tty && !common.quiet) std::fprintf(stderr, "\n");  // end the progress bar's line
      std::cerr << "buurtsim: interrupted; the finished replicates are in " << out->partial_path().string()
                << " (/status/complete marks them); " << output << " was not touched\n";
      return cli::kExitInterrupted;
    }
    out->commit();
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: run failed: " << err.what() << "\n";
    out->discard();
    return cli::kExitFailure;
  }
  std::cout << summary_table(e, config, reps);
  std::cout << "results written to " << output << "\n";
  return cli::kExitOk;
}

}  // namespace buurtsim::run
