#include "experiments/io/write_cba.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "experiments/analysis/discounting.hpp"

namespace buurtsim::cba {
namespace {}  // namespace

void write_cba(h5::Group& root, const config::Experiment& e, const run::RunResults& r, const CbaResults& cba,
               double level) {
  const CbaResults* c = &cba;
  const Params& p = e.scenarios[c->baseline].params;
  h5::Group g = root.group("cba");
  std::vector<std::string> names;
  for (const auto& s : e.scenarios) names.push_back(s.name);
  g.write_dim("scenario", names, "scenario");
  std::vector<std::int32_t> reps;
  for (std::size_t i = 0; i < r.replicates; ++i) reps.push_back(static_cast<std::int32_t>(i));
  g.write_dim("replicate", std::span<const std::int32_t>(reps), "1",
              "replicate number (common random numbers across scenarios)");
  g.write_dim("wtp", std::span<const double>(c->wtp), "EUR/resident-year",
              "willingness to pay per resident-year (15+) not feeling unsafe (price year 2023)");
  g.set_attr("baseline", std::string("baseline"));
  g.set_attr("price_year", std::int64_t{2023});
  g.set_attr("currency", std::string("EUR"));
  g.set_attr("discount_rate", p.cba.discount_rate);
  g.set_attr("discount_rate_source",
             std::string("Werkgroep discontovoet 2020: 2.25% real, in force since 1 January 2021"));
  g.set_attr("horizon_weeks", static_cast<std::int64_t>(r.weeks));
  g.set_attr("interval_level", level);
  g.set_attr("insecurity_variant", std::string(as_int(p.cba.insecurity_variant) == 1 ? "gross" : "net"));
  g.set_attr(
      "description",
      "cost-benefit analysis of each scenario against the baseline, paired by replicate (common random numbers): "
      "weekly differences summed over neighbourhoods, a flow in recorded week w discounted by (1 + "
      "discount_rate)^(-w/52) "
      "to the start of recorded week 0, horizon the recorded weeks; present values in EUR of price year 2023; "
      "means over finished replicate pairs; NaN for the baseline itself (docs/cost-benefit.md)");

  const std::size_t n = r.scenarios;
  const auto column = [&](auto get) {
    std::vector<double> v;
    for (std::size_t s = 0; s < n; ++s) v.push_back(get(c->scenarios[s]));
    return v;
  };
  const auto put = [&](const std::string& name, const std::vector<double>& v, const std::string& units,
                       const std::string& ln) { g.write(name, std::span<const double>(v), {"scenario"}, units, ln); };
  const std::string pv = "present value (EUR 2023, discounted to recorded week 0) of ";

  put("npv_eur", column([](const ScenarioCba& s) { return s.npv; }), "EUR",
      "net present value: benefits minus costs against the baseline, mean over replicates");
  put("npv_eur_lower", column([](const ScenarioCba& s) { return s.npv_lower; }), "EUR",
      "lower bound of the interval over replicates of the net present value (Student t)");
  put("npv_eur_upper", column([](const ScenarioCba& s) { return s.npv_upper; }), "EUR",
      "upper bound of the interval over replicates of the net present value (Student t)");
  put("npv_eur_insecurity_gross", column([](const ScenarioCba& s) { return s.npv_gross_insecurity; }), "EUR",
      "net present value with the insecurity benefit counted gross (variant: double counts victimisation)");
  put("npv_eur_time_free", column([](const ScenarioCba& s) { return s.npv_time_free; }), "EUR",
      "net present value with volunteers' and residents' time at a shadow price of zero (variant)");
  put("benefit_cost_ratio", column([](const ScenarioCba& s) { return s.benefit_cost_ratio; }), "1",
      "mean present value of benefits over mean present value of costs (NaN when the costs are not positive)");
  put("p_npv_positive", column([](const ScenarioCba& s) { return s.p_npv_positive; }), "1",
      "share of replicate pairs with a net present value above zero");
  put("cost_per_unsafe_year_eur", column([](const ScenarioCba& s) { return s.cost_per_unsafe_year; }),
      "EUR/resident-year",
      "net cost (costs minus the benefits other than insecurity) per discounted resident-year (15+) not feeling unsafe "
      "gained, "
      "ratio of means (NaN when no resident-year is gained)");
  put("costs_eur", column([](const ScenarioCba& s) { return s.cost; }), "EUR", pv + "all costs");
  put("benefits_eur", column([](const ScenarioCba& s) { return s.benefit; }), "EUR", pv + "all benefits");
  for (std::size_t i = 0; i < kCostItems; ++i) {
    const ItemInfo& info = cost_items()[i];
    put("costs_" + std::string(info.name) + "_eur", column([i](const ScenarioCba& s) { return s.costs[i]; }), "EUR",
        pv + "costs borne by " + std::string(info.bearer) + ": " + std::string(info.long_name));
  }
  for (std::size_t i = 0; i < kBenefitItems; ++i) {
    const ItemInfo& info = benefit_items()[i];
    put("benefits_" + std::string(info.name) + "_eur", column([i](const ScenarioCba& s) { return s.benefits[i]; }),
        "EUR", pv + "benefits received by " + std::string(info.bearer) + ": " + std::string(info.long_name));
  }
  put("costs_expenses_one_off_eur", column([](const ScenarioCba& s) { return s.expenses_one_off; }), "EUR",
      pv + "the one-off part of costs_expenses_eur (trainings of new volunteers, booked in the week they fall)");
  put("costs_expenses_recurring_eur",
      column([](const ScenarioCba& s) { return s.costs[kExpenses] - s.expenses_one_off; }), "EUR",
      pv + "the recurring part of costs_expenses_eur (coordinator, communication, evaluation, materials, volunteer "
           "expenses)");
  put("benefits_insecurity_gross_eur", column([](const ScenarioCba& s) { return s.insecurity_gross_eur; }), "EUR",
      pv + "the insecurity benefit, gross: all resident-years not feeling unsafe gained x cba.value_unsafe_year");
  put("benefits_insecurity_net_eur", column([](const ScenarioCba& s) { return s.insecurity_net_eur; }), "EUR",
      pv + "the insecurity benefit, net of what avoided victimisation explains (cba.unsafe_years_per_victimisation)");
  put("unsafe_years_gained", column([](const ScenarioCba& s) { return s.unsafe_years_gross; }), "resident-years",
      "discounted resident-years (15+) not feeling unsafe (often or sometimes) gained against the baseline, gross");
  put("unsafe_years_gained_net", column([](const ScenarioCba& s) { return s.unsafe_years_net; }), "resident-years",
      "discounted resident-years (15+) not feeling unsafe gained, net of those avoided victimisation explains");

  std::vector<double> npv_rep, ceac;
  for (const ScenarioCba& s : c->scenarios) {
    for (std::size_t rep = 0; rep < r.replicates; ++rep) {
      const ReplicateCba& x = s.replicates[rep];
      npv_rep.push_back(x.valid ? x.npv : std::nan(""));
    }
    for (double a : s.ceac) ceac.push_back(a);
  }
  g.write("npv_eur_replicate", std::span<const double>(npv_rep), {"scenario", "replicate"}, "EUR",
          "net present value against the baseline's same replicate (NaN: not finished, or the baseline itself)");
  std::vector<std::string> task_names;
  for (const ItemInfo& t : task_items()) task_names.push_back(std::string(t.name));
  g.write_dim("task", task_names, "task of the approaches' hours (model outcomes hours_<task>)");
  std::vector<double> by_task;
  for (const ScenarioCba& s : c->scenarios)
    for (double x : s.task_costs) by_task.push_back(x);
  g.write("costs_by_task_eur", std::span<const double>(by_task), {"scenario", "task"}, "EUR",
          pv + "the approaches' hours by task (outreach, presence, enforcement, care, environment, support, overhead) "
               "at the "
               "mean hourly rate of the approaches' hours; they add up to the costs of police, municipality, welfare "
               "and corporation");
  g.write("ceac", std::span<const double>(ceac), {"scenario", "wtp"}, "1",
          "cost-effectiveness acceptability curve: share of replicate pairs in which wtp x resident-years not feeling "
          "unsafe "
          "gained exceeds the net cost (costs minus the other benefits)");
}

}  // namespace buurtsim::cba
