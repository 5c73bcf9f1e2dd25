#pragma once
// What register_approach() (model/approach_module.hpp) feeds: the tables of parameters and
// outcomes that the core declares and the approach modules extend. Not for modules' own use.
#include <span>

#include "model/params.hpp"

namespace buurtsim::detail {

// Registers the built-in modules (model/approaches/<name>/), once; every table calls it before
// it is read, so the built-in modules always come first.
void ensure_builtin_approaches();

// Adds a module's parameters (throws std::logic_error for a name already declared).
void add_module_params(std::span<const ParamSpec> specs);

}  // namespace buurtsim::detail
