#pragma once
// What `buurtsim run` prints: the key outcomes with their differences from the baseline, and
// the cost-benefit table, formatted from the run's tables.
#include <string>

#include "experiments/analysis/run_tables.hpp"

namespace buurtsim::cli {

// One block per key outcome, one row per scenario.
std::string comparison_text(const config::Experiment& e, const run::RunResults& r, const run::RunTables& t);

// One row per scenario other than the baseline ("" without a baseline or with one scenario).
std::string cba_text(const config::Experiment& e, const run::RunResults& r, const run::RunTables& t);

}  // namespace buurtsim::cli
