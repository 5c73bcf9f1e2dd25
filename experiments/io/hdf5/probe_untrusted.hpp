// A results file given by the user may be damaged or made up, and Debian's HDF5 1.10 does not
// survive every damaged file: some crash it inside its own parser (a segmentation fault in
// H5HG_read, the global heap of variable-length strings) before any check of ours runs, others
// make it loop there without end. Such a file is read first in a child process; only a file the
// child survived, in bounded time, reaches the readers in the command's own process.
// docs/reliability.md, "Findings, fixed".
#pragma once

#include <sys/resource.h>

#include <functional>
#include <string>

#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::h5 {

// The child's processor time: this many seconds plus one per MiB of the file. Reading a results
// file of 1 MiB takes milliseconds; the floor is what a user waits for the refusal of a small
// file on which HDF5 loops.
inline constexpr rlim_t kProbeCpuFloorSeconds = 3;

// A file that makes the HDF5 library crash or loop; the message names the file and what happened.
class Damaged : public Error {
 public:
  using Error::Error;
};

// Runs `read` (the reader about to read `path`, doing only that: it must write nothing) in a
// forked child, a copy of this process, so the child meets the file exactly as the reader here
// will. In the child the crash signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP,
// SIGSYS) and SIGINT/SIGTERM are at their default action and no core file is written; it ends
// with status 0 whatever `read` throws (the reader in this process throws it again and the
// command words it). Its stderr is this process's: a sanitizer's report, should the reader's own
// code err in the child, is seen. When a crash signal ends the child, throws Damaged:
// "<path> is damaged: reading it makes the HDF5 library crash (signal 11, SIGSEGV)". The child
// may take kProbeCpuFloorSeconds of processor time plus one second per MiB of the file; at that
// limit it is ended and Damaged says "reading it keeps the HDF5 library busy without end
// (stopped after N s of processor time)". Any other
// end (a Ctrl-C, the child killed for want of memory) returns: the reader here then reports what
// it finds. Throws Error when the child cannot be started. Call it from the thread that makes
// the HDF5 calls, with no HDF5 call in progress on another thread.
void probe_untrusted(const std::string& path, const std::function<void()>& read);

}  // namespace buurtsim::h5
