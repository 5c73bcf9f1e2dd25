// libFuzzer target: the observed-data CSV reader (experiments/io/observed_csv.hpp) and the
// matching of its rows to a calibration (calibration_targets.cpp, where values are checked).
// Any input must give data or a DataError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "experiments/analysis/calibration.hpp"
#include "experiments/io/observed_csv.hpp"

namespace {

const buurtsim::config::Experiment& calibration_config() {
  static const buurtsim::config::Experiment e =
      buurtsim::config::load_file(BUURTSIM_FUZZ_SOURCE_DIR "/configs/calibration.toml", {});
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    buurtsim::calibration::ObservedData d = buurtsim::calibration::parse_observed(text, "fuzz.csv");
    (void)buurtsim::calibration::prepare(calibration_config(), std::move(d));
  } catch (const buurtsim::calibration::DataError&) {
  } catch (const buurtsim::config::ConfigError&) {
  }
  return 0;
}
