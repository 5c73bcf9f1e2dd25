#include "experiments/io/hdf5/own_files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace buurtsim::files {
namespace {

// An open-file-description lock: unlike a POSIX lock, not dropped when HDF5 closes its own
// descriptor of the same file, and independent of HDF5's flock.
bool ofd_lock(int fd) {
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  return ::fcntl(fd, F_OFD_SETLK, &lock) == 0;
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

[[noreturn]] void fail_errno(const std::string& what, const std::filesystem::path& path, int err) {
  if (err == EACCES || err == EPERM || err == EROFS)
    throw Refused("cannot write " + what + " " + quoted(path) + ": " + std::strerror(err) +
                  " (check the permissions of its folder)");
  throw std::runtime_error("cannot write " + what + " " + quoted(path) + ": " + write_error_text(err));
}

}  // namespace

void test_pause_at(const char* point, const std::function<bool()>& until) {
  const char* wanted = std::getenv("BUURTSIM_TEST_PAUSE_AT");
  if (wanted == nullptr || std::strcmp(wanted, point) != 0) return;
  std::fprintf(stderr, "test: paused at %s\n", point);
  std::fflush(stderr);
  for (int i = 0; i < 2000 && !until(); ++i) ::usleep(10000);
}

std::string write_error_text(int err) {
  if (err == ENOSPC) return "no space left on the device";
  if (err == EDQUOT) return "disk quota exceeded";
  if (err == EFBIG) return "the file is larger than this process may write (file size limit)";
  return std::strerror(err);
}

void check_output_target(const std::filesystem::path& path, bool force) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;  // a new path
  if (S_ISLNK(st.st_mode)) return;              // rename replaces the link, never its target
  if (!S_ISREG(st.st_mode))
    throw Refused("-o " + path.string() + ": is " + kind_of(st.st_mode) +
                  "; expected the name of a results file (a new path or an existing results file)");
  // The mode bits as well as access(): a file its owner made read-only is refused even for root.
  const bool read_only = (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 || ::access(path.c_str(), W_OK) != 0;
  if (!force && read_only)
    throw Refused(path.string() + " exists and is read-only; buurtsim does not replace it unless --force is given");
}

void remove_leftover(const std::filesystem::path& path, const std::string& what) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    fail_errno(what, path, errno);
  }
  if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid())
    throw Refused(quoted(path) + " is in the way of " + what + ": it is " +
                  (S_ISREG(st.st_mode) ? "a file of another user" : kind_of(st.st_mode)) +
                  ", not a file buurtsim left; buurtsim neither follows nor replaces it: move it away");
  const int fd = open_existing(path, what);
  try {
    lock_or_refuse(fd, path, what);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    const int err = errno;
    ::close(fd);
    fail_errno(what, path, err);
  }
  ::close(fd);
}

int create_exclusive(const std::filesystem::path& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd >= 0) return fd;
  if (errno == EEXIST)
    throw Refused(quoted(path) + " appeared while buurtsim was about to create " + what +
                  "; another run may be writing the same output");
  fail_errno(what, path, errno);
}

int open_existing(const std::filesystem::path& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP)
      throw Refused(quoted(path) + " is a symbolic link, not " + what + "; buurtsim does not follow it");
    fail_errno(what, path, errno);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Refused(quoted(path) + " is " + kind_of(st.st_mode) + ", not " + what + "; buurtsim does not use it");
  }
  return fd;
}

int hold_lock(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  if (ofd_lock(fd)) return fd;
  ::close(fd);
  return -1;
}

void lock_or_refuse(int fd, const std::filesystem::path& path, const std::string& what) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ofd_lock(fd)) return;
  if (errno == EWOULDBLOCK || errno == EAGAIN || errno == EACCES)
    throw Refused(quoted(path) + " (" + what + ") is locked by another process: another buurtsim may be writing " +
                  "the same output; wait for it to finish or write elsewhere with -o");
  throw std::runtime_error("cannot lock " + what + " " + quoted(path) + ": " + std::strerror(errno));
}

bool locked_by_another(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);  // drops the shared lock, if taken
  return held;
}

}  // namespace buurtsim::files
