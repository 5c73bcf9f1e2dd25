#include "experiments/run/summary.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
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
    case Outcome::care_cases:
    case Outcome::police_hours:
    case Outcome::municipality_hours:
    case Outcome::welfare_hours:
    case Outcome::corporation_hours:
    case Outcome::approach_hours:
    case Outcome::overcommitted_hours:
    case Outcome::team_contacts:
    case Outcome::agenda_rounds:
    case Outcome::volunteer_reports:
    case Outcome::low_value_reports:
    case Outcome::approach_police_hours:
    case Outcome::approach_municipality_hours:
    case Outcome::approach_welfare_hours:
    case Outcome::approach_corporation_hours:
    case Outcome::approach_other_cost_eur:
    case Outcome::approach_one_off_cost_eur:
    case Outcome::hours_outreach:
    case Outcome::hours_presence:
    case Outcome::hours_enforcement:
    case Outcome::hours_care:
    case Outcome::hours_environment:
    case Outcome::hours_support:
    case Outcome::hours_overhead:
      return true;
    default:
      return false;
  }
}

std::size_t window_start(const RunResults& r) { return r.weeks > 52 ? r.weeks - 52 : 0; }

std::vector<double> replicate_values(const RunResults& r, Outcome o, std::size_t s) {
  const auto oi = static_cast<std::size_t>(o);
  double total_residents = 0;
  for (auto n : r.residents) total_residents += static_cast<double>(n);
  std::vector<double> values;
  for (std::size_t rep = 0; rep < r.replicates; ++rep) {
    if (!r.complete.empty() && !r.complete[s * r.replicates + rep]) {  // interrupted run
      values.push_back(std::nan(""));
      continue;
    }
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
  static const std::vector<Outcome> keys = {
      Outcome::unsafe_sometimes_pct, Outcome::trust_police_mean, Outcome::team_awareness_pct, Outcome::active_pct,
      Outcome::victimised_12m_pct,   Outcome::recorded_crime,    Outcome::professional_hours, Outcome::cost_eur};
  return keys;
}

}  // namespace buurtsim::run
