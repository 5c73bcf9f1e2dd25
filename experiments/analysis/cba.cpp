#include "experiments/analysis/cba.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

#include "experiments/analysis/comparison.hpp"
#include "experiments/analysis/discounting.hpp"
#include "experiments/analysis/parameter_draws.hpp"
#include "experiments/analysis/summary.hpp"

namespace buurtsim::cba {
namespace {

constexpr std::size_t kWtpSteps = 40;  // 41 values from 0 to wtp_max
constexpr std::size_t kWeeksPerYear = 52;

// One item's weekly flow under each after-simulation rule, up to the horizon.
using Flows = std::array<std::vector<double>, kAfterRules>;

Flows operator*(Flows f, double x) {
  for (auto& v : f)
    for (double& y : v) y *= x;
  return f;
}
Flows operator+(Flows f, const Flows& g) {
  for (std::size_t k = 0; k < kAfterRules; ++k)
    for (std::size_t w = 0; w < f[k].size(); ++w) f[k][w] += g[k][w];
  return f;
}

bool complete(const run::RunResults& r, std::size_t s, std::size_t rep) {
  return r.complete.empty() || r.complete[s * r.replicates + rep] != 0;
}

// Weekly flow of weight(nb) * (outcome in scenario a - in b), summed over neighbourhoods.
// Weeks where either value is NaN (a percentage without residents 15+) add nothing.
template <class Weight>
std::vector<double> weekly_difference(const run::RunResults& r, Outcome o, std::size_t a, std::size_t b,
                                      std::size_t rep, Weight weight) {
  const auto oi = static_cast<std::size_t>(o);
  const std::vector<double> in_a = r.series(oi, a, rep), in_b = r.series(oi, b, rep);  // [nb][week]
  std::vector<double> flow(r.weeks, 0.0);
  for (std::size_t w = 0; w < r.weeks; ++w)
    for (std::size_t nb = 0; nb < r.neighbourhoods; ++nb) {
      const double x = in_a[nb * r.weeks + w], y = in_b[nb * r.weeks + w];
      if (std::isnan(x) || std::isnan(y)) continue;
      flow[w] += weight(nb) * (x - y);
    }
  return flow;
}

double present_value(const std::vector<double>& flow, double rate) {
  double total = 0;
  for (std::size_t w = 0; w < flow.size(); ++w) total += discount_factor(rate, w) * flow[w];
  return total;
}

// Undiscounted sum of an outcome over weeks and neighbourhoods (the scenario's incident mix).
double total(const run::RunResults& r, Outcome o, std::size_t s, std::size_t rep) {
  const auto oi = static_cast<std::size_t>(o);
  double sum = 0;  // over [neighbourhood][week], in that order
  for (const double v : r.series(oi, s, rep)) sum += v;
  return sum;
}

double mean_of(const std::vector<ReplicateCba>& reps, double ReplicateCba::*field) {
  double sum = 0, n = 0;
  for (const ReplicateCba& x : reps)
    if (x.valid) sum += x.*field, n += 1;
  return n > 0 ? sum / n : std::nan("");
}

}  // namespace

const std::array<ItemInfo, kCostItems>& cost_items() {
  static const std::array<ItemInfo, kCostItems> items = {{
      {"police", "police",
       "new cash: additional police hours of the approaches x police.hourly_cost (redeployed hours cost the work they "
       "no longer do, which the outcomes carry)"},
      {"municipality", "municipality",
       "new cash: additional municipal hours of the approaches x organisations.municipality_hourly_cost"},
      {"welfare", "welfare organisation",
       "new cash: additional welfare hours of the approaches x organisations.welfare_hourly_cost"},
      {"corporation", "housing corporation",
       "new cash: additional housing-corporation hours of the approaches x organisations.corporation_hourly_cost"},
      {"expenses", "the approaches' budget (usually the municipality)",
       "the approaches' costs other than hours (coordinator, communication, evaluation, training, materials, volunteer "
       "expenses)"},
      {"volunteer_time", "volunteers",
       "volunteers' time: volunteers x cba.volunteer_hours_per_week x cba.value_volunteer_hour"},
      {"resident_time", "residents",
       "residents' time: team contacts x cba.resident_hours_per_contact x cba.value_volunteer_hour"},
  }};
  return items;
}

const std::array<ItemInfo, kBenefitItems>& benefit_items() {
  static const std::array<ItemInfo, kBenefitItems> items = {{
      {"burglary", "victims", "burglaries avoided x cba.cost_burglary"},
      {"violence", "victims", "threat and violence incidents avoided x cba.cost_violence"},
      {"nuisance", "residents", "nuisance incidents avoided x cba.cost_nuisance"},
      {"theft", "victims", "thefts other than burglary avoided x cba.cost_theft"},
      {"vandalism", "victims (owners of the damaged property)", "acts of vandalism avoided x cba.cost_vandalism"},
      {"disorder", "residents 15+",
       "resident-years without physical disorder often present gained (disorder_high_pct) x cba.value_disorder_year"},
      {"displacement", "society: residents of the buffer (negative: crime displaced there)",
       "minus extra incidents in the buffer x the scenario's mean incident cost x cba.buffer_incident_share"},
      {"escalation", "society: care providers, health insurers, landlords",
       "social problems that did not escalate x cba.cost_escalation"},
      {"insecurity", "residents 15+",
       "resident-years not feeling unsafe gained x cba.value_unsafe_year, in the variant cba.insecurity_variant "
       "chooses"},
  }};
  return items;
}

const std::array<ItemInfo, kApproachTasks>& task_items() {
  static const std::array<ItemInfo, kApproachTasks> items = {{
      {"outreach", "the organisations",
       "contacts with residents (agenda-setting, street conversations, best-person visits, participation)"},
      {"presence", "the organisations", "presence on blocks (nuisance items, hot blocks, school blocks)"},
      {"enforcement", "the organisations", "enforcement on targets, confrontations, monitoring"},
      {"care", "the organisations",
       "care and prevention (care for targets, mediation, dialogue, youth, social mobility, vulnerability)"},
      {"environment", "the organisations",
       "the physical environment (clean-up crews, disorder and traffic items, public space)"},
      {"support", "the organisations",
       "support of others (volunteer teams' follow-up and feedback, professional development)"},
      {"overhead", "the organisations",
       "coordination loss, hours off the design (fidelity), hours left without a task"},
  }};
  return items;
}

const std::array<std::string_view, kRecipients>& recipient_names() {
  static const std::array<std::string_view, kRecipients> names = {"residents",    "victims",     "police",
                                                                  "municipality", "corporation", "society"};
  return names;
}

Recipient recipient_of(BenefitItem item) {
  switch (item) {
    case kBurglary:
    case kViolence:
    case kTheft:
    case kVandalism:
      return kVictims;
    case kNuisance:
    case kDisorder:
    case kInsecurity:
      return kResidents;
    default:  // displacement (the buffer's residents) and escalation (care, insurers, landlords)
      return kSociety;
  }
}

const std::array<std::string_view, kAfterRules>& after_rule_names() {
  static const std::array<std::string_view, kAfterRules> names = {"decayed", "held", "ended"};
  return names;
}

std::vector<double> extend_flow(const std::vector<double>& weekly, std::size_t horizon_weeks, AfterSimulation rule,
                                bool is_cost, double decay) {
  const std::size_t recorded = weekly.size();
  std::vector<double> out(weekly);
  out.resize(std::max(recorded, horizon_weeks), 0.0);
  if (recorded == 0 || rule == kEnded || (rule == kDecayed && is_cost)) return out;
  const std::size_t last = std::min<std::size_t>(kWeeksPerYear, recorded);
  double mean = 0;
  for (std::size_t w = recorded - last; w < recorded; ++w) mean += weekly[w];
  mean /= static_cast<double>(last);
  for (std::size_t j = 0; recorded + j < out.size(); ++j) {
    const std::size_t year_after = j / kWeeksPerYear + 1;  // whole years: effects step down once a year
    out[recorded + j] = rule == kHeld ? mean : mean * std::pow(1.0 - decay, static_cast<double>(year_after));
  }
  return out;
}

const std::vector<PmItem>& pm_items() {
  static const std::vector<PmItem> items = {
      {"trust in the police", "trust_police_mean", "no Dutch value per point of trust"},
      {"trust in the municipality", "trust_municipality_mean", "no Dutch value per point of trust"},
      {"satisfaction with the police", "police_satisfied_pct", "no value found"},
      {"social cohesion", "cohesion_mean", "no value found; part of its effect is in fewer incidents"},
      {"collective efficacy", "collective_efficacy", "its effect on crime is in the incidents"},
      {"participation", "active_pct",
       "residents' time given is costed (resident_time, volunteer_time), the "
       "value of taking part is not"},
      {"awareness of the wijkagent", "awareness_pct", "a means, valued through trust and reports"},
      {"awareness of the team", "team_awareness_pct", "a means, valued through trust and reports"},
      {"hidden problems detected early", "social_problems_detected_early",
       "the escalations they avoid are valued (escalation); detection itself is not"},
      {"reports followed up", "reports_followed_up_pct", "police and justice costs of reports are not valued"},
      {"feedback to reporters", "feedback_given_pct", "no value found"},
      {"avoidance of places out of fear", "avoidance_pct", "partly in the insecurity benefit"},
      {"police-recorded crime", "recorded_crime", "police and justice costs of recorded crime are not valued"},
  };
  return items;
}

namespace {
Better better_of(const PmItem& item) {
  const auto o = find_outcome(item.outcome);
  return o ? outcome_info(*o).better : Better::Neither;
}
}  // namespace

int pm_direction(const PmItem& item, double change) {
  if (std::isnan(change) || std::abs(change) < 1e-12) return 0;
  const int sign = change > 0 ? 1 : -1;
  return better_of(item) == Better::Lower ? -sign : sign;
}

std::string_view pm_direction_word(const PmItem& item, double change) {
  if (std::isnan(change)) return "unknown";
  const int d = pm_direction(item, change);
  if (d == 0) return "none";
  if (better_of(item) == Better::Neither) return change > 0 ? "up" : "down";
  return d > 0 ? "better" : "worse";
}

std::vector<double> wtp_grid(double wtp_max) {
  std::vector<double> v;
  for (std::size_t i = 0; i <= kWtpSteps; ++i)
    v.push_back(wtp_max * static_cast<double>(i) / static_cast<double>(kWtpSteps));
  return v;
}

std::size_t appraisal_weeks(const Params& baseline, std::size_t recorded) {
  const auto weeks = static_cast<std::size_t>(std::lround(baseline.cba.horizon_years * kWeeksPerYear));
  return std::max(weeks, recorded);
}

ReplicateCba compare_replicate(const config::Experiment& e, const run::RunResults& r, std::size_t s, std::size_t b,
                               std::size_t rep) {
  ReplicateCba c;
  if (!complete(r, s, rep) || !complete(r, b, rep)) return c;
  c.valid = true;
  // The replicate's own parameters: with parameter uncertainty each replicate draws the uncertain
  // unit values too (the same draw for the scenario and the baseline).
  const ScenarioSpec scenario = uncertainty::with_draws(e, e.scenarios[s], rep),
                     baseline = uncertainty::with_draws(e, e.scenarios[b], rep);
  const Params& p = scenario.params;
  const auto& v = p.cba;
  const auto& time = baseline.params.cba;  // the horizon and its rule: the baseline's
  const double rate = v.discount_rate;
  const std::size_t horizon = appraisal_weeks(baseline.params, r.weeks);
  const auto chosen = static_cast<AfterSimulation>(std::clamp(as_int(time.after_simulation), 0, 2));
  const auto one = [](std::size_t) { return 1.0; };
  // Scenario minus baseline, extended to the horizon under each rule; costs end when the approach stops.
  const auto flows = [&](Outcome o, bool is_cost, auto weight) {
    const std::vector<double> f = weekly_difference(r, o, s, b, rep, weight);
    Flows out;
    for (std::size_t k = 0; k < kAfterRules; ++k)
      out[k] = extend_flow(f, horizon, static_cast<AfterSimulation>(k), is_cost, time.decay_rate);
    return out;
  };
  const auto cost = [&](Outcome o) { return flows(o, true, one); };
  const auto effect = [&](Outcome o) { return flows(o, false, one); };
  const auto pv = [&](const Flows& f, std::size_t rule) { return present_value(f[rule], rate); };

  // Costs. Redeployed hours are no new cash: what they cost is the regular work they no longer do,
  // which shows as worse outcomes (lost_*_hours and their consequences), valued below. Only the
  // additional hours are charged at the hourly rate (docs/cost-benefit.md, "Each effect once").
  const Outcome granted[kOrganisations] = {Outcome::approach_police_hours, Outcome::approach_municipality_hours,
                                           Outcome::approach_welfare_hours, Outcome::approach_corporation_hours};
  const Outcome redeployed[kOrganisations] = {
      Outcome::approach_redeployed_police_hours, Outcome::approach_redeployed_municipality_hours,
      Outcome::approach_redeployed_welfare_hours, Outcome::approach_redeployed_corporation_hours};
  const double hourly[kOrganisations] = {p.police.hourly_cost, p.organisations.municipality_hourly_cost,
                                         p.organisations.welfare_hourly_cost, p.organisations.corporation_hourly_cost};
  std::array<Flows, kCostItems> costs;
  std::array<Flows, kOrganisations> redeployed_hours;
  for (std::size_t o = 0; o < kOrganisations; ++o) {
    redeployed_hours[o] = cost(redeployed[o]);
    costs[o] = (cost(granted[o]) + redeployed_hours[o] * -1.0) * hourly[o];  // kPolice .. kCorporation
    c.redeployed_hours[o] = pv(redeployed_hours[o], chosen);
    c.redeployed_value[o] = c.redeployed_hours[o] * hourly[o];
  }
  costs[kExpenses] = cost(Outcome::approach_other_cost_eur);
  c.expenses_one_off = pv(cost(Outcome::approach_one_off_cost_eur), chosen);
  costs[kVolunteerTime] = cost(Outcome::volunteers) * (v.volunteer_hours_per_week * v.value_volunteer_hour);
  costs[kResidentTime] = cost(Outcome::team_contacts) * (v.resident_hours_per_contact * v.value_volunteer_hour);
  for (std::size_t i = 0; i < kCostItems; ++i) c.costs[i] = pv(costs[i], chosen);
  const double hours = pv(cost(Outcome::approach_hours), chosen);
  const double hour_costs = c.costs[kPolice] + c.costs[kMunicipality] + c.costs[kWelfare] + c.costs[kCorporation];
  const Outcome task_outcomes[kApproachTasks] = {
      Outcome::hours_outreach,    Outcome::hours_presence, Outcome::hours_enforcement, Outcome::hours_care,
      Outcome::hours_environment, Outcome::hours_support,  Outcome::hours_overhead};
  for (std::size_t t = 0; t < kApproachTasks; ++t)
    c.task_costs[t] = hours > 0 ? pv(cost(task_outcomes[t]), chosen) * hour_costs / hours : 0.0;

  // Benefits: what the baseline has more of is avoided.
  std::array<Flows, kBenefitItems> benefits;
  const Flows burglary = effect(Outcome::incidents_burglary), violence = effect(Outcome::incidents_violence);
  benefits[kBurglary] = burglary * -v.cost_burglary;
  benefits[kViolence] = violence * -v.cost_violence;
  benefits[kNuisance] = effect(Outcome::incidents_nuisance) * -v.cost_nuisance;
  benefits[kTheft] = effect(Outcome::incidents_theft) * -v.cost_theft;
  benefits[kVandalism] = effect(Outcome::incidents_vandalism) * -v.cost_vandalism;
  const std::pair<Outcome, double> kinds[] = {{Outcome::incidents_burglary, v.cost_burglary},
                                              {Outcome::incidents_violence, v.cost_violence},
                                              {Outcome::incidents_nuisance, v.cost_nuisance},
                                              {Outcome::incidents_theft, v.cost_theft},
                                              {Outcome::incidents_vandalism, v.cost_vandalism}};
  double all = 0, valued = 0, unit_sum = 0;
  for (const auto& [o, unit] : kinds) {
    const double n = total(r, o, s, rep);
    all += n, valued += n * unit, unit_sum += unit;
  }
  const double mean_cost = all > 0 ? valued / all : unit_sum / static_cast<double>(std::size(kinds));
  benefits[kDisplacement] = effect(Outcome::incidents_buffer) * (-mean_cost * v.buffer_incident_share);
  benefits[kEscalation] = effect(Outcome::social_problems_escalated) * -v.cost_escalation;

  // Shares of residents 15+ (percent) into resident-years: residents 15+ x 1/100 x 1/52 year per week.
  const auto adults = [&](std::size_t nb) {
    const double residents = nb < r.residents.size() ? static_cast<double>(r.residents[nb]) : 0.0;
    return residents * (1.0 - baseline.neighbourhoods[nb].params.population.share_age_0_14) / 100.0 / 52.0;
  };
  benefits[kDisorder] = flows(Outcome::disorder_high_pct, false, adults) * -v.value_disorder_year;
  const Flows years_gross = flows(Outcome::unsafe_sometimes_pct, false, adults) * -1.0;
  const Flows years_net = years_gross + (burglary + violence) * v.unsafe_years_per_victimisation;
  const bool gross = as_int(v.insecurity_variant) == 1;
  benefits[kInsecurity] = (gross ? years_gross : years_net) * v.value_unsafe_year;
  c.unsafe_years_gross = pv(years_gross, chosen);
  c.unsafe_years_net = pv(years_net, chosen);
  c.insecurity_gross_eur = c.unsafe_years_gross * v.value_unsafe_year;
  c.insecurity_net_eur = c.unsafe_years_net * v.value_unsafe_year;
  c.unsafe_years = gross ? c.unsafe_years_gross : c.unsafe_years_net;
  for (std::size_t i = 0; i < kBenefitItems; ++i) {
    c.benefits[i] = pv(benefits[i], chosen);
    c.benefits_by_recipient[recipient_of(static_cast<BenefitItem>(i))] += c.benefits[i];
  }

  for (double x : c.costs) c.cost += x;
  for (double x : c.benefits) c.benefit += x;
  c.npv = c.benefit - c.cost;
  c.net_cost = c.cost - (c.benefit - c.benefits[kInsecurity]);
  for (std::size_t k = 0; k < kAfterRules; ++k) {
    double npv = 0;
    for (const Flows& f : benefits) npv += pv(f, k);
    for (const Flows& f : costs) npv -= pv(f, k);
    c.npv_by_rule[k] = npv;
  }

  // Per year of the horizon under the chosen rule.
  const std::size_t years = (horizon + kWeeksPerYear - 1) / kWeeksPerYear;
  c.costs_by_year.assign(years, {});
  c.costs_by_year_pv.assign(years, {});
  c.redeployed_hours_by_year.assign(years, {});
  for (std::size_t w = 0; w < horizon; ++w) {
    const std::size_t y = w / kWeeksPerYear;
    const double df = discount_factor(rate, w);
    for (std::size_t i = 0; i < kCostItems; ++i) {
      c.costs_by_year[y][i] += costs[i][chosen][w];
      c.costs_by_year_pv[y][i] += df * costs[i][chosen][w];
    }
    for (std::size_t o = 0; o < kOrganisations; ++o) c.redeployed_hours_by_year[y][o] += redeployed_hours[o][chosen][w];
  }

  // PM-posten: the change over the last simulated year, pooled as the outcome pools.
  const std::size_t last = std::min(kWeeksPerYear, r.weeks);
  for (const PmItem& item : pm_items()) {
    const auto o = find_outcome(item.outcome);
    double change = std::nan("");
    if (o && last > 0) {
      const bool sum = outcome_info(*o).pooling == Pooling::Sum;
      double residents = 0;
      for (std::size_t nb = 0; nb < r.neighbourhoods; ++nb)
        residents += nb < r.residents.size() ? static_cast<double>(r.residents[nb]) : 0.0;
      const auto weight = [&](std::size_t nb) {
        if (sum) return 1.0;
        return residents > 0 && nb < r.residents.size() ? static_cast<double>(r.residents[nb]) / residents : 0.0;
      };
      const std::vector<double> f = weekly_difference(r, *o, s, b, rep, weight);
      change = 0;
      for (std::size_t w = r.weeks - last; w < r.weeks; ++w) change += f[w];
      change /= static_cast<double>(last);
    }
    c.pm_change.push_back(change);
  }
  return c;
}

std::optional<CbaResults> compute_cba(const config::Experiment& e, const run::RunResults& r, double level) {
  const auto base = run::baseline_index(e);
  if (!base) return std::nullopt;
  CbaResults out;
  out.baseline = *base;
  out.wtp = wtp_grid(e.scenarios[*base].params.cba.wtp_max);
  out.horizon_weeks = appraisal_weeks(e.scenarios[*base].params, r.weeks);
  out.years = (out.horizon_weeks + kWeeksPerYear - 1) / kWeeksPerYear;
  const double nan = std::nan("");
  std::array<double, kCostItems> nan_costs;
  nan_costs.fill(nan);
  std::array<double, kOrganisations> nan_orgs;
  nan_orgs.fill(nan);
  for (std::size_t s = 0; s < r.scenarios; ++s) {
    ScenarioCba sc;
    if (s == *base) {
      sc.costs.fill(nan);
      sc.benefits.fill(nan);
      sc.insecurity_gross_eur = sc.insecurity_net_eur = sc.unsafe_years_gross = sc.unsafe_years_net = sc.unsafe_years =
          nan;
      sc.cost = sc.benefit = sc.npv = sc.npv_lower = sc.npv_upper = sc.npv_gross_insecurity = sc.npv_time_free = nan;
      sc.expenses_one_off = nan;
      sc.task_costs.fill(nan);
      sc.benefit_cost_ratio = sc.p_npv_positive = sc.cost_per_unsafe_year = nan;
      sc.ceac.assign(out.wtp.size(), nan);
      sc.npv_by_rule.fill(nan);
      sc.benefits_by_recipient.fill(nan);
      sc.redeployed_hours = sc.redeployed_value = nan_orgs;
      sc.costs_by_year.assign(out.years, nan_costs);
      sc.costs_by_year_pv.assign(out.years, nan_costs);
      sc.redeployed_hours_by_year.assign(out.years, nan_orgs);
      sc.pm_change.assign(pm_items().size(), nan);
      sc.replicates.resize(r.replicates);
      out.scenarios.push_back(sc);
      continue;
    }
    for (std::size_t rep = 0; rep < r.replicates; ++rep)
      sc.replicates.push_back(compare_replicate(e, r, s, *base, rep));
    std::vector<double> npvs;
    double positive = 0, n = 0, gross = 0, time_free = 0;
    sc.costs_by_year.assign(out.years, {});
    sc.costs_by_year_pv.assign(out.years, {});
    sc.redeployed_hours_by_year.assign(out.years, {});
    sc.pm_change.assign(pm_items().size(), 0.0);
    for (const ReplicateCba& x : sc.replicates) {
      if (!x.valid) continue;
      n += 1;
      for (std::size_t i = 0; i < kCostItems; ++i) sc.costs[i] += x.costs[i];
      for (std::size_t i = 0; i < kBenefitItems; ++i) sc.benefits[i] += x.benefits[i];
      for (std::size_t i = 0; i < kApproachTasks; ++i) sc.task_costs[i] += x.task_costs[i];
      for (std::size_t k = 0; k < kAfterRules; ++k) sc.npv_by_rule[k] += x.npv_by_rule[k];
      for (std::size_t k = 0; k < kRecipients; ++k) sc.benefits_by_recipient[k] += x.benefits_by_recipient[k];
      for (std::size_t o = 0; o < kOrganisations; ++o) {
        sc.redeployed_hours[o] += x.redeployed_hours[o];
        sc.redeployed_value[o] += x.redeployed_value[o];
      }
      for (std::size_t y = 0; y < out.years; ++y) {
        for (std::size_t i = 0; i < kCostItems; ++i) {
          sc.costs_by_year[y][i] += x.costs_by_year[y][i];
          sc.costs_by_year_pv[y][i] += x.costs_by_year_pv[y][i];
        }
        for (std::size_t o = 0; o < kOrganisations; ++o)
          sc.redeployed_hours_by_year[y][o] += x.redeployed_hours_by_year[y][o];
      }
      for (std::size_t k = 0; k < sc.pm_change.size(); ++k) sc.pm_change[k] += x.pm_change[k];
      npvs.push_back(x.npv);
      positive += x.npv > 0 ? 1 : 0;
      gross += x.npv - x.benefits[kInsecurity] + x.insecurity_gross_eur;
      time_free += x.npv + x.costs[kVolunteerTime] + x.costs[kResidentTime];
    }
    sc.valid = static_cast<std::size_t>(n);
    for (double& x : sc.costs) x = n > 0 ? x / n : nan;
    for (double& x : sc.benefits) x = n > 0 ? x / n : nan;
    for (double& x : sc.task_costs) x = n > 0 ? x / n : nan;
    const auto mean = [&](double& x) { x = n > 0 ? x / n : nan; };
    for (double& x : sc.npv_by_rule) mean(x);
    for (double& x : sc.benefits_by_recipient) mean(x);
    for (double& x : sc.redeployed_hours) mean(x);
    for (double& x : sc.redeployed_value) mean(x);
    for (auto& year : sc.costs_by_year)
      for (double& x : year) mean(x);
    for (auto& year : sc.costs_by_year_pv)
      for (double& x : year) mean(x);
    for (auto& year : sc.redeployed_hours_by_year)
      for (double& x : year) mean(x);
    for (double& x : sc.pm_change) mean(x);
    sc.insecurity_gross_eur = mean_of(sc.replicates, &ReplicateCba::insecurity_gross_eur);
    sc.insecurity_net_eur = mean_of(sc.replicates, &ReplicateCba::insecurity_net_eur);
    sc.unsafe_years_gross = mean_of(sc.replicates, &ReplicateCba::unsafe_years_gross);
    sc.unsafe_years_net = mean_of(sc.replicates, &ReplicateCba::unsafe_years_net);
    sc.unsafe_years = mean_of(sc.replicates, &ReplicateCba::unsafe_years);
    sc.cost = mean_of(sc.replicates, &ReplicateCba::cost);
    sc.expenses_one_off = mean_of(sc.replicates, &ReplicateCba::expenses_one_off);
    sc.benefit = mean_of(sc.replicates, &ReplicateCba::benefit);
    const run::Interval iv = run::interval_of(npvs, level, run::interval_kind(e));
    sc.npv = iv.mean, sc.npv_lower = iv.lower, sc.npv_upper = iv.upper;
    sc.npv_gross_insecurity = n > 0 ? gross / n : nan;
    sc.npv_time_free = n > 0 ? time_free / n : nan;
    sc.benefit_cost_ratio = sc.cost > 0 ? sc.benefit / sc.cost : nan;
    sc.p_npv_positive = n > 0 ? positive / n : nan;
    const double net_cost = mean_of(sc.replicates, &ReplicateCba::net_cost);
    sc.cost_per_unsafe_year = sc.unsafe_years > 0 ? net_cost / sc.unsafe_years : nan;
    for (double wtp : out.wtp) {
      double accepted = 0;
      for (const ReplicateCba& x : sc.replicates)
        if (x.valid && wtp * x.unsafe_years - x.net_cost > 0) accepted += 1;
      sc.ceac.push_back(n > 0 ? accepted / n : nan);
    }
    out.scenarios.push_back(sc);
  }
  return out;
}

}  // namespace buurtsim::cba
