#include "experiments/io/journal.hpp"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "experiments/io/hdf5/own_files.hpp"

namespace buurtsim::dist {
namespace {

constexpr char kMagic[8] = {'B', 'S', 'J', 'O', 'U', 'R', 'N', '1'};

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::runtime_error(what + " " + path.string() + ": " + files::write_error_text(errno));
}

void write_all(int fd, const void* data, std::size_t n, const std::filesystem::path& path) {
  const auto* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail("cannot write the journal", path);
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Writes the parts in order, as one writev where the system allows (continuing after a short
// write).
void write_gathered(int fd, std::span<iovec> parts, const std::filesystem::path& path) {
  while (!parts.empty()) {
    if (parts.front().iov_len == 0) {
      parts = parts.subspan(1);
      continue;
    }
    const ssize_t w = ::writev(fd, parts.data(), static_cast<int>(parts.size()));
    if (w < 0) {
      if (errno == EINTR) continue;
      fail("cannot write the journal", path);
    }
    auto left = static_cast<std::size_t>(w);
    while (!parts.empty() && left >= parts.front().iov_len) {
      left -= parts.front().iov_len;
      parts = parts.subspan(1);
    }
    if (left > 0) {
      parts.front().iov_base = static_cast<char*>(parts.front().iov_base) + left;
      parts.front().iov_len -= left;
    }
  }
}

void sync(int fd, const std::filesystem::path& path) {
  if (::fsync(fd) != 0) fail("cannot sync the journal", path);
}

void sync_directory(const std::filesystem::path& path) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

Journal Journal::create(const std::filesystem::path& path, const std::string& identity) {
  // Never through a link, never over a file another buurtsim holds (docs/reliability.md).
  files::remove_leftover(path, "the journal");
  const int fd = files::create_exclusive(path, "the journal");
  Journal j(path, fd);
  files::lock_or_refuse(fd, path, "the journal");
  const std::uint64_t n = identity.size();
  write_all(fd, kMagic, sizeof kMagic, path);
  write_all(fd, &n, sizeof n, path);
  write_all(fd, identity.data(), identity.size(), path);
  sync(fd, path);
  sync_directory(path);
  return j;
}

Journal Journal::resume(const std::filesystem::path& path, const std::string& identity,
                        const std::function<void(std::uint64_t, std::vector<double>&&)>& each) {
  // A regular file (not a link) that no other buurtsim holds; kept open (and locked) to append.
  Journal j(path, files::open_existing(path, "the journal"));
  files::lock_or_refuse(j.fd_, path, "the journal");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read the journal", path);
  char magic[sizeof kMagic] = {};
  std::uint64_t n = 0;
  in.read(magic, sizeof magic);
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  if (!in || std::memcmp(magic, kMagic, sizeof kMagic) != 0 || n > (1u << 26))
    throw JournalDamaged(path.string() + " is not a buurtsim journal (or its header is damaged)");
  std::string stored(n, '\0');
  in.read(stored.data(), static_cast<std::streamsize>(n));
  if (!in) throw JournalDamaged(path.string() + " is not a buurtsim journal (its header is cut short)");
  if (stored != identity) throw JournalMismatch(path.string(), std::move(stored));
  // Records: id, count, values, checksum of the three.
  std::streamoff good = in.tellg();
  const std::uintmax_t size = std::filesystem::file_size(path);
  for (;;) {
    std::uint64_t id = 0, count = 0, sum = 0;
    if (!in.read(reinterpret_cast<char*>(&id), sizeof id)) break;
    if (!in.read(reinterpret_cast<char*>(&count), sizeof count)) break;
    // A count the rest of the file cannot hold is damage (a flipped bit): checked before
    // allocating, so it never asks for gigabytes.
    const auto at = static_cast<std::uintmax_t>(in.tellg());
    if (count > (size - at) / sizeof(double)) break;
    std::vector<double> values(count);
    if (!in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(count * sizeof(double)))) break;
    if (!in.read(reinterpret_cast<char*>(&sum), sizeof sum)) break;
    std::uint64_t h = fnv1a(&id, sizeof id);
    h = fnv1a(&count, sizeof count, h);
    h = fnv1a(values.data(), count * sizeof(double), h);
    if (h != sum) break;
    each(id, std::move(values));
    good = in.tellg();
  }
  in.close();
  // Drop a torn tail, then append after the last whole record.
  if (::ftruncate(j.fd_, static_cast<off_t>(good)) != 0 || ::lseek(j.fd_, 0, SEEK_END) < 0)
    fail("cannot repair the journal", path);
  return j;
}

Journal::Journal(Journal&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) { other.fd_ = -1; }

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(std::uint64_t id, std::span<const double> head, std::span<const double> values, Sync when) {
  const std::uint64_t count = head.size() + values.size();
  std::uint64_t h = fnv1a(&id, sizeof id);
  h = fnv1a(&count, sizeof count, h);
  h = fnv1a(head.data(), head.size() * sizeof(double), h);
  h = fnv1a(values.data(), values.size() * sizeof(double), h);
  // One write per record (gathered from the parts, without a copy of the values), so that a
  // crash tears at most the last one.
  const std::uint64_t front[2] = {id, count};
  std::array<iovec, 4> parts{{{const_cast<std::uint64_t*>(front), sizeof front},
                              {const_cast<double*>(head.data()), head.size() * sizeof(double)},
                              {const_cast<double*>(values.data()), values.size() * sizeof(double)},
                              {&h, sizeof h}}};
  write_gathered(fd_, parts, path_);
  if (when == Sync::now) sync(fd_, path_);
}

bool Journal::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
  return !ec;
}

}  // namespace buurtsim::dist
