// libFuzzer target: the journal of a `run` (experiments/runner/run_journal.hpp,
// RunJournal::resume): the journal file and the weeks and worlds restored from its records into
// the results of fuzz/run_journal.toml (two worlds) or of the same configuration as one world
// (block states and layout travel then). Any input must be restored, repaired, dropped record by
// record or refused (JournalMismatch, JournalDamaged, an I/O error); never a crash or a huge
// allocation.
//
// Byte 0 chooses: bit 0, one world (1) or two (0); bit 1, the mode. Mode 1: the other bytes are
// the journal file as it is (its header, checksums and torn tail). Mode 0: they are records,
// [u64 id][u16 count][count doubles] each, written here into a journal of identity "fuzz" with
// valid checksums, so that the checks of a record's contents see what the fuzzer makes rather
// than a checksum failure. scripts/fuzz_seeds.py writes seeds of both modes from real runs.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/io/journal.hpp"
#include "experiments/runner/run_journal.hpp"
#include "fuzz/fuzz_util.hpp"

namespace {

namespace bs = buurtsim;

bs::config::Experiment experiment(bool one_world) {
  std::ifstream in(BUURTSIM_FUZZ_SOURCE_DIR "/fuzz/run_journal.toml");
  std::stringstream text;
  for (std::string line; std::getline(in, line);)
    if (!one_world || line.rfind("world", 0) != 0) text << line << "\n";
  return bs::config::load(text.str(), "run_journal.toml", "run_journal", {});
}

// Mode 0: the records the bytes frame, as a journal file at `path`.
void write_framed(const std::uint8_t* data, std::size_t size, const std::string& path) {
  bs::dist::Journal j = bs::dist::Journal::create(path, "fuzz");
  std::size_t at = 0;
  while (size - at >= 10) {
    std::uint64_t id = 0;
    std::uint16_t count = 0;
    std::memcpy(&id, data + at, 8);
    std::memcpy(&count, data + at + 8, 2);
    at += 10;
    const std::size_t n = std::min<std::size_t>(count, (size - at) / sizeof(double));
    std::vector<double> values(n);
    if (n > 0) std::memcpy(values.data(), data + at, n * sizeof(double));
    at += n * sizeof(double);
    j.append(id, values);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bs::config::Experiment two = experiment(false), one = experiment(true);
  if (size == 0) return 0;
  const bool one_world = (data[0] & 1u) != 0, raw = (data[0] & 2u) != 0;
  std::string path = bs::fuzz::write_input(data + 1, size - 1, ".journal");
  if (!raw) write_framed(data + 1, size - 1, path);
  bs::run::RunResults out;
  try {
    (void)bs::run::RunJournal::resume(path, "fuzz", one_world ? one : two, out);
  } catch (const std::runtime_error&) {  // JournalMismatch, JournalDamaged, a failed read
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return 0;
}
