#include "model/survey_weighting.hpp"

#include <algorithm>
#include <cmath>

namespace buurtsim {
namespace {

// One margin: each respondent's category and the population per category (only the first
// `categories` used). Categories with people but no respondents make the margin unusable.
struct Margin {
  std::array<double, kAgeSexCells> population{};
  int categories = 0;
  int (*category)(const WeightingClasses&) = nullptr;
};

int age_sex(const WeightingClasses& c) { return c.age_sex; }
int sex(const WeightingClasses& c) { return c.age_sex % 2; }
int migration(const WeightingClasses& c) { return c.migration; }
int household(const WeightingClasses& c) { return c.household; }
int household_merged(const WeightingClasses& c) { return std::min<int>(c.household, 1); }             // 1, 2+ persons
int household_merged_single(const WeightingClasses& c) { return std::max<int>(c.household, 1) - 1; }  // 1-2, 3+

bool usable(const Margin& m, std::span<const WeightingClasses> respondents) {
  std::array<double, kAgeSexCells> seen{};
  for (const auto& r : respondents) seen[static_cast<std::size_t>(m.category(r))] += 1;
  for (int c = 0; c < m.categories; ++c) {
    const auto i = static_cast<std::size_t>(c);
    if (m.population[i] > 0 && seen[i] == 0) return false;
  }
  return true;
}

}  // namespace

void rake(std::span<const WeightingClasses> respondents, const WeightingTotals& population, WeightingMargins margins,
          std::vector<double>& weights) {
  const std::size_t n = respondents.size();
  weights.assign(n, 0.0);
  if (n == 0) return;
  double total = 0;
  for (double x : population.age_sex) total += x;
  // The margins used, coarsened where a category has people but no respondents.
  std::array<Margin, 3> used{};
  int count = 0;
  auto try_add = [&](Margin m) {
    if (!usable(m, respondents)) return false;
    used[static_cast<std::size_t>(count++)] = m;
    return true;
  };
  {
    Margin m{population.age_sex, kAgeSexCells, age_sex};
    if (!try_add(m)) {
      Margin s{{}, 2, sex};
      for (int c = 0; c < kAgeSexCells; ++c)
        s.population[static_cast<std::size_t>(c % 2)] += population.age_sex[static_cast<std::size_t>(c)];
      try_add(s);
    }
  }
  if (margins.migration) {
    Margin m{{}, kMigrationCells, migration};
    for (int c = 0; c < kMigrationCells; ++c)
      m.population[static_cast<std::size_t>(c)] = population.migration[static_cast<std::size_t>(c)];
    try_add(m);
  }
  if (margins.household) {
    const auto& h = population.household;
    Margin m{{h[0], h[1], h[2]}, kHouseholdCells, household};
    if (!try_add(m)) {
      Margin upper{{h[0], h[1] + h[2]}, 2, household_merged};
      Margin lower{{h[0] + h[1], h[2]}, 2, household_merged_single};
      if (!try_add(upper)) try_add(lower);
    }
  }
  std::fill(weights.begin(), weights.end(), total / static_cast<double>(n));
  std::array<double, kAgeSexCells> sums{};
  for (int sweep = 0; sweep < 100; ++sweep) {
    double worst = 0;
    for (int u = 0; u < count; ++u) {
      const Margin& m = used[static_cast<std::size_t>(u)];
      sums.fill(0.0);
      for (std::size_t j = 0; j < n; ++j) sums[static_cast<std::size_t>(m.category(respondents[j]))] += weights[j];
      for (int c = 0; c < m.categories; ++c) {
        const auto i = static_cast<std::size_t>(c);
        if (sums[i] > 0) worst = std::max(worst, std::abs(sums[i] - m.population[i]) / std::max(m.population[i], 1.0));
      }
      for (std::size_t j = 0; j < n; ++j) {
        const auto i = static_cast<std::size_t>(m.category(respondents[j]));
        weights[j] *= sums[i] > 0 ? m.population[i] / sums[i] : 0.0;
      }
    }
    if (worst < 1e-9) break;
  }
}

}  // namespace buurtsim
