// The results-file lifecycle: OUT.h5.partial, renamed to OUT.h5 only on commit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "experiments/io/hdf5/atomic_file.hpp"
#include "experiments/io/hdf5/own_files.hpp"

namespace h5 = buurtsim::h5;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

class AtomicOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("buurtsim_atomic_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // An existing OUT.h5 from an earlier command, with known bytes.
  fs::path make_old_output(const std::string& name) {
    const fs::path out = dir_ / name;
    h5::File f = h5::File::create(out.string());
    f.root().set_attr("generation", "old");
    f.close();
    old_bytes_ = bytes(out);
    return out;
  }
  static std::vector<char> bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  static void write_something(h5::File& f) {
    h5::Group root = f.root();
    root.set_attr("generation", "new");
    root.write_dim("week", std::vector<std::int32_t>{0, 1, 2}, "week", "week");
    root.write("x", std::vector<double>{1, 2, 3}, {"week"}, "1", "x");
  }

  fs::path dir_;
  std::vector<char> old_bytes_;
};

}  // namespace

TEST_F(AtomicOutputTest, CommitRenamesPartialToFinal) {
  const fs::path out = make_old_output("out.h5");
  {
    h5::AtomicOutput o(out);
    EXPECT_EQ(o.partial_path(), dir_ / "out.h5.partial");
    EXPECT_TRUE(fs::exists(o.partial_path()));
    write_something(o.file());
    o.file().flush();
    EXPECT_EQ(bytes(out), old_bytes_);  // untouched while writing
    o.commit();
    EXPECT_TRUE(o.committed());
    EXPECT_THROW((void)o.file(), h5::Error);
  }
  EXPECT_FALSE(fs::exists(dir_ / "out.h5.partial"));
  const h5::File f = h5::File::open_read(out.string());
  EXPECT_EQ(f.root().get_attr_string("generation"), "new");
  EXPECT_EQ(f.root().read<double>("x"), (std::vector<double>{1, 2, 3}));
}

TEST_F(AtomicOutputTest, ObjectsStillOpenDoNotBlockCommit) {
  const fs::path out = dir_ / "out.h5";
  h5::AtomicOutput o(out);
  h5::Group kept = o.file().root().group("kept");  // still open at commit
  kept.set_attr("x", 1.0);
  o.commit();
  EXPECT_TRUE(fs::exists(out));
  EXPECT_EQ(h5::File::open_read(out.string()).root().group("kept").get_attr_double("x"), 1.0);
}

TEST_F(AtomicOutputTest, NoCommitLeavesPartialAndOldOutputUntouched) {
  const fs::path out = make_old_output("out.h5");
  {
    h5::AtomicOutput o(out);
    write_something(o.file());
  }  // e.g. an exception unwinds past it
  EXPECT_EQ(bytes(out), old_bytes_);
  ASSERT_TRUE(fs::exists(dir_ / "out.h5.partial"));
  // What was written is in the partial file, closed properly.
  const h5::File f = h5::File::open_read((dir_ / "out.h5.partial").string());
  EXPECT_EQ(f.root().get_attr_string("generation"), "new");
}

TEST_F(AtomicOutputTest, DiscardRemovesPartial) {
  const fs::path out = make_old_output("out.h5");
  h5::AtomicOutput o(out);
  write_something(o.file());
  o.discard();
  EXPECT_FALSE(fs::exists(dir_ / "out.h5.partial"));
  EXPECT_EQ(bytes(out), old_bytes_);
}

TEST_F(AtomicOutputTest, ResumeContinuesPartialFreshTruncatesIt) {
  const fs::path out = dir_ / "out.h5";
  {
    h5::AtomicOutput o(out);
    o.file().root().set_attr("done", std::int64_t{3});
  }
  {
    h5::AtomicOutput o(out, h5::AtomicOutput::Start::resume);
    EXPECT_EQ(o.file().root().get_attr_int("done"), 3);
    o.file().root().set_attr("done", std::int64_t{4});
  }
  {
    h5::AtomicOutput o(out, h5::AtomicOutput::Start::fresh);
    EXPECT_FALSE(o.file().root().has_attr("done"));
  }
  {
    h5::AtomicOutput o(dir_ / "other.h5", h5::AtomicOutput::Start::resume);  // none: create
    EXPECT_FALSE(o.file().root().has_attr("done"));
  }
}

TEST_F(AtomicOutputTest, CreatesParentDirectories) {
  const fs::path out = dir_ / "results" / "deeper" / "out.h5";
  h5::AtomicOutput o(out);
  o.commit();
  EXPECT_TRUE(fs::exists(out));
}

TEST_F(AtomicOutputTest, UnwritablePlaceThrowsClearly) {
  // Tests run as root, so permissions cannot stop us: use a regular file as "directory".
  const fs::path blocker = dir_ / "file.txt";
  std::ofstream(blocker) << "not a directory\n";
  try {
    h5::AtomicOutput o(blocker / "out.h5");
    FAIL() << "no error";
  } catch (const h5::Error& e) {
    EXPECT_THAT(e.what(), HasSubstr((blocker / "out.h5").string()));
    EXPECT_THAT(e.what(), HasSubstr("Not a directory"));
  }
}

TEST_F(AtomicOutputTest, FailureToCreatePartialLeavesOldOutputUntouched) {
  const fs::path out = make_old_output("out.h5");
  fs::create_directory(dir_ / "out.h5.partial");  // the partial name is taken by a directory
  try {
    h5::AtomicOutput o(out);
    FAIL() << "no error";
  } catch (const buurtsim::files::Refused& e) {  // never removed or written into: not a file of ours
    EXPECT_THAT(e.what(), HasSubstr("'" + (dir_ / "out.h5.partial").string() + "' is in the way"));
    EXPECT_THAT(e.what(), HasSubstr("a directory"));
  }
  EXPECT_TRUE(fs::is_directory(dir_ / "out.h5.partial"));
  EXPECT_EQ(bytes(out), old_bytes_);
}

TEST_F(AtomicOutputTest, FailedRenameThrowsAndKeepsPartial) {
  const fs::path out = dir_ / "out.h5";
  h5::AtomicOutput o(out);                   // (a directory already there would be refused here)
  fs::create_directories(out / "occupied");  // a non-empty directory cannot be replaced
  write_something(o.file());
  try {
    o.commit();
    FAIL() << "no error";
  } catch (const h5::Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("renaming"));
    EXPECT_THAT(e.what(), HasSubstr(out.string()));
  }
  EXPECT_FALSE(o.committed());
  EXPECT_TRUE(fs::exists(o.partial_path()));
  EXPECT_TRUE(fs::is_directory(out / "occupied"));
}
