// The RAII layer over HDF5: round trips, dimension scales, errors, determinism.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "experiments/io/hdf5/h5.hpp"

namespace h5 = buurtsim::h5;
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

// A fresh directory per test, removed afterwards.
class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("buurtsim_h5_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Each in-memory file needs its own name (HDF5 treats equal names as the same file).
std::string memory_name() {
  static int counter = 0;
  return "memory_" + std::to_string(++counter) + ".h5";
}

template <class T>
void expect_round_trip(h5::Group& g, const std::string& name, const std::vector<T>& values) {
  g.write(name, std::span<const T>(values), {"row", "col"}, "1", "a " + name + " matrix");
  EXPECT_EQ(g.read<T>(name), values) << name;
  EXPECT_THAT(g.shape(name), ElementsAre(2u, 3u)) << name;
  EXPECT_THAT(g.dims_of(name), ElementsAre("row", "col")) << name;
  EXPECT_EQ(g.dataset(name).get_attr_string("units"), "1");
  EXPECT_EQ(g.dataset(name).get_attr_string("long_name"), "a " + name + " matrix");
}

std::string h5_error_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const h5::Error& e) {
    return e.what();
  }
  return "(no h5::Error thrown)";
}

}  // namespace

TEST(H5, EveryElementTypeRoundTrips) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group g = file.root();
  g.write_dim("row", std::vector<std::int32_t>{0, 1}, "1", "row number");
  g.write_dim("col", std::vector<std::string>{"a", "b", "c"}, "column");
  expect_round_trip<double>(g, "f64", {0.5, -1.25, 1e300, std::numeric_limits<double>::min(), 0, 3});
  expect_round_trip<float>(g, "f32", {0.5f, -1.25f, 3e38f, 0, 1, 2});
  expect_round_trip<std::int32_t>(
      g, "i32", {std::numeric_limits<std::int32_t>::min(), -1, 0, 1, 2, std::numeric_limits<std::int32_t>::max()});
  expect_round_trip<std::int64_t>(
      g, "i64", {std::numeric_limits<std::int64_t>::min(), -1, 0, 1, 2, std::numeric_limits<std::int64_t>::max()});
  expect_round_trip<std::uint8_t>(g, "u8", {0, 1, 2, 127, 128, 255});
  expect_round_trip<std::uint32_t>(g, "u32", {0, 1, 2, 3, 4, 4294967295u});
  expect_round_trip<std::uint64_t>(g, "u64", {0, 1, 2, 3, 4, std::numeric_limits<std::uint64_t>::max()});
  // HDF5 converts on read.
  EXPECT_THAT(g.read<double>("i32"), ElementsAre(-2147483648.0, -1.0, 0.0, 1.0, 2.0, 2147483647.0));
}

TEST(H5, DimensionScalesOfEveryKind) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group g = file.root();
  g.write_dim("week", std::vector<std::int32_t>{0, 1, 2}, "week", "week after burn-in");
  g.write_dim("point", std::vector<std::int64_t>{10, 20}, "1", "design point");
  g.write_dim("level", std::vector<double>{0.5, 0.9}, "1", "interval level");
  g.write_dim("scenario", std::vector<std::string>{"baseline", "vba", "wijkveiligheid ü"}, "scenario");
  EXPECT_THAT(g.read<std::int32_t>("week"), ElementsAre(0, 1, 2));
  EXPECT_THAT(g.read<std::int64_t>("point"), ElementsAre(10, 20));
  EXPECT_THAT(g.read<double>("level"), ElementsAre(0.5, 0.9));
  EXPECT_THAT(g.read_strings("scenario"), ElementsAre("baseline", "vba", "wijkveiligheid ü"));
  EXPECT_EQ(g.dataset("week").get_attr_string("units"), "week");
  EXPECT_EQ(g.dataset("scenario").get_attr_string("units"), "");
  EXPECT_EQ(g.dataset("scenario").get_attr_string("long_name"), "scenario");
  EXPECT_EQ(g.dataset("scenario").get_attr_string("NAME"), "scenario");  // H5DSset_scale

  std::vector<double> values(3 * 2 * 2 * 3);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i);
  g.write("x", std::span<const double>(values), {"scenario", "point", "level", "week"}, "1", "x");
  EXPECT_THAT(g.dims_of("x"), ElementsAre("scenario", "point", "level", "week"));
  EXPECT_THAT(g.shape("x"), ElementsAre(3u, 2u, 2u, 3u));
  EXPECT_EQ(g.read<double>("x"), values);
  // A scale itself has no scales attached.
  EXPECT_THAT(g.dims_of("week"), ElementsAre(""));
}

TEST(H5, ZeroDimensionalAndEmpty) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group g = file.root();
  g.write("total", std::vector<double>{42.0}, {}, "eur", "a scalar");
  EXPECT_TRUE(g.shape("total").empty());
  EXPECT_THAT(g.read<double>("total"), ElementsAre(42.0));
  g.write_dim("none", std::vector<std::string>{}, "empty dimension");
  g.write("nothing", std::vector<double>{}, {"none"}, "1", "empty");
  EXPECT_THAT(g.shape("nothing"), ElementsAre(0u));
  EXPECT_TRUE(g.read<double>("nothing").empty());
  EXPECT_TRUE(g.read_strings("none").empty());
}

TEST(H5, AttributesRoundTripAndOverwrite) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group root = file.root();
  root.set_attr("kind", "run");
  root.set_attr("text", std::string("multi\nline ü, \"quoted\"\n") + std::string(100000, 'x'));
  root.set_attr("empty", std::string());
  root.set_attr("pi", 3.25);
  root.set_attr("neg", std::int64_t{-7});
  root.set_attr("seed", std::numeric_limits<std::uint64_t>::max());
  root.set_attr("small", 5);                // int goes to int64
  root.set_attr("count", std::size_t{12});  // size_t goes to uint64
  EXPECT_EQ(root.get_attr_string("kind"), "run");
  EXPECT_EQ(root.get_attr_string("text").size(), 100000u + 24u);
  EXPECT_THAT(root.get_attr_string("text"), HasSubstr("ü, \"quoted\""));
  EXPECT_EQ(root.get_attr_string("empty"), "");
  EXPECT_EQ(root.get_attr_double("pi"), 3.25);
  EXPECT_EQ(root.get_attr_int("neg"), -7);
  EXPECT_EQ(root.get_attr_uint("seed"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(root.get_attr_int("small"), 5);
  EXPECT_EQ(root.get_attr_uint("count"), 12u);
  EXPECT_EQ(root.get_attr_double("neg"), -7.0);  // integers read as double
  EXPECT_EQ(root.get_attr_int("count"), 12);     // small unsigned read as signed

  EXPECT_TRUE(root.has_attr("pi"));
  EXPECT_FALSE(root.has_attr("nope"));
  root.set_attr("pi", "three");  // overwrite with another type
  EXPECT_EQ(root.get_attr_string("pi"), "three");
  root.set_attr("pi", 3.0);
  EXPECT_EQ(root.get_attr_double("pi"), 3.0);

  // On datasets too.
  root.write_dim("week", std::vector<std::int32_t>{0, 1}, "week", "week");
  h5::Dataset ds = root.write("x", std::vector<double>{1, 2}, {"week"}, "1", "x");
  ds.set_attr("note", "hello");
  ds.set_attr("units", "eur");  // overwrite the one write() set
  EXPECT_EQ(root.dataset("x").get_attr_string("note"), "hello");
  EXPECT_EQ(root.dataset("x").get_attr_string("units"), "eur");

  // Wrong kinds and missing attributes are errors naming the attribute.
  EXPECT_THAT(h5_error_message([&] { (void)root.get_attr_double("kind"); }), HasSubstr("kind"));
  EXPECT_THAT(h5_error_message([&] { (void)root.get_attr_string("pi"); }), HasSubstr("pi"));
  EXPECT_THAT(h5_error_message([&] { (void)root.get_attr_int("pi"); }), HasSubstr("pi"));
  EXPECT_THAT(h5_error_message([&] { (void)root.get_attr_int("seed"); }), HasSubstr("too large"));
  EXPECT_THAT(h5_error_message([&] { (void)root.get_attr_uint("neg"); }), HasSubstr("negative"));
  EXPECT_THAT(h5_error_message([&] { (void)root.get_attr_string("missing"); }), HasSubstr("attribute missing of '/'"));
}

TEST(H5, NestedGroups) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group root = file.root();
  EXPECT_FALSE(root.has("a"));
  h5::Group b = root.group("a/b");
  EXPECT_EQ(b.path(), "/a/b");
  b.set_attr("x", 1.5);
  EXPECT_TRUE(root.has("a"));
  EXPECT_TRUE(root.has("a/b"));
  EXPECT_FALSE(root.has("a/c"));
  EXPECT_FALSE(root.has("z/c"));
  root.write("d", std::vector<double>{1}, {}, "1", "a scalar");
  EXPECT_FALSE(root.has("d/x"));  // a dataset holds nothing
  h5::Group a = root.group("a");  // opens, does not recreate
  EXPECT_TRUE(a.has("b"));
  EXPECT_EQ(a.group("b").get_attr_double("x"), 1.5);
  EXPECT_EQ(a.group("b/c").path(), "/a/b/c");
}

TEST(H5, MissingDimensionIsAnErrorNamingIt) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group root = file.root();
  root.write_dim("scenario", std::vector<std::string>{"baseline"}, "scenario");
  const std::string msg = h5_error_message([&] {
    root.write("x", std::vector<double>{1, 2}, {"scenario", "wave"}, "1", "x");
  });
  EXPECT_THAT(msg, HasSubstr("dimension 'wave' does not exist"));
  EXPECT_THAT(msg, HasSubstr("/x"));
  EXPECT_FALSE(root.has("x"));

  // Scales are not inherited: a sub-group needs its own copy.
  h5::Group survey = root.group("survey");
  EXPECT_THAT(h5_error_message([&] { survey.write("y", std::vector<double>{1}, {"scenario"}, "1", "y"); }),
              HasSubstr("dimension 'scenario' does not exist in group '/survey'"));

  // A 0-d dataset named like an enclosing group's dimension would break xarray.
  EXPECT_THAT(
      h5_error_message([&] { root.group("survey/deeper").write("scenario", std::vector<double>{1}, {}, "1", "s"); }),
      HasSubstr("cannot share its name with dimension '/scenario'"));
  survey.write("other", std::vector<double>{1}, {}, "1", "fine");

  // A dataset that is not a dimension scale cannot be used as one.
  root.write("plain", std::vector<double>{1}, {"scenario"}, "1", "plain");
  EXPECT_THAT(h5_error_message([&] { root.write("z", std::vector<double>{1}, {"plain"}, "1", "z"); }),
              HasSubstr("is not a 1-d dimension scale"));
}

TEST(H5, SizeMismatchIsAnError) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group root = file.root();
  root.write_dim("scenario", std::vector<std::string>{"a", "b"}, "scenario");
  root.write_dim("week", std::vector<std::int32_t>{0, 1, 2}, "week", "week");
  const std::string msg = h5_error_message([&] {
    root.write("x", std::vector<double>(5), {"scenario", "week"}, "1", "x");
  });
  EXPECT_THAT(msg, HasSubstr("data has 5 values but (scenario=2, week=3) needs 6"));
  EXPECT_THAT(h5_error_message([&] {
                root.write("y", std::vector<double>(4), {"scenario", "scenario"}, "1", "y");
              }),
              HasSubstr("named twice"));
}

TEST(H5, ExistingNamesAndMissingObjectsAreErrors) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group root = file.root();
  root.write_dim("week", std::vector<std::int32_t>{0}, "week", "week");
  const std::string again =
      h5_error_message([&] { root.write_dim("week", std::vector<std::int32_t>{0}, "week", "week"); });
  EXPECT_THAT(again, HasSubstr("creating dataset '/week'"));
  EXPECT_THAT(again, HasSubstr("already exists"));
  EXPECT_THAT(h5_error_message([&] { (void)root.read<double>("nope"); }),
              HasSubstr("opening dataset '/nope': no such dataset"));
  EXPECT_THAT(h5_error_message([&] { (void)root.read_strings("week"); }), HasSubstr("not a string dataset"));
}

TEST_F(TempDir, OpeningAMissingFileSaysWhy) {
  const std::string path = (dir_ / "missing.h5").string();
  const std::string msg = h5_error_message([&] { (void)h5::File::open_read(path); });
  EXPECT_THAT(msg, HasSubstr("opening file '" + path + "'"));
  EXPECT_THAT(msg, HasSubstr("No such file or directory"));
}

TEST(H5, LargeDatasetsAreChunkedAndCompressedSmallOnesNot) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group root = file.root();
  std::vector<std::int32_t> rows(400);
  std::vector<std::int32_t> cols(200);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int32_t>(i);
  for (std::size_t i = 0; i < cols.size(); ++i) cols[i] = static_cast<std::int32_t>(i);
  root.write_dim("row", rows, "1", "row");
  root.write_dim("col", cols, "1", "col");
  std::vector<double> big(rows.size() * cols.size());
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<double>(i % 97);
  root.write("big", big, {"row", "col"}, "1", "big");
  root.write("small", std::span<const double>(big).first(200), {"col"}, "1", "small");
  EXPECT_EQ(root.read<double>("big"), big);

  auto layout = [&](const std::string& name, std::vector<hsize_t>* chunk, int* filters) {
    const h5::Dataset ds = root.dataset(name);
    const hid_t dcpl = H5Dget_create_plist(ds.id());
    const H5D_layout_t l = H5Pget_layout(dcpl);
    if (l == H5D_CHUNKED) {
      chunk->resize(2);
      H5Pget_chunk(dcpl, 2, chunk->data());
    }
    *filters = H5Pget_nfilters(dcpl);
    H5Pclose(dcpl);
    return l;
  };
  std::vector<hsize_t> chunk;
  int filters = 0;
  EXPECT_EQ(layout("big", &chunk, &filters), H5D_CHUNKED);
  EXPECT_EQ(filters, 2);      // shuffle + deflate
  EXPECT_EQ(chunk[1], 200u);  // the last axis whole
  EXPECT_LE(chunk[0] * chunk[1], 32768u);
  EXPECT_EQ(layout("small", &chunk, &filters), H5D_CONTIGUOUS);
  EXPECT_EQ(filters, 0);
}

TEST(H5, ObjectsCarryNoTimestamps) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group root = file.root();
  h5::Group sub = root.group("sub/deeper");
  sub.write_dim("week", std::vector<std::int32_t>{0, 1}, "week", "week");
  const h5::Dataset ds = sub.write("x", std::vector<double>{1, 2}, {"week"}, "1", "x");
  const h5::Group parent = root.group("sub");
  const h5::Dataset scale = sub.dataset("week");
  for (hid_t id : {root.id(), parent.id(), sub.id(), ds.id(), scale.id()}) {
    H5O_info_t info;
    ASSERT_GE(H5Oget_info2(id, &info, H5O_INFO_TIME), 0);
    EXPECT_EQ(info.ctime, 0);
    EXPECT_EQ(info.mtime, 0);
  }
}

TEST(H5, ClosedFileMakesObjectsDeadNotDangerous) {
  h5::File file = h5::File::create_in_memory(memory_name());
  h5::Group root = file.root();
  file.close();
  EXPECT_FALSE(file.is_open());
  EXPECT_THROW(root.set_attr("x", 1.0), h5::Error);
  file.close();  // twice is fine
}

namespace {
// The same work, written twice, must give the same values.
void write_sample(const std::string& path) {
  h5::File file = h5::File::create(path);
  h5::Group root = file.root();
  root.set_attr("kind", "run");
  root.set_attr("seed", std::uint64_t{12345});
  root.write_dim("scenario", std::vector<std::string>{"baseline", "vba"}, "scenario");
  std::vector<std::int32_t> weeks(3000);
  for (std::size_t i = 0; i < weeks.size(); ++i) weeks[i] = static_cast<std::int32_t>(i);
  root.write_dim("week", weeks, "week", "week after burn-in");
  std::vector<double> x(2 * weeks.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.25 * static_cast<double>(i % 13);
  root.write("x", x, {"scenario", "week"}, "1", "x").set_attr("note", 2.5);
  h5::Group survey = root.group("survey");
  survey.write_dim("wave", std::vector<std::int32_t>{0, 1}, "1", "wave");
  survey.write("n", std::vector<std::int64_t>{800, 810}, {"wave"}, "1", "sample size");
  file.close();
}
}  // namespace

TEST_F(TempDir, SameWorkGivesSameValuesAndBytes) {
  const std::string a = (dir_ / "a.h5").string();
  const std::string b = (dir_ / "b.h5").string();
  write_sample(a);
  sleep(1);  // timestamps, were they stored, would now differ
  write_sample(b);
  const h5::File fa = h5::File::open_read(a);
  const h5::File fb = h5::File::open_read(b);
  const h5::Group ra = fa.root();
  const h5::Group rb = fb.root();
  EXPECT_EQ(ra.get_attr_string("kind"), rb.get_attr_string("kind"));
  EXPECT_EQ(ra.get_attr_uint("seed"), rb.get_attr_uint("seed"));
  EXPECT_EQ(ra.read_strings("scenario"), rb.read_strings("scenario"));
  EXPECT_EQ(ra.read<std::int32_t>("week"), rb.read<std::int32_t>("week"));
  EXPECT_EQ(ra.read<double>("x"), rb.read<double>("x"));
  EXPECT_EQ(ra.dataset("x").get_attr_double("note"), rb.dataset("x").get_attr_double("note"));
  EXPECT_EQ(ra.dataset("x").get_attr_string("long_name"), rb.dataset("x").get_attr_string("long_name"));
  EXPECT_EQ(ra.read<std::int64_t>("survey/n"), rb.read<std::int64_t>("survey/n"));
  EXPECT_EQ(ra.dims_of("x"), rb.dims_of("x"));
  // Without timestamps the bytes agree too (HDF5 1.10.8 here; values are what we promise).
  auto bytes = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(bytes(a), bytes(b));
}
