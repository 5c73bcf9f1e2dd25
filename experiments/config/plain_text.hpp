#pragma once
// Text from outside (configuration files, data files, --set items) checked before it is parsed,
// and shown safely in messages: a file saved as UTF-16 or holding NUL bytes would otherwise give
// parse errors that quote raw bytes to the terminal.
#include <optional>
#include <string>
#include <string_view>

namespace buurtsim {

// The text with control characters, and bytes that are not UTF-8, written as \xNN (valid
// UTF-8 letters such as "ë" are kept).
std::string printable(std::string_view text);

// Why `bytes` is not a text file ("saved as UTF-16 ...", "a NUL byte on line 3", and with
// `require_utf8` "bytes that are not UTF-8 on line 7"), or nothing when it is one. Data files
// exported in another 8-bit encoding pass without `require_utf8` (their bytes are escaped in
// messages by printable()).
std::optional<std::string> not_plain_text(std::string_view bytes, bool require_utf8);

}  // namespace buurtsim
