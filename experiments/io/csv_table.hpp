#pragma once
// A CSV file as spreadsheets and CBS write it, read into a header and records: the separator
// (',', ';' or tab) found from the header, double-quoted fields (with separators, quotes and
// line breaks inside), a UTF-8 byte order mark and CRLF line ends. The file's bytes are never
// changed; numbers are read with the decimal mark the file uses (decimal_mark()).
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace buurtsim::csv {

// A file that cannot be read as a table; what() is "PATH:LINE: what is wrong".
class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Record {
  int line = 0;  // the file line the record starts on (the header is line 1)
  std::vector<std::string> fields;
  bool blank = false;  // an empty line (no fields) inside the file
};

struct Table {
  std::vector<std::string> header;
  int header_line = 1;
  std::vector<Record> records;  // trailing empty lines are left out
  char separator = ',';
  bool byte_order_mark = false;
};

// Reads `text`; `path` names the file in messages. Unquoted fields lose surrounding spaces
// (and tabs, unless tab separates); quoted fields are kept as written. Throws CsvError for an
// unterminated quote, text after a closing quote, a UTF-16 file, or a header holding more than
// one separator when not exactly one of them reads every record into the header's number of
// fields (both plausible, or neither).
Table read_table(std::string_view text, const std::string& path);

// The decimal mark of the numbers in `values` (each with the line it is on): ',' when some
// value has a comma and none a point, '.' otherwise. Throws CsvError naming the lines when the
// file mixes the two marks or writes a value with both (thousands separators are not read).
struct Cell {
  std::string_view text;
  int line;
  std::string_view column;
};
char decimal_mark(const std::vector<Cell>& values, const std::string& path);

// Parses a number written with `mark` as decimal mark (surrounding spaces allowed). False for
// anything else, including an empty field.
bool parse_number(std::string_view text, char mark, double& out);

// Lower case ASCII letters, for matching column names.
std::string lower(std::string_view s);

}  // namespace buurtsim::csv
