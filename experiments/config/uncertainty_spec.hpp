#pragma once
// Parameter uncertainty in runs and sweeps (docs/usage.md, "[uncertainty]"): which parameters
// each replicate draws, from which distribution, and the draws themselves. The [uncertainty]
// table and the options --uncertainty and --posterior set the mode (read with the
// configuration); the draws are made once per experiment by uncertainty::draw
// (experiments/config/uncertainty.hpp), before any run, so that every scenario of replicate r
// runs with the same parameter values (common random numbers) on any number of threads or ranks.
#include <cstdint>
#include <string>
#include <vector>

#include "model/params.hpp"

namespace buurtsim::uncertainty {

// "declared": every parameter that is not `fixed` is drawn (model/params/uncertainty.def for
// the declared distributions); "none": none (only a posterior's parameters, when one is given).
enum class Mode { None, Declared };

// How a value is drawn: uniformly over [a, b]; the configured value times a uniform factor in
// [a, b]; or a posterior particle's value.
enum class Shape { Uniform, Relative, Posterior };

// One drawn quantity: a parameter in every neighbourhood (neighbourhood -1) or one neighbourhood.
struct Drawn {
  ParamId id = 0;
  int neighbourhood = -1;
  std::string label;  // dotted name, or name@neighbourhood
  Shape shape = Shape::Uniform;
  double a = 0, b = 0;  // Uniform/Relative: the bounds; Posterior: the column of the posterior's samples
  std::string why;      // where the distribution comes from (a declaration's reason, "registry range", ...)
};

// A calibration's last generation as read from its results file (/posterior).
struct Posterior {
  std::string path;
  std::string checksum;             // FNV-1a 64 of the file's bytes, hexadecimal
  std::vector<std::string> labels;  // "name" or "name@neighbourhood"
  std::vector<double> samples;      // [particle][label]
  std::vector<double> weights;      // [particle], summing to 1
  std::size_t particles() const { return weights.size(); }
};

struct Spec {
  Mode mode = Mode::None;
  std::vector<std::string> include, exclude;  // names or "group.*" (empty include: all)
  std::string posterior;                      // the calibration results file, or empty
  std::string where;                          // "source:line" of the table, for messages
  // Parameters the configuration sets per neighbourhood or per scenario: facts of a buurt or
  // the definition of a scenario, held unless named in `include`.
  std::vector<ParamId> configured;

  // Filled by uncertainty::draw.
  std::vector<Drawn> drawn;
  std::vector<double> draws;           // [replicate][drawn]
  std::vector<std::int32_t> attempt;   // per replicate: the keyed attempt whose values passed the rules
  std::vector<std::int32_t> particle;  // per replicate: the posterior particle drawn (-1: none)
  std::string posterior_checksum;
  std::vector<std::string> notes;  // what is held at its configured value, and why

  bool active() const { return !drawn.empty(); }
  bool requested() const { return mode != Mode::None || !posterior.empty(); }
  const char* mode_name() const { return mode == Mode::Declared ? "declared" : "none"; }
};

}  // namespace buurtsim::uncertainty
