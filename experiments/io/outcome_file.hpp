#pragma once
// The weekly outcomes of a run file (docs/results.md): the root's dimensions scenario,
// replicate, neighbourhood and week (with date), and one dataset per outcome over them, NaN until
// written. A `run` writes them block by block as its runs go (RunResults::stream), so that no
// process holds them all.
#include <mutex>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::run {

class OutcomeFile final : public OutcomeStream {
 public:
  // Writes the dimensions and reserves the datasets in `root` (which must outlive this), for
  // `runs_at_once` runs writing at the same time (the threads).
  OutcomeFile(h5::Group& root, const config::Experiment& e, std::size_t replicates, std::size_t runs_at_once);

  void store(std::size_t s, std::size_t r, std::size_t nb_first, std::size_t nbs, std::size_t first, std::size_t count,
             std::span<const double> values) override;
  [[nodiscard]] std::vector<double> load(std::size_t o, std::size_t s, std::size_t r, std::size_t first) const override;

 private:
  mutable std::mutex mutex_;           // HDF5 is not thread-safe here: one call at a time
  std::vector<h5::Dataset> datasets_;  // per outcome: [scenario][replicate][neighbourhood][week]
  std::size_t neighbourhoods_, weeks_;
};

// At most the bytes of HDF5's chunk cache that one outcome's dataset in an OutcomeFile uses.
double outcome_cache_bytes(std::size_t replicates, std::size_t neighbourhoods, std::size_t weeks,
                           std::size_t runs_at_once, std::size_t worlds);

// The weekly outcomes of `r`, held in memory, written as OutcomeFile would have written them.
void write_outcomes(h5::Group& root, const config::Experiment& e, const RunResults& r);

}  // namespace buurtsim::run
