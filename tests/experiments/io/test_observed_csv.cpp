// The observed-data reader on files as spreadsheets save them (issue 18, item 4): a Dutch
// export with quoted text holding commas and semicolons read unchanged, a byte order mark and
// CRLF, Dutch column names, the Veiligheidsmonitor's indicator names, and refusals that name
// the line. The earlier bad-input checks are in tests/experiments/runner/test_calibration.cpp.
#include <gtest/gtest.h>

#include "experiments/io/observed_csv.hpp"
#include "experiments/io/vm_indicators.hpp"
#include "model/outcomes.hpp"

using namespace buurtsim::calibration;

namespace {

std::string error_of(const std::string& csv) {
  try {
    (void)parse_observed(csv, "obs.csv");
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ObservedFile, ReadsADutchSpreadsheetExportUnchanged) {
  const std::string text =
      "\xEF\xBB\xBF"
      "Buurt;Jaar;Indicator;Waarde;n;se;Bron\r\n"
      "Noord;2019;unsafe_sometimes_pct;30,5;400;;\"eigen enquête, gemeente; tweede ronde\"\r\n"
      "\"Zuid; oost\";2020-06;safety_rating;6,9;;0,05;\"rapport \"\"Veilig\"\", p. 3\"\r\n"
      "Noord;2019;Voelt zich vaak onveilig in eigen buurt;4,1;400;;VM\r\n";
  const ObservedData d = parse_observed(text, "obs.csv");
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_EQ(d.text, text);  // the bytes as read (nothing rewritten)
  EXPECT_EQ(d.rows[0].neighbourhood, "Noord");
  EXPECT_EQ(d.rows[0].value, 30.5);
  EXPECT_EQ(*d.rows[0].n, 400);
  EXPECT_EQ(d.rows[0].source, "eigen enquête, gemeente; tweede ronde");
  EXPECT_EQ(d.rows[1].neighbourhood, "Zuid; oost");
  EXPECT_EQ(d.rows[1].line, 3);
  EXPECT_EQ(d.rows[1].month, 6);
  EXPECT_EQ(*d.rows[1].se, 0.05);
  EXPECT_EQ(d.rows[1].source, "rapport \"Veilig\", p. 3");
  EXPECT_EQ(d.rows[2].indicator, "unsafe_often_pct");
  EXPECT_EQ(d.rows[2].value, 4.1);
}

TEST(ObservedFile, ReadsTabsAndPeriodeAndEnglishWithQuotes) {
  const ObservedData t =
      parse_observed("buurt\tperiode\tindicator\twaarde\tn\nNoord\t2019\tactive_pct\t12,5\t300\n", "obs.csv");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].value, 12.5);
  const ObservedData c = parse_observed(
      "neighbourhood,period,indicator,value,n,source\r\nNoord,2019,active_pct,12.5,300,\"a, b; c\"\r\n", "obs.csv");
  EXPECT_EQ(c.rows[0].source, "a, b; c");
}

TEST(ObservedFile, VeiligheidsmonitorNamesMapToIndicators) {
  EXPECT_EQ(indicator_for_vm_name("Voelt zich weleens onveilig in eigen buurt"), "unsafe_sometimes_pct");
  EXPECT_EQ(indicator_for_vm_name("voelt zich wel eens onveilig in de eigen buurt (%)"), "unsafe_sometimes_pct");
  EXPECT_EQ(indicator_for_vm_name("Rapportcijfer veiligheid buurt"), "safety_rating");
  EXPECT_EQ(indicator_for_vm_name("Vertrouwen in de politie"), "");
  for (const VmName& n : vm_names()) {
    bool known = false;
    for (const auto& o : buurtsim::all_outcomes()) known = known || (o.name == n.indicator && o.survey_indicator);
    EXPECT_TRUE(known) << n.vm << " -> " << n.indicator;
  }
  // A VM name and the model's name for the same indicator in one period are one row twice.
  const std::string e = error_of(
      "buurt;jaar;indicator;waarde;n\nNoord;2019;unsafe_sometimes_pct;30;400\n"
      "Noord;2019;Voelt zich weleens onveilig in eigen buurt;30;400\n");
  EXPECT_NE(e.find("obs.csv:3: duplicate row"), std::string::npos) << e;
}

TEST(ObservedFile, RefusesAmbiguityAndMixedMarksNamingTheLine) {
  const std::string both = error_of("neighbourhood,period;indicator,value;n\nNoord,2019;x,1;2\n");
  EXPECT_NE(both.find("obs.csv:1:"), std::string::npos) << both;
  EXPECT_NE(both.find("both ',' and ';'"), std::string::npos) << both;
  const std::string mixed =
      error_of("buurt;jaar;indicator;waarde;n\nNoord;2019;active_pct;12,5;300\nNoord;2020;active_pct;13.5;300\n");
  EXPECT_NE(mixed.find("obs.csv:3: 'value' is \"13.5\" but line 2 wrote \"12,5\""), std::string::npos) << mixed;
  const std::string quote = error_of("buurt;jaar;indicator;waarde;n\nNoord;2019;active_pct;\"12,5;300\n");
  EXPECT_NE(quote.find("obs.csv:2: field 4: a quote opened here is never closed"), std::string::npos) << quote;
  const std::string twice = error_of("buurt,neighbourhood,period,indicator,value,n\n");
  EXPECT_NE(twice.find("obs.csv:1: column 'neighbourhood' appears twice"), std::string::npos) << twice;
  const std::string ragged = error_of("buurt;jaar;indicator;waarde;n\nNoord;2019;active_pct;12;5;300\n");
  EXPECT_NE(ragged.find("obs.csv:2: expected 5 fields as in the header, got 6 (a ';' inside a field needs double "
                        "quotes"),
            std::string::npos)
      << ragged;
}
