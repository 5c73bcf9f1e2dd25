// Issue 20: a results file that crashes Debian's HDF5 1.10 is read in a child process first
// (h5::probe_untrusted; docs/reliability.md, "Findings, fixed"). The command-line cases are in
// test_damaged_hdf5.py.
#include <gtest/gtest.h>
#include <tbb/task_group.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/hdf5/probe_untrusted.hpp"

// Present only in a sanitizer build (as in experiments/io/hdf5/probe_untrusted.cpp).
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));  // NOLINT

namespace buurtsim {
namespace {

namespace fs = std::filesystem;

const std::string kCrashing = std::string(BUURTSIM_TEST_SOURCE_DIR) + "/fuzz/findings/results_file_h5hg_read_segv.h5";
// The fuzzer's second finding: reading the root's string attribute `kind` loops in H5HG_read.
const std::string kLooping = std::string(BUURTSIM_TEST_SOURCE_DIR) + "/fuzz/findings/results_file_h5hg_read_loop.h5";

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("buurtsim-probe-" + std::to_string(::getpid()) + "-" + name);
}

// A file with what buurtsim's files hold: string and number attributes, a string dimension
// scale, a numeric dataset along it and a sub-group.
fs::path good_file() {
  const fs::path p = temp_path("good.h5");
  h5::File f = h5::File::create(p.string());
  h5::Group root = f.root();
  root.set_attr("kind", "sweep");
  root.set_attr("points", 3);
  h5::Group g = root.group("design");
  g.write_dim("parameter", std::vector<std::string>{"a", "b", "c"}, "parameter");
  const std::vector<double> v{1.0, 2.0, 3.0};
  g.write("value", v, {"parameter"}, "1", "a value");
  f.close();
  return p;
}

// What a reader does first: open the file and read the root's string attribute `kind` (on the
// finding this crashes HDF5 1.10 in H5HG_read).
void read_kind(const std::string& path) { (void)h5::File::open_read(path).root().get_attr_string("kind"); }

std::string damaged_message() {
  try {
    h5::probe_untrusted(kCrashing, [] { read_kind(kCrashing); });
  } catch (const h5::Damaged& e) {
    return e.what();
  }
  return "";
}

TEST(ProbeUntrusted, AFileThatCrashesHdf5IsRefusedWithTheSignal) {
  ASSERT_TRUE(fs::exists(kCrashing)) << kCrashing;
  const std::string message = damaged_message();
  EXPECT_NE(message.find(kCrashing + " is damaged: reading it makes the HDF5 library crash (signal 11, SIGSEGV)"),
            std::string::npos)
      << message;
}

// Refused after the probe's bound of processor time (3 s for a file under 1 MiB), not waited for
// without end; about 3 s of this suite.
TEST(ProbeUntrusted, AFileThatMakesHdf5LoopIsRefusedInBoundedTime) {
  ASSERT_TRUE(fs::exists(kLooping)) << kLooping;
  ASSERT_LT(fs::file_size(kLooping), std::uintmax_t{1} << 20);
  const auto started = std::chrono::steady_clock::now();
  std::string message;
  try {
    h5::probe_untrusted(kLooping, [] { read_kind(kLooping); });
  } catch (const h5::Damaged& e) {
    message = e.what();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_NE(message.find(kLooping + " is damaged: reading it keeps the HDF5 library busy without end (stopped after " +
                         std::to_string(h5::kProbeCpuFloorSeconds) + " s of processor time)"),
            std::string::npos)
      << message;
  // Processor time, not wall time, is bounded; on a machine shared with the rest of the suite the
  // wall time is longer, but not unbounded.
  EXPECT_LT(seconds, 300.0);
}

TEST(ProbeUntrusted, AGoodFileAndAFileHdf5RefusesPass) {
  const fs::path good = good_file();
  EXPECT_NO_THROW(h5::probe_untrusted(good.string(), [&] { read_kind(good.string()); }));
  const fs::path text = temp_path("not-hdf5.h5");
  std::ofstream(text) << "not an HDF5 file\n";
  // HDF5's error (an exception in the child) is the real reader's to word.
  EXPECT_NO_THROW(h5::probe_untrusted(text.string(), [&] { read_kind(text.string()); }));
  const std::string absent = temp_path("absent.h5").string();
  EXPECT_NO_THROW(h5::probe_untrusted(absent, [&] { read_kind(absent); }));
  // The probe leaves HDF5 in this process as it was: the good file still reads.
  const h5::File f = h5::File::open_read(good.string());
  EXPECT_EQ(f.root().get_attr_string("kind"), "sweep");
  EXPECT_EQ(f.root().group("design").read<double>("value").size(), 3U);
  fs::remove(good);
  fs::remove(text);
}

TEST(ProbeUntrusted, NamesTheSignalAndLeavesOtherEndsToTheReader) {
  try {
    h5::probe_untrusted("x.h5", [] { std::abort(); });
    ADD_FAILURE() << "no Damaged for an abort";
  } catch (const h5::Damaged& e) {
    EXPECT_NE(std::string(e.what()).find("x.h5 is damaged: reading it makes the HDF5 library crash (signal " +
                                         std::to_string(SIGABRT) + ", SIGABRT)"),
              std::string::npos)
        << e.what();
  }
  // Killed from outside (a Ctrl-C, the kernel's out-of-memory killer): not the file's fault.
  EXPECT_NO_THROW(h5::probe_untrusted("x.h5", [] { ::raise(SIGKILL); }));
  EXPECT_NO_THROW(h5::probe_untrusted("x.h5", [] { throw std::runtime_error("the reader's own error"); }));
}

// The commands probe with TBB's worker threads alive (and possibly busy): the child has only
// the calling thread, which is all the reader needs.
TEST(ProbeUntrusted, WorksWhileTbbThreadsAreBusy) {
  const fs::path good = good_file();
  std::atomic<bool> done{false};
  std::atomic<int> spinning{0};
  tbb::task_group workers;
  for (int i = 0; i < 4; ++i)
    workers.run([&] {
      ++spinning;
      while (!done) std::this_thread::sleep_for(std::chrono::microseconds(50));
    });
  for (int i = 0; i < 200 && spinning == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(damaged_message().find("SIGSEGV"), std::string::npos);
    EXPECT_NO_THROW(h5::probe_untrusted(good.string(), [&] { read_kind(good.string()); }));
  }
  done = true;
  workers.wait();
  fs::remove(good);
}

// In a sanitizer build a fuzzer registers a death callback that writes the input as a crash
// artifact whenever a sanitizer reports an error. In the probe's child, where a sanitizer's check
// failing inside libhdf5 (memcpy on overlapping ranges, from H5HG_read) is the file's damage, not
// a finding, that callback is not run. Elsewhere the callback does not exist and the test skips.
fs::path g_marker;
void mark_death() { std::ofstream(g_marker) << "artifact"; }

TEST(ProbeUntrusted, TheChildRunsNoSanitizerDeathCallback) {
  if (__sanitizer_set_death_callback == nullptr) GTEST_SKIP() << "not a sanitizer build";
  g_marker = temp_path("death-callback-ran");
  fs::remove(g_marker);
  __sanitizer_set_death_callback(mark_death);
  const fs::path good = good_file();
  try {
    h5::probe_untrusted(good.string(), [] {
      char buffer[16] = "0123456789abcde";
      char* volatile from = buffer + 1;
      volatile std::size_t n = 8;
      std::memcpy(buffer, from, n);         // overlapping: the sanitizer reports it and ends the child
      if (buffer[0] == '\0') std::abort();  // (reads the copy, so that it is not optimised away)
    });
  } catch (const h5::Damaged&) {  // abort_on_error=1: the child ends by SIGABRT
  }
  __sanitizer_set_death_callback(nullptr);
  EXPECT_FALSE(fs::exists(g_marker)) << "the death callback ran in the child";
  fs::remove(g_marker);
  fs::remove(good);
}

}  // namespace
}  // namespace buurtsim
