#pragma once
// Observed survey figures a calibration is fitted to, one row per (neighbourhood, period, survey
// indicator) with the published value and the survey's sample size or standard error. Read from
// CSV by experiments/io/observed_csv.hpp.
#include <optional>
#include <stdexcept>
#include <string>
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

}  // namespace buurtsim::calibration
