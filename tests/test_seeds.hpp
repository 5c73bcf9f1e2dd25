#pragma once
// Seed sets for the statistical tests (docs/validation.md, "Seed sets").
//
// Every statistical test names its seeds by a base seed (7000, 2002, 777, ...) and takes the seed
// it runs through seed(): set 0 (the default) uses the base seeds themselves, set k the base seed
// plus k x 1,000,000. The tests' tolerances come from the spread they measure, so they must pass
// at any set; the suite runs each statistical test program at set 0 and again at set 1 (ctest
// tests `seeds2_*`, label `seeds2`). Another set: BUURTSIM_SEED_SET=K on the command line.
//
// Deliberate breaks (BUURTSIM_BREAK=NAME) change a setting inside one test so that its claim no
// longer holds; scripts/check_breaks.py runs each and requires the test to fail.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace buurtsim::testing {

inline constexpr std::uint64_t kSeedSetStride = 1'000'000;

// The seed set: BUURTSIM_SEED_SET, a whole number from 0 (0 when unset or empty).
inline int seed_set() {
  static const int set = [] {
    const char* s = std::getenv("BUURTSIM_SEED_SET");
    if (s == nullptr || *s == '\0') return 0;
    char* end = nullptr;
    const long v = std::strtol(s, &end, 10);
    if (*end != '\0' || v < 0 || v > 1000) throw std::invalid_argument(std::string("BUURTSIM_SEED_SET: ") + s);
    std::printf("[seeds] seed set %ld: base seeds + %llu\n", v,
                static_cast<unsigned long long>(static_cast<std::uint64_t>(v) * kSeedSetStride));
    return static_cast<int>(v);
  }();
  return set;
}

// The seed of the current set for a test's base seed.
inline std::uint64_t seed(std::uint64_t base) { return base + static_cast<std::uint64_t>(seed_set()) * kSeedSetStride; }

// True when BUURTSIM_BREAK names this break (scripts/check_breaks.py).
inline bool broken(const char* name) {
  const char* s = std::getenv("BUURTSIM_BREAK");
  const bool on = s != nullptr && std::strcmp(s, name) == 0;
  if (on) std::printf("[break] %s: deliberately broken\n", name);
  return on;
}

}  // namespace buurtsim::testing
