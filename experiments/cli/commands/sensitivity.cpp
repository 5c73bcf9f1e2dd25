// buurtsim sensitivity SWEEP.h5 [--interval P] [--bootstrap B] [--seed N] [--target NAME ...] [--allow-small]
//                               [--quiet]
// Sensitivity indices of a finished sweep, written into that file as /sensitivity
// (docs/sensitivity.md): read (experiments/io/sensitivity_file), computed
// (experiments/analysis/sweep_sensitivity), written back safely, and the table printed here.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/sensitivity_file.hpp"
#include "experiments/runner/interrupt.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::cli {
namespace {

using sweep::IndexResult;
using sweep::Method;
using sweep::Rankings;
using sweep::SensitivityInputError;
using sweep::SweepResults;
using sweep::Target;

// The outcomes printed (all are computed and stored): the key outcomes of model/outcomes.def and
// the net present value, or the targets asked for with --target (an outcome or a target label).
bool is_key(const std::string& name) {
  if (name == "cba/npv_eur") return true;
  for (const OutcomeInfo& info : all_outcomes())
    if (info.name == name) return info.key;
  return false;
}

bool chosen(const Target& t, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return is_key(t.outcome);
  return std::find(wanted.begin(), wanted.end(), t.outcome) != wanted.end() ||
         std::find(wanted.begin(), wanted.end(), t.label) != wanted.end();
}

// The flags of an index as printed after it: r (outside its possible range), z (interval
// includes zero), "-" (no interval to check).
std::string flag_text(std::uint8_t f) {
  std::string text;
  if (f & sweep::kOutsideRange) text += " r";
  if (f & sweep::kIntervalHasZero) text += " z";
  if (f & sweep::kNoInterval) text += " -";
  return text;
}

// Orderings of scenarios printed per outcome (the file holds all).
constexpr std::size_t kOrderingsPrinted = 6;

void print_table(const SweepResults& s, Method m, const std::vector<Target>& targets,
                 const std::vector<IndexResult>& results, const Rankings& rk, const sweep::BootstrapOptions& b,
                 const std::vector<std::string>& wanted) {
  const std::size_t k = s.design.parameters.size();
  // The main index (sorted on) and the second one shown: column numbers of (estimate, lo, hi).
  const int main_col = m == Method::Sobol ? 3 : m == Method::Morris ? 1 : 0;
  const char* main_name = m == Method::Sobol ? "total ST" : m == Method::Morris ? "mu*" : "SRC";
  const char* second_name = m == Method::Sobol ? "first order S1" : m == Method::Morris ? "mu" : "";
  bool any_key = false;
  for (const Target& t : targets) any_key = any_key || chosen(t, wanted);
  std::printf(
      "Sensitivity (%s, %s design, %zu points, %zu parameters); intervals: %.4g%% bootstrap percentile, %d resamples\n",
      sweep::method_name(m), s.design_kind.c_str(), s.design.points, k, b.level, b.samples);
  const std::size_t units = sweep::design_units(m, s.design);
  if (units < sweep::kMinDesignUnits)
    std::printf(
        "SMALL DESIGN: %zu %s, fewer than %zu: the intervals are too narrow and the indices unreliable "
        "(docs/sensitivity.md, \"Design size\")\n",
        units,
        m == Method::Sobol    ? "blocks (samples N)"
        : m == Method::Morris ? "trajectories"
                              : "points",
        sweep::kMinDesignUnits);
  const auto& flagged = sweep::flagged_indices(m);
  bool any_flag = false;
  char level_text[16];
  std::snprintf(level_text, sizeof level_text, "%.4g%%", b.level);
  const std::string level = level_text;
  std::size_t width = 9;
  for (const auto& p : s.design.parameters) width = std::max(width, p.name.size());
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (any_key && !chosen(targets[t], wanted)) continue;
    const IndexResult& r = results[t];
    std::printf("\n%s (%s)", targets[t].label.c_str(), targets[t].unit.c_str());
    if (m == Method::Src) std::printf("  R^2 = %.3f", r.r2);
    std::printf("\n  %-*s  %-28s %s\n", static_cast<int>(width), "parameter",
                (std::string(main_name) + " [" + level + " interval]").c_str(),
                m == Method::Morris  ? "mu     sigma"
                : m == Method::Sobol ? (std::string(second_name) + " [" + level + " interval]").c_str()
                                     : "");
    std::vector<std::size_t> order(k);
    for (std::size_t i = 0; i < k; ++i) order[i] = i;
    const auto& main = r.column[static_cast<std::size_t>(main_col)];
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t c) { return std::abs(main[a]) > std::abs(main[c]); });
    // The flags of the main index (the last flagged one for Sobol: the total index) and of the first order.
    const std::size_t main_flags = flagged.size() - 1;
    for (std::size_t i : order) {
      char cell[64];
      std::snprintf(cell, sizeof cell, m == Method::Morris ? "%.3g [%.3g, %.3g]" : "%.3f [%.3f, %.3f]", main[i],
                    r.column[static_cast<std::size_t>(main_col) + 1][i],
                    r.column[static_cast<std::size_t>(main_col) + 2][i]);
      const std::string main_cell = cell + flag_text(r.flags[main_flags][i]);
      any_flag = any_flag || r.flags[main_flags][i] != 0;
      std::printf("  %-*s  %-28s", static_cast<int>(width), s.design.parameters[i].name.c_str(), main_cell.c_str());
      if (m == Method::Sobol) {
        std::printf(" %.3f [%.3f, %.3f]%s", r.column[0][i], r.column[1][i], r.column[2][i],
                    flag_text(r.flags[0][i]).c_str());
        any_flag = any_flag || r.flags[0][i] != 0;
      }
      if (m == Method::Morris) std::printf(" %-6.3g %.3g", r.column[0][i], r.column[4][i]);
      std::printf("\n");
    }
  }
  if (any_flag)
    std::printf(
        "\nFlags: r = the estimate is outside the index's possible range (%s): estimation noise, the design is "
        "too small to pin it; z = the interval includes 0: this design does not tell the index apart from 0 "
        "(which does not show that it is 0); - = no interval to check (docs/sensitivity.md, \"Flags\")\n",
        m == Method::Src ? "[-1, 1]" : "[0, 1]");
  const auto ranked = [&](const std::string& outcome) {
    if (!wanted.empty()) return std::find(wanted.begin(), wanted.end(), outcome) != wanted.end();
    return !any_key || is_key(outcome);
  };
  if (std::none_of(rk.outcomes.begin(), rk.outcomes.end(), ranked)) return;
  std::printf("\nRankings of the scenarios (ascending value, mean over replicates; share of the %zu points)\n",
              s.design.points);
  for (std::size_t o = 0; o < rk.outcomes.size(); ++o) {
    if (!ranked(rk.outcomes[o])) continue;
    std::printf("%s\n", rk.outcomes[o].c_str());
    const auto& shares = rk.shares[o];  // largest first: print the first few, sum up the rest
    const std::size_t shown = std::min<std::size_t>(shares.size(), kOrderingsPrinted);
    for (std::size_t j = 0; j < shown; ++j)
      std::printf("  %5.1f%%  %s\n", 100.0 * shares[j].share, shares[j].ordering.c_str());
    double rest = 0;
    for (std::size_t j = shown; j < shares.size(); ++j) rest += shares[j].share;
    if (shown < shares.size())
      std::printf("  %5.1f%%  %zu other orderings (all in /sensitivity/ranking_share)\n", 100.0 * rest,
                  shares.size() - shown);
  }
}

// Notes on stderr: the outcomes that lost targets to NaN, the targets whose indices are
// undefined (by label, with the reason), and how many were constant (all listed in the file).
void print_left_out(const std::vector<sweep::LeftOut>& left_out) {
  std::vector<std::string> nan_outcomes;
  std::size_t constant = 0;
  for (const auto& l : left_out) {
    if (l.reason == sweep::kLeftOutConstant) ++constant;
    if (l.reason == sweep::kLeftOutNotANumber &&
        std::find(nan_outcomes.begin(), nan_outcomes.end(), l.outcome) == nan_outcomes.end())
      nan_outcomes.push_back(l.outcome);
  }
  if (!nan_outcomes.empty()) {
    std::cerr << "note: left out the targets of these outcomes that are not a number at some points (e.g. a share of "
                 "no reports):";
    for (const auto& name : nan_outcomes) std::cerr << " " << name;
    std::cerr << "\n";
  }
  std::string undefined;
  for (const auto& l : left_out)
    if (l.reason == sweep::kLeftOutUndefined) undefined += (undefined.empty() ? "" : ", ") + l.label;
  if (!undefined.empty())
    std::cerr << "note: left out these targets, whose " << sweep::kLeftOutUndefined << ": " << undefined << "\n";
  if (constant > 0)
    std::cerr << "note: left out " << constant
              << " target(s) constant across the points (all left-out targets and why: attribute left_out of "
                 "/sensitivity)\n";
}

}  // namespace

int cmd_sensitivity(const std::vector<std::string>& args) {
  std::string path;
  sweep::BootstrapOptions boot;
  bool help = false, quiet = false, allow_small = false, force = false;
  std::vector<std::string> wanted;
  po::options_description desc(
      "buurtsim sensitivity SWEEP.h5 [options]\n\n"
      "Sensitivity indices from a finished sweep, written into that file as /sensitivity: Sobol indices\n"
      "for a saltelli design, Morris elementary effects for a morris design, standardised regression\n"
      "coefficients for a factorial or latin_hypercube design (docs/sensitivity.md).\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")("sweep", po::value<std::string>(&path),
                                                                         "sweep results file (HDF5)")(
      "interval", po::value<double>(&boot.level)->default_value(90),
      "interval level in percent of the bootstrap intervals")(
      "bootstrap", po::value<int>(&boot.samples)->default_value(500), "bootstrap resamples B")(
      "seed", po::value<std::uint64_t>(&boot.seed)->default_value(1), "seed of the bootstrap resampling")(
      "target", po::value<std::vector<std::string>>(&wanted)->composing(),
      "print these targets (an outcome such as cba/npv_eur, or a target label); repeatable; default: the key "
      "outcomes and cba/npv_eur; the file holds every target")(
      "allow-small", po::bool_switch(&allow_small),
      "compute Sobol indices from fewer than 16 blocks anyway (flagged as a small design)")(
      "quiet", po::bool_switch(&quiet), "no notes on stderr")("force", po::bool_switch(&force),
                                                              "write into the sweep file even when it is read-only");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  po::variables_map vm;
  if (!parse_args(args, desc, pos, vm)) return kExitUsage;
  if (help) {
    std::cout << desc << "\n";
    return kExitOk;
  }
  if (path.empty()) {
    std::cerr << "buurtsim sensitivity: expected the sweep file, SWEEP.h5 (see --help)\n";
    return kExitUsage;
  }
  try {
    files::check_output_target(path, force);  // a read-only sweep file is replaced only with --force
  } catch (const files::Refused& e) {
    std::cerr << "buurtsim sensitivity: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!(boot.level > 0 && boot.level < 100)) {
    std::cerr << "buurtsim sensitivity: --interval: expected a percentage between 0 and 100, for example 90\n";
    return kExitUsage;
  }
  if (boot.samples < 0 || boot.samples > 100000) {
    std::cerr << "buurtsim sensitivity: --bootstrap: expected a whole number from 0 to 100000\n";
    return kExitUsage;
  }

  SweepResults s;
  Method m;
  std::vector<Target> targets;
  std::vector<sweep::LeftOut> left_out;
  try {
    s = sweep::read_sweep_results(path);
    m = sweep::method_for(s, path);
    const std::size_t units = sweep::design_units(m, s.design);
    if (m == Method::Sobol && units < sweep::kMinDesignUnits && !allow_small)
      throw SensitivityInputError(
          path + ": a saltelli design of N = " + std::to_string(units) + " blocks is too small for Sobol indices (at " +
          "least " + std::to_string(sweep::kMinDesignUnits) + "; docs/sensitivity.md, \"Design size\"): run the " +
          "sweep again with samples = " + std::to_string(sweep::kMinDesignUnits) +
          " or more (64 or more to rank parameters), or pass --allow-small to compute them anyway, flagged");
    targets = sweep::make_targets(s, left_out);
    const bool some_nan = std::any_of(left_out.begin(), left_out.end(),
                                      [](const sweep::LeftOut& l) { return l.reason == sweep::kLeftOutNotANumber; });
    if (targets.empty() && some_nan)
      throw SensitivityInputError(path +
                                  ": no target can be explained: each outcome is constant across the design's points "
                                  "or not a number at some of them (the file's complete points hold NaN)");
    if (targets.empty())
      throw SensitivityInputError(
          path + ": every outcome is constant across the design's points; there is nothing to explain");
    for (const std::string& w : wanted)
      if (std::none_of(targets.begin(), targets.end(), [&](const Target& t) { return t.outcome == w || t.label == w; }))
        throw SensitivityInputError(
            "--target " + w + ": no such target in " + path +
            " (an outcome name of `buurtsim params --outcomes`, cba/npv_eur, cba/cost_eur, cba/benefit_eur, "
            "or a label such as \"unsafe_sometimes_pct @ vba - baseline\"; targets constant "
            "across the points are left out)");
  } catch (const SensitivityInputError& e) {
    std::cerr << "buurtsim sensitivity: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "buurtsim sensitivity: cannot read " << path << ": " << e.what() << "\n";
    return kExitUsage;
  }

  std::vector<IndexResult> results(targets.size());
  try {
    // Each target on its own: the same numbers for any number of threads.
    tbb::parallel_for(std::size_t{0}, targets.size(),
                      [&](std::size_t t) { results[t] = sweep::compute(m, s.design, targets[t].y, boot); });
  } catch (const std::exception& e) {
    std::cerr << "buurtsim sensitivity: failed: " << e.what() << "; " << path << " was not changed\n";
    return kExitFailure;
  }
  sweep::drop_undefined(m, targets, results, left_out);
  if (targets.empty()) {
    std::cerr << "buurtsim sensitivity: " << path << ": no target has defined indices (" << left_out.back().reason
              << ")\n";
    return kExitUsage;
  }
  if (!quiet) print_left_out(left_out);
  if (!quiet && sweep::design_units(m, s.design) < sweep::kMinDesignUnits)
    std::cerr << "warning: a small design (" << sweep::design_units(m, s.design) << " units, fewer than "
              << sweep::kMinDesignUnits << "): the intervals are too narrow and the indices unreliable\n";
  const Rankings rk = sweep::make_rankings(s, targets);
  try {
    if (!sweep::write_into(
            path, [&](h5::Group& root) { sweep::write_sensitivity(root, s, m, targets, results, rk, boot, left_out); },
            run::interrupted)) {
      std::cerr << "buurtsim sensitivity: interrupted; " << path << " was not changed\n";
      return kExitInterrupted;
    }
  } catch (const files::Refused& e) {
    std::cerr << "buurtsim sensitivity: " << e.what() << "; " << path << " was not changed\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "buurtsim sensitivity: failed: " << e.what() << "; " << path << " was not changed\n";
    return kExitFailure;
  }
  print_table(s, m, targets, results, rk, boot, wanted);
  std::printf("\nsensitivity indices of %zu target(s) written to %s (/sensitivity)\n", targets.size(), path.c_str());
  return kExitOk;
}

}  // namespace buurtsim::cli
