#include "experiments/analysis/calibration_targets.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>

#include "model/items.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::calibration {

namespace {

// A standard error a survey cannot have: so small (or n so large) that every simulated
// estimate would lie infinitely many standard errors away and the posterior would be the prior.
// The floor, 1/10,000 of the indicator's range (0.01 points of a percentage), is far below any
// published survey's (a few tenths of a point at thousands of respondents).
constexpr double kSmallestSeShare = 1e-4;
constexpr double kLargestN = 1e8;  // more respondents than the Netherlands has residents

std::string implausible_error(const Observation& o, const Target& t) {
  std::ostringstream m;
  if (o.n && !(*o.n <= kLargestN)) {
    m << "'n' " << *o.n << " is more respondents than a survey can have (at most " << kLargestN << ")";
    return m.str();
  }
  const auto outcome = find_outcome(o.indicator);
  const double range = outcome ? outcome_info(*outcome).max - outcome_info(*outcome).min : 100.0;
  const double smallest = kSmallestSeShare * range;
  if ((t.se_given || t.se != 0) && !(std::isfinite(t.se) && t.se >= smallest)) {
    m << "'se' " << t.se << " is " << (t.se > 0 ? "too small" : "not positive") << " for a survey's standard error of "
      << o.indicator << " (at least " << smallest
      << "); a row this precise would make every simulated value infinitely far off";
    return m.str();
  }
  return "";
}

}  // namespace

Date period_date(int year, int month, int fieldwork_month) { return Date{year, month ? month : fieldwork_month, 15}; }

Problem match_targets(const ObservedData& data, const Settings& s, const config::Experiment& e) {
  Problem p;
  const ScenarioSpec& sc = e.scenarios[s.scenario];
  const Date first = e.settings.start_date;
  const Date last = Date::from_days(first.days() + 7LL * (e.settings.weeks - 1));
  std::vector<std::string> problems;
  std::map<int, std::size_t> wave_of_week;
  std::vector<std::pair<int, std::size_t>> row_week;  // (week, target index)
  for (std::size_t i = 0; i < data.rows.size(); ++i) {
    const Observation& o = data.rows[i];
    const std::string where = data.path + ":" + std::to_string(o.line) + ": ";
    const bool ignored = std::any_of(s.ignore.begin(), s.ignore.end(), [&](const IgnoreRule& r) {
      return (r.neighbourhood.empty() || r.neighbourhood == o.neighbourhood) &&
             (r.period.empty() || r.period == o.period) && (r.indicator.empty() || r.indicator == o.indicator);
    });
    if (ignored) {
      p.ignored_lines.push_back(o.line);
      continue;
    }
    Target t;
    t.row = i;
    t.line = o.line;
    t.item = o.item;
    t.value = o.value;
    t.weight = s.weight[o.item];
    const auto nb = std::find_if(sc.neighbourhoods.begin(), sc.neighbourhoods.end(),
                                 [&](const NeighbourhoodSpec& x) { return x.name == o.neighbourhood; });
    if (nb == sc.neighbourhoods.end()) {
      std::string list;
      for (const auto& x : sc.neighbourhoods) list += (list.empty() ? "" : ", ") + x.name;
      problems.push_back(where + "neighbourhood \"" + o.neighbourhood +
                         "\" is not simulated (the configuration's neighbourhoods: " + list +
                         "); rename it, or leave it out with [[calibration.ignore]] neighbourhood = \"" +
                         o.neighbourhood + "\"");
      continue;
    }
    t.neighbourhood = static_cast<std::size_t>(nb - sc.neighbourhoods.begin());
    const Date d = period_date(o.year, o.month, s.fieldwork_month);
    const std::int64_t days = d.days() - first.days();
    const auto week = static_cast<int>(std::llround(static_cast<double>(days) / 7.0));
    if (week < 0 || week >= e.settings.weeks) {
      problems.push_back(where + "period " + o.period + " (" + d.str() +
                         ") lies outside the recorded weeks of the run (" + first.str() + " to " + last.str() +
                         "); change start_date or weeks, or leave it out with [[calibration.ignore]] period = \"" +
                         o.period + "\"");
      continue;
    }
    if (o.se) {
      t.se = *o.se;
      t.se_given = true;
      t.n = o.n.value_or(0);
    } else {
      if (o.n) {
        t.n = *o.n;
      } else if (s.assumed_n) {
        t.n = *s.assumed_n;
        ++p.assumed_n_rows;
      } else {
        problems.push_back(where +
                           "no n and no se: the sampling error of this row is unknown; give n or se, or state "
                           "assumed_n in [calibration]");
        continue;
      }
      if (is_share(o.item)) {
        // Binomial standard error, with p kept off 0 and 1 (Jeffreys' (x + 1/2)/(n + 1)).
        const double q = (o.value / 100.0 * t.n + 0.5) / (t.n + 1.0);
        t.se = 100.0 * std::sqrt(q * (1 - q) / t.n);
      }
    }
    if (const std::string why = implausible_error(o, t); !why.empty()) {
      problems.push_back(where + why);
      continue;
    }
    wave_of_week.emplace(week, 0);
    row_week.emplace_back(week, p.targets.size());
    p.targets.push_back(t);
  }
  if (!problems.empty()) {
    std::string all;
    for (std::size_t i = 0; i < problems.size() && i < 20; ++i) all += (i ? "\n" : "") + problems[i];
    if (problems.size() > 20) all += "\n... and " + std::to_string(problems.size() - 20) + " more";
    throw DataError(all);
  }
  if (p.targets.empty()) throw DataError(data.path + ": every row is ignored by the configuration; nothing to fit");
  double total_weight = 0;
  for (const Target& t : p.targets) total_weight += t.weight;
  if (!(total_weight > 0)) throw DataError(data.path + ": every row to fit has weight 0 ([[calibration.weight]])");

  // The waves: one per distinct week, with the instrument given for its period, else the
  // configuration's wave at that week, else VM2021.
  for (auto& [week, index] : wave_of_week) {
    index = p.waves.size();
    SurveyWave w;
    w.week = week;
    for (const auto& cw : e.settings.waves)
      if (cw.week == week) w.instrument = cw.instrument;
    p.waves.push_back(w);
    p.wave_dates.push_back(Date::from_days(first.days() + 7LL * week).str());
  }
  for (const auto& [week, ti] : row_week) p.targets[ti].wave = wave_of_week.at(week);
  for (const WaveInstrument& wi : s.instruments) {
    int year = std::stoi(wi.period.substr(0, 4)), month = wi.period.size() == 7 ? std::stoi(wi.period.substr(5)) : 0;
    const Date d = period_date(year, month, s.fieldwork_month);
    const auto week = static_cast<int>(std::llround(static_cast<double>(d.days() - first.days()) / 7.0));
    if (const auto it = wave_of_week.find(week); it != wave_of_week.end())
      p.waves[it->second].instrument = wi.instrument;
  }
  p.weeks = p.waves.back().week + 1;
  if (p.assumed_n_rows)
    p.notes.push_back(std::to_string(p.assumed_n_rows) +
                      " row(s) give neither n nor se; their sample size is taken as assumed_n = " +
                      std::to_string(static_cast<long long>(*s.assumed_n)));
  if (!p.ignored_lines.empty())
    p.notes.push_back(std::to_string(p.ignored_lines.size()) + " row(s) of " + data.path +
                      " are ignored as the configuration asks");
  return p;
}

}  // namespace buurtsim::calibration
