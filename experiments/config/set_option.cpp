#include "experiments/config/set_option.hpp"

#include <algorithm>
#include <vector>

namespace buurtsim::config {
namespace {

std::vector<std::string> split(const std::string& dotted) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (std::size_t dot; (dot = dotted.find('.', from)) != std::string::npos; from = dot + 1)
    parts.push_back(dotted.substr(from, dot - from));
  parts.push_back(dotted.substr(from));
  return parts;
}

[[noreturn]] void fail(const std::string& item, const std::string& what) {
  throw ConfigError("--set " + item + ": " + what);
}

// The [[ARRAY]] entry named `name`.
toml::table& entry_named(toml::table& root, const std::string& array, const std::string& name,
                         const std::string& item) {
  toml::array* entries = root.get(array) ? root.get(array)->as_array() : nullptr;
  std::string names;
  if (entries)
    for (toml::node& e : *entries) {
      const toml::node* n = e.is_table() ? e.as_table()->get("name") : nullptr;
      const std::string entry_name = n ? n->value<std::string>().value_or("") : "";
      if (entry_name == name) return *e.as_table();
      names += (names.empty() ? "\"" : ", \"") + entry_name + "\"";
    }
  fail(item, "no [[" + array + "]] entry is named \"" + name + "\"" +
                 (names.empty() ? "" : "; the file's entries are " + names));
}

}  // namespace

bool sets_document(const ModelKind& model, const std::string& key) {
  const std::vector<std::string> parts = split(key);
  if (parts.size() == 1) return false;  // a structural key, or a parameter without its table
  const std::string& head = parts[0];
  if (head == "neighbourhood") return true;
  if (head == "scenario") return parts.size() == 3 && parts[2] == "approaches";
  if (const Section* s = model.section(head)) {
    if (s->form != SectionForm::InParameterTable) return true;
    return std::find(s->keys.begin(), s->keys.end(), parts[1]) != s->keys.end();
  }
  // A section of another model: read as the file's would be, and refused as such.
  return std::any_of(model_kinds().begin(), model_kinds().end(), [&](const ModelKind* m) {
    const Section* s = m->section(head);
    return s && s->form != SectionForm::InParameterTable;
  });
}

toml::table parse_set_value(const std::string& value, const std::string& item) {
  const std::string where = "--set " + item;
  try {
    toml::table t = toml::parse("v = " + value, std::string(where));
    const toml::node* v = t.get("v");
    if (!(v->is_date() || v->is_time() || v->is_date_time())) return t;
  } catch (const toml::parse_error&) {
  }
  return toml::parse("v = " + quoted(value), std::string(where));
}

void set_in_document(toml::table& root, const std::string& key, const std::string& value, const std::string& item) {
  std::vector<std::string> parts = split(key);
  toml::table* table = &root;
  std::string path;
  if (parts[0] == "neighbourhood" || parts[0] == "scenario") {
    if (parts.size() < 3) fail(item, "expected " + parts[0] + ".NAME.KEY=VALUE");
    table = &entry_named(root, parts[0], parts[1], item);
    path = parts[0] + "." + parts[1];
    parts.erase(parts.begin(), parts.begin() + 2);
  }
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    path += (path.empty() ? "" : ".") + parts[i];
    toml::node* next = table->get(parts[i]);
    if (!next) next = table->insert(parts[i], toml::table{}).first->second.as_table();
    if (!next->is_table()) fail(item, "'" + path + "' is not a table in the configuration");
    table = next->as_table();
  }
  toml::table parsed = parse_set_value(value, item);
  table->insert_or_assign(parts.back(), std::move(*parsed.get("v")));
}

}  // namespace buurtsim::config
