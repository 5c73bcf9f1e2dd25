// Sensitivity indices (experiments/analysis/sensitivity_indices.hpp) on functions whose indices are known.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "experiments/analysis/design.hpp"
#include "experiments/analysis/sensitivity_indices.hpp"

using namespace buurtsim::sweep;

namespace {

constexpr double kPi = std::numbers::pi;

// Ishigami and Homma (1990), a = 7, b = 0.1, x_i uniform on [-pi, pi].
double ishigami(double x1, double x2, double x3) {
  return std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

std::vector<double> outputs(const Design& d, double (*f)(double, double, double)) {
  std::vector<double> y(d.points);
  for (std::size_t p = 0; p < d.points; ++p) y[p] = f(d.value(p, 0), d.value(p, 1), d.value(p, 2));
  return y;
}

Design design(DesignKind kind, std::vector<ParameterRange> params, int samples, int levels = 4, int trajectories = 20) {
  DesignOptions o;
  o.kind = kind;
  o.samples = samples;
  o.levels = levels;
  o.trajectories = trajectories;
  o.seed = 7;
  return make_design(params, o);
}

}  // namespace

// Analytic values (Saltelli et al. 2008, Primer, section 4.8 / Sobol' and Levitan 1999):
// S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437.
// Tolerance: +-0.05 on every index with N = 4096 blocks (the quasi-random estimates are within
// about 0.01 in practice); the 90% bootstrap intervals must cover the analytic values and be
// narrower than 0.15.
TEST(Sobol, IshigamiIndicesAndIntervalsCoverTheTruth) {
  const Design d = design(DesignKind::Saltelli, {{"x1", -kPi, kPi}, {"x2", -kPi, kPi}, {"x3", -kPi, kPi}}, 4096);
  BootstrapOptions b;
  b.samples = 300;
  const SobolIndices s = sobol_indices(outputs(d, ishigami), 3, b);
  const double first[] = {0.3139, 0.4424, 0.0}, total[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(s.first[i], first[i], 0.05) << "S" << i + 1;
    EXPECT_NEAR(s.total[i], total[i], 0.05) << "ST" << i + 1;
    EXPECT_LE(s.first_lo[i], first[i]) << "S" << i + 1;
    EXPECT_GE(s.first_hi[i], first[i]) << "S" << i + 1;
    EXPECT_LE(s.total_lo[i], total[i]) << "ST" << i + 1;
    EXPECT_GE(s.total_hi[i], total[i]) << "ST" << i + 1;
    EXPECT_LE(s.first_lo[i], s.first[i]);
    EXPECT_GE(s.first_hi[i], s.first[i]);
    // Informative intervals: narrower than 0.15 (the centred first-order estimator).
    EXPECT_LT(s.first_hi[i] - s.first_lo[i], 0.15) << "S" << i + 1;
    EXPECT_LT(s.total_hi[i] - s.total_lo[i], 0.15) << "ST" << i + 1;
  }
}

// A constant output has no variance to share out: every index is NaN, nothing throws.
TEST(Sobol, ConstantOutputGivesNaN) {
  const std::vector<double> y(5 * 16, 3.0);
  const SobolIndices s = sobol_indices(y, 3, {});
  EXPECT_TRUE(std::isnan(s.first[0]));
  EXPECT_TRUE(std::isnan(s.total_hi[2]));
}

TEST(Sobol, RefusesOutputsThatAreNotSaltelliBlocks) {
  const std::vector<double> y(11, 1.0);
  EXPECT_THROW(sobol_indices(y, 3, {}), std::invalid_argument);
}

// Same seed, same intervals; another seed, other intervals (exact comparison).
TEST(Bootstrap, DeterministicGivenTheSeed) {
  const Design d = design(DesignKind::Saltelli, {{"x1", -kPi, kPi}, {"x2", -kPi, kPi}, {"x3", -kPi, kPi}}, 64);
  BootstrapOptions b;
  b.samples = 50;
  const std::vector<double> y = outputs(d, ishigami);
  const SobolIndices s1 = sobol_indices(y, 3, b), s2 = sobol_indices(y, 3, b);
  EXPECT_EQ(s1.total_lo, s2.total_lo);
  b.seed = 2;
  EXPECT_NE(sobol_indices(y, 3, b).total_lo, s1.total_lo);
  EXPECT_EQ(bootstrap_resample(10, 3, 5), bootstrap_resample(10, 3, 5));
}

// Type 7 quantiles by hand: 0..10, 80% interval = [1, 9]; NaNs are left out.
TEST(Bootstrap, PercentileInterval) {
  std::vector<double> v{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, std::nan("")};
  const auto [lo, hi] = percentile_interval(v, 80);
  EXPECT_DOUBLE_EQ(lo, 1.0);
  EXPECT_DOUBLE_EQ(hi, 9.0);
}

// y = 10 u1 + 3 u2 + 0.1 u3 + 2 u1 u2, with u_i the parameter's place in its range (the ranges
// have different units). Per whole range, the effect of x3 is exactly 0.1 and has no spread;
// x1's is 10 + 2 u2 and x2's 3 + 2 u1. mu* must rank x1 > x2 > x3; tolerances: mu*(x3) and
// sigma(x3) to 1e-9; mu*(x1) within [10, 12] and mu*(x2) within [3, 5] (the interaction's range).
TEST(Morris, RecoversTheRankingOfMuStarInRangeUnits) {
  const Design d = design(DesignKind::Morris, {{"x1", 0.0, 1.0}, {"x2", 0.0, 100.0}, {"x3", -5.0, 5.0}}, 0, 4, 20);
  std::vector<double> y(d.points);
  for (std::size_t p = 0; p < d.points; ++p) {
    const double u1 = d.value(p, 0), u2 = d.value(p, 1) / 100.0, u3 = (d.value(p, 2) + 5.0) / 10.0;
    y[p] = 10 * u1 + 3 * u2 + 0.1 * u3 + 2 * u1 * u2;
  }
  const MorrisIndices m = morris_indices(d, y, {});
  EXPECT_GT(m.mu_star[0], m.mu_star[1]);
  EXPECT_GT(m.mu_star[1], m.mu_star[2]);
  EXPECT_NEAR(m.mu_star[2], 0.1, 1e-9);
  EXPECT_NEAR(m.mu[2], 0.1, 1e-9);
  EXPECT_NEAR(m.sigma[2], 0.0, 1e-9);
  EXPECT_GE(m.mu_star[0], 10.0);
  EXPECT_LE(m.mu_star[0], 12.0);
  EXPECT_GE(m.mu_star[1], 3.0);
  EXPECT_LE(m.mu_star[1], 5.0);
  EXPECT_GT(m.sigma[0], 0.0);  // the interaction spreads x1's effects
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(m.mu_star_lo[i], m.mu_star[i] + 1e-12);
    EXPECT_GE(m.mu_star_hi[i], m.mu_star[i] - 1e-12);
  }
}

// mu cancels where effects change sign, mu* does not: y = (u - 0.5)^2 has mu* > |mu|.
TEST(Morris, MuStarSeesEffectsOfBothSigns) {
  const Design d = design(DesignKind::Morris, {{"x1", 0.0, 1.0}, {"x2", 0.0, 1.0}}, 0, 4, 30);
  std::vector<double> y(d.points);
  for (std::size_t p = 0; p < d.points; ++p) y[p] = (d.value(p, 0) - 0.5) * (d.value(p, 0) - 0.5);
  const MorrisIndices m = morris_indices(d, y, {});
  EXPECT_GT(m.mu_star[0], std::abs(m.mu[0]) + 0.01);
  EXPECT_NEAR(m.mu_star[1], 0.0, 1e-12);
}

TEST(Morris, RefusesADesignThatIsNotMadeOfTrajectories) {
  const Design d = design(DesignKind::LatinHypercube, {{"x1", 0.0, 1.0}, {"x2", 0.0, 1.0}}, 30);
  EXPECT_THROW(morris_indices(d, std::vector<double>(d.points, 0.0), {}), std::invalid_argument);
}

// y = 2 x1 - x2 + 0.5 x3 + 7 is linear: the fit is exact, R^2 = 1 and SRC_i = b_i sd(x_i) / sd(y)
// with the sample's standard deviations. Tolerance 1e-9.
TEST(Src, RecoversStandardisedCoefficientsOfALinearFunction) {
  for (DesignKind kind : {DesignKind::LatinHypercube, DesignKind::Factorial}) {
    const Design d = design(kind, {{"x1", 0.0, 1.0}, {"x2", 10.0, 20.0}, {"x3", -1.0, 3.0}}, 200, 4);
    const double b[] = {2.0, -1.0, 0.5};
    std::vector<double> y(d.points);
    for (std::size_t p = 0; p < d.points; ++p)
      y[p] = 7 + b[0] * d.value(p, 0) + b[1] * d.value(p, 1) + b[2] * d.value(p, 2);
    const auto sd = [&](auto value) {
      double m = 0, s = 0;
      for (std::size_t p = 0; p < d.points; ++p) m += value(p);
      m /= static_cast<double>(d.points);
      for (std::size_t p = 0; p < d.points; ++p) s += (value(p) - m) * (value(p) - m);
      return std::sqrt(s / static_cast<double>(d.points - 1));
    };
    const double sd_y = sd([&](std::size_t p) { return y[p]; });
    const SrcIndices s = src_indices(d, y, {});
    EXPECT_NEAR(s.r2, 1.0, 1e-9);
    for (std::size_t i = 0; i < 3; ++i) {
      const double expected = b[i] * sd([&](std::size_t p) { return d.value(p, i); }) / sd_y;
      EXPECT_NEAR(s.src[i], expected, 1e-9) << i;
      EXPECT_LE(s.src_lo[i], s.src[i] + 0.02) << i;
      EXPECT_GE(s.src_hi[i], s.src[i] - 0.02) << i;
    }
  }
}

// A part of the output no line explains lowers R^2: y = x1 + 4 (x2 - 0.5)^2 on a Latin
// hypercube; x2's SRC is near 0 (|SRC| < 0.2) while R^2 stays well below 1 (< 0.9).
TEST(Src, NonlinearPartLowersRSquared) {
  const Design d = design(DesignKind::LatinHypercube, {{"x1", 0.0, 1.0}, {"x2", 0.0, 1.0}}, 400);
  std::vector<double> y(d.points);
  for (std::size_t p = 0; p < d.points; ++p)
    y[p] = d.value(p, 0) + 4 * (d.value(p, 1) - 0.5) * (d.value(p, 1) - 0.5) * 3;
  const SrcIndices s = src_indices(d, y, {});
  EXPECT_LT(s.r2, 0.9);
  EXPECT_LT(std::abs(s.src[1]), 0.2);
}

TEST(Src, RefusesTooFewPoints) {
  const Design d = design(DesignKind::LatinHypercube, {{"x1", 0.0, 1.0}, {"x2", 0.0, 1.0}}, 3);
  EXPECT_THROW(src_indices(d, std::vector<double>(3, 1.0), {}), std::invalid_argument);
}

// Hand-made: 5 points of 3 scenarios; one point has a NaN and is left out, one a tie.
// Exact shares: 2/4, 1/4, 1/4, adding up to 1.
TEST(Ranking, SharesOfOrderingsByHand) {
  const std::vector<std::string> scen{"baseline", "vba", "wijkveiligheid"};
  const double nan = std::nan("");
  const std::vector<double> v{
      30, 28,  27,  // wijkveiligheid < vba < baseline
      30, 29,  25,  // wijkveiligheid < vba < baseline
      30, 31,  25,  // wijkveiligheid < baseline < vba
      30, nan, 25,  // left out
      30, 30,  31,  // baseline = vba < wijkveiligheid
  };
  const auto r = ranking_shares(v, scen);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].ordering, "wijkveiligheid < vba < baseline");
  EXPECT_DOUBLE_EQ(r[0].share, 0.5);
  double sum = 0;
  for (const auto& s : r) sum += s.share;
  EXPECT_DOUBLE_EQ(sum, 1.0);
  EXPECT_EQ(r[1].ordering, "baseline = vba < wijkveiligheid");
  EXPECT_DOUBLE_EQ(r[1].share, 0.25);
  EXPECT_EQ(r[2].ordering, "wijkveiligheid < baseline < vba");
}
