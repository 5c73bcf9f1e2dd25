// The results-file lifecycle: write OUT.h5.partial, rename it to OUT.h5 only when complete,
// so an existing OUT.h5 survives a failed or interrupted command (docs/results.md, "Lifecycle").
#pragma once

#include <filesystem>
#include <functional>
#include <optional>

#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::h5 {

// Asked at the point of no return; true: give up (a signal came), leave `to` as it was.
using StopCheck = std::function<bool()>;

// Makes `from` replace `to` durably: fsyncs `from`, renames it over `to` (atomically
// replacing an old one) and fsyncs the directory so the rename survives a crash. Both must be
// in the same directory (same file system). Throws Error naming the path and the reason.
// The point of no return is after the fsync, before the rename: `stop` is asked there, and when
// it says so nothing is renamed and false is returned (a signal after it no longer stops the
// rename). Test-only hook (docs/reliability.md): BUURTSIM_TEST_PAUSE_AT=point_of_no_return
// (or =after_point_of_no_return) prints "test: paused at <point>" to stderr there and waits
// (at most 20 s) until `stop` says so, so that a test can send a signal at that moment.
bool replace_durably(const std::filesystem::path& from, const std::filesystem::path& to, const StopCheck& stop = {});

class AtomicOutput {
 public:
  enum class Start {
    fresh,   // (re)create OUT.h5.partial, truncating any left from before
    resume,  // open an existing OUT.h5.partial read-write; create it when there is none
  };

  // Creates parent directories as needed and opens OUT.h5.partial. Throws Error (naming
  // the path and the reason) when that is impossible; OUT.h5 itself is never touched.
  // files::Refused when OUT.h5 is a special file, or read-only without `force`, or when what
  // lies at OUT.h5.partial is not a leftover of ours (a link, another user's file, a file
  // another buurtsim holds): the partial file is created exclusively, never through a link.
  explicit AtomicOutput(std::filesystem::path final_path, Start start = Start::fresh, bool force = false);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  // Without commit(): closes the file and leaves OUT.h5.partial in place.
  ~AtomicOutput();

  [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return final_; }
  [[nodiscard]] const std::filesystem::path& partial_path() const noexcept { return partial_; }
  [[nodiscard]] File& file();  // throws Error after commit() or discard()
  [[nodiscard]] bool committed() const noexcept { return committed_; }

  // Closes the file, fsyncs it, renames OUT.h5.partial to OUT.h5 (atomically replacing an
  // old one) and fsyncs the directory so the rename survives a crash. When `stop` says so at
  // the point of no return (replace_durably), OUT.h5.partial is left complete, OUT.h5 untouched,
  // and false is returned.
  bool commit(const StopCheck& stop = {});
  // Closes the file and removes OUT.h5.partial.
  void discard();

 private:
  std::filesystem::path final_;
  std::filesystem::path partial_;
  std::optional<File> file_;
  int lock_fd_ = -1;  // files::hold_lock on OUT.h5.partial until it is renamed or removed
  bool committed_ = false;
};

}  // namespace buurtsim::h5
