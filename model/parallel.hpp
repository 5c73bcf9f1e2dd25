#pragma once
// The two ways the model runs work in parallel (TBB). Fixed ranges and a simple partitioner:
// which thread runs a range never changes a result, because every range writes only its own
// slots and draws from streams keyed by what it works on (docs/architecture.md).
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include "model/world.hpp"

namespace buurtsim {

// Runs f(chunk, chunk_index) for every resident chunk, in parallel. Each call must write
// only the slots of its own residents (or its own chunk-indexed partial).
template <class F>
void for_each_chunk(const World& w, F&& f) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, w.chunks.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) f(w.chunks[i], i);
      },
      tbb::simple_partitioner());
}

// Runs f(begin, end) over [0, n) in fixed ranges of `grain`, in parallel.
template <class F>
void for_each_range(std::size_t n, std::size_t grain, F&& f) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, grain),
      [&](const tbb::blocked_range<std::size_t>& r) { f(r.begin(), r.end()); }, tbb::simple_partitioner());
}

}  // namespace buurtsim
