#include "experiments/config/budget_section.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "experiments/config/planned_budget.hpp"
#include "model/approach.hpp"

namespace buurtsim::config {
namespace {

constexpr std::string_view kKeys[] = {"basis", "cost_per_year", "hours_per_year", "funding"};
constexpr std::string_view kBases[] = {"as_configured", "equal_cost", "equal_hours"};
constexpr std::string_view kFundings[] = {"as_configured", "additional", "redeployed"};
constexpr std::string_view kHourLevers[] = {"police_hours", "municipality_hours", "welfare_hours", "corporation_hours"};

// The index of `value` in `allowed`, or -1.
template <std::size_t N>
int index_of(const std::string& value, const std::string_view (&allowed)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (allowed[i] == value) return static_cast<int>(i);
  return -1;
}

template <std::size_t N>
std::string one_of(const std::string_view (&allowed)[N]) {
  std::string text;
  for (std::size_t i = 0; i < N; ++i)
    text += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string("\"") + std::string(allowed[i]) + "\"";
  return text;
}

std::string euros(double v) {
  const auto n = static_cast<long long>(std::llround(v));
  std::string s = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < s.size(); ++i) out += (i > 0 && (s.size() - i) % 3 == 0 ? "," : "") + s.substr(i, 1);
  return (n < 0 ? "-" : "") + out;
}

// A positive target, from the file or an option.
double positive(const Reader& rd, const toml::node& n, const std::string& key) {
  const auto v = n.value<double>();
  if (!v || !(n.is_integer() || n.is_floating_point()) || !(*v > 0) || !std::isfinite(*v))
    rd.fail(&n, key, "expected a positive number");
  return *v;
}

struct Setting {
  std::string basis = "as_configured", funding = "as_configured";
  std::optional<double> cost, hours;
  std::string basis_where, cost_where, hours_where, funding_where;  // "file:line" or the option
  std::string basis_key = "budget.basis", cost_key = "budget.cost_per_year", hours_key = "budget.hours_per_year",
              funding_key = "budget.funding";
};

[[noreturn]] void fail(const std::string& where, const std::string& key, const std::string& what) {
  throw ConfigError(where + ": '" + key + "': " + what);
}

Setting read_file(const Draft& d, const toml::node* node, Setting s) {
  if (!node) return s;
  const Reader& rd = d.rd;
  for (const auto& [k, n] : *node->as_table())
    if (std::find(std::begin(kKeys), std::end(kKeys), k.str()) == std::end(kKeys))
      rd.fail(&n, "budget." + std::string(k.str()),
              "unknown key in [budget]; expected basis, cost_per_year, hours_per_year or funding");
  const toml::table& t = *node->as_table();
  if (const auto* n = t.get("basis")) s.basis = string_value(rd, *n, "budget.basis"), s.basis_where = rd.where(n);
  if (const auto* n = t.get("funding"))
    s.funding = string_value(rd, *n, "budget.funding"), s.funding_where = rd.where(n);
  if (const auto* n = t.get("cost_per_year"))
    s.cost = positive(rd, *n, "budget.cost_per_year"), s.cost_where = rd.where(n);
  if (const auto* n = t.get("hours_per_year"))
    s.hours = positive(rd, *n, "budget.hours_per_year"), s.hours_where = rd.where(n);
  // A target alone chooses its basis, as the options do.
  if (!t.get("basis") && s.cost && !s.hours) s.basis = "equal_cost";
  if (!t.get("basis") && s.hours && !s.cost) s.basis = "equal_hours";
  return s;
}

// The options replace the file's keys; --cost-per-year or --hours-per-year alone choose their basis.
Setting read_options(const Overrides& ov, Setting s) {
  if (ov.cost_per_year && ov.hours_per_year)
    throw ConfigError("--cost-per-year, --hours-per-year: give one of them (equal cost or equal hours), not both");
  const auto positive_option = [](double v, const char* name) {
    if (!(v > 0) || !std::isfinite(v)) fail(name, name + 2, "expected a positive number");
    return v;
  };
  if (ov.cost_per_year) {
    s.cost = positive_option(*ov.cost_per_year, "--cost-per-year"), s.cost_where = "--cost-per-year";
    s.cost_key = "cost-per-year", s.hours.reset();
    if (!ov.budget_basis) s.basis = "equal_cost", s.basis_where = s.cost_where, s.basis_key = s.cost_key;
  }
  if (ov.hours_per_year) {
    s.hours = positive_option(*ov.hours_per_year, "--hours-per-year"), s.hours_where = "--hours-per-year";
    s.hours_key = "hours-per-year", s.cost.reset();
    if (!ov.budget_basis) s.basis = "equal_hours", s.basis_where = s.hours_where, s.basis_key = s.hours_key;
  }
  if (ov.budget_basis) s.basis = *ov.budget_basis, s.basis_where = "--budget", s.basis_key = "budget";
  if (ov.funding) s.funding = *ov.funding, s.funding_where = "--funding", s.funding_key = "funding";
  return s;
}

// The scenario's value of an approach's hour lever: the same in every neighbourhood, or a failure.
double common_value(const Draft& d, std::size_t k, ParamId id, const BudgetSpec& b, const std::string& key) {
  const ScenarioSpec& s = d.e.scenarios[k];
  const ParamSpec& spec = param(id);
  const double v = s.neighbourhoods.empty() ? spec.get(s.params) : spec.get(s.neighbourhoods.front().params);
  for (const auto& nb : s.neighbourhoods)
    if (spec.get(nb.params) != v)
      fail(b.basis_where, key,
           "scenario \"" + s.name + "\": '" + std::string(spec.name) +
               "' differs between neighbourhoods; a budget basis scales a scenario's hour levers as one value, "
               "so set them at the top level or in [scenario.set]");
  return v;
}

// Sets one parameter in a resolved scenario and records it in its [scenario.set].
void set_in_scenario(Draft& d, std::size_t k, ParamId id, double value, const std::string& where) {
  ScenarioSpec& s = d.e.scenarios[k];
  param(id).set(s.params, value);
  for (auto& nb : s.neighbourhoods) param(id).set(nb.params, value);
  assign(d.scenarios[k].set, {id, value, where});
}

ParamId lever_id(const std::string& approach, std::string_view lever) {
  return *find_param(approach + "." + std::string(lever));
}

// The factor that brings the scenario's planned budget to the target.
double factor(const Draft& d, std::size_t k, const BudgetSpec& b, const std::string& key) {
  const ScenarioSpec& s = d.e.scenarios[k];
  const PlannedBudget p = planned_budget(s, d.e.settings.weeks);
  if (p.hours() <= 0) fail(b.basis_where, key, "scenario \"" + s.name + "\": its approaches have no hours to scale");
  if (b.basis == BudgetBasis::equal_hours) return b.target / p.hours();
  if (p.expenses_eur >= b.target)
    fail(b.basis_where, key,
         "scenario \"" + s.name + "\": its other expenses alone (EUR " + euros(p.expenses_eur) +
             " a year) reach the target of EUR " + euros(b.target) +
             " a year; choose a higher cost_per_year, or lower the approach's expenses");
  return (b.target - p.expenses_eur) / p.hours_eur;
}

}  // namespace

void read_budget(Draft& d, const toml::node* node) {
  Setting s = read_file(d, node, {});
  s = read_options(d.options, s);
  BudgetSpec& b = d.e.budget;
  const int basis = index_of(s.basis, kBases);
  if (basis < 0) fail(s.basis_where, s.basis_key, "expected " + one_of(kBases) + ", got \"" + s.basis + "\"");
  const int funding = index_of(s.funding, kFundings);
  if (funding < 0)
    fail(s.funding_where, s.funding_key, "expected " + one_of(kFundings) + ", got \"" + s.funding + "\"");
  b.basis = static_cast<BudgetBasis>(basis);
  b.funding = funding - 1;
  b.funding_where = s.funding_where + ": " + s.funding_key;
  if (s.cost && b.basis != BudgetBasis::equal_cost)
    fail(s.cost_where, s.cost_key, "applies only with basis \"equal_cost\" (the basis is \"" + s.basis + "\")");
  if (s.hours && b.basis != BudgetBasis::equal_hours)
    fail(s.hours_where, s.hours_key, "applies only with basis \"equal_hours\" (the basis is \"" + s.basis + "\")");
  if (b.basis == BudgetBasis::equal_cost) {
    if (!s.cost)
      fail(s.basis_where, s.basis_key, "basis \"equal_cost\" needs cost_per_year (EUR a year), or --cost-per-year");
    b.target = *s.cost;
  } else if (b.basis == BudgetBasis::equal_hours) {
    if (!s.hours) fail(s.basis_where, s.basis_key, "basis \"equal_hours\" needs hours_per_year, or --hours-per-year");
    b.target = *s.hours;
  }
  const bool cost = b.basis == BudgetBasis::equal_cost, hours = b.basis == BudgetBasis::equal_hours;
  b.basis_where = cost ? s.cost_where : hours ? s.hours_where : s.basis_where;
  b.basis_key = cost ? s.cost_key : hours ? s.hours_key : s.basis_key;
}

void apply_budget(Draft& d) {
  BudgetSpec& b = d.e.budget;
  b.scale.assign(d.e.scenarios.size(), 1.0);
  const std::string& key = b.basis_key;
  for (std::size_t k = 0; k < d.e.scenarios.size(); ++k) {
    const std::vector<std::string> approaches = d.e.scenarios[k].approaches;
    if (approaches.empty()) continue;
    if (b.funding >= 0)
      for (const std::string& a : approaches) set_in_scenario(d, k, lever_id(a, "funding"), b.funding, b.funding_where);
    if (b.basis == BudgetBasis::as_configured) continue;
    if (planned_budget(d.e.scenarios[k], d.e.settings.weeks).approaches.empty()) continue;  // none acts in this run
    std::vector<std::pair<ParamId, double>> levers;
    for (const std::string& a : approaches)
      for (std::string_view lever : kHourLevers) {
        const ParamId id = lever_id(a, lever);
        levers.emplace_back(id, common_value(d, k, id, b, key));
      }
    const double f = factor(d, k, b, key);
    b.scale[k] = f;
    for (const auto& [id, value] : levers) {
      const double scaled = value * f;
      if (scaled > param(id).max)
        fail(b.basis_where, key,
             "scenario \"" + d.e.scenarios[k].name + "\": '" + std::string(param(id).name) + "' would be " +
                 std::to_string(scaled) + " hours/week per 1,000 residents, above its maximum " +
                 std::to_string(param(id).max) + "; choose a smaller target");
      set_in_scenario(d, k, id, scaled, b.basis_where + ": " + key);
    }
  }
}

void render_budget(const Draft& d, const toml::node*, std::ostream& o) {
  const BudgetSpec& b = d.e.budget;
  if (b.basis == BudgetBasis::as_configured && b.funding < 0) return;
  o << "\n# [budget] basis = \"" << kBases[static_cast<int>(b.basis)] << "\"";
  if (b.basis == BudgetBasis::equal_cost) o << ", cost_per_year = " << b.target;
  if (b.basis == BudgetBasis::equal_hours) o << ", hours_per_year = " << b.target;
  if (b.funding >= 0) o << ", funding = \"" << kFundings[b.funding + 1] << "\"";
  o << " was applied: the scenarios' [scenario.set] hold the values it gave\n";
}

}  // namespace buurtsim::config
