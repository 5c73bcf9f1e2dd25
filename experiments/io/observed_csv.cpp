#include "experiments/io/observed_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

#include "experiments/config/plain_text.hpp"
#include "model/items.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::calibration {
namespace {

constexpr std::string_view kRequired[] = {"neighbourhood", "period", "indicator", "value", "n"};
constexpr std::string_view kOptional[] = {"se", "source"};
constexpr std::size_t kMaxReported = 20;

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Splits one CSV line on commas; fields may be double-quoted ("a, b" and "" for a quote).
// Returns false on an unterminated quote.
bool split_line(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && trim(field).empty()) {
      quoted = was_quoted = true;
      field.clear();
    } else if (c == ',') {
      fields.push_back(was_quoted ? field : trim(field));
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  if (quoted) return false;
  fields.push_back(was_quoted ? field : trim(field));
  return true;
}

bool parse_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
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

// The message for a file a Dutch (or other European) spreadsheet saved: what was seen and how
// to save it as the loader expects.
std::string spreadsheet_message(const std::string& path, bool bom, bool semicolons, bool decimal_commas) {
  std::vector<std::string> seen;
  if (semicolons) seen.push_back("semicolons as separators");
  if (decimal_commas) seen.push_back("decimal commas");
  if (bom) seen.push_back("a byte order mark at the start");
  std::string list;
  for (std::size_t i = 0; i < seen.size(); ++i) list += (i ? (i + 1 == seen.size() ? " and " : ", ") : "") + seen[i];
  return path + ":1: this file looks as if a spreadsheet with Dutch settings saved it (" + list +
         "); buurtsim reads plain CSV: commas between fields, a point as decimal mark (30.3, not 30,3), no byte order "
         "mark. Save it again as \"CSV (comma delimited)\" with English (US/UK) number settings, or convert it, for "
         "example: sed -e '1s/^\\xEF\\xBB\\xBF//' -e 's/,/./g' -e 's/;/,/g' FILE > fixed.csv";
}

}  // namespace

ObservedData parse_observed(std::string text, const std::string& path) {
  ObservedData data;
  data.path = path;
  data.text = text;
  // Lines (LF or CRLF).
  std::vector<std::string> lines;
  {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
      if (end == text.size()) break;
      start = end + 1;
    }
    while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  }
  if (lines.empty())
    throw DataError(path + ":1: the file is empty; expected the header " + "neighbourhood,period,indicator,value,n");

  // A spreadsheet's export: a byte order mark, semicolons, decimal commas.
  const bool bom = lines[0].rfind("\xEF\xBB\xBF", 0) == 0;
  const bool semicolons = lines[0].find(';') != std::string::npos && lines[0].find(',') == std::string::npos;
  bool decimal_commas = false;
  if (semicolons)
    for (std::size_t i = 1; i < lines.size() && !decimal_commas; ++i)
      for (std::size_t c = lines[i].find(','); c != std::string::npos && !decimal_commas; c = lines[i].find(',', c + 1))
        decimal_commas = c > 0 && c + 1 < lines[i].size() &&
                         std::isdigit(static_cast<unsigned char>(lines[i][c - 1])) &&
                         std::isdigit(static_cast<unsigned char>(lines[i][c + 1]));
  if (bom || semicolons) throw DataError(spreadsheet_message(path, bom, semicolons, decimal_commas));

  // The header: the required columns, optional ones, in any order; nothing else.
  std::vector<std::string> header;
  if (!split_line(lines[0], header)) throw DataError(path + ":1: unterminated quote in the header");
  std::map<std::string, std::size_t> column;
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& h = header[i];
    const bool known = std::find(std::begin(kRequired), std::end(kRequired), h) != std::end(kRequired) ||
                       std::find(std::begin(kOptional), std::end(kOptional), h) != std::end(kOptional);
    if (!known) {
      problems.push_back(path + ":1: unknown column '" + h +
                         "'; expected the columns neighbourhood, period, indicator, value, n "
                         "and optionally se and source (names in lower case, in any order)");
    } else if (column.count(h)) {
      problems.push_back(path + ":1: column '" + h + "' appears twice");
    } else {
      column[h] = i;
    }
  }
  for (const std::string_view r : kRequired)
    if (!column.count(std::string(r)))
      problems.push_back(
          path + ":1: no column '" + std::string(r) +
          "'; the header must name neighbourhood, period, indicator, value and n" +
          (r == "n" ? " (n may be left empty in rows that give se, or when the calibration states assumed_n)" : ""));
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "\n") + p;
    throw DataError(all);
  }

  std::map<std::string, int> seen;  // key -> line
  std::vector<std::string> fields;
  for (std::size_t li = 1; li < lines.size(); ++li) {
    const int line = static_cast<int>(li + 1);
    const std::string where = path + ":" + std::to_string(line) + ": ";
    if (trim(lines[li]).empty()) {
      problems.push_back(where + "empty line; remove it");
      continue;
    }
    if (!split_line(lines[li], fields)) {
      problems.push_back(where + "unterminated quote");
      continue;
    }
    if (fields.size() != header.size()) {
      problems.push_back(where + "expected " + std::to_string(header.size()) + " fields as in the header, got " +
                         std::to_string(fields.size()) +
                         (fields.size() > header.size() ? " (a comma inside a field needs quotes)" : ""));
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
    const OutcomeInfo* info = nullptr;
    for (const OutcomeInfo& x : all_outcomes())
      if (x.name == o.indicator) info = &x;
    if (o.indicator.empty()) {
      problems.push_back(where + "'indicator' is empty; expected a survey indicator (" + survey_indicator_list() + ")");
    } else if (!info) {
      problems.push_back(where + "unknown indicator '" + o.indicator +
                         "'; expected a survey indicator (`buurtsim params --outcomes`): " + survey_indicator_list());
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
    } else if (!parse_number(value, o.value)) {
      problems.push_back(where + "'value' is \"" + value + "\"; expected a number with a point as decimal mark");
    } else if (info && (o.value < info->min || o.value > info->max)) {
      std::ostringstream m;
      m << where << "'value' " << value << " is outside the range of " << o.indicator << " (" << info->min << " to "
        << info->max << " " << info->unit << ")";
      problems.push_back(m.str());
    }
    if (const std::string& n = field("n"); !n.empty()) {
      double v = 0;
      if (!parse_number(n, v) || v < 2 || v != std::floor(v))
        problems.push_back(where + "'n' is \"" + n +
                           "\"; expected a whole number of respondents of at least 2, or nothing");
      else
        o.n = v;
    }
    if (column.count("se")) {
      if (const std::string& se = field("se"); !se.empty()) {
        double v = 0;
        if (!parse_number(se, v) || v <= 0)
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
  if (!problems.empty()) {
    std::string all;
    for (std::size_t i = 0; i < problems.size() && i < kMaxReported; ++i) all += (i ? "\n" : "") + problems[i];
    if (problems.size() > kMaxReported) all += "\n... and " + std::to_string(problems.size() - kMaxReported) + " more";
    throw DataError(all);
  }
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
