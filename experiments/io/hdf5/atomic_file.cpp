#include "experiments/io/hdf5/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace buurtsim::h5 {
namespace {

[[noreturn]] void fail_errno(const std::string& what, const std::filesystem::path& path) {
  throw Error(what + " '" + path.string() + "': " + std::strerror(errno));
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

void replace_durably(const std::filesystem::path& from, const std::filesystem::path& to) {
  fsync_path(from, false);
  if (::rename(from.c_str(), to.c_str()) != 0) {
    fail_errno("renaming '" + from.string() + "' to", to);
  }
  fsync_path(directory_of(to), true);
}

AtomicOutput::AtomicOutput(std::filesystem::path final_path, Start start)
    : final_(std::move(final_path)), partial_(final_.string() + ".partial") {
  std::error_code ec;
  std::filesystem::create_directories(directory_of(final_), ec);
  if (ec) {
    throw Error("creating the directory for '" + final_.string() + "': " + ec.message());
  }
  const bool reopen = start == Start::resume && std::filesystem::exists(partial_, ec);
  file_.emplace(reopen ? File::open_rw(partial_.string()) : File::create(partial_.string()));
}

AtomicOutput::~AtomicOutput() {
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

void AtomicOutput::commit() {
  File& f = file();
  f.close();
  file_.reset();
  replace_durably(partial_, final_);
  committed_ = true;
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
  if (ec) throw Error("removing '" + partial_.string() + "': " + ec.message());
}

}  // namespace buurtsim::h5
