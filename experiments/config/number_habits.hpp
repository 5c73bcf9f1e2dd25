#pragma once
// Hints for Dutch number habits in a configuration or a --set value: a decimal comma
// ("0,04") and a thousands separator ("4.000", "4,000") are refused as TOML numbers are, and
// the message says how to write the number instead. Internal to experiments/config.
#include <string>
#include <string_view>

namespace buurtsim::config {

// The hint for a number written as `literal` where a number was expected (`whole`: a whole
// number), with a leading "; ", or empty when the literal shows neither habit. "0,04" ->
// "; use a decimal point: 0.04"; "4.000" for a whole number -> "; numbers take no thousands
// separator: write 4000 (or 4_000)".
std::string number_habit_hint(std::string_view literal, bool whole);

// The hint for a line TOML could not parse, when its value shows a decimal comma or a comma
// between thousands: "0,04" -> "; use a decimal point: 0.04".
std::string number_habit_hint_for_line(std::string_view line);

}  // namespace buurtsim::config
