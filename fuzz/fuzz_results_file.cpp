// libFuzzer target: the results-file readers, a sweep file as `buurtsim sensitivity` reads it
// (experiments/io/sensitivity_file.hpp) and a calibration file as --posterior reads it
// (experiments/io/read_posterior.hpp). Any input must be read or refused with the readers' own
// errors. As in the product, each reader first runs itself in a child process
// (h5::probe_untrusted): an input that crashes libhdf5 crashes only that child, whose signal
// handlers are reset and whose sanitizer death callback is removed (so libFuzzer writes no
// artifact for it; ASan's report of a check failing inside libhdf5, such as memcpy's on
// overlapping ranges, is still printed; scripts/fuzz.sh keeps ASan's allow_user_segv_handler=1
// so that a SIGSEGV there ends the child quietly), and the reader refuses it with its own
// error, as buurtsim does. Only then does the reader run in this process, where a crash or a
// sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "experiments/analysis/sweep_sensitivity.hpp"
#include "experiments/config/config.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/read_posterior.hpp"
#include "experiments/io/sensitivity_file.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = [] {
    buurtsim::h5::no_cleanup_at_exit();
    return true;
  }();
  (void)quiet;
  const std::string path = buurtsim::fuzz::write_input(data, size, ".h5");
  try {
    const buurtsim::sweep::SweepResults s = buurtsim::sweep::read_sweep_results(path);
    std::vector<buurtsim::sweep::LeftOut> left_out;
    (void)buurtsim::sweep::make_targets(s, left_out);
  } catch (const buurtsim::sweep::SensitivityInputError&) {
  } catch (const buurtsim::h5::Error&) {
  }
  try {
    (void)buurtsim::uncertainty::read_posterior(path);
  } catch (const buurtsim::config::ConfigError&) {
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return 0;
}
