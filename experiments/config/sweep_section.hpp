#pragma once
// The [sweep] table of a configuration (docs/sweeps.md; docs/usage.md): which registered
// parameters vary over which ranges, under which design, and what the sweep file keeps
// (SweepSpec, experiments/config/design_spec.hpp).
#include <string>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/config/design_spec.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::sweep {

// Reads and checks the [sweep] table `t` of e's file (closed schema; messages name the file,
// line and key; throws config::ConfigError). The loader calls it once the scenarios are
// resolved (the neighbourhood model's section "sweep", experiments/config/model_kind.hpp).
SweepSpec read_sweep(const config::Experiment& e, const toml::table& t);

// The [sweep] table read with the configuration; throws config::ConfigError when the file has
// none.
const SweepSpec& sweep_of(const config::Experiment& e);

// The design's name as stored and written in configs.
const char* design_name(DesignKind kind);

// The shape of a point's row.
struct PointShape {
  std::size_t scenarios = 0, replicates = 0, neighbourhoods = 0, weeks = 0;
  bool weekly = false, cba = false;  // cba: the experiment has a baseline to compare with

  std::size_t final_size() const { return outcome_count() * scenarios * replicates * neighbourhoods; }
  std::size_t weekly_size() const { return weekly ? final_size() * weeks : 0; }
  std::size_t cba_size() const { return cba ? kCbaValues * scenarios * replicates : 0; }
  std::size_t size() const { return final_size() + weekly_size() + cba_size(); }

  static constexpr std::size_t kCbaValues = 3;  // npv, cost, benefit (EUR)
};

PointShape point_shape(const config::Experiment& e, const SweepSpec& spec);

}  // namespace buurtsim::sweep
