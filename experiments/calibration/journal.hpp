#pragma once
// The journal of a calibration's finished generations, OUT.h5.journal beside the results file:
// an append-only text file, fsync'd after every generation, from which --resume rebuilds the
// calibration (HDF5 1.10 files are not crash-safe; docs/calibration.md). Numbers are written as
// hexadecimal floating point, so a resumed calibration continues from exactly the same values.
// A record torn by a crash (no matching end line) is ignored and cut off.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/calibration/abc_smc.hpp"

namespace buurtsim::calibration {

// What a journal belongs to: the program version and hashes of the resolved configuration and
// of the data file.
struct Identity {
  std::string version;
  std::uint64_t config_hash = 0, data_hash = 0;
};
std::uint64_t fnv1a64(const std::string& text);

class Journal {
 public:
  // Starts a new journal at `path` (replacing any), with its identity.
  static Journal create(const std::filesystem::path& path, const Identity& id);
  // Opens an existing journal for appending after its last complete generation, which `finished`
  // receives. Throws std::runtime_error when the file is not a journal.
  static Journal reopen(const std::filesystem::path& path, Identity& id, std::vector<Generation>& finished);

  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();

  // Appends a generation and fsyncs.
  void append(const Generation& g);
  const std::filesystem::path& path() const { return path_; }
  // Closes and removes the journal (after the results file is complete).
  void remove();

 private:
  Journal(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_ = -1;
};

// Text form of a generation record (tested for exact round trips).
std::string format_generation(const Generation& g);

}  // namespace buurtsim::calibration
