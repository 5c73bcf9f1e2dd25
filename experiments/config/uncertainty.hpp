#pragma once
// Reading the [uncertainty] table and making the draws of a run or sweep (the mode,
// experiments/config/uncertainty_spec.hpp; docs/usage.md, "[uncertainty]").
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/config/uncertainty_spec.hpp"

namespace buurtsim::uncertainty {

// A declared distribution (model/params/uncertainty.def).
struct Declaration {
  std::string_view name;
  Shape shape;
  double a, b;
  std::string_view reason;
};
std::span<const Declaration> declarations();
const Declaration* declared(std::string_view name);

// Reads the [uncertainty] table `t` (nullptr: none) of e's file with the options; closed schema,
// messages name the file, line and key. `configured`: the parameters the file sets per
// neighbourhood or per scenario.
Spec read_spec(const config::Experiment& e, const toml::table* t, const config::Overrides& options,
               std::vector<ParamId> configured);
// The table as the resolved configuration writes it (nothing when the mode is off).
std::string render(const Spec& s);

}  // namespace buurtsim::uncertainty
