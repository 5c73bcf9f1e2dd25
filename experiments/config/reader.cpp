#include "experiments/config/reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "experiments/config/number_habits.hpp"

namespace buurtsim::config {
namespace {

std::string describe(const ParamSpec& spec) {
  if (spec.type == ParamType::Choice) return check_param_value(spec, -1);
  if (spec.type == ParamType::Boolean) return "true or false";
  return (spec.type == ParamType::Integer ? "a whole number from " : "a number from ") + spec.format(spec.min) +
         " to " + spec.format(spec.max);
}

}  // namespace

void Reader::fail(const toml::node* node, const std::string& key, const std::string& what) const {
  std::ostringstream m;
  m << where(node) << ": " << (key.empty() ? "" : "'" + key + "': ") << what;
  throw ConfigError(m.str());
}

double Reader::param_value(const ParamSpec& spec, const toml::node& node, const std::string& key) const {
  double v = 0;
  const std::string allowed = describe(spec);
  switch (spec.type) {
    case ParamType::Boolean:
      if (!node.is_boolean()) fail(&node, key, "expected true or false");
      v = *node.value<bool>() ? 1.0 : 0.0;
      break;
    case ParamType::Choice: {
      if (!node.is_string()) fail(&node, key, "expected " + allowed + " (a quoted string)");
      const std::string s = *node.value<std::string>();
      const auto list = spec.choice_list();
      const auto it = std::find(list.begin(), list.end(), s);
      if (it == list.end()) fail(&node, key, "expected " + allowed + ", got \"" + s + "\"");
      v = static_cast<double>(it - list.begin());
      break;
    }
    case ParamType::Integer:
      if (!node.is_integer()) fail(&node, key, "expected " + allowed + number_hint(node, true));
      v = static_cast<double>(*node.value<std::int64_t>());
      break;
    case ParamType::Real:
      if (!node.is_number()) fail(&node, key, "expected " + allowed + number_hint(node, false));
      v = *node.value<double>();
      break;
  }
  const std::string problem = check_param_value(spec, v);
  if (!problem.empty()) fail(&node, key, "expected " + problem + ", got " + spec.format(v));
  return v;
}

const ParamSpec& Reader::lookup(const toml::node* node, const std::string& dotted) const {
  const auto id = find_param(dotted);
  if (id) return param(*id);
  std::string msg = "unknown parameter";
  const auto similar = similar_param_names(dotted);
  if (!similar.empty()) {
    msg += "; did you mean";
    for (std::size_t i = 0; i < similar.size(); ++i) msg += (i ? ", " : " ") + std::string(similar[i]);
    msg += "?";
  }
  msg += " (`buurtsim params` lists them all)";
  fail(node, dotted, msg);
}

namespace {

// The value as written: a string's text, the VALUE of a --set, or the document's text of the node.
std::string literal(const toml::node& node, std::string_view text) {
  if (node.is_string()) return *node.value<std::string>();
  const auto& src = node.source();
  if (src.path && src.path->rfind("--set ", 0) == 0) return src.path->substr(src.path->find('=') + 1);
  if (text.empty() || src.begin.line == 0 || src.begin.line != src.end.line) return "";
  std::size_t start = 0;
  for (toml::source_index line = 1; line < src.begin.line; ++line) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return "";
    ++start;
  }
  const std::size_t from = start + src.begin.column - 1;
  if (src.end.column <= src.begin.column || from >= text.size()) return "";
  return std::string(text.substr(from, src.end.column - src.begin.column));
}

}  // namespace

std::string number_hint(const toml::node& node, bool whole, std::string_view text) {
  const std::string written = literal(node, text);
  if (!written.empty()) return number_habit_hint(written, whole);
  // A whole number read as a decimal, without the text: perhaps a point between thousands.
  if (!whole || !node.is_floating_point()) return "";
  const double v = *node.value<double>();
  const double thousands = v * 1000;
  if (!(v > 0 && v < 1000) || std::abs(thousands - std::round(thousands)) > 1e-6) return "";
  return "; if the point separates thousands, write " + std::to_string(std::llround(thousands)) +
         " (numbers take no thousands separator)";
}

std::string Reader::number_hint(const toml::node& node, bool whole) const {
  return config::number_hint(node, whole, text_);
}

std::string Reader::where(const toml::node* node) const {
  if (node && node->source().path && node->source().path->rfind("--set ", 0) == 0) return *node->source().path;
  if (lines_ && node && node->source().begin.line > 0) return source_ + ":" + std::to_string(node->source().begin.line);
  return source_;
}

std::int64_t integer(const Reader& rd, const toml::node& node, const std::string& key, std::int64_t lo,
                     std::int64_t hi) {
  if (!node.is_integer())
    rd.fail(&node, key,
            "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                rd.number_hint(node, true));
  const std::int64_t v = *node.value<std::int64_t>();
  if (v < lo || v > hi)
    rd.fail(&node, key,
            "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                std::to_string(v));
  return v;
}

std::string string_value(const Reader& rd, const toml::node& node, const std::string& key) {
  if (!node.is_string()) rd.fail(&node, key, "expected a quoted string");
  return *node.value<std::string>();
}

void assign(std::vector<Assignment>& list, Assignment a) {
  std::erase_if(list, [&](const Assignment& x) { return x.id == a.id; });
  list.push_back(std::move(a));
}

void unassign(std::vector<Assignment>& list, ParamId id) {
  std::erase_if(list, [&](const Assignment& x) { return x.id == id; });
}

void apply_assignments(Params& p, const std::vector<Assignment>& list) {
  for (const auto& a : list) param(a.id).set(p, a.value);
}

std::string where_set(ParamId id, std::initializer_list<const std::vector<Assignment>*> lists) {
  std::string where;
  for (const auto* list : lists)
    for (const auto& a : *list)
      if (a.id == id) where = a.where;
  return where;
}

void collect_params(const Reader& rd, const toml::table& table, const std::string& prefix, std::vector<Assignment>& out,
                    bool neighbourhood_only, std::span<const std::string_view> skip) {
  for (const auto& [k, node] : table) {
    if (std::find(skip.begin(), skip.end(), k.str()) != skip.end()) continue;
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const toml::table* sub = node.as_table()) {
      collect_params(rd, *sub, key, out, neighbourhood_only);
      continue;
    }
    const ParamSpec& spec = rd.lookup(&node, key);
    if (neighbourhood_only && spec.scope != ParamScope::Neighbourhood)
      rd.fail(&node, key,
              "is the same for all neighbourhoods; set it at the top level in [" + std::string(group_of(spec)) +
                  "], not in a [[neighbourhood]] entry");
    assign(out, {*find_param(key), rd.param_value(spec, node, key), rd.where(&node)});
  }
}

std::string_view group_of(const ParamSpec& spec) { return spec.name.substr(0, spec.name.find('.')); }

std::string toml_value(const ParamSpec& spec, double v) {
  if (spec.type == ParamType::Choice) return "\"" + spec.format(v) + "\"";
  return spec.format(v);
}

std::string quoted(const std::string& s) {
  std::ostringstream o;
  o << toml::value<std::string>(s);
  return o.str();
}

}  // namespace buurtsim::config
