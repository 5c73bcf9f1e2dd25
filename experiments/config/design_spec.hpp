#pragma once
// What a designed experiment varies and how (the [sweep] table, read by
// experiments/config/sweep_section.hpp when the configuration is loaded), and the design
// itself as a matrix of points x parameters; experiments/analysis/design.hpp makes the points.
#include <cstdint>
#include <string>
#include <vector>

namespace buurtsim::sweep {

enum class DesignKind { Factorial, LatinHypercube, Saltelli, Morris };

struct ParameterRange {
  std::string name;  // dotted parameter name
  double lo = 0, hi = 1;
};

struct DesignOptions {
  DesignKind kind = DesignKind::LatinHypercube;
  int levels = 3;        // factorial: values per parameter (lo .. hi evenly); Morris: grid levels
  int samples = 16;      // Latin hypercube: points; Saltelli: base samples N
  int trajectories = 4;  // Morris: r
  std::uint64_t seed = 1;
};

// The [sweep] table as read.
struct SweepSpec {
  DesignOptions design;
  std::vector<ParameterRange> parameters;  // ranges default to the registry's
  int final_weeks = 13;                    // /final: the mean over the last weeks of each run
  bool weekly = false;                     // also keep /weekly
};

struct Design {
  std::vector<ParameterRange> parameters;
  std::size_t points = 0;
  std::vector<double> values;  // [point][parameter], in the parameters' units
  double value(std::size_t point, std::size_t parameter) const { return values[point * parameters.size() + parameter]; }
};

}  // namespace buurtsim::sweep
