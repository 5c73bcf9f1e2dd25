#include "experiments/io/calibration_journal.hpp"

#include <cstdio>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "experiments/analysis/calibration.hpp"

namespace buurtsim::calibration {
namespace {

// The identity as dist::Journal stores it; the first line tells it from a sweep's.
constexpr const char* kKind = "buurtsim calibration";

std::string hash_hex(std::uint64_t h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string identity_text(const Identity& id) {
  return std::string(kKind) + "\nversion " + id.version + "\nconfig " + hash_hex(id.config_hash) + "\ndata " +
         hash_hex(id.data_hash) + "\n";
}

std::optional<Identity> parse_identity(const std::string& text) {
  std::istringstream in(text);
  std::string kind, version, config, data;
  if (!std::getline(in, kind) || kind != kKind || !std::getline(in, version) || !std::getline(in, config) ||
      !std::getline(in, data))
    return std::nullopt;
  auto field = [](const std::string& line, const std::string& name) -> std::optional<std::string> {
    if (line.rfind(name + " ", 0) != 0) return std::nullopt;
    return line.substr(name.size() + 1);
  };
  const auto v = field(version, "version"), c = field(config, "config"), d = field(data, "data");
  if (!v || !c || !d) return std::nullopt;
  try {
    return Identity{*v, std::stoull(*c, nullptr, 16), std::stoull(*d, nullptr, 16)};
  } catch (const std::exception&) {  // std::invalid_argument, std::out_of_range
    return std::nullopt;
  }
}

}  // namespace

std::uint64_t fnv1a64(const std::string& text) { return dist::fnv1a(text.data(), text.size()); }

Journal Journal::create(const std::filesystem::path& path, const Identity& id) {
  return Journal(dist::Journal::create(path, identity_text(id)));
}

Journal Journal::resume(const std::filesystem::path& path, const Identity& id, std::vector<Generation>& finished) {
  std::vector<Generation> read;
  try {
    Journal j(dist::Journal::resume(path, identity_text(id), [&](std::uint64_t index, std::vector<double>&& values) {
      std::vector<Generation> one;
      try {
        one = unpack(values);
      } catch (const std::invalid_argument& damage) {
        throw std::runtime_error(path.string() + ": the record of generation " + std::to_string(index) +
                                 " is damaged (" + damage.what() + ")");
      }
      // Whole records are ours (checksummed); order is checked so a bad file never feeds estimate().
      if (one.size() != 1 || index != read.size() || one[0].index != static_cast<int>(index))
        throw std::runtime_error(path.string() + ": generation records out of order");
      read.push_back(std::move(one[0]));
    }));
    finished = std::move(read);
    return j;
  } catch (const dist::JournalMismatch& m) {
    std::optional<Identity> stored = parse_identity(m.stored());
    if (!stored) throw std::runtime_error(path.string() + " is not a buurtsim calibration journal");
    throw JournalMismatch(path.string(), std::move(*stored));
  }
}

void Journal::append(const Generation& g) { journal_.append(static_cast<std::uint64_t>(g.index), pack({g})); }

}  // namespace buurtsim::calibration
