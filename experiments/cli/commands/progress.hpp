#pragma once
// Progress on stderr (docs/usage.md): a bar with the time remaining on a terminal, plain lines
// otherwise. Shared by run and sweep.
#include <cstddef>
#include <optional>
#include <string>

namespace buurtsim::cli {

// `unit`: "runs", "points". `already`: done before this session (a resumed sweep), left out of
// the rate. `share_done`, when the units differ in size (the worlds of a run): the share of the
// work done, from which the bar and the time left are reckoned instead of from the count;
// `share_before` of it was done before this session.
void print_progress(std::size_t done, std::size_t total, std::size_t already, double elapsed_seconds, const char* unit,
                    const std::string& last, std::optional<double> share_done = std::nullopt, double share_before = 0);

}  // namespace buurtsim::cli
