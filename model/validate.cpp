#include "model/validate.hpp"

#include <cmath>

#include "model/approach.hpp"
#include "model/capacity.hpp"

namespace buurtsim {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void check_population(const Params& p, int nb, std::vector<RuleViolation>& out) {
  const auto& pp = p.population;
  const double ages = pp.share_age_0_14 + pp.share_age_15_24 + pp.share_age_25_44 + pp.share_age_45_64;
  if (ages > 1.0 + 1e-9)
    out.push_back({"population.share_age_45_64", nb,
                   "the age shares 0-14, 15-24, 25-44 and 45-64 add up to " + num(ages) +
                       "; they must add up to at most 1 (65+ is the rest)"});
  const double tenure = pp.share_corporation + pp.share_private_rental;
  if (tenure > 1.0 + 1e-9)
    out.push_back({"population.share_private_rental", nb,
                   "share_corporation + share_private_rental = " + num(tenure) +
                       "; they must add up to at most 1 (owners are the rest)"});
  if (pp.share_age_15_24 + pp.share_age_25_44 <= 0 && pp.offender_share > 0)
    out.push_back({"population.offender_share", nb,
                   "offenders are drawn from residents aged 15-44, but the neighbourhood has none"});
}

const char* const kOrganisationNames[kOrganisations] = {"police", "municipality", "welfare", "corporation"};

double capacity_per_1000(const Params& p, std::size_t org) { return hours_per_1000(p, static_cast<Organisation>(org)); }

// Approach windows, and redeployed budgets against capacity when capacity is hard.
void check_approaches(const ScenarioSpec& spec, int file_weeks, std::vector<RuleViolation>& out) {
  for (const std::string& name : spec.approaches) {
    if (!approach_registry().count(name)) continue;  // the loader reports unknown names
    const ApproachLevers l = read_levers(spec.params, name);
    if (l.end_week >= 0 && l.end_week <= l.start_week)
      out.push_back({name + ".end_week", -1,
                     "the window of " + name + " ends (week " + std::to_string(l.end_week) +
                         ") before it starts (week " + std::to_string(l.start_week) +
                         "); expected end_week > start_week, or -1 for no end"});
    // A window must start inside the weeks its own file asks for; one that --weeks cuts off
    // entirely only draws a note (window_notes), and the resolved configuration leaves it out.
    if (l.start_week >= file_weeks)
      out.push_back({name + ".start_week", -1,
                     name + " starts at week " + std::to_string(l.start_week) + ", after the last recorded week (" +
                         std::to_string(file_weeks - 1) + ") of this configuration"});
  }
  if (!as_bool(spec.params.organisations.capacity_hard)) return;
  for (std::size_t i = 0; i < spec.neighbourhoods.size(); ++i) {
    const Params& p = spec.neighbourhoods[i].params;
    for (std::size_t org = 0; org < kOrganisations; ++org) {
      double asked = 0;
      std::string last;
      for (const std::string& name : spec.approaches) {
        if (!approach_registry().count(name)) continue;
        const ApproachLevers l = read_levers(p, name);
        if (l.additional || l.hours_per_1000[org] <= 0) continue;
        asked += l.hours_per_1000[org];
        last = name + "." + kOrganisationNames[org] + "_hours";
      }
      if (asked > capacity_per_1000(p, org) + 1e-12)
        out.push_back({last, static_cast<int>(i),
                       "approaches ask for " + num(asked) + " redeployed " + kOrganisationNames[org] +
                           " hours/week per 1,000 residents, more than the capacity of " +
                           num(capacity_per_1000(p, org)) + " (organisations.capacity_hard = true)"});
    }
  }
}

}  // namespace

std::vector<std::string> window_notes(const ScenarioSpec& spec, const RunSettings& settings, int file_weeks) {
  std::vector<std::string> notes;
  if (settings.weeks >= file_weeks) return notes;
  for (const std::string& name : spec.approaches) {
    if (!approach_registry().count(name)) continue;
    const ApproachLevers l = read_levers(spec.params, name);
    const std::string who = "scenario \"" + spec.name + "\": " + name;
    if (l.start_week >= settings.weeks)
      notes.push_back(who + " starts at week " + std::to_string(l.start_week) +
                      ", after the last week of this run (--weeks " + std::to_string(settings.weeks) +
                      "): it does not act");
    else if (l.end_week > settings.weeks)  // a window "to the end" (-1) ends with any run
      notes.push_back(who + "'s window is clipped to week " + std::to_string(settings.weeks - 1) + " by --weeks " +
                      std::to_string(settings.weeks));
  }
  return notes;
}

std::vector<RuleViolation> validate_scenario(const ScenarioSpec& spec, const RunSettings& settings, int file_weeks) {
  std::vector<RuleViolation> out;
  check_approaches(spec, file_weeks, out);
  const auto& o = spec.params.offending;
  if (o.nuisance_mix_nuisance + o.nuisance_mix_vandalism > 1.0 + 1e-9)
    out.push_back(
        {"offending.nuisance_mix_vandalism", -1, "nuisance_mix_nuisance + nuisance_mix_vandalism must be at most 1"});
  if (o.property_mix_burglary + o.property_mix_theft + o.property_mix_vandalism > 1.0 + 1e-9)
    out.push_back({"offending.property_mix_vandalism", -1,
                   "property_mix_burglary + property_mix_theft + property_mix_vandalism must be at most 1"});
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < spec.neighbourhoods.size(); ++i) {
    const auto& nb = spec.neighbourhoods[i];
    const int idx = static_cast<int>(i);
    if (nb.residents < kMinNeighbourhoodResidents)
      out.push_back({"residents", idx,
                     "a neighbourhood needs at least " + std::to_string(kMinNeighbourhoodResidents) +
                         " residents, got " + std::to_string(nb.residents)});
    check_population(nb.params, idx, out);
    total += nb.residents;
  }
  if (total > 200'000'000ULL)
    out.push_back({"residents", -1, "at most 200 million residents in all neighbourhoods together"});
  if (spec.neighbourhoods.size() > 60000) out.push_back({"neighbourhood", -1, "at most 60000 neighbourhoods"});
  if (settings.weeks + settings.burn_in_weeks > 30000)
    out.push_back({"weeks", -1, "weeks + burn_in_weeks must be at most 30000"});
  return out;
}

}  // namespace buurtsim
