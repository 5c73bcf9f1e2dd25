#include "experiments/analysis/summary.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "experiments/analysis/sensitivity_indices.hpp"

namespace buurtsim::run {

std::size_t window_start(const RunResults& r) { return r.weeks > 52 ? r.weeks - 52 : 0; }

std::vector<double> replicate_values(const RunResults& r, Outcome o, std::size_t s) {
  const auto oi = static_cast<std::size_t>(o);
  const bool summed = outcome_info(o).pooling == Pooling::Sum;
  std::vector<double> values;
  for (std::size_t rep = 0; rep < r.replicates; ++rep) {
    if (!r.complete.empty() && !r.complete[s * r.replicates + rep]) {  // interrupted run
      values.push_back(std::nan(""));
      continue;
    }
    const std::size_t first = window_start(r), span = r.weeks - first;
    const std::vector<double> series = r.series(oi, s, rep, first);  // [neighbourhood][week - first]
    double sum = 0, weeks = 0;
    for (std::size_t wk = 0; wk < span; ++wk) {
      double combined = 0, weight = 0;
      for (std::size_t nb = 0; nb < r.neighbourhoods; ++nb) {
        const double v = series[nb * span + wk];
        if (std::isnan(v)) continue;
        const double w = summed ? 1.0 : static_cast<double>(r.residents[nb]);
        combined += w * v;
        weight += w;
      }
      if (weight <= 0) continue;
      sum += summed ? combined : combined / weight;
      weeks += 1;
    }
    values.push_back(weeks > 0 ? sum / weeks : std::nan(""));
  }
  return values;
}

Interval interval_over_replicates(const std::vector<double>& values, double level) {
  Interval iv;
  double n = 0, sum = 0;
  for (double v : values)
    if (!std::isnan(v)) sum += v, n += 1;
  if (n == 0) return {std::nan(""), std::nan(""), std::nan("")};
  iv.mean = sum / n;
  if (n < 2) {
    iv.lower = iv.upper = std::nan("");
    return iv;
  }
  double ss = 0;
  for (double v : values)
    if (!std::isnan(v)) ss += (v - iv.mean) * (v - iv.mean);
  const double se = std::sqrt(ss / (n - 1) / n);
  const boost::math::students_t t(n - 1);
  const double q = boost::math::quantile(t, 0.5 + level / 200.0);
  iv.lower = iv.mean - q * se;
  iv.upper = iv.mean + q * se;
  return iv;
}

IntervalKind interval_kind(const config::Experiment& e) {
  return e.uncertainty.active() ? IntervalKind::OverDraws : IntervalKind::MeanOverReplicates;
}

std::string_view describe(IntervalKind kind) {
  return kind == IntervalKind::OverDraws
             ? "uncertainty interval: the central share of the replicates' values, each replicate with its own draw "
               "of the uncertain parameters (percentiles)"
             : "interval of the mean over replicates (Student t)";
}

Interval interval_of(const std::vector<double>& values, double level, IntervalKind kind) {
  Interval iv = interval_over_replicates(values, level);
  if (kind == IntervalKind::MeanOverReplicates || std::isnan(iv.lower)) return iv;
  std::tie(iv.lower, iv.upper) = sweep::percentile_interval(values, level);
  return iv;
}

}  // namespace buurtsim::run
