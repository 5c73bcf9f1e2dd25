#include "experiments/config/uncertainty.hpp"

#include <algorithm>
#include <sstream>

#include "experiments/config/reader.hpp"

namespace buurtsim::uncertainty {
namespace {

constexpr Shape uniform = Shape::Uniform;
constexpr Shape relative = Shape::Relative;

constexpr Declaration kDeclarations[] = {
#define BUURTSIM_UNCERTAIN(name, shape, a, b, reason) {name, shape, a, b, reason},
#include "model/params/uncertainty.def"
#undef BUURTSIM_UNCERTAIN
};

constexpr std::string_view kKeys[] = {"parameters", "include", "exclude", "posterior"};

Mode mode_named(const std::string& v, bool& ok) {
  ok = v == "declared" || v == "none";
  return v == "declared" ? Mode::Declared : Mode::None;
}

// A name or "group.*" (or "*"): a registered parameter or group, else a failure at `node`.
void check_pattern(const config::Experiment& e, const toml::node* node, const std::string& key,
                   const std::string& pattern) {
  if (pattern == "*") return;
  if (pattern.size() > 2 && pattern.ends_with(".*")) {
    const std::string_view group(pattern.data(), pattern.size() - 2);
    const bool known = std::any_of(all_params().begin(), all_params().end(),
                                   [&](const ParamSpec& p) { return config::group_of(p) == group; });
    if (!known)
      config::fail_at(e.source, node, key,
                      "no parameter group \"" + std::string(group) + "\" (`buurtsim params` lists the groups)");
    return;
  }
  config::param_named(e.source, node, pattern);
}

std::vector<std::string> patterns(const config::Experiment& e, const toml::node* node, const std::string& key) {
  std::vector<std::string> out;
  const toml::array* list = node->as_array();
  if (!list) config::fail_at(e.source, node, key, "expected a list of parameter names or groups, such as [\"fear.*\"]");
  for (const toml::node& item : *list) {
    if (!item.is_string())
      config::fail_at(e.source, &item, key, "expected a quoted parameter name or group, such as \"fear.hearsay\"");
    out.push_back(*item.value<std::string>());
    check_pattern(e, &item, key, out.back());
  }
  return out;
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + config::quoted(items[i]);
  return out + "]";
}

}  // namespace

std::span<const Declaration> declarations() { return kDeclarations; }

const Declaration* declared(std::string_view name) {
  for (const Declaration& d : kDeclarations)
    if (d.name == name) return &d;
  return nullptr;
}

Spec read_spec(const config::Experiment& e, const toml::table* t, const config::Overrides& options,
               std::vector<ParamId> configured) {
  Spec s;
  std::sort(configured.begin(), configured.end());
  configured.erase(std::unique(configured.begin(), configured.end()), configured.end());
  s.configured = std::move(configured);
  if (t) {
    s.where = config::Reader(e.source).where(t);
    for (const auto& [k, node] : *t)
      if (std::find(std::begin(kKeys), std::end(kKeys), k.str()) == std::end(kKeys))
        config::fail_at(e.source, &node, "uncertainty." + std::string(k.str()),
                        "unknown key; expected one of parameters, include, exclude, posterior");
    if (const toml::node* n = t->get("parameters")) {
      bool ok = n->is_string();
      if (ok) s.mode = mode_named(*n->value<std::string>(), ok);
      if (!ok)
        config::fail_at(e.source, n, "uncertainty.parameters",
                        "expected \"declared\" (draw every parameter that is not fixed) or \"none\"");
    }
    if (const toml::node* n = t->get("include")) s.include = patterns(e, n, "uncertainty.include");
    if (const toml::node* n = t->get("exclude")) s.exclude = patterns(e, n, "uncertainty.exclude");
    if (const toml::node* n = t->get("posterior")) {
      if (!n->is_string() || n->value<std::string>()->empty())
        config::fail_at(e.source, n, "uncertainty.posterior", "expected the path of a calibration results file");
      s.posterior = *n->value<std::string>();
    }
  }
  if (options.uncertainty) {
    bool ok = false;
    s.mode = mode_named(*options.uncertainty, ok);
    if (!ok)
      throw config::ConfigError("--uncertainty: expected declared or none, got \"" + *options.uncertainty + "\"");
  }
  if (options.posterior) {
    if (options.posterior->empty())
      throw config::ConfigError("--posterior: expected the path of a calibration results file");
    s.posterior = *options.posterior;
  }
  return s;
}

std::string render(const Spec& s) {
  if (!s.requested() && s.include.empty() && s.exclude.empty()) return "";
  std::ostringstream o;
  o << "\n[uncertainty]\nparameters = \"" << s.mode_name() << "\"\n";
  if (!s.include.empty()) o << "include = " << list(s.include) << "\n";
  if (!s.exclude.empty()) o << "exclude = " << list(s.exclude) << "\n";
  if (!s.posterior.empty()) o << "posterior = " << config::quoted(s.posterior) << "\n";
  return o.str();
}

}  // namespace buurtsim::uncertainty
