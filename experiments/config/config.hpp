#pragma once
// Loading a TOML configuration (docs/usage.md, "Configuration files") into a validated,
// immutable experiment: structural settings, neighbourhoods and scenarios with every parameter
// resolved, and the [sweep] and [calibration] tables. The schema is closed: unknown keys, wrong
// types and out-of-range values are errors naming the file, line and key and what is allowed.
// What a file may hold besides the structural keys and the parameter tables depends on its
// model (experiments/config/model_kind.hpp).
#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/config/calibration_spec.hpp"
#include "experiments/config/design_spec.hpp"
#include "experiments/config/uncertainty_spec.hpp"
#include "model/spec.hpp"

namespace buurtsim::config {

// A bad configuration or option; what() is the complete message for the user.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Command-line settings applied after the file.
struct Overrides {
  std::optional<std::uint64_t> seed;
  std::optional<int> replicates;
  std::optional<int> weeks;
  std::vector<std::string> sets;  // KEY=VALUE, in order
  // --budget, --cost-per-year, --hours-per-year, --funding: they replace the file's [budget] keys.
  std::optional<std::string> budget_basis, funding;
  std::optional<double> cost_per_year, hours_per_year;
  std::optional<std::string> uncertainty;  // --uncertainty declared|none
  std::optional<std::string> posterior;    // --posterior CAL.h5
  // --scenario NAME (repeatable): run only these of the file's scenarios, in the file's order;
  // the baseline stays whenever a chosen scenario has approaches (the comparison's counterfactual).
  std::vector<std::string> scenarios;
};

// The [budget] table with the options that replace its keys (docs/usage.md, "Like-for-like
// budgets"): every approach scenario's hour levers scaled to the same planned cost or hours per
// year, and every approach's funding mode set, when the scenarios are resolved.
enum class BudgetBasis { as_configured, equal_cost, equal_hours };
struct BudgetSpec {
  BudgetBasis basis = BudgetBasis::as_configured;
  double target = 0;          // equal_cost: EUR per year; equal_hours: hours per year
  int funding = -1;           // -1 as configured, else the index of the funding choice (0 additional, 1 redeployed)
  std::string basis_where;    // where the target (or the basis) was set ("cfg.toml:12" or "--cost-per-year")
  std::string basis_key;      // and its key, for messages ("budget.cost_per_year", "cost-per-year")
  std::string funding_where;  // where the funding was set
  std::vector<double> scale;  // per scenario: the factor its hour levers were multiplied by (1: none)
};

struct Experiment {
  std::string model = "buurtsim";  // the name of a registered model (model_kind.hpp)
  std::string source;              // the file name as given, or "embedded compare.toml"
  std::string stem;                // the file's stem: default scenario and output name
  RunSettings settings;
  int file_weeks = 0;  // the recorded weeks the file asks for, before --weeks (for the window rules)
  int replicates = 1;
  std::vector<ScenarioSpec> scenarios;
  // The neighbourhoods (of every scenario, in their order) fall into worlds simulated apart, each
  // with its own random streams (docs/usage.md, "Worlds"): world k holds the neighbourhoods from
  // world_starts[k] up to the next start. One world, {0}, unless [[neighbourhood]] entries name them.
  std::vector<std::size_t> world_starts = {0};
  std::vector<std::string> world_names = {""};
  std::vector<std::string> notes;  // things the user should know (clipped windows, ...)
  std::string resolved_toml;       // the full resolved configuration: reloading it gives the same experiment
  // The tables of the commands that vary the scenarios, read and checked with the rest of the
  // file (`buurtsim sweep`, `buurtsim calibrate`); copied verbatim into resolved_toml.
  std::optional<sweep::SweepSpec> sweep;
  std::optional<calibration::Settings> calibration;
  BudgetSpec budget;

  // The [uncertainty] table with --uncertainty and --posterior; its draws are made by the
  // commands that run (experiments/analysis/parameter_draws.hpp).
  uncertainty::Spec uncertainty;

  std::size_t runs() const { return scenarios.size() * static_cast<std::size_t>(replicates); }
  std::size_t worlds() const { return world_starts.size(); }
  // The neighbourhoods of world k: [first, first + count).
  std::size_t world_first(std::size_t k) const { return world_starts[k]; }
  std::size_t world_size(std::size_t k) const {
    return (k + 1 < world_starts.size() ? world_starts[k + 1] : scenarios.front().neighbourhoods.size()) -
           world_starts[k];
  }
};

// Throws ConfigError "SOURCE:LINE: 'KEY': WHAT" (the line of `node` when known). For the
// modules that read their own tables of a configuration.
[[noreturn]] void fail_at(const std::string& source, const toml::node* node, const std::string& key,
                          const std::string& what);
// The registered parameter of a dotted name; an unknown name fails at `node` with suggestions.
ParamId param_named(const std::string& source, const toml::node* node, const std::string& dotted);

// Parses and validates. `source` names the text in messages; `stem` names the default scenario.
Experiment load(const std::string& text, const std::string& source, const std::string& stem,
                const Overrides& overrides);
// Reads the file (a missing or unreadable file is a ConfigError).
Experiment load_file(const std::string& path, const Overrides& overrides);

}  // namespace buurtsim::config
