// The emulator estimator's pieces (docs/decisions/0014-emulator-calibration.md): the quadratic
// regression and its residual covariance, the Gaussian likelihood, the importance sampler
// against a case with a known posterior, and the convergence judgement with its message.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "experiments/analysis/calibration.hpp"
#include "experiments/analysis/emulator.hpp"

using namespace buurtsim::calibration;

namespace {

const Box kBox{{-2.0, 0.0}, {2.0, 10.0}};

// y1 = 3 + 2 a - b + 0.5 a^2, y2 = 10 b (exactly quadratic), plus noise of sd `noise`.
Eigen::MatrixXd outputs(const Eigen::MatrixXd& theta, double noise, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  Eigen::MatrixXd y(theta.rows(), 2);
  for (Eigen::Index i = 0; i < theta.rows(); ++i) {
    const double a = theta(i, 0), b = theta(i, 1);
    y(i, 0) = 3 + 2 * a - b + 0.5 * a * a + noise * z(rng);
    y(i, 1) = 10 * b + noise * z(rng);
  }
  return y;
}

}  // namespace

TEST(Emulator, RecoversAQuadraticAndItsNoise) {
  const Eigen::MatrixXd theta = latin_hypercube(kBox, 400, 1, 0);
  const Emulator exact(theta, outputs(theta, 0, 2), kBox);
  const std::vector<double> at{0.7, 3.0};
  EXPECT_NEAR(exact.mean(at)(0), 3 + 1.4 - 3 + 0.5 * 0.49, 1e-9);
  EXPECT_NEAR(exact.mean(at)(1), 30, 1e-9);
  const Emulator noisy(theta, outputs(theta, 0.5, 3), kBox);
  // 400 points: the residual variance within 3 of its standard errors (sd of a variance estimate
  // about 0.25 sqrt(2 / 394) = 0.018).
  EXPECT_NEAR(noisy.residual_covariance()(0, 0), 0.25, 3 * 0.018);
  EXPECT_NEAR(noisy.residual_covariance()(1, 1), 0.25, 3 * 0.018);
  EXPECT_GT(noisy.leverage(at), 0);
  EXPECT_LT(noisy.leverage(at), 0.1);
}

TEST(Emulator, LatinHypercubeFillsEveryStratum) {
  const Eigen::MatrixXd p = latin_hypercube(kBox, 20, 5, 1);
  for (Eigen::Index k = 0; k < 2; ++k) {
    std::vector<int> hits(20, 0);
    for (Eigen::Index i = 0; i < 20; ++i) {
      const auto kk = static_cast<std::size_t>(k);
      const double u = (p(i, k) - kBox.lo[kk]) / (kBox.hi[kk] - kBox.lo[kk]);
      ++hits[static_cast<std::size_t>(u * 20)];
    }
    for (const int h : hits) EXPECT_EQ(h, 1);
  }
  EXPECT_EQ(latin_hypercube(kBox, 20, 5, 1), p);  // keyed: the same again
  EXPECT_NE(latin_hypercube(kBox, 20, 5, 2), p);
}

// A linear emulator (y = theta exactly, one output per parameter) with sampling sd 0.1 and no
// residual: the posterior is normal around the observation with sd 0.1 (the box is far wider).
TEST(Emulator, PosteriorMatchesTheKnownGaussianPosterior) {
  const Box box{{-2.0, 0.0}, {2.0, 10.0}};
  const Eigen::MatrixXd theta = latin_hypercube(box, 60, 7, 0);
  const Emulator em(theta, theta, box);
  const std::vector<double> observed{0.3, 6.0}, var{0.01, 0.04};
  const WeightedSample s = sample_posterior(em, box, observed, var, 4000, 4, 11);
  for (Eigen::Index k = 0; k < 2; ++k) {
    double mean = 0, sq = 0;
    for (Eigen::Index i = 0; i < s.theta.rows(); ++i) mean += s.weights[static_cast<std::size_t>(i)] * s.theta(i, k);
    for (Eigen::Index i = 0; i < s.theta.rows(); ++i)
      sq += s.weights[static_cast<std::size_t>(i)] * (s.theta(i, k) - mean) * (s.theta(i, k) - mean);
    const double sd = std::sqrt(var[static_cast<std::size_t>(k)]);
    // ESS is above 1000: the mean within 3 se (sd / sqrt 1000), the sd within 10%.
    EXPECT_NEAR(mean, observed[static_cast<std::size_t>(k)], 3 * sd / std::sqrt(1000.0));
    EXPECT_NEAR(std::sqrt(sq), sd, 0.1 * sd);
  }
  EXPECT_GT(effective_sample_size(s.weights), 1000);
}

TEST(Emulator, ImplausibilityRulesOutFarValues) {
  const Eigen::MatrixXd theta = latin_hypercube(kBox, 60, 7, 0);
  const Emulator em(theta, theta, kBox);
  const std::vector<double> observed{0.3, 6.0}, var{0.01, 0.04};
  EXPECT_LT(implausibility(em, std::vector<double>{0.3, 6.0}, observed, var)[0], 0.1);
  EXPECT_GT(implausibility(em, std::vector<double>{1.0, 6.0}, observed, var)[0], 3);
}

// The width criterion and the message: 90% intervals of +-1.645 se are width ratio 1; four
// times that is not converged, and says so; a high ABC tolerance is not converged either.
TEST(Convergence, WidthRatioAndToleranceDecide) {
  Predictive p;
  for (const double half : {1.645 * 2.0, 1.645 * 1.5}) {
    p.mean.push_back(50);
    p.lo.push_back(50 - half);
    p.hi.push_back(50 + half);
    p.scale.push_back(2.0);
    p.misfit.push_back(0);
  }
  Convergence ok = assess_convergence(p, 90, std::nullopt);
  EXPECT_TRUE(ok.converged);
  EXPECT_NEAR(ok.width_ratio[0], 1.0, 1e-3);
  EXPECT_NEAR(ok.max_width_ratio, 1.0, 1e-3);
  EXPECT_TRUE(ok.reasons.empty());
  EXPECT_TRUE(assess_convergence(p, 90, 2.0).converged);

  const Convergence far = assess_convergence(p, 90, 6.6);
  EXPECT_FALSE(far.converged);
  ASSERT_EQ(far.reasons.size(), 1u);
  EXPECT_NE(far.reasons[0].find("noise floor"), std::string::npos);

  p.lo[1] = 50 - 4 * 1.645 * 2.0;
  p.hi[1] = 50 + 4 * 1.645 * 2.0;
  const Convergence wide = assess_convergence(p, 90, std::nullopt);
  EXPECT_FALSE(wide.converged);
  EXPECT_NEAR(wide.max_width_ratio, 4.0, 1e-3);
  ASSERT_EQ(wide.reasons.size(), 1u);
  EXPECT_NE(wide.reasons[0].find("1 of 2 predictive interval(s)"), std::string::npos);
  EXPECT_NEAR(normal_quantile(0.95), 1.6448536, 1e-6);
}
