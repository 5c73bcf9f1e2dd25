#include "experiments/io/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "experiments/io/hdf5/own_files.hpp"

namespace buurtsim::io {

void write_text_whole(const std::filesystem::path& target, std::string_view text) {
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string tmp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS))  // nothing was written: bad input
    throw files::Refused("cannot write " + target.string() + ": " + std::strerror(errno) +
                         " (check the permissions of its folder)");
  if (fd < 0)
    throw std::runtime_error("cannot create a file in " + dir.string() + ": " + files::write_error_text(errno));
  int err = 0;
  for (std::size_t done = 0; done < text.size() && err == 0;) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno != EINTR) err = errno;
    if (n > 0) done += static_cast<std::size_t>(n);
  }
  if (err == 0 && ::fchmod(fd, 0644) != 0) err = errno;  // mkstemp makes 0600; a configuration is for reading
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && std::rename(tmp.c_str(), target.c_str()) != 0) err = errno;
  if (err != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + target.string() + ": " + files::write_error_text(err));
  }
}

}  // namespace buurtsim::io
