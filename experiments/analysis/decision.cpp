#include "experiments/analysis/decision.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "experiments/analysis/comparison.hpp"
#include "experiments/analysis/summary.hpp"
#include "experiments/analysis/value_of_information.hpp"
#include "model/approach_module.hpp"

namespace buurtsim::run {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_approach(const std::string& group) {
  for (const ApproachModule& m : approach_modules())
    if (m.name == group) return true;
  return false;
}

bool has_approach(const ScenarioSpec& s, const std::string& group) {
  return std::find(s.approaches.begin(), s.approaches.end(), group) != s.approaches.end();
}

// Net benefits sample-major over the complete replicates: value(scenario, replicate).
template <class Value>
std::vector<double> net_benefits(std::size_t scenarios, const std::vector<std::size_t>& complete, Value value) {
  std::vector<double> nb;
  nb.reserve(complete.size() * scenarios);
  for (std::size_t rep : complete)
    for (std::size_t s = 0; s < scenarios; ++s) nb.push_back(value(s, rep));
  return nb;
}

DecisionCriterion criterion(std::string name, std::string unit, const std::vector<double>& nb, std::size_t scenarios,
                            const DecisionAnalysis& d, const std::vector<std::vector<double>>& group_inputs) {
  DecisionCriterion c{std::move(name), std::move(unit), {}, {}, 0, {}, {}};
  const voi::Sample sample{nb, scenarios};
  const voi::Ranking ranking = voi::rank_first(sample);
  c.p_best = ranking.p_best;
  c.p_best_se = ranking.p_best_se;
  c.evpi = voi::evpi(sample);
  for (std::size_t g = 0; g < d.groups.size(); ++g) {
    const voi::Partial p = voi::evppi(sample, group_inputs[g], d.members[g].size());
    c.evppi.push_back(p.evppi);
    c.evppi_terms.push_back(p.terms);
  }
  return c;
}

}  // namespace

std::optional<DecisionAnalysis> analyse_decision(const config::Experiment& e, const RunResults& r,
                                                 const std::optional<cba::CbaResults>& cba) {
  const auto base = baseline_index(e);
  const uncertainty::Spec& u = e.uncertainty;
  const std::size_t k = u.drawn.size();
  if (!base || k == 0 || u.draws.size() != k * r.replicates) return std::nullopt;

  std::vector<std::size_t> complete;
  for (std::size_t rep = 0; rep < r.replicates; ++rep) {
    bool all = true;
    for (std::size_t s = 0; s < r.scenarios; ++s)
      all = all && (r.complete.empty() || r.complete[s * r.replicates + rep]);
    if (all) complete.push_back(rep);
  }
  if (complete.size() < 2) return std::nullopt;

  DecisionAnalysis d;
  d.samples = complete.size();
  std::map<std::string, std::size_t> group_of;
  for (std::size_t j = 0; j < k; ++j) {
    const std::string group = u.drawn[j].label.substr(0, u.drawn[j].label.find('.'));
    const auto [it, added] = group_of.emplace(group, d.groups.size());
    if (added) {
      d.groups.push_back(group);
      d.members.emplace_back();
    }
    d.members[it->second].push_back(j);
  }
  std::vector<std::vector<double>> group_inputs(d.groups.size());
  for (std::size_t g = 0; g < d.groups.size(); ++g)
    for (std::size_t rep : complete)
      for (std::size_t j : d.members[g]) group_inputs[g].push_back(u.draws[rep * k + j]);

  const std::size_t S = r.scenarios;
  if (cba) {
    const auto npv = [&](std::size_t s, std::size_t rep) {
      return s == *base ? 0.0 : cba->scenarios[s].replicates[rep].npv;
    };
    d.criteria.push_back(criterion("net_present_value", "EUR", net_benefits(S, complete, npv), S, d, group_inputs));

    // Tornado: each drawn parameter's one-way effect on each scenario's net present value.
    d.tornado_low.assign(S, std::vector<double>(k, kNaN));
    d.tornado_high.assign(S, std::vector<double>(k, kNaN));
    d.tornado_clear.assign(S, std::vector<std::uint8_t>(k, 0));
    d.parameter_p10.assign(k, kNaN);
    d.parameter_p90.assign(k, kNaN);
    std::vector<double> x(complete.size()), y(complete.size());
    for (std::size_t j = 0; j < k; ++j) {
      for (std::size_t i = 0; i < complete.size(); ++i) x[i] = u.draws[complete[i] * k + j];
      const std::string group = u.drawn[j].label.substr(0, u.drawn[j].label.find('.'));
      for (std::size_t s = 0; s < S; ++s) {
        // Left out: the baseline, and another approach's parameters (they do not act here).
        if (s == *base || (is_approach(group) && !has_approach(e.scenarios[s], group))) continue;
        for (std::size_t i = 0; i < complete.size(); ++i) y[i] = npv(s, complete[i]);
        const voi::OneWay w = voi::one_way(y, x);
        d.tornado_low[s][j] = w.at_low;
        d.tornado_high[s][j] = w.at_high;
        d.tornado_clear[s][j] = w.clear ? 1 : 0;
        d.parameter_p10[j] = w.x_low;
        d.parameter_p90[j] = w.x_high;
      }
    }
  }

  for (Outcome o : key_outcomes()) {
    const OutcomeInfo& info = outcome_info(o);
    if (info.better == Better::Neither) continue;
    const double sign = info.better == Better::Higher ? 1.0 : -1.0;
    std::vector<std::vector<double>> values(S);
    for (std::size_t s = 0; s < S; ++s) values[s] = replicate_values(r, o, s);
    const auto gain = [&](std::size_t s, std::size_t rep) { return sign * (values[s][rep] - values[*base][rep]); };
    d.criteria.push_back(
        criterion(std::string(info.name), std::string(info.unit), net_benefits(S, complete, gain), S, d, group_inputs));
  }
  return d;
}

}  // namespace buurtsim::run
