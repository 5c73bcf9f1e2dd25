// buurtsim export FILE.h5 [-o DIR] [--format csv] [--force]: tidy tables of a results file
// (docs/export.md).
#include <filesystem>
#include <iostream>

#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/io/export_tables.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/hdf5/probe_untrusted.hpp"

namespace buurtsim::cli {

int cmd_export(const std::vector<std::string>& args) {
  std::string path, dir, format = "csv";
  bool help = false, force = false, quiet = false;
  po::options_description desc(
      "buurtsim export FILE.h5 [-o DIR] [--format csv] [--force]\n\n"
      "Tidy tables of a results file (run, sweep, calibration or epstein): one CSV per group and set of\n"
      "dimensions, one row per coordinate combination and variable (the run series: scenario, replicate,\n"
      "neighbourhood, week and outcome), and variables.csv with each variable's units and meaning\n"
      "(docs/export.md).\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")("file", po::value<std::string>(&path),
                                                                         "results file (HDF5)")(
      "output,o", po::value<std::string>(&dir), "directory of the tables (default: FILE's name without .h5, + _csv)")(
      "format", po::value<std::string>(&format)->default_value("csv"), "csv (the only format)")(
      "force", po::bool_switch(&force), "replace tables that exist in the directory")("quiet", po::bool_switch(&quiet),
                                                                                      "no list of the files written");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse_args(args, desc, pos, vm)) return kExitUsage;
  if (help) {
    std::cout << desc << "\n";
    return kExitOk;
  }
  if (path.empty()) {
    std::cerr << "buurtsim export: expected the results file, FILE.h5 (see --help)\n";
    return kExitUsage;
  }
  if (format != "csv") {
    std::cerr << "buurtsim export: --format: expected csv, got \"" << format << "\"\n";
    return kExitUsage;
  }
  if (!std::filesystem::is_regular_file(path)) {
    std::cerr << "buurtsim export: " << path << ": " << (std::filesystem::exists(path) ? "not a file" : "no such file")
              << "\n";
    return kExitUsage;
  }
  if (dir.empty())
    dir = (std::filesystem::path(path).parent_path() / std::filesystem::path(path).stem()).string() + "_csv";
  std::vector<io::ExportTable> tables;
  try {
    tables = io::plan_export(path);
  } catch (const h5::Damaged& err) {
    std::cerr << "buurtsim export: " << err.what() << "; nothing was written\n";
    return kExitUsage;
  } catch (const h5::Error& err) {
    std::cerr << "buurtsim export: " << path << ": cannot read it as a results file (" << err.what() << ")\n";
    return kExitUsage;
  }
  if (std::filesystem::exists(dir) && !std::filesystem::is_directory(dir)) {
    std::cerr << "buurtsim export: -o " << dir << ": exists and is not a directory\n";
    return kExitUsage;
  }
  std::vector<std::string> existing;
  for (const std::string& f : io::export_files(tables))
    if (std::filesystem::exists(std::filesystem::path(dir) / f)) existing.push_back(f);
  if (!existing.empty() && !force) {
    std::cerr << "buurtsim export: " << dir << " already holds " << existing.front()
              << (existing.size() > 1 ? " and " + std::to_string(existing.size() - 1) + " other table(s)" : "")
              << "; --force replaces them\n";
    return kExitUsage;
  }
  try {
    io::write_export(path, tables, dir);
  } catch (const files::Refused& err) {  // an unwritable folder: nothing was written
    std::cerr << "buurtsim export: " << err.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& err) {
    std::cerr << "buurtsim export: failed: " << err.what() << "\n";
    return kExitFailure;
  }
  if (!quiet)
    for (const std::string& f : io::export_files(tables))
      std::cout << (std::filesystem::path(dir) / f).string() << "\n";
  return kExitOk;
}

}  // namespace buurtsim::cli
