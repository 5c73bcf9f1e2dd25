#include "experiments/config/init_config.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "experiments/config/config.hpp"
#include "model/spec.hpp"

namespace buurtsim::config {

namespace {

constexpr int kWeeksPerYear = 52;

[[noreturn]] void fail(const std::string& option, const std::string& what) {
  throw ConfigError("buurtsim init: " + option + ": " + what);
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The approach's block with its funding line replaced (and the old line's continuation comments
// dropped, since they explain the template's choice).
std::string with_funding(const std::string& block, const std::string& mode) {
  std::istringstream in(block);
  std::string out;
  bool replaced = false, dropping = false;
  for (std::string line; std::getline(in, line);) {
    if (dropping) {
      const auto first = line.find_first_not_of(' ');
      if (first != std::string::npos && first > 0 && line[first] == '#') continue;
      dropping = false;
    }
    if (!replaced && line.rfind("funding = ", 0) == 0) {
      std::string head = "funding = " + quoted(mode);
      head.resize(std::max<std::size_t>(head.size() + 1, 28), ' ');  // the template's comment column
      out += head + "# set by buurtsim init: \"additional\" pays the hours extra,\n";
      out += "                            # \"redeployed\" takes them from the regular service\n";
      replaced = dropping = true;
      continue;
    }
    out += line + "\n";
  }
  if (!replaced) fail("--funding", "the template's approach block has no funding line");
  return out;
}

void check_mode(const std::string& option, const std::string& mode) {
  if (mode != "additional" && mode != "redeployed")
    fail(option, "'" + mode + "' is not a funding mode; expected additional or redeployed");
}

std::string list_of(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

std::vector<std::string> yearly_survey_dates(const std::string& start_date, int weeks, std::optional<int> waves) {
  Date start;
  if (!Date::parse(start_date, start)) fail("--start-date", "'" + start_date + "' is not a date YYYY-MM-DD");
  const std::int64_t first = start.days(), end = first + 7LL * weeks;
  std::vector<std::string> dates;
  for (int year = start.year; waves.value_or(1 << 30) > static_cast<int>(dates.size()); ++year) {
    const std::int64_t october1 = Date{year, 10, 1}.days();
    const std::int64_t weekday = ((october1 + 3) % 7 + 7) % 7;  // 0 Monday (1970-01-01 was a Thursday)
    const std::int64_t second_monday = october1 + (7 - weekday) % 7 + 7;
    if (second_monday >= end) break;
    if (second_monday >= first) dates.push_back(Date::from_days(second_monday).str());
  }
  return dates;
}

std::string make_init_config(const InitOptions& o, const ConfigTemplate& t) {
  if (o.years < 1 || o.years > 30) fail("--years", std::to_string(o.years) + " is out of range; expected 1 to 30");
  if (o.replicates < 1 || o.replicates > 65535)
    fail("--replicates", std::to_string(o.replicates) + " is out of range; expected 1 to 65535");
  if (o.responses < 1) fail("--responses", "expected a positive number of respondents per wave");
  if (o.preset != "average" && o.preset != "aandachtswijk")
    fail("--preset", "'" + o.preset + "' is not a preset; expected average or aandachtswijk");
  if (o.lang != "nl" && o.lang != "en") fail("--lang", "'" + o.lang + "' is not a report language; expected nl or en");
  if (o.neighbourhoods.empty() && o.neighbourhoods_file.empty())
    fail("--neighbourhood",
         "expected at least one buurt: --neighbourhood NAME=RESIDENTS or --neighbourhoods FILE.toml");
  for (const auto& nb : o.neighbourhoods) {
    if (nb.name.empty()) fail("--neighbourhood", "a buurt needs a name: NAME=RESIDENTS");
    if (nb.residents < 50 || nb.residents > 2'000'000)
      fail("--neighbourhood", nb.name + "=" + std::to_string(nb.residents) +
                                  ": residents out of range; expected 50 to 2,000,000 (without thousands separators)");
  }
  if (o.cost_per_year && o.hours_per_year) fail("--cost-per-year", "give either --cost-per-year or --hours-per-year");
  if (o.cost_per_year && !(*o.cost_per_year > 0 && std::isfinite(*o.cost_per_year)))
    fail("--cost-per-year", "expected a positive amount in EUR a year");
  if (o.hours_per_year && !(*o.hours_per_year > 0 && std::isfinite(*o.hours_per_year)))
    fail("--hours-per-year", "expected a positive number of hours a year");
  if (o.waves && (*o.waves < 0 || *o.waves > o.years))
    fail("--waves", std::to_string(*o.waves) + " is out of range; expected 0 to the number of years (" +
                        std::to_string(o.years) + ")");

  std::vector<std::string> chosen = o.no_approaches        ? std::vector<std::string>{}
                                    : o.approaches.empty() ? t.approach_order
                                                           : o.approaches;
  for (const auto& a : chosen)
    if (!t.approaches.contains(a))
      fail("--approaches",
           "'" + a + "' is not an approach; expected some of " + list_of(t.approach_order) + " or none");
  if (!o.funding_all.empty()) check_mode("--funding", o.funding_all);
  for (const auto& [a, mode] : o.funding) {
    if (std::find(chosen.begin(), chosen.end(), a) == chosen.end())
      fail("--funding", "'" + a + "' is not among the chosen approaches (" + list_of(chosen) + ")");
    check_mode("--funding " + a, mode);
  }
  if (o.combined && chosen.size() < 2) fail("--combined", "needs at least two approaches");

  const int weeks = o.years * kWeeksPerYear;
  const auto dates = yearly_survey_dates(o.start_date, weeks, o.waves);

  std::ostringstream out;
  out << "# buurtsim configuration for your own buurt, written by:\n#   " << o.command_line << "\n"
      << "# Check it with `buurtsim check FILE`, run it with `buurtsim run FILE`. Every key is explained in\n"
      << "# docs/usage.md and `buurtsim params`; the approach settings below are those of the default\n"
      << "# comparison (configs/compare.toml), with their sources.\n\n";
  out << "model = \"buurtsim\"\n"
      << "weeks = " << weeks << "               # recorded weeks (" << o.years << " year" << (o.years == 1 ? "" : "s")
      << "), after the burn-in\n"
      << "burn_in_weeks = 104       # two years to reach the stationary state before week 0\n"
      << "replicates = " << o.replicates
      << "           # replicates, each with its own draw of the uncertain parameters\n"
      << "seed = " << o.seed << "\n"
      << "start_date = " << quoted(o.start_date) << " # the calendar date of week 0 (seasonality, survey dates)\n\n";
  out << t.uncertainty << "\n";

  out << "# The simulated survey (Veiligheidsmonitor-like): the second Monday of October of each year.\n"
      << "[survey]\ndates = [";
  for (std::size_t i = 0; i < dates.size(); ++i) out << (i ? ", " : "") << quoted(dates[i]);
  out << "]\ninstrument = \"VM2021\"\n"
      << "target_responses = " << o.responses << "    # respondents per neighbourhood per wave\n\n";

  if (!o.neighbourhoods_file.empty()) {
    out << "# The buurten of " << o.neighbourhoods_file << ", as that file gives them:\n" << o.neighbourhoods_text;
    if (!o.neighbourhoods_text.empty() && o.neighbourhoods_text.back() != '\n') out << "\n";
    out << "\n";
  }
  for (const auto& nb : o.neighbourhoods) {
    if (o.preset == "aandachtswijk")
      out << "# The aandachtswijk preset of the default comparison (docs/calibration.md): more social\n"
          << "# rental, more residents with a migration background, lower trust than the Dutch average.\n";
    else
      out << "# The Dutch-average preset: the registry's defaults (docs/calibration.md). Replace them\n"
          << "# with the buurt's own figures (`buurtsim neighbourhood`) and survey levels (`buurtsim fit`).\n";
    out << "[[neighbourhood]]\nname = " << quoted(nb.name) << "\nresidents = " << nb.residents << "\n";
    if (o.preset == "aandachtswijk")
      for (const auto& line : t.aandachtswijk_settings) out << line << "\n";
    out << "\n";
  }

  for (const auto& a : chosen) {
    std::string block = t.approaches.at(a);
    const auto it = o.funding.find(a);
    if (it != o.funding.end())
      block = with_funding(block, it->second);
    else if (!o.funding_all.empty())
      block = with_funding(block, o.funding_all);
    out << block << "\n";
  }

  if (o.cost_per_year || o.hours_per_year) {
    out << "# Every approach scenario on the same planned budget (docs/usage.md, \"Like-for-like budgets\").\n"
        << "[budget]\n";
    if (o.cost_per_year)
      out << "basis = \"equal_cost\"\ncost_per_year = " << *o.cost_per_year << "    # EUR a year\n\n";
    else
      out << "basis = \"equal_hours\"\nhours_per_year = " << *o.hours_per_year << "    # hours a year\n\n";
  }

  out << "# --- Scenarios: the baseline (no approach) is the counterfactual of every other scenario ---\n"
      << "[[scenario]]\nname = \"baseline\"\napproaches = []\n";
  for (const auto& a : chosen)
    out << "\n[[scenario]]\nname = " << quoted(a) << "\napproaches = [" << quoted(a) << "]\n";
  if (o.combined) {
    out << "\n[[scenario]]\nname = \"combined\"\napproaches = [";
    for (std::size_t i = 0; i < chosen.size(); ++i) out << (i ? ", " : "") << quoted(chosen[i]);
    out << "]\n";
  }
  out << "\n# The report of the results in " << (o.lang == "nl" ? "Dutch" : "English") << " (analysis/report.py --lang "
      << (o.lang == "nl" ? "en" : "nl") << " gives it in " << (o.lang == "nl" ? "English" : "Dutch")
      << ").\n[report]\nlang = " << quoted(o.lang) << "\n";
  return out.str();
}

}  // namespace buurtsim::config
