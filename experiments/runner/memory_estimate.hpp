#pragma once
// The memory a run will need, estimated before it starts (docs/reliability.md, "Memory"), and
// the memory the machine has for it, so that a run that cannot fit is refused with what to
// change instead of ending in std::bad_alloc minutes later.
#include <optional>
#include <string>

#include "experiments/config/config.hpp"

namespace buurtsim::run {

// How the weekly outcomes are kept: a `run` streams them to its file as its runs go (a block of
// kBlockWeeks weeks per run in memory); a sweep point holds every week of its runs until it is done.
enum class Weekly { streamed, held };

struct MemoryEstimate {
  double world = 0;            // bytes of one world, the largest (residents, households, blocks, ties, modules)
  double world_residents = 0;  // the residents of that world
  std::size_t at_once = 0;     // runs in memory at once (one per thread, at most all runs)
  double results = 0;          // bytes of the results held: the survey's figures, and the weeks held (Weekly)
  double total = 0;            // the program, at_once worlds and the results
};

// `threads`: the worker threads (0: every core). For a sweep, `e` is one point's experiment and
// `points_at_once` the points run together.
MemoryEstimate estimate_memory(const config::Experiment& e, std::size_t threads, Weekly weekly,
                               std::size_t points_at_once = 1);

struct MemoryAvailable {
  double bytes = 0;
  std::string source;  // "MemAvailable of /proc/meminfo" or the cgroup's limit
};
// The smaller of the kernel's MemAvailable and the cgroup's memory limit less its use; nothing
// when neither can be read (then nothing is refused).
std::optional<MemoryAvailable> available_memory();

// "1.4 GiB", "820 MiB".
std::string memory_text(double bytes);

// Empty when the estimate fits in what is available; otherwise the message: the estimate, what
// is available, and what to change.
std::string memory_refusal(const config::Experiment& e, const MemoryEstimate& m, const MemoryAvailable& a);

}  // namespace buurtsim::run
