#pragma once
// [report] of model = "buurtsim": how the HTML report of the results is written.
//   lang = "en" (default) | "nl": the language of the report (analysis/report.py reads it from
//          the resolved configuration; its --lang option overrides it).
// The program itself does not use the table; it is checked here so that a typo fails early, and
// copied into the resolved configuration, where the report finds it.
#include "experiments/config/model_kind.hpp"

namespace buurtsim::config {

void read_report_section(Draft& d, const toml::node* node);

}  // namespace buurtsim::config
