#pragma once
// What an Epstein (2002) run gives per replicate (its series, and whether it finished) and the
// per-replicate statistics of the printed summary and of /summary.
#include <cstdint>
#include <limits>

#include "model/epstein/epstein.hpp"

namespace buurtsim::run {

// One replicate's series; `complete` is false when the command was interrupted before its
// last step (its series are then left at zero and its outbursts empty).
struct EpsteinReplicate {
  EpsteinResult result;
  bool complete = false;
};

// Per-replicate statistics of the printed summary and of /summary.
struct EpsteinSummary {
  std::int32_t outbursts = 0;
  double mean_length = std::numeric_limits<double>::quiet_NaN();
  double mean_peak_share = std::numeric_limits<double>::quiet_NaN();
  double share_above = std::numeric_limits<double>::quiet_NaN();  // share of steps above the threshold
  double mean_active_share = std::numeric_limits<double>::quiet_NaN();
  double mean_jailed_share = std::numeric_limits<double>::quiet_NaN();
};

EpsteinSummary summarise(const EpsteinReplicate& rep, int steps);

}  // namespace buurtsim::run
