#include "experiments/io/sensitivity_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "experiments/io/hdf5/atomic_file.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/hdf5/probe_untrusted.hpp"

namespace buurtsim::sweep {
namespace {

namespace fs = std::filesystem;

// Copies the file `from` into the open, empty file `to_fd` (the temporary copy `to`).
void copy_into(const fs::path& from, int to_fd, const fs::path& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw std::runtime_error("cannot read '" + from.string() + "': " + std::strerror(errno));
  std::vector<char> buffer(1 << 20);
  std::uint64_t copied = 0;
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(in);
      throw std::runtime_error("cannot read '" + from.string() + "': " + std::strerror(err));
    }
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(to_fd, buffer.data() + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        const int err = errno;
        ::close(in);
        throw std::runtime_error("cannot copy '" + from.string() + "' to '" + to.string() +
                                 "': " + files::write_error_text(err) + " (" + std::to_string(copied) + " of " +
                                 std::to_string(fs::file_size(from)) + " bytes written)");
      }
      done += w;
      copied += static_cast<std::uint64_t>(w);
    }
  }
  ::close(in);
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string attr_string_or(const h5::Object& o, const std::string& name, const std::string& fallback) {
  return o.has_attr(name) ? o.get_attr_string(name) : fallback;
}

// Throws SensitivityInputError unless the sweep finished: /status/complete all 1 (and points_done ==
// points_total where those are recorded).
void require_finished(h5::Group& root, const std::string& path, std::size_t points) {
  if (!root.has("status/complete"))
    throw SensitivityInputError(path + ": no /status/complete; expected the completion record of a sweep");
  h5::Group status = root.group("status");
  const auto complete = status.read<std::uint8_t>("complete");
  const auto done = static_cast<std::size_t>(std::count(complete.begin(), complete.end(), std::uint8_t{1}));
  if (complete.size() != points)
    throw SensitivityInputError(path + ": /status/complete has " + std::to_string(complete.size()) +
                                " points, /design/value " + std::to_string(points));
  if (done != complete.size())
    throw SensitivityInputError(
        path + ": the sweep is unfinished (" + std::to_string(done) + " of " + std::to_string(complete.size()) +
        " points complete); finish it with `buurtsim sweep CONFIG.toml -o " + path + " --resume` first");
  for (const h5::Object* o : {static_cast<const h5::Object*>(&root), static_cast<const h5::Object*>(&status)})
    if (o->has_attr("points_done") && o->has_attr("points_total") &&
        o->get_attr_int("points_done") < o->get_attr_int("points_total"))
      throw SensitivityInputError(path + ": the sweep is unfinished (points_done " +
                                  std::to_string(o->get_attr_int("points_done")) + " of " +
                                  std::to_string(o->get_attr_int("points_total")) + ")");
}

// The reader itself; read_sweep_results runs it in a child process first.
SweepResults read_unprobed(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw SensitivityInputError(path + ": no such file; expected a sweep results file (buurtsim sweep ... -o " + path +
                                ")");
  if (fs::is_directory(path, ec)) throw SensitivityInputError(path + ": is a directory; expected a sweep results file");
  h5::File file = [&] {
    try {
      return h5::File::open_read(path);
    } catch (const h5::Error& e) {
      throw SensitivityInputError(path + ": not a readable HDF5 file (" + e.what() + ")");
    }
  }();
  h5::Group root = file.root();
  const std::string kind = attr_string_or(root, "kind", "");
  if (kind != "sweep")
    throw SensitivityInputError(path + ": not a sweep file (root attribute kind is \"" + kind +
                                "\", expected \"sweep\"); sensitivity indices need the output of `buurtsim sweep`");
  for (const char* need : {"design/value", "design/parameter", "design/lo", "design/hi", "final/scenario",
                           "final/neighbourhood", "final/residents"})
    if (!root.has(need))
      throw SensitivityInputError(path + ": no /" + std::string(need) +
                                  "; expected the layout of a sweep file (docs/results.md)");

  SweepResults s;
  h5::Group design = root.group("design");
  s.design_kind = attr_string_or(design, "design", "");
  const auto shape = design.shape("value");
  const auto names = design.read_strings("parameter");
  const auto lo = design.read<double>("lo"), hi = design.read<double>("hi");
  if (shape.size() != 2 || shape[1] != names.size() || lo.size() != names.size() || hi.size() != names.size() ||
      names.empty())
    throw SensitivityInputError(path +
                                ": /design/value must be (point, parameter) with one name, lo and hi per parameter");
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!(lo[i] < hi[i]) || !std::isfinite(lo[i]) || !std::isfinite(hi[i]))
      throw SensitivityInputError(path + ": /design parameter " + names[i] + " needs finite lo < hi");
    s.design.parameters.push_back({names[i], lo[i], hi[i]});
  }
  s.design.points = shape[0];
  s.design.values = design.read<double>("value");
  // The design's values are the sweep's own (lo + u (hi - lo)); anything else is a damaged file
  // and would give indices of nothing (NaN coefficients, or 0 from values near 1e308).
  for (std::size_t p = 0; p < s.design.points; ++p)
    for (std::size_t i = 0; i < names.size(); ++i) {
      const double v = s.design.values[p * names.size() + i], margin = 1e-9 * (hi[i] - lo[i]);
      if (!(v >= lo[i] - margin && v <= hi[i] + margin))
        throw SensitivityInputError(path + ": /design/value of point " + std::to_string(p) + ", parameter " + names[i] +
                                    " is " + number_text(v) + ", outside its range [" + number_text(lo[i]) + ", " +
                                    number_text(hi[i]) + "]");
    }
  require_finished(root, path, s.design.points);

  h5::Group final_group = root.group("final");
  s.scenarios = final_group.read_strings("scenario");
  const std::size_t nbs = final_group.shape("neighbourhood")[0], S = s.scenarios.size();
  const auto residents = final_group.read<std::int64_t>("residents");
  if (residents.size() != nbs)
    throw SensitivityInputError(path + ": /final/residents needs one value per neighbourhood");
  const std::vector<double> w = resident_weights(residents);

  for (const OutcomeInfo& info : all_outcomes()) {
    const std::string name(info.name);
    if (!final_group.has(name)) continue;
    const auto dshape = final_group.shape(name);
    if (dshape.size() != 4 || dshape[0] != s.design.points || dshape[1] != S || dshape[3] != nbs)
      throw SensitivityInputError(
          path + ": /final/" + name + " must be (point, scenario, replicate, neighbourhood) = (" +
          std::to_string(s.design.points) + ", " + std::to_string(S) + ", R, " + std::to_string(nbs) + ")");
    if (s.replicates != 0 && dshape[2] != s.replicates)
      throw SensitivityInputError(path + ": /final datasets differ in their number of replicates");
    s.replicates = dshape[2];
    const auto v = final_group.read<double>(name);
    s.outcomes.push_back({name, std::string(info.unit), pool_neighbourhoods(v, w, info.pooling)});
  }
  if (root.has("cba")) {  // net present value, cost and benefit against the baseline, per (point, scenario, replicate)
    h5::Group cba = root.group("cba");
    for (const char* name : kCbaTargets) {
      if (!cba.has(name)) continue;
      const auto cshape = cba.shape(name);
      if (cshape.size() != 3 || cshape[0] != s.design.points || cshape[1] != S ||
          (s.replicates != 0 && cshape[2] != s.replicates))
        throw SensitivityInputError(path + ": /cba/" + name + " must be (point, scenario, replicate) = (" +
                                    std::to_string(s.design.points) + ", " + std::to_string(S) + ", " +
                                    std::to_string(s.replicates) + ")");
      s.outcomes.push_back({std::string("cba/") + name, "EUR", cba.read<double>(name), true});
    }
  }
  if (s.outcomes.empty())
    throw SensitivityInputError(path +
                                ": /final holds no outcome dataset (buurtsim params --outcomes lists their names)");
  if (s.replicates == 0) throw SensitivityInputError(path + ": /final has no replicates");
  return s;
}

}  // namespace

SweepResults read_sweep_results(const std::string& path) {
  try {  // a file that crashes HDF5 crashes a child, never this process
    h5::probe_untrusted(path, [&] { (void)read_unprobed(path); });
  } catch (const h5::Damaged& e) {
    throw SensitivityInputError(std::string(e.what()) + "; nothing was written");
  }
  return read_unprobed(path);
}

void write_sensitivity(h5::Group& root, const SweepResults& s, Method m, const std::vector<Target>& targets,
                       const std::vector<IndexResult>& results, const Rankings& rk, const sweep::BootstrapOptions& b,
                       const std::vector<LeftOut>& left_out) {
  if (root.has("sensitivity")) root.remove("sensitivity");
  h5::Group g = root.group("sensitivity");
  g.set_attr("method", method_name(m));
  g.set_attr("design", s.design_kind);
  g.set_attr("interval", b.level);
  g.set_attr("bootstrap", b.samples);
  g.set_attr("seed", b.seed);
  const std::size_t units = design_units(m, s.design);
  g.set_attr("design_units", static_cast<std::int64_t>(units));
  g.set_attr("small_design", static_cast<std::int64_t>(units < kMinDesignUnits ? 1 : 0));
  std::string left;
  for (const LeftOut& l : left_out) left += (left.empty() ? "" : "\n") + l.label + ": " + l.reason;
  g.set_attr("left_out", left);
  g.set_attr("description",
             "Sensitivity indices of each target (an outcome at a scenario, contrast level, or its effect against the "
             "baseline, contrast effect) to each swept parameter; targets are means over replicates of the outcome "
             "pooled over neighbourhoods (summed, or weighted by residents, by the outcome's pooling attribute) "
             "(docs/sensitivity.md)");
  // Targets are cells of (outcome, scenario, contrast): dimensions, not parts of a label
  // (docs/decisions/0015-dimensions-not-names.md). Cells without a target hold NaN, computed 0.
  std::vector<std::string> outcomes, outcome_units, params;
  for (const SweepOutcome& o : s.outcomes) {
    outcomes.push_back(o.name);
    outcome_units.push_back(o.unit);
  }
  for (const auto& p : s.design.parameters) params.push_back(p.name);
  const std::vector<std::string> contrasts = {"level", "effect"};
  g.write_dim("outcome", outcomes,
              "outcome, or cba/NAME for a cost-benefit value of /cba (already against the baseline)");
  g.write_dim("scenario", s.scenarios, "scenario");
  g.write_dim("contrast", contrasts,
              "level: the outcome at the scenario; effect: the scenario minus the baseline, paired per point and "
              "replicate");
  g.write_dim("parameter", params, "swept parameter (dotted name)");
  g.write_strings("unit", outcome_units, "outcome",
                  "unit of the outcome (the unit of a Morris index is this unit per range)");
  const std::size_t k = params.size(), S = s.scenarios.size(), cells = outcomes.size() * S * contrasts.size();
  std::vector<std::size_t> cell(targets.size());  // each target's (outcome, scenario, contrast) cell
  std::vector<std::uint8_t> computed(cells, 0);
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const auto o =
        static_cast<std::size_t>(std::find(outcomes.begin(), outcomes.end(), targets[t].outcome) - outcomes.begin());
    cell[t] = (o * S + targets[t].scenario) * contrasts.size() + (targets[t].effect ? 1 : 0);
    computed[cell[t]] = 1;
  }
  const std::vector<std::string> target_dims = {"outcome", "scenario", "contrast"};
  std::vector<std::string> dims = target_dims;
  dims.emplace_back("parameter");
  g.write("computed", std::span<const std::uint8_t>(computed), target_dims, "1",
          "1 where the target has indices; 0 where it is not defined (the effect of the baseline, or a cost-benefit "
          "value at the baseline or as an effect) or was left out (attribute left_out)");
  const auto& cols = columns(m);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    std::vector<double> data(cells * k, std::nan(""));
    for (std::size_t t = 0; t < targets.size(); ++t)
      std::copy(results[t].column[c].begin(), results[t].column[c].end(),
                data.begin() + static_cast<std::ptrdiff_t>(cell[t] * k));
    g.write(cols[c].name, data, dims, cols[c].units, cols[c].long_name);
  }
  const auto& flagged = flagged_indices(m);
  for (std::size_t f = 0; f < flagged.size(); ++f) {
    std::vector<std::uint8_t> data(cells * k, 0);
    for (std::size_t t = 0; t < targets.size(); ++t)
      std::copy(results[t].flags[f].begin(), results[t].flags[f].end(),
                data.begin() + static_cast<std::ptrdiff_t>(cell[t] * k));
    h5::Dataset ds = g.write(flagged[f].name, std::span<const std::uint8_t>(data), dims, "1",
                             std::string("Flags of ") + cols[flagged[f].estimate].name +
                                 " (bit field): 1 the estimate is outside the index's possible range, 2 its interval "
                                 "includes zero, 4 it has no interval (docs/sensitivity.md, Flags); 0 where computed "
                                 "is 0");
    ds.set_attr("flag_meanings", "outside_range interval_includes_zero no_interval");
  }
  if (m == Method::Src) {
    std::vector<double> r2(cells, std::nan(""));
    for (std::size_t t = 0; t < targets.size(); ++t) r2[cell[t]] = results[t].r2;
    g.write("r2", r2, target_dims, "1",
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

bool write_into(const std::string& path, const std::function<void(h5::Group&)>& write, const h5::StopCheck& stop) {
  const fs::path final_path(path), tmp(path + ".tmp");
  files::remove_leftover(tmp, "the temporary copy of the sweep file");  // a link there is refused, never followed
  int fd = files::create_exclusive(tmp, "the temporary copy of the sweep file");
  try {
    copy_into(final_path, fd, tmp);
    ::close(fd);
    fd = -1;
    {
      h5::File f = h5::File::open_rw(tmp.string());
      h5::Group root = f.root();
      write(root);
      f.close();
    }
    if (h5::replace_durably(tmp, final_path, stop)) return true;
    ::unlink(tmp.c_str());
    return false;
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
}

}  // namespace buurtsim::sweep
