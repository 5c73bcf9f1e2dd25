// The CSV tokenizer shared by the observed-data and CBS readers (experiments/io/csv_table.hpp):
// separators, quotes, byte order mark, CRLF, ambiguity and decimal marks.
#include <gtest/gtest.h>

#include "experiments/io/csv_table.hpp"

using namespace buurtsim::csv;

namespace {

std::string error_of(const std::string& text) {
  try {
    (void)read_table(text, "f.csv");
  } catch (const CsvError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(CsvTable, FindsTheSeparatorFromTheHeader) {
  EXPECT_EQ(read_table("a,b\n1,2\n", "f.csv").separator, ',');
  EXPECT_EQ(read_table("a;b\n1,5;2\n", "f.csv").separator, ';');
  EXPECT_EQ(read_table("a\tb\n1 2\t2\n", "f.csv").separator, '\t');
  const Table t = read_table("a;b\n1,5;2\n", "f.csv");
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.records[0].fields, (std::vector<std::string>{"1,5", "2"}));
}

TEST(CsvTable, KeepsQuotedTextAsWritten) {
  const Table t = read_table(
      "naam;tekst;n\n"
      "\"Noord\";\"eigen enquête, gemeente; 2019\";\"  400\"\n"
      "Zuid;\"zei \"\"nee\"\"\nen ging\";7\n"
      "  West  ;;\n",
      "f.csv");
  ASSERT_EQ(t.records.size(), 3u);
  EXPECT_EQ(t.records[0].fields[1], "eigen enquête, gemeente; 2019");
  EXPECT_EQ(t.records[0].fields[2], "  400");  // quoted: the padding is kept
  EXPECT_EQ(t.records[1].fields[1], "zei \"nee\"\nen ging");
  EXPECT_EQ(t.records[1].line, 3);
  EXPECT_EQ(t.records[2].line, 5);  // the line break inside quotes counted
  EXPECT_EQ(t.records[2].fields, (std::vector<std::string>{"West", "", ""}));
}

TEST(CsvTable, ByteOrderMarkAndCrlf) {
  const Table t = read_table(
      "\xEF\xBB\xBF"
      "buurt;jaar\r\nNoord;2019\r\n\"a\r\nb\";2020\r\n\r\n",
      "f.csv");
  EXPECT_TRUE(t.byte_order_mark);
  EXPECT_EQ(t.header, (std::vector<std::string>{"buurt", "jaar"}));
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[0].fields[1], "2019");
  EXPECT_EQ(t.records[1].fields[0], "a\nb");
}

TEST(CsvTable, BlankLinesInsideAreRecordsTrailingOnesAreNot) {
  const Table t = read_table("a,b\n1,2\n\n3,4\n\n\n", "f.csv");
  ASSERT_EQ(t.records.size(), 3u);
  EXPECT_TRUE(t.records[1].blank);
  EXPECT_EQ(t.records[1].line, 3);
}

TEST(CsvTable, RefusesWhatItCannotRead) {
  EXPECT_NE(error_of("a,b\n1,\"2\n3,4\n").find("f.csv:2: field 2: a quote opened here is never closed"),
            std::string::npos)
      << error_of("a,b\n1,\"2\n3,4\n");
  EXPECT_NE(error_of("a,b\n1,\"2\"x\n").find("f.csv:2: field 2: text after a closing quote"), std::string::npos);
  // A quote left open on line 2 that a later quote closes: line 2 is named, not line 3.
  EXPECT_NE(error_of("a;b\n1;\"2\n3;\"4\"\n").find("f.csv:2: field 2: a quote opened here is never closed"),
            std::string::npos);
  EXPECT_NE(error_of("\xFF\xFE"
                     "a\0,\0b\0")
                .find("UTF-16"),
            std::string::npos);
}

TEST(CsvTable, RefusesAHeaderWithTwoPlausibleSeparators) {
  // Both ',' and ';' split every line into the header's number of fields.
  const std::string both = error_of("a,b;c,d\n1,2;3,4\n");
  EXPECT_NE(both.find("f.csv:1: the header holds both ',' and ';'"), std::string::npos) << both;
  EXPECT_NE(both.find("each reads every line"), std::string::npos) << both;
  // Neither reads the file consistently: the lines where each fails are named.
  const std::string neither = error_of("a,b;c\n1;2;3\n1,2,3\n");
  EXPECT_NE(neither.find("neither"), std::string::npos) << neither;
  EXPECT_NE(neither.find("with ',' line 2"), std::string::npos) << neither;
  EXPECT_NE(neither.find("with ';' line 2"), std::string::npos) << neither;
  // Only one is consistent: that one is taken.
  EXPECT_EQ(read_table("\"a,b\";c\nx;2,5\ny;3\n", "f.csv").separator, ';');
  EXPECT_EQ(read_table("a;b,c,d\nx,y,z\n", "f.csv").separator, ',');
}

TEST(CsvTable, DecimalMarks) {
  EXPECT_EQ(decimal_mark({{"30,5", 2, "v"}, {"400", 2, "n"}, {"       .", 3, "v"}}, "f.csv"), ',');
  EXPECT_EQ(decimal_mark({{"30.5", 2, "v"}, {"7", 3, "v"}}, "f.csv"), '.');
  EXPECT_EQ(decimal_mark({{"7", 2, "v"}}, "f.csv"), '.');
  try {
    (void)decimal_mark({{"30,5", 2, "v"}, {"7.1", 4, "v"}}, "f.csv");
    FAIL();
  } catch (const CsvError& e) {
    EXPECT_NE(std::string(e.what()).find("f.csv:4: 'v' is \"7.1\" but line 2 wrote \"30,5\""), std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)decimal_mark({{"1.234,5", 3, "v"}}, "f.csv"), CsvError);
  double x = 0;
  EXPECT_TRUE(parse_number("  30,5", ',', x));
  EXPECT_EQ(x, 30.5);
  EXPECT_FALSE(parse_number("30.5", ',', x));
  EXPECT_FALSE(parse_number("       .", '.', x));
  EXPECT_FALSE(parse_number("", '.', x));
  EXPECT_TRUE(parse_number("-1.5e2", '.', x));
  EXPECT_EQ(x, -150);
}
