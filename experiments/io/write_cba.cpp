#include "experiments/io/write_cba.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "experiments/analysis/discounting.hpp"

namespace buurtsim::cba {
namespace {

std::vector<std::string> labels(auto const& names) {
  std::vector<std::string> v;
  for (const auto& x : names) v.push_back(std::string(x));
  return v;
}

// The MKBA tables: the NPV under each after-simulation rule, benefits by recipient, redeployed
// hours, costs per year, and the PM-posten in /cba/pm.
void write_mkba_tables(h5::Group& g, const CbaResults& c, const std::vector<std::string>& scenarios) {
  const std::string pv = "present value (EUR 2023, discounted to recorded week 0) of ";
  g.write_dim("rule", labels(after_rule_names()), "what follows the simulated weeks up to the horizon");
  g.write_dim("recipient", labels(recipient_names()), "who receives a benefit");
  g.write_dim("organisation", std::vector<std::string>{"police", "municipality", "welfare", "corporation"},
              "organisation whose hours the approaches use");
  std::vector<std::string> cost_names;
  for (const ItemInfo& i : cost_items()) cost_names.push_back(std::string(i.name));
  g.write_dim("cost_item", cost_names, "cost item (who bears it), as costs_<item>_eur");
  std::vector<std::int32_t> years;
  for (std::size_t y = 0; y < c.years; ++y) years.push_back(static_cast<std::int32_t>(y));
  g.write_dim("year", std::span<const std::int32_t>(years), "year",
              "year of the appraisal horizon from recorded week 0 (52 weeks each; the last may be partial)");
  std::vector<double> by_rule, by_recipient, red_hours, red_value, new_cash, by_year, by_year_pv, red_by_year;
  for (const ScenarioCba& s : c.scenarios) {
    by_rule.insert(by_rule.end(), s.npv_by_rule.begin(), s.npv_by_rule.end());
    by_recipient.insert(by_recipient.end(), s.benefits_by_recipient.begin(), s.benefits_by_recipient.end());
    red_hours.insert(red_hours.end(), s.redeployed_hours.begin(), s.redeployed_hours.end());
    red_value.insert(red_value.end(), s.redeployed_value.begin(), s.redeployed_value.end());
    new_cash.push_back(s.costs[kPolice] + s.costs[kMunicipality] + s.costs[kWelfare] + s.costs[kCorporation] +
                       s.costs[kExpenses]);
    for (std::size_t y = 0; y < c.years; ++y) {
      by_year.insert(by_year.end(), s.costs_by_year[y].begin(), s.costs_by_year[y].end());
      by_year_pv.insert(by_year_pv.end(), s.costs_by_year_pv[y].begin(), s.costs_by_year_pv[y].end());
      red_by_year.insert(red_by_year.end(), s.redeployed_hours_by_year[y].begin(), s.redeployed_hours_by_year[y].end());
    }
  }
  g.write("npv_by_rule_eur", std::span<const double>(by_rule), {"scenario", "rule"}, "EUR",
          "net present value with the years after the simulation decayed (the approach stops, effects fade at "
          "decay_rate), held (it goes on at its last year's level) or ended (nothing after the simulation)");
  g.write("benefits_by_recipient_eur", std::span<const double>(by_recipient), {"scenario", "recipient"}, "EUR",
          pv + "the benefits by who receives them (docs/cost-benefit.md says which item goes to whom)");
  g.write("redeployed_hours", std::span<const double>(red_hours), {"scenario", "organisation"}, "person-hours",
          "discounted hours the approaches took from each organisation's baseline service: no cash cost; their "
          "cost is the regular work they no longer do, which the outcomes (and so the benefits) carry");
  g.write("redeployed_hours_value_eur", std::span<const double>(red_value), {"scenario", "organisation"}, "EUR",
          "memo, not in the net present value: redeployed_hours at the organisation's hourly rate (what charging "
          "them would add, counting their cost twice)");
  g.write("costs_new_cash_eur", std::span<const double>(new_cash), {"scenario"}, "EUR",
          pv + "the new cash: additional hours of the four organisations and the approaches' other expenses");
  g.write("costs_by_year_eur", std::span<const double>(by_year), {"scenario", "year", "cost_item"}, "EUR",
          "costs per year of the horizon, undiscounted (EUR 2023, what a budget shows), by who bears them; the "
          "organisations' items are new cash (additional hours)");
  g.write("costs_by_year_pv_eur", std::span<const double>(by_year_pv), {"scenario", "year", "cost_item"}, "EUR",
          "costs per year discounted to recorded week 0; over the years they add up to costs_<item>_eur");
  g.write("redeployed_hours_by_year", std::span<const double>(red_by_year), {"scenario", "year", "organisation"},
          "person-hours", "redeployed hours per year of the horizon, undiscounted, by organisation");

  h5::Group pm = g.group("pm");
  pm.write_dim("scenario", scenarios, "scenario");
  std::vector<std::string> item_names, outcomes, notes;
  for (const PmItem& i : pm_items()) {
    item_names.push_back(std::string(i.name));
    outcomes.push_back(std::string(i.outcome));
    notes.push_back(std::string(i.note));
  }
  pm.write_dim("item", item_names, "an effect not valued in euros (PM-post)");
  pm.write_strings("outcome", outcomes, "item", "the outcome that measures it");
  pm.write_strings("note", notes, "item", "why it is not valued, and what of it is valued elsewhere");
  std::vector<std::string> better;
  for (const PmItem& i : pm_items()) {
    const auto o = find_outcome(i.outcome);
    const Better b = o ? outcome_info(*o).better : Better::Neither;
    better.push_back(b == Better::Higher ? "higher" : b == Better::Lower ? "lower" : "neither");
  }
  pm.write_strings("better", better, "item", "which direction of the outcome is an improvement");
  std::vector<double> change;
  std::vector<std::int32_t> direction;
  for (const ScenarioCba& s : c.scenarios)
    for (std::size_t k = 0; k < pm_items().size(); ++k) {
      change.push_back(s.pm_change[k]);
      direction.push_back(pm_direction(pm_items()[k], s.pm_change[k]));
    }
  pm.write("change", std::span<const double>(change), {"scenario", "item"}, "outcome units",
           "scenario minus baseline over the last simulated year: mean weekly difference, pooled over "
           "neighbourhoods as the outcome pools (NaN for the baseline)");
  pm.write("direction", std::span<const std::int32_t>(direction), {"scenario", "item"}, "1",
           "+1 better, -1 worse (by the outcome's better attribute; for an outcome without one +1 up, -1 down), 0 no "
           "change");
  pm.set_attr("description",
              "PM-posten: effects not valued in euros, with their direction and size against the baseline "
              "(docs/cost-benefit.md)");
}

}  // namespace

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
  g.set_attr("horizon_weeks", static_cast<std::int64_t>(c->horizon_weeks));
  g.set_attr("recorded_weeks", static_cast<std::int64_t>(r.weeks));
  g.set_attr("horizon_years", p.cba.horizon_years);
  const auto rule = static_cast<std::size_t>(std::clamp(as_int(p.cba.after_simulation), 0, 2));
  g.set_attr("after_simulation", std::string(after_rule_names()[rule]));
  g.set_attr("decay_rate", p.cba.decay_rate);
  g.set_attr("method_source",
             std::string("CPB/PBL, Algemene leidraad voor maatschappelijke kosten-batenanalyse (2013); Werkgroep "
                         "discontovoet, Rapport werkgroep discontovoet 2020"));
  g.set_attr("interval_level", level);
  g.set_attr("insecurity_variant", std::string(as_int(p.cba.insecurity_variant) == 1 ? "gross" : "net"));
  g.set_attr(
      "description",
      "cost-benefit analysis of each scenario against the baseline, paired by replicate (common random numbers): "
      "weekly differences summed over neighbourhoods, a flow in recorded week w discounted by (1 + "
      "discount_rate)^(-w/52) "
      "to the start of recorded week 0; after the recorded weeks up to horizon_weeks the last simulated year's flows "
      "follow after_simulation (decayed, held or ended); redeployed hours carry no cash cost (their cost is the "
      "regular work they no longer do, in the outcomes); present values in EUR of price year 2023; "
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
      "lower bound of the interval of the net present value (the kind /summary's interval_kind names)");
  put("npv_eur_upper", column([](const ScenarioCba& s) { return s.npv_upper; }), "EUR",
      "upper bound of the interval of the net present value (the kind /summary's interval_kind names)");
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
  write_mkba_tables(g, *c, names);
  g.write("ceac", std::span<const double>(ceac), {"scenario", "wtp"}, "1",
          "cost-effectiveness acceptability curve: share of replicate pairs in which wtp x resident-years not feeling "
          "unsafe "
          "gained exceeds the net cost (costs minus the other benefits)");
}

}  // namespace buurtsim::cba
