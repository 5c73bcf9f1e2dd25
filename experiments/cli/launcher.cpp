// The `buurtsim` that users run: blocks SIGINT and SIGTERM, then execs the program proper
// (../libexec/buurtsim/buurtsim-program from this file's folder), which unblocks them once its handlers
// are in place (experiments/runner/interrupt.cpp). Linked statically and using only system calls,
// so that a signal in the program's first milliseconds (while the dynamic loader maps and
// relocates its fifty libraries) is held instead of getting the default action's exit 143
// (docs/reliability.md, "Files, failed writes and signals").
#include <unistd.h>

#include <climits>
#include <csignal>
#include <cstring>

namespace {

void say(const char* a, const char* b = "", const char* c = "") {
  const char* const parts[] = {a, b, c};
  for (const char* s : parts) {
    if (write(STDERR_FILENO, s, std::strlen(s)) < 0) return;
  }
}

}  // namespace

int main(int /*argc*/, char** argv) {
  sigset_t held;
  sigemptyset(&held);
  sigaddset(&held, SIGINT);
  sigaddset(&held, SIGTERM);
  sigprocmask(SIG_BLOCK, &held, nullptr);

  static constexpr char kProgram[] = "/../libexec/buurtsim/buurtsim-program";
  char path[PATH_MAX + sizeof kProgram];
  const ssize_t n = readlink("/proc/self/exe", path, PATH_MAX);
  if (n <= 0 || n >= PATH_MAX) {
    say("buurtsim: cannot find where this program lies (/proc/self/exe is unreadable)\n");
    return 1;
  }
  path[n] = '\0';
  char* slash = std::strrchr(path, '/');
  std::strcpy(slash, kProgram);
  execv(path, argv);
  say("buurtsim: cannot start ", path, ": the installation is incomplete (bin/buurtsim needs it)\n");
  return 1;
}
