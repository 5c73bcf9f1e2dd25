#include "experiments/config/plan.hpp"

namespace buurtsim::config {

std::vector<RuleViolation> apply_overrides(ScenarioSpec& spec, std::span<const Override> overrides,
                                           const RunSettings& settings, int file_weeks) {
  std::vector<RuleViolation> out;
  for (const Override& o : overrides) {
    const ParamSpec& p = param(o.id);
    if (const std::string wrong = check_param_value(p, o.value); !wrong.empty())
      out.push_back({std::string(p.name), o.neighbourhood, wrong});
    if (o.neighbourhood < 0) p.set(spec.params, o.value);
    for (std::size_t nb = 0; nb < spec.neighbourhoods.size(); ++nb)
      if (o.neighbourhood < 0 || static_cast<std::size_t>(o.neighbourhood) == nb)
        p.set(spec.neighbourhoods[nb].params, o.value);
  }
  if (!out.empty()) return out;
  return validate_scenario(spec, settings, file_weeks);
}

}  // namespace buurtsim::config
