#include "experiments/runner/sweep_point.hpp"

#include <cmath>

#include "experiments/analysis/cba.hpp"
#include "experiments/config/plan.hpp"
#include "experiments/runner/runner.hpp"
#include "model/params.hpp"

namespace buurtsim::sweep {

config::Experiment experiment_at(const config::Experiment& base, const Design& d, std::size_t point) {
  config::Experiment e = base;
  std::vector<config::Override> overrides;
  for (std::size_t i = 0; i < d.parameters.size(); ++i)
    overrides.push_back({*find_param(d.parameters[i].name), d.value(point, i), -1});
  for (ScenarioSpec& s : e.scenarios) {
    for (const RuleViolation& v : config::apply_overrides(s, overrides, e.settings, e.settings.weeks)) {
      std::string values;
      for (std::size_t i = 0; i < d.parameters.size(); ++i)
        values += (i ? ", " : "") + d.parameters[i].name + " = " +
                  param(*find_param(d.parameters[i].name)).format(d.value(point, i));
      throw config::ConfigError(base.source + ": [sweep]: design point " + std::to_string(point) + " (" + values +
                                ") breaks a rule in scenario \"" + s.name +
                                "\": " + (v.key.empty() ? "" : "'" + v.key + "': ") + v.message +
                                "; narrow the parameters' ranges");
    }
  }
  return e;
}

std::vector<double> simulate_point(const config::Experiment& base, const SweepSpec& spec, const Design& d,
                                   std::size_t point, double level) {
  const config::Experiment e = experiment_at(base, d, point);
  run::RunResults r;
  run::run_experiment(e, r, {});
  for (const std::uint8_t done : r.complete)
    if (!done) return {};
  const PointShape shape = point_shape(e, spec);
  std::vector<double> row;
  row.reserve(shape.size());
  const std::size_t first = r.weeks - static_cast<std::size_t>(spec.final_weeks);
  for (std::size_t o = 0; o < outcome_count(); ++o)
    for (std::size_t s = 0; s < r.scenarios; ++s)
      for (std::size_t rep = 0; rep < r.replicates; ++rep)
        for (std::size_t nb = 0; nb < r.neighbourhoods; ++nb) {
          double sum = 0;
          for (std::size_t w = first; w < r.weeks; ++w) sum += r.outcomes[r.outcome_index(o, s, rep, nb, w)];
          row.push_back(sum / static_cast<double>(r.weeks - first));
        }
  if (shape.weekly) {
    // RunResults holds [outcome][scenario][replicate][neighbourhood][week]: the same order.
    row.insert(row.end(), r.outcomes.begin(), r.outcomes.end());
  }
  if (shape.cba) {
    const std::optional<cba::CbaResults> c = cba::compute_cba(e, r, level);
    for (std::size_t value = 0; value < PointShape::kCbaValues; ++value)
      for (std::size_t s = 0; s < r.scenarios; ++s)
        for (std::size_t rep = 0; rep < r.replicates; ++rep) {
          const cba::ReplicateCba& rc =
              c->scenarios[s].replicates.size() > rep ? c->scenarios[s].replicates[rep] : cba::ReplicateCba{};
          const double v = value == 0 ? rc.npv : value == 1 ? rc.cost : rc.benefit;
          row.push_back(rc.valid ? v : std::nan(""));
        }
  }
  return row;
}

}  // namespace buurtsim::sweep
