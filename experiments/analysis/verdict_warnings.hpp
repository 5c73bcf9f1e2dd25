#pragma once
// Where a run's verdict is weak: a short horizon, few replicates or parameter draws, and
// approaches whose changes a buurtmonitor of the configured size would probably not see. The
// same sentences go to the terminal, to the results file (/summary attribute `warnings`, one a
// line; `provisional` 1 when there is any) and to the report, which marks its verdict provisional.
#include <string>
#include <vector>

#include "experiments/analysis/run_tables.hpp"

namespace buurtsim::run {

// Below these the verdict is provisional.
inline constexpr std::size_t kFewWeeks = 104;  // two recorded years: slow outcomes (trust, reputation) move for years
inline constexpr std::size_t kFewReplicates = 8;  // a probability over replicates moves in steps of 1/8 or coarser
inline constexpr std::size_t kFewDraws = 50;      // a probability over draws has a Monte Carlo error of up to 7 points
inline constexpr double kLikelySeen = 0.5;        // a survey that sees a change in fewer than half the replicates

std::vector<std::string> verdict_warnings(const config::Experiment& e, const RunResults& r, const RunTables& t);

}  // namespace buurtsim::run
