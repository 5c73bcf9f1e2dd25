#pragma once
// Progress on stderr (docs/usage.md): a bar with the time remaining on a terminal, plain lines
// otherwise. Shared by run and sweep.
#include <cstddef>
#include <string>

namespace buurtsim::cli {

// `unit`: "runs", "points". `already`: done before this session (a resumed sweep), left out of
// the rate.
void print_progress(std::size_t done, std::size_t total, std::size_t already, double elapsed_seconds, const char* unit,
                    const std::string& last);

}  // namespace buurtsim::cli
