#pragma once
// `buurtsim run` for model = "epstein2002": Epstein's civil violence model I (docking
// validation, docs/validation.md). Replicates run in parallel (TBB), each a pure function of
// (parameters, seed, replicate), so the file is the same for any --threads. The results file
// (kind "epstein") holds quiet, active, jailed, cops and legitimacy as (replicate, step), the
// outbursts in /outbursts, per-replicate statistics in /summary and the completion record in
// /status; docs/validation.md ("Running it") describes it dataset by dataset.
#include <string>

#include "experiments/cli/commands/common.hpp"
#include "experiments/config/config.hpp"

namespace buurtsim::run {

// Validates e's epstein parameters (each problem on stderr as "buurtsim: <source>: <message>",
// exit 2, no output file), runs e.replicates replicates of e.settings.weeks steps, writes
// `output` (default results/<stem>.h5) through OUT.h5.partial, prints a per-replicate summary
// on stdout and returns the exit status (0, 1 failure, 2 bad input, 130 interrupted).
int run_epstein_command(const config::Experiment& e, std::string output, const cli::CommonOptions& common,
                        const std::string& command_line);

}  // namespace buurtsim::run
