// Wiring tests of the counter-based random streams (model/rng.hpp, model/streams.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "model/approach_module.hpp"
#include "model/rng.hpp"
#include "model/streams.hpp"

using namespace buurtsim;

// The core's streams and every registered approach module's.
TEST(Rng, StreamNamesHashToDistinctIds) {
  std::set<std::uint32_t> ids;
  for (auto name : all_stream_names()) EXPECT_TRUE(ids.insert(stream_id(name)).second) << name;
  EXPECT_GT(all_stream_names().size(), streams::all_names.size());  // the built-in modules' too
}

TEST(Rng, SameCounterGivesSameDraws) {
  Draws a({42, 3}, streams::offending, 17, 1234), b({42, 3}, streams::offending, 17, 1234);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(a.bits(), b.bits());
}

TEST(Rng, EveryKeyPartChangesTheDraws) {
  const std::uint32_t ref = Draws({42, 3}, streams::offending, 17, 1234).bits();
  EXPECT_NE(ref, Draws({43, 3}, streams::offending, 17, 1234).bits());
  EXPECT_NE(ref, Draws({42, 4}, streams::offending, 17, 1234).bits());
  EXPECT_NE(ref, Draws({42, 3}, streams::target, 17, 1234).bits());
  EXPECT_NE(ref, Draws({42, 3}, streams::offending, 18, 1234).bits());
  EXPECT_NE(ref, Draws({42, 3}, streams::offending, 17, 1235).bits());
  EXPECT_NE(ref, Draws({42, 3}, streams::offending, -17, 1234).bits());
}

TEST(Rng, ManyDrawsFromOneCounterDoNotRepeat) {
  Draws d({1, 0}, streams::survey_answer, 0, 0);
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 4000; ++i) seen.insert(d.bits());
  EXPECT_GT(seen.size(), 3995u);  // birthday collisions among 4000 32-bit words: expected < 0.002
}

// Statistical checks over 200,000 draws; tolerances are about 5 standard errors.
TEST(Rng, UniformMeanAndVariance) {
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    Draws d({7, 0}, streams::witness, 0, static_cast<std::uint32_t>(i));
    const double u = d.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum2 += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum2 / n - (sum / n) * (sum / n), 1.0 / 12, 0.002);
}

TEST(Rng, BelowIsUniformOverItsRange) {
  const std::uint32_t k = 7;
  std::array<int, 7> counts{};
  const int n = 140000;
  for (int i = 0; i < n; ++i) {
    Draws d({9, 1}, streams::victim, 5, static_cast<std::uint32_t>(i));
    const std::uint32_t x = d.below(k);
    ASSERT_LT(x, k);
    ++counts[x];
  }
  double chi2 = 0;
  for (int c : counts) chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
  EXPECT_LT(chi2, 22.46);  // chi-square, 6 df, p = 0.001
}

TEST(Rng, NormalAndPoissonMoments) {
  const int n = 200000;
  double s = 0, s2 = 0, p = 0;
  for (int i = 0; i < n; ++i) {
    Draws d({11, 2}, streams::hearsay, 3, static_cast<std::uint32_t>(i));
    const double z = d.normal();
    s += z;
    s2 += z * z;
    p += d.poisson(2.5);
  }
  EXPECT_NEAR(s / n, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(s2 / n, 1.0, 0.02);
  EXPECT_NEAR(p / n, 2.5, 5 * std::sqrt(2.5 / n));
}
