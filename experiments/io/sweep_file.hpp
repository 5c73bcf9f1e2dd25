#pragma once
// The sweep results file (docs/results.md, "Sweep files"): /design, /final,
// optionally /weekly, /cba, and the completion record /status. Laid out in full when the sweep
// starts (unfinished values NaN); each finished point is written as one row and flushed, so the
// file never needs more than one point in memory.
#include <memory>
#include <vector>

#include "experiments/config/sweep_section.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/write_run.hpp"

namespace buurtsim::sweep {

class SweepFile {
 public:
  SweepFile(h5::File& file, const config::Experiment& e, const SweepSpec& spec, const Design& d,
            const run::Provenance& p);
  SweepFile(const SweepFile&) = delete;
  SweepFile& operator=(const SweepFile&) = delete;
  ~SweepFile();

  // Writes a finished point's row (point_shape's layout) and marks it complete.
  void write_point(std::size_t point, const std::vector<double>& row);
  // Flushes what is written to disk (HDF5's own buffers).
  void flush();
  std::size_t done() const { return done_; }
  std::size_t points() const { return points_; }
  // After the last point: the summaries over all points (/cba/p_npv_positive) and the counts.
  void finish();
  // Closes the datasets, then the file. In that order: after a file failed to close (a full
  // disk) HDF5 1.10 must not meet its datasets again (closing them then crashes).
  void close();

 private:
  struct Open;
  h5::File& file_;
  PointShape shape_;
  std::size_t points_ = 0, done_ = 0;
  std::unique_ptr<Open> open_;  // the datasets rows go to, kept open (and their chunk caches warm)
};

}  // namespace buurtsim::sweep
