// buurtsim init: writes a commented configuration for one's own buurt(en) from options
// (experiments/config/init_config.hpp); checks it by loading it before writing.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "build_info.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/config/init_config.hpp"
#include "experiments/io/csv_table.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/kwb_neighbourhood.hpp"
#include "experiments/io/text_file.hpp"

namespace buurtsim::cli {

namespace {

// "NAME=VALUE" split at the last '='; false when there is none.
bool split_pair(const std::string& s, std::string& name, std::string& value) {
  const auto eq = s.rfind('=');
  if (eq == std::string::npos) return false;
  name = s.substr(0, eq), value = s.substr(eq + 1);
  return true;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// The [[neighbourhood]] entries of CBS regions, as `buurtsim neighbourhood` writes them.
std::string cbs_entries(const std::string& path, const std::vector<std::string>& codes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config::ConfigError(path + ": cannot read the file (no such file or no permission)");
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  std::vector<std::string> plain, names;
  for (const std::string& c : codes) {
    const auto eq = c.find('=');
    std::string code = c.substr(0, eq);
    for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    plain.push_back(code);
    names.push_back(eq == std::string::npos ? plain.back() : c.substr(eq + 1));
  }
  try {
    cbs::KwbFile file;
    const std::vector<cbs::Region> regions = cbs::read_kwb(text, path, plain, file);
    std::vector<cbs::CbsNeighbourhood> entries;
    for (std::size_t i = 0; i < regions.size(); ++i)
      entries.push_back(cbs::neighbourhood_from_kwb(regions[i], file, names[i]));
    const std::string source = std::filesystem::path(path).filename().string();
    return cbs::render_configuration(entries, source, "buurtsim init --cbs " + source);
  } catch (const csv::CsvError& e) {
    throw config::ConfigError(std::string("buurtsim init: ") + e.what());
  }
}

}  // namespace

int cmd_init(const std::vector<std::string>& args) {
  config::InitOptions o;
  std::vector<std::string> neighbourhoods, fundings;
  std::string approaches, output, cbs_path;
  std::vector<std::string> codes;
  double cost = 0, hours = 0;
  int waves = -1;
  bool help = false, force = false;
  po::options_description desc(
      "buurtsim init [options] [-o CONFIG.toml]\n\n"
      "Writes a commented configuration for your own buurt(en): the buurten, the approaches to\n"
      "compare against the baseline, their funding and budget, the survey waves and the horizon.\n"
      "`buurtsim run CONFIG.toml` takes it as it is. Without -o it goes to stdout.\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")("neighbourhood,n", po::value(&neighbourhoods),
                                                                         "a buurt: NAME=RESIDENTS (repeatable)")(
      "neighbourhoods", po::value(&o.neighbourhoods_file),
      "a TOML file of [[neighbourhood]] entries (for example from `buurtsim neighbourhood`)")(
      "cbs", po::value(&cbs_path), "buurten from this CBS \"Kerncijfers wijken en buurten\" file (with --code)")(
      "code", po::value(&codes),
      "a CBS region code of --cbs, optionally =NAME (repeatable; as `buurtsim neighbourhood`)")(
      "preset", po::value(&o.preset)->default_value("average"),
      "composition of --neighbourhood buurten: average (Dutch average) or aandachtswijk")(
      "approaches", po::value(&approaches),
      "comma-separated: vba,bap,wijkveiligheid,buurtpreventie (default all), or none")(
      "combined", po::bool_switch(&o.combined), "also a scenario with all chosen approaches together")(
      "funding", po::value(&fundings),
      "additional|redeployed for every approach, or APPROACH=additional|redeployed (repeatable)")(
      "cost-per-year", po::value(&cost), "every approach at this planned cost, EUR a year")(
      "hours-per-year", po::value(&hours), "every approach at these planned hours a year")(
      "years", po::value(&o.years)->default_value(3), "recorded years (after a two-year burn-in)")(
      "start-date", po::value(&o.start_date)->default_value("2024-01-01"), "the calendar date of week 0")(
      "waves", po::value(&waves), "yearly survey waves (default one in each year)")(
      "responses", po::value(&o.responses)->default_value(400), "survey respondents per buurt per wave")(
      "replicates", po::value(&o.replicates)->default_value(64), "replicates (each its own parameter draw)")(
      "seed", po::value(&o.seed)->default_value(20261125), "the random seed")(
      "lang", po::value(&o.lang)->default_value("nl"), "the report's language: nl or en")(
      "output,o", po::value(&output), "the configuration file to write (default: stdout)")(
      "force", po::bool_switch(&force), "replace an existing CONFIG.toml");
  po::variables_map vm;
  if (!parse_args(args, desc, {}, vm)) return kExitUsage;
  if (help) {
    std::cout << desc << "\n";
    return kExitOk;
  }
  try {
    for (const auto& nb : neighbourhoods) {
      std::string name, residents;
      std::size_t used = 0;
      long n = -1;
      if (split_pair(nb, name, residents)) try {
          n = std::stol(residents, &used);
        } catch (const std::exception&) {
          used = 0;
        }
      if (used == 0 || used != residents.size())
        throw config::ConfigError("buurtsim init: --neighbourhood " + nb +
                                  ": expected NAME=RESIDENTS, a whole number without thousands separators "
                                  "(for example \"Mijn buurt=4000\")");
      o.neighbourhoods.push_back({name, n});
    }
    if (approaches == "none")
      o.no_approaches = true;
    else
      o.approaches = split_list(approaches);
    for (const auto& f : fundings) {
      std::string a, mode;
      if (split_pair(f, a, mode))
        o.funding[a] = mode;
      else
        o.funding_all = f;
    }
    if (vm.count("cost-per-year")) o.cost_per_year = cost;
    if (vm.count("hours-per-year")) o.hours_per_year = hours;
    if (vm.count("waves")) o.waves = waves;
    if (!cbs_path.empty() || !codes.empty()) {
      if (cbs_path.empty() || codes.empty() || !o.neighbourhoods_file.empty())
        throw config::ConfigError("buurtsim init: --cbs and --code go together (and not with --neighbourhoods)");
      o.neighbourhoods_file = cbs_path;
      o.neighbourhoods_text = cbs_entries(cbs_path, codes);
    } else if (!o.neighbourhoods_file.empty()) {
      std::ifstream in(o.neighbourhoods_file, std::ios::binary);
      if (!in) throw config::ConfigError(o.neighbourhoods_file + ": cannot read the file");
      o.neighbourhoods_text.assign(std::istreambuf_iterator<char>(in), {});
      // The file alone, with a baseline scenario after it: its errors name its own lines.
      (void)config::load(o.neighbourhoods_text + "\n[[scenario]]\nname = \"baseline\"\napproaches = []\n",
                         o.neighbourhoods_file, "init", {});
    }
    o.command_line = "buurtsim init";  // as typed, quoted where a shell needs it; not the program's path
    for (const auto& a : args)
      o.command_line += " " + (a.find_first_of(" \t'\"$\\;&|<>()*?") == std::string::npos ? a : "'" + a + "'");
    const std::string text = config::make_init_config(o, config::split_template(build_info::kEmbeddedConfig));
    (void)config::load(text, "the configuration buurtsim init writes", "init", {});
    if (output.empty()) {
      std::cout << text;
      return kExitOk;
    }
    if (std::filesystem::exists(output) && !force) {
      std::cerr << "buurtsim init: " << output << " exists; --force replaces it\n";
      return kExitUsage;
    }
    try {
      io::write_text_whole(output, text);
    } catch (const files::Refused& err) {
      std::cerr << "buurtsim init: " << err.what() << "\n";
      return kExitUsage;
    } catch (const std::runtime_error& err) {
      std::cerr << "buurtsim init: " << err.what() << "\n";
      return kExitFailure;
    }
    std::cout << "written to " << output << "\n";
  } catch (const config::ConfigError& err) {
    std::cerr << err.what() << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace buurtsim::cli
