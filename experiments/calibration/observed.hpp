#pragma once
// The observed data a calibration is fitted to (docs/usage.md, "Observed data for calibration
// (CSV)"): one row per (neighbourhood, period, survey indicator) with the published value and
// the survey's sample size or standard error. Loading checks every row and reports every bad
// one with its line number before any work starts.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace buurtsim::calibration {

// A bad data file; what() is the complete message for the user (every line that is wrong).
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Observation {
  int line = 0;               // line number in the file (the header is line 1)
  std::string neighbourhood;  // as written
  std::string period;         // "YYYY" or "YYYY-MM"
  int year = 0, month = 0;    // month 0: a year (that year's survey wave)
  std::string indicator;      // a survey indicator name
  std::size_t item = 0;       // its index in model/items.hpp
  double value = 0;           // in the indicator's unit
  std::optional<double> n;    // survey sample size
  std::optional<double> se;   // standard error, overriding n
  std::string source;
};

struct ObservedData {
  std::string path;
  std::string text;  // the file's bytes (hashed into a resumable calibration's identity)
  std::vector<Observation> rows;
};

// Parses the text of a data file; `path` names it in messages. Throws DataError listing the bad
// lines ("PATH:LINE: what is wrong", at most 20, then how many more).
ObservedData parse_observed(std::string text, const std::string& path);
// Reads and parses a file (a missing file is a DataError).
ObservedData load_observed(const std::string& path);

}  // namespace buurtsim::calibration
