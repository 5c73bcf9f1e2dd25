#include "experiments/io/write_decision.hpp"

#include "experiments/io/write_run.hpp"

namespace buurtsim::run {

void write_decision(h5::Group& root, const config::Experiment& e, const DecisionAnalysis& d) {
  h5::Group g = root.group("decision");
  g.set_attr("samples", static_cast<std::int64_t>(d.samples));
  g.set_attr("description",
             std::string("which uncertainty matters for the choice between the scenarios: per criterion (the net "
                         "present value against the baseline, and each key outcome with a better direction, counted "
                         "positive in that direction) the probability that each scenario ranks first, the expected "
                         "value of perfect information (EVPI) and of partial perfect information per parameter group "
                         "(EVPPI, regression method of Strong, Oakley & Brennan 2014), over the replicates finished "
                         "in every scenario, each with its own draw of the uncertain parameters "
                         "(docs/uncertainty.md, 'Which uncertainty matters')"));
  g.write_dim("scenario", scenario_names(e), "scenario");
  std::vector<std::string> criteria, units;
  for (const DecisionCriterion& c : d.criteria) {
    criteria.push_back(c.name);
    units.push_back(c.unit);
  }
  g.write_dim("criterion", criteria, "what the choice is judged on: net_present_value (EUR) or a key outcome");
  g.write_dim("group", d.groups, "parameter group (the part of a parameter's name before the dot)");
  std::vector<std::string> parameters;
  for (const uncertainty::Drawn& x : e.uncertainty.drawn) parameters.push_back(x.label);
  g.write_dim("parameter", parameters, "drawn parameter (/uncertainty/parameter)");
  g.write_strings("criterion_unit", units, "criterion", "unit of evpi and evppi for each criterion");

  std::vector<double> p_best, p_best_se, evpi, evppi;
  std::vector<std::int32_t> terms;
  for (const DecisionCriterion& c : d.criteria) {
    p_best.insert(p_best.end(), c.p_best.begin(), c.p_best.end());
    p_best_se.insert(p_best_se.end(), c.p_best_se.begin(), c.p_best_se.end());
    evpi.push_back(c.evpi);
    evppi.insert(evppi.end(), c.evppi.begin(), c.evppi.end());
    for (std::size_t t : c.evppi_terms) terms.push_back(static_cast<std::int32_t>(t));
  }
  g.write("p_best", std::span<const double>(p_best), {"criterion", "scenario"}, "1",
          "share of the samples in which the scenario is the best choice on the criterion (ties shared)");
  g.write("p_best_se", std::span<const double>(p_best_se), {"criterion", "scenario"}, "1",
          "Monte Carlo standard error of p_best, sqrt(p (1 - p) / samples)");
  g.write("evpi", std::span<const double>(evpi), {"criterion"}, "see criterion_unit",
          "expected value of perfect information per choice: mean over samples of the best scenario's value minus "
          "the value of the scenario best on average (includes run-to-run noise, so an upper bound)");
  g.write("evppi", std::span<const double>(evppi), {"criterion", "group"}, "see criterion_unit",
          "expected value of partial perfect information: what learning the group's parameters alone is worth per "
          "choice (at most evpi)");
  g.write("evppi_terms", std::span<const std::int32_t>(terms), {"criterion", "group"}, "1",
          "terms of the regression of the net benefits on the group's parameters chosen by generalised "
          "cross-validation (1: no relation found)");

  std::vector<double> low, high;
  std::vector<std::uint8_t> clear;
  for (std::size_t s = 0; s < d.tornado_low.size(); ++s) {
    low.insert(low.end(), d.tornado_low[s].begin(), d.tornado_low[s].end());
    high.insert(high.end(), d.tornado_high[s].begin(), d.tornado_high[s].end());
    clear.insert(clear.end(), d.tornado_clear[s].begin(), d.tornado_clear[s].end());
  }
  if (low.empty()) return;
  g.write("parameter_p10", std::span<const double>(d.parameter_p10), {"parameter"}, "parameter's unit",
          "10th percentile of the parameter's draws");
  g.write("parameter_p90", std::span<const double>(d.parameter_p90), {"parameter"}, "parameter's unit",
          "90th percentile of the parameter's draws");
  g.write("npv_at_p10_eur", std::span<const double>(low), {"scenario", "parameter"}, "EUR",
          "tornado: the least-squares line of the net present value against the baseline on the parameter alone "
          "over the samples, at the parameter's 10th percentile (NaN for the baseline and for another approach's "
          "parameters)");
  g.write("npv_at_p90_eur", std::span<const double>(high), {"scenario", "parameter"}, "EUR",
          "tornado: as npv_at_p10_eur, at the parameter's 90th percentile");
  g.write("npv_tornado_clear", std::span<const std::uint8_t>(clear), {"scenario", "parameter"}, "1",
          "1 when the line's slope lies at least 3 standard errors from zero (else the bar may be noise)");
}

}  // namespace buurtsim::run
