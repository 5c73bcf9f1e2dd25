#include "experiments/config/model_kind.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

namespace buurtsim::config {
namespace {

// `model = "a"` for each model that `has`, joined with " or ".
template <class Has>
std::string models_where(Has has) {
  std::string text;
  for (const ModelKind* m : model_kinds())
    if (has(*m)) text += (text.empty() ? "" : " or ") + std::string("model = \"") + std::string(m->name) + "\"";
  return text;
}

}  // namespace

const Section* ModelKind::section(std::string_view key) const {
  const auto it = std::find_if(sections.begin(), sections.end(), [&](const Section& s) { return s.key == key; });
  return it == sections.end() ? nullptr : &*it;
}

const std::vector<const ModelKind*>& model_kinds() {
  static const std::vector<const ModelKind*> kinds{&neighbourhood_model(), &epstein_model()};
  return kinds;
}

const ModelKind* find_model_kind(std::string_view name) {
  for (const ModelKind* m : model_kinds())
    if (m->name == name) return m;
  return nullptr;
}

bool applies(const ModelKind& model, std::string_view group) {
  const auto names = [&](const ModelKind& m) {
    return std::find(m.parameter_groups.begin(), m.parameter_groups.end(), group) != m.parameter_groups.end();
  };
  if (!model.parameter_groups.empty()) return names(model);
  return std::none_of(model_kinds().begin(), model_kinds().end(), [&](const ModelKind* m) { return names(*m); });
}

std::string models_reading(std::string_view key) {
  return models_where([&](const ModelKind& m) { return m.section(key) != nullptr; });
}

std::string models_taking_group(std::string_view group) {
  return models_where([&](const ModelKind& m) { return applies(m, group); });
}

bool model_reads(std::string_view model, std::string_view key) {
  const ModelKind* m = find_model_kind(model);
  return m && m->section(key);
}

void render_verbatim(std::string_view key, const toml::node* node, std::ostream& out) {
  if (!node) return;
  std::ostringstream o;
  o << toml::table{{key, *node->as_table()}};
  out << "\n" << o.str() << "\n";
}

}  // namespace buurtsim::config
