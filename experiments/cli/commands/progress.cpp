#include "experiments/cli/commands/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace buurtsim::cli {

void print_progress(std::size_t done, std::size_t total, std::size_t already, double elapsed_seconds, const char* unit,
                    const std::string& last, std::optional<double> share_done, double share_before) {
  const std::size_t now = done > already ? done - already : 0;
  const double per = now > 0 ? elapsed_seconds / static_cast<double>(now) : 0;
  double left = per * static_cast<double>(total - done);
  double share = static_cast<double>(done) / static_cast<double>(total ? total : 1);
  if (share_done) {
    share = *share_done;
    left = share > share_before ? elapsed_seconds * (1 - share) / (share - share_before) : 0;
  }
  if (isatty(STDERR_FILENO) != 0) {
    const int width = 30;
    const int filled = std::clamp(static_cast<int>(width * share), 0, width);
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu %s, %.0f s elapsed, ~%.0f s left   ", filled,
                 "##############################", width - filled, "", done, total, unit, elapsed_seconds, left);
    if (done == total) std::fprintf(stderr, "\n");
  } else {
    std::fprintf(stderr, "%s %zu/%zu done (%s), ", unit, done, total, last.c_str());
    if (share_done) std::fprintf(stderr, "%.1f%% of the residents' weeks, ", 100 * share);
    std::fprintf(stderr, "%.1f s elapsed, %.2f %s/min, ~%.0f s left\n", elapsed_seconds, per > 0 ? 60.0 / per : 0.0,
                 unit, left);
  }
  std::fflush(stderr);
}

}  // namespace buurtsim::cli
