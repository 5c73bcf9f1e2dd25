#include "experiments/io/observed_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

#include "experiments/config/plain_text.hpp"
#include "experiments/io/csv_table.hpp"
#include "experiments/io/vm_indicators.hpp"
#include "model/items.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::calibration {
namespace {

constexpr std::string_view kRequired[] = {"neighbourhood", "period", "indicator", "value", "n"};
constexpr std::string_view kOptional[] = {"se", "source"};
constexpr std::size_t kMaxReported = 20;

// Column names a Dutch spreadsheet uses, beside the English ones (any case).
struct Alias {
  std::string_view written, column;
};
constexpr Alias kAliases[] = {{"buurt", "neighbourhood"}, {"neighborhood", "neighbourhood"},
                              {"jaar", "period"},         {"periode", "period"},
                              {"waarde", "value"},        {"bron", "source"}};

std::string canonical_column(const std::string& h) {
  std::string l = csv::lower(h);
  for (const Alias& a : kAliases)
    if (l == a.written) return std::string(a.column);
  return l;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "YYYY" or "YYYY-MM".
bool parse_period(const std::string& s, int& year, int& month) {
  if (s.size() == 4 && digits(s)) {
    year = std::stoi(s);
    month = 0;
  } else if (s.size() == 7 && s[4] == '-' && digits(s.substr(0, 4)) && digits(s.substr(5))) {
    year = std::stoi(s.substr(0, 4));
    month = std::stoi(s.substr(5));
    if (month < 1 || month > 12) return false;
  } else {
    return false;
  }
  return year >= 1900 && year <= 2200;
}

std::string survey_indicator_list() {
  std::string list;
  for (const OutcomeInfo& o : all_outcomes())
    if (o.survey_indicator) list += (list.empty() ? "" : ", ") + std::string(o.name);
  return list;
}

std::string join(const std::vector<std::string>& problems) {
  std::string all;
  for (std::size_t i = 0; i < problems.size() && i < kMaxReported; ++i) all += (i ? "\n" : "") + problems[i];
  if (problems.size() > kMaxReported) all += "\n... and " + std::to_string(problems.size() - kMaxReported) + " more";
  return all;
}

// The header: the required columns, optional ones, in any order, English or Dutch names;
// nothing else.
std::map<std::string, std::size_t> read_header(const csv::Table& t, const std::string& path) {
  std::map<std::string, std::size_t> column;
  std::vector<std::string> problems;
  const std::string at = path + ":" + std::to_string(t.header_line) + ": ";
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    const std::string h = canonical_column(t.header[i]);
    const bool known = std::find(std::begin(kRequired), std::end(kRequired), h) != std::end(kRequired) ||
                       std::find(std::begin(kOptional), std::end(kOptional), h) != std::end(kOptional);
    if (!known) {
      problems.push_back(at + "unknown column '" + t.header[i] +
                         "'; expected the columns neighbourhood, period, indicator, value, n and optionally se and "
                         "source (or in Dutch buurt, jaar or periode, indicator, waarde, n, se, bron), in any order");
    } else if (column.count(h)) {
      problems.push_back(at + "column '" + t.header[i] + "' appears twice (as '" + t.header[column[h]] + "' too)");
    } else {
      column[h] = i;
    }
  }
  for (const std::string_view r : kRequired)
    if (!column.count(std::string(r)))
      problems.push_back(
          at + "no column '" + std::string(r) +
          "'; the header must name neighbourhood, period, indicator, value and n (or buurt, jaar, indicator, waarde, "
          "n)" +
          (r == "n" ? " (n may be left empty in rows that give se, or when the calibration states assumed_n)" : ""));
  if (!problems.empty()) throw DataError(join(problems));
  return column;
}

// The survey indicator a row names: the model's name or the Veiligheidsmonitor's.
const OutcomeInfo* find_indicator(std::string& written) {
  std::string_view name = written;
  if (const std::string_view vm = indicator_for_vm_name(written); !vm.empty()) name = vm;
  for (const OutcomeInfo& x : all_outcomes())
    if (x.name == name) {
      written = std::string(x.name);
      return &x;
    }
  return nullptr;
}

}  // namespace

ObservedData parse_observed(std::string text, const std::string& path) {
  ObservedData data;
  data.path = path;
  data.text = text;
  csv::Table table;
  try {
    table = csv::read_table(text, path);
  } catch (const csv::CsvError& e) {
    throw DataError(e.what());
  }
  if (table.header.empty() || (table.header.size() == 1 && table.header[0].empty()))
    throw DataError(path + ":1: the file is empty; expected the header neighbourhood,period,indicator,value,n");
  const std::map<std::string, std::size_t> column = read_header(table, path);
  const std::size_t width = table.header.size();

  // The decimal mark of the numeric columns, from the well-formed rows.
  char mark = '.';
  {
    std::vector<csv::Cell> cells;
    for (const csv::Record& r : table.records)
      if (!r.blank && r.fields.size() == width)
        for (const std::string_view name : {"value", "n", "se"})
          if (const auto it = column.find(std::string(name)); it != column.end())
            cells.push_back({r.fields[it->second], r.line, name});
    try {
      mark = csv::decimal_mark(cells, path);
    } catch (const csv::CsvError& e) {
      throw DataError(e.what());
    }
  }
  const std::string mark_name = mark == ',' ? "a comma" : "a point";

  std::vector<std::string> problems;
  std::map<std::string, int> seen;  // key -> line
  for (const csv::Record& rec : table.records) {
    const int line = rec.line;
    const std::string where = path + ":" + std::to_string(line) + ": ";
    if (rec.blank) {
      problems.push_back(where + "empty line; remove it");
      continue;
    }
    const std::vector<std::string>& fields = rec.fields;
    if (fields.size() != width) {
      const std::string sep = table.separator == '\t' ? "tab" : std::string("'") + table.separator + "'";
      problems.push_back(
          where + "expected " + std::to_string(width) + " fields as in the header, got " +
          std::to_string(fields.size()) +
          (fields.size() > width ? " (a " + sep + " inside a field needs double quotes around the field)" : ""));
      continue;
    }
    auto field = [&](std::string_view name) -> const std::string& { return fields[column.at(std::string(name))]; };
    Observation o;
    o.line = line;
    const std::size_t before = problems.size();
    o.neighbourhood = field("neighbourhood");
    if (o.neighbourhood.empty())
      problems.push_back(where +
                         "'neighbourhood' is empty; expected the name of a [[neighbourhood]] of the configuration");
    o.period = field("period");
    if (o.period.empty()) {
      problems.push_back(where + "'period' is empty; expected a year (2019) or a year-month (2019-10)");
    } else if (!parse_period(o.period, o.year, o.month)) {
      problems.push_back(where + "'period' is \"" + o.period + "\"; expected a year (2019) or a year-month (2019-10)");
    }
    o.indicator = field("indicator");
    const OutcomeInfo* info = find_indicator(o.indicator);
    if (o.indicator.empty()) {
      problems.push_back(where + "'indicator' is empty; expected a survey indicator (" + survey_indicator_list() + ")");
    } else if (!info) {
      problems.push_back(where + "unknown indicator '" + o.indicator +
                         "'; expected a survey indicator (`buurtsim params --outcomes`): " + survey_indicator_list() +
                         ", or a Veiligheidsmonitor name of one (docs/calibration.md, \"Veiligheidsmonitor names\")");
    } else if (!info->survey_indicator) {
      problems.push_back(where + "'" + o.indicator +
                         "' is a model-only outcome, not a survey indicator; expected one of " +
                         survey_indicator_list());
      info = nullptr;
    } else {
      o.item = static_cast<std::size_t>(info->id);
    }
    const std::string& value = field("value");
    if (value.empty()) {
      problems.push_back(where + "'value' is empty; expected a number");
    } else if (!csv::parse_number(value, mark, o.value)) {
      problems.push_back(where + "'value' is \"" + value + "\"; expected a number with " + mark_name +
                         " as decimal mark, as elsewhere in the file");
    } else if (info && (o.value < info->min || o.value > info->max)) {
      std::ostringstream m;
      m << where << "'value' " << value << " is outside the range of " << o.indicator << " (" << info->min << " to "
        << info->max << " " << info->unit << ")";
      problems.push_back(m.str());
    }
    if (const std::string& n = field("n"); !n.empty()) {
      double v = 0;
      if (!csv::parse_number(n, mark, v) || v < 2 || v != std::floor(v))
        problems.push_back(where + "'n' is \"" + n +
                           "\"; expected a whole number of respondents of at least 2, or nothing");
      else
        o.n = v;
    }
    if (column.count("se")) {
      if (const std::string& se = field("se"); !se.empty()) {
        double v = 0;
        if (!csv::parse_number(se, mark, v) || v <= 0)
          problems.push_back(where + "'se' is \"" + se +
                             "\"; expected a positive standard error in the indicator's unit, or nothing");
        else
          o.se = v;
      }
    }
    if (column.count("source")) o.source = field("source");
    if (problems.size() != before) continue;
    const std::string key = o.neighbourhood + "\x1f" + o.period + "\x1f" + o.indicator;
    if (const auto it = seen.find(key); it != seen.end()) {
      problems.push_back(where + "duplicate row: " + o.neighbourhood + ", " + o.period + ", " + o.indicator +
                         " is also on line " + std::to_string(it->second));
      continue;
    }
    seen[key] = line;
    data.rows.push_back(std::move(o));
  }
  if (!problems.empty()) throw DataError(join(problems));
  if (data.rows.empty()) throw DataError(path + ":2: no data rows after the header");
  return data;
}

ObservedData load_observed(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot read the data file (no such file or no permission)");
  std::ostringstream text;
  text << in.rdbuf();
  if (const auto why = not_plain_text(text.str(), false)) throw DataError(path + ": not a CSV text file: " + *why);
  return parse_observed(text.str(), path);
}

}  // namespace buurtsim::calibration
