// libFuzzer target: the journal of a `run` (experiments/runner/run_journal.hpp,
// RunJournal::resume): the journal file and the weeks and worlds restored from its records into
// the results of fuzz/run_journal.toml. The identity is "fuzz" (scripts/fuzz_seeds.py writes
// seeds from a real run of that configuration with it). Any input must be restored, repaired,
// dropped record by record or refused (JournalMismatch, JournalDamaged, an I/O error); never a
// crash or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>

#include "experiments/config/config.hpp"
#include "experiments/runner/run_journal.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const buurtsim::config::Experiment e =
      buurtsim::config::load_file(BUURTSIM_FUZZ_SOURCE_DIR "/fuzz/run_journal.toml", {});
  const std::string path = buurtsim::fuzz::write_input(data, size, ".journal");
  buurtsim::run::RunResults out;
  try {
    (void)buurtsim::run::RunJournal::resume(path, "fuzz", e, out);
  } catch (const std::runtime_error&) {  // JournalMismatch, JournalDamaged, a failed read
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return 0;
}
