#include "experiments/io/outcome_file.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "experiments/io/write_run.hpp"

namespace buurtsim::run {
namespace {

// How an outcome's dataset is chunked and how many chunks HDF5 caches for it.
struct Chunking {
  std::vector<hsize_t> chunk;  // scenario, replicate, neighbourhood, week
  std::size_t cached;
};

// A run's series of an outcome (neighbourhoods x weeks) lies in one chunk while it is small:
// below kSmall values, with those of the next replicates (better compressed), up to kLarge on its
// own. Such a chunk stays in HDF5's cache while its runs write their blocks into it: one per run
// at work, and one more. Beyond kLarge a chunk is a part of one block of kBlockWeeks weeks, which
// the block's write fills whole: no chunk is compressed twice however long the run, and one chunk
// cached is enough. Chunks are at most 256 KiB. When the neighbourhoods fall into several worlds,
// each written by its own task, a long run's chunks hold kWorldChunk neighbourhoods, so that a
// chunk two worlds share (and the later one reads back and compresses again) is a small one.
constexpr std::size_t kSmall = 8192, kLarge = 32768, kWorldChunk = 16;

Chunking chunking(std::size_t replicates, std::size_t neighbourhoods, std::size_t weeks, std::size_t runs_at_once,
                  std::size_t worlds) {
  const std::size_t series = std::max<std::size_t>(1, neighbourhoods * weeks);
  if (series <= kLarge) {
    const std::size_t together = series <= kSmall ? std::clamp<std::size_t>(kSmall / series, 1, replicates) : 1;
    return {{1, together, neighbourhoods, weeks}, runs_at_once + 1};
  }
  const std::size_t block = std::min(weeks, kBlockWeeks);
  if (worlds > 1) return {{1, 1, std::min(kWorldChunk, neighbourhoods), block}, runs_at_once + 1};
  return {{1, 1, std::clamp<std::size_t>(kLarge / block, 1, neighbourhoods), block}, 1};
}

}  // namespace

double outcome_cache_bytes(std::size_t replicates, std::size_t neighbourhoods, std::size_t weeks,
                           std::size_t runs_at_once, std::size_t worlds) {
  const Chunking c = chunking(replicates, neighbourhoods, weeks, runs_at_once, worlds);
  double values = 1;
  for (const hsize_t n : c.chunk) values *= static_cast<double>(n);
  return 8.0 * values * static_cast<double>(c.cached);
}

OutcomeFile::OutcomeFile(h5::Group& root, const config::Experiment& e, std::size_t replicates, std::size_t runs_at_once)
    : neighbourhoods_(e.scenarios.front().neighbourhoods.size()), weeks_(static_cast<std::size_t>(e.settings.weeks)) {
  write_run_dims(root, e, replicates);
  write_week_dim(root, e, weeks_);
  const Chunking c = chunking(replicates, neighbourhoods_, weeks_, runs_at_once, e.worlds());
  for (const OutcomeInfo& info : all_outcomes()) {
    h5::Dataset d = root.reserve_blocks(std::string(info.name), std::numeric_limits<double>::quiet_NaN(),
                                        {"scenario", "replicate", "neighbourhood", "week"}, c.chunk, c.cached,
                                        std::string(info.unit), std::string(info.long_name));
    describe_outcome(d, info);
    d.set_attr("coordinates", kWeekCoordinates);
    datasets_.push_back(std::move(d));
  }
}

void OutcomeFile::store(std::size_t s, std::size_t r, std::size_t nb_first, std::size_t nbs, std::size_t first,
                        std::size_t count, std::span<const double> values) {
  const std::size_t per_outcome = nbs * count;
  const std::array<hsize_t, 4> start{s, r, nb_first, first}, box{1, 1, nbs, count};
  std::lock_guard lock(mutex_);
  for (std::size_t o = 0; o < datasets_.size(); ++o)
    datasets_[o].write_block(start, box, values.subspan(o * per_outcome, per_outcome));
}

std::vector<double> OutcomeFile::load(std::size_t o, std::size_t s, std::size_t r, std::size_t first) const {
  const std::array<hsize_t, 4> start{s, r, 0, first}, box{1, 1, neighbourhoods_, weeks_ - first};
  std::lock_guard lock(mutex_);
  return datasets_.at(o).read_block(start, box);
}

void write_outcomes(h5::Group& root, const config::Experiment& e, const RunResults& r) {
  OutcomeFile file(root, e, r.replicates, 1);
  std::vector<double> run;  // one run's outcomes, [outcome][neighbourhood][week]
  for (std::size_t s = 0; s < r.scenarios; ++s)
    for (std::size_t rep = 0; rep < r.replicates; ++rep) {
      run.clear();
      for (std::size_t o = 0; o < outcome_count(); ++o) {
        const std::vector<double> series = r.series(o, s, rep);
        run.insert(run.end(), series.begin(), series.end());
      }
      file.store(s, rep, 0, r.neighbourhoods, 0, r.weeks, run);
    }
}

}  // namespace buurtsim::run
