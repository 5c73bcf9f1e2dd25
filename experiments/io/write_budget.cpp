#include "experiments/io/write_budget.hpp"

#include <vector>

#include "experiments/config/planned_budget.hpp"

namespace buurtsim::run {

void write_budget(h5::Group& root, const config::Experiment& e) {
  h5::Group g = root.group("budget");
  std::vector<std::string> names;
  for (const auto& s : e.scenarios) names.push_back(s.name);
  g.write_dim("scenario", names, "scenario");
  g.write_dim("organisation", std::vector<std::string>{"police", "municipality", "welfare", "corporation"},
              "organisation");
  constexpr const char* kBases[] = {"as_configured", "equal_cost", "equal_hours"};
  g.set_attr("basis", std::string(kBases[static_cast<int>(e.budget.basis)]));
  g.set_attr("target", e.budget.basis == config::BudgetBasis::as_configured ? 0.0 : e.budget.target);
  g.set_attr("funding_override", std::string(e.budget.funding < 0    ? "as_configured"
                                             : e.budget.funding == 0 ? "additional"
                                                                     : "redeployed"));
  g.set_attr("description",
             "planned budget per year of each scenario's approaches, from their parameters (docs/cost-benefit.md, "
             "\"Like-for-like comparisons\"): hours at full strength (hour levers x residents x 52), their cost at "
             "the hourly rates, other expenses as the approaches plan them (one-off costs spread over the years the "
             "approach runs, at least one); basis and target as in [budget] (target EUR a year for equal_cost, "
             "hours a year for equal_hours)");
  std::vector<double> hours, hours_total, total, cash, redeployed, expenses, one_off;
  std::vector<std::int32_t> funding;
  for (const auto& s : e.scenarios) {
    const config::PlannedBudget p = config::planned_budget(s, e.settings.weeks);
    for (double h : p.hours_per_year) hours.push_back(h);
    hours_total.push_back(p.hours());
    total.push_back(p.total_eur());
    cash.push_back(p.new_cash_eur());
    redeployed.push_back(p.redeployed_eur());
    expenses.push_back(p.expenses_eur);
    one_off.push_back(p.one_off_eur);
    funding.push_back(p.funding == config::Funding::none         ? -1
                      : p.funding == config::Funding::additional ? 0
                      : p.funding == config::Funding::redeployed ? 1
                                                                 : 2);
  }
  std::vector<double> scale = e.budget.scale;
  scale.resize(e.scenarios.size(), 1.0);
  const auto put = [&](const std::string& name, const std::vector<double>& v, const std::string& units,
                       const std::string& ln) { g.write(name, std::span<const double>(v), {"scenario"}, units, ln); };
  g.write("hours_per_year", std::span<const double>(hours), {"scenario", "organisation"}, "hours/year",
          "hours a year each organisation gives to the scenario's approaches, all neighbourhoods");
  put("hours_per_year_total", hours_total, "hours/year", "hours a year of all organisations together");
  put("cost_eur", total, "EUR/year", "planned cost a year: the hours at their hourly rates plus other expenses");
  put("new_cash_eur", cash, "EUR/year", "the part paid in new cash: additional hours and all other expenses");
  put("redeployed_eur", redeployed, "EUR/year", "the part in redeployed hours (taken from the regular service)");
  put("expenses_eur", expenses, "EUR/year", "other expenses a year, one-off costs spread over the years of operation");
  put("one_off_eur", one_off, "EUR", "one-off costs in total (trainings of the founding volunteers)");
  put("lever_scale", scale, "1", "factor the basis multiplied the scenario's hour levers by (1: as configured)");
  g.write("funding", std::span<const std::int32_t>(funding), {"scenario"}, "1",
          "funding of the scenario's approaches: 0 additional, 1 redeployed, 2 mixed, -1 no approach");
}

}  // namespace buurtsim::run
