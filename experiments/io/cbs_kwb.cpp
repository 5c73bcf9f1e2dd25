#include "experiments/io/cbs_kwb.hpp"

#include <algorithm>
#include <set>

#include "experiments/io/csv_table.hpp"

namespace buurtsim::cbs {
namespace {

// Columns that name the region rather than hold a figure.
constexpr std::string_view kIdentifying[] = {"ID", "WijkenEnBuurten", "Gemeentenaam", "SoortRegio", "Codering"};
// What CBS (and a re-export by R) writes for a figure it does not give.
constexpr std::string_view kSuppressed[] = {"", ".", "x", "X", "-", "NA"};

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string upper(std::string_view s) {
  std::string out = trim(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string at(const std::string& path, int line) { return path + ":" + std::to_string(line) + ": "; }

}  // namespace

std::string kwb_key(std::string_view column) {
  std::string c = trim(column);
  const auto underscore = c.rfind('_');
  if (underscore != std::string::npos && underscore + 1 < c.size() && underscore > 0 &&
      std::all_of(c.begin() + static_cast<std::ptrdiff_t>(underscore) + 1, c.end(),
                  [](char x) { return x >= '0' && x <= '9'; }))
    c.erase(underscore);
  return c;
}

const Figure& Region::figure(std::string_view key) const {
  static const Figure absent;
  const auto it = figures.find(key);
  return it == figures.end() ? absent : it->second;
}

bool KwbFile::has(std::string_view key) const { return std::find(keys.begin(), keys.end(), key) != keys.end(); }

namespace {

// The table's records and the column of the region codes; refuses a file that is not a KWB table
// and a row with another number of fields than the header.
struct Parsed {
  csv::Table table;
  std::size_t code_col = 0;
};

Parsed parse_kwb(std::string_view text, const std::string& path, KwbFile& file) {
  Parsed p{csv::read_table(text, path), 0};
  const csv::Table& t = p.table;
  file.path = path;
  file.keys.clear();
  for (const std::string& h : t.header) file.keys.push_back(kwb_key(h));
  auto column_of = [&](std::string_view key) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < file.keys.size(); ++i)
      if (file.keys[i] == key) return i;
    return std::nullopt;
  };
  const std::optional<std::size_t> code_col =
      column_of("Codering") ? column_of("Codering") : column_of("WijkenEnBuurten");
  if (!code_col || !column_of("AantalInwoners"))
    throw csv::CsvError(at(path, t.header_line) + "this is not a CBS table \"Kerncijfers wijken en buurten\" as " +
                        "published on its open-data portal: expected the columns " +
                        (code_col ? std::string("") : "WijkenEnBuurten or Codering (the region code), ") +
                        (column_of("AantalInwoners") ? std::string("") : "AantalInwoners (the residents), ") +
                        "named by their StatLine keys (docs/neighbourhoods.md)");
  p.code_col = *code_col;
  for (const csv::Record& r : t.records)
    if (!r.blank && r.fields.size() != t.header.size())
      throw csv::CsvError(at(path, r.line) + "expected " + std::to_string(t.header.size()) +
                          " fields as in the header, got " + std::to_string(r.fields.size()));
  return p;
}

}  // namespace

namespace {

// The rows of `codes` of a parsed table, in the order asked.
std::vector<Region> regions_of(const Parsed& parsed, const std::string& path, const std::vector<std::string>& codes,
                               KwbFile& file) {
  const csv::Table& t = parsed.table;
  const std::set<std::string, std::less<>> wanted(codes.begin(), codes.end());

  // The rows asked for, found by their code.
  std::map<std::string, const csv::Record*> found;
  for (const csv::Record& r : t.records) {
    if (r.blank) continue;
    const std::string code = upper(r.fields[parsed.code_col]);
    if (!wanted.count(code)) continue;
    if (const auto it = found.find(code); it != found.end())
      throw csv::CsvError(at(path, r.line) + "region " + code + " appears twice (also on line " +
                          std::to_string(it->second->line) + "); expected one row per region");
    found[code] = &r;
  }
  std::set<std::string> asked;
  for (const std::string& code : codes) {
    if (!asked.insert(code).second) throw csv::CsvError(path + ": region " + code + " is asked for twice");
    if (!found.count(code))
      throw csv::CsvError(path + ": no row for region " + code + " in the " + std::to_string(t.records.size()) +
                          " rows of the file; expected a code as CBS writes it (BU + 8 digits for a buurt, WK + 6 "
                          "for a wijk, GM + 4 for a gemeente), from the table year the file is");
  }

  // The decimal mark of the figures of these rows.
  std::vector<csv::Cell> cells;
  for (const auto& [code, rec] : found)
    for (std::size_t i = 0; i < rec->fields.size(); ++i)
      if (std::find(std::begin(kIdentifying), std::end(kIdentifying), file.keys[i]) == std::end(kIdentifying) &&
          !file.keys[i].empty())
        cells.push_back({rec->fields[i], rec->line, t.header[i]});
  file.decimal_mark = csv::decimal_mark(cells, path);

  std::vector<Region> out;
  for (const std::string& code : codes) {
    const csv::Record& rec = *found.at(code);
    Region region;
    region.code = code;
    region.line = rec.line;
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      const std::string& key = file.keys[i];
      if (key.empty()) continue;
      const std::string value = trim(rec.fields[i]);
      if (key == "Gemeentenaam") region.municipality = value;
      if (key == "SoortRegio") region.kind = value;
      Figure f;
      f.column = t.header[i];
      f.text = value;
      f.line = rec.line;
      f.present = true;
      double x = 0;
      if (csv::parse_number(value, file.decimal_mark, x))
        f.value = x;
      else
        f.malformed = std::find(std::begin(kSuppressed), std::end(kSuppressed), value) == std::end(kSuppressed);
      region.figures.emplace(key, std::move(f));
    }
    out.push_back(std::move(region));
  }
  return out;
}

}  // namespace

std::vector<Region> read_kwb(std::string_view text, const std::string& path, const std::vector<std::string>& codes,
                             KwbFile& file) {
  return regions_of(parse_kwb(text, path, file), path, codes, file);
}

std::vector<Region> read_kwb_all(std::string_view text, const std::string& path, std::string_view prefix,
                                 KwbFile& file) {
  const Parsed parsed = parse_kwb(text, path, file);
  std::vector<std::string> codes;
  for (const csv::Record& r : parsed.table.records)
    if (!r.blank) {
      std::string code = upper(r.fields[parsed.code_col]);
      if (code.starts_with(prefix)) codes.push_back(std::move(code));
    }
  return regions_of(parsed, path, codes, file);
}

}  // namespace buurtsim::cbs
