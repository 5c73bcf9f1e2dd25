// The files buurtsim makes beside a results file (OUT.h5.partial, OUT.h5.journal, SWEEP.h5.tmp)
// and the results file itself: made only where nothing is, never through a link or into a
// special file, and never while another buurtsim holds them (docs/reliability.md).
#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

namespace buurtsim::files {

// A path we will not write: a special file, a link where our own file should be, a read-only
// results file, a file another run holds. The message names the path and what to do; the
// command exits 2 (nothing was done yet).
class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Checks the name of a results file before anything is written: a new path, a regular file
// (or a link, which the finished file replaces) is fine; a directory, FIFO, socket or device is
// Refused, and so is a results file without write permission unless `force`.
void check_output_target(const std::filesystem::path& path, bool force);

// Clears the way for a new file of ours at `path`: nothing there is fine; a regular file we
// own (left by an earlier, interrupted command) is removed, unless another process holds a lock
// on it (a buurtsim writing it now); anything else is Refused. `what` names the file's role in
// messages ("the partial results file").
void remove_leftover(const std::filesystem::path& path, const std::string& what);

// Opens `path` for writing, creating it: O_CREAT|O_EXCL|O_NOFOLLOW, so that a link or file put
// there meanwhile is never followed or truncated. Returns the descriptor; throws Refused when
// something is there, std::runtime_error (with the reason) otherwise.
int create_exclusive(const std::filesystem::path& path, const std::string& what);

// Opens an existing file of ours for reading and writing without following a link; refuses
// anything but a regular file. Returns the descriptor.
int open_existing(const std::filesystem::path& path, const std::string& what);

// Takes the exclusive advisory locks another buurtsim checks before it touches a file of ours,
// flock (the lock HDF5 takes on a file it writes) and an open-file-description lock (the one
// hold_lock takes); Refused, naming the file, when another process holds either.
void lock_or_refuse(int fd, const std::filesystem::path& path, const std::string& what);

// Whether another process holds `path` (a file of ours) under lock_or_refuse's flock: another
// buurtsim is at work on it. False when it cannot be opened.
bool locked_by_another(const std::filesystem::path& path);

// Opens `path` (a file this process just created, which HDF5 may hold open and flock'ed) and
// takes an open-file-description write lock on it, so another buurtsim leaves it alone even
// while HDF5 has closed it (between closing and renaming). Returns the descriptor to close
// when done; -1 when the lock could not be taken (the file then goes unguarded).
int hold_lock(const std::filesystem::path& path);

// Test-only (docs/reliability.md): when BUURTSIM_TEST_PAUSE_AT names `point`, prints
// "test: paused at <point>" to stderr and waits (at most 20 s) until `until` says so, so that a
// test can send a signal at that exact moment. Points: start (main, handlers installed),
// point_of_no_return and after_point_of_no_return (h5::replace_durably).
void test_pause_at(const char* point, const std::function<bool()>& until);

// "No space left on the device" and similar, for an errno from writing `path`.
std::string write_error_text(int err);

}  // namespace buurtsim::files
