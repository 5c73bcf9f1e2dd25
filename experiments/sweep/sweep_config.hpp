#pragma once
// The [sweep] table of a configuration (docs/sweeps.md; docs/usage.md): which registered
// parameters vary over which ranges, under which design, and what the sweep file keeps.
#include <string>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/sweep/design.hpp"

namespace buurtsim::sweep {

struct SweepSpec {
  DesignOptions design;
  std::vector<ParameterRange> parameters;  // ranges default to the registry's
  int final_weeks = 13;                    // /final: the mean over the last weeks of each run
  bool weekly = false;                     // also keep /weekly
};

// Reads and checks [sweep] (closed schema; messages name the file, line and key). Throws
// config::ConfigError when the table is missing or wrong.
SweepSpec read_sweep(const config::Experiment& e);

// The design's name as stored and written in configs.
const char* design_name(DesignKind kind);

// The design with integer parameters rounded to whole numbers (the values the runs use).
Design make_sweep_design(const SweepSpec& spec);

}  // namespace buurtsim::sweep
