// The calibration's distance and its misfit flags, by value against numbers worked out by hand
// (docs/calibration.md, "The distance: sampling error of the data" and "Posterior predictive
// check and summary"; experiments/runner/calibration_simulate.hpp, distance();
// experiments/analysis/calibration.hpp, add_predictive()).
//
// Breaks these catch (tried by hand: no square root; `<=` for `<` in the misfit flag): a
// distance without the weights, without the square root, or summing |z| instead of z^2; a
// weight-0 row counted; a NaN that does not make the distance NaN; a misfit flag with the
// comparison reversed or the interval's bounds at the wrong quantiles; a NaN (invalid) particle
// that keeps its weight.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "experiments/analysis/calibration.hpp"
#include "experiments/runner/calibration_simulate.hpp"

using namespace buurtsim::calibration;

namespace {

Target target(double value, double weight) {
  Target t;
  t.value = value;
  t.weight = weight;
  return t;
}

}  // namespace

TEST(CalibrationDistance, IsTheWeightedRootMeanSquareOfTheStandardisedDiscrepancies) {
  Problem p;
  p.targets = {target(30, 1), target(7.0, 2), target(50, 0)};
  SimulatedSurvey s;
  s.estimate = {33, 6.8, 99};
  s.scale = {2, 0.1, 1};
  // z = (33 - 30) / 2 = 1.5 and (6.8 - 7.0) / 0.1 = -2; the third row weighs 0.
  // sqrt((1 * 1.5^2 + 2 * (-2)^2) / (1 + 2)) = sqrt(10.25 / 3) = sqrt(41 / 12) = 1.848422751068236.
  EXPECT_NEAR(distance(p, s), 1.848422751068236, 1e-12);

  // One row: |z|.
  Problem one;
  one.targets = {target(14, 1)};
  SimulatedSurvey at;
  at.estimate = {11};
  at.scale = {1.5};
  EXPECT_NEAR(distance(one, at), 2.0, 1e-12);
  at.estimate = {14};
  EXPECT_EQ(distance(one, at), 0.0);

  // A weight-0 row does not count even when its value is not finite.
  s.estimate[2] = std::nan("");
  EXPECT_NEAR(distance(p, s), 1.848422751068236, 1e-12);
  // A counted row that is not finite, or a zero standard error, makes the distance NaN (invalid).
  s.estimate[0] = std::nan("");
  EXPECT_TRUE(std::isnan(distance(p, s)));
  s.estimate[0] = 33;
  s.scale[1] = 0;
  EXPECT_TRUE(std::isnan(distance(p, s)));
  // A proposal rejected by a cross-parameter rule has no distance.
  SimulatedSurvey invalid;
  invalid.valid = false;
  EXPECT_TRUE(std::isnan(distance(one, invalid)));
}

TEST(CalibrationPredictive, MeanIntervalScaleAndMisfitByValue) {
  const std::vector<double> values{10, 20, 30, 40}, scales{1, 2, 3, 4}, weights{0.1, 0.2, 0.3, 0.4};
  // Level 50: the bounds are the weighted 25% and 75% quantiles. Cumulative weights 0.1, 0.3,
  // 0.6, 1.0: the first value reaching 0.25 is 20, the first reaching 0.75 is 40. Mean
  // 0.1*10 + 0.2*20 + 0.3*30 + 0.4*40 = 30; scale 0.1*1 + 0.2*2 + 0.3*3 + 0.4*4 = 3.
  Predictive p;
  for (double observed : {19.0, 20.0, 30.0, 40.0, 40.5}) add_predictive(p, values, scales, weights, observed, 50);
  ASSERT_EQ(p.misfit.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(p.mean[i], 30.0, 1e-12);
    EXPECT_EQ(p.lo[i], 20.0);
    EXPECT_EQ(p.hi[i], 40.0);
    EXPECT_NEAR(p.scale[i], 3.0, 1e-12);
  }
  // Outside [20, 40] is a misfit; the bounds themselves are inside.
  EXPECT_EQ(p.misfit, (std::vector<std::uint8_t>{1, 0, 0, 0, 1}));

  // Level 90: the 5% and 95% quantiles are the extreme values, 10 and 40.
  Predictive wide;
  add_predictive(wide, values, scales, weights, 12.0, 90);
  EXPECT_EQ(wide.lo[0], 10.0);
  EXPECT_EQ(wide.hi[0], 40.0);
  EXPECT_EQ(wide.misfit[0], 0);

  // An invalid particle (NaN) is left out with its weight: weights 0.1, 0.3, 0.4 renormalised
  // to 0.125, 0.375, 0.5; mean 1.25 + 11.25 + 20 = 32.5; scale (0.1 + 0.9 + 1.6) / 0.8 = 3.25;
  // cumulative 0.125, 0.5, 1.0, so the 25% quantile is 30 and the 75% one 40.
  Predictive q;
  add_predictive(q, std::vector<double>{10, std::nan(""), 30, 40}, scales, weights, 25.0, 50);
  EXPECT_NEAR(q.mean[0], 32.5, 1e-12);
  EXPECT_NEAR(q.scale[0], 3.25, 1e-12);
  EXPECT_EQ(q.lo[0], 30.0);
  EXPECT_EQ(q.hi[0], 40.0);
  EXPECT_EQ(q.misfit[0], 1);

  // No valid particle: NaN throughout and no misfit flag.
  Predictive none;
  add_predictive(none, std::vector<double>(4, std::nan("")), scales, weights, 25.0, 50);
  EXPECT_TRUE(std::isnan(none.mean[0]) && std::isnan(none.lo[0]) && std::isnan(none.hi[0]));
  EXPECT_EQ(none.misfit[0], 0);
}
