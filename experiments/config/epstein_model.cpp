// model = "epstein2002": Epstein's (2002) civil violence model I, for docking
// (docs/validation.md). Its file has the structural keys and the [epstein] parameter table
// only; a step is a week of the settings, and there is no burn-in by default.
#include "experiments/config/model_kind.hpp"
#include "model/epstein/epstein.hpp"

namespace buurtsim::config {
namespace {

// The parameters together (the grid holds the agents, vision does not wrap around the torus):
// every problem on its own line.
void validate(Draft& d) {
  const auto errors = epstein_param_errors(d.e.scenarios.front().params);
  if (errors.empty()) return;
  std::string message;
  for (const auto& err : errors) message += (message.empty() ? "" : "\n") + d.rd.source() + ": " + err;
  throw ConfigError(message);
}

}  // namespace

const ModelKind& epstein_model() {
  static const ModelKind kind{
      .name = "epstein2002",
      .default_burn_in_weeks = 0,
      .parameter_groups = {"epstein"},
      .example_group = "epstein",
      .sections = {},
      .validate = validate,
  };
  return kind;
}

}  // namespace buurtsim::config
