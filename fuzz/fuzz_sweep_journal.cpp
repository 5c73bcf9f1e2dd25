// libFuzzer target: the sweep journal reader (experiments/io/journal.hpp, Journal::resume) and
// the check of its records (experiments/io/sweep_rows.hpp). The identity is "fuzz"
// (scripts/fuzz_seeds.py writes journals with it). Any input must be read, repaired or refused
// with JournalMismatch, JournalDamaged or an I/O error; never a crash or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "experiments/io/journal.hpp"
#include "experiments/io/sweep_rows.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = buurtsim::fuzz::write_input(data, size, ".journal");
  buurtsim::sweep::PointShape shape;
  shape.scenarios = 1;
  shape.replicates = 1;
  shape.neighbourhoods = 1;
  try {
    buurtsim::dist::Journal j = buurtsim::dist::Journal::resume(
        path, "fuzz", [&](std::uint64_t, std::vector<double>&& row) { (void)buurtsim::sweep::row_damage(shape, row); });
  } catch (const buurtsim::dist::JournalMismatch&) {
  } catch (const buurtsim::dist::JournalDamaged&) {
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return 0;
}
