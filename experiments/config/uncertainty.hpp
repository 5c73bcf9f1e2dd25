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
// The reason most declarations give (docs/parameters.md lists the others).
inline constexpr std::string_view kBlanketReason =
    "Assumption: half to one and a half times the configured value; the registry range is a validity bound";
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
