#include "experiments/calibration/estimate.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "experiments/calibration/simulate.hpp"
#include "experiments/dist/tasks.hpp"

namespace buurtsim::calibration {
namespace {

// Runs tasks first..first+count-1 collectively; rank 0's results (one vector per task, empty
// when not delivered) are broadcast to every rank only when `share`. Returns nothing when
// interrupted; throws on every rank when a task failed.
std::optional<std::vector<std::vector<double>>> run_batch(std::uint64_t first, std::size_t count,
                                                          const dist::Compute& compute, bool share, std::size_t width,
                                                          double* seconds) {
  std::vector<std::uint64_t> ids(count);
  std::iota(ids.begin(), ids.end(), first);
  std::vector<std::vector<double>> results(count);
  std::string failure;
  bool stopped = false;
  const auto start = std::chrono::steady_clock::now();
  try {
    const dist::Outcome o =
        dist::run_tasks(ids, compute, [&](std::uint64_t id, dist::Result&& r) { results[id - first] = std::move(r); });
    stopped = o.stopped;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (seconds) *seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Rank 0 tells every rank whether the batch failed or stopped, and (when shared) the results.
  std::string message = failure;
  dist::broadcast(message);
  if (!message.empty()) throw std::runtime_error(message);
  std::vector<double> flat{stopped ? 1.0 : 0.0};
  if (share && dist::is_root())
    for (const auto& r : results) {
      if (r.size() != width) stopped = true, flat[0] = 1.0;
      flat.insert(flat.end(), r.begin(), r.end());
    }
  dist::broadcast(flat);
  if (flat[0] != 0.0) return std::nullopt;
  if (share && !dist::is_root())
    for (std::size_t i = 0; i < count; ++i)
      results[i].assign(flat.begin() + 1 + static_cast<std::ptrdiff_t>(i * width),
                        flat.begin() + 1 + static_cast<std::ptrdiff_t>((i + 1) * width));
  return results;
}

}  // namespace

Options Calibration::options() const {
  Options o;
  o.particles = settings.particles;
  o.generations = settings.generations;
  o.final_tolerance = settings.final_tolerance;
  o.min_acceptance = settings.min_acceptance;
  o.batch = settings.batch_size();
  o.quantile = settings.quantile;
  o.seed = experiment.settings.seed;
  return o;
}

Calibration prepare(config::Experiment e, ObservedData data) {
  Calibration c;
  c.experiment = std::move(e);
  c.settings = read_settings(c.experiment);
  c.data = std::move(data);
  c.problem = match_targets(c.data, c.settings, c.experiment);
  for (const auto& p : c.settings.parameters) {
    c.prior.lo.push_back(p.lo);
    c.prior.hi.push_back(p.hi);
  }
  return c;
}

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
  const double tail = (1.0 - level / 100.0) / 2.0;
  for (std::size_t t = 0; t < m; ++t) {
    std::vector<double> values, weights;
    double scale = 0, scale_w = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const double v = (*results)[j][t];
      if (!std::isfinite(v)) continue;
      values.push_back(v);
      weights.push_back(posterior.weights[j]);
      scale += posterior.weights[j] * (*results)[j][m + t];
      scale_w += posterior.weights[j];
    }
    if (values.empty()) {
      p.mean.push_back(std::nan("")), p.lo.push_back(std::nan("")), p.hi.push_back(std::nan("")),
          p.scale.push_back(std::nan(""));
      p.misfit.push_back(0);
      continue;
    }
    const auto w = normalised(weights);
    p.mean.push_back(std::inner_product(values.begin(), values.end(), w.begin(), 0.0));
    p.lo.push_back(weighted_quantile(values, w, tail));
    p.hi.push_back(weighted_quantile(values, w, 1.0 - tail));
    p.scale.push_back(scale / scale_w);
    const double obs = c.problem.targets[t].value;
    p.misfit.push_back(obs < p.lo.back() || obs > p.hi.back() ? 1 : 0);
  }
  return p;
}

Summary summarise(const Prior& prior, const Generation& posterior, double level) {
  Summary s;
  const double tail = (1.0 - level / 100.0) / 2.0;
  for (std::size_t k = 0; k < prior.size(); ++k) {
    std::vector<double> v(static_cast<std::size_t>(posterior.theta.rows()));
    for (std::size_t i = 0; i < v.size(); ++i)
      v[i] = posterior.theta(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k));
    const double mean = std::inner_product(v.begin(), v.end(), posterior.weights.begin(), 0.0);
    double var = 0;
    for (std::size_t i = 0; i < v.size(); ++i) var += posterior.weights[i] * (v[i] - mean) * (v[i] - mean);
    s.mean.push_back(mean);
    s.lo.push_back(weighted_quantile(v, posterior.weights, tail));
    s.hi.push_back(weighted_quantile(v, posterior.weights, 1.0 - tail));
    s.prior_sd.push_back((prior.hi[k] - prior.lo[k]) / std::sqrt(12.0));
    s.posterior_sd.push_back(std::sqrt(var));
    s.shrinkage.push_back(1.0 - s.posterior_sd.back() / s.prior_sd.back());
  }
  return s;
}

std::vector<double> pack(const std::vector<Generation>& gens) {
  std::vector<double> v{static_cast<double>(gens.size())};
  for (const Generation& g : gens) {
    v.insert(v.end(), {static_cast<double>(g.index), g.tolerance, static_cast<double>(g.proposals),
                       static_cast<double>(g.invalid), g.acceptance_rate, g.ess, g.seconds,
                       static_cast<double>(g.theta.rows()), static_cast<double>(g.theta.cols())});
    for (Eigen::Index i = 0; i < g.theta.rows(); ++i)
      for (Eigen::Index k = 0; k < g.theta.cols(); ++k) v.push_back(g.theta(i, k));
    v.insert(v.end(), g.weights.begin(), g.weights.end());
    v.insert(v.end(), g.distances.begin(), g.distances.end());
  }
  return v;
}

std::vector<Generation> unpack(const std::vector<double>& v) {
  std::vector<Generation> gens;
  std::size_t at = 0;
  const auto count = static_cast<std::size_t>(v.at(at++));
  for (std::size_t n = 0; n < count; ++n) {
    Generation g;
    g.index = static_cast<int>(v.at(at++));
    g.tolerance = v.at(at++);
    g.proposals = static_cast<std::size_t>(v.at(at++));
    g.invalid = static_cast<std::size_t>(v.at(at++));
    g.acceptance_rate = v.at(at++);
    g.ess = v.at(at++);
    g.seconds = v.at(at++);
    const auto rows = static_cast<Eigen::Index>(v.at(at++)), cols = static_cast<Eigen::Index>(v.at(at++));
    g.theta.resize(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
      for (Eigen::Index k = 0; k < cols; ++k) g.theta(i, k) = v.at(at++);
    for (Eigen::Index i = 0; i < rows; ++i) g.weights.push_back(v.at(at++));
    for (Eigen::Index i = 0; i < rows; ++i) g.distances.push_back(v.at(at++));
    gens.push_back(std::move(g));
  }
  return gens;
}

}  // namespace buurtsim::calibration
