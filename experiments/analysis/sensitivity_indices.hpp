#pragma once
// Sensitivity indices from the outputs of a sweep design (issue 5; docs/sensitivity.md).
// Pure numerics (Eigen), no I/O: the `sensitivity` command reads the sweep file and calls these.
//
// Every interval is a bootstrap percentile interval. The resamples are drawn from the project's
// counter-based generator (model/rng.hpp, Philox4x32-10) keyed by the bootstrap seed, so they
// are a pure function of (seed, resample number, draw number): the same seed gives the same
// intervals on any machine and for any number of threads, and every target of one call of the
// command sees the same resamples.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "experiments/analysis/design.hpp"

namespace buurtsim::sweep {

struct BootstrapOptions {
  int samples = 500;       // B resamples (0: no intervals, the bounds are NaN)
  double level = 90;       // percent, in (0, 100)
  std::uint64_t seed = 1;  // key of the resampling draws
};

// The indices of resample `b` (0-based): n draws with replacement from 0 .. n-1.
std::vector<std::size_t> bootstrap_resample(std::size_t n, int b, std::uint64_t seed);

// The percentile interval at `level` percent of `values` (NaNs ignored; linear interpolation
// between order statistics, Hyndman and Fan type 7). Both bounds NaN when no value is finite.
std::pair<double, double> percentile_interval(std::vector<double> values, double level);

// First-order and total Sobol indices per parameter, with bootstrap intervals.
struct SobolIndices {
  std::vector<double> first, first_lo, first_hi, total, total_lo, total_hi;
};

// `y` holds the outputs of a Saltelli design (make_design, DesignKind::Saltelli) in design
// order: N blocks of k + 2 values, f(A_j), f(B_j), f(A_B^(1)_j) .. f(A_B^(k)_j), where A_B^(i)
// is A with column i from B. The bootstrap resamples the N blocks with replacement.
// Estimators, with V the variance of all f(A) and f(B):
//   S_i  = mean_j f(B_j) (f(A_B^(i)_j) - f(A_j)) / V          Saltelli et al. (2010), Table 2 (b)
//   ST_i = mean_j (f(A_j) - f(A_B^(i)_j))^2 / (2 V)           Jansen (1999); Saltelli et al. (2010), Table 2 (f)
// Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., Tarantola, S. (2010).
//   Variance based sensitivity analysis of model output. Design and estimator for the total
//   sensitivity index. Computer Physics Communications 181(2), 259-270.
// Jansen, M.J.W. (1999). Analysis of variance designs for model output. Computer Physics
//   Communications 117(1-2), 35-43.
// f(B_j) is centred on the mean of all f(A) and f(B) in the first-order estimator: that leaves its
// expectation as it is and keeps its variance from growing with the output's mean.
// Indices are NaN when V = 0 (a constant output). Throws std::invalid_argument when y.size()
// is not a positive multiple of k + 2.
SobolIndices sobol_indices(std::span<const double> y, std::size_t parameters, const BootstrapOptions& bootstrap);

// Morris elementary effects per parameter (Morris 1991; mu* from Campolongo, Cariboni and
// Saltelli 2007). One effect per parameter and trajectory:
//   EE_i = (y(x + delta e_i) - y(x)) / (delta_i / (hi_i - lo_i)),
// the change of the output per whole range of parameter i, so that parameters in different
// units compare. mu is the mean of EE, mu* the mean of |EE|, sigma the standard deviation of EE
// (denominator r - 1; NaN for one trajectory). The bootstrap interval of mu* resamples the r
// trajectories with replacement.
// Morris, M.D. (1991). Factorial sampling plans for preliminary computational experiments.
//   Technometrics 33(2), 161-174.
// Campolongo, F., Cariboni, J., Saltelli, A. (2007). An effective screening design for
//   sensitivity analysis of large models. Environmental Modelling & Software 22(10), 1509-1518.
struct MorrisIndices {
  std::vector<double> mu, mu_star, mu_star_lo, mu_star_hi, sigma;
};

// Checks that `design` is made of trajectories of k + 1 points in which each step moves exactly
// one parameter and each parameter moves once; throws std::invalid_argument saying what is
// wrong otherwise. `y` has one value per point.
MorrisIndices morris_indices(const Design& design, std::span<const double> y, const BootstrapOptions& bootstrap);

// Standardised regression coefficients of a least-squares fit y = b0 + sum_i b_i x_i:
//   SRC_i = b_i sd(x_i) / sd(y),
// the change of y, in standard deviations of y, per standard deviation of x_i; with
// independent inputs sum_i SRC_i^2 = R^2, and SRC_i^2 is the share of the variance of y that x_i
// explains linearly (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, ch. 1.2).
// R^2 says how much of the output the linear fit explains: the SRCs mean little when it is low.
// The bootstrap resamples the points with replacement. NaN when y is constant. Throws
// std::invalid_argument when there are not more points than k + 1 or a parameter is constant.
struct SrcIndices {
  std::vector<double> src, src_lo, src_hi;
  double r2 = 0;
};
SrcIndices src_indices(const Design& design, std::span<const double> y, const BootstrapOptions& bootstrap);

// The orderings of scenarios across points. `values` is [point][scenario] (one value per point
// and scenario, e.g. the mean over replicates). In each point the scenarios are put in
// ascending order of their value ("a < b < c"; equal values as "a = b", in the order given);
// points with a NaN are left out. Returns each ordering that occurs with the share of the
// (counted) points in which it holds, largest share first (ties by label); the shares add up to
// 1 (an empty list when no point counts).
struct RankingShare {
  std::string ordering;
  double share = 0;
};
std::vector<RankingShare> ranking_shares(std::span<const double> values, const std::vector<std::string>& scenarios);

}  // namespace buurtsim::sweep
