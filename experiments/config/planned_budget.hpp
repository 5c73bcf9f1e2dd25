#pragma once
// The planned budget of a scenario, computed from its parameters alone (no run): the hours per
// year each organisation gives to the scenario's approaches (the hour levers x residents x 52),
// their cost at the organisations' hourly rates, split by funding mode into new cash (funding
// "additional") and redeployed hours (funding "redeployed"), and the other expenses per year as
// the approach modules plan them (coordinator, communication, evaluation, materials, volunteer
// expenses; one-off trainings annualised over the years the approach runs, at least one).
// Planned at full strength (after the ramp-up) per year of operation; an approach whose window
// holds none of the recorded weeks is left out (it does nothing in the run). The [budget] option
// (budget_section.hpp) scales the hour levers with it and `run` prints and stores it
// (docs/cost-benefit.md, "Like-for-like comparisons").
#include <array>
#include <string>
#include <vector>

#include "model/spec.hpp"
#include "model/world.hpp"

namespace buurtsim::config {

// How the hours of an approach (or a scenario) are funded.
enum class Funding { none, additional, redeployed, mixed };
std::string_view to_string(Funding f);

struct ApproachBudget {
  std::string name;
  Funding funding = Funding::none;
  std::array<double, kOrganisations> hours_per_year{};  // all neighbourhoods
  double hours_eur = 0;                                 // the hours at their hourly rates
  double new_cash_hours_eur = 0;                        // the part funded as additional hours
  double expenses_eur = 0;                              // other expenses per year, one-off part annualised
  double one_off_eur = 0;                               // the one-off part in total (before annualising)
};

struct PlannedBudget {
  std::vector<ApproachBudget> approaches;
  std::array<double, kOrganisations> hours_per_year{};
  double hours_eur = 0, new_cash_hours_eur = 0, expenses_eur = 0, one_off_eur = 0;
  Funding funding = Funding::none;

  double hours() const;                                          // all organisations
  double total_eur() const { return hours_eur + expenses_eur; }  // the resources, however funded
  double redeployed_eur() const { return hours_eur - new_cash_hours_eur; }
  double new_cash_eur() const { return new_cash_hours_eur + expenses_eur; }  // expenses are always new cash
};

// The planned budget of the scenario's approaches over all its neighbourhoods. `weeks` are the
// recorded weeks of the run (for the years over which a one-off cost is annualised).
PlannedBudget planned_budget(const ScenarioSpec& s, int weeks);
// Whether the approach module's other expenses are planned here (each registered module's must be).
bool has_expense_plan(std::string_view approach);

}  // namespace buurtsim::config
