#include "experiments/config/config_template.hpp"

#include <sstream>
#include <stdexcept>

namespace buurtsim::config {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "[name]" -> "name"; anything else -> "".
std::string table_name(std::string_view line) {
  if (line.size() < 3 || line.front() != '[' || line.back() != ']' || line[1] == '[') return {};
  return std::string(line.substr(1, line.size() - 2));
}

// Blocks separated by blank lines, each a list of lines.
std::vector<std::vector<std::string>> paragraphs(std::string_view text) {
  std::vector<std::vector<std::string>> out(1);
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      if (!out.back().empty()) out.emplace_back();
    } else {
      out.back().push_back(line);
    }
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

}  // namespace

ConfigTemplate split_template(std::string_view text) {
  ConfigTemplate t;
  std::string current_approach;  // inside a "# --- " approach section
  for (const auto& para : paragraphs(text)) {
    const std::string& first = para.front();
    bool has_uncertainty = false, has_neighbourhood = false;
    std::string table;
    for (const auto& line : para) {
      if (line == "[uncertainty]") has_uncertainty = true;
      if (line == "[[neighbourhood]]") has_neighbourhood = true;
      if (table.empty()) table = table_name(line);
    }
    if (starts_with(first, "# --- ")) current_approach.clear();
    if (has_uncertainty) {
      t.uncertainty = join(para);
    } else if (has_neighbourhood) {
      bool in_table = false;
      for (const auto& line : para) {
        if (line == "[[neighbourhood]]") {
          in_table = true;
        } else if (in_table && !starts_with(line, "name ") && !starts_with(line, "residents ") && line[0] != '#') {
          t.aandachtswijk_settings.push_back(line);
        }
      }
    } else if (starts_with(first, "# --- ") && !table.empty() && table != "survey" && table != "budget") {
      t.approaches[table] = join(para);
      t.approach_order.push_back(table);
      current_approach = table;
    } else if (!current_approach.empty() && first[0] == '#' && table.empty()) {
      // A comment paragraph inside an approach section belongs to it.
      t.approaches[current_approach] += "\n" + join(para);
    }
  }
  if (t.uncertainty.empty() || t.approaches.empty() || t.aandachtswijk_settings.empty())
    throw std::logic_error("configs/compare.toml is not in the shape `buurtsim init` expects");
  return t;
}

}  // namespace buurtsim::config
