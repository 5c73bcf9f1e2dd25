#pragma once
// The planned budgets `buurtsim run` prints above its comparison: each approach scenario's funding
// mode, hours per year per organisation and cost per year in new cash and redeployed hours
// (experiments/config/planned_budget.hpp), and the budget basis of the comparison.
#include <string>

#include "experiments/config/config.hpp"

namespace buurtsim::cli {

// "" when no scenario has an approach.
std::string budget_text(const config::Experiment& e);

}  // namespace buurtsim::cli
