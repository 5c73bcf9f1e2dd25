#include "model/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <deque>
#include <stdexcept>
#include <string>

#include "model/module_tables.hpp"

namespace buurtsim {

std::string_view to_string(ParamType type) {
  switch (type) {
    case ParamType::Real:
      return "real";
    case ParamType::Integer:
      return "integer";
    case ParamType::Boolean:
      return "boolean";
    case ParamType::Choice:
      return "choice";
  }
  return "?";
}

std::string_view to_string(CalibrationStatus status) {
  switch (status) {
    case CalibrationStatus::Fixed:
      return "fixed";
    case CalibrationStatus::SurveyLevel:
      return "survey-level";
    case CalibrationStatus::Micro:
      return "micro";
    case CalibrationStatus::OtherData:
      return "other-data";
    case CalibrationStatus::Unidentified:
      return "unidentified";
  }
  return "?";
}

namespace {

using enum ParamType;
using enum ParamScope;
constexpr CalibrationStatus fixed = CalibrationStatus::Fixed;
constexpr CalibrationStatus survey_level = CalibrationStatus::SurveyLevel;
constexpr CalibrationStatus micro = CalibrationStatus::Micro;
constexpr CalibrationStatus other_data = CalibrationStatus::OtherData;
constexpr CalibrationStatus unidentified = CalibrationStatus::Unidentified;

std::vector<ParamSpec> core_params() {
  return {
#define BUURTSIM_GROUP_BEGIN(group)
#define BUURTSIM_GROUP_END(group)
#define BUURTSIM_PARAM(group, name, type, unit, def, lo, hi, status, scope, meaning, source) \
  ParamSpec{#group "." #name,                                                                \
            type,                                                                            \
            unit,                                                                            \
            def,                                                                             \
            lo,                                                                              \
            hi,                                                                              \
            status,                                                                          \
            scope,                                                                           \
            meaning,                                                                         \
            source,                                                                          \
            "",                                                                              \
            [](Params& p) -> double& { return p.group.name; },                               \
            0},
#define BUURTSIM_CHOICE(group, name, choices, def, status, scope, meaning, source) \
  ParamSpec{#group "." #name,                                                      \
            Choice,                                                                \
            "",                                                                    \
            def,                                                                   \
            0,                                                                     \
            0,                                                                     \
            status,                                                                \
            scope,                                                                 \
            meaning,                                                               \
            source,                                                                \
            choices,                                                               \
            [](Params& p) -> double& { return p.group.name; },                     \
            0},
#include "model/params/all.def"
#undef BUURTSIM_GROUP_BEGIN
#undef BUURTSIM_PARAM
#undef BUURTSIM_CHOICE
#undef BUURTSIM_GROUP_END
  };
}

// Core and module parameters in listing order, and the modules' defaults by slot. Filled
// without the built-in modules; registry() adds them first.
struct Table {
  std::vector<ParamSpec> specs = core_params();
  std::vector<double> defaults;
  std::deque<std::string> choice_lists;  // every list set_outcome_choices made (specs point into them)
};

Table& table() {
  static Table t;
  return t;
}

const std::vector<ParamSpec>& registry() {
  detail::ensure_builtin_approaches();
  return table().specs;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

namespace detail {

void check_module_params(std::span<const ParamSpec> specs) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    for (const ParamSpec& known : table().specs)
      if (known.name == specs[i].name) throw std::logic_error("parameter declared twice: " + std::string(known.name));
    for (std::size_t j = 0; j < i; ++j)
      if (specs[j].name == specs[i].name)
        throw std::logic_error("parameter declared twice: " + std::string(specs[i].name));
  }
}

void add_module_params(std::span<const ParamSpec> specs) {
  check_module_params(specs);
  Table& t = table();
  auto at = std::find_if(t.specs.begin(), t.specs.end(),
                         [](const ParamSpec& s) { return s.name.substr(0, s.name.find('.')) == kAfterApproaches; });
  for (ParamSpec s : specs) {
    s.ref = nullptr;
    s.slot = static_cast<std::uint32_t>(t.defaults.size());
    t.defaults.push_back(s.default_value);
    at = t.specs.insert(at, s) + 1;
  }
}

void set_outcome_choices(std::span<const std::string_view> names, std::span<const OutcomeInfo> outcomes) {
  Table& t = table();
  std::string list = "none";
  for (const OutcomeInfo& o : outcomes) list += "|" + std::string(o.name);
  const std::string_view stored = t.choice_lists.emplace_back(std::move(list));
  for (ParamSpec& s : t.specs)
    if (std::find(names.begin(), names.end(), s.name) != names.end()) s.choices = stored;
}

}  // namespace detail

std::vector<double> module_param_defaults() {
  detail::ensure_builtin_approaches();
  return table().defaults;
}

void ParamSpec::set(Params& p, double v) const {
  if (ref) {
    ref(p) = v;
    return;
  }
  if (slot >= p.modules.size()) {  // p was made before this module registered
    const auto& d = table().defaults;
    p.modules.insert(p.modules.end(), d.begin() + static_cast<std::ptrdiff_t>(p.modules.size()), d.end());
  }
  p.modules[slot] = v;
}

double param_value(const Params& p, std::string_view dotted_name) {
  const auto id = find_param(dotted_name);
  if (!id) throw std::invalid_argument("unknown parameter " + std::string(dotted_name));
  return param(*id).get(p);
}

void set_param(Params& p, std::string_view dotted_name, double value) {
  const auto id = find_param(dotted_name);
  if (!id) throw std::invalid_argument("unknown parameter " + std::string(dotted_name));
  param(*id).set(p, value);
}

std::span<const ParamSpec> all_params() { return registry(); }

std::optional<ParamId> find_param(std::string_view dotted_name) {
  const auto& specs = registry();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == dotted_name) return static_cast<ParamId>(i);
  }
  return std::nullopt;
}

const ParamSpec& param(ParamId id) { return registry().at(id); }

std::vector<std::string_view> similar_param_names(std::string_view unknown, std::size_t max) {
  std::vector<std::pair<std::size_t, std::string_view>> scored;
  for (const ParamSpec& s : registry()) {
    const std::string_view tail = s.name.substr(s.name.find('.') + 1);
    const std::size_t d =
        std::min(edit_distance(unknown, s.name), edit_distance(unknown.substr(unknown.find('.') + 1), tail));
    if (d <= std::max<std::size_t>(3, unknown.size() / 3)) scored.emplace_back(d, s.name);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < scored.size() && i < max; ++i) out.push_back(scored[i].second);
  return out;
}

std::vector<std::string_view> ParamSpec::choice_list() const {
  std::vector<std::string_view> out;
  std::string_view rest = choices;
  while (!rest.empty()) {
    const auto bar = rest.find('|');
    out.push_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return out;
}

std::string ParamSpec::format(double value) const {
  switch (type) {
    case Boolean:
      return value != 0.0 ? "true" : "false";
    case Integer:
      // As written, not cut to 32 bits: an out-of-range 10^12 is shown as 1000000000000.
      if (std::abs(value) < 9e18) return std::to_string(static_cast<long long>(value));
      break;
    case Choice: {
      const auto list = choice_list();
      const int i = as_int(value);
      return i >= 0 && static_cast<std::size_t>(i) < list.size() ? std::string(list[static_cast<std::size_t>(i)]) : "?";
    }
    case Real:
      break;
  }
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);  // shortest round-trip form
  return std::string(buf, res.ptr);
}

std::string check_param_value(const ParamSpec& spec, double value) {
  if (!std::isfinite(value)) return "a finite number";
  switch (spec.type) {
    case Boolean:
      return value == 0.0 || value == 1.0 ? "" : "true or false";
    case Choice: {
      const auto list = spec.choice_list();
      if (value >= 0 && value < static_cast<double>(list.size()) && value == std::floor(value)) return "";
      std::string allowed = "one of";
      for (auto c : list) allowed += " \"" + std::string(c) + "\"";
      return allowed;
    }
    case Integer:
      if (value != std::floor(value))
        return "a whole number from " + spec.format(spec.min) + " to " + spec.format(spec.max);
      [[fallthrough]];
    case Real:
      if (value < spec.min || value > spec.max)
        return (spec.type == Integer ? "a whole number from " : "a number from ") + spec.format(spec.min) + " to " +
               spec.format(spec.max) + (spec.unit.empty() ? "" : " (" + std::string(spec.unit) + ")");
      return "";
  }
  return "";
}

}  // namespace buurtsim
