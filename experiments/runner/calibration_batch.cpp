#include "experiments/runner/calibration_batch.hpp"

#include <chrono>
#include <numeric>
#include <stdexcept>
#include <string>

namespace buurtsim::calibration {

std::optional<std::vector<std::vector<double>>> run_batch(std::uint64_t first, std::size_t count,
                                                          const dist::Compute& compute, bool share, std::size_t width,
                                                          double* seconds) {
  std::vector<std::uint64_t> ids(count);
  std::iota(ids.begin(), ids.end(), first);
  std::vector<std::vector<double>> results(count);
  std::string failure;
  bool stopped = false;
  const auto start = std::chrono::steady_clock::now();
  try {
    const dist::Outcome o =
        dist::run_tasks(ids, compute, [&](std::uint64_t id, dist::Result&& r) { results[id - first] = std::move(r); });
    stopped = o.stopped;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (seconds) *seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Rank 0 tells every rank whether the batch failed or stopped, and (when shared) the results.
  std::string message = failure;
  dist::broadcast(message);
  if (!message.empty()) throw std::runtime_error(message);
  std::vector<double> flat{stopped ? 1.0 : 0.0};
  if (share && dist::is_root())
    for (const auto& r : results) {
      if (r.size() != width) stopped = true, flat[0] = 1.0;
      flat.insert(flat.end(), r.begin(), r.end());
    }
  dist::broadcast(flat);
  if (flat[0] != 0.0) return std::nullopt;
  if (share && !dist::is_root())
    for (std::size_t i = 0; i < count; ++i)
      results[i].assign(flat.begin() + 1 + static_cast<std::ptrdiff_t>(i * width),
                        flat.begin() + 1 + static_cast<std::ptrdiff_t>((i + 1) * width));
  return results;
}

}  // namespace buurtsim::calibration
