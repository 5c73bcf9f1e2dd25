// What the layer writes opens in xarray (engine h5netcdf), group by group, as labelled arrays.
// Runs tests/experiments/io/hdf5/check_xarray.py under Debian's Python on a small file.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/io/hdf5/h5.hpp"

namespace h5 = buurtsim::h5;
namespace fs = std::filesystem;

namespace {

// The source tree, from tests/CMakeLists.txt.
fs::path source_dir() { return BUURTSIM_TEST_SOURCE_DIR; }

void write_sample(const std::string& path) {
  h5::File file = h5::File::create(path);
  h5::Group root = file.root();
  root.set_attr("kind", "run");
  root.set_attr("seed", std::uint64_t{42});
  const std::vector<std::string> scenarios{"baseline", "vba", "wijkveiligheid"};
  root.write_dim("scenario", scenarios, "scenario");
  root.write_dim("week", std::vector<std::int32_t>{0, 1, 2, 3}, "week", "week after burn-in");
  std::vector<double> fear(3 * 4);
  for (std::size_t i = 0; i < fear.size(); ++i) fear[i] = static_cast<double>(i);
  root.write("fear_mean", fear, {"scenario", "week"}, "1", "mean fear of crime");
  root.write("incidents", std::vector<std::uint32_t>(12, 7), {"scenario", "week"}, "1", "incidents per week");
  root.write("total_cost", std::vector<double>{1.5e6}, {}, "eur", "total cost");

  // A sub-group repeats the label datasets it uses: scales are not inherited.
  h5::Group survey = root.group("survey");
  survey.write_dim("scenario", scenarios, "scenario");
  survey.write_dim("wave", std::vector<std::int32_t>{0, 1}, "1", "survey wave");
  survey.write("week", std::vector<std::int32_t>{10, 62}, {"wave"}, "week", "week of the survey wave");
  survey.write("unsafe_sometimes_pct", std::vector<double>{30, 31, 28, 27, 29, 30}, {"scenario", "wave"}, "%",
               "feels unsafe sometimes");

  // An intermediate group with nothing but a sub-group, and a nested one with a real dim.
  h5::Group detail = root.group("cba/detail");
  detail.write_dim("draw", std::vector<std::int64_t>{0, 1, 2}, "1", "Monte Carlo draw");
  detail.write("npv_eur", std::vector<float>{1.f, 2.f, 3.f}, {"draw"}, "eur", "net present value");
  file.close();
}

}  // namespace

TEST(H5Xarray, EveryGroupOpensAsLabelledArrays) {
  const fs::path script = source_dir() / "tests/experiments/io/hdf5/check_xarray.py";
  ASSERT_TRUE(fs::exists(script)) << script << " (set BUURTSIM_SOURCE_DIR)";
  ASSERT_TRUE(fs::exists("/usr/bin/python3")) << "Debian's /usr/bin/python3 is needed";
  const fs::path file = fs::temp_directory_path() / ("buurtsim_xarray_" + std::to_string(::getpid()) + ".h5");
  write_sample(file.string());
  const std::string command = "/usr/bin/python3 '" + script.string() + "' '" + file.string() + "'";
  const int status = std::system(command.c_str());
  fs::remove(file);
  ASSERT_NE(status, -1);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << " failed (its messages are above)";
}
