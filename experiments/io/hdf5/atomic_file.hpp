// The results-file lifecycle: write OUT.h5.partial, rename it to OUT.h5 only when complete,
// so an existing OUT.h5 survives a failed or interrupted command (docs/results.md, "Lifecycle").
#pragma once

#include <filesystem>
#include <optional>

#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::h5 {

// Makes `from` replace `to` durably: fsyncs `from`, renames it over `to` (atomically
// replacing an old one) and fsyncs the directory so the rename survives a crash. Both must be
// in the same directory (same file system). Throws Error naming the path and the reason.
void replace_durably(const std::filesystem::path& from, const std::filesystem::path& to);

class AtomicOutput {
 public:
  enum class Start {
    fresh,   // (re)create OUT.h5.partial, truncating any left from before
    resume,  // open an existing OUT.h5.partial read-write; create it when there is none
  };

  // Creates parent directories as needed and opens OUT.h5.partial. Throws Error (naming
  // the path and the reason) when that is impossible; OUT.h5 itself is never touched.
  explicit AtomicOutput(std::filesystem::path final_path, Start start = Start::fresh);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  // Without commit(): closes the file and leaves OUT.h5.partial in place.
  ~AtomicOutput();

  [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return final_; }
  [[nodiscard]] const std::filesystem::path& partial_path() const noexcept { return partial_; }
  [[nodiscard]] File& file();  // throws Error after commit() or discard()
  [[nodiscard]] bool committed() const noexcept { return committed_; }

  // Closes the file, fsyncs it, renames OUT.h5.partial to OUT.h5 (atomically replacing an
  // old one) and fsyncs the directory so the rename survives a crash.
  void commit();
  // Closes the file and removes OUT.h5.partial.
  void discard();

 private:
  std::filesystem::path final_;
  std::filesystem::path partial_;
  std::optional<File> file_;
  bool committed_ = false;
};

}  // namespace buurtsim::h5
