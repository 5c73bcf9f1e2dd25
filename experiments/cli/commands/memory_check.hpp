#pragma once
// The memory check before a run starts (experiments/runner/memory_estimate.hpp): `check` prints
// the estimate, `run` and `sweep` refuse a run that cannot fit (exit 2) before any work.
#include <string>

#include "experiments/cli/commands/common.hpp"
#include "experiments/config/config.hpp"
#include "experiments/runner/memory_estimate.hpp"

namespace buurtsim::cli {

// `check`'s line: "# memory: about ... (...); available ...\n".
std::string memory_line(const config::Experiment& e, const CommonOptions& common, run::Weekly weekly,
                        std::size_t points_at_once = 1);

// False (after saying why on stderr, on rank 0) when the estimate exceeds the available memory.
bool memory_fits(const config::Experiment& e, const CommonOptions& common, run::Weekly weekly,
                 std::size_t points_at_once = 1);

}  // namespace buurtsim::cli
