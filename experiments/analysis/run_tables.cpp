#include "experiments/analysis/run_tables.hpp"

#include <boost/math/distributions/normal.hpp>

#include "model/measurement.hpp"

namespace buurtsim::run {
namespace {

void survey_intervals(const RunResults& r, double level, RunTables& t) {
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + level / 200.0);
  const std::size_t cells = r.scenarios * r.replicates * r.neighbourhoods * r.waves;
  t.survey_lower.resize(kItems * cells);
  t.survey_upper.resize(kItems * cells);
  for (std::size_t k = 0; k < kItems; ++k)
    for (std::size_t c = 0; c < cells; ++c) {
      SurveyNeighbourhood s;
      s.estimate[k] = r.survey_estimate[k * cells + c];
      s.se[k] = r.survey_se[k * cells + c];
      s.n_kish[k] = r.survey_n_kish[k * cells + c];
      const SurveyInterval iv = survey_interval(s, k, z);
      t.survey_lower[k * cells + c] = iv.lower;
      t.survey_upper[k * cells + c] = iv.upper;
    }
}

}  // namespace

RunTables analyse_run(const config::Experiment& e, const RunResults& r, double level) {
  RunTables t;
  t.level = level;
  t.first_week = window_start(r);
  t.baseline = baseline_index(e);
  const IntervalKind kind = interval_kind(e);
  for (const OutcomeInfo& info : all_outcomes()) {
    std::vector<Interval>& summary = t.summary.emplace_back();
    for (std::size_t s = 0; s < r.scenarios; ++s)
      summary.push_back(interval_of(replicate_values(r, info.id, s), level, kind));
    if (!t.baseline) continue;
    std::vector<Comparison>& comparison = t.comparison.emplace_back();
    for (std::size_t s = 0; s < r.scenarios; ++s) comparison.push_back(compare(r, info.id, s, t.baseline, level, kind));
  }
  t.cba = cba::compute_cba(e, r, level);
  t.decision = analyse_decision(e, r, t.cba);
  survey_intervals(r, level, t);
  return t;
}

}  // namespace buurtsim::run
