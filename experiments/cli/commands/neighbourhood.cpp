// buurtsim neighbourhood --cbs KWB.csv --code BU... [--code ...] | --all-buurten
// [--world-per-municipality] [-o FILE.toml]: [[neighbourhood]] entries from CBS "Kerncijfers wijken
// en buurten" (docs/neighbourhoods.md). Every figure is read and checked before anything is
// written; FILE.toml appears whole or not at all.
#include <algorithm>
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
#include "model/validate.hpp"

namespace buurtsim::cli {
namespace {

std::string upper_trimmed(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// "GM" and the municipality's four digits of a buurt or wijk code (BU05183284 -> GM0518).
std::string municipality_of(const std::string& code) { return code.size() >= 6 ? "GM" + code.substr(2, 4) : code; }

}  // namespace

int cmd_neighbourhood(const std::vector<std::string>& args) {
  std::string cbs_path, output;
  std::vector<std::string> codes;
  bool help = false, force = false, all_buurten = false, per_municipality = false;
  po::options_description desc(
      "buurtsim neighbourhood --cbs KWB.csv --code CODE[=NAME] [--code ...] [-o FILE.toml]\n"
      "buurtsim neighbourhood --cbs KWB.csv --all-buurten [--world-per-municipality] [-o FILE.toml]\n\n"
      "Writes a configuration with one [[neighbourhood]] per code from the CBS table \"Kerncijfers\n"
      "wijken en buurten\" as downloaded from CBS open data (docs/neighbourhoods.md): residents, age\n"
      "groups, household size, tenure and migration background, each with the figures it comes\n"
      "from and a note for every figure missing or suppressed. Without -o it is printed.\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "cbs", po::value<std::string>(&cbs_path), "the CBS file (CSV with StatLine keys as column names)")(
      "code", po::value<std::vector<std::string>>(&codes),
      "a region code as CBS writes it (BU09350100), optionally =NAME for the neighbourhood's name")(
      "all-buurten", po::bool_switch(&all_buurten),
      "every buurt of the file (those with fewer than 20 residents, the model's least, or none given are left out, "
      "with a note)")(
      "world-per-municipality", po::bool_switch(&per_municipality),
      "label each neighbourhood's world by its municipality (world = 'GM0518'), grouping a municipality's "
      "entries, so that each municipality is simulated apart (docs/usage.md, \"Worlds\")")(
      "output,o", po::value<std::string>(&output), "the configuration to write (refused if it exists, unless --force)")(
      "force", po::bool_switch(&force), "replace an existing output file");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_args(args, desc, pos, vm)) return kExitUsage;
  if (help) {
    std::cout << desc << "\n";
    return kExitOk;
  }
  if (cbs_path.empty() || codes.empty() == !all_buurten) {
    std::cerr << "buurtsim neighbourhood: expected --cbs KWB.csv and either --code (one or more) or --all-buurten "
                 "(see --help)\n";
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
  std::vector<std::string> file_notes;
  try {
    cbs::KwbFile file;
    const std::vector<cbs::Region> regions = all_buurten ? cbs::read_kwb_all(text.str(), cbs_path, "BU", file)
                                                         : cbs::read_kwb(text.str(), cbs_path, plain_codes, file);
    if (all_buurten) {
      if (regions.empty())
        throw csv::CsvError(cbs_path + ": no buurt in the file; expected rows with codes BU + 8 digits");
      for (const cbs::Region& region : regions) names.push_back(region.code);
    }
    std::size_t small = 0;
    double small_residents = 0;
    for (std::size_t i = 0; i < regions.size(); ++i) {
      const cbs::Figure& residents = regions[i].figure("AantalInwoners");
      if (all_buurten && !residents.malformed && (!residents.value || *residents.value < kMinNeighbourhoodResidents)) {
        ++small;
        small_residents += residents.value.value_or(0);
        continue;
      }
      entries.push_back(cbs::neighbourhood_from_kwb(regions[i], file, names[i]));
      if (per_municipality) entries.back().world = municipality_of(entries.back().code);
    }
    // A world's neighbourhoods follow each other; the file's order within a municipality stays.
    if (per_municipality)
      std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.world < b.world; });
    if (all_buurten) {
      file_notes.push_back(std::to_string(entries.size()) + " of the file's " + std::to_string(regions.size()) +
                           " buurten; left out: " + std::to_string(small) + " with fewer than " +
                           std::to_string(kMinNeighbourhoodResidents) + " residents or none given (" +
                           std::to_string(static_cast<long long>(small_residents)) + " residents in all)");
    }
  } catch (const csv::CsvError& e) {
    std::cerr << "buurtsim: " << e.what() << "\nNothing written.\n";
    return kExitUsage;
  }
  const std::string source = std::filesystem::path(cbs_path).filename().string();
  std::string command = "buurtsim neighbourhood --cbs " + source;
  for (const std::string& c : codes) command += " --code " + c;
  if (all_buurten) command += " --all-buurten";
  if (per_municipality) command += " --world-per-municipality";
  if (!output.empty()) command += " -o " + std::filesystem::path(output).filename().string();
  const std::string toml = cbs::render_configuration(entries, source, command, file_notes);
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
