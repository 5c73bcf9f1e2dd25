#pragma once
// Sensitivity analysis of a finished sweep (docs/sensitivity.md): the targets (each outcome per
// scenario, and each approach's effect against the baseline, pooled over neighbourhoods by the
// outcome's rule and averaged over replicates), the indices of the design's method (Sobol,
// Morris or standardised regression coefficients) and the rankings of the scenarios. Reading
// the sweep file and writing /sensitivity is experiments/io/sensitivity_file.hpp.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/analysis/design.hpp"
#include "experiments/analysis/sensitivity_indices.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::sweep {

// Bad input: the command exits 2 with this message.
class SensitivityInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Method { Sobol, Morris, Src };

struct SweepOutcome {
  std::string name, unit;
  std::vector<double> mean;  // [point][scenario][replicate]: pooled over neighbourhoods by the outcome's rule
};

struct SweepResults {
  std::string design_kind;
  sweep::Design design;
  std::vector<std::string> scenarios;
  std::size_t replicates = 0;
  std::vector<SweepOutcome> outcomes;
};

struct Target {
  std::string label, outcome, unit;
  std::vector<double> y;  // per point
};

// One dataset (target, parameter) of a method.
struct Column {
  const char* name;
  const char* units;
  const char* long_name;
};

const std::vector<Column>& columns(Method m);
const char* method_name(Method m);

// Indices of one target: one vector per column, each over the parameters; r2 for src.
struct IndexResult {
  std::vector<std::vector<double>> column;
  double r2 = std::nan("");
};

IndexResult compute(Method m, const Design& d, const std::vector<double>& y, const BootstrapOptions& b);

// Weights of the neighbourhoods by residents (equal when there are none), and values
// [i][neighbourhood] pooled over neighbourhoods: summed, or the weighted mean.
std::vector<double> resident_weights(const std::vector<std::int64_t>& residents);
std::vector<double> pool_neighbourhoods(const std::vector<double>& v, const std::vector<double>& weights,
                                        Pooling pooling);

// The method of the sweep's design; throws SensitivityInputError (naming `path`) when the design
// has not the structure the method needs.
Method method_for(const SweepResults& s, const std::string& path);

// Targets: each (outcome, scenario) and, for each scenario but the baseline, the effect
// (scenario - baseline, paired per point and replicate); each averaged over replicates.
// Targets constant across points (nothing to explain) or with NaN are left out; `skipped`
// gets the names of the outcomes that lost targets to NaN.
std::vector<Target> make_targets(const SweepResults& s, std::vector<std::string>& skipped);

struct Rankings {
  std::vector<std::string> outcomes, orderings;
  std::vector<std::vector<sweep::RankingShare>> shares;  // per outcome
};

// Rankings of the scenarios for every outcome with at least one target.
Rankings make_rankings(const SweepResults& s, const std::vector<Target>& targets);

}  // namespace buurtsim::sweep
