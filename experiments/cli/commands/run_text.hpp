#pragma once
// What `buurtsim run` prints: the key outcomes with their differences from the baseline, and
// the cost-benefit table, formatted from the run's tables.
#include <string>

#include "experiments/analysis/run_tables.hpp"

namespace buurtsim::cli {

// What the intervals and probabilities include: the replicates' parameter draws (the
// uncertainty mode) or the model's random draws only; the draw count and the largest Monte
// Carlo standard error of a probability over it.
std::string uncertainty_text(const config::Experiment& e);

// One block per key outcome, one row per scenario.
std::string comparison_text(const config::Experiment& e, const run::RunResults& r, const run::RunTables& t);

// One row per scenario other than the baseline ("" without a baseline or with one scenario).
std::string cba_text(const config::Experiment& e, const run::RunResults& r, const run::RunTables& t);
// Where the verdict is weak (experiments/analysis/verdict_warnings.hpp); empty when it is not.
std::string warnings_text(const config::Experiment& e, const run::RunResults& r, const run::RunTables& t);

}  // namespace buurtsim::cli
