// Discounting and annuities (experiments/analysis/discounting.hpp) against values computed by hand
// (with r = 0.0225, the Werkgroep discontovoet 2020 standard rate).
#include <gtest/gtest.h>

#include "experiments/analysis/discounting.hpp"

namespace buurtsim::cba {
namespace {

constexpr double kRate = 0.0225;

TEST(Discounting, WeekZeroIsNotDiscountedAndWeek52IsOneYear) {
  EXPECT_DOUBLE_EQ(discount_factor(kRate, 0), 1.0);
  // 1 / 1.0225 = 0.97799511002445
  EXPECT_NEAR(discount_factor(kRate, 52), 0.97799511002445, 1e-12);
  // 1 / 1.0225^2 = 1 / 1.04550625 = 0.95647443523174
  EXPECT_NEAR(discount_factor(kRate, 104), 0.95647443523174, 1e-12);
  EXPECT_DOUBLE_EQ(discount_factor(0.0, 300), 1.0);
}

TEST(Discounting, WeeklyAnnuityIsTheSumOfTheWeeklyFactors) {
  // Without discounting n weeks of 1 are worth n.
  EXPECT_DOUBLE_EQ(weekly_annuity_factor(0.0, 10), 10.0);
  // q = 1.0225^(-1/52); sum of q^w for w = 0..51 = (1 - 1/1.0225) / (1 - q) = 51.436754411575
  EXPECT_NEAR(weekly_annuity_factor(kRate, 52), 51.436754411575, 1e-9);
  // w = 0..103: 101.741648701624
  EXPECT_NEAR(weekly_annuity_factor(kRate, 104), 101.741648701624, 1e-9);
  double sum = 0;
  for (std::size_t w = 0; w < 104; ++w) sum += discount_factor(kRate, w);
  EXPECT_NEAR(weekly_annuity_factor(kRate, 104), sum, 1e-9);
}

TEST(Discounting, AnnuityFactorAndEquivalentAnnualAmount) {
  // (1 - 1.0225^-3) / 0.0225 = (1 - 0.935427232...) / 0.0225 = 2.869896865776
  EXPECT_NEAR(annuity_factor(kRate, 3), 2.869896865776, 1e-9);
  EXPECT_DOUBLE_EQ(annuity_factor(0.0, 5), 5.0);
  // One year: 1 / 1.0225
  EXPECT_NEAR(annuity_factor(kRate, 1), 0.97799511002445, 1e-12);
  EXPECT_NEAR(equivalent_annual_amount(2.869896865776, kRate, 3), 1.0, 1e-9);
  EXPECT_NEAR(equivalent_annual_amount(1000.0, 0.0, 4), 250.0, 1e-12);
}

}  // namespace
}  // namespace buurtsim::cba
