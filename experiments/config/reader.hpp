#pragma once
// The pieces the loader (config.cpp) and the models' section readers (model_kind.hpp) share:
// messages that name the source, line and key; values checked against the parameter registry;
// parameter assignments and where they were made. Internal to experiments/config.
#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/config/config.hpp"
#include "model/params.hpp"

namespace buurtsim::config {

class Reader {
 public:
  // `lines`: whether node lines refer to the source (not for the one-line TOML of a --set value).
  // `text`: the document, for quoting a value as written in messages (may be empty).
  explicit Reader(std::string source, bool lines = true, std::string text = {})
      : source_(std::move(source)), lines_(lines), text_(std::move(text)) {}

  // Throws ConfigError "SOURCE:LINE: 'KEY': WHAT".
  [[noreturn]] void fail(const toml::node* node, const std::string& key, const std::string& what) const;
  // Converts a TOML value to a parameter's stored double, or fails naming what is allowed.
  double param_value(const ParamSpec& spec, const toml::node& node, const std::string& key) const;
  // The registered parameter of a dotted name; an unknown name fails with suggestions.
  const ParamSpec& lookup(const toml::node* node, const std::string& dotted) const;

  const std::string& source() const { return source_; }
  // "source:line" of a node (or just the source when the line is unknown); a value given with
  // --set is located by its option, "--set KEY=VALUE".
  std::string where(const toml::node* node) const;
  // The hint for a number written with a decimal comma or a thousands separator (with a
  // leading "; "), or empty (number_habits.hpp).
  std::string number_hint(const toml::node& node, bool whole) const;

 private:
  std::string source_;
  bool lines_ = true;
  std::string text_;
};

// The hint of Reader::number_hint for a node read without its document's text.
std::string number_hint(const toml::node& node, bool whole, std::string_view text = {});

// A whole number from lo to hi, or a failure naming the range.
std::int64_t integer(const Reader& rd, const toml::node& node, const std::string& key, std::int64_t lo,
                     std::int64_t hi);
std::string string_value(const Reader& rd, const toml::node& node, const std::string& key);

struct Assignment {
  ParamId id;
  double value;
  std::string where;  // where it was set, for messages: "cfg.toml:7" or "--set KEY=VALUE"
};

// Adds an assignment; a later one of the same parameter replaces an earlier one.
void assign(std::vector<Assignment>& list, Assignment a);
void unassign(std::vector<Assignment>& list, ParamId id);
void apply_assignments(Params& p, const std::vector<Assignment>& list);
// Where the value of `id` in force was set: the last of the lists (in order of precedence,
// lowest first) that assigns it; empty when it keeps its default.
std::string where_set(ParamId id, std::initializer_list<const std::vector<Assignment>*> lists);

// Flattens a table of dotted parameter names ([group] tables, or the inline/nested keys of
// [scenario.set]) into assignments. Keys listed in `skip` (structural keys of the table) are
// left to the caller. The nodes are read in place: toml++ drops source lines from copies.
void collect_params(const Reader& rd, const toml::table& table, const std::string& prefix, std::vector<Assignment>& out,
                    bool neighbourhood_only, std::span<const std::string_view> skip = {});

// The group of a parameter: the part of its dotted name before the dot.
std::string_view group_of(const ParamSpec& spec);
// A value as TOML: a choice quoted, numbers and booleans as the user writes them.
std::string toml_value(const ParamSpec& spec, double v);
// A string as a TOML string literal.
std::string quoted(const std::string& s);

}  // namespace buurtsim::config
