#pragma once
// What the runner tests share: running an experiment with a given number of threads, and
// comparing results bit for bit.
#include <tbb/global_control.h>

#include <cstring>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/runner/runner.hpp"

namespace buurtsim::test_support {

// The experiment's runs in memory, on at most `threads` threads.
inline run::RunResults run_with_threads(const config::Experiment& e, std::size_t threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  run::RunResults out;
  run::run_experiment(e, out, {});
  return out;
}

// Bitwise equality (NaN equals NaN when its bits do).
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

}  // namespace buurtsim::test_support
