#pragma once
// The emulator of a calibration (docs/decisions/0014-emulator-calibration.md): a quadratic
// regression of the simulated population values on the parameters, fitted to simulations at a
// design of parameter values, with the residual covariance (the model's run-to-run noise and
// the regression's lack of fit) estimated from the same simulations. With it the likelihood of
// the observed survey figures is Gaussian (Wood 2010's synthetic likelihood, its mean a
// regression on the parameters as in emulator-based calibration, Andrianakis et al. 2015):
//   y ~ N(f(theta), D + (1 + h(theta)) S),
// D the observations' sampling variances, S the residual covariance, h(theta) the regression's
// leverage at theta (the emulator's own uncertainty). Pure computations, no simulation.
#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <vector>

#include "experiments/analysis/abc_smc.hpp"

namespace buurtsim::calibration {

// A box of parameter values.
struct Box {
  std::vector<double> lo, hi;
  std::size_t size() const { return lo.size(); }
  bool contains(std::span<const double> theta) const;
};

// The regressors of the quadratic emulator: 1, x_k and x_k x_l (k <= l), with x the parameters
// scaled to [-1, 1] on `scale`.
Eigen::VectorXd quadratic_features(std::span<const double> theta, const Box& scale);
std::size_t quadratic_feature_count(std::size_t parameters);

class Emulator {
 public:
  // theta: points x parameters; y: points x outputs. Needs more points than regressors.
  Emulator(const Eigen::MatrixXd& theta, const Eigen::MatrixXd& y, const Box& scale);
  Eigen::VectorXd mean(std::span<const double> theta) const;
  // The leverage x' (X'X)^-1 x: the emulator's variance of the mean at theta, in units of S.
  double leverage(std::span<const double> theta) const;
  // The residual covariance (outputs x outputs), its diagonal shrunk towards itself by
  // outputs / (outputs + residual degrees of freedom) so that it stays positive definite.
  const Eigen::MatrixXd& residual_covariance() const { return cov_; }
  std::size_t outputs() const { return static_cast<std::size_t>(beta_.cols()); }

 private:
  Box scale_;
  Eigen::MatrixXd beta_;     // regressors x outputs
  Eigen::MatrixXd xtx_inv_;  // (X'X)^-1
  Eigen::MatrixXd cov_;      // residual covariance
};

// The Gaussian log-likelihood of `observed` (up to a constant) at theta, with sampling
// variances `sampling_var` (D's diagonal).
double log_likelihood(const Emulator& em, std::span<const double> theta, std::span<const double> observed,
                      std::span<const double> sampling_var);

// Implausibility per output (Craig et al. 1997; Andrianakis et al. 2015): |y - f(theta)| over
// the square root of the sampling variance, the residual variance and the emulator's variance.
std::vector<double> implausibility(const Emulator& em, std::span<const double> theta, std::span<const double> observed,
                                   std::span<const double> sampling_var);

// Points of a Latin hypercube on `box` (points x parameters), keyed by (seed, wave).
Eigen::MatrixXd latin_hypercube(const Box& box, std::size_t points, std::uint64_t seed, std::uint32_t wave);

// A weighted sample of the posterior within `box` (uniform prior there) by adaptive importance
// sampling (population Monte Carlo, Cappe et al. 2004) with tempering: a uniform sample of the
// box, then rounds of a normal proposal with the weighted mean and twice the weighted covariance
// of the previous round, each weighting the likelihood to the largest power (up to 1) that keeps
// half the draws effective; once the power is 1, `rounds` more. Returns `draws` points and their
// normalised weights at power 1; keyed by seed.
struct WeightedSample {
  Eigen::MatrixXd theta;
  std::vector<double> weights;
  std::vector<double> log_likelihood;
};
WeightedSample sample_posterior(const Emulator& em, const Box& box, std::span<const double> observed,
                                std::span<const double> sampling_var, std::size_t draws, int rounds,
                                std::uint64_t seed);

// What the emulator estimator found (experiments/runner/calibration_emulate.hpp).
struct DesignWave {
  Box region;                     // where its design points lie
  std::size_t points = 0;         // simulations
  std::size_t invalid = 0;        // of those, rejected by a rule
  double non_implausible = 0;     // share of the region not ruled out by this wave's emulator
  double min_implausibility = 0;  // the smallest largest implausibility found in the region
  double seconds = 0;
};

struct EmulatorFit {
  std::vector<DesignWave> waves;
  Generation posterior;                                    // the importance sample (index = the number of waves)
  std::vector<double> observed, sampling_sd, residual_sd;  // per observation
  std::vector<double> range_lo, range_hi;  // per observation: the emulated range over the prior box (wave 1)
  std::vector<std::size_t> left_out;       // observations beyond the range by more than 3 se: not fitted
  bool reachable = true;                   // some parameter values were not ruled out by the last wave
};

}  // namespace buurtsim::calibration
