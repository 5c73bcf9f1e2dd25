#pragma once
// The cost-benefit analysis of every scenario against the baseline (docs/cost-benefit.md).
// Per replicate r the scenario's weekly outcomes minus the baseline's weekly outcomes of the
// same replicate (common random numbers), summed over neighbourhoods, each week discounted to
// recorded week 0 (experiments/analysis/discounting.hpp) over the recorded weeks (the horizon).
// Every unit value is a parameter of the `cba` group (model/params/cba.def), read from the
// scenario's own parameters; euros are price year 2023.
#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/config/config.hpp"

namespace buurtsim::cba {

// Costs by who bears them.
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
  kDisplacement,
  kEscalation,
  kInsecurity,
  kBenefitItems
};

struct ItemInfo {
  std::string_view name, bearer, long_name;
};
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
  double net_cost = 0;          // cost minus the benefits other than insecurity (for the cost-effectiveness)
  double expenses_one_off = 0;  // the one-off part of costs[kExpenses] (the rest recurs)
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
  double expenses_one_off = 0;      // the one-off part of costs[kExpenses]
  std::array<double, kApproachTasks> task_costs{};
  double benefit_cost_ratio = 0;    // mean benefit / mean cost (NaN when the cost is not positive)
  double p_npv_positive = 0;        // share of valid replicates with NPV > 0
  double cost_per_unsafe_year = 0;  // mean net cost / mean resident-years gained (NaN unless years > 0)
  std::vector<double> ceac;         // per wtp: share of valid replicates with wtp * years - net cost > 0
};

struct CbaResults {
  std::size_t baseline = 0;
  std::vector<double> wtp;             // EUR per resident-year not feeling unsafe
  std::vector<ScenarioCba> scenarios;  // the baseline's own entry has valid = 0 and NaN values
};

// The willingness-to-pay values of the acceptability curve: 0 .. wtp_max in 41 equal steps.
std::vector<double> wtp_grid(double wtp_max);

// Nothing without a scenario named "baseline".
std::optional<CbaResults> compute_cba(const config::Experiment& e, const run::RunResults& r, double level);

}  // namespace buurtsim::cba
