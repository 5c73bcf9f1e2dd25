#include "experiments/analysis/verdict_warnings.hpp"

#include <cmath>

#include "model/outcomes.hpp"

namespace buurtsim::run {

std::vector<std::string> verdict_warnings(const config::Experiment& e, const RunResults& r, const RunTables& t) {
  std::vector<std::string> out;
  if (r.weeks < kFewWeeks)
    out.push_back("short horizon: " + std::to_string(r.weeks) + " recorded weeks (fewer than " +
                  std::to_string(kFewWeeks) +
                  "); outcomes that change slowly, such as trust and a neighbourhood's reputation, have not settled");
  const bool draws = e.uncertainty.active();
  if (draws && r.replicates < kFewDraws)
    out.push_back("few parameter draws: " + std::to_string(r.replicates) + " (fewer than " + std::to_string(kFewDraws) +
                  "); the probabilities over draws are rough");
  else if (!draws && r.replicates < kFewReplicates)
    out.push_back("few replicates: " + std::to_string(r.replicates) + " (fewer than " + std::to_string(kFewReplicates) +
                  "); the intervals are wide and the probabilities coarse");
  if (!t.baseline || t.comparison.empty() || r.waves == 0) return out;
  for (std::size_t s = 0; s < r.scenarios; ++s) {
    if (s == *t.baseline) continue;
    bool any = false, seen = false;
    for (Outcome k : key_outcomes()) {
      if (!outcome_info(k).survey_indicator) continue;
      const double p = t.comparison[static_cast<std::size_t>(k)][s].detection;
      if (std::isnan(p)) continue;
      any = true;
      seen = seen || p >= kLikelySeen;
    }
    if (any && !seen)
      out.push_back(
          "below the survey's detection limit: a buurtmonitor of the configured size would probably not "
          "see any change in the key survey indicators of scenario \"" +
          e.scenarios[s].name + "\"");
  }
  return out;
}

}  // namespace buurtsim::run
