#include "experiments/io/csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace buurtsim::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr char kCandidates[] = {',', ';', '\t'};

std::string separator_name(char c) {
  if (c == '\t') return "tab";
  return std::string("'") + c + "'";
}

std::string where(const std::string& path, int line) { return path + ":" + std::to_string(line) + ": "; }

bool blank_char(char c, char sep) { return c == ' ' || (c == '\t' && sep != '\t'); }

std::string trimmed(std::string_view s, char sep) {
  while (!s.empty() && blank_char(s.front(), sep)) s.remove_prefix(1);
  while (!s.empty() && blank_char(s.back(), sep)) s.remove_suffix(1);
  return std::string(s);
}

// Splits the whole text into records with separator `sep`. The first record is the header.
std::vector<Record> tokenize(std::string_view text, char sep, const std::string& path, int first_line) {
  std::vector<Record> out;
  Record rec;
  rec.line = first_line;
  std::string field;
  bool quoted = false;       // the field began with a quote
  bool in_quotes = false;    // inside the quotes now
  bool after_quote = false;  // the closing quote was seen
  int line = first_line, quote_line = first_line;
  auto end_field = [&] {
    rec.fields.push_back(quoted ? field : trimmed(field, sep));
    field.clear();
    quoted = in_quotes = after_quote = false;
  };
  auto end_record = [&] {
    const bool was_quoted = quoted;
    end_field();
    rec.blank = rec.fields.size() == 1 && rec.fields[0].empty() && !was_quoted;
    out.push_back(std::move(rec));
    rec = Record{};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
        after_quote = true;
      } else {
        if (c == '\n') ++line;
        // A CRLF inside quotes is kept as a line feed: the text is what the spreadsheet showed.
        if (!(c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) field += c;
      }
      continue;
    }
    if (c == sep) {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      rec.line = ++line;
    } else if (after_quote) {
      if (!blank_char(c, sep) && quote_line != line)
        throw CsvError(where(path, quote_line) + "field " + std::to_string(rec.fields.size() + 1) +
                       ": a quote opened here is never closed where expected (it closes on line " +
                       std::to_string(line) + ", with text after it); expected a closing \" before " +
                       separator_name(sep) + " or the end of the line");
      if (!blank_char(c, sep))
        throw CsvError(where(path, line) + "field " + std::to_string(rec.fields.size() + 1) +
                       ": text after a closing quote; expected " + separator_name(sep) +
                       " or the end of the line (a quote inside a quoted field is written twice: \"\")");
    } else if (c == '"' && trimmed(field, sep).empty()) {
      quoted = in_quotes = true;
      quote_line = line;
      field.clear();
    } else {
      field += c;
    }
  }
  if (in_quotes)
    throw CsvError(where(path, quote_line) + "field " + std::to_string(rec.fields.size() + 1) +
                   ": a quote opened here is never closed; expected a closing \" before the end of the file");
  if (!field.empty() || quoted || !rec.fields.empty()) end_record();
  while (!out.empty() && out.back().blank) out.pop_back();
  return out;
}

// The separators that occur outside quotes in the first line.
std::vector<char> separators_in_header(std::string_view text) {
  std::vector<char> found;
  bool in_quotes = false;
  for (const char c : text) {
    if (c == '"') in_quotes = !in_quotes;
    if (!in_quotes && (c == '\n' || c == '\r')) break;
    if (!in_quotes && std::find(std::begin(kCandidates), std::end(kCandidates), c) != std::end(kCandidates) &&
        std::find(found.begin(), found.end(), c) == found.end())
      found.push_back(c);
  }
  return found;
}

// The first record whose field count differs from the header's, or nullopt.
std::optional<int> first_ragged(const std::vector<Record>& recs) {
  for (std::size_t i = 1; i < recs.size(); ++i)
    if (!recs[i].blank && recs[i].fields.size() != recs[0].fields.size()) return recs[i].line;
  return std::nullopt;
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

Table read_table(std::string_view text, const std::string& path) {
  Table t;
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
    throw CsvError(where(path, 1) +
                   "the file is UTF-16 text; expected UTF-8 (save it again as \"CSV UTF-8\" or plain CSV)");
  if (text.substr(0, kBom.size()) == kBom) {
    text.remove_prefix(kBom.size());
    t.byte_order_mark = true;
  }
  const std::vector<char> seen = separators_in_header(text);
  std::vector<Record> recs;
  if (seen.size() <= 1) {
    t.separator = seen.empty() ? ',' : seen[0];
    recs = tokenize(text, t.separator, path, 1);
  } else {
    // More than one separator in the header: the one that reads every line into the header's
    // number of fields. None or several: refused, naming the lines.
    std::vector<char> plausible;
    std::string reasons;
    for (const char sep : seen) {
      try {
        std::vector<Record> r = tokenize(text, sep, path, 1);
        if (const auto bad = first_ragged(r)) {
          reasons +=
              "; with " + separator_name(sep) + " line " + std::to_string(*bad) + " has another number of fields";
        } else {
          plausible.push_back(sep);
          if (plausible.size() == 1) recs = std::move(r);
        }
      } catch (const CsvError& e) {
        reasons += "; with " + separator_name(sep) + ": " + e.what();
      }
    }
    std::string names;
    for (std::size_t i = 0; i < seen.size(); ++i)
      names += (i ? (i + 1 == seen.size() ? " and " : ", ") : "") + separator_name(seen[i]);
    if (plausible.size() != 1)
      throw CsvError(
          where(path, 1) + "the header holds both " + names + " outside quotes, and " +
          (plausible.empty() ? std::string("neither reads the file consistently") + reasons
                             : "each reads every line into the same number of fields") +
          "; cannot tell which separates the fields. Put the column names that contain the other character in "
          "double quotes, or save the file again with one separator");
    t.separator = plausible[0];
  }
  if (recs.empty()) return t;
  t.header = std::move(recs[0].fields);
  t.header_line = recs[0].line;
  recs.erase(recs.begin());
  t.records = std::move(recs);
  return t;
}

char decimal_mark(const std::vector<Cell>& values, const std::string& path) {
  const Cell* comma = nullptr;
  const Cell* point = nullptr;
  for (const Cell& v : values) {
    if (std::none_of(v.text.begin(), v.text.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    const bool c = v.text.find(',') != std::string_view::npos;
    const bool p = v.text.find('.') != std::string_view::npos;
    if (c && p)
      throw CsvError(where(path, v.line) + "'" + std::string(v.column) + "' is \"" + std::string(v.text) +
                     "\"; expected a number with one decimal mark and no thousands separator (1234,5 or 1234.5)");
    if (c && !comma) comma = &v;
    if (p && !point) point = &v;
  }
  if (comma && point) {
    const Cell& later = comma->line > point->line ? *comma : *point;
    const Cell& earlier = comma->line > point->line ? *point : *comma;
    throw CsvError(where(path, later.line) + "'" + std::string(later.column) + "' is \"" + std::string(later.text) +
                   "\" but line " + std::to_string(earlier.line) + " wrote \"" + std::string(earlier.text) +
                   "\"; expected one decimal mark throughout the file (a comma or a point)");
  }
  return comma ? ',' : '.';
}

bool parse_number(std::string_view text, char mark, double& out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  const char other = mark == ',' ? '.' : ',';
  if (text.find(other) != std::string_view::npos) return false;
  std::string s(text);
  std::replace(s.begin(), s.end(), mark, '.');
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

}  // namespace buurtsim::csv
