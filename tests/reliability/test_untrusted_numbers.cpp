// Issue 20, item 4: untrusted numbers never flow silently (docs/reliability.md, "Untrusted
// numbers"). Each test is one failure that was seen, at the unit that now guards against it;
// the command-line cases are in test_untrusted_numbers.py.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "experiments/analysis/calibration.hpp"
#include "experiments/analysis/calibration_targets.hpp"
#include "experiments/analysis/sweep_sensitivity.hpp"
#include "experiments/config/calibration_section.hpp"
#include "experiments/config/plain_text.hpp"
#include "experiments/io/calibration_journal.hpp"
#include "experiments/io/journal.hpp"
#include "experiments/io/observed_csv.hpp"
#include "experiments/io/sweep_rows.hpp"
#include "model/outcomes.hpp"
#include "model/params.hpp"

namespace buurtsim {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("buurtsim-untrusted-" + std::to_string(::getpid()) + "-" + name);
}

// The byte offset of the count field of record `k` of a journal whose records hold `values`
// doubles each.
std::size_t count_offset(const std::string& identity, std::size_t k, std::size_t values) {
  return 8 + 8 + identity.size() + k * (3 * 8 + values * 8) + 8;
}

void flip_bit(const fs::path& p, std::size_t byte, int bit) {
  std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(byte));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ (1 << bit));
  f.seekp(static_cast<std::streamoff>(byte));
  f.write(&c, 1);
}

// A flipped bit in a record's count field (bit 30: a claim of 8 GiB) is damage: the record and
// what follows are dropped, without allocating for the claim. Under a 1 GiB address-space limit
// the unguarded reader ends in std::bad_alloc.
TEST(UntrustedNumbers, JournalCountFlipAllocatesNothing) {
  const fs::path p = temp_path("count.journal");
  {
    dist::Journal j = dist::Journal::create(p, "id");
    for (std::uint64_t k = 0; k < 3; ++k) j.append(k, {1.0, 2.0, 3.0});
  }
  flip_bit(p, count_offset("id", 1, 3) + 3, 6);  // byte 3 bit 6 = bit 30 of the count
#if !defined(__SANITIZE_ADDRESS__) && !(defined(__has_feature) && __has_feature(address_sanitizer))
  rlimit old{};
  ::getrlimit(RLIMIT_AS, &old);
  rlimit cap = old;
  cap.rlim_cur = std::min<rlim_t>(old.rlim_max, rlim_t{1} << 30);
  ::setrlimit(RLIMIT_AS, &cap);
#endif
  std::vector<std::uint64_t> read;
  EXPECT_NO_THROW({
    dist::Journal j =
        dist::Journal::resume(p, "id", [&](std::uint64_t id, std::vector<double>&&) { read.push_back(id); });
  });
#if !defined(__SANITIZE_ADDRESS__) && !(defined(__has_feature) && __has_feature(address_sanitizer))
  ::setrlimit(RLIMIT_AS, &old);
#endif
  EXPECT_EQ(read, std::vector<std::uint64_t>{0});
  fs::remove(p);
}

// A damaged header is JournalDamaged (the sweep then exits 2 saying how to start over).
TEST(UntrustedNumbers, JournalHeaderDamageIsItsOwnError) {
  const fs::path p = temp_path("header.journal");
  { dist::Journal j = dist::Journal::create(p, "id"); }
  flip_bit(p, 2, 1);
  EXPECT_THROW(dist::Journal::resume(p, "id", [](std::uint64_t, std::vector<double>&&) {}), dist::JournalDamaged);
  fs::remove(p);
}

sweep::PointShape one_cell() {
  sweep::PointShape s;
  s.scenarios = s.replicates = s.neighbourhoods = 1;
  return s;
}

// A record with a valid checksum but numbers no simulation gives is not a finished point.
TEST(UntrustedNumbers, SweepRecordWithNaNCountIsNotAPoint) {
  const sweep::PointShape shape = one_cell();
  std::vector<double> row(shape.size(), 1.0);
  EXPECT_EQ(sweep::row_damage(shape, row), "");
  const auto outcomes = all_outcomes();
  std::size_t count = outcomes.size(), share = outcomes.size();
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    if (outcomes[o].pooling == Pooling::Sum && count == outcomes.size()) count = o;
    if (outcomes[o].pooling == Pooling::Mean && share == outcomes.size()) share = o;
  }
  ASSERT_LT(count, outcomes.size());
  ASSERT_LT(share, outcomes.size());
  row[share] = kNaN;  // a share of no one (no reports this quarter): a result
  EXPECT_EQ(sweep::row_damage(shape, row), "");
  row[count] = kNaN;
  EXPECT_NE(sweep::row_damage(shape, row).find("is not a number"), std::string::npos);
  std::vector<double> all_nan(shape.size(), kNaN);
  EXPECT_NE(sweep::row_damage(shape, all_nan), "");
  std::vector<double> inf(shape.size(), 1.0);
  inf[share] = std::numeric_limits<double>::infinity();
  EXPECT_NE(sweep::row_damage(shape, inf), "");
  EXPECT_NE(sweep::row_damage(shape, std::vector<double>(3, 1.0)).find("holds 3 values"), std::string::npos);
}

calibration::Generation small_generation() {
  calibration::Generation g;
  g.tolerance = 2;
  g.proposals = 10;
  g.invalid = 1;
  g.acceptance_rate = 0.3;
  g.ess = 2.5;
  g.theta = Eigen::MatrixXd::Constant(3, 2, 0.5);
  g.weights = {0.2, 0.3, 0.5};
  g.distances = {0.1, 0.2, 0.3};
  return g;
}

std::string unpack_error(std::vector<double> v) {
  try {
    (void)calibration::unpack(v);
  } catch (const std::invalid_argument& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("another exception: ") + e.what();
  }
  return "";
}

// The crafted record that gave "vector::_M_range_check: __n (which is 82) >= this->size()".
TEST(UntrustedNumbers, CalibrationRecordCountsAreChecked) {
  const std::vector<double> good = calibration::pack({small_generation()});
  EXPECT_EQ(unpack_error(good), "");
  std::vector<double> v = good;
  v[8] = 82;  // particles
  EXPECT_NE(unpack_error(v).find("number of particles (82) is out of range"), std::string::npos) << unpack_error(v);
  v = good;
  v[9] = 3;  // parameters: 3 x (3 + 2) values do not fit in what is left
  EXPECT_NE(unpack_error(v).find("do not fit"), std::string::npos) << unpack_error(v);
  v = good;
  v[8] = 1e300;
  EXPECT_NE(unpack_error(v).find("out of range"), std::string::npos) << unpack_error(v);
  v = good;
  v[0] = kNaN;
  EXPECT_NE(unpack_error(v).find("out of range"), std::string::npos) << unpack_error(v);
  v = good;
  v[10] = kNaN;  // a particle
  EXPECT_NE(unpack_error(v).find("not a finite number"), std::string::npos) << unpack_error(v);
  v = good;
  v.push_back(1);
  EXPECT_NE(unpack_error(v).find("left over"), std::string::npos) << unpack_error(v);
}

// Through the journal: a clear message naming the file and the generation.
TEST(UntrustedNumbers, CalibrationJournalSaysWhichRecordIsDamaged) {
  const fs::path p = temp_path("cal.journal");
  const calibration::Identity id{"test", 1, 2};
  std::vector<double> bad = calibration::pack({small_generation()});
  bad[8] = 82;
  {
    // Written as dist::Journal records directly: a record with a valid checksum.
    calibration::Journal j = calibration::Journal::create(p, id);
  }
  {
    std::vector<calibration::Generation> none;
    dist::Journal raw =
        dist::Journal::resume(p, "buurtsim calibration\nversion test\nconfig 0000000000000001\ndata 0000000000000002\n",
                              [](std::uint64_t, std::vector<double>&&) {});
    raw.append(0, bad);
  }
  std::vector<calibration::Generation> finished;
  try {
    (void)calibration::Journal::resume(p, id, finished);
    ADD_FAILURE() << "the damaged record was accepted";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("the record of generation 0 is damaged (its number of particles (82)"), std::string::npos)
        << what;
    EXPECT_EQ(what.find("_M_range_check"), std::string::npos) << what;
  }
  fs::remove(p);
}

// NaN or infinite indices are never results: the target is left out as undefined.
TEST(UntrustedNumbers, NonFiniteIndicesLeaveTheTargetOut) {
  std::vector<sweep::Target> targets(2);
  targets[0].label = "a";
  targets[1].label = "b";
  std::vector<sweep::IndexResult> results(2);
  for (auto& r : results) r.column.assign(6, std::vector<double>{0.5, 0.25});
  results[1].column[3][1] = std::numeric_limits<double>::infinity();  // one total index
  std::vector<sweep::LeftOut> left_out;
  sweep::drop_undefined(sweep::Method::Sobol, targets, results, left_out);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].label, "a");
  ASSERT_EQ(left_out.size(), 1u);
  EXPECT_EQ(left_out[0].label, "b");
  EXPECT_EQ(left_out[0].reason, sweep::kLeftOutUndefined);
}

// An out-of-range whole number is shown as given, not cut to 32 bits (10^12 was -727379968).
TEST(UntrustedNumbers, LargeWholeNumbersShownWhole) {
  const ParamSpec& spec = param(*find_param("survey.target_responses"));
  EXPECT_EQ(spec.format(1e12), "1000000000000");
  EXPECT_EQ(spec.format(400), "400");
}

// Text files that are not text: a clean message, no raw bytes.
TEST(UntrustedNumbers, NotPlainTextIsNamed) {
  EXPECT_EQ(not_plain_text("a = 1\n", true), std::nullopt);
  EXPECT_NE(not_plain_text(std::string_view("\xFF\xFE"
                                            "a\0",
                                            4),
                           true)
                .value_or("")
                .find("UTF-16"),
            std::string::npos);
  EXPECT_NE(not_plain_text(std::string_view("a = 1\nb\0", 8), true).value_or("").find("NUL byte on line 2"),
            std::string::npos);
  EXPECT_NE(not_plain_text("caf\xE9\n", true).value_or("").find("not UTF-8 on line 1"), std::string::npos);
  EXPECT_EQ(not_plain_text("caf\xE9\n", false), std::nullopt);  // an 8-bit data export passes
  EXPECT_EQ(printable("a\nb\xE9 ë"), "a\\x0Ab\\xE9 ë");
}

const char* kCalibrationConfig = R"(model = "buurtsim"
weeks = 120
burn_in_weeks = 10
start_date = "2019-01-07"
[[neighbourhood]]
name = "Noord"
residents = 500
[calibration]
particles = 20
[[calibration.parameter]]
name = "fear.offset"
)";

std::string data_error(const std::string& csv) {
  const config::Experiment e = config::load(kCalibrationConfig, "c.toml", "c", {});
  try {
    (void)calibration::match_targets(calibration::parse_observed(csv, "obs.csv"), calibration::settings_of(e), e);
  } catch (const calibration::DataError& err) {
    return err.what();
  }
  return "";
}

// A row whose standard error no survey has (or whose n no survey reaches) made every distance
// infinite and the posterior the prior, exit 0: refused with its line.
TEST(UntrustedNumbers, DegenerateStandardErrorRefusedWithItsLine) {
  const std::string head = "neighbourhood,period,indicator,value,n,se\n";
  EXPECT_EQ(data_error(head + "Noord,2019,unsafe_sometimes_pct,30,,1.5\n"), "");
  EXPECT_NE(
      data_error(head + "Noord,2019,unsafe_sometimes_pct,30,,1e-300\n").find("obs.csv:2: 'se' 1e-300 is too small"),
      std::string::npos)
      << data_error(head + "Noord,2019,unsafe_sometimes_pct,30,,1e-300\n");
  EXPECT_NE(data_error(head + "Noord,2019,unsafe_sometimes_pct,30,1e300,\n").find("obs.csv:2: 'n' 1e+300"),
            std::string::npos)
      << data_error(head + "Noord,2019,unsafe_sometimes_pct,30,1e300,\n");
}

}  // namespace
}  // namespace buurtsim
