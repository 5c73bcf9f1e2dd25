#pragma once
// Writes a run's results in the layout of CONTRACT.md ("Results file (HDF5)"); the layout is
// documented dataset by dataset in docs/results.md.
#include <string>

#include "experiments/hdf5/h5.hpp"
#include "experiments/run/results.hpp"

namespace buurtsim::run {

struct Provenance {
  std::string version, revision, created, command_line;
};

void write_run(h5::File& file, const config::Experiment& e, const RunResults& r, const Provenance& p, double level);

// The current time in UTC, ISO 8601 (the `created` attribute).
std::string utc_now();

// Root attributes shared by every kind of results file.
void write_provenance(h5::Group& root, const std::string& kind, const config::Experiment& e, const Provenance& p);

}  // namespace buurtsim::run
