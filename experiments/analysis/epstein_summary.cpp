#include "experiments/analysis/epstein_summary.hpp"

#include <numeric>

namespace buurtsim::run {

EpsteinSummary summarise(const EpsteinReplicate& rep, int steps) {
  EpsteinSummary s;
  if (!rep.complete) return s;
  const EpsteinResult& r = rep.result;
  s.outbursts = static_cast<std::int32_t>(r.outbursts.size());
  double length = 0, peak = 0;
  for (const Outburst& o : r.outbursts) {
    length += o.length;
    peak += o.peak_share;
  }
  if (!r.outbursts.empty()) {
    s.mean_length = length / static_cast<double>(r.outbursts.size());
    s.mean_peak_share = peak / static_cast<double>(r.outbursts.size());
  }
  const double citizen_steps = static_cast<double>(r.citizens) * steps;
  s.share_above = steps > 0 ? length / steps : 0.0;
  if (citizen_steps > 0) {
    s.mean_active_share = std::accumulate(r.active.begin(), r.active.end(), 0.0) / citizen_steps;
    s.mean_jailed_share = std::accumulate(r.jailed.begin(), r.jailed.end(), 0.0) / citizen_steps;
  }
  return s;
}

}  // namespace buurtsim::run
