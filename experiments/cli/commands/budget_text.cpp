#include "experiments/cli/commands/budget_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "experiments/config/planned_budget.hpp"

namespace buurtsim::cli {
namespace {

std::string thousands(double v) {
  const auto n = static_cast<long long>(std::llround(v));
  std::string s = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < s.size(); ++i) out += (i > 0 && (s.size() - i) % 3 == 0 ? "," : "") + s.substr(i, 1);
  return (n < 0 ? "-" : "") + out;
}

std::string basis_text(const config::BudgetSpec& b) {
  std::string text;
  switch (b.basis) {
    case config::BudgetBasis::as_configured:
      text = "as configured";
      break;
    case config::BudgetBasis::equal_cost:
      text = "equal cost: every approach scenario's hour levers scaled to a planned EUR " + thousands(b.target) +
             " a year (other expenses as designed)";
      break;
    case config::BudgetBasis::equal_hours:
      text = "equal hours: every approach scenario's hour levers scaled to " + thousands(b.target) + " hours a year";
      break;
  }
  if (b.funding >= 0)
    text += std::string("; funding of every approach ") + (b.funding == 0 ? "additional" : "redeployed");
  return text;
}

}  // namespace

std::string budget_text(const config::Experiment& e) {
  const bool any =
      std::any_of(e.scenarios.begin(), e.scenarios.end(), [](const auto& s) { return !s.approaches.empty(); });
  if (!any) return "";
  const bool scaled = e.budget.basis != config::BudgetBasis::as_configured;
  std::size_t name_w = 8;
  for (const auto& s : e.scenarios) name_w = std::max(name_w, s.name.size());
  std::ostringstream o;
  o << "Planned budgets per year (" << basis_text(e.budget)
    << "): hours at full strength per organisation; cost at the hourly rates plus other expenses; new cash = "
       "additional hours and expenses, redeployed = hours taken from the regular service\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-*s %-10s %8s %8s %8s %8s %8s %12s %12s %12s%s\n", static_cast<int>(name_w),
                "scenario", "funding", "police", "municip.", "welfare", "corpor.", "hours", "new cash", "redeployed",
                "total EUR", scaled ? "  levers x" : "");
  o << line;
  for (std::size_t k = 0; k < e.scenarios.size(); ++k) {
    const auto& s = e.scenarios[k];
    if (s.approaches.empty()) continue;
    const config::PlannedBudget p = config::planned_budget(s, e.settings.weeks);
    char factor[32] = "";
    if (scaled && k < e.budget.scale.size()) std::snprintf(factor, sizeof factor, "  %.3f", e.budget.scale[k]);
    std::snprintf(line, sizeof line, "  %-*s %-10s %8.0f %8.0f %8.0f %8.0f %8.0f %12s %12s %12s%s\n",
                  static_cast<int>(name_w), s.name.c_str(), std::string(config::to_string(p.funding)).c_str(),
                  p.hours_per_year[kOrgPolice], p.hours_per_year[kOrgMunicipality], p.hours_per_year[kOrgWelfare],
                  p.hours_per_year[kOrgCorporation], p.hours(), thousands(p.new_cash_eur()).c_str(),
                  thousands(p.redeployed_eur()).c_str(), thousands(p.total_eur()).c_str(), factor);
    o << line;
    if (p.one_off_eur > 0)
      o << "  " << std::string(name_w, ' ') << " (of which one-off EUR " << thousands(p.one_off_eur)
        << ", spread over the years the approach runs)\n";
  }
  o << "\n";
  return o.str();
}

}  // namespace buurtsim::cli
