#pragma once
// Calibration weighting of survey respondents by raking (iterative proportional fitting) to
// population counts on several margins, as the Veiligheidsmonitor's weighting model calibrates
// to population totals (docs/odd.md section 8). Robust to empty cells: a margin whose category
// has people but no respondents is collapsed to a coarser one or left out.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace buurtsim {

// A respondent's (or resident's) weighting classes.
struct WeightingClasses {
  std::uint8_t age_sex;    // 0-7: age group 15-24, 25-44, 45-64, 65+ by sex (sex = age_sex % 2)
  std::uint8_t migration;  // 0-1
  std::uint8_t household;  // 0-2: one, two, three or more persons
};
inline constexpr int kAgeSexCells = 8, kMigrationCells = 2, kHouseholdCells = 3;

// Population counts of the survey's population (residents 15+) per class of each margin.
struct WeightingTotals {
  std::array<double, kAgeSexCells> age_sex{};
  std::array<double, kMigrationCells> migration{};
  std::array<double, kHouseholdCells> household{};
  void add(const WeightingClasses& c) {
    age_sex[c.age_sex] += 1;
    migration[c.migration] += 1;
    household[c.household] += 1;
  }
};

struct WeightingMargins {
  bool migration = true, household = true;  // besides age x sex, always
};

// Weights (summing to the population) for `respondents`, written to `weights` (resized to
// match; scratch reused across calls). Age x sex falls back to sex when an age x sex cell with
// people has no respondents, and to no margin when a sex has none; migration background is left
// out when a class with people has no respondents; household size merges its empty class with
// two-person households, then is left out. At most 100 raking sweeps, stopping when every
// margin is met to 1e-9 relative.
void rake(std::span<const WeightingClasses> respondents, const WeightingTotals& population, WeightingMargins margins,
          std::vector<double>& weights);

}  // namespace buurtsim
