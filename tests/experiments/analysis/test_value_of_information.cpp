// Value of information (experiments/analysis/value_of_information.hpp) on toy decision problems
// whose answers are known in closed form. Two options: doing nothing (net benefit 0) or acting
// (net benefit a function of standard normal parameters X1, X2 and, where said, noise).
// Sample size 20,000 (one fixed set of draws); tolerances are about 4 Monte Carlo standard
// errors of the estimate (the sd of max(0, NB) is below 1 in every case, so 4 x 1 / sqrt(20,000)
// = 0.028, rounded to 0.03).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "experiments/analysis/value_of_information.hpp"
#include "model/rng.hpp"

namespace buurtsim::voi {
namespace {

constexpr std::size_t kSamples = 20000;
constexpr double kTolerance = 0.03;

// Standard normal draws (Box-Muller on the project's counter-based generator), one column per
// variable.
std::vector<std::vector<double>> normals(std::size_t variables) {
  std::vector<std::vector<double>> x(variables, std::vector<double>(kSamples));
  for (std::size_t j = 0; j < variables; ++j) {
    Draws d(StreamKey{20141, 0}, stream_id("test.voi"), 0, static_cast<std::uint32_t>(j));
    for (std::size_t s = 0; s < kSamples; ++s) {
      const double u1 = 1.0 - d.uniform(), u2 = d.uniform();
      x[j][s] = std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
    }
  }
  return x;
}

// Two options, sample-major: (0, act(s)).
std::vector<double> two_options(const std::vector<double>& act) {
  std::vector<double> nb;
  for (double a : act) nb.insert(nb.end(), {0.0, a});
  return nb;
}

// One parameter group's values, sample-major.
std::vector<double> group(const std::vector<std::vector<double>>& x, std::vector<std::size_t> members) {
  std::vector<double> v;
  for (std::size_t s = 0; s < kSamples; ++s)
    for (std::size_t j : members) v.push_back(x[j][s]);
  return v;
}

TEST(ValueOfInformation, EvpiAndEvppiOfALinearNetBenefitMatchTheClosedForm) {
  // NB(act) = X1 + X2 ~ N(0, 2): EVPI = E[max(0, N(0, 2))] = sqrt(2) / sqrt(2 pi) = 1 / sqrt(pi);
  // learning X1 alone: E[max(0, X1)] = 1 / sqrt(2 pi); learning both: the EVPI.
  const auto x = normals(3);
  std::vector<double> act(kSamples);
  for (std::size_t s = 0; s < kSamples; ++s) act[s] = x[0][s] + x[1][s];
  const auto nb = two_options(act);
  const Sample sample{nb, 2};
  EXPECT_NEAR(evpi(sample), 1 / std::sqrt(std::numbers::pi), kTolerance);
  EXPECT_NEAR(evppi(sample, group(x, {0}), 1).evppi, 1 / std::sqrt(2 * std::numbers::pi), kTolerance);
  EXPECT_NEAR(evppi(sample, group(x, {0, 1}), 2).evppi, 1 / std::sqrt(std::numbers::pi), kTolerance);
}

TEST(ValueOfInformation, AParameterUnrelatedToTheNetBenefitIsWorthAboutNothing) {
  const auto x = normals(3);
  std::vector<double> act(kSamples);
  for (std::size_t s = 0; s < kSamples; ++s) act[s] = x[0][s] + x[1][s];
  const auto nb = two_options(act);
  const Partial p = evppi(Sample{nb, 2}, group(x, {2}), 1);
  EXPECT_LT(p.evppi, 0.02);
  EXPECT_LT(p.r_squared, 0.01);
}

TEST(ValueOfInformation, ANonLinearRelationIsFound) {
  // NB(act) = X1^2 - 1 (mean 0) plus noise X2: EVPPI(X1) = E[max(0, X1^2 - 1)]
  // = 2 (phi(1) + 1 - Phi(1) - (1 - Phi(1))) = 2 phi(1) = 0.483941. A straight line in X1 finds
  // nothing (X1^2 is uncorrelated with X1), so this fails unless the regression bends.
  const auto x = normals(2);
  std::vector<double> act(kSamples);
  for (std::size_t s = 0; s < kSamples; ++s) act[s] = x[0][s] * x[0][s] - 1 + x[1][s];
  const auto nb = two_options(act);
  const double two_phi_1 = 2 * std::exp(-0.5) / std::sqrt(2 * std::numbers::pi);
  EXPECT_NEAR(evppi(Sample{nb, 2}, group(x, {0}), 1).evppi, two_phi_1, kTolerance);
}

TEST(ValueOfInformation, EvppiNeverExceedsEvpi) {
  const auto x = normals(2);
  std::vector<double> act(kSamples);
  for (std::size_t s = 0; s < kSamples; ++s) act[s] = 0.5 + x[0][s];
  const auto nb = two_options(act);
  const Sample sample{nb, 2};
  EXPECT_LE(evppi(sample, group(x, {0, 1}), 2).evppi, evpi(sample));
  // A sure choice is worth nothing to research.
  std::vector<double> sure(kSamples, 3.0);
  const auto nb_sure = two_options(sure);
  EXPECT_DOUBLE_EQ(evpi(Sample{nb_sure, 2}), 0.0);
}

TEST(ValueOfInformation, RankFirstSharesTiesAndGivesMonteCarloErrors) {
  // Four samples of three options: option 1 best twice, option 2 once, a tie of 0 and 2 once.
  const std::vector<double> nb = {0, 5,  1,  //
                                  0, 3,  2,  //
                                  0, -1, 4,  //
                                  2, 1,  2};
  const Ranking r = rank_first(Sample{nb, 3});
  EXPECT_DOUBLE_EQ(r.p_best[0], 0.5 / 4);
  EXPECT_DOUBLE_EQ(r.p_best[1], 2.0 / 4);
  EXPECT_DOUBLE_EQ(r.p_best[2], 1.5 / 4);
  EXPECT_DOUBLE_EQ(r.p_best_se[1], std::sqrt(0.5 * 0.5 / 4));
}

TEST(ValueOfInformation, OneWayEffectIsTheFitAtTheTenthAndNinetiethPercentiles) {
  // y = 2 x + noise, x uniform on (0, 1): about 0.2 at x = 0.1 and 1.8 at x = 0.9, a clear slope.
  const auto z = normals(1);
  std::vector<double> x(kSamples), y(kSamples);
  Draws d(StreamKey{7, 0}, stream_id("test.voi.oneway"), 0, 0);
  for (std::size_t s = 0; s < kSamples; ++s) {
    x[s] = d.uniform();
    y[s] = 2 * x[s] + 0.1 * z[0][s];
  }
  const OneWay w = one_way(y, x);
  EXPECT_NEAR(w.x_low, 0.1, 0.01);
  EXPECT_NEAR(w.x_high, 0.9, 0.01);
  EXPECT_NEAR(w.at_low, 0.2, 0.02);
  EXPECT_NEAR(w.at_high, 1.8, 0.02);
  EXPECT_TRUE(w.clear);
  // y unrelated to x: the line's slope is not 3 standard errors from zero (a 1-in-370 chance
  // for one fixed set of draws).
  const OneWay none = one_way(z[0], x);
  EXPECT_FALSE(none.clear);
  EXPECT_NEAR(none.at_high - none.at_low, 0.0, 0.1);
}

TEST(ValueOfInformation, SizesThatDisagreeAreRefused) {
  const std::vector<double> nb = {0, 1, 0, 2};
  const std::vector<double> inputs = {1, 2, 3};
  EXPECT_THROW(evppi(Sample{nb, 2}, inputs, 1), std::invalid_argument);
}

}  // namespace
}  // namespace buurtsim::voi
