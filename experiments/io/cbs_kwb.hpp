#pragma once
// CBS "Kerncijfers wijken en buurten" (KWB) as CBS publishes it on its open-data portal: one
// row per region (land, gemeente, wijk, buurt), columns named by StatLine keys with a position
// suffix that differs between table years ("AantalInwoners_5", "GemiddeldeHuishoudensgrootte_32"
// in 2019, "_33" in 2024), semicolons between quoted, space-padded fields, decimal commas and "."
// for a suppressed or unknown figure (docs/neighbourhoods.md). The reader keeps each figure as
// written; kwb_neighbourhood.hpp turns the figures into model parameters.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtsim::cbs {

// One figure of one region as the file holds it.
struct Figure {
  std::string column;  // the column name as written ("AantalInwoners_5")
  std::string text;    // the field, trimmed ("2,3", "." ...)
  int line = 0;
  bool present = false;         // the column exists in the file
  std::optional<double> value;  // the number, if the field is one
  bool malformed = false;       // neither a number nor a mark for a suppressed figure
  // ".", "x", "-", "NA" or empty: CBS suppressed the figure or does not know it.
  bool suppressed() const { return present && !value && !malformed; }
};

struct Region {
  std::string code;          // "BU05183284"
  std::string municipality;  // Gemeentenaam, if the file has it
  std::string kind;          // SoortRegio ("Buurt"), if the file has it
  int line = 0;
  // Figures by StatLine key without the position suffix ("AantalInwoners").
  std::map<std::string, Figure, std::less<>> figures;
  const Figure& figure(std::string_view key) const;
};

struct KwbFile {
  std::string path;
  std::vector<std::string> keys;  // the header's keys without suffix, in file order
  char decimal_mark = '.';
  bool has(std::string_view key) const;
};

// The KWB key of a column name: the StatLine key without its "_N" position suffix.
std::string kwb_key(std::string_view column);

// Reads the file and the rows of `codes` (BU/WK/GM codes as CBS writes them), in the order
// asked. Throws csv::CsvError ("PATH:LINE: ...") for a file that is not a KWB table (no region
// code column, no AantalInwoners), a row with another number of fields than the header, a code
// asked for that is not in the file or is in it twice, and mixed decimal marks in those rows. A
// field that is neither a number nor a suppression mark is kept as `malformed`: the caller
// refuses it if it uses that figure.
std::vector<Region> read_kwb(std::string_view text, const std::string& path, const std::vector<std::string>& codes,
                             KwbFile& file);

// Every region of the file whose code starts with `prefix` ("BU" for the buurten), in file
// order, read as read_kwb reads the rows asked for (and refused as it refuses them).
std::vector<Region> read_kwb_all(std::string_view text, const std::string& path, std::string_view prefix,
                                 KwbFile& file);

}  // namespace buurtsim::cbs
