#include "experiments/io/hdf5/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "experiments/io/hdf5/own_files.hpp"

namespace buurtsim::h5 {
namespace {

[[noreturn]] void fail_errno(const std::string& what, const std::filesystem::path& path) {
  const int err = errno;
  throw Error(what + " '" + path.string() + "': " + files::write_error_text(err), err);
}

// Data (or a directory entry) reaches the disk before we rely on it.
void fsync_path(const std::filesystem::path& path, bool directory) {
  const int flags = O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0);
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) fail_errno("opening for fsync", path);
  if (::fsync(fd) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    fail_errno("fsync of", path);
  }
  ::close(fd);
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

}  // namespace

bool replace_durably(const std::filesystem::path& from, const std::filesystem::path& to, const StopCheck& stop) {
  fsync_path(from, false);
  const auto asked = [&] { return stop && stop(); };
  files::test_pause_at("point_of_no_return", asked);
  if (asked()) return false;
  files::test_pause_at("after_point_of_no_return", asked);
  if (::rename(from.c_str(), to.c_str()) != 0) {
    fail_errno("renaming '" + from.string() + "' to", to);
  }
  fsync_path(directory_of(to), true);
  return true;
}

AtomicOutput::AtomicOutput(std::filesystem::path final_path, Start start, bool force)
    : final_(std::move(final_path)), partial_(final_.string() + ".partial") {
  files::check_output_target(final_, force);
  std::error_code ec;
  std::filesystem::create_directories(directory_of(final_), ec);
  if (ec) {
    throw Error("creating the directory for '" + final_.string() + "': " + ec.message());
  }
  struct stat st {};
  if (start == Start::resume && ::lstat(partial_.c_str(), &st) == 0) {
    ::close(files::open_existing(partial_, "the partial results file"));  // a regular file, not a link
    file_.emplace(File::open_rw(partial_.string()));
    lock_fd_ = files::hold_lock(partial_);
    return;
  }
  files::remove_leftover(partial_, "the partial results file");
  try {
    file_.emplace(File::create_new(partial_.string()));
    lock_fd_ = files::hold_lock(partial_);
  } catch (const Error& e) {
    // Created, then failed (no space for its first bytes): no empty OUT.h5.partial is left.
    if (e.system_errno() != EEXIST) ::unlink(partial_.c_str());
    throw;
  }
}

AtomicOutput::~AtomicOutput() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
  if (!file_) return;
  try {
    file_->close();
  } catch (const Error&) {
    // Nothing better to do in a destructor; the .partial file is left for inspection.
  }
}

File& AtomicOutput::file() {
  if (!file_) throw Error("using '" + partial_.string() + "' after commit or discard");
  return *file_;
}

bool AtomicOutput::commit(const StopCheck& stop) {
  File& f = file();
  f.close();
  file_.reset();
  committed_ = replace_durably(partial_, final_, stop);
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  return committed_;
}

void AtomicOutput::discard() {
  if (file_) {
    try {
      file_->close();
    } catch (const Error&) {
      // Removing it anyway: a half-closed partial file is of no use.
    }
    file_.reset();
  }
  std::error_code ec;
  std::filesystem::remove(partial_, ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  if (ec) throw Error("removing '" + partial_.string() + "': " + ec.message());
}

}  // namespace buurtsim::h5
