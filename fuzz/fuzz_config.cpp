// libFuzzer target: the TOML configuration loader (experiments/config/config.hpp, load()). Any
// input must give an Experiment or a ConfigError; anything else (a crash, another exception, a
// sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "experiments/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)buurtsim::config::load(text, "fuzz.toml", "fuzz", {});
  } catch (const buurtsim::config::ConfigError&) {
  }
  return 0;
}
