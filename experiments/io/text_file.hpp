#pragma once
// Text files the commands write beside results (configurations from `init`, `neighbourhood` and
// `fit`, the tables of `export`): whole or not at all, never through a link (docs/reliability.md).
#include <filesystem>
#include <string_view>

namespace buurtsim::io {

// Writes `text` to a new temporary in the target's folder (mkstemp: created exclusively, never
// through a link), flushes it to disk and renames it over `target`. On failure the temporary is
// removed, `target` is untouched, and std::runtime_error names the path and the reason;
// files::Refused (a std::runtime_error too) when the folder may not be written (permissions, a
// read-only file system): nothing was written, and the commands exit 2.
void write_text_whole(const std::filesystem::path& target, std::string_view text);

}  // namespace buurtsim::io
