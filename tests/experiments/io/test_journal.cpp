// The journal beside a results file (experiments/io/journal.hpp), which sweep and calibrate
// both resume from: records back bit for bit, a torn last record dropped, another identity refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "experiments/io/journal.hpp"

namespace dist = buurtsim::dist;
namespace fs = std::filesystem;

namespace {

using Records = std::vector<std::pair<std::uint64_t, std::vector<double>>>;

auto into(Records& r) {
  return [&r](std::uint64_t id, std::vector<double>&& v) { r.emplace_back(id, std::move(v)); };
}

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("buurtsim_journal_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "out.h5.journal";
  }
  void TearDown() override { fs::remove_all(dir_); }

  Records resume(const std::string& identity) {
    Records r;
    dist::Journal::resume(path_, identity, into(r));
    return r;
  }

  fs::path dir_, path_;
};

// Compared by their bits: NaN payloads and the sign of zero must come back too.
std::vector<std::uint64_t> bits(const std::vector<double>& v) {
  std::vector<std::uint64_t> b;
  for (const double x : v) b.push_back(std::bit_cast<std::uint64_t>(x));
  return b;
}

TEST_F(JournalTest, RecordsComeBackBitForBitAndAppendingContinues) {
  const std::vector<double> odd{0.1,
                                -0.0,
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::denorm_min(),
                                std::nextafter(1.0, 2.0)};
  {
    dist::Journal j = dist::Journal::create(path_, "id");
    j.append(7, odd);
    j.append(3, {});
  }
  {
    Records r;
    dist::Journal j = dist::Journal::resume(path_, "id", into(r));
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].first, 7u);
    EXPECT_EQ(bits(r[0].second), bits(odd));
    EXPECT_EQ(r[1].first, 3u);
    EXPECT_TRUE(r[1].second.empty());
    j.append(9, {2.5});
  }
  const Records r = resume("id");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2].first, 9u);
  EXPECT_EQ(r[2].second, std::vector<double>{2.5});
}

TEST_F(JournalTest, CreateReplacesAnOldJournal) {
  { dist::Journal::create(path_, "old").append(1, {1.0}); }
  { dist::Journal::create(path_, "new"); }
  EXPECT_TRUE(resume("new").empty());
}

TEST_F(JournalTest, TornLastRecordIsDroppedAndCutOff) {
  {
    dist::Journal j = dist::Journal::create(path_, "id");
    j.append(0, {1.0, 2.0});
    j.append(1, {3.0, 4.0});
  }
  const auto whole = fs::file_size(path_);
  {  // a crash in the middle of the third record's write
    dist::Journal::create(dir_ / "scratch", "id").append(2, {5.0, 6.0});
    std::ifstream in(dir_ / "scratch", std::ios::binary);
    const std::string scratch((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string record = scratch.substr(scratch.size() - (4 * 8 + 8));  // id, count, 2 values, checksum
    std::ofstream(path_, std::ios::binary | std::ios::app) << record.substr(0, record.size() - 3);
  }
  {
    Records r;
    dist::Journal j = dist::Journal::resume(path_, "id", into(r));
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[1].second, (std::vector<double>{3.0, 4.0}));
    EXPECT_EQ(fs::file_size(path_), whole);  // cut, so the next record follows the last whole one
    j.append(2, {5.0, 6.0});
  }
  const Records r = resume("id");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2].second, (std::vector<double>{5.0, 6.0}));
}

TEST_F(JournalTest, CorruptRecordDropsItAndEverythingAfter) {
  {
    dist::Journal j = dist::Journal::create(path_, "id");
    j.append(0, {1.0});
    j.append(1, {2.0});
    j.append(2, {3.0});
  }
  {  // flip a byte of the second record's value: its checksum fails
    std::fstream f(path_, std::ios::binary | std::ios::in | std::ios::out);
    const auto record = static_cast<std::streamoff>(8 + 8 + 8 + 8);  // id, count, one value, checksum
    f.seekp(static_cast<std::streamoff>(fs::file_size(path_)) - 2 * record + 16);
    f.put('\x7f');
  }
  const Records r = resume("id");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first, 0u);
}

TEST_F(JournalTest, AnotherIdentityIsRefusedWithTheStoredOne) {
  {
    dist::Journal j = dist::Journal::create(path_, "buurtsim 1\nconfig A\n");
    j.append(0, {1.0});
  }
  const auto size = fs::file_size(path_);
  try {
    resume("buurtsim 1\nconfig B\n");
    FAIL() << "resumed a journal of another identity";
  } catch (const dist::JournalMismatch& m) {
    EXPECT_EQ(std::string(m.what()), path_.string());
    EXPECT_EQ(m.stored(), "buurtsim 1\nconfig A\n");
  }
  EXPECT_EQ(fs::file_size(path_), size);  // left as it was
  EXPECT_EQ(resume("buurtsim 1\nconfig A\n").size(), 1u);
}

TEST_F(JournalTest, OtherFilesAreNotJournals) {
  std::ofstream(path_) << "buurtsim-calibration-journal 1\nversion x\n";
  try {
    resume("id");
    FAIL() << "read a text file as a journal";
  } catch (const dist::JournalMismatch&) {
    FAIL() << "a text file taken for a journal of another identity";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not a buurtsim journal"), std::string::npos) << e.what();
  }
  fs::remove(path_);
  EXPECT_THROW(resume("id"), std::runtime_error);  // missing
}

TEST_F(JournalTest, RemoveDeletesTheFile) {
  dist::Journal j = dist::Journal::create(path_, "id");
  j.append(0, {1.0});
  j.remove();
  EXPECT_FALSE(fs::exists(path_));
}

}  // namespace
