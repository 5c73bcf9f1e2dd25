#include "experiments/analysis/comparison.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "model/items.hpp"

namespace buurtsim::run {
namespace {

// The survey estimate of an item over all neighbourhoods at wave `wave` (weighted by the
// population aged 15+) and its standard error, for one scenario and replicate.
bool pooled_survey(const RunResults& r, std::size_t item, std::size_t s, std::size_t rep, std::size_t wave, double& est,
                   double& se) {
  double weight = 0, sum = 0, var = 0;
  for (std::size_t nb = 0; nb < r.neighbourhoods; ++nb) {
    const std::size_t i = r.survey_index(s, rep, nb, wave);
    const double e = r.survey_estimate[r.item_index(item, s, rep, nb, wave)],
                 x = r.survey_se[r.item_index(item, s, rep, nb, wave)];
    if (std::isnan(e) || std::isnan(x)) continue;
    const double wgt = r.survey_eligible[i];
    weight += wgt;
    sum += wgt * e;
    var += wgt * wgt * x * x;
  }
  if (weight <= 0) return false;
  est = sum / weight;
  se = std::sqrt(var) / weight;
  return true;
}

bool complete(const RunResults& r, std::size_t s, std::size_t rep) {
  return r.complete.empty() || r.complete[s * r.replicates + rep];
}

}  // namespace

std::optional<std::size_t> baseline_index(const config::Experiment& e) {
  for (std::size_t s = 0; s < e.scenarios.size(); ++s)
    if (e.scenarios[s].name == "baseline") return s;
  return std::nullopt;
}

Comparison compare(const RunResults& r, Outcome o, std::size_t s, std::optional<std::size_t> baseline, double level,
                   IntervalKind kind) {
  Comparison c{
      interval_of(replicate_values(r, o, s), level, kind), {std::nan(""), std::nan(""), std::nan("")}, std::nan(""), 0};
  if (!baseline || *baseline == s) return c;
  const std::vector<double> a = replicate_values(r, o, s), b = replicate_values(r, o, *baseline);
  std::vector<double> diff;
  for (std::size_t rep = 0; rep < a.size(); ++rep) {
    if (std::isnan(a[rep]) || std::isnan(b[rep])) continue;
    diff.push_back(a[rep] - b[rep]);
  }
  c.pairs = diff.size();
  c.difference = interval_of(diff, level, kind);
  const auto oi = static_cast<std::size_t>(o);
  if (!all_outcomes()[oi].survey_indicator || r.waves == 0) return c;
  const double z = boost::math::quantile(boost::math::normal(), 1.0 - kDetectionAlpha / 2);
  double tested = 0, detected = 0;
  for (std::size_t rep = 0; rep < r.replicates; ++rep) {
    if (!complete(r, s, rep) || !complete(r, *baseline, rep)) continue;
    double e1, s1, e0, s0;
    if (!pooled_survey(r, oi, s, rep, r.waves - 1, e1, s1) ||
        !pooled_survey(r, oi, *baseline, rep, r.waves - 1, e0, s0))
      continue;
    const double se = std::sqrt(s1 * s1 + s0 * s0);
    tested += 1;
    detected += se > 0 && std::abs(e1 - e0) > z * se ? 1 : 0;
  }
  c.detection = tested > 0 ? detected / tested : std::nan("");
  return c;
}

}  // namespace buurtsim::run
