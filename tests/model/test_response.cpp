// Wiring tests of the survey response models (model/response.hpp): the fast normal CDF, and
// that the expected answer used for the weekly population value matches the mean of the drawn
// answers (clamped whole grades) that the survey records.
#include <gtest/gtest.h>

#include <cmath>

#include "model/response.hpp"
#include "model/rng.hpp"

using namespace buurtsim;

TEST(Response, NormalCdfMatchesErfcToOneInAMillion) {
  for (double x = -9; x <= 9; x += 0.0137) {
    EXPECT_NEAR(response::normal_cdf(x), 0.5 * std::erfc(-x / std::sqrt(2.0)), 1e-6) << x;
  }
  EXPECT_TRUE(std::isnan(response::normal_cdf(std::nan(""))));
}

// Regression: an argument a hair below the end of the table rounded onto its last entry and
// read one past it (found by AddressSanitizer). The read itself is caught when this test runs
// under AddressSanitizer (scripts/test_sanitize.sh runs the quick tests so); here the value at
// and around both ends must be the normal CDF to one in a million, so an edge that returned a
// wrong table entry, or tails that did not join the table, fails in every build.
TEST(Response, NormalCdfAtTheEdgeOfItsTable) {
  for (double x : {std::nextafter(8.0, 0.0), 8.0 - 1e-12, 8.0, std::nextafter(8.0, 9.0), std::nextafter(-8.0, 0.0),
                   -8.0 + 1e-12, -8.0, std::nextafter(-8.0, -9.0)}) {
    EXPECT_NEAR(response::normal_cdf(x), 0.5 * std::erfc(-x / std::sqrt(2.0)), 1e-6) << x;
  }
}

// Tolerance: 0.01 grade, against a Monte Carlo error of about 0.003 (200,000 draws).
TEST(Response, ExpectedGradeMatchesTheMeanOfDrawnGrades) {
  for (double mu : {-1.0, 0.5, 1.2, 4.0, 6.3, 7.5, 9.4, 10.0, 11.5}) {
    for (double sd : {0.8, 1.2}) {
      double sum = 0;
      const int n = 200000;
      for (int i = 0; i < n; ++i) {
        Draws d({3, 0}, stream_id("test.response"), 0, static_cast<std::uint32_t>(i));
        sum += response::grade_answer(mu, sd, d.normal(), 1, 10);
      }
      EXPECT_NEAR(response::expected_grade_exact(mu, sd, 1, 10), sum / n, 0.01) << "mu " << mu << " sd " << sd;
      EXPECT_NEAR(response::GradeExpectation(sd, 1, 10)(mu), response::expected_grade_exact(mu, sd, 1, 10), 1e-5);
    }
  }
}
