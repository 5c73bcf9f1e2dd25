#include "experiments/analysis/cba.hpp"

#include <cmath>

#include "experiments/analysis/comparison.hpp"
#include "experiments/analysis/discounting.hpp"
#include "experiments/analysis/summary.hpp"

namespace buurtsim::cba {
namespace {

constexpr std::size_t kWtpSteps = 40;  // 41 values from 0 to wtp_max

bool complete(const run::RunResults& r, std::size_t s, std::size_t rep) {
  return r.complete.empty() || r.complete[s * r.replicates + rep] != 0;
}

// Discounted sum over weeks and neighbourhoods of weight(nb) * (outcome in scenario a - in b).
// Weeks where either value is NaN (a percentage without residents 15+) add nothing.
template <class Weight>
double discounted_difference(const run::RunResults& r, Outcome o, std::size_t a, std::size_t b, std::size_t rep,
                             double rate, Weight weight) {
  const auto oi = static_cast<std::size_t>(o);
  double total = 0;
  for (std::size_t w = 0; w < r.weeks; ++w) {
    const double df = discount_factor(rate, w);
    for (std::size_t nb = 0; nb < r.neighbourhoods; ++nb) {
      const double x = r.outcomes[r.outcome_index(oi, a, rep, nb, w)],
                   y = r.outcomes[r.outcome_index(oi, b, rep, nb, w)];
      if (std::isnan(x) || std::isnan(y)) continue;
      total += df * weight(nb) * (x - y);
    }
  }
  return total;
}

// Undiscounted sum of an outcome over weeks and neighbourhoods (the scenario's incident mix).
double total(const run::RunResults& r, Outcome o, std::size_t s, std::size_t rep) {
  const auto oi = static_cast<std::size_t>(o);
  double sum = 0;
  for (std::size_t nb = 0; nb < r.neighbourhoods; ++nb)
    for (std::size_t w = 0; w < r.weeks; ++w) sum += r.outcomes[r.outcome_index(oi, s, rep, nb, w)];
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
      {"police", "police", "police hours used by the approaches (additional and redeployed) x police.hourly_cost"},
      {"municipality", "municipality",
       "municipal hours used by the approaches x organisations.municipality_hourly_cost"},
      {"welfare", "welfare organisation", "welfare hours used by the approaches x organisations.welfare_hourly_cost"},
      {"corporation", "housing corporation",
       "housing-corporation hours used by the approaches x organisations.corporation_hourly_cost"},
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
      {"burglary", "victims and society", "burglaries avoided x cba.cost_burglary"},
      {"violence", "victims and society", "threat and violence incidents avoided x cba.cost_violence"},
      {"nuisance", "residents", "nuisance incidents avoided x cba.cost_nuisance"},
      {"displacement", "residents of the buffer (negative: crime displaced there)",
       "minus extra incidents in the buffer x the scenario's mean incident cost x cba.buffer_incident_share"},
      {"escalation", "care providers, health insurers, landlords",
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

std::vector<double> wtp_grid(double wtp_max) {
  std::vector<double> v;
  for (std::size_t i = 0; i <= kWtpSteps; ++i)
    v.push_back(wtp_max * static_cast<double>(i) / static_cast<double>(kWtpSteps));
  return v;
}

ReplicateCba compare_replicate(const config::Experiment& e, const run::RunResults& r, std::size_t s, std::size_t b,
                               std::size_t rep) {
  ReplicateCba c;
  if (!complete(r, s, rep) || !complete(r, b, rep)) return c;
  c.valid = true;
  const Params& p = e.scenarios[s].params;
  const auto& v = p.cba;
  const double rate = v.discount_rate;
  const auto one = [](std::size_t) { return 1.0; };
  const auto diff = [&](Outcome o) {
    return discounted_difference(r, o, s, b, rep, rate, one);
  };  // scenario - baseline

  // Costs: every hour an approach uses at the organisation's rate, other expenses, time.
  c.costs[kPolice] = diff(Outcome::approach_police_hours) * p.police.hourly_cost;
  c.costs[kMunicipality] = diff(Outcome::approach_municipality_hours) * p.organisations.municipality_hourly_cost;
  c.costs[kWelfare] = diff(Outcome::approach_welfare_hours) * p.organisations.welfare_hourly_cost;
  c.costs[kCorporation] = diff(Outcome::approach_corporation_hours) * p.organisations.corporation_hourly_cost;
  c.costs[kExpenses] = diff(Outcome::approach_other_cost_eur);
  c.expenses_one_off = diff(Outcome::approach_one_off_cost_eur);
  c.costs[kVolunteerTime] = diff(Outcome::volunteers) * v.volunteer_hours_per_week * v.value_volunteer_hour;
  c.costs[kResidentTime] = diff(Outcome::team_contacts) * v.resident_hours_per_contact * v.value_volunteer_hour;
  const double hours = diff(Outcome::approach_hours);
  const double hour_costs = c.costs[kPolice] + c.costs[kMunicipality] + c.costs[kWelfare] + c.costs[kCorporation];
  const Outcome task_outcomes[kApproachTasks] = {
      Outcome::hours_outreach,    Outcome::hours_presence, Outcome::hours_enforcement, Outcome::hours_care,
      Outcome::hours_environment, Outcome::hours_support,  Outcome::hours_overhead};
  for (std::size_t t = 0; t < kApproachTasks; ++t)
    c.task_costs[t] = hours > 0 ? diff(task_outcomes[t]) * hour_costs / hours : 0.0;

  // Benefits: what the baseline has more of is avoided.
  c.benefits[kBurglary] = -diff(Outcome::incidents_burglary) * v.cost_burglary;
  c.benefits[kViolence] = -diff(Outcome::incidents_violence) * v.cost_violence;
  c.benefits[kNuisance] = -diff(Outcome::incidents_nuisance) * v.cost_nuisance;
  const double burglary = total(r, Outcome::incidents_burglary, s, rep),
               violence = total(r, Outcome::incidents_violence, s, rep),
               nuisance = total(r, Outcome::incidents_nuisance, s, rep), all = burglary + violence + nuisance;
  const double mean_cost =
      all > 0 ? (burglary * v.cost_burglary + violence * v.cost_violence + nuisance * v.cost_nuisance) / all
              : (v.cost_burglary + v.cost_violence + v.cost_nuisance) / 3.0;
  c.benefits[kDisplacement] = -diff(Outcome::incidents_buffer) * mean_cost * v.buffer_incident_share;
  c.benefits[kEscalation] = -diff(Outcome::social_problems_escalated) * v.cost_escalation;

  // Insecurity: percentage points of residents 15+ x residents 15+ x 1/52 year per week.
  const auto adults = [&](std::size_t nb) {
    const double residents = nb < r.residents.size() ? static_cast<double>(r.residents[nb]) : 0.0;
    return residents * (1.0 - e.scenarios[b].neighbourhoods[nb].params.population.share_age_0_14) / 100.0 / 52.0;
  };
  c.unsafe_years_gross = -discounted_difference(r, Outcome::unsafe_sometimes_pct, s, b, rep, rate, adults);
  const double victimisations_avoided = -(diff(Outcome::incidents_burglary) + diff(Outcome::incidents_violence));
  c.unsafe_years_net = c.unsafe_years_gross - v.unsafe_years_per_victimisation * victimisations_avoided;
  c.insecurity_gross_eur = c.unsafe_years_gross * v.value_unsafe_year;
  c.insecurity_net_eur = c.unsafe_years_net * v.value_unsafe_year;
  const bool gross = as_int(v.insecurity_variant) == 1;
  c.unsafe_years = gross ? c.unsafe_years_gross : c.unsafe_years_net;
  c.benefits[kInsecurity] = gross ? c.insecurity_gross_eur : c.insecurity_net_eur;

  for (double x : c.costs) c.cost += x;
  for (double x : c.benefits) c.benefit += x;
  c.npv = c.benefit - c.cost;
  c.net_cost = c.cost - (c.benefit - c.benefits[kInsecurity]);
  return c;
}

std::optional<CbaResults> compute_cba(const config::Experiment& e, const run::RunResults& r, double level) {
  const auto base = run::baseline_index(e);
  if (!base) return std::nullopt;
  CbaResults out;
  out.baseline = *base;
  out.wtp = wtp_grid(e.scenarios[*base].params.cba.wtp_max);
  const double nan = std::nan("");
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
      sc.replicates.resize(r.replicates);
      out.scenarios.push_back(sc);
      continue;
    }
    for (std::size_t rep = 0; rep < r.replicates; ++rep)
      sc.replicates.push_back(compare_replicate(e, r, s, *base, rep));
    std::vector<double> npvs;
    double positive = 0, n = 0, gross = 0, time_free = 0;
    for (const ReplicateCba& x : sc.replicates) {
      if (!x.valid) continue;
      n += 1;
      for (std::size_t i = 0; i < kCostItems; ++i) sc.costs[i] += x.costs[i];
      for (std::size_t i = 0; i < kBenefitItems; ++i) sc.benefits[i] += x.benefits[i];
      for (std::size_t i = 0; i < kApproachTasks; ++i) sc.task_costs[i] += x.task_costs[i];
      npvs.push_back(x.npv);
      positive += x.npv > 0 ? 1 : 0;
      gross += x.npv - x.benefits[kInsecurity] + x.insecurity_gross_eur;
      time_free += x.npv + x.costs[kVolunteerTime] + x.costs[kResidentTime];
    }
    sc.valid = static_cast<std::size_t>(n);
    for (double& x : sc.costs) x = n > 0 ? x / n : nan;
    for (double& x : sc.benefits) x = n > 0 ? x / n : nan;
    for (double& x : sc.task_costs) x = n > 0 ? x / n : nan;
    sc.insecurity_gross_eur = mean_of(sc.replicates, &ReplicateCba::insecurity_gross_eur);
    sc.insecurity_net_eur = mean_of(sc.replicates, &ReplicateCba::insecurity_net_eur);
    sc.unsafe_years_gross = mean_of(sc.replicates, &ReplicateCba::unsafe_years_gross);
    sc.unsafe_years_net = mean_of(sc.replicates, &ReplicateCba::unsafe_years_net);
    sc.unsafe_years = mean_of(sc.replicates, &ReplicateCba::unsafe_years);
    sc.cost = mean_of(sc.replicates, &ReplicateCba::cost);
    sc.expenses_one_off = mean_of(sc.replicates, &ReplicateCba::expenses_one_off);
    sc.benefit = mean_of(sc.replicates, &ReplicateCba::benefit);
    const run::Interval iv = run::interval_over_replicates(npvs, level);
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
