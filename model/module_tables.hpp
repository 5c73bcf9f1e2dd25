#pragma once
// What register_approach() (model/approach_module.hpp) feeds: the tables of parameters and
// outcomes that the core declares and the approach modules extend. Not for modules' own use.
#include <span>
#include <string_view>

#include "model/outcomes.hpp"
#include "model/params.hpp"

namespace buurtsim::detail {

// Registers the built-in modules (model/approaches/<name>/), once; every table calls it before
// it is read, so the built-in modules always come first.
void ensure_builtin_approaches();

// Throw std::logic_error for a name already declared.
void check_module_params(std::span<const ParamSpec> specs);
void check_module_outcomes(std::span<const OutcomeInfo> outcomes);
// Add a module's parameters (each gets its slot in Params::modules) and its outcomes (each
// gets the next id); add_module_outcomes returns the first.
void add_module_params(std::span<const ParamSpec> specs);
Outcome add_module_outcomes(std::span<const OutcomeInfo> outcomes);
// The outcomes known so far, the modules' registered included.
std::span<const OutcomeInfo> known_outcomes();
// Sets the choices of the named parameters (declared with kOutcomeChoices) to "none" and then
// the outcomes given.
void set_outcome_choices(std::span<const std::string_view> names, std::span<const OutcomeInfo> outcomes);

}  // namespace buurtsim::detail
