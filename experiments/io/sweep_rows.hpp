#pragma once
// A sweep journal's record checked before it counts as a finished point. Its checksum only says
// the bytes are as written; a record made by hand or by a faulty program can still hold numbers
// no simulation gives. Those points are run again rather than stored as complete.
#include <string>
#include <vector>

#include "experiments/config/sweep_section.hpp"

namespace buurtsim::sweep {

// Empty when `row` could be a finished point of this shape; otherwise why not: the wrong length,
// an infinite value anywhere, or NaN in an outcome that is a count (pooling sum: incidents,
// hours), which a simulation always gives. Shares and means may be NaN (no one to ask, no report
// to follow up), and so may an invalid replicate's cost-benefit values.
std::string row_damage(const PointShape& shape, const std::vector<double>& row);

}  // namespace buurtsim::sweep
