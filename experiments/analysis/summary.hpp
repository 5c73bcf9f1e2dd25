#pragma once
// The end-of-run summary (docs/odd.md section 13): key outcomes averaged over the last 52 recorded
// weeks (all weeks when fewer), over all neighbourhoods, per scenario, with an interval over
// replicates for the expected value (Student t at the --interval level).
#include <string>
#include <vector>

#include "experiments/analysis/run_results.hpp"

namespace buurtsim::run {

struct Interval {
  double mean = 0, lower = 0, upper = 0;
};

// Per-replicate value of an outcome for scenario s: the average over the window of weeks of
// the combination over neighbourhoods (the outcome's pooling rule, model/outcomes.def); NaN for a replicate that did
// not finish.
std::vector<double> replicate_values(const RunResults& r, Outcome o, std::size_t scenario);
Interval interval_over_replicates(const std::vector<double>& values, double level);

// Which interval a run reports (docs/uncertainty.md). Replicates that differ only in chance
// estimate one expected value: the interval is that of the mean (Student t), and it shrinks
// as replicates are added. Replicates that also draw the uncertain parameters each stand for a
// possible world: the interval is the central `level`% of the replicates' values (percentiles,
// Hyndman and Fan type 7), which more draws estimate better but do not shrink.
enum class IntervalKind { MeanOverReplicates, OverDraws };
IntervalKind interval_kind(const config::Experiment& e);  // OverDraws when parameters are drawn
std::string_view describe(IntervalKind kind);             // for files and text
Interval interval_of(const std::vector<double>& values, double level, IntervalKind kind);
std::size_t window_start(const RunResults& r);

}  // namespace buurtsim::run
