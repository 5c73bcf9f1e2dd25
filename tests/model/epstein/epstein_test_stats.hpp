#pragma once
// Summary statistics of Epstein runs for the slow docking tests (slowtest_epstein_*.cpp).
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "model/epstein/epstein.hpp"
#include "tests/stat_checks.hpp"
#include "tests/test_seeds.hpp"

namespace buurtsim::epstein_test {

using testing::Estimate;

// The base seed (the paper's year); replicates 0, 1, ... of it are the runs. The seed set
// (tests/test_seeds.hpp) moves it: set 1 runs seed 1,002,002.
constexpr std::uint64_t kBaseSeed = 2002;
inline std::uint64_t seed() { return testing::seed(kBaseSeed); }
constexpr int kBurnIn = 50;  // every run starts with all citizens quiet and free: skip the first surge

struct Stats {
  int outbursts = 0;           // starting after the burn-in
  double quiet_time = 0;       // share of steps after the burn-in at or below the threshold
  double mean_active = 0;      // active share, mean over steps after the burn-in
  double mean_jailed = 0;      // jailed share
  double mean_peak = 0;        // mean outburst peak share
  double mean_length = 0;      // mean outburst length, steps
  double mean_activation = 0;  // mean sum of actives over an outburst's steps
  int longest_quiet = 0;       // longest run of steps at or below the threshold
  double max_share = 0;        // largest active share after the burn-in
};

inline double share(const EpsteinResult& r, std::size_t i) {
  return static_cast<double>(r.active[i]) / static_cast<double>(r.citizens);
}

inline double max_share(const EpsteinResult& r, int first_step, int last_step) {
  double m = 0;
  for (int t = first_step; t <= last_step; ++t) m = std::max(m, share(r, static_cast<std::size_t>(t - 1)));
  return m;
}

inline Stats stats(const EpsteinResult& r, double threshold) {
  Stats s;
  const std::size_t n = r.active.size();
  int run = 0, quiet = 0;
  for (std::size_t i = kBurnIn; i < n; ++i) {
    const double a = share(r, i);
    s.mean_active += a;
    s.mean_jailed += static_cast<double>(r.jailed[i]) / static_cast<double>(r.citizens);
    s.max_share = std::max(s.max_share, a);
    if (a <= threshold) {
      ++quiet;
      s.longest_quiet = std::max(s.longest_quiet, ++run);
    } else {
      run = 0;
    }
  }
  const auto steps = static_cast<double>(n - kBurnIn);
  s.mean_active /= steps;
  s.mean_jailed /= steps;
  s.quiet_time = quiet / steps;
  for (const Outburst& o : r.outbursts) {
    if (o.start <= kBurnIn) continue;
    ++s.outbursts;
    s.mean_peak += o.peak_share;
    s.mean_length += o.length;
    for (int t = o.start; t < o.start + o.length; ++t) s.mean_activation += r.active[static_cast<std::size_t>(t - 1)];
  }
  if (s.outbursts > 0) {
    s.mean_peak /= s.outbursts;
    s.mean_length /= s.outbursts;
    s.mean_activation /= s.outbursts;
  }
  return s;
}

inline void print(const std::string& label, const Stats& s) {
  std::printf(
      "  %-34s outbursts %3d  quiet time %.3f  longest quiet %4d  mean active %.4f  jailed %.3f  "
      "peak %.3f  length %.1f  activation %.0f  max %.3f\n",
      label.c_str(), s.outbursts, s.quiet_time, s.longest_quiet, s.mean_active, s.mean_jailed, s.mean_peak,
      s.mean_length, s.mean_activation, s.max_share);
}

// Runs replicates 0..replicates-1 of a configuration (in parallel; each is a pure function of
// configuration, seed and replicate) and returns their stats, printed in order.
inline std::vector<Stats> runs(const std::string& label, const EpsteinConfig& c, int replicates, int steps) {
  std::vector<Stats> out(static_cast<std::size_t>(replicates));
  tbb::parallel_for(0, replicates, [&](int rep) {
    out[static_cast<std::size_t>(rep)] =
        stats(run_epstein(c, seed(), static_cast<std::uint32_t>(rep), steps), c.outburst_threshold);
  });
  for (std::size_t rep = 0; rep < out.size(); ++rep) print(label + " rep " + std::to_string(rep), out[rep]);
  return out;
}

// The defaults' replicates, run once per process (several variant tests compare with them).
inline const std::vector<Stats>& default_runs(int replicates, int steps) {
  static std::map<std::pair<int, int>, std::vector<Stats>> cache;
  auto it = cache.find({replicates, steps});
  if (it == cache.end())
    it = cache.emplace(std::pair{replicates, steps}, runs("defaults", {}, replicates, steps)).first;
  return it->second;
}

// f over the replicates: the mean and its standard error.
template <class F>
Estimate mean_of(const std::vector<Stats>& v, F f) {
  std::vector<double> x;
  for (const Stats& s : v) x.push_back(static_cast<double>(f(s)));
  return testing::mean_se(x);
}

// f(a) - f(b) by replicate (paired: the same seed and replicate give the same citizens, traits
// and placement): the mean difference and its standard error.
template <class F>
Estimate paired(const std::vector<Stats>& a, const std::vector<Stats>& b, F f) {
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) d.push_back(static_cast<double>(f(a[i])) - static_cast<double>(f(b[i])));
  return testing::mean_se(d);
}

}  // namespace buurtsim::epstein_test
