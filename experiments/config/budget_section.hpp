#pragma once
// [budget] of model = "buurtsim" and the options --budget, --cost-per-year, --hours-per-year and
// --funding: like-for-like comparisons (docs/usage.md, "Like-for-like budgets").
//   basis = "as_configured" (default) | "equal_cost" (with cost_per_year, EUR) | "equal_hours"
//           (with hours_per_year): every scenario with approaches gets its approaches' four hour
//           levers multiplied by one factor, so that its planned budget (planned_budget.hpp) meets
//           the target: the total planned cost per year (hours at their hourly rates however they
//           are funded, plus the other expenses, which stay as designed), or the hours per year of
//           all organisations together. A combination of approaches meets it as a whole.
//   funding = "as_configured" (default) | "additional" | "redeployed": every approach's funding.
// Applied to the resolved scenarios before they are checked; the new values go into each
// scenario's [scenario.set], so the resolved configuration shows them and reloads to the same
// experiment.
#include <iosfwd>

#include "experiments/config/model_kind.hpp"

namespace buurtsim::config {

// Reads the table (node may be nullptr) and the options that replace its keys into d.e.budget.
void read_budget(Draft& d, const toml::node* node);
// Sets the funding modes and scales the hour levers of the resolved scenarios; records the factors
// in d.e.budget.scale. Throws ConfigError naming where the basis was set when a target cannot be met.
void apply_budget(Draft& d);
// A comment in the resolved configuration saying what was applied (the values are in the sets).
void render_budget(const Draft& d, const toml::node* node, std::ostream& out);

}  // namespace buurtsim::config
