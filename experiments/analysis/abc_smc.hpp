#pragma once
// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC; Beaumont, Cornuet, Marin
// & Robert 2009, with the adaptive tolerances of Del Moral, Doucet & Jasra 2012): a population
// of parameter vectors (particles) is moved from the prior towards the posterior through
// generations of shrinking tolerance on the distance between simulated and observed data.
//
// Determinism (docs/calibration.md): proposal i of generation g is a pure function of (seed, g,
// i) and the previous generation; a generation evaluates proposals in numbered batches and
// accepts the lowest-numbered ones whose distance meets its tolerance, never the first to finish,
// so the result does not depend on threads, ranks or batch timing.
#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace buurtsim::calibration {

// A uniform prior on a box.
struct Prior {
  std::vector<double> lo, hi;
  std::size_t size() const { return lo.size(); }
};

struct Generation {
  int index = 0;
  double tolerance = 0;         // the distance an accepted proposal had to meet
  std::size_t proposals = 0;    // proposals used: up to and including the last accepted one
  std::size_t invalid = 0;      // of those, rejected by a rule or without a distance
  double acceptance_rate = 0;   // particles / proposals
  double ess = 0;               // effective sample size of the weights
  double seconds = 0;           // wall time (progress and root attributes only)
  Eigen::MatrixXd theta;        // particles x parameters
  std::vector<double> weights;  // normalised
  std::vector<double> distances;
};

// ---- The pieces (unit-tested one by one) ----

// (sum w)^2 / sum w^2.
double effective_sample_size(std::span<const double> weights);
// Weights scaled to sum to 1.
std::vector<double> normalised(std::span<const double> weights);
// The q-quantile of values (linear interpolation between order statistics, Hyndman & Fan type 7).
double quantile(std::vector<double> values, double q);
// The weighted q-quantile (the smallest value whose cumulative weight reaches q).
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q);
// The lowest-numbered proposals (indices into `distances`, numbered by proposal) whose distance
// is at most `tolerance`, at most `wanted` of them; a NaN distance (invalid) never qualifies.
std::vector<std::size_t> select_accepted(std::span<const double> distances, double tolerance, std::size_t wanted);
// The weighted covariance of the rows of theta.
Eigen::MatrixXd weighted_covariance(const Eigen::MatrixXd& theta, std::span<const double> weights);

// The perturbation kernel: a multivariate normal around an ancestor drawn by weight, with twice
// the weighted covariance of the previous generation (Beaumont et al. 2009), truncated to the
// prior's box by redrawing.
class Kernel {
 public:
  Kernel(const Generation& previous, const Prior& prior);
  const Eigen::MatrixXd& covariance() const { return cov_; }
  // Proposal `index` of generation `g` (g >= 1).
  std::vector<double> propose(std::uint64_t seed, int g, std::uint64_t index) const;
  // The importance weight of theta against the uniform prior (unnormalised):
  // 1 / sum_j w_j K(theta - theta_j), up to a common constant.
  double weight(std::span<const double> theta) const;

 private:
  const Generation& prev_;
  const Prior& prior_;
  Eigen::MatrixXd cov_, chol_, precision_;
};

// Proposal `index` of generation 0: a draw from the prior.
std::vector<double> propose_from_prior(const Prior& prior, std::uint64_t seed, std::uint64_t index);

// ---- The driver ----

struct Options {
  std::size_t particles = 100;
  int generations = 5;
  std::optional<double> final_tolerance;
  double min_acceptance = 0.02;
  std::size_t batch = 100;
  double quantile = 0.5;
  std::uint64_t seed = 1;
};

enum class Stop { Generations, Tolerance, Acceptance, MaxProposals, Interrupted };
const char* describe(Stop stop);

// Evaluates proposals first, first+1, ... of generation g with the given parameter vectors;
// returns their distances (NaN: invalid), or nothing when interrupted.
using Evaluate = std::function<std::optional<std::vector<double>>(int g, std::uint64_t first,
                                                                  const std::vector<std::vector<double>>& thetas)>;
// Called after each finished generation; returns false to stop (as if interrupted).
using OnGeneration = std::function<bool(const Generation&)>;

struct Result {
  std::vector<Generation> generations;  // the last one is the posterior
  Stop stop = Stop::Generations;
};

// Runs (or, given finished generations, continues) the calibration.
Result run_abc_smc(const Prior& prior, const Options& o, const Evaluate& evaluate, const OnGeneration& on_generation,
                   std::vector<Generation> finished = {});
// Whether the calibration ends after generation `g` (and why).
std::optional<Stop> stop_after(const Generation& g, const Options& o);

}  // namespace buurtsim::calibration
