#include "experiments/config/report_section.hpp"

#include <string>

namespace buurtsim::config {

void read_report_section(Draft& d, const toml::node* node) {
  if (!node) return;
  const Reader& rd = d.rd;
  for (const auto& [k, n] : *node->as_table()) {
    const std::string key = "report." + std::string(k.str());
    if (k.str() != "lang") rd.fail(&n, key, "unknown key in [report]; expected lang");
    const std::string lang = string_value(rd, n, key);
    if (lang != "en" && lang != "nl") rd.fail(&n, key, "expected \"en\" or \"nl\", got \"" + lang + "\"");
  }
}

}  // namespace buurtsim::config
