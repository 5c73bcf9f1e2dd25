// libFuzzer target: the calibration journal reader (experiments/io/calibration_journal.hpp):
// the journal file and the generations unpacked from its records. The identity is version
// "fuzz", config hash 1, data hash 2 (scripts/fuzz_seeds.py). Any input must give generations
// or a clear refusal (std::runtime_error with the reason); never a crash or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>

#include "experiments/io/calibration_journal.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = buurtsim::fuzz::write_input(data, size, ".journal");
  std::vector<buurtsim::calibration::Generation> finished;
  try {
    (void)buurtsim::calibration::Journal::resume(path, {"fuzz", 1, 2}, finished);
  } catch (const std::runtime_error&) {  // JournalMismatch, a damaged record, not a journal
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return 0;
}
