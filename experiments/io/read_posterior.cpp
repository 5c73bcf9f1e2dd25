#include "experiments/io/read_posterior.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "experiments/config/config.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/hdf5/probe_untrusted.hpp"

namespace buurtsim::uncertainty {
namespace {

// FNV-1a 64 of the file's bytes: names the exact file a run drew from.
std::string checksum_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t h = 14695981039346656037ull;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<std::uint8_t>(buf[i]);
      h *= 1099511628211ull;
    }
    if (!in) break;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

// The reader itself; read_posterior runs it in a child process first.
Posterior read_unprobed(const std::string& path) {
  const std::string what = "--posterior " + path + ": ";
  if (!std::filesystem::is_regular_file(path))
    throw config::ConfigError(what + (std::filesystem::exists(path) ? "not a file" : "no such file"));
  Posterior p;
  p.path = path;
  try {
    h5::File file = h5::File::open_read(path);
    h5::Group root = file.root();
    const std::string kind = root.has_attr("kind") ? root.get_attr_string("kind") : "";
    if (kind != "calibration")
      throw config::ConfigError(what + "not a calibration results file (its kind is \"" + kind +
                                "\"; `buurtsim calibrate` writes one)");
    if (!root.has("posterior/samples") || !root.has("posterior/weights") || !root.has("posterior/parameter"))
      throw config::ConfigError(what + "the calibration has no posterior (it stopped before its first generation)");
    const h5::Group g = root.group("posterior");
    p.labels = g.read_strings("parameter");
    p.samples = g.read<double>("samples");
    p.weights = g.read<double>("weights");
  } catch (const h5::Error& err) {
    throw config::ConfigError(what + "cannot read it as a calibration results file (" + err.what() + ")");
  }
  if (p.labels.empty() || p.weights.empty() || p.samples.size() != p.labels.size() * p.weights.size())
    throw config::ConfigError(what + "the posterior's samples do not match its particles and parameters");
  for (const double v : p.samples)
    if (!std::isfinite(v)) throw config::ConfigError(what + "a posterior sample is not a finite number");
  double sum = 0;
  for (const double w : p.weights) {
    if (!(w >= 0) || !std::isfinite(w))
      throw config::ConfigError(what + "a posterior weight is negative or not a number");
    sum += w;
  }
  if (!(sum > 0)) throw config::ConfigError(what + "the posterior's weights sum to zero");
  for (double& w : p.weights) w /= sum;
  p.checksum = checksum_of(path);
  return p;
}

}  // namespace

Posterior read_posterior(const std::string& path) {
  try {  // a file that crashes HDF5 crashes a child, never this process
    h5::probe_untrusted(path, [&] { (void)read_unprobed(path); });
  } catch (const h5::Damaged& e) {
    throw config::ConfigError("--posterior " + std::string(e.what()) + "; nothing was written");
  } catch (const h5::Error& e) {
    throw config::ConfigError("--posterior " + path + ": " + e.what());
  }
  return read_unprobed(path);
}

}  // namespace buurtsim::uncertainty
