#pragma once
// An append-only journal of finished work beside a results file (OUT.h5.journal). HDF5 1.10 is
// not crash-safe (PLATFORM.md), so after a kill -9 `--resume` rebuilds the results file from
// this journal rather than from the killed HDF5 file. Each record (a task id and its values) is
// written with a checksum and fsync'd before the work counts as finished; a record torn by a
// crash fails its checksum and is dropped with everything after it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace buurtsim::dist {

class Journal {
 public:
  // Starts a new journal (replacing any), stamped with `identity` (what the records belong to:
  // the program version and the resolved configuration).
  static Journal create(const std::filesystem::path& path, const std::string& identity);
  // Opens an existing journal for appending, after reading its records into `each`. Throws
  // JournalMismatch when its identity differs, std::runtime_error when it is not a journal.
  static Journal resume(const std::filesystem::path& path, const std::string& identity,
                        const std::function<void(std::uint64_t id, std::vector<double>&& values)>& each);

  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();

  // Appends one record and fsyncs it.
  void append(std::uint64_t id, const std::vector<double>& values);
  void remove();  // closes and deletes the file (the work is complete and safely elsewhere)
  const std::filesystem::path& path() const { return path_; }

 private:
  Journal(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_ = -1;
};

class JournalMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace buurtsim::dist
