#pragma once
// Sensitivity analysis of a finished sweep (docs/sensitivity.md): the targets (each outcome per
// scenario, and each approach's effect against the baseline, pooled over neighbourhoods by the
// outcome's rule and averaged over replicates), the indices of the design's method (Sobol,
// Morris or standardised regression coefficients) and the rankings of the scenarios. Reading
// the sweep file and writing /sensitivity is experiments/io/sensitivity_file.hpp.
#include <array>
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
  // True for the cost-benefit values of /cba (cba/npv_eur, cba/cost_eur, cba/benefit_eur): already against
  // the baseline (NaN there), so they have no "- baseline" targets and are not ranked.
  bool versus_baseline = false;
};

struct SweepResults {
  std::string design_kind;
  sweep::Design design;
  std::vector<std::string> scenarios;
  std::size_t replicates = 0;
  std::vector<SweepOutcome> outcomes;
};

// The cost-benefit values of a sweep file (/cba, docs/results.md) that are targets, in EUR. Their
// targets are named by the dataset's path, "cba/npv_eur @ SCENARIO": the outcome cost_eur (the
// weekly cost) has a name of its own.
inline constexpr std::array<const char*, 3> kCbaTargets = {"npv_eur", "cost_eur", "benefit_eur"};

struct Target {
  std::string label, outcome, unit;
  std::vector<double> y;     // per point
  std::size_t scenario = 0;  // index into SweepResults::scenarios
  bool effect = false;       // scenario - baseline (the label's " - baseline"), else the level at the scenario
};

// One dataset (target, parameter) of a method.
struct Column {
  const char* name;
  const char* units;
  const char* long_name;
};

const std::vector<Column>& columns(Method m);
const char* method_name(Method m);

// Flags of an index (a bit field, stored as CF flag_masks / flag_meanings; docs/sensitivity.md,
// "Flags"): the estimate outside the index's possible range ([0, 1] for Sobol indices, [-1, 1]
// for standardised regression coefficients; Morris mu* has no upper bound), the interval
// including zero (the index is not told apart from 0 by this design), no interval to check.
enum IndexFlag : std::uint8_t { kOutsideRange = 1, kIntervalHasZero = 2, kNoInterval = 4 };
std::uint8_t index_flags(Method m, double estimate, double lo, double hi);

// An index that gets flags: its dataset of flags and the columns of its estimate and interval.
struct FlaggedIndex {
  const char* name;
  std::size_t estimate, lo, hi;
};
const std::vector<FlaggedIndex>& flagged_indices(Method m);

// Indices of one target: one vector per column, each over the parameters; the flags of each
// flagged index, each over the parameters; r2 for src.
struct IndexResult {
  std::vector<std::vector<double>> column;
  std::vector<std::vector<std::uint8_t>> flags;
  double r2 = std::nan("");
};

IndexResult compute(Method m, const Design& d, const std::vector<double>& y, const BootstrapOptions& b);

// The design's independent units, the ones the bootstrap resamples: Saltelli blocks N, Morris
// trajectories r, or the points of a regression design.
std::size_t design_units(Method m, const Design& d);

// Below this many units a design is small (docs/sensitivity.md, "Design size"): a bootstrap
// percentile interval at 90% then covers the truth in at most about 87% of designs even when the
// units' terms are normal (75% at 4, 83% at 8), and less for the skewed terms of a total index.
// The command refuses Sobol indices from fewer blocks (unless asked) and warns for the others.
inline constexpr std::size_t kMinDesignUnits = 16;

// Weights of the neighbourhoods by residents (equal when there are none), and values
// [i][neighbourhood] pooled over neighbourhoods: summed, or the weighted mean.
std::vector<double> resident_weights(const std::vector<std::int64_t>& residents);
std::vector<double> pool_neighbourhoods(const std::vector<double>& v, const std::vector<double>& weights,
                                        Pooling pooling);

// The method of the sweep's design; throws SensitivityInputError (naming `path`) when the design
// has not the structure the method needs.
Method method_for(const SweepResults& s, const std::string& path);

// A target left out, and why.
struct LeftOut {
  std::string label, outcome, reason;
};
inline constexpr const char* kLeftOutConstant = "constant across the points: nothing to explain";
inline constexpr const char* kLeftOutNotANumber = "not a number at some points";
inline constexpr const char* kLeftOutUndefined =
    "indices are not a number (constant over the A and B points, variance 0, while varying at the mixed points: the "
    "Sobol indices are undefined, not 0; a larger design may sample its variance)";

// Targets: each (outcome, scenario) and, for each scenario but the baseline, the effect
// (scenario - baseline, paired per point and replicate); each averaged over replicates. A
// cost-benefit value (versus_baseline) gives one target per scenario but the baseline.
// Targets constant across points (nothing to explain) or with NaN are left out and listed in
// `left_out` with the reason.
std::vector<Target> make_targets(const SweepResults& s, std::vector<LeftOut>& left_out);

// Leaves out the targets with an estimate that is NaN or infinite (results[t] belongs to
// targets[t]), listing them in `left_out`.
void drop_undefined(Method m, std::vector<Target>& targets, std::vector<IndexResult>& results,
                    std::vector<LeftOut>& left_out);

struct Rankings {
  std::vector<std::string> outcomes, orderings;
  std::vector<std::vector<sweep::RankingShare>> shares;  // per outcome
};

// Rankings of the scenarios for every outcome with at least one target.
Rankings make_rankings(const SweepResults& s, const std::vector<Target>& targets);

}  // namespace buurtsim::sweep
