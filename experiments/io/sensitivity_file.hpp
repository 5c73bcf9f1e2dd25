#pragma once
// The sweep file as the sensitivity analysis reads it (a finished sweep's /design and /final,
// pooled over neighbourhoods) and /sensitivity as it is written back into that file, safely:
// SWEEP.h5 is copied to SWEEP.h5.tmp beside it, the copy gets the new /sensitivity, and only a
// complete copy is renamed over SWEEP.h5.
#include <functional>
#include <string>
#include <vector>

#include "experiments/analysis/sweep_sensitivity.hpp"
#include "experiments/io/hdf5/atomic_file.hpp"
#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::sweep {

// Throws SensitivityInputError when `path` is not a finished sweep file, or is damaged so that
// reading it crashes HDF5 (h5::probe_untrusted: it is read in a child process first).
SweepResults read_sweep_results(const std::string& path);

void write_sensitivity(h5::Group& root, const SweepResults& s, Method m, const std::vector<Target>& targets,
                       const std::vector<IndexResult>& results, const Rankings& rk, const BootstrapOptions& b,
                       const std::vector<LeftOut>& left_out);

// Copies `path` to `path.tmp` (created exclusively: a link or special file there is refused,
// files::Refused), writes /sensitivity into the copy and renames it over `path`. On failure the
// copy is removed and `path` is as it was. When `stop` says so at the point of no return
// (h5::replace_durably), the copy is removed, `path` untouched, and false is returned.
bool write_into(const std::string& path, const std::function<void(h5::Group&)>& write, const h5::StopCheck& stop = {});

}  // namespace buurtsim::sweep
