#include "experiments/analysis/run_tables.hpp"

namespace buurtsim::run {

RunTables analyse_run(const config::Experiment& e, const RunResults& r, double level) {
  RunTables t;
  t.level = level;
  t.first_week = window_start(r);
  t.baseline = baseline_index(e);
  for (const OutcomeInfo& info : all_outcomes()) {
    std::vector<Interval>& summary = t.summary.emplace_back();
    for (std::size_t s = 0; s < r.scenarios; ++s)
      summary.push_back(interval_over_replicates(replicate_values(r, info.id, s), level));
    if (!t.baseline) continue;
    std::vector<Comparison>& comparison = t.comparison.emplace_back();
    for (std::size_t s = 0; s < r.scenarios; ++s) comparison.push_back(compare(r, info.id, s, t.baseline, level));
  }
  t.cba = cba::compute_cba(e, r, level);
  return t;
}

}  // namespace buurtsim::run
