#include "model/validate.hpp"

#include <cmath>

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
                   "the age shares 0-14, 15-24, 25-44 and 45-64 add up to " + num(ages) + "; they must add up to at most 1 (65+ is the rest)"});
  const double tenure = pp.share_corporation + pp.share_private_rental;
  if (tenure > 1.0 + 1e-9)
    out.push_back({"population.share_private_rental", nb,
                   "share_corporation + share_private_rental = " + num(tenure) + "; they must add up to at most 1 (owners are the rest)"});
  if (pp.share_age_15_24 + pp.share_age_25_44 <= 0 && pp.offender_share > 0)
    out.push_back({"population.offender_share", nb, "offenders are drawn from residents aged 15-44, but the neighbourhood has none"});
}

}  // namespace

std::vector<RuleViolation> validate_scenario(const ScenarioSpec& spec, const RunSettings& settings) {
  std::vector<RuleViolation> out;
  const auto& o = spec.params.offending;
  if (o.nuisance_mix_nuisance + o.nuisance_mix_vandalism > 1.0 + 1e-9)
    out.push_back({"offending.nuisance_mix_vandalism", -1, "nuisance_mix_nuisance + nuisance_mix_vandalism must be at most 1"});
  if (o.property_mix_burglary + o.property_mix_theft + o.property_mix_vandalism > 1.0 + 1e-9)
    out.push_back({"offending.property_mix_vandalism", -1,
                   "property_mix_burglary + property_mix_theft + property_mix_vandalism must be at most 1"});
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < spec.neighbourhoods.size(); ++i) {
    const auto& nb = spec.neighbourhoods[i];
    const int idx = static_cast<int>(i);
    if (nb.residents < 20) out.push_back({"residents", idx, "a neighbourhood needs at least 20 residents, got " + std::to_string(nb.residents)});
    check_population(nb.params, idx, out);
    total += nb.residents;
  }
  if (total > 200'000'000ULL) out.push_back({"residents", -1, "at most 200 million residents in all neighbourhoods together"});
  if (spec.neighbourhoods.size() > 60000) out.push_back({"neighbourhood", -1, "at most 60000 neighbourhoods"});
  if (settings.weeks + settings.burn_in_weeks > 30000)
    out.push_back({"weeks", -1, "weeks + burn_in_weeks must be at most 30000"});
  return out;
}

}  // namespace buurtsim
