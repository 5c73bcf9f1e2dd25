#pragma once
// `buurtsim init`: a commented configuration for one's own buurt(en), built from options
// (docs/usage.md, "Starting a configuration for your own buurt").
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "experiments/config/config_template.hpp"

namespace buurtsim::config {

struct InitNeighbourhood {
  std::string name;
  long residents = 0;
};

struct InitOptions {
  std::vector<InitNeighbourhood> neighbourhoods;  // --neighbourhood NAME=RESIDENTS
  std::string neighbourhoods_file;                // --neighbourhoods FILE.toml ([[neighbourhood]] entries)
  std::string neighbourhoods_text;                // that file's text (read by the caller)
  std::string preset = "average";                 // composition of --neighbourhood entries: average|aandachtswijk
  std::vector<std::string> approaches;            // table names; empty: every approach of the template
  bool no_approaches = false;                     // --approaches none: the baseline only
  bool combined = false;                          // also one scenario with all chosen approaches
  std::string funding_all;                        // --funding MODE: every chosen approach
  std::map<std::string, std::string> funding;     // --funding APPROACH=MODE
  std::optional<double> cost_per_year, hours_per_year;
  int years = 3;
  std::string start_date = "2024-01-01";
  std::optional<int> waves;  // yearly survey waves (default: one in each year of the horizon)
  int responses = 400;
  int replicates = 64;
  unsigned long long seed = 20261125;
  std::string lang = "nl";   // the report's language
  std::string command_line;  // written into the header
};

// The configuration's text. Throws ConfigError naming the option and what was expected.
std::string make_init_config(const InitOptions& o, const ConfigTemplate& t);

// Survey dates: the second Monday of October of each year from the start date's year on, inside
// the horizon [start, start + weeks), at most `waves` of them.
std::vector<std::string> yearly_survey_dates(const std::string& start_date, int weeks, std::optional<int> waves);

}  // namespace buurtsim::config
