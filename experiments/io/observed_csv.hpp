#pragma once
// The observed data a calibration is fitted to (docs/usage.md, "Observed data for calibration
// (CSV)"): one row per (neighbourhood, period, survey indicator) with the published value and
// the survey's sample size or standard error. The file may come from a spreadsheet as it saved
// it: ',' ';' or tab between fields, a decimal comma, quoted text, a byte order mark, CRLF,
// Dutch column names (buurt, jaar/periode, waarde, bron) and the Veiligheidsmonitor's names of
// the indicators (experiments/io/vm_indicators.hpp). Loading checks every row and reports every
// bad one with its line number before any work starts.
#include <string>

#include "experiments/analysis/observed_data.hpp"

namespace buurtsim::calibration {

// Parses the text of a data file; `path` names it in messages. Throws DataError listing the bad
// lines ("PATH:LINE: what is wrong", at most 20, then how many more).
ObservedData parse_observed(std::string text, const std::string& path);
// Reads and parses a file (a missing file is a DataError).
ObservedData load_observed(const std::string& path);

}  // namespace buurtsim::calibration
