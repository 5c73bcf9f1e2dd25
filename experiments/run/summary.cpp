#include "experiments/run/summary.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace buurtsim::run {

bool is_count_outcome(Outcome o) {
  switch (o) {
    case Outcome::incidents:
    case Outcome::incidents_burglary:
    case Outcome::incidents_violence:
    case Outcome::incidents_nuisance:
    case Outcome::incidents_buffer:
    case Outcome::reports:
    case Outcome::professional_hours:
    case Outcome::coordination_hours:
    case Outcome::cost_eur:
    case Outcome::volunteers:
    case Outcome::social_problems_emerging:
    case Outcome::social_problems_detected_early:
    case Outcome::social_problems_escalated:
    case Outcome::care_cases: return true;
    default: return false;
  }
}

std::size_t window_start(const RunResults& r) { return r.weeks > 52 ? r.weeks - 52 : 0; }

std::vector<double> replicate_values(const RunResults& r, Outcome o, std::size_t s) {
  const auto oi = static_cast<std::size_t>(o);
  double total_residents = 0;
  for (auto n : r.residents) total_residents += static_cast<double>(n);
  std::vector<double> values;
  for (std::size_t rep = 0; rep < r.replicates; ++rep) {
    if (!r.complete.empty() && !r.complete[s * r.replicates + rep]) continue;  // interrupted run
    double sum = 0, weeks = 0;
    for (std::size_t wk = window_start(r); wk < r.weeks; ++wk) {
      double combined = 0, weight = 0;
      for (std::size_t nb = 0; nb < r.neighbourhoods; ++nb) {
        const double v = r.outcomes[r.outcome_index(oi, s, rep, nb, wk)];
        if (std::isnan(v)) continue;
        const double w = is_count_outcome(o) ? 1.0 : static_cast<double>(r.residents[nb]);
        combined += w * v;
        weight += w;
      }
      if (weight <= 0) continue;
      sum += is_count_outcome(o) ? combined : combined / weight;
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

const std::vector<Outcome>& key_outcomes() {
  static const std::vector<Outcome> keys = {Outcome::unsafe_sometimes_pct, Outcome::trust_police_mean,
                                            Outcome::victimised_12m_pct,   Outcome::recorded_crime,
                                            Outcome::professional_hours,   Outcome::cost_eur};
  return keys;
}

std::string summary_table(const config::Experiment& e, const RunResults& r, double level) {
  std::ostringstream o;
  const std::size_t first = window_start(r);
  o << "Key outcomes, mean of weeks " << first << "-" << (r.weeks - 1) << " over all neighbourhoods; ["
    << level << "% interval of the mean over " << r.replicates << " replicate" << (r.replicates == 1 ? "" : "s") << "]\n";
  std::size_t name_w = 8;
  for (const auto& s : e.scenarios) name_w = std::max(name_w, s.name.size());
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-*s", static_cast<int>(name_w), "scenario");
  o << buf;
  for (Outcome k : key_outcomes()) {
    std::snprintf(buf, sizeof buf, "  %-26s", std::string(all_outcomes()[static_cast<std::size_t>(k)].name).c_str());
    o << buf;
  }
  o << "\n";
  for (std::size_t s = 0; s < r.scenarios; ++s) {
    std::snprintf(buf, sizeof buf, "%-*s", static_cast<int>(name_w), e.scenarios[s].name.c_str());
    o << buf;
    for (Outcome k : key_outcomes()) {
      const Interval iv = interval_over_replicates(replicate_values(r, k, s), level);
      if (std::isnan(iv.lower))
        std::snprintf(buf, sizeof buf, "  %-26.4g", iv.mean);
      else
        std::snprintf(buf, sizeof buf, "  %-8.4g [%.4g, %.4g]", iv.mean, iv.lower, iv.upper);
      std::string cell = buf;
      if (cell.size() < 28) cell.resize(28, ' ');
      o << cell;
    }
    o << "\n";
  }
  return o.str();
}

}  // namespace buurtsim::run
