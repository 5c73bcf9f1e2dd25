#include "model/approach.hpp"

namespace buurtsim {

const std::map<std::string, ApproachFactory>& approach_registry() {
  // Approach modules add themselves here (issue: the four approaches as policy modules).
  static const std::map<std::string, ApproachFactory> registry;
  return registry;
}

std::vector<std::string> approach_names() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : approach_registry()) names.push_back(name);
  return names;
}

}  // namespace buurtsim
