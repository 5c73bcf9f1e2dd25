#pragma once
// The cost-benefit analysis of every scenario against the baseline (docs/cost-benefit.md).
// Per replicate r the scenario's weekly outcomes minus the baseline's weekly outcomes of the
// same replicate (common random numbers), summed over neighbourhoods, each week discounted to
// recorded week 0 (experiments/analysis/discounting.hpp); after the recorded weeks up to the
// appraisal horizon (cba.horizon_years) the last simulated year's flows are held, decayed or
// ended (cba.after_simulation). Each effect is valued once: redeployed hours carry no cash cost,
// their cost is the regular work they no longer do, which the outcomes already carry (MKBA).
// Every unit value is a parameter of the `cba` group (model/params/cba.def), read from the
// scenario's own parameters; euros are price year 2023.
#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/config/config.hpp"

namespace buurtsim::cba {

// Costs by who bears them. The four organisations' items are new cash: their additional hours at
// their hourly rate; their redeployed hours are reported apart (ReplicateCba::redeployed_hours).
enum CostItem : std::size_t {
  kPolice,
  kMunicipality,
  kWelfare,
  kCorporation,
  kExpenses,
  kVolunteerTime,
  kResidentTime,
  kCostItems
};
// Benefits by kind (insecurity in the variant the scenario's cba.insecurity_variant chooses).
enum BenefitItem : std::size_t {
  kBurglary,
  kViolence,
  kNuisance,
  kTheft,
  kVandalism,
  kDisorder,
  kDisplacement,
  kEscalation,
  kInsecurity,
  kBenefitItems
};

struct ItemInfo {
  std::string_view name, bearer, long_name;
};
// Who receives a benefit (docs/cost-benefit.md): each benefit item goes to one of them.
enum Recipient : std::size_t {
  kResidents,
  kVictims,
  kPoliceGain,
  kMunicipalityGain,
  kCorporationGain,
  kSociety,
  kRecipients
};
const std::array<std::string_view, kRecipients>& recipient_names();
Recipient recipient_of(BenefitItem item);
// The years after the simulated weeks (cba.after_simulation, in its order).
enum AfterSimulation : std::size_t { kDecayed, kHeld, kEnded, kAfterRules };
const std::array<std::string_view, kAfterRules>& after_rule_names();

// Extends a weekly flow of W recorded weeks to `horizon_weeks` (at least W): week W + j, in year
// k = j / 52 + 1 after the simulation, carries the mean weekly flow of the last min(52, W)
// recorded weeks times 1 (held), (1 - decay)^k (decayed, effects only) or 0 (ended; and costs
// under decayed: the approach stops).
std::vector<double> extend_flow(const std::vector<double>& weekly, std::size_t horizon_weeks, AfterSimulation rule,
                                bool is_cost, double decay);

// A quantity not valued in euros (a PM-post): its outcome's change against the baseline over the
// last simulated year (mean weekly difference, pooled over neighbourhoods as the outcome pools),
// and the direction (better, worse, none, or up/down for outcomes without a better direction).
struct PmItem {
  std::string_view name, outcome, note;
};
const std::vector<PmItem>& pm_items();
// +1 better (or up, for an outcome without a better direction), -1 worse (or down), 0 no change
// or unknown (NaN).
int pm_direction(const PmItem& item, double change);
// "better", "worse", "up", "down", "none" or "unknown".
std::string_view pm_direction_word(const PmItem& item, double change);
const std::array<ItemInfo, kCostItems>& cost_items();
const std::array<ItemInfo, kBenefitItems>& benefit_items();
// The tasks, in the order of ApproachTask: name and what it covers.
const std::array<ItemInfo, kApproachTasks>& task_items();

// One scenario and replicate against the baseline's same replicate; present values in EUR
// (price year 2023) at recorded week 0; resident-years discounted the same way.
struct ReplicateCba {
  bool valid = false;  // both runs finished
  std::array<double, kCostItems> costs{};
  std::array<double, kBenefitItems> benefits{};
  double unsafe_years_gross = 0;  // resident-years (15+) not feeling unsafe gained
  double unsafe_years_net = 0;    // less those avoided victimisation explains (already in incident costs)
  double insecurity_gross_eur = 0, insecurity_net_eur = 0;
  double unsafe_years = 0;  // in the chosen variant
  double cost = 0, benefit = 0, npv = 0;
  double net_cost = 0;  // cost minus the benefits other than insecurity (for the cost-effectiveness)
  std::array<double, kAfterRules> npv_by_rule{};  // the NPV under each after-simulation rule
  std::array<double, kRecipients> benefits_by_recipient{};
  // Redeployed hours (discounted) and, as a memo not in the NPV, their value at the hourly rate.
  std::array<double, kOrganisations> redeployed_hours{}, redeployed_value{};
  // Per year of the appraisal horizon (undiscounted, and discounted to week 0: the latter add up
  // to costs[]): costs by item; redeployed hours by organisation (undiscounted).
  std::vector<std::array<double, kCostItems>> costs_by_year, costs_by_year_pv;
  std::vector<std::array<double, kOrganisations>> redeployed_hours_by_year;
  std::vector<double> pm_change;  // per pm_items(): change over the last simulated year
  double expenses_one_off = 0;    // the one-off part of costs[kExpenses] (the rest recurs)
  // The hour costs (police, municipality, welfare, corporation) by task (ApproachTask, outcomes
  // hours_<task>): each task's discounted hours at the mean hourly rate of the approaches' hours.
  std::array<double, kApproachTasks> task_costs{};
};

ReplicateCba compare_replicate(const config::Experiment& e, const run::RunResults& r, std::size_t scenario,
                               std::size_t baseline, std::size_t replicate);

struct ScenarioCba {
  std::vector<ReplicateCba> replicates;
  std::size_t valid = 0;
  // Means over valid replicates.
  std::array<double, kCostItems> costs{};
  std::array<double, kBenefitItems> benefits{};
  double insecurity_gross_eur = 0, insecurity_net_eur = 0, unsafe_years_gross = 0, unsafe_years_net = 0,
         unsafe_years = 0;
  double cost = 0, benefit = 0, npv = 0, npv_lower = 0, npv_upper = 0;
  double npv_gross_insecurity = 0;  // variant: insecurity counted gross
  double npv_time_free = 0;         // variant: volunteers' and residents' time at zero
  std::array<double, kAfterRules> npv_by_rule{};
  std::array<double, kRecipients> benefits_by_recipient{};
  std::array<double, kOrganisations> redeployed_hours{}, redeployed_value{};
  std::vector<std::array<double, kCostItems>> costs_by_year, costs_by_year_pv;
  std::vector<std::array<double, kOrganisations>> redeployed_hours_by_year;
  std::vector<double> pm_change;
  double expenses_one_off = 0;  // the one-off part of costs[kExpenses]
  std::array<double, kApproachTasks> task_costs{};
  double benefit_cost_ratio = 0;    // mean benefit / mean cost (NaN when the cost is not positive)
  double p_npv_positive = 0;        // share of valid replicates with NPV > 0
  double cost_per_unsafe_year = 0;  // mean net cost / mean resident-years gained (NaN unless years > 0)
  std::vector<double> ceac;         // per wtp: share of valid replicates with wtp * years - net cost > 0
};

struct CbaResults {
  std::size_t baseline = 0;
  std::size_t horizon_weeks = 0, years = 0;  // the appraisal horizon (of the baseline's values)
  std::vector<double> wtp;                   // EUR per resident-year not feeling unsafe
  std::vector<ScenarioCba> scenarios;        // the baseline's own entry has valid = 0 and NaN values
};

// The willingness-to-pay values of the acceptability curve: 0 .. wtp_max in 41 equal steps.
std::vector<double> wtp_grid(double wtp_max);

// Nothing without a scenario named "baseline".
std::optional<CbaResults> compute_cba(const config::Experiment& e, const run::RunResults& r, double level);

}  // namespace buurtsim::cba
