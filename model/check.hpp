#pragma once
// Checked mode: BUURTSIM_CHECK(cond, msg) asserts an invariant of the model. It is active when
// NDEBUG is not defined (Debug builds) or when BUURTSIM_CHECKED is defined (the CMake option
// BUURTSIM_CHECKED=ON); otherwise it compiles to nothing and neither `cond` nor `msg` is
// evaluated, so a Release build computes exactly what it computed without the checks. A failed
// check prints file, line, the condition and the message to stderr and aborts (the one place
// the model library prints: there is no caller left to tell).
//
// Checks belong at a few central places of the weekly loop (after a phase, at the end of a
// week), not in inner loops; `msg` is evaluated only when the check fails.
#include <cstdio>
#include <cstdlib>
#include <string>

#if !defined(NDEBUG) || defined(BUURTSIM_CHECKED)
#define BUURTSIM_CHECKS_ENABLED 1
#else
#define BUURTSIM_CHECKS_ENABLED 0
#endif

namespace buurtsim::detail {

[[noreturn]] inline void check_failed(const char* file, int line, const char* condition, const std::string& msg) {
  std::fprintf(stderr, "%s:%d: buurtsim check failed: %s (%s)\n", file, line, msg.c_str(), condition);
  std::fflush(stderr);
  std::abort();
}

}  // namespace buurtsim::detail

#if BUURTSIM_CHECKS_ENABLED
#define BUURTSIM_CHECK(cond, msg)                                                    \
  do {                                                                               \
    if (!(cond)) ::buurtsim::detail::check_failed(__FILE__, __LINE__, #cond, (msg)); \
  } while (false)
#else
// Not evaluated (sizeof's operand is unevaluated), but still compiled, so a check cannot rot.
#define BUURTSIM_CHECK(cond, msg) \
  do {                            \
    (void)sizeof(!(cond));        \
  } while (false)
#endif
