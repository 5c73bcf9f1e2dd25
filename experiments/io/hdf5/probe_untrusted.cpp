#include "experiments/io/hdf5/probe_untrusted.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

// Present only in a sanitizer build: there a fuzzer (libFuzzer) registers a callback that writes
// the input as a crash artifact whenever a sanitizer reports an error, also in this child.
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));  // NOLINT

namespace buurtsim::h5 {
namespace {

// The signals by which a process dies of its own fault (not sent by someone else).
struct CrashSignal {
  int number;
  const char* name;
};
constexpr CrashSignal kCrashSignals[] = {{SIGSEGV, "SIGSEGV"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
                                         {SIGILL, "SIGILL"},   {SIGABRT, "SIGABRT"}, {SIGTRAP, "SIGTRAP"},
                                         {SIGSYS, "SIGSYS"}};

const char* crash_name(int sig) {
  for (const CrashSignal& s : kCrashSignals)
    if (s.number == sig) return s.name;
  return nullptr;
}

// The processor time the child may take: a floor, and a second per MiB of file. Reading a
// results file takes a small fraction of that (tens of MiB a second); HDF5 1.10 loops without end
// on some damaged files instead (the fuzzer's finding results_file_h5hg_read_loop.h5).
rlim_t cpu_seconds_allowed(const std::string& path) {
  std::error_code ec;
  const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  return kProbeCpuFloorSeconds + static_cast<rlim_t>(ec ? 0 : bytes >> 20);
}

// A crash must end the child at once: no handler inherited from the parent (a sanitizer's or
// libFuzzer's would report the crash as its own and write an artifact), no sanitizer death
// callback (libFuzzer's writes an artifact when a sanitizer's check inside libhdf5, such as
// memcpy's on overlapping ranges, ends the child), no core file. SIGINT and
// SIGTERM too, so that a Ctrl-C (sent to the whole process group) ends the child as well; and
// SIGXCPU, which ends it at its limit of processor time.
void take_default_actions(rlim_t cpu_seconds) {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigset_t unblock;
  sigemptyset(&unblock);
  for (const CrashSignal& s : kCrashSignals) {
    ::sigaction(s.number, &dfl, nullptr);
    sigaddset(&unblock, s.number);
  }
  ::sigaction(SIGINT, &dfl, nullptr);
  ::sigaction(SIGTERM, &dfl, nullptr);
  ::sigaction(SIGXCPU, &dfl, nullptr);
  sigaddset(&unblock, SIGXCPU);
  ::sigprocmask(SIG_UNBLOCK, &unblock, nullptr);
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(nullptr);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  // SIGXCPU at the soft limit; should it be caught after all, SIGKILL a few seconds later.
  const rlimit cpu{cpu_seconds, cpu_seconds + 5};
  ::setrlimit(RLIMIT_CPU, &cpu);
}

[[noreturn]] void child(const std::function<void()>& read, rlim_t cpu_seconds) {
  take_default_actions(cpu_seconds);
  try {
    read();
  } catch (...) {  // the reader in the parent throws it again
  }
  ::_exit(0);  // no clean-up: nothing of the parent's (its buffers, HDF5's files) is touched
}

}  // namespace

void probe_untrusted(const std::string& path, const std::function<void()>& read) {
  const rlim_t cpu_seconds = cpu_seconds_allowed(path);
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    throw Error("reading " + path + ": cannot start the process that reads it first: " + std::strerror(err), err);
  }
  if (pid == 0) child(read, cpu_seconds);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return;  // not our child any more (SIGCHLD ignored): nothing to judge by
  }
  if (!WIFSIGNALED(status)) return;
  const int sig = WTERMSIG(status);
  if (sig == SIGXCPU)
    throw Damaged(path + " is damaged: reading it keeps the HDF5 library busy without end (stopped after " +
                  std::to_string(cpu_seconds) + " s of processor time)");
  if (const char* name = crash_name(sig))
    throw Damaged(path + " is damaged: reading it makes the HDF5 library crash (signal " + std::to_string(sig) + ", " +
                  name + ")");
}

}  // namespace buurtsim::h5
