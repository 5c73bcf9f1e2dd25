#pragma once
// Writes an Epstein (2002) results file (kind "epstein"): quiet, active, jailed, cops and
// legitimacy as (replicate, step), the outbursts in /outbursts, per-replicate statistics in
// /summary and the completion record in /status; docs/validation.md ("Running it") describes it
// dataset by dataset.
#include <vector>

#include "experiments/analysis/epstein_summary.hpp"
#include "experiments/config/config.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/write_run.hpp"

namespace buurtsim::run {

void write_epstein(h5::File& file, const config::Experiment& e, const EpsteinConfig& config,
                   const std::vector<EpsteinReplicate>& reps, const Provenance& prov);

}  // namespace buurtsim::run
