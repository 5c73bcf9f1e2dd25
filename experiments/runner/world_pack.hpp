#pragma once
// One world's results of one run as a flat vector of doubles: how a world travels from the MPI
// rank that simulated it to rank 0, and how `run`'s journal keeps it (run_journal.hpp).
#include <cstddef>
#include <span>
#include <vector>

#include "experiments/analysis/run_results.hpp"

namespace buurtsim::run {

// Where one world's results go in RunResults: run (s, r), its neighbourhoods from nb_first on.
struct Slot {
  std::size_t s = 0, r = 0, nb_first = 0;
};

// Task t of an experiment is world t % worlds of run t / worlds (runs: scenario-major).
Slot task_slot(const config::Experiment& e, std::size_t task);

// Everything of a world but its weekly outcomes: the count of blocks, the survey arrays of its
// `nbs` neighbourhoods, the block states (replicate 0, when the experiment is one world) and the
// blocks' layout (the first run). `at` is where the world lies in `from` (Slot{} in a RunResults
// of this world alone); s and r are its run's.
std::vector<double> pack_world_rest(const RunResults& from, Slot at, std::size_t nbs, std::size_t s, std::size_t r);
// The inverse, into `slot` of `out`; returns how many values it read. `whole`: whether `v` is the
// rest alone (a journal record) or is followed by more (the outcomes of pack_world). Throws
// std::runtime_error, having written nothing, when `v` does not fit: its length, its count of
// blocks (another than the blocks already in `out`), a value its array cannot hold.
enum class Whole { exactly, prefix };
std::size_t unpack_world_rest(std::span<const double> v, RunResults& out, Slot slot, std::size_t nbs, Whole whole);

// A world simulated alone (`one`, allocated for one run of this world): the rest, then the weekly
// outcomes [outcome][neighbourhood][week].
std::vector<double> pack_world(const RunResults& one, std::size_t s, std::size_t r);
// The inverse, into `slot` of `out` (the outcomes through RunResults::store_weeks).
void unpack_world(std::span<const double> v, RunResults& out, Slot slot, std::size_t nbs);

}  // namespace buurtsim::run
