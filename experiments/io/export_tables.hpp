#pragma once
// Tidy tables of a results file (docs/export.md): every group's datasets with the same
// dimensions make one long table, one row per coordinate combination and variable (for the run
// series: scenario, replicate, neighbourhood, week and outcome), and variables.csv lists each
// variable's table, units and meaning. Plain CSV: comma, decimal point, RFC 4180 quoting, the
// shortest text that reads back to the same double, an empty field for NaN; the same file
// gives the same bytes.
#include <filesystem>
#include <string>
#include <vector>

namespace buurtsim::io {

// One table to write: its file name and how it is made (filled by plan_export).
struct ExportTable {
  std::string file;                // "series.csv", "cba_by_scenario.csv", ...
  std::string group;               // the HDF5 group ("/" for the root)
  std::vector<std::string> dims;   // its coordinate columns, in the datasets' axis order
  std::vector<std::string> names;  // its variables, in name order
  bool text = false;               // string variables (their own table)
};

// The tables of the results file at `path` (throws h5::Error when it cannot be read, h5::Damaged
// when reading it crashes HDF5: a child process plans and reads every table first, h5::probe_untrusted).
std::vector<ExportTable> plan_export(const std::string& path);

// Writes the planned tables and variables.csv into `dir` (created when missing); each file is
// written as NAME.partial and renamed when complete.
void write_export(const std::string& path, const std::vector<ExportTable>& tables, const std::filesystem::path& dir);

// The file names write_export writes, variables.csv included.
std::vector<std::string> export_files(const std::vector<ExportTable>& tables);

}  // namespace buurtsim::io
