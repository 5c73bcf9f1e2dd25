#include "experiments/analysis/emulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "experiments/analysis/streams.hpp"
#include "model/rng.hpp"

namespace buurtsim::calibration {
namespace {

std::span<const double> row_of(const Eigen::MatrixXd& m, Eigen::Index i, std::vector<double>& buffer) {
  buffer.resize(static_cast<std::size_t>(m.cols()));
  for (Eigen::Index k = 0; k < m.cols(); ++k) buffer[static_cast<std::size_t>(k)] = m(i, k);
  return buffer;
}

}  // namespace

bool Box::contains(std::span<const double> theta) const {
  for (std::size_t k = 0; k < size(); ++k)
    if (!(theta[k] >= lo[k] && theta[k] <= hi[k])) return false;
  return true;
}

std::size_t quadratic_feature_count(std::size_t parameters) {
  return 1 + parameters + parameters * (parameters + 1) / 2;
}

Eigen::VectorXd quadratic_features(std::span<const double> theta, const Box& scale) {
  const std::size_t d = scale.size();
  Eigen::VectorXd x(static_cast<Eigen::Index>(quadratic_feature_count(d)));
  std::vector<double> u(d);
  for (std::size_t k = 0; k < d; ++k) u[k] = 2 * (theta[k] - scale.lo[k]) / (scale.hi[k] - scale.lo[k]) - 1;
  Eigen::Index at = 0;
  x(at++) = 1;
  for (std::size_t k = 0; k < d; ++k) x(at++) = u[k];
  for (std::size_t k = 0; k < d; ++k)
    for (std::size_t l = k; l < d; ++l) x(at++) = u[k] * u[l];
  return x;
}

Emulator::Emulator(const Eigen::MatrixXd& theta, const Eigen::MatrixXd& y, const Box& scale) : scale_(scale) {
  const Eigen::Index n = theta.rows(), p = static_cast<Eigen::Index>(quadratic_feature_count(scale.size()));
  if (n <= p) throw std::invalid_argument("the emulator needs more design points than regressors");
  Eigen::MatrixXd x(n, p);
  std::vector<double> buf;
  for (Eigen::Index i = 0; i < n; ++i) x.row(i) = quadratic_features(row_of(theta, i, buf), scale_).transpose();
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  beta_ = qr.solve(y);
  xtx_inv_ = (x.transpose() * x).completeOrthogonalDecomposition().pseudoInverse();
  const Eigen::MatrixXd resid = y - x * beta_;
  const auto dof = static_cast<double>(n - qr.rank());
  const Eigen::MatrixXd s = resid.transpose() * resid / dof;
  const auto m = static_cast<double>(y.cols());
  const double lambda = m / (m + dof);
  cov_ = (1 - lambda) * s;
  cov_.diagonal() = s.diagonal();
  // A floor far below any survey error keeps a constant output from making S singular.
  cov_.diagonal().array() += 1e-12;
}

Eigen::VectorXd Emulator::mean(std::span<const double> theta) const {
  return beta_.transpose() * quadratic_features(theta, scale_);
}

double Emulator::leverage(std::span<const double> theta) const {
  const Eigen::VectorXd x = quadratic_features(theta, scale_);
  return x.dot(xtx_inv_ * x);
}

double log_likelihood(const Emulator& em, std::span<const double> theta, std::span<const double> observed,
                      std::span<const double> sampling_var) {
  const Eigen::VectorXd f = em.mean(theta);
  const auto m = static_cast<Eigen::Index>(observed.size());
  Eigen::MatrixXd sigma = (1 + em.leverage(theta)) * em.residual_covariance();
  Eigen::VectorXd r(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    sigma(i, i) += sampling_var[static_cast<std::size_t>(i)];
    r(i) = observed[static_cast<std::size_t>(i)] - f(i);
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(sigma);
  if (llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  const Eigen::VectorXd z = llt.matrixL().solve(r);
  double logdet = 0;
  for (Eigen::Index i = 0; i < m; ++i) logdet += 2 * std::log(llt.matrixL()(i, i));
  return -0.5 * (z.squaredNorm() + logdet);
}

std::vector<double> implausibility(const Emulator& em, std::span<const double> theta, std::span<const double> observed,
                                   std::span<const double> sampling_var) {
  const Eigen::VectorXd f = em.mean(theta);
  const double h = em.leverage(theta);
  std::vector<double> out(observed.size());
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    out[i] = std::abs(observed[i] - f(ii)) / std::sqrt(sampling_var[i] + (1 + h) * em.residual_covariance()(ii, ii));
  }
  return out;
}

Eigen::MatrixXd latin_hypercube(const Box& box, std::size_t points, std::uint64_t seed, std::uint32_t wave) {
  const std::size_t d = box.size();
  Eigen::MatrixXd out(static_cast<Eigen::Index>(points), static_cast<Eigen::Index>(d));
  for (std::size_t k = 0; k < d; ++k) {
    Draws draws(StreamKey{seed, 0}, experiment_streams::calibration_design, wave, static_cast<std::uint32_t>(k));
    std::vector<std::size_t> order(points);
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = points; i > 1; --i)  // Fisher-Yates
      std::swap(order[i - 1], order[draws.below(static_cast<std::uint32_t>(i))]);
    for (std::size_t i = 0; i < points; ++i) {
      const double u = (static_cast<double>(order[i]) + draws.uniform()) / static_cast<double>(points);
      out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = box.lo[k] + u * (box.hi[k] - box.lo[k]);
    }
  }
  return out;
}

namespace {

double effective_share(std::span<const double> logw, double beta, std::span<const double> ll, std::vector<double>& w) {
  // A draw outside the box or with a zero likelihood has logw = -inf and weight 0.
  auto log_weight = [&](std::size_t i) {
    return std::isfinite(logw[i]) ? logw[i] + beta * ll[i] : -std::numeric_limits<double>::infinity();
  };
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < logw.size(); ++i) top = std::max(top, log_weight(i));
  if (!std::isfinite(top)) return 0;
  double sum = 0, sum2 = 0;
  for (std::size_t i = 0; i < logw.size(); ++i) {
    w[i] = std::exp(log_weight(i) - top);
    sum += w[i];
    sum2 += w[i] * w[i];
  }
  for (double& x : w) x /= sum;
  return sum * sum / sum2 / static_cast<double>(logw.size());
}

}  // namespace

WeightedSample sample_posterior(const Emulator& em, const Box& box, std::span<const double> observed,
                                std::span<const double> sampling_var, std::size_t draws, int rounds,
                                std::uint64_t seed) {
  const std::size_t d = box.size();
  const auto dd = static_cast<Eigen::Index>(d);
  double log_volume = 0;
  for (std::size_t k = 0; k < d; ++k) log_volume += std::log(box.hi[k] - box.lo[k]);
  constexpr double kUniformShare = 0.1;  // defensive mixture (Hesterberg 1995): the tails stay covered
  // Tempering: each round's target is the likelihood to the power beta, beta raised as far as
  // keeps half the draws effective, so that a posterior far narrower than the box is approached
  // step by step instead of from one uniform round, whose few heavy draws would make a
  // degenerate proposal (an effective sample of 2 of 4,000 on a real buurt's twelve figures).
  constexpr double kKeepShare = 0.5;
  constexpr int kMaxTemperingRounds = 60;
  WeightedSample s;
  Eigen::VectorXd mu;
  Eigen::MatrixXd chol;
  double log_norm = 0;  // log of the normal's constant
  double beta = 0;
  int rounds_at_one = 0;
  std::vector<double> theta(d), logw(draws), w(draws);
  for (int round = 0;; ++round) {
    s.theta.resize(static_cast<Eigen::Index>(draws), dd);
    s.log_likelihood.assign(draws, -std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < draws; ++i) {
      Draws r(StreamKey{seed, 0}, experiment_streams::calibration_posterior, static_cast<std::uint32_t>(round),
              static_cast<std::uint32_t>(i));
      const bool uniform = round == 0 || r.uniform() < kUniformShare;
      if (uniform) {
        for (std::size_t k = 0; k < d; ++k) theta[k] = box.lo[k] + r.uniform() * (box.hi[k] - box.lo[k]);
      } else {
        Eigen::VectorXd z(dd);
        for (Eigen::Index k = 0; k < dd; ++k) z(k) = r.normal();
        const Eigen::VectorXd t = mu + chol * z;
        for (std::size_t k = 0; k < d; ++k) theta[k] = t(static_cast<Eigen::Index>(k));
      }
      for (std::size_t k = 0; k < d; ++k)
        s.theta(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = theta[k];
      logw[i] = -std::numeric_limits<double>::infinity();
      if (!box.contains(theta)) continue;
      double log_q = -log_volume;
      if (round > 0) {
        Eigen::VectorXd t(dd);
        for (std::size_t k = 0; k < d; ++k) t(static_cast<Eigen::Index>(k)) = theta[k];
        const Eigen::VectorXd z = chol.triangularView<Eigen::Lower>().solve(t - mu);
        const double log_normal = log_norm - 0.5 * z.squaredNorm();
        log_q = std::log(kUniformShare * std::exp(-log_volume) + (1 - kUniformShare) * std::exp(log_normal));
      }
      s.log_likelihood[i] = log_likelihood(em, theta, observed, sampling_var);
      if (std::isfinite(s.log_likelihood[i])) logw[i] = -log_volume - log_q;  // the uniform prior over the proposal
    }
    if (!(effective_share(logw, 0.0, s.log_likelihood, w) > 0))
      throw std::runtime_error("the emulated likelihood is zero everywhere in the box");
    // This round's power: 1 once reached; else the largest that keeps kKeepShare effective
    // (bisection), and never lower than the last.
    if (beta < 1) {
      if (effective_share(logw, 1.0, s.log_likelihood, w) >= kKeepShare || round + 1 >= kMaxTemperingRounds) {
        beta = 1;
      } else {
        double lo = beta, hi = 1;
        for (int it = 0; it < 40; ++it) {
          const double mid = 0.5 * (lo + hi);
          (effective_share(logw, mid, s.log_likelihood, w) >= kKeepShare ? lo : hi) = mid;
        }
        beta = lo;
      }
    }
    effective_share(logw, beta, s.log_likelihood, w);
    if (beta == 1 && rounds_at_one++ == rounds) break;
    // The next proposal: the weighted mean and twice the weighted covariance.
    mu = Eigen::VectorXd::Zero(dd);
    for (std::size_t i = 0; i < draws; ++i) mu += w[i] * s.theta.row(static_cast<Eigen::Index>(i)).transpose();
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(dd, dd);
    for (std::size_t i = 0; i < draws; ++i) {
      const Eigen::VectorXd c = s.theta.row(static_cast<Eigen::Index>(i)).transpose() - mu;
      cov += w[i] * c * c.transpose();
    }
    cov *= 2;
    for (std::size_t k = 0; k < d; ++k) {  // never narrower than a thousandth of the box
      const double floor = 1e-3 * (box.hi[k] - box.lo[k]);
      cov(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)) += floor * floor;
    }
    chol = Eigen::LLT<Eigen::MatrixXd>(cov).matrixL();
    log_norm = -0.5 * static_cast<double>(d) * std::log(2 * 3.141592653589793);
    for (Eigen::Index k = 0; k < dd; ++k) log_norm -= std::log(chol(k, k));
  }
  s.weights = w;
  return s;
}

}  // namespace buurtsim::calibration
