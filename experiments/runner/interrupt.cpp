#include "experiments/runner/interrupt.hpp"

#include <pthread.h>

#include <csignal>

namespace buurtsim::run {
namespace {
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_signal(int) { g_interrupted = 1; }
}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // bin/buurtsim (experiments/cli/launcher.cpp) blocked both before the dynamic loader ran; a signal
  // held since then arrives now, at the handler.
  sigset_t held;
  sigemptyset(&held);
  sigaddset(&held, SIGINT);
  sigaddset(&held, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &held, nullptr);
}

bool interrupted() { return g_interrupted != 0; }

}  // namespace buurtsim::run
