#pragma once
// docs/usage.md: without -o the results go to results/<config-stem>.h5 "and a report made from it
// sits beside it". The report is analysis/report.py (Python, Debian's matplotlib and h5py),
// run as a child process after the results file is complete.
#include <string>

namespace buurtsim::cli {

// Makes RESULTS.html beside `results` with /usr/bin/python3 analysis/report.py (the script of
// the source tree this program was built from, or $BUURTSIM_REPORT_SCRIPT). A missing script or
// a failed report is a note on stderr, never a failed command: the results are already safe.
void write_report_beside(const std::string& results);

}  // namespace buurtsim::cli
