#include "experiments/runner/memory_estimate.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "experiments/analysis/run_results.hpp"
#include "experiments/io/outcome_file.hpp"
#include "experiments/runner/tasks.hpp"
#include "model/items.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::run {
namespace {

// One resident's share of a world (model/world.hpp): about 125 bytes of per-resident arrays
// (14 floats of dynamic state, 7 of fixed traits, flags, indices and last-event weeks), and its
// share of ties, households, blocks, offenders and the modules' scratch. Measured as the slope
// of peak RSS (/usr/bin/time -v, one run, one thread): 191 bytes per resident between 200,000
// and 2,000,000 residents (docs/reliability.md, "Memory"); rounded up.
constexpr double kBytesPerResident = 200;
// A world's fixed part (tables, module state, the scratch of one run).
constexpr double kBytesPerRun = 4e6;
// The program itself: code, libraries (HDF5, MPI, TBB), the configuration (a run of 20,000
// residents peaks at 35 MB).
constexpr double kProgramBytes = 28e6;
// Results are kept to the end and then written, one dataset at a time: the analysis tables
// and HDF5's buffers add a little to the values themselves.
constexpr double kResultCopies = 1.1;

}  // namespace

MemoryEstimate estimate_memory(const config::Experiment& e, std::size_t threads, Weekly weekly,
                               std::size_t points_at_once) {
  MemoryEstimate m;
  // The largest world (a run of one world: all neighbourhoods) and its neighbourhoods.
  double residents = 0, world_nbs = 0;
  for (std::size_t k = 0; k < e.worlds(); ++k) {
    double in_world = 0;
    for (std::size_t nb = e.world_first(k); nb < e.world_first(k) + e.world_size(k); ++nb)
      in_world += static_cast<double>(e.scenarios.front().neighbourhoods[nb].residents);
    residents = std::max(residents, in_world);
    world_nbs = std::max(world_nbs, static_cast<double>(e.world_size(k)));
  }
  m.world = kBytesPerRun + kBytesPerResident * residents;
  m.world_residents = residents;
  const std::size_t cores = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  m.at_once =
      std::max<std::size_t>(1, std::min(cores, e.runs() * e.worlds() * std::max<std::size_t>(1, points_at_once)));
  // RunResults (experiments/analysis/run_results.hpp): the survey's figures per wave of every run,
  // and the weekly outcomes: all of them when held; when streamed, a block per world at work (a
  // whole world, twice, under mpirun, where a world travels to rank 0 in one message) and HDF5's
  // chunk caches (experiments/io/outcome_file.hpp).
  const double runs = static_cast<double>(e.runs()) * static_cast<double>(std::max<std::size_t>(1, points_at_once));
  const double nbs = static_cast<double>(e.scenarios.front().neighbourhoods.size());
  const double cells = runs * nbs * static_cast<double>(e.settings.waves.size());
  const double outcomes = static_cast<double>(outcome_count()), weeks = static_cast<double>(e.settings.weeks);
  double weekly_values = 0;
  if (weekly == Weekly::held) {
    weekly_values = outcomes * runs * nbs * weeks;
  } else {
    const double held_weeks = dist::size() > 1 ? 2.0 * weeks : std::min(weeks, static_cast<double>(kBlockWeeks));
    const double cache_values =
        outcome_cache_bytes(static_cast<std::size_t>(e.replicates), e.scenarios.front().neighbourhoods.size(),
                            static_cast<std::size_t>(e.settings.weeks), m.at_once, e.worlds()) /
        8.0;
    weekly_values = static_cast<double>(m.at_once) * outcomes * world_nbs * held_weeks + outcomes * cache_values;
  }
  m.results = kResultCopies * 8.0 * (weekly_values + (4.0 * static_cast<double>(kItems) + 5.0) * cells);
  m.total = kProgramBytes + static_cast<double>(m.at_once) * m.world + m.results;
  return m;
}

std::optional<MemoryAvailable> available_memory() {
  std::optional<MemoryAvailable> best;
  const auto consider = [&](double bytes, const std::string& source) {
    if (bytes > 0 && (!best || bytes < best->bytes)) best = MemoryAvailable{bytes, source};
  };
  {
    std::ifstream in("/proc/meminfo");
    std::string key;
    double kib = 0;
    std::string unit;
    while (in >> key >> kib) {
      std::getline(in, unit);
      if (key == "MemAvailable:") consider(kib * 1024.0, "MemAvailable in /proc/meminfo");
    }
  }
  // cgroup v2 (memory.max, "max" when unlimited) and v1 (memory.limit_in_bytes, a huge number).
  const auto read_number = [](const char* path) -> std::optional<double> {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") return std::nullopt;
    try {
      return std::stod(text);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  };
  if (const auto limit = read_number("/sys/fs/cgroup/memory.max")) {
    const double used = read_number("/sys/fs/cgroup/memory.current").value_or(0);
    consider(*limit - used, "the memory limit of this process's cgroup (memory.max less memory.current)");
  } else if (const auto limit1 = read_number("/sys/fs/cgroup/memory/memory.limit_in_bytes"); limit1 && *limit1 < 1e18) {
    const double used = read_number("/sys/fs/cgroup/memory/memory.usage_in_bytes").value_or(0);
    consider(*limit1 - used, "the memory limit of this process's cgroup (memory.limit_in_bytes less usage)");
  }
  return best;
}

std::string memory_text(double bytes) {
  char buf[48];
  const double gib = bytes / (1024.0 * 1024.0 * 1024.0);
  if (gib >= 1024.0 * 1024.0)
    std::snprintf(buf, sizeof buf, "%.3g PiB", gib / (1024.0 * 1024.0));
  else if (gib >= 1024.0)
    std::snprintf(buf, sizeof buf, "%.3g TiB", gib / 1024.0);
  else if (gib >= 1.0)
    std::snprintf(buf, sizeof buf, "%.1f GiB", gib);
  else
    std::snprintf(buf, sizeof buf, "%.0f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

std::string memory_refusal(const config::Experiment& e, const MemoryEstimate& m, const MemoryAvailable& a) {
  if (m.total <= a.bytes) return "";
  std::ostringstream out;
  out << "this run needs about " << memory_text(m.total) << " of memory and " << memory_text(a.bytes)
      << " is available (" << a.source << "): " << m.at_once << " world(s) at once, "
      << (e.worlds() > 1 ? "the largest of " : "of ") << static_cast<long long>(m.world_residents)
      << " residents, about " << memory_text(m.world) << " each, and " << memory_text(m.results) << " of results ("
      << e.runs() << " runs x " << e.settings.weeks << " weeks)";
  const double worlds = static_cast<double>(m.at_once) * m.world;
  if (m.results >= worlds)
    out << "; fewer replicates (--replicates) or weeks (--weeks), or fewer scenarios, make it fit";
  else
    out << "; fewer residents, or fewer threads (--threads) so that fewer worlds are in memory at once, make it fit";
  out << " (docs/reliability.md, \"Memory\")";
  return out.str();
}

}  // namespace buurtsim::run
