#include "experiments/analysis/abc_smc.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "experiments/analysis/streams.hpp"
#include "model/rng.hpp"

namespace buurtsim::calibration {
namespace {

constexpr std::uint32_t kProposalStream = experiment_streams::proposal;
constexpr int kMaxRedraws = 1000;

bool inside(const Prior& prior, std::span<const double> theta) {
  for (std::size_t k = 0; k < prior.size(); ++k)
    if (!(theta[k] >= prior.lo[k] && theta[k] <= prior.hi[k])) return false;
  return true;
}

}  // namespace

double effective_sample_size(std::span<const double> weights) {
  double s = 0, s2 = 0;
  for (const double w : weights) s += w, s2 += w * w;
  return s2 > 0 ? s * s / s2 : 0.0;
}

std::vector<double> normalised(std::span<const double> weights) {
  const double s = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<double> out(weights.begin(), weights.end());
  if (!(s > 0)) throw std::invalid_argument("normalised: weights sum to zero");
  for (double& w : out) w /= s;
  return out;
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double cum = 0;
  for (const std::size_t i : order) {
    cum += weights[i];
    if (cum >= q * total * (1 - 1e-12)) return values[i];
  }
  return order.empty() ? std::nan("") : values[order.back()];
}

std::vector<std::size_t> select_accepted(std::span<const double> distances, double tolerance, std::size_t wanted) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < distances.size() && out.size() < wanted; ++i)
    if (distances[i] <= tolerance) out.push_back(i);  // false for NaN
  return out;
}

Eigen::MatrixXd weighted_covariance(const Eigen::MatrixXd& theta, std::span<const double> weights) {
  const auto n = theta.rows(), p = theta.cols();
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(p);
  for (Eigen::Index i = 0; i < n; ++i) mean += weights[static_cast<std::size_t>(i)] * theta.row(i).transpose();
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(p, p);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::VectorXd d = theta.row(i).transpose() - mean;
    cov += weights[static_cast<std::size_t>(i)] * d * d.transpose();
  }
  return cov;
}

Kernel::Kernel(const Generation& previous, const Prior& prior) : prev_(previous), prior_(prior) {
  const auto p = static_cast<Eigen::Index>(prior.size());
  cov_ = 2.0 * weighted_covariance(previous.theta, previous.weights);
  // A floor on each variance (a millionth of the prior's width squared) keeps the kernel proper
  // when a generation has collapsed onto one value.
  for (Eigen::Index k = 0; k < p; ++k) {
    const double w = prior.hi[static_cast<std::size_t>(k)] - prior.lo[static_cast<std::size_t>(k)];
    cov_(k, k) = std::max(cov_(k, k), 1e-6 * w * w);
  }
  Eigen::LLT<Eigen::MatrixXd> llt(cov_);
  if (llt.info() != Eigen::Success) {  // not positive definite: keep the variances only
    cov_ = Eigen::MatrixXd(cov_.diagonal().asDiagonal());
    llt.compute(cov_);
  }
  chol_ = llt.matrixL();
  precision_ = llt.solve(Eigen::MatrixXd::Identity(p, p));
}

std::vector<double> Kernel::propose(std::uint64_t seed, int g, std::uint64_t index) const {
  Draws d(StreamKey{seed, 0}, kProposalStream, g, static_cast<std::uint32_t>(index));
  const auto p = static_cast<Eigen::Index>(prior_.size());
  for (int attempt = 0; attempt < kMaxRedraws; ++attempt) {
    // The ancestor by weight.
    const double u = d.uniform();
    std::size_t j = 0;
    double cum = prev_.weights[0];
    while (cum <= u && j + 1 < prev_.weights.size()) cum += prev_.weights[++j];
    Eigen::VectorXd z(p);
    for (Eigen::Index k = 0; k < p; ++k) z(k) = d.normal();
    const Eigen::VectorXd x = prev_.theta.row(static_cast<Eigen::Index>(j)).transpose() + chol_ * z;
    std::vector<double> theta(x.data(), x.data() + p);
    if (inside(prior_, theta)) return theta;
  }
  // The kernel keeps missing the prior's box (practically never): a draw from the prior.
  std::vector<double> theta(prior_.size());
  for (std::size_t k = 0; k < prior_.size(); ++k) theta[k] = prior_.lo[k] + (prior_.hi[k] - prior_.lo[k]) * d.uniform();
  return theta;
}

double Kernel::weight(std::span<const double> theta) const {
  const auto p = static_cast<Eigen::Index>(prior_.size());
  const Eigen::Map<const Eigen::VectorXd> x(theta.data(), p);
  // log sum_j w_j exp(-q_j / 2), by log-sum-exp.
  std::vector<double> log_terms(prev_.weights.size());
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < prev_.weights.size(); ++j) {
    const Eigen::VectorXd dx = x - prev_.theta.row(static_cast<Eigen::Index>(j)).transpose();
    log_terms[j] = std::log(prev_.weights[j]) - 0.5 * dx.dot(precision_ * dx);
    top = std::max(top, log_terms[j]);
  }
  double s = 0;
  for (const double t : log_terms) s += std::exp(t - top);
  return std::exp(-(top + std::log(s)));
}

std::vector<double> propose_from_prior(const Prior& prior, std::uint64_t seed, std::uint64_t index) {
  Draws d(StreamKey{seed, 0}, kProposalStream, 0, static_cast<std::uint32_t>(index));
  std::vector<double> theta(prior.size());
  for (std::size_t k = 0; k < prior.size(); ++k) theta[k] = prior.lo[k] + (prior.hi[k] - prior.lo[k]) * d.uniform();
  return theta;
}

const char* describe(Stop stop) {
  switch (stop) {
    case Stop::Generations:
      return "the number of generations was reached";
    case Stop::Tolerance:
      return "the final tolerance was reached";
    case Stop::Acceptance:
      return "the acceptance rate fell below min_acceptance";
    case Stop::MaxProposals:
      return "a generation used particles / min_acceptance proposals without enough acceptances; the previous "
             "generation is the posterior";
    case Stop::Interrupted:
      return "interrupted";
  }
  return "";
}

std::optional<Stop> stop_after(const Generation& g, const Options& o) {
  if (g.index + 1 >= o.generations) return Stop::Generations;
  if (o.final_tolerance && g.tolerance <= *o.final_tolerance) return Stop::Tolerance;
  if (g.acceptance_rate < o.min_acceptance) return Stop::Acceptance;
  return std::nullopt;
}

Result run_abc_smc(const Prior& prior, const Options& o, const Evaluate& evaluate, const OnGeneration& on_generation,
                   std::vector<Generation> finished) {
  Result result;
  result.generations = std::move(finished);
  const auto p = static_cast<Eigen::Index>(prior.size());
  const auto max_proposals = static_cast<std::size_t>(std::ceil(static_cast<double>(o.particles) / o.min_acceptance));
  while (true) {
    if (!result.generations.empty()) {
      if (const auto stop = stop_after(result.generations.back(), o)) {
        result.stop = *stop;
        return result;
      }
    }
    const auto start = std::chrono::steady_clock::now();
    const int g = static_cast<int>(result.generations.size());
    const Generation* prev = g ? &result.generations.back() : nullptr;
    std::optional<Kernel> kernel;
    if (prev) kernel.emplace(*prev, prior);
    // Generation 0 accepts every valid draw from the prior; later ones a quantile of the
    // previous generation's distances.
    const double tolerance = prev ? quantile(prev->distances, o.quantile) : std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> thetas;
    std::vector<double> distances;
    std::vector<std::size_t> accepted;
    while (accepted.size() < o.particles) {
      if (distances.size() >= max_proposals) {
        result.stop = Stop::MaxProposals;
        return result;
      }
      const std::uint64_t first = distances.size();
      std::vector<std::vector<double>> batch;
      for (std::size_t i = 0; i < o.batch; ++i)
        batch.push_back(prev ? kernel->propose(o.seed, g, first + i) : propose_from_prior(prior, o.seed, first + i));
      const auto d = evaluate(g, first, batch);
      if (!d) {
        result.stop = Stop::Interrupted;
        return result;
      }
      thetas.insert(thetas.end(), batch.begin(), batch.end());
      distances.insert(distances.end(), d->begin(), d->end());
      accepted = select_accepted(distances, tolerance, o.particles);
    }
    Generation gen;
    gen.index = g;
    gen.proposals = accepted.back() + 1;
    for (std::size_t i = 0; i < gen.proposals; ++i) gen.invalid += std::isnan(distances[i]) ? 1u : 0u;
    gen.acceptance_rate = static_cast<double>(o.particles) / static_cast<double>(gen.proposals);
    gen.theta.resize(static_cast<Eigen::Index>(o.particles), p);
    std::vector<double> raw(o.particles, 1.0);
    for (std::size_t k = 0; k < accepted.size(); ++k) {
      const auto& th = thetas[accepted[k]];
      for (Eigen::Index c = 0; c < p; ++c) gen.theta(static_cast<Eigen::Index>(k), c) = th[static_cast<std::size_t>(c)];
      gen.distances.push_back(distances[accepted[k]]);
      if (kernel) raw[k] = kernel->weight(th);
    }
    gen.weights = normalised(raw);
    gen.ess = effective_sample_size(gen.weights);
    gen.tolerance = prev ? tolerance : *std::max_element(gen.distances.begin(), gen.distances.end());
    gen.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.generations.push_back(std::move(gen));
    if (on_generation && !on_generation(result.generations.back())) {
      result.stop = Stop::Interrupted;
      return result;
    }
  }
}

}  // namespace buurtsim::calibration
