// The tables `buurtsim run` prints, from the tables it also writes (experiments/analysis/run_tables.hpp).
#include "experiments/cli/commands/run_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "experiments/analysis/verdict_warnings.hpp"
#include "experiments/cli/commands/budget_text.hpp"

namespace buurtsim::cli {
namespace {

using run::Interval;

std::string euros(double v);

std::string number(double v, bool sign) {
  if (std::abs(v) < 1e-10) v = 0;  // rounding noise of a difference that is exactly zero in every replicate
  // Large values (costs, hours) as whole numbers with thousands separated, never as 1.18e+04.
  if (std::abs(v) >= 1e4) return (sign && v > 0 ? "+" : "") + euros(v);
  char buf[48];
  if (v != 0 && std::abs(v) < 1e-3) {  // four significant digits in fixed notation: -0.00005742, not -5.742e-05
    const int decimals = std::min(12, 3 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
    std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, sign ? "%+.4g" : "%.4g", v);
  return buf;
}

std::string cell(const Interval& iv, bool sign) {
  if (std::isnan(iv.mean)) return "-";
  if (std::isnan(iv.lower)) return number(iv.mean, sign);
  return number(iv.mean, sign) + " [" + number(iv.lower, sign) + ", " + number(iv.upper, sign) + "]";
}

std::string euros(double v) {
  if (std::isnan(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f", std::abs(v) < 0.5 ? 0.0 : v);
  // Thousands separated by commas for reading.
  std::string s = buf, out;
  const bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return (neg ? "-" : "") + out;
}

std::string fixed(double v, const char* format) {
  if (std::isnan(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// A probability over n replicates with its Monte Carlo standard error, sqrt(p(1-p)/n), in points.
std::string probability(double p, std::size_t n) {
  if (std::isnan(p)) return "-";
  // None or all of n: the 95% bound of the rule of three (3/n), never "0%" or "100%".
  const double bound = 300.0 / static_cast<double>(n);
  if (n >= 4 && (p == 0 || p == 1)) return (p == 0 ? "<" : ">") + fixed(p == 0 ? bound : 100 - bound, "%.0f%%");
  const double se = n > 0 ? 100 * std::sqrt(p * (1 - p) / static_cast<double>(n)) : std::nan("");
  return fixed(100 * p, "%.0f%%") + (se >= 0.5 ? "±" + fixed(se, "%.0f") : "");
}

}  // namespace

std::string uncertainty_text(const config::Experiment& e) {
  const uncertainty::Spec& s = e.uncertainty;
  const auto n = static_cast<std::size_t>(e.replicates);
  std::ostringstream o;
  const std::string se = fixed(50.0 / std::sqrt(static_cast<double>(n)), "%.1f");
  if (s.active()) {
    std::size_t from_posterior = 0;
    for (const auto& d : s.drawn) from_posterior += d.shape == uncertainty::Shape::Posterior;
    o << "Parameter uncertainty: each of the " << n << " replicates draws " << s.drawn.size() << " parameters ("
      << (s.mode == uncertainty::Mode::Declared ? "declared distributions" : "none declared");
    if (!s.posterior.empty()) o << "; " << from_posterior << " from the posterior of " << s.posterior;
    o << "), the same draw in every scenario. A probability over " << n
      << " draws has a Monte Carlo standard error of sqrt(p(1-p)/" << n << "), at most " << se
      << " points (shown as ±; none or all of the draws: the 95% bound 3/" << n << ", shown as < or >).\n";
    return o.str();
  }
  o << "Parameter uncertainty: none (the " << n << " replicates differ in the model's random draws only; "
    << "--uncertainty declared draws the parameters). Monte Carlo standard error of a probability: at most " << se
    << " points.\n";
  return o.str();
}

std::string comparison_text(const config::Experiment& e, const run::RunResults& r, const run::RunTables& t) {
  std::ostringstream o;
  const auto& base = t.baseline;
  const bool contrast = base && r.scenarios > 1;
  o << budget_text(e);
  o << "Key outcomes, mean of weeks " << t.first_week << "-" << (r.weeks - 1) << " over all neighbourhoods; ["
    << t.level << "% " << (run::interval_kind(e) == run::IntervalKind::OverDraws ? "uncertainty interval" : "interval")
    << " over " << r.replicates << " replicate" << (r.replicates == 1 ? "" : "s")
    << (run::interval_kind(e) == run::IntervalKind::OverDraws ? ", each with its own parameter draw" : ", of the mean")
    << "]";
  if (contrast) {
    double n = 0;
    for (const auto& nb : e.scenarios.front().neighbourhoods) n += nb.params.survey.target_responses;
    o << "; difference from the baseline paired by replicate";
    if (r.waves > 0)
      o << "; detected: share of replicates in which the last survey wave (about " << n
        << " respondents over all neighbourhoods) shows the difference at 5%";
  }
  o << "\n";
  std::size_t name_w = 8;
  for (const auto& s : e.scenarios) name_w = std::max(name_w, s.name.size());
  for (Outcome k : key_outcomes()) {
    const OutcomeInfo& info = outcome_info(k);
    const auto o_index = static_cast<std::size_t>(k);
    std::vector<std::string> values, differences, detections;
    std::size_t value_w = 0, difference_w = 0;
    for (std::size_t s = 0; s < r.scenarios; ++s) {
      values.push_back(cell(t.summary[o_index][s], false));
      const bool show = contrast && s != *base;
      const run::Comparison* c = show ? &t.comparison[o_index][s] : nullptr;
      differences.push_back(c ? "difference " + cell(c->difference, true) : "");
      detections.push_back(c && !std::isnan(c->detection) ? "detected " + probability(c->detection, r.replicates) : "");
      value_w = std::max(value_w, values.back().size());
      difference_w = std::max(difference_w, differences.back().size());
    }
    o << "\n" << info.name << " (" << info.unit << ")\n";
    for (std::size_t s = 0; s < r.scenarios; ++s) {
      std::string line = "  " + e.scenarios[s].name;
      line.resize(2 + name_w + 2, ' ');
      line += values[s];
      if (!differences[s].empty() || !detections[s].empty()) {
        line.resize(4 + name_w + value_w + 2, ' ');
        line += differences[s];
        if (!detections[s].empty()) {
          line.resize(4 + name_w + value_w + 2 + difference_w + 2, ' ');
          line += detections[s];
        }
      }
      o << line << "\n";
    }
  }
  return o.str();
}

namespace {

// The MKBA lines after the cost-benefit table: the NPV under each rule for the years after the
// simulation, new cash and redeployed hours per organisation per year, benefits by who receives
// them, and the PM-posten (docs/cost-benefit.md).
std::string mkba_text(const config::Experiment& e, const run::RunResults& r, const cba::CbaResults& c) {
  std::ostringstream o;
  const auto& names = cba::after_rule_names();
  o << "  NPV by what follows the simulation up to the " << c.years << "-year horizon (";
  for (std::size_t k = 0; k < cba::kAfterRules; ++k) o << (k ? ", " : "") << names[k];
  o << "):\n";
  const char* org_names[kOrganisations] = {"police", "municipality", "welfare", "corporation"};
  for (std::size_t s = 0; s < r.scenarios; ++s) {
    if (s == c.baseline) continue;
    const cba::ScenarioCba& x = c.scenarios[s];
    o << "  " << e.scenarios[s].name << ":";
    for (std::size_t k = 0; k < cba::kAfterRules; ++k) o << " " << names[k] << " " << euros(x.npv_by_rule[k]);
    o << "\n    benefits by who receives them:";
    for (std::size_t k = 0; k < cba::kRecipients; ++k)
      o << " " << cba::recipient_names()[k] << " " << euros(x.benefits_by_recipient[k]);
    o << "\n    new cash per year (EUR, undiscounted), years 1.." << c.years << ":";
    for (std::size_t i = 0; i <= cba::kExpenses; ++i) {
      bool any = false;
      for (const auto& year : x.costs_by_year) any = any || std::abs(year[i]) >= 0.5;
      if (!any) continue;
      o << "\n      " << cba::cost_items()[i].name << ":";
      for (const auto& year : x.costs_by_year) o << " " << euros(year[i]);
    }
    for (std::size_t org = 0; org < kOrganisations; ++org) {
      bool any = false;
      for (const auto& year : x.redeployed_hours_by_year) any = any || std::abs(year[org]) >= 0.5;
      if (!any) continue;
      o << "\n      redeployed " << org_names[org] << " hours (no cash; cost in the outcomes):";
      for (const auto& year : x.redeployed_hours_by_year) o << " " << euros(year[org]);
    }
    o << "\n    not valued in euros (PM), change over the last simulated year:";
    for (std::size_t k = 0; k < cba::pm_items().size(); ++k) {
      const cba::PmItem& item = cba::pm_items()[k];
      o << "\n      " << item.name << " (" << item.outcome << ") " << number(x.pm_change[k], true) << " "
        << cba::pm_direction_word(item, x.pm_change[k]);
    }
    o << "\n";
  }
  return o.str();
}

}  // namespace

std::string cba_text(const config::Experiment& e, const run::RunResults& r, const run::RunTables& t) {
  const auto& c = t.cba;
  const double level = t.level;
  if (!c || r.scenarios < 2) return "";
  const Params& p = e.scenarios[c->baseline].params;
  std::ostringstream o;
  o << "\nCost-benefit against the baseline: present values in EUR (price year 2023) over " << c->horizon_weeks
    << " weeks (" << r.weeks << " recorded, then "
    << cba::after_rule_names()[static_cast<std::size_t>(std::clamp(as_int(p.cba.after_simulation), 0, 2))]
    << "), discounted at " << fixed(100 * p.cba.discount_rate, "%.2f") << "% a year to week 0; [" << level << "% "
    << (run::interval_kind(e) == run::IntervalKind::OverDraws ? "uncertainty interval" : "interval of the mean")
    << " over replicates]; insecurity benefit "
    << (as_int(p.cba.insecurity_variant) == 1 ? "gross" : "net of victimisation")
    << "; redeployed hours cost only the work they no longer do\n";
  std::size_t name_w = 8;
  for (const auto& s : e.scenarios) name_w = std::max(name_w, s.name.size());
  const auto pad = [](std::string s, std::size_t w) {
    if (s.size() < w) s.insert(0, w - s.size(), ' ');
    return s;
  };
  std::string head = "  " + std::string("scenario");
  head.resize(2 + name_w, ' ');
  o << head << pad("costs", 13) << pad("benefits", 13) << pad("NPV", 13) << "  " << pad("interval", 27) << pad("B/C", 7)
    << pad("P(NPV>0)", 12) << pad("EUR/unsafe-yr", 15) << "\n";
  for (std::size_t s = 0; s < r.scenarios; ++s) {
    if (s == c->baseline) continue;
    const cba::ScenarioCba& x = c->scenarios[s];
    std::string line = "  " + e.scenarios[s].name;
    line.resize(2 + name_w, ' ');
    const std::string iv = std::isnan(x.npv_lower) ? "-" : "[" + euros(x.npv_lower) + ", " + euros(x.npv_upper) + "]";
    o << line << pad(euros(x.cost), 13) << pad(euros(x.benefit), 13) << pad(euros(x.npv), 13) << "  " << pad(iv, 27)
      << pad(fixed(x.benefit_cost_ratio, "%.2f"), 7) << pad(probability(x.p_npv_positive, r.replicates), 12)
      << pad(euros(x.cost_per_unsafe_year), 15) << "\n";
  }
  // The acceptability curve at a quarter, half and all of wtp_max.
  o << "  probability of being cost-effective at a willingness to pay per resident-year not feeling unsafe of";
  const std::size_t last = c->wtp.size() - 1;
  const std::array<std::size_t, 4> at = {0, last / 4, last / 2, last};
  for (std::size_t k : at) o << (k == 0 ? " EUR " : ", ") << euros(c->wtp[k]);
  o << ":\n";
  for (std::size_t s = 0; s < r.scenarios; ++s) {
    if (s == c->baseline) continue;
    std::string line = "  " + e.scenarios[s].name;
    line.resize(2 + name_w, ' ');
    for (std::size_t k : at) line += pad(probability(c->scenarios[s].ceac[k], r.replicates), 9);
    o << line << "\n";
  }
  o << "  costs of the approaches' hours by task:\n";
  for (std::size_t s = 0; s < r.scenarios; ++s) {
    if (s == c->baseline) continue;
    o << "  " << e.scenarios[s].name << ":";
    for (std::size_t task = 0; task < kApproachTasks; ++task)
      if (std::abs(c->scenarios[s].task_costs[task]) >= 0.5)
        o << " " << cba::task_items()[task].name << " " << euros(c->scenarios[s].task_costs[task]);
    o << "\n";
  }
  o << "  costs by who bears them, benefits by kind:\n";
  for (std::size_t s = 0; s < r.scenarios; ++s) {
    if (s == c->baseline) continue;
    const cba::ScenarioCba& x = c->scenarios[s];
    o << "  " << e.scenarios[s].name << ": costs";
    for (std::size_t i = 0; i < cba::kCostItems; ++i)
      if (std::abs(x.costs[i]) >= 0.5) o << " " << cba::cost_items()[i].name << " " << euros(x.costs[i]);
    o << "; benefits";
    for (std::size_t i = 0; i < cba::kBenefitItems; ++i)
      o << " " << cba::benefit_items()[i].name << " " << euros(x.benefits[i]);
    o << "\n";
  }
  o << mkba_text(e, r, *c);
  return o.str();
}

std::string warnings_text(const config::Experiment& e, const run::RunResults& r, const run::RunTables& t) {
  const std::vector<std::string> warnings = run::verdict_warnings(e, r, t);
  if (warnings.empty()) return "";
  std::string text = "\nThe verdict is provisional:\n";
  for (const std::string& w : warnings) text += "  - " + w + "\n";
  return text;
}

}  // namespace buurtsim::cli
