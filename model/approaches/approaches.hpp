#pragma once
// The approach modules (docs/odd.md section 12), one file each; approach_registry() lists them.
#include <memory>

#include "model/approach.hpp"

namespace buurtsim::approaches {

std::unique_ptr<Approach> make_vba(const ScenarioSpec& spec);
std::unique_ptr<Approach> make_bap(const ScenarioSpec& spec);
std::unique_ptr<Approach> make_wijkveiligheid(const ScenarioSpec& spec);
std::unique_ptr<Approach> make_buurtpreventie(const ScenarioSpec& spec);

}  // namespace buurtsim::approaches
