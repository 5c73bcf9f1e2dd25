// buurtsim sensitivity SWEEP.h5 [--interval P] [--bootstrap B] [--seed N] [--quiet]
// Sensitivity indices of a finished sweep, written into that file as /sensitivity
// (docs/sensitivity.md). The file is replaced safely: SWEEP.h5 is copied to SWEEP.h5.tmp beside
// it, the copy gets the new /sensitivity, and only a complete copy is renamed over SWEEP.h5.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <stdexcept>

#include "experiments/analysis/design.hpp"
#include "experiments/analysis/sensitivity_indices.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/io/hdf5/atomic_file.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::cli {
namespace {

namespace fs = std::filesystem;

// Bad input: the command exits 2 with this message.
class BadInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The outcomes printed (all are computed and stored): the key outcomes of model/outcomes.def.
bool is_key(const std::string& name) {
  for (const OutcomeInfo& info : all_outcomes())
    if (info.name == name) return info.key;
  return false;
}

// Orderings of scenarios printed per outcome (the file holds all).
constexpr std::size_t kOrderingsPrinted = 6;

enum class Method { Sobol, Morris, Src };

struct Outcome {
  std::string name, unit;
  std::vector<double> mean;  // [point][scenario][replicate]: pooled over neighbourhoods by the outcome's rule
};

struct Sweep {
  std::string design_kind;
  sweep::Design design;
  std::vector<std::string> scenarios;
  std::size_t replicates = 0;
  std::vector<Outcome> outcomes;
};

struct Target {
  std::string label, outcome, unit;
  std::vector<double> y;  // per point
};

// One dataset (target, parameter) of a method.
struct Column {
  const char* name;
  const char* units;
  const char* long_name;
};

const std::vector<Column>& columns(Method m) {
  static const std::vector<Column> sobol = {
      {"first_order", "1",
       "First-order Sobol index S_i: share of the target's variance due to the parameter alone (Saltelli et al. 2010 "
       "estimator)"},
      {"first_order_lo", "1", "Lower bound of the bootstrap percentile interval of the first-order index"},
      {"first_order_hi", "1", "Upper bound of the bootstrap percentile interval of the first-order index"},
      {"total", "1",
       "Total Sobol index ST_i: share of the target's variance due to the parameter with all its interactions (Jansen "
       "1999 estimator)"},
      {"total_lo", "1", "Lower bound of the bootstrap percentile interval of the total index"},
      {"total_hi", "1", "Upper bound of the bootstrap percentile interval of the total index"}};
  static const std::vector<Column> morris = {
      {"mu", "target units per parameter range",
       "Morris mu: mean elementary effect, the change of the target (in its own unit) per whole range of the "
       "parameter"},
      {"mu_star", "target units per parameter range",
       "Morris mu*: mean absolute elementary effect per whole range of the parameter (Campolongo et al. 2007)"},
      {"mu_star_lo", "target units per parameter range",
       "Lower bound of the bootstrap percentile interval of mu* (trajectories resampled)"},
      {"mu_star_hi", "target units per parameter range",
       "Upper bound of the bootstrap percentile interval of mu* (trajectories resampled)"},
      {"sigma", "target units per parameter range",
       "Morris sigma: standard deviation of the elementary effects (non-linearity and interactions)"}};
  static const std::vector<Column> src = {
      {"src", "1",
       "Standardised regression coefficient: change of the target in standard deviations per standard deviation of the "
       "parameter"},
      {"src_lo", "1", "Lower bound of the bootstrap percentile interval of the standardised regression coefficient"},
      {"src_hi", "1", "Upper bound of the bootstrap percentile interval of the standardised regression coefficient"}};
  return m == Method::Sobol ? sobol : m == Method::Morris ? morris : src;
}

const char* method_name(Method m) { return m == Method::Sobol ? "sobol" : m == Method::Morris ? "morris" : "src"; }

// Indices of one target: one vector per column, each over the parameters; r2 for src.
struct Result {
  std::vector<std::vector<double>> column;
  double r2 = std::nan("");
};

Result compute(Method m, const sweep::Design& d, const std::vector<double>& y, const sweep::BootstrapOptions& b) {
  Result r;
  if (m == Method::Sobol) {
    auto s = sweep::sobol_indices(y, d.parameters.size(), b);
    r.column = {s.first, s.first_lo, s.first_hi, s.total, s.total_lo, s.total_hi};
  } else if (m == Method::Morris) {
    auto s = sweep::morris_indices(d, y, b);
    r.column = {s.mu, s.mu_star, s.mu_star_lo, s.mu_star_hi, s.sigma};
  } else {
    auto s = sweep::src_indices(d, y, b);
    r.column = {s.src, s.src_lo, s.src_hi};
    r.r2 = s.r2;
  }
  return r;
}

std::string attr_string_or(const h5::Object& o, const std::string& name, const std::string& fallback) {
  return o.has_attr(name) ? o.get_attr_string(name) : fallback;
}

// Throws BadInput unless the sweep finished: /status/complete all 1 (and points_done ==
// points_total where those are recorded).
void require_finished(h5::Group& root, const std::string& path, std::size_t points) {
  if (!root.has("status/complete"))
    throw BadInput(path + ": no /status/complete; expected the completion record of a sweep");
  h5::Group status = root.group("status");
  const auto complete = status.read<std::uint8_t>("complete");
  const auto done = static_cast<std::size_t>(std::count(complete.begin(), complete.end(), std::uint8_t{1}));
  if (complete.size() != points)
    throw BadInput(path + ": /status/complete has " + std::to_string(complete.size()) + " points, /design/value " +
                   std::to_string(points));
  if (done != complete.size())
    throw BadInput(path + ": the sweep is unfinished (" + std::to_string(done) + " of " +
                   std::to_string(complete.size()) +
                   " points complete); finish it with `buurtsim sweep CONFIG.toml -o " + path + " --resume` first");
  for (const h5::Object* o : {static_cast<const h5::Object*>(&root), static_cast<const h5::Object*>(&status)})
    if (o->has_attr("points_done") && o->has_attr("points_total") &&
        o->get_attr_int("points_done") < o->get_attr_int("points_total"))
      throw BadInput(path + ": the sweep is unfinished (points_done " + std::to_string(o->get_attr_int("points_done")) +
                     " of " + std::to_string(o->get_attr_int("points_total")) + ")");
}

Sweep read_sweep(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw BadInput(path + ": no such file; expected a sweep results file (buurtsim sweep ... -o " + path + ")");
  if (fs::is_directory(path, ec)) throw BadInput(path + ": is a directory; expected a sweep results file");
  h5::File file = [&] {
    try {
      return h5::File::open_read(path);
    } catch (const h5::Error& e) {
      throw BadInput(path + ": not a readable HDF5 file (" + e.what() + ")");
    }
  }();
  h5::Group root = file.root();
  const std::string kind = attr_string_or(root, "kind", "");
  if (kind != "sweep")
    throw BadInput(path + ": not a sweep file (root attribute kind is \"" + kind +
                   "\", expected \"sweep\"); sensitivity indices need the output of `buurtsim sweep`");
  for (const char* need : {"design/value", "design/parameter", "design/lo", "design/hi", "final/scenario",
                           "final/neighbourhood", "final/residents"})
    if (!root.has(need))
      throw BadInput(path + ": no /" + std::string(need) + "; expected the layout of a sweep file (docs/results.md)");

  Sweep s;
  h5::Group design = root.group("design");
  s.design_kind = attr_string_or(design, "design", "");
  const auto shape = design.shape("value");
  const auto names = design.read_strings("parameter");
  const auto lo = design.read<double>("lo"), hi = design.read<double>("hi");
  if (shape.size() != 2 || shape[1] != names.size() || lo.size() != names.size() || hi.size() != names.size() ||
      names.empty())
    throw BadInput(path + ": /design/value must be (point, parameter) with one name, lo and hi per parameter");
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!(lo[i] < hi[i])) throw BadInput(path + ": /design parameter " + names[i] + " has lo >= hi");
    s.design.parameters.push_back({names[i], lo[i], hi[i]});
  }
  s.design.points = shape[0];
  s.design.values = design.read<double>("value");
  require_finished(root, path, s.design.points);

  h5::Group final_group = root.group("final");
  s.scenarios = final_group.read_strings("scenario");
  const std::size_t nbs = final_group.shape("neighbourhood")[0], S = s.scenarios.size();
  std::vector<double> w(nbs, 1.0);
  const auto residents = final_group.read<std::int64_t>("residents");
  if (residents.size() != nbs) throw BadInput(path + ": /final/residents needs one value per neighbourhood");
  double total = 0;
  for (std::int64_t r : residents) total += static_cast<double>(r);
  if (total > 0)
    for (std::size_t n = 0; n < nbs; ++n) w[n] = static_cast<double>(residents[n]) / total;
  else
    std::fill(w.begin(), w.end(), 1.0 / static_cast<double>(nbs));

  for (const OutcomeInfo& info : all_outcomes()) {
    const std::string name(info.name);
    if (!final_group.has(name)) continue;
    const auto dshape = final_group.shape(name);
    if (dshape.size() != 4 || dshape[0] != s.design.points || dshape[1] != S || dshape[3] != nbs)
      throw BadInput(path + ": /final/" + name + " must be (point, scenario, replicate, neighbourhood) = (" +
                     std::to_string(s.design.points) + ", " + std::to_string(S) + ", R, " + std::to_string(nbs) + ")");
    if (s.replicates != 0 && dshape[2] != s.replicates)
      throw BadInput(path + ": /final datasets differ in their number of replicates");
    s.replicates = dshape[2];
    const auto v = final_group.read<double>(name);
    Outcome o{name, std::string(info.unit), std::vector<double>(s.design.points * S * s.replicates, 0.0)};
    const bool summed = info.pooling == Pooling::Sum;  // counts add up; the rest is resident-weighted
    for (std::size_t i = 0; i < o.mean.size(); ++i)
      for (std::size_t n = 0; n < nbs; ++n) o.mean[i] += (summed ? 1.0 : w[n]) * v[i * nbs + n];
    s.outcomes.push_back(std::move(o));
  }
  if (s.outcomes.empty())
    throw BadInput(path + ": /final holds no outcome dataset (buurtsim params --outcomes lists their names)");
  if (s.replicates == 0) throw BadInput(path + ": /final has no replicates");
  return s;
}

Method method_for(const Sweep& s, const std::string& path) {
  Method m;
  if (s.design_kind == "saltelli")
    m = Method::Sobol;
  else if (s.design_kind == "morris")
    m = Method::Morris;
  else if (s.design_kind == "factorial" || s.design_kind == "latin_hypercube")
    m = Method::Src;
  else
    throw BadInput(path + ": /design attribute design is \"" + s.design_kind +
                   "\"; expected factorial, latin_hypercube, saltelli or morris");
  try {  // the structure the method needs (blocks, trajectories, enough points), on probe outputs
    sweep::BootstrapOptions none;
    none.samples = 0;
    std::vector<double> y(s.design.points, 0.0);
    if (m == Method::Src)  // a non-constant probe keeps the check to the design itself
      for (std::size_t p = 0; p < y.size(); ++p) y[p] = static_cast<double>(p);
    (void)compute(m, s.design, y, none);
  } catch (const std::invalid_argument& e) {
    throw BadInput(path + ": a " + s.design_kind + " design, but " + e.what());
  }
  return m;
}

// Targets: each (outcome, scenario) and, for each scenario but the baseline, the effect
// (scenario - baseline, paired per point and replicate); each averaged over replicates.
// Targets constant across points (nothing to explain) or with NaN are left out; `skipped`
// gets the names of the outcomes that lost targets to NaN.
std::vector<Target> make_targets(const Sweep& s, std::vector<std::string>& skipped) {
  const std::size_t P = s.design.points, S = s.scenarios.size(), R = s.replicates;
  const auto base_it = std::find(s.scenarios.begin(), s.scenarios.end(), "baseline");
  const std::size_t base = static_cast<std::size_t>(base_it - s.scenarios.begin());
  std::vector<Target> targets;
  for (const Outcome& o : s.outcomes) {
    for (bool effect : {false, true}) {
      if (effect && base_it == s.scenarios.end()) break;
      for (std::size_t sc = 0; sc < S; ++sc) {
        if (effect && sc == base) continue;
        Target t{o.name + " @ " + s.scenarios[sc] + (effect ? " - baseline" : ""), o.name, o.unit,
                 std::vector<double>(P, 0.0)};
        for (std::size_t p = 0; p < P; ++p) {
          for (std::size_t r = 0; r < R; ++r)
            t.y[p] += o.mean[(p * S + sc) * R + r] - (effect ? o.mean[(p * S + base) * R + r] : 0.0);
          t.y[p] /= static_cast<double>(R);
        }
        if (std::any_of(t.y.begin(), t.y.end(), [](double v) { return !std::isfinite(v); })) {
          if (std::find(skipped.begin(), skipped.end(), o.name) == skipped.end()) skipped.push_back(o.name);
          continue;
        }
        const auto [mn, mx] = std::minmax_element(t.y.begin(), t.y.end());
        if (*mx - *mn <= 1e-12 * std::max(1.0, std::max(std::abs(*mn), std::abs(*mx)))) continue;  // constant
        targets.push_back(std::move(t));
      }
    }
  }
  return targets;
}

struct Rankings {
  std::vector<std::string> outcomes, orderings;
  std::vector<std::vector<sweep::RankingShare>> shares;  // per outcome
};

// Rankings of the scenarios for every outcome with at least one target.
Rankings make_rankings(const Sweep& s, const std::vector<Target>& targets) {
  Rankings rk;
  const std::size_t P = s.design.points, S = s.scenarios.size(), R = s.replicates;
  if (S < 2) return rk;
  for (const Outcome& o : s.outcomes) {
    if (std::none_of(targets.begin(), targets.end(), [&](const Target& t) { return t.outcome == o.name; })) continue;
    std::vector<double> v(P * S, 0.0);
    for (std::size_t i = 0; i < P * S; ++i) {
      for (std::size_t r = 0; r < R; ++r) v[i] += o.mean[i * R + r];
      v[i] /= static_cast<double>(R);
    }
    rk.outcomes.push_back(o.name);
    rk.shares.push_back(sweep::ranking_shares(v, s.scenarios));
    for (const auto& sh : rk.shares.back())
      if (std::find(rk.orderings.begin(), rk.orderings.end(), sh.ordering) == rk.orderings.end())
        rk.orderings.push_back(sh.ordering);
  }
  return rk;
}

void write_sensitivity(h5::Group& root, const Sweep& s, Method m, const std::vector<Target>& targets,
                       const std::vector<Result>& results, const Rankings& rk, const sweep::BootstrapOptions& b) {
  if (root.has("sensitivity")) root.remove("sensitivity");
  h5::Group g = root.group("sensitivity");
  g.set_attr("method", method_name(m));
  g.set_attr("design", s.design_kind);
  g.set_attr("interval", b.level);
  g.set_attr("bootstrap", b.samples);
  g.set_attr("seed", b.seed);
  g.set_attr(
      "description",
      "Sensitivity indices of each target (outcome @ scenario, or its effect against the baseline) to each swept "
      "parameter; targets are means over replicates and over neighbourhoods weighted by residents "
      "(docs/sensitivity.md)");
  std::vector<std::string> labels;
  for (const Target& t : targets) labels.push_back(t.label);
  std::vector<std::string> params;
  for (const auto& p : s.design.parameters) params.push_back(p.name);
  g.write_dim("target", labels, "target: outcome @ scenario, or outcome @ scenario - baseline (the effect)");
  g.write_dim("parameter", params, "swept parameter (dotted name)");
  const std::size_t k = params.size();
  const auto& cols = columns(m);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    std::vector<double> data(targets.size() * k);
    for (std::size_t t = 0; t < targets.size(); ++t)
      std::copy(results[t].column[c].begin(), results[t].column[c].end(),
                data.begin() + static_cast<std::ptrdiff_t>(t * k));
    g.write(cols[c].name, data, {"target", "parameter"}, cols[c].units, cols[c].long_name);
  }
  if (m == Method::Src) {
    std::vector<double> r2;
    for (const Result& r : results) r2.push_back(r.r2);
    g.write("r2", r2, {"target"}, "1",
            "R^2 of the linear fit of the target on the parameters: how much the standardised regression coefficients "
            "explain");
  }
  if (rk.outcomes.empty()) return;
  g.write_dim("ranking_outcome", rk.outcomes, "outcome whose scenarios are ranked");
  g.write_dim("ranking", rk.orderings, "ordering of the scenarios by ascending value (mean over replicates)");
  std::vector<double> share(rk.outcomes.size() * rk.orderings.size(), 0.0);
  for (std::size_t o = 0; o < rk.outcomes.size(); ++o)
    for (const auto& sh : rk.shares[o]) {
      const auto j = static_cast<std::size_t>(std::find(rk.orderings.begin(), rk.orderings.end(), sh.ordering) -
                                              rk.orderings.begin());
      share[o * rk.orderings.size() + j] = sh.share;
    }
  g.write("ranking_share", share, {"ranking_outcome", "ranking"}, "1",
          "Share of the design's points in which the scenarios of the outcome are in this ascending order");
}

// Copies `path` to `path.tmp`, writes /sensitivity into the copy and renames it over `path`.
// On failure the copy is removed and `path` is as it was.
void write_into(const std::string& path, const std::function<void(h5::Group&)>& write) {
  const fs::path final_path(path), tmp(path + ".tmp");
  try {
    fs::copy_file(final_path, tmp, fs::copy_options::overwrite_existing);
    {
      h5::File f = h5::File::open_rw(tmp.string());
      h5::Group root = f.root();
      write(root);
      f.close();
    }
    h5::replace_durably(tmp, final_path);
  } catch (...) {
    std::error_code ec;
    if (!fs::is_directory(tmp, ec)) fs::remove(tmp, ec);
    throw;
  }
}

void print_table(const Sweep& s, Method m, const std::vector<Target>& targets, const std::vector<Result>& results,
                 const Rankings& rk, const sweep::BootstrapOptions& b) {
  const std::size_t k = s.design.parameters.size();
  // The main index (sorted on) and the second one shown: column numbers of (estimate, lo, hi).
  const int main_col = m == Method::Sobol ? 3 : m == Method::Morris ? 1 : 0;
  const char* main_name = m == Method::Sobol ? "total ST" : m == Method::Morris ? "mu*" : "SRC";
  const char* second_name = m == Method::Sobol ? "first order S1" : m == Method::Morris ? "mu" : "";
  bool any_key = false;
  for (const Target& t : targets) any_key = any_key || is_key(t.outcome);
  std::printf(
      "Sensitivity (%s, %s design, %zu points, %zu parameters); intervals: %.4g%% bootstrap percentile, %d resamples\n",
      method_name(m), s.design_kind.c_str(), s.design.points, k, b.level, b.samples);
  char level_text[16];
  std::snprintf(level_text, sizeof level_text, "%.4g%%", b.level);
  const std::string level = level_text;
  std::size_t width = 9;
  for (const auto& p : s.design.parameters) width = std::max(width, p.name.size());
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (any_key && !is_key(targets[t].outcome)) continue;
    const Result& r = results[t];
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
    for (std::size_t i : order) {
      char cell[64];
      std::snprintf(cell, sizeof cell, m == Method::Morris ? "%.3g [%.3g, %.3g]" : "%.3f [%.3f, %.3f]", main[i],
                    r.column[static_cast<std::size_t>(main_col) + 1][i],
                    r.column[static_cast<std::size_t>(main_col) + 2][i]);
      std::printf("  %-*s  %-28s", static_cast<int>(width), s.design.parameters[i].name.c_str(), cell);
      if (m == Method::Sobol) std::printf(" %.3f [%.3f, %.3f]", r.column[0][i], r.column[1][i], r.column[2][i]);
      if (m == Method::Morris) std::printf(" %-6.3g %.3g", r.column[0][i], r.column[4][i]);
      std::printf("\n");
    }
  }
  if (rk.outcomes.empty()) return;
  std::printf("\nRankings of the scenarios (ascending value, mean over replicates; share of the %zu points)\n",
              s.design.points);
  for (std::size_t o = 0; o < rk.outcomes.size(); ++o) {
    if (any_key && !is_key(rk.outcomes[o])) continue;
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

}  // namespace

int cmd_sensitivity(const std::vector<std::string>& args) {
  std::string path;
  sweep::BootstrapOptions boot;
  bool help = false, quiet = false;
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
      "quiet", po::bool_switch(&quiet), "no notes on stderr");
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
  if (!(boot.level > 0 && boot.level < 100)) {
    std::cerr << "buurtsim sensitivity: --interval: expected a percentage between 0 and 100, for example 90\n";
    return kExitUsage;
  }
  if (boot.samples < 0 || boot.samples > 100000) {
    std::cerr << "buurtsim sensitivity: --bootstrap: expected a whole number from 0 to 100000\n";
    return kExitUsage;
  }

  Sweep s;
  Method m;
  std::vector<Target> targets;
  std::vector<std::string> skipped;
  try {
    s = read_sweep(path);
    m = method_for(s, path);
    targets = make_targets(s, skipped);
    if (targets.empty())
      throw BadInput(path + ": every outcome is constant across the design's points; there is nothing to explain");
  } catch (const BadInput& e) {
    std::cerr << "buurtsim sensitivity: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "buurtsim sensitivity: cannot read " << path << ": " << e.what() << "\n";
    return kExitUsage;
  }
  if (!quiet && !skipped.empty()) {
    std::cerr << "note: left out the targets of these outcomes that are not a number at some points (e.g. a share of "
                 "no reports):";
    for (const auto& name : skipped) std::cerr << " " << name;
    std::cerr << "\n";
  }

  std::vector<Result> results(targets.size());
  const Rankings rk = make_rankings(s, targets);
  try {
    // Each target on its own: the same numbers for any number of threads.
    tbb::parallel_for(std::size_t{0}, targets.size(),
                      [&](std::size_t t) { results[t] = compute(m, s.design, targets[t].y, boot); });
    write_into(path, [&](h5::Group& root) { write_sensitivity(root, s, m, targets, results, rk, boot); });
  } catch (const std::exception& e) {
    std::cerr << "buurtsim sensitivity: failed: " << e.what() << "; " << path << " was not changed\n";
    return kExitFailure;
  }
  print_table(s, m, targets, results, rk, boot);
  std::printf("\nsensitivity indices of %zu target(s) written to %s (/sensitivity)\n", targets.size(), path.c_str());
  return kExitOk;
}

}  // namespace buurtsim::cli
