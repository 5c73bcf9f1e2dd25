#include "experiments/config/planned_budget.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "model/approach.hpp"
#include "model/params.hpp"

namespace buurtsim::config {
namespace {

constexpr double kWeeksPerYear = 52.0;

struct Expenses {
  double per_year = 0;  // recurring
  double one_off = 0;
};

// What a module spends besides hours in one neighbourhood where it has hours, as the module
// books it (model/approaches/<name>/<name>.cpp); `share` is the neighbourhood's share of the
// scenario's residents, `phase_two` the share of the operating weeks in a phase that costs.
struct Where {
  const Params& p;
  double residents;
  double share;
  double phase_two;
};
using ExpensesOf = Expenses (*)(const Where&);

double v(const Params& p, std::string_view name) { return param_value(p, name); }

// The team's communication per neighbourhood; evaluation and the coordinator shared by residents.
Expenses vba(const Where& w) {
  const double shared =
      v(w.p, "vba.evaluation_cost") + (as_bool(v(w.p, "vba.coordinator")) ? v(w.p, "vba.coordinator_cost") : 0.0);
  return {kWeeksPerYear * (v(w.p, "vba.communication_cost") + shared * w.share), 0.0};
}

// The action lines' materials, in phase 2 only.
Expenses bap(const Where& w) { return {kWeeksPerYear * v(w.p, "bap.material_cost") * w.phase_two, 0.0}; }

// Expenses per volunteer of the founding teams, and their trainings when they join (trainings of
// later recruits who replace leavers depend on the run and are not planned).
Expenses buurtpreventie(const Where& w) {
  const double per_1000 = v(w.p, "buurtpreventie.teams_per_1000");
  if (per_1000 <= 0) return {};
  const double teams = std::max(1.0, static_cast<double>(std::lround(per_1000 * w.residents / 1000.0)));
  const double members = teams * std::round(v(w.p, "buurtpreventie.team_size"));
  const double trainings = (as_bool(v(w.p, "buurtpreventie.training_safety")) ? 1.0 : 0.0) +
                           (as_bool(v(w.p, "buurtpreventie.training_niet_pluis")) ? 1.0 : 0.0);
  return {kWeeksPerYear * v(w.p, "buurtpreventie.expenses") * members,
          v(w.p, "buurtpreventie.training_cost") * trainings * members};
}

// Every approach module's planned expenses; a module without an entry plans none
// (tests/experiments/config/test_planned_budget.cpp checks that every module has one).
const std::map<std::string, ExpensesOf, std::less<>>& expense_plans() {
  static const std::map<std::string, ExpensesOf, std::less<>> plans{
      {"vba", vba},
      {"bap", bap},
      {"wijkveiligheid", [](const Where&) { return Expenses{}; }},
      {"buurtpreventie", buurtpreventie}};
  return plans;
}

// Recorded weeks in which the approach acts, and the part of them from bap.switch_week on.
struct Window {
  double weeks = 0, phase_two = 0;
};
Window window(const ScenarioSpec& s, const std::string& name, int weeks) {
  const ApproachLevers l = read_levers(s.params, name);
  const int from = std::max(l.start_week, 0);
  const int to = l.end_week < 0 ? weeks : std::min(l.end_week, weeks);
  Window w;
  w.weeks = std::max(0, to - from);
  if (name == "bap" && w.weeks > 0) {
    const int sw = as_int(param_value(s.params, "bap.switch_week"));
    w.phase_two = sw < 0 ? 0.0 : std::max(0, to - std::max(from, sw)) / w.weeks;
  }
  return w;
}

Funding combine(Funding a, Funding b) {
  if (a == Funding::none) return b;
  if (b == Funding::none || a == b) return a;
  return Funding::mixed;
}

}  // namespace

std::string_view to_string(Funding f) {
  switch (f) {
    case Funding::additional:
      return "additional";
    case Funding::redeployed:
      return "redeployed";
    case Funding::mixed:
      return "mixed";
    case Funding::none:
      break;
  }
  return "none";
}

bool has_expense_plan(std::string_view approach) { return expense_plans().contains(approach); }

double PlannedBudget::hours() const {
  double h = 0;
  for (double x : hours_per_year) h += x;
  return h;
}

PlannedBudget planned_budget(const ScenarioSpec& s, int weeks) {
  PlannedBudget total;
  double residents = 0;
  for (const auto& nb : s.neighbourhoods) residents += nb.residents;
  for (const std::string& name : s.approaches) {
    ApproachBudget a;
    a.name = name;
    const Window win = window(s, name, weeks);
    if (win.weeks <= 0) continue;  // it does not act in the recorded weeks of this run: it costs nothing
    const auto plan = expense_plans().find(name);
    for (const auto& nb : s.neighbourhoods) {
      const ApproachLevers l = read_levers(nb.params, name);
      const std::array<double, kOrganisations> rates = {
          nb.params.police.hourly_cost, nb.params.organisations.municipality_hourly_cost,
          nb.params.organisations.welfare_hourly_cost, nb.params.organisations.corporation_hourly_cost};
      double hours = 0, eur = 0;
      for (std::size_t o = 0; o < kOrganisations; ++o) {
        const double h = l.hours_per_1000[o] * nb.residents / 1000.0 * kWeeksPerYear;
        a.hours_per_year[o] += h;
        hours += h;
        eur += h * rates[o];
      }
      if (hours <= 0) continue;  // the approach does nothing here (Approach::has_budget)
      a.hours_eur += eur;
      if (l.additional) a.new_cash_hours_eur += eur;
      a.funding = combine(a.funding, l.additional ? Funding::additional : Funding::redeployed);
      if (plan == expense_plans().end()) continue;
      const Expenses x = plan->second({nb.params, static_cast<double>(nb.residents),
                                       residents > 0 ? nb.residents / residents : 0.0, win.phase_two});
      a.expenses_eur += x.per_year + x.one_off / std::max(1.0, win.weeks / kWeeksPerYear);
      a.one_off_eur += x.one_off;
    }
    for (std::size_t o = 0; o < kOrganisations; ++o) total.hours_per_year[o] += a.hours_per_year[o];
    total.hours_eur += a.hours_eur;
    total.new_cash_hours_eur += a.new_cash_hours_eur;
    total.expenses_eur += a.expenses_eur;
    total.one_off_eur += a.one_off_eur;
    total.funding = combine(total.funding, a.funding);
    total.approaches.push_back(std::move(a));
  }
  return total;
}

}  // namespace buurtsim::config
