#include "experiments/config/plain_text.hpp"

#include <cstdio>

namespace buurtsim {
namespace {

// The length of the UTF-8 sequence starting at bytes[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view bytes, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned lowest = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    lowest = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    lowest = 0x800;
  } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
    n = 4;
    lowest = 0x10000;
  } else {
    return 0;
  }
  if (i + n > bytes.size()) return 0;
  unsigned code = c & (0x7Fu >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (b(i + k) & 0x3Fu);
  }
  if (code < lowest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}

std::string hex(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02X", c);
  return buf;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || c < 0x20 || c == 0x7F) {
      out += hex(c);
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::optional<std::string> not_plain_text(std::string_view bytes, bool require_utf8) {
  const auto starts = [&](std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; };
  if (starts(std::string_view("\xFF\xFE\0\0", 4)) || starts(std::string_view("\0\0\xFE\xFF", 4)))
    return "it is saved as UTF-32; save it as UTF-8";
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) return "it is saved as UTF-16; save it as UTF-8";
  std::size_t line = 1;
  for (std::size_t i = 0; i < bytes.size();) {
    if (bytes[i] == '\0')
      return "a NUL byte on line " + std::to_string(line) +
             " (a text file holds none: is it saved as UTF-16? save it as UTF-8)";
    if (bytes[i] == '\n') ++line;
    const std::size_t n = utf8_length(bytes, i);
    if (n == 0 && require_utf8)
      return "bytes that are not UTF-8 on line " + std::to_string(line) + "; save it as UTF-8";
    i += n == 0 ? 1 : n;
  }
  return std::nullopt;
}

}  // namespace buurtsim
