#include "experiments/runner/calibration_estimate.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "experiments/runner/calibration_batch.hpp"
#include "experiments/runner/calibration_simulate.hpp"
#include "experiments/runner/tasks.hpp"

namespace buurtsim::calibration {

Result estimate(const Calibration& c, std::vector<Generation> finished, const OnGeneration& on_generation,
                const BatchProgress& progress, double* simulation_seconds) {
  const Simulator sim(c.experiment, c.settings, c.problem);
  const Options o = c.options();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // For progress (rank 0): the distances of the current generation so far, and its tolerance.
  int current = -1;
  std::vector<double> so_far;
  double tolerance = finished.empty() ? kInf : quantile(finished.back().distances, o.quantile);
  const Evaluate evaluate = [&](int g, std::uint64_t first,
                                const std::vector<std::vector<double>>& thetas) -> std::optional<std::vector<double>> {
    const dist::Compute compute = [&](std::uint64_t id) -> dist::Result {
      const auto s = sim.simulate(thetas[id - first], simulation_seed(o.seed, static_cast<std::uint64_t>(g), id));
      if (!s) return {};
      return {distance(c.problem, *s)};
    };
    const auto r = run_batch(first, thetas.size(), compute, true, 1, simulation_seconds);
    if (!r) return std::nullopt;
    std::vector<double> d;
    for (const auto& x : *r) d.push_back(x[0]);
    if (g != current) current = g, so_far.clear();
    so_far.insert(so_far.end(), d.begin(), d.end());
    if (progress && dist::is_root())
      progress(g, so_far.size(), select_accepted(so_far, tolerance, o.particles).size(), tolerance);
    return d;
  };
  const OnGeneration on_gen = [&](const Generation& g) {
    tolerance = quantile(g.distances, o.quantile);
    return on_generation ? on_generation(g) : true;
  };
  return run_abc_smc(c.prior, o, evaluate, on_gen, std::move(finished));
}

std::optional<Predictive> predictive(const Calibration& c, const Generation& posterior, double level,
                                     double* simulation_seconds) {
  const Simulator sim(c.experiment, c.settings, c.problem);
  const std::size_t n = static_cast<std::size_t>(posterior.theta.rows()), m = c.problem.targets.size();
  const dist::Compute compute = [&](std::uint64_t id) -> dist::Result {
    const Eigen::VectorXd row = posterior.theta.row(static_cast<Eigen::Index>(id)).transpose();
    const auto s = sim.simulate(std::span<const double>(row.data(), static_cast<std::size_t>(row.size())),
                                simulation_seed(c.experiment.settings.seed, kPredictiveGeneration, id));
    if (!s) return {};
    dist::Result r;
    if (!s->valid) {
      r.assign(2 * m, std::nan(""));
    } else {
      r = s->estimate;
      r.insert(r.end(), s->scale.begin(), s->scale.end());
    }
    return r;
  };
  const auto results = run_batch(0, n, compute, false, 2 * m, simulation_seconds);
  if (!results) return std::nullopt;
  Predictive p;
  if (!dist::is_root()) return p;
  std::vector<double> values(n), scales(n);
  for (std::size_t t = 0; t < m; ++t) {
    for (std::size_t j = 0; j < n; ++j) {
      values[j] = (*results)[j][t];
      scales[j] = (*results)[j][m + t];
    }
    add_predictive(p, values, scales, posterior.weights, c.problem.targets[t].value, level);
  }
  return p;
}

}  // namespace buurtsim::calibration
