#include "experiments/cli/commands/calibrate_emulator.hpp"

#include <tbb/global_control.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "build_info.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/report_beside.hpp"
#include "experiments/io/write_calibration.hpp"
#include "experiments/runner/calibration_estimate.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/tasks.hpp"

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

// The predictive check's particles: at most `particles` of them (one simulation each).
constexpr std::size_t kPredictiveParticles = 100;

}  // namespace

std::string posterior_table(const cal::Calibration& c, const std::string& headline, const cal::Summary& s,
                            const cal::Predictive& p, double level, const cal::Convergence& conv) {
  std::ostringstream o;
  const std::string lv = fmt(level) + "%";
  if (!conv.converged) {
    o << "NOT CONVERGED: the calibration has not reached the precision of the data, so its intervals say less than "
         "the data can:\n";
    for (const auto& r : conv.reasons) o << "  - " << r << "\n";
    o << "  Read the intervals below as an upper bound on the uncertainty, not as what the data say.\n\n";
  }
  o << headline << "\n";
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
  o << "Observed versus predicted (posterior predictive survey estimate at each row's n, " << lv
    << " interval; width = the interval's width over that of the sampling error alone)\n";
  o << "  " << pad("line", 6) << pad("neighbourhood", 16) << pad("period", 9) << pad("indicator", 24)
    << pad("observed", 10) << pad("se", 8) << pad("predicted", 11) << pad("interval", 20) << pad("width", 7) << "\n";
  std::size_t misfits = 0;
  for (std::size_t i = 0; i < c.problem.targets.size(); ++i) {
    const cal::Target& t = c.problem.targets[i];
    const cal::Observation& ob = c.data.rows[t.row];
    o << "  " << pad(std::to_string(t.line), 6) << pad(ob.neighbourhood, 16) << pad(ob.period, 9)
      << pad(ob.indicator, 24) << pad(fmt(t.value, 4), 10) << pad(fmt(p.scale[i], 2), 8) << pad(fmt(p.mean[i], 4), 11)
      << pad("[" + fmt(p.lo[i], 4) + ", " + fmt(p.hi[i], 4) + "]", 20)
      << pad(i < conv.width_ratio.size() ? fmt(conv.width_ratio[i], 2) : "", 7)
      << (p.misfit[i] ? "MISFIT: outside the interval" : "") << "\n";
    misfits += p.misfit[i];
  }
  o << "  " << misfits << " of " << c.problem.targets.size() << " observation(s) outside their " << lv
    << " predictive interval";
  if (misfits)
    o << " (about " << fmt((100 - level) / 100.0 * static_cast<double>(c.problem.targets.size()), 2)
      << " expected by chance)";
  o << "\n";
  if (conv.converged)
    o << "Converged: every predictive interval is at most " << fmt(cal::kMaxWidthRatio) << " times as wide as the "
      << "sampling error alone would make it (median " << fmt(conv.median_width_ratio) << ", widest "
      << fmt(conv.max_width_ratio) << ").\n";
  return o.str();
}

int calibrate_by_emulator(const cal::Calibration& c, std::string output, const CommonOptions& common,
                          const std::string& command_line, std::chrono::steady_clock::time_point started,
                          const std::function<bool(const EmulatorOutcome&)>& after) {
  const bool root = dist::is_root();
  const bool report = output.empty() && !common.no_report;
  std::optional<h5::AtomicOutput> out =
      root ? open_output(output, c.experiment, common) : std::optional<h5::AtomicOutput>{};
  int status = root && !out ? kExitUsage : kExitOk;
  if ((status = dist::agree(status)) != kExitOk) return status;
  const bool quiet = common.quiet || !root;
  if (!quiet) {
    for (const auto& note : c.settings.notes) std::cerr << "note: " << note << "\n";
    for (const auto& note : c.problem.notes) std::cerr << "note: " << note << "\n";
  }
  const std::optional<tbb::global_control> threads = limit_threads(common);
  run::install_interrupt_handlers();
  if (!quiet)
    std::fprintf(stderr,
                 "buurtsim: fitting %zu parameter(s) to %zu observation(s) with the emulator: %d design wave(s) of %zu "
                 "simulations, %u residents, %d + %d weeks per simulation, %s\n",
                 c.settings.parameters.size(), c.problem.targets.size(), c.settings.design_waves,
                 c.settings.design_size(), c.experiment.scenarios[c.settings.scenario].residents(),
                 c.experiment.settings.burn_in_weeks, c.problem.weeks, workers_text().c_str());
  double simulation_seconds = 0;
  std::optional<cal::EmulatorFit> fit;
  std::optional<cal::Predictive> pred;
  cal::Generation checked;
  try {
    fit = cal::emulate(
        c,
        [&](const cal::DesignWave& w, int index) {
          if (quiet) return;
          std::fprintf(stderr, "design wave %d: %zu simulations (%zu invalid), %.0f%% of the region not ruled out",
                       index + 1, w.points, w.invalid, 100 * w.non_implausible);
          if (w.min_implausibility > c.settings.implausibility_cutoff)
            std::fprintf(stderr, " (none below the cutoff: the least implausible point has %.3g)",
                         w.min_implausibility);
          std::fprintf(stderr, ", %.1f s\n", w.seconds);
        },
        &simulation_seconds);
    if (fit) {
      checked = cal::resample(fit->posterior, std::min(kPredictiveParticles, c.settings.particles),
                              c.experiment.settings.seed);
      if (!quiet)
        std::fprintf(stderr, "posterior predictive check: %zu simulations\n",
                     static_cast<std::size_t>(checked.theta.rows()));
      pred = cal::predictive(c, checked, common.interval, &simulation_seconds);
    }
  } catch (const std::exception& err) {
    if (root) {
      std::cerr << "buurtsim: calibration failed: " << err.what() << "\n";
      out->discard();
    }
    return dist::agree(kExitFailure);
  }
  if (!fit || !pred) {
    if (root) {
      out->discard();
      std::cerr << "buurtsim: interrupted; nothing was written (an emulator calibration takes minutes: rerun it)\n";
    }
    return dist::agree(kExitInterrupted);
  }
  if (!root) return dist::agree(kExitOk);

  cal::Result result;
  result.generations.push_back(fit->posterior);
  result.stop = cal::Stop::Generations;
  const cal::Summary summary = cal::summarise(c.prior, fit->posterior, common.interval);
  const cal::Convergence conv = cal::assess_convergence(*pred, common.interval, std::nullopt);
  cal::Convergence shown = conv;
  if (!fit->reachable) {
    shown.converged = false;
    shown.reasons.push_back(
        "no parameter values in the last design wave's region bring every figure within " +
        fmt(c.settings.implausibility_cutoff) +
        " standard deviations of its emulator (implausibility); the posterior is the least implausible region, not a "
        "fit");
  }
  cal::Timing timing;
  timing.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  timing.simulation_seconds = simulation_seconds;
  timing.threads = common.threads;
  timing.ranks = dist::size();
  const run::Provenance prov{build_info::kVersion, build_info::kRevision, run::utc_now(), command_line};
  std::ostringstream headline;
  headline << "Posterior by the emulator (" << fit->waves.size() << " design wave(s), " << fit->posterior.proposals
           << " valid simulations; " << fit->posterior.theta.rows() << " importance draws, ESS "
           << fmt(fit->posterior.ess, 4) << ")";
  try {
    cal::write_calibration(out->file(), c, result, summary, pred, prov, timing, common.interval);
    cal::write_emulator(out->file(), *fit, shown);
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: writing the calibration file failed: " << err.what() << "\n";
    out->discard();
    return kExitFailure;
  }
  std::cout << posterior_table(c, headline.str(), summary, *pred, common.interval, shown);
  if (after && !after(EmulatorOutcome{c, *fit, summary, *pred, shown})) {
    out->discard();
    return kExitFailure;
  }
  try {
    out->commit();
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: writing the calibration file failed: " << err.what() << "\n";
    return kExitFailure;
  }
  if (!common.quiet)
    std::fprintf(stderr, "time: %.1f s in all, %.1f s in simulations\n", timing.seconds, simulation_seconds);
  std::cout << "results written to " << output << "\n";
  if (report) write_report_beside(output);
  return kExitOk;
}

}  // namespace buurtsim::cli
