#pragma once
// An append-only journal of finished work beside a results file (OUT.h5.journal). HDF5 1.10 is
// not crash-safe (HDF5 1.10 on Debian 12), so after a kill -9 `--resume` rebuilds the results file from
// this journal rather than from the killed HDF5 file. Each record (a task id and its values) is
// written with a checksum and fsync'd before the work counts as finished; a record torn by a
// crash fails its checksum and is dropped with everything after it. Records are a sweep's points
// and a calibration's generations (experiments/io/calibration_journal.hpp).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace buurtsim::dist {

class Journal {
 public:
  // Starts a new journal (replacing any), stamped with `identity`: what the records belong to
  // (for a sweep the program version and the resolved configuration), compared on resume.
  static Journal create(const std::filesystem::path& path, const std::string& identity);
  // Opens an existing journal for appending, after reading its records into `each`. Throws
  // JournalMismatch when its identity differs, JournalDamaged when it is not a journal; an
  // exception from `each` (a record its caller cannot use) leaves the file as it was.
  static Journal resume(const std::filesystem::path& path, const std::string& identity,
                        const std::function<void(std::uint64_t id, std::vector<double>&& values)>& each);

  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();

  // When a record reaches the disk: before append returns, or with the next record synced
  // (a crash may lose it until then, and the records after it; never a record synced).
  enum class Sync { now, later };
  // Appends one record: `head`, then `values`.
  void append(std::uint64_t id, std::span<const double> head, std::span<const double> values, Sync sync);
  void append(std::uint64_t id, const std::vector<double>& values) { append(id, {}, values, Sync::now); }
  // Closes and deletes the file (the work is complete and safely elsewhere); false when the file
  // could not be deleted (it is then left, closed).
  bool remove();
  const std::filesystem::path& path() const { return path_; }

 private:
  Journal(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_ = -1;
};

// what() is the journal's path; stored() its identity, so a caller can say what differs.
class JournalMismatch : public std::runtime_error {
 public:
  JournalMismatch(const std::string& path, std::string stored) : std::runtime_error(path), stored_(std::move(stored)) {}
  const std::string& stored() const { return stored_; }

 private:
  std::string stored_;
};

// The file is not a buurtsim journal, or its header is damaged: nothing in it can be used.
class JournalDamaged : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// 64-bit FNV-1a: the records' checksum, and a short stand-in in an identity for a large text.
constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;
std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = kFnvOffset);

}  // namespace buurtsim::dist
