// buurtsim neighbourhood --cbs KWB.csv --code BU... [--code ...] [-o FILE.toml]: [[neighbourhood]]
// entries from CBS "Kerncijfers wijken en buurten" (docs/neighbourhoods.md). Every figure is
// read and checked before anything is written; FILE.toml appears whole or not at all.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/io/csv_table.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/kwb_neighbourhood.hpp"
#include "experiments/io/text_file.hpp"

namespace buurtsim::cli {
namespace {

std::string upper_trimmed(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

int cmd_neighbourhood(const std::vector<std::string>& args) {
  std::string cbs_path, output;
  std::vector<std::string> codes;
  bool help = false, force = false;
  po::options_description desc(
      "buurtsim neighbourhood --cbs KWB.csv --code CODE[=NAME] [--code ...] [-o FILE.toml]\n\n"
      "Writes a configuration with one [[neighbourhood]] per code from the CBS table \"Kerncijfers\n"
      "wijken en buurten\" as downloaded from CBS open data (docs/neighbourhoods.md): residents, age\n"
      "groups, household size, tenure and migration background, each with the figures it comes\n"
      "from and a note for every figure missing or suppressed. Without -o it is printed.\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "cbs", po::value<std::string>(&cbs_path), "the CBS file (CSV with StatLine keys as column names)")(
      "code", po::value<std::vector<std::string>>(&codes),
      "a region code as CBS writes it (BU09350100), optionally =NAME for the neighbourhood's name")(
      "output,o", po::value<std::string>(&output), "the configuration to write (refused if it exists, unless --force)")(
      "force", po::bool_switch(&force), "replace an existing output file");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_args(args, desc, pos, vm)) return kExitUsage;
  if (help) {
    std::cout << desc << "\n";
    return kExitOk;
  }
  if (cbs_path.empty() || codes.empty()) {
    std::cerr << "buurtsim neighbourhood: expected --cbs KWB.csv and at least one --code (see --help)\n";
    return kExitUsage;
  }
  if (!output.empty() && std::filesystem::exists(output) && !force) {
    std::cerr << "buurtsim neighbourhood: " << output
              << " exists; expected a new file name (or --force to replace it)\n";
    return kExitUsage;
  }
  std::vector<std::string> plain_codes, names;
  for (const std::string& c : codes) {
    const auto eq = c.find('=');
    plain_codes.push_back(upper_trimmed(c.substr(0, eq)));
    names.push_back(eq == std::string::npos ? plain_codes.back() : c.substr(eq + 1));
    if (names.back().empty()) {
      std::cerr << "buurtsim neighbourhood: --code " << c << ": expected a name after '='\n";
      return kExitUsage;
    }
  }
  std::ifstream in(cbs_path, std::ios::binary);
  if (!in) {
    std::cerr << "buurtsim neighbourhood: " << cbs_path << ": cannot read the file (no such file or no permission)\n";
    return kExitUsage;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<cbs::CbsNeighbourhood> entries;
  try {
    cbs::KwbFile file;
    const std::vector<cbs::Region> regions = cbs::read_kwb(text.str(), cbs_path, plain_codes, file);
    for (std::size_t i = 0; i < regions.size(); ++i)
      entries.push_back(cbs::neighbourhood_from_kwb(regions[i], file, names[i]));
  } catch (const csv::CsvError& e) {
    std::cerr << "buurtsim: " << e.what() << "\nNothing written.\n";
    return kExitUsage;
  }
  const std::string source = std::filesystem::path(cbs_path).filename().string();
  std::string command = "buurtsim neighbourhood --cbs " + source;
  for (const std::string& c : codes) command += " --code " + c;
  if (!output.empty()) command += " -o " + std::filesystem::path(output).filename().string();
  const std::string toml = cbs::render_configuration(entries, source, command);
  if (output.empty()) {
    std::cout << toml;
    return kExitOk;
  }
  try {
    io::write_text_whole(output, toml);
  } catch (const files::Refused& err) {
    std::cerr << "buurtsim neighbourhood: " << err.what() << "\n";
    return kExitUsage;
  } catch (const std::runtime_error& err) {
    std::cerr << "buurtsim neighbourhood: " << err.what() << "\n";
    return kExitFailure;
  }
  std::size_t notes = 0;
  for (const auto& e : entries) notes += e.not_set.size();
  std::cout << "buurtsim: wrote " << entries.size() << " neighbourhood(s) to " << output;
  if (notes) std::cout << "; " << notes << " parameter(s) could not be set from the CBS figures (see the comments)";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace buurtsim::cli
