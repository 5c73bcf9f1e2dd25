// Step 0: exogenous context, the same for every scenario.
#include <cmath>

#include "model/parallel.hpp"
#include "model/phases/phases.hpp"
#include "model/phases/victimisation.hpp"
#include "model/streams.hpp"

namespace buurtsim::phases {

void context(World& w) {
  const auto& c = w.spec.params.context;
  const double years = w.week / 52.0;
  double multiplier = 1.0;
  w.fear_shift = 0.0;
  if (as_bool(c.trend_on)) {
    multiplier *= std::pow(1.0 + c.offending_trend, years);
    w.fear_shift = c.fear_trend * years;
  }
  if (as_bool(c.seasonality_on)) {
    const Date today = Date::from_days(w.settings.start_date.days() + 7LL * w.week);
    const double phase = 2.0 * 3.141592653589793 * (today.week_of_year() - 50) / 52.0;
    multiplier *= 1.0 + c.seasonality_amplitude * std::cos(phase);
  }
  w.offending_multiplier = multiplier;

  // The wijkagent of a neighbourhood is replaced at a yearly rate (resets awareness, step 7).
  const double turnover = 1.0 - std::exp(-w.spec.params.awareness.staff_turnover / 52.0);
  for (std::size_t i = 0; i < w.neighbourhoods.size(); ++i) {
    auto& nb = w.neighbourhoods[i];
    nb.week = WeekAccounts{};
    Draws d(w.key, streams::staff_turnover, w.week, static_cast<std::uint32_t>(i));
    nb.staff_changed = d.bernoulli(turnover);
  }
  for (auto& counts : w.blocks.incidents_week) counts = {};

  const bool elsewhere = as_bool(c.elsewhere_on);
  const double rate = c.elsewhere_rate, report_p = w.spec.params.reporting.theft,
               aangifte = w.spec.params.reporting.aangifte_share, severity = w.spec.params.fear.severity_property;
  for_each_chunk(w, [&](const Chunk& ch, std::size_t) {
    Residents& r = w.residents;
    for (std::uint32_t id = ch.begin; id < ch.end; ++id) {
      r.week_events[id] = 0;
      r.witnessed[id] = 0;
      if (!elsewhere || !is_adult(r.age[id])) continue;
      Draws d(w.key, streams::elsewhere, w.week, id);
      if (!d.bernoulli(rate)) continue;
      record_victimisation(w, id, severity);
      if (d.bernoulli(report_p))
        r.last_offence[id] = d.bernoulli(aangifte) ? kLastReported | kLastAangifte : kLastReported;
    }
  });
}

}  // namespace buurtsim::phases
