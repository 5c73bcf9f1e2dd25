#pragma once
// --set KEY=VALUE for the keys that are not parameters: the structural keys, the tables of the
// model's sections ([sweep], [calibration], [budget], [uncertainty], survey.weeks, ...) and the
// entries of [[neighbourhood]] (neighbourhood.NAME.KEY) and [[scenario]]
// (scenario.NAME.approaches). Such a value replaces the file's before the file is read, so it
// meets the same checks as the file's own value; its messages name the option. Parameters
// (group.name, scenario.NAME.group.name) are set after the file (config.cpp). Internal to
// experiments/config.
#include <toml++/toml.h>

#include <string>

#include "experiments/config/model_kind.hpp"

namespace buurtsim::config {

// Whether --set KEY=... with a dotted KEY sets a key of the document (rather than a parameter).
bool sets_document(const ModelKind& model, const std::string& key);

// The VALUE of `--set ITEM` as TOML, in a table under the key "v", its nodes located at
// "--set ITEM"; a bare word (and a date) is taken as a string.
toml::table parse_set_value(const std::string& value, const std::string& item);

// Replaces (or adds) the document's value of KEY with VALUE; throws ConfigError when the path
// names no table or entry of the document.
void set_in_document(toml::table& root, const std::string& key, const std::string& value, const std::string& item);

}  // namespace buurtsim::config
