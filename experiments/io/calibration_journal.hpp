#pragma once
// The journal of a calibration's finished generations, OUT.h5.journal beside the results file,
// from which --resume rebuilds the calibration (HDF5 1.10 files are not crash-safe;
// docs/calibration.md). A thin layer over dist::Journal, which does the file, the fsync and the
// torn-record repair: one record per generation (id = its index, values = pack() of it), so a
// resumed calibration continues from bit-for-bit the same numbers.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/analysis/abc_smc.hpp"
#include "experiments/io/journal.hpp"

namespace buurtsim::calibration {

// What a journal belongs to: the program version and hashes of the resolved configuration and
// of the data file.
struct Identity {
  std::string version;
  std::uint64_t config_hash = 0, data_hash = 0;
};
std::uint64_t fnv1a64(const std::string& text);

// A journal written for another identity; what() is its path, stored() what it was written for,
// so the caller can say which of the three differs.
class JournalMismatch : public std::runtime_error {
 public:
  JournalMismatch(const std::string& path, Identity stored) : std::runtime_error(path), stored_(std::move(stored)) {}
  const Identity& stored() const { return stored_; }

 private:
  Identity stored_;
};

class Journal {
 public:
  // Starts a new journal at `path` (replacing any), with its identity.
  static Journal create(const std::filesystem::path& path, const Identity& id);
  // Opens an existing journal for appending after its last whole generation; `finished` receives
  // its generations. Throws JournalMismatch when it belongs to another identity,
  // std::runtime_error when it is not a calibration journal.
  static Journal resume(const std::filesystem::path& path, const Identity& id, std::vector<Generation>& finished);

  // Appends a generation and fsyncs.
  void append(const Generation& g);
  const std::filesystem::path& path() const { return journal_.path(); }
  // Closes and removes the journal (after the results file is complete).
  void remove() { journal_.remove(); }

 private:
  explicit Journal(dist::Journal j) : journal_(std::move(j)) {}
  dist::Journal journal_;
};

}  // namespace buurtsim::calibration
