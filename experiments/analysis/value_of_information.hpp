#pragma once
// Value of information for a choice between options under parameter uncertainty
// (docs/uncertainty.md, "Which uncertainty matters"). Pure numerics (Eigen), no I/O.
//
// The input is a probabilistic comparison: S samples (replicates, each with its own draw of the
// uncertain parameters) x D options (the scenarios, the first usually the baseline), and the net
// benefit of each option in each sample (for buurtsim: the net present value against the
// baseline, so the baseline's is 0). With NB(d, s) that net benefit:
//   the expected value of the current choice     max_d mean_s NB(d, s)
//   EVPI = mean_s max_d NB(d, s) - max_d mean_s NB(d, s)
// what knowing every uncertain quantity before choosing would be worth on average (Claxton
// 1999; Briggs, Claxton & Sculpher 2006, ch. 6). Its sample estimate includes the model's own
// run-to-run noise as if it were knowable, so it is an upper bound on the value of research.
//
// EVPPI for a group of parameters phi (the value of learning phi alone):
//   EVPPI(phi) = mean_s max_d g_d(phi_s) - max_d mean_s g_d(phi_s),   g_d(phi) = E[NB_d | phi]
// estimated by the regression method of Strong, Oakley & Brennan (2014): g_d is a regression of
// the net benefits on phi over the same samples (no nested simulation). Here the regression is
// a polynomial in the standardised parameters — each parameter up to degree 3, and for groups of
// at most 4 parameters their pairwise products — with the degree chosen per option by
// generalised cross-validation (Craven & Wahba 1979), which includes "no relation" (a constant
// fit, so a group unrelated to the net benefit gets EVPPI near 0 rather than its overfitted
// noise). The options are regressed as differences from the first option, which leaves EVPPI
// unchanged and removes the noise they share.
// Strong, M., Oakley, J.E., Brennan, A. (2014). Estimating multiparameter partial expected
//   value of perfect information from a probabilistic sensitivity analysis sample: a
//   nonparametric regression approach. Medical Decision Making 34(3), 311-326.
#include <cstddef>
#include <span>
#include <vector>

namespace buurtsim::voi {

// Net benefits, sample-major: nb[s * options + d].
struct Sample {
  std::span<const double> net_benefit;
  std::size_t options = 0;
  std::size_t samples() const { return options == 0 ? 0 : net_benefit.size() / options; }
};

// Per option: the share of samples in which it has the largest net benefit (ties shared
// equally), and the Monte Carlo standard error of that share, sqrt(p (1 - p) / S).
struct Ranking {
  std::vector<double> p_best, p_best_se;
};
Ranking rank_first(const Sample& x);

// mean_s max_d NB - max_d mean_s NB (>= 0). NaN without samples.
double evpi(const Sample& x);

struct Partial {
  double evppi = 0;       // clipped to [0, EVPI]
  std::size_t terms = 0;  // largest number of regression terms chosen over the options (1: constant)
  double r_squared = 0;   // largest R^2 of the chosen fits over the options
};
// `inputs` is sample-major: inputs[s * parameters + j], the value of parameter j of the group in
// sample s. Parameters that do not vary are left out of the fit. REQUIRES: the sizes agree.
Partial evppi(const Sample& x, std::span<const double> inputs, std::size_t parameters);

// One-way effect of one parameter on one quantity over the samples: the least-squares line of
// y on x evaluated at the 10th and 90th percentiles of x — the two ends of a tornado chart's
// bar. A straight line, not the flexible fit of evppi: with many parameters and few samples a
// flexible one-way fit finds a bend in noise for some of them. `clear`: the slope lies at least
// 3 standard errors from zero (with a few hundred parameters, about one in 400 of those
// unrelated to y passes by chance).
struct OneWay {
  double x_low = 0, x_high = 0;  // the percentiles of x
  double at_low = 0, at_high = 0;
  bool clear = false;
};
OneWay one_way(std::span<const double> y, std::span<const double> x);

}  // namespace buurtsim::voi
