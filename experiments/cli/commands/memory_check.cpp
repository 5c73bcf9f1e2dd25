#include "experiments/cli/commands/memory_check.hpp"

#include <tbb/info.h>

#include <iostream>
#include <sstream>

#include "experiments/runner/memory_estimate.hpp"
#include "experiments/runner/tasks.hpp"

namespace buurtsim::cli {
namespace {

std::size_t threads_of(const CommonOptions& common) {
  return common.threads > 0 ? static_cast<std::size_t>(common.threads)
                            : static_cast<std::size_t>(tbb::info::default_concurrency());
}

}  // namespace

std::string memory_line(const config::Experiment& e, const CommonOptions& common, run::Weekly weekly,
                        std::size_t points_at_once) {
  const run::MemoryEstimate m = run::estimate_memory(e, threads_of(common), weekly, points_at_once);
  std::ostringstream out;
  out << "# memory: about " << run::memory_text(m.total) << " (" << m.at_once << " world(s) at once, "
      << (e.worlds() > 1 ? "the largest " : "") << "about " << run::memory_text(m.world) << " each, "
      << run::memory_text(m.results) << " of results)";
  if (const auto a = run::available_memory()) {
    out << "; available " << run::memory_text(a->bytes);
    if (m.total > a->bytes) out << ": TOO MUCH, `buurtsim run` refuses it";
  }
  out << "\n";
  return out.str();
}

bool memory_fits(const config::Experiment& e, const CommonOptions& common, run::Weekly weekly,
                 std::size_t points_at_once) {
  const auto a = run::available_memory();
  if (!a) return true;
  const std::string refusal =
      run::memory_refusal(e, run::estimate_memory(e, threads_of(common), weekly, points_at_once), *a);
  if (refusal.empty()) return true;
  if (dist::is_root()) std::cerr << "buurtsim: " << refusal << "\n";
  return false;
}

}  // namespace buurtsim::cli
