#include "experiments/calibration/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace buurtsim::calibration {
namespace {

constexpr const char* kMagic = "buurtsim-calibration-journal 1";

std::string hex(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return buf;
}

double unhex(const std::string& s) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') throw std::runtime_error("bad number '" + s + "'");
  return v;
}

void write_all(int fd, const std::string& text, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) throw std::runtime_error("cannot fsync " + path.string() + ": " + std::strerror(errno));
}

void fsync_directory(const std::filesystem::path& path) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string hash_hex(std::uint64_t h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::uint64_t fnv1a64(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : text) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string format_generation(const Generation& g) {
  std::ostringstream o;
  o << "generation " << g.index << " " << hex(g.tolerance) << " " << g.proposals << " " << g.invalid << " " << hex(g.acceptance_rate)
    << " " << hex(g.ess) << " " << hex(g.seconds) << " " << g.theta.rows() << " " << g.theta.cols() << "\n";
  for (Eigen::Index i = 0; i < g.theta.rows(); ++i) {
    o << "p";
    for (Eigen::Index k = 0; k < g.theta.cols(); ++k) o << " " << hex(g.theta(i, k));
    o << " " << hex(g.weights[static_cast<std::size_t>(i)]) << " " << hex(g.distances[static_cast<std::size_t>(i)]) << "\n";
  }
  const std::string body = o.str();
  return body + "end " + std::to_string(g.index) + " " + hash_hex(fnv1a64(body)) + "\n";
}

Journal Journal::create(const std::filesystem::path& path, const Identity& id) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
  Journal j(path, fd);
  write_all(fd, std::string(kMagic) + "\nversion " + id.version + "\nconfig " + hash_hex(id.config_hash) + "\ndata " +
                    hash_hex(id.data_hash) + "\n",
            path);
  fsync_directory(path);
  return j;
}

Journal Journal::reopen(const std::filesystem::path& path, Identity& id, std::vector<Generation>& finished) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string line;
  auto next = [&](std::size_t& offset) {
    if (!std::getline(in, line)) return false;
    offset += line.size() + 1;
    return !in.eof();  // a last line without its newline is torn
  };
  std::size_t offset = 0;
  if (!next(offset) || line != kMagic) throw std::runtime_error(path.string() + " is not a buurtsim calibration journal");
  auto field = [&](const char* name) {
    std::size_t o2 = 0;
    if (!next(o2) || line.rfind(std::string(name) + " ", 0) != 0) throw std::runtime_error(path.string() + ": damaged header");
    offset += o2;
    return line.substr(std::strlen(name) + 1);
  };
  id.version = field("version");
  id.config_hash = std::stoull(field("config"), nullptr, 16);
  id.data_hash = std::stoull(field("data"), nullptr, 16);
  std::size_t good = offset;
  finished.clear();
  try {
    while (true) {
      std::size_t o2 = 0;
      if (!next(o2)) break;
      std::string body = line + "\n";
      std::istringstream h(line);
      std::string word, tol, acc, ess, sec;
      Generation g;
      long long rows = 0, cols = 0;
      h >> word >> g.index >> tol >> g.proposals >> g.invalid >> acc >> ess >> sec >> rows >> cols;
      if (word != "generation" || !h || g.index != static_cast<int>(finished.size()) || rows <= 0 || cols <= 0) break;
      g.tolerance = unhex(tol);
      g.acceptance_rate = unhex(acc);
      g.ess = unhex(ess);
      g.seconds = unhex(sec);
      g.theta.resize(rows, cols);
      bool ok = true;
      for (long long i = 0; i < rows && ok; ++i) {
        if (!next(o2)) {
          ok = false;
          break;
        }
        body += line + "\n";
        std::istringstream p(line);
        p >> word;
        if (word != "p") ok = false;
        std::string x;
        for (long long k = 0; k < cols && ok; ++k) ok = static_cast<bool>(p >> x), g.theta(i, k) = ok ? unhex(x) : 0;
        std::string w, d;
        ok = ok && static_cast<bool>(p >> w >> d);
        if (ok) g.weights.push_back(unhex(w)), g.distances.push_back(unhex(d));
      }
      if (!ok || !next(o2)) break;
      if (line != "end " + std::to_string(g.index) + " " + hash_hex(fnv1a64(body))) break;
      finished.push_back(std::move(g));
      good = offset + o2;
      offset = good;
    }
  } catch (const std::exception&) {
    // A damaged record: keep what came before it.
  }
  in.close();
  // Cut a torn tail off, then append after the last complete generation.
  std::error_code ec;
  std::filesystem::resize_file(path, good, ec);
  if (ec) throw std::runtime_error("cannot truncate " + path.string() + ": " + ec.message());
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
  return Journal(path, fd);
}

Journal::Journal(Journal&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) { other.fd_ = -1; }

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(const Generation& g) { write_all(fd_, format_generation(g), path_); }

void Journal::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace buurtsim::calibration
