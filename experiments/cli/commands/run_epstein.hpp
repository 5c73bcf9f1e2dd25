#pragma once
// `buurtsim run` for model = "epstein2002" (docs/validation.md, "Running it").
#include <string>

#include "experiments/cli/commands/common.hpp"
#include "experiments/config/config.hpp"

namespace buurtsim::cli {

// Validates e's epstein parameters (each problem on stderr as "buurtsim: <source>: <message>",
// exit 2, no output file), runs e.replicates replicates of e.settings.weeks steps, writes
// `output` (default results/<stem>.h5) through OUT.h5.partial, prints a per-replicate summary
// on stdout and returns the exit status (0, 1 failure, 2 bad input, 130 interrupted).
int run_epstein(const config::Experiment& e, std::string output, const CommonOptions& common,
                const std::string& command_line);

}  // namespace buurtsim::cli
