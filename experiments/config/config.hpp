#pragma once
// Loading a TOML configuration (docs/usage.md, "Configuration files") into a validated,
// immutable experiment: structural settings, neighbourhoods and scenarios with every parameter
// resolved. The schema is closed: unknown keys, wrong types and out-of-range values are errors
// naming the file, line and key and what is allowed.
#include <toml++/toml.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/spec.hpp"

namespace buurtsim::config {

// A bad configuration or option; what() is the complete message for the user.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Command-line settings applied after the file.
struct Overrides {
  std::optional<std::uint64_t> seed;
  std::optional<int> replicates;
  std::optional<int> weeks;
  std::vector<std::string> sets;  // KEY=VALUE, in order
};

struct Experiment {
  std::string model = "buurtsim";  // "buurtsim" or "epstein2002"
  std::string source;              // the file name as given, or "embedded compare.toml"
  std::string stem;                // the file's stem: default scenario and output name
  RunSettings settings;
  int replicates = 1;
  std::vector<ScenarioSpec> scenarios;
  std::vector<std::string> notes;  // things the user should know (clipped windows, ...)
  std::string resolved_toml;       // the full resolved configuration: reloading it gives the same experiment
  // The parsed file, for the tables of other commands ([sweep], [calibration]) that their own
  // modules read (with the file's lines in messages). Those tables are copied verbatim into
  // resolved_toml.
  std::shared_ptr<const toml::table> document;
  // The table `name` of the file, or nullptr.
  const toml::table* table(const std::string& name) const { return document ? (*document)[name].as_table() : nullptr; }

  std::size_t runs() const { return scenarios.size() * static_cast<std::size_t>(replicates); }
};

// Throws ConfigError "SOURCE:LINE: 'KEY': WHAT" (the line of `node` when known). For the
// modules that read their own tables of a configuration.
[[noreturn]] void fail_at(const std::string& source, const toml::node* node, const std::string& key,
                          const std::string& what);
// The registered parameter of a dotted name; an unknown name fails at `node` with suggestions.
ParamId param_named(const std::string& source, const toml::node* node, const std::string& dotted);

// Parses and validates. `source` names the text in messages; `stem` names the default scenario.
Experiment load(const std::string& text, const std::string& source, const std::string& stem,
                const Overrides& overrides);
// Reads the file (a missing or unreadable file is a ConfigError).
Experiment load_file(const std::string& path, const Overrides& overrides);

}  // namespace buurtsim::config
