#include "experiments/config/number_habits.hpp"

#include <algorithm>
#include <regex>

namespace buurtsim::config {
namespace {

std::string without(std::string s, char c) {
  std::erase(s, c);
  return s;
}

// The first `from` replaced by `to`.
std::string replaced(std::string s, char from, char to) {
  if (const auto i = s.find(from); i != std::string::npos) s[i] = to;
  return s;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\"'");
  const auto e = s.find_last_not_of(" \t\"'");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

bool matches(const std::string& s, const char* pattern) { return std::regex_match(s, std::regex(pattern)); }

}  // namespace

std::string number_habit_hint(std::string_view literal, bool whole) {
  const std::string s = trimmed(literal);
  if (matches(s, R"([+-]?\d{1,3}(\.\d{3})+,\d+)"))
    return "; use a decimal point and no thousands separator: " + replaced(without(s, '.'), ',', '.');
  if (whole && (matches(s, R"([+-]?\d{1,3}(\.\d{3})+)") || matches(s, R"([+-]?\d{1,3}(,\d{3})+)")))
    return "; numbers take no thousands separator: write " + without(without(s, '.'), ',');
  if (matches(s, R"([+-]?\d*,\d+)")) return "; use a decimal point: " + replaced(s, ',', '.');
  return "";
}

std::string number_habit_hint_for_line(std::string_view line) {
  const auto eq = line.find('=');
  if (eq == std::string_view::npos) return "";
  std::string value(line.substr(eq + 1));
  if (const auto hash = value.find('#'); hash != std::string::npos) value.resize(hash);
  value = trimmed(value);
  if (matches(value, R"([+-]?\d{1,3},\d{3})"))  // a decimal comma or a thousands separator
    return "; numbers take a decimal point and no thousands separator: write " + replaced(value, ',', '.') +
           " for a decimal, " + without(value, ',') + " for a whole number";
  return number_habit_hint(value, std::count(value.begin(), value.end(), ',') > 1);
}

}  // namespace buurtsim::config
