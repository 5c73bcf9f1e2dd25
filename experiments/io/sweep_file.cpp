#include "experiments/io/sweep_file.hpp"

#include <cmath>
#include <numeric>

#include "experiments/io/write_uncertainty.hpp"
#include "model/params.hpp"

namespace buurtsim::sweep {

struct SweepFile::Open {
  std::vector<h5::Dataset> final_, weekly, cba;  // per outcome; per cba value
  h5::Dataset complete;
};

namespace {

constexpr const char* kCbaNames[PointShape::kCbaValues][2] = {
    {"npv_eur", "net present value against the baseline's same replicate (EUR, price year 2023)"},
    {"cost_eur", "present value of the costs against the baseline (EUR, price year 2023)"},
    {"benefit_eur", "present value of the benefits against the baseline (EUR, price year 2023)"}};

std::vector<std::int64_t> iota64(std::size_t n) {
  std::vector<std::int64_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

void write_point_dims(h5::Group& g, const config::Experiment& e, std::size_t points) {
  const auto ids = iota64(points);
  g.write_dim("point", std::span<const std::int64_t>(ids), "1", "design point");
  g.write_dim("scenario", run::scenario_names(e), "scenario");
  const auto reps = run::iota_int(static_cast<std::size_t>(e.replicates));
  g.write_dim("replicate", std::span<const std::int32_t>(reps), "1",
              "replicate number (common random numbers across points and scenarios)");
}

void write_design(h5::Group& root, const SweepSpec& spec, const Design& d) {
  h5::Group g = root.group("design");
  const auto ids = iota64(d.points);
  g.write_dim("point", std::span<const std::int64_t>(ids), "1", "design point");
  std::vector<std::string> names, units;
  std::vector<double> lo, hi;
  for (const ParameterRange& p : d.parameters) {
    names.push_back(p.name);
    units.emplace_back(param(*find_param(p.name)).unit);
    lo.push_back(p.lo);
    hi.push_back(p.hi);
  }
  g.write_dim("parameter", names, "parameter (dotted name of the registry)");
  g.write("value", std::span<const double>(d.values), {"point", "parameter"}, "parameter units (see units)",
          "the parameter's value at the design point");
  g.write("lo", std::span<const double>(lo), {"parameter"}, "parameter units", "lower end of the parameter's range");
  g.write("hi", std::span<const double>(hi), {"parameter"}, "parameter units", "upper end of the parameter's range");
  std::string unit_list;
  for (std::size_t i = 0; i < units.size(); ++i) unit_list += (i ? "," : "") + units[i];
  g.set_attr("units", unit_list);
  g.set_attr("design", design_name(spec.design.kind));
  g.set_attr("samples", static_cast<std::int64_t>(spec.design.samples));
  g.set_attr("levels", static_cast<std::int64_t>(spec.design.levels));
  g.set_attr("trajectories", static_cast<std::int64_t>(spec.design.trajectories));
  g.set_attr("design_seed", spec.design.seed);
}

}  // namespace

SweepFile::SweepFile(h5::File& file, const config::Experiment& e, const SweepSpec& spec, const Design& d,
                     const run::Provenance& p)
    : file_(file), shape_(point_shape(e, spec)), points_(d.points), open_(std::make_unique<Open>()) {
  h5::Group root = file.root();
  run::write_provenance(root, "sweep", e, p);
  uncertainty::write_uncertainty(root, e);
  root.set_attr("weeks", static_cast<std::int64_t>(e.settings.weeks));
  root.set_attr("burn_in_weeks", static_cast<std::int64_t>(e.settings.burn_in_weeks));
  root.set_attr("replicates", static_cast<std::int64_t>(e.replicates));
  root.set_attr("start_date", e.settings.start_date.str());
  root.set_attr("points", static_cast<std::int64_t>(d.points));
  write_design(root, spec, d);

  h5::Group fin = root.group("final");
  write_point_dims(fin, e, d.points);
  fin.write_dim("neighbourhood", run::neighbourhood_names(e), "neighbourhood");
  std::vector<std::int64_t> residents;
  for (const auto& nb : e.scenarios.front().neighbourhoods) residents.push_back(nb.residents);
  fin.write("residents", std::span<const std::int64_t>(residents), {"neighbourhood"}, "persons",
            "residents of the neighbourhood");
  fin.set_attr("final_weeks", static_cast<std::int64_t>(spec.final_weeks));
  fin.set_attr(
      "description",
      "each outcome's mean over the last final_weeks recorded weeks of each run; NaN until the point finished");
  for (const OutcomeInfo& info : all_outcomes()) {
    open_->final_.push_back(fin.reserve(std::string(info.name), std::nan(""),
                                        {"point", "scenario", "replicate", "neighbourhood"}, std::string(info.unit),
                                        "mean over the last weeks: " + std::string(info.long_name)));
    run::describe_outcome(open_->final_.back(), info);
  }
  if (shape_.weekly) {
    h5::Group w = root.group("weekly");
    write_point_dims(w, e, d.points);
    w.write_dim("neighbourhood", run::neighbourhood_names(e), "neighbourhood");
    run::write_week_dim(w, e, shape_.weeks);
    for (const OutcomeInfo& info : all_outcomes()) {
      open_->weekly.push_back(w.reserve(std::string(info.name), std::nan(""),
                                        {"point", "scenario", "replicate", "neighbourhood", "week"},
                                        std::string(info.unit), std::string(info.long_name)));
      run::describe_outcome(open_->weekly.back(), info);
      open_->weekly.back().set_attr("coordinates", run::kWeekCoordinates);
    }
  }
  if (shape_.cba) {
    h5::Group c = root.group("cba");
    write_point_dims(c, e, d.points);
    c.set_attr("description",
               "cost-benefit of each scenario against the baseline's same replicate at each point "
               "(docs/cost-benefit.md); NaN for the baseline and unfinished points");
    for (const auto& [name, long_name] : kCbaNames)
      open_->cba.push_back(c.reserve(name, std::nan(""), {"point", "scenario", "replicate"}, "EUR", long_name));
  }
  h5::Group st = root.group("status");
  const auto ids = iota64(d.points);
  st.write_dim("point", std::span<const std::int64_t>(ids), "1", "design point");
  open_->complete = st.reserve("complete", std::uint8_t{0}, {"point"}, "1", "1 when every run of the point finished");
  st.set_attr("points_total", static_cast<std::int64_t>(d.points));
  st.set_attr("points_done", std::int64_t{0});
  file.flush();
}

SweepFile::~SweepFile() = default;

void SweepFile::write_point(std::size_t point, const std::vector<double>& row) {
  if (row.size() != shape_.size()) throw std::logic_error("sweep: a point's row has the wrong size");
  const std::size_t per = shape_.final_size() / outcome_count();
  const double* at = row.data();
  for (std::size_t o = 0; o < outcome_count(); ++o, at += per)
    open_->final_[o].write_row(point, std::span<const double>(at, per));
  if (shape_.weekly) {
    const std::size_t wper = per * shape_.weeks;
    // The row holds [outcome][scenario][replicate][neighbourhood][week].
    for (std::size_t o = 0; o < outcome_count(); ++o, at += wper)
      open_->weekly[o].write_row(point, std::span<const double>(at, wper));
  }
  if (shape_.cba) {
    const std::size_t cper = shape_.scenarios * shape_.replicates;
    for (std::size_t v = 0; v < PointShape::kCbaValues; ++v, at += cper)
      open_->cba[v].write_row(point, std::span<const double>(at, cper));
  }
  const std::uint8_t one = 1;
  open_->complete.write_row(point, std::span<const std::uint8_t>(&one, 1));
  ++done_;
}

void SweepFile::flush() {
  file_.root().group("status").set_attr("points_done", static_cast<std::int64_t>(done_));
  file_.flush();
}

void SweepFile::finish() {
  h5::Group root = file_.root();
  if (shape_.cba) {
    // The probability that the net value is positive across the draws: the share of (point,
    // replicate) pairs with NPV > 0, per scenario (NaN for the baseline).
    h5::Group c = root.group("cba");
    const std::vector<double> npv = c.read<double>("npv_eur");
    std::vector<double> p(shape_.scenarios, 0.0), n(shape_.scenarios, 0.0);
    for (std::size_t i = 0; i < npv.size(); ++i) {
      const std::size_t s = (i / shape_.replicates) % shape_.scenarios;
      if (std::isnan(npv[i])) continue;
      n[s] += 1;
      p[s] += npv[i] > 0 ? 1 : 0;
    }
    for (std::size_t s = 0; s < p.size(); ++s) p[s] = n[s] > 0 ? p[s] / n[s] : std::nan("");
    c.write("p_npv_positive", std::span<const double>(p), {"scenario"}, "1",
            "share of (point, replicate) draws with a positive net present value");
  }
  flush();
}

void SweepFile::close() {
  open_.reset();
  file_.close();
}

}  // namespace buurtsim::sweep
