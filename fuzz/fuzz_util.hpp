#pragma once
// The readers that take a path get the fuzzer's bytes through a file in memory-backed /dev/shm
// (one per process, rewritten for each input).
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace buurtsim::fuzz {

inline std::string write_input(const std::uint8_t* data, std::size_t size, const char* suffix) {
  static const std::string dir = [] {
    std::string d = "/dev/shm";
    if (::access(d.c_str(), W_OK) != 0) d = "/tmp";
    return d;
  }();
  const std::string path = dir + "/buurtsim-fuzz-" + std::to_string(::getpid()) + suffix;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace buurtsim::fuzz
