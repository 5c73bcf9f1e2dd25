#pragma once
// The parts of the commented default comparison (configs/compare.toml, compiled into the program)
// that `buurtsim init` reuses, so that the meaning and source of every approach setting is written
// in one place: that file.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace buurtsim::config {

struct ConfigTemplate {
  std::string uncertainty;  // the [uncertainty] table with the comment above it
  // Each approach's block: its "# --- Name (sources) ---" heading, comments and table, by table name.
  std::map<std::string, std::string> approaches;
  std::vector<std::string> approach_order;  // table names in the template's order
  // The settings of the template's neighbourhood other than its name and residents (the
  // aandachtswijk preset), one "key = value  # comment" line each.
  std::vector<std::string> aandachtswijk_settings;
};

// Splits the template. Throws std::logic_error when the text lacks a part (a test keeps
// configs/compare.toml in the expected shape).
ConfigTemplate split_template(std::string_view text);

}  // namespace buurtsim::config
