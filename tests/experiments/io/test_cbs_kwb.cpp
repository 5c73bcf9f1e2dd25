// The CBS "Kerncijfers wijken en buurten" reader and its mapping onto the model's population
// parameters (`buurtsim neighbourhood`, docs/neighbourhoods.md), on files in the shapes of two
// table years: 2019 (84583NED: migration background western / non-western) and 2024 (85984NED:
// origin Nederland / Europa / buiten Europa, other position suffixes). The figures in the
// strings below are CONSTRUCTED for these tests (not CBS's); the real extracts in data/ are read
// at the end.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "experiments/io/csv_table.hpp"
#include "experiments/io/kwb_neighbourhood.hpp"

using namespace buurtsim;
using namespace buurtsim::cbs;

namespace {

// 2019 shape as the open-data CSV writes it: quoted, space-padded, ';', decimal commas, '.'.
const char* k2019 =
    "\"ID\";\"WijkenEnBuurten\";\"Gemeentenaam_1\";\"SoortRegio_2\";\"Codering_3\";\"AantalInwoners_5\";"
    "\"Mannen_6\";\"Vrouwen_7\";\"k_0Tot15Jaar_8\";\"k_15Tot25Jaar_9\";\"k_25Tot45Jaar_10\";\"k_45Tot65Jaar_11\";"
    "\"k_65JaarOfOuder_12\";\"WestersTotaal_17\";\"NietWestersTotaal_18\";\"GemiddeldeHuishoudensgrootte_32\";"
    "\"Bevolkingsdichtheid_33\";\"Koopwoningen_40\";\"InBezitWoningcorporatie_42\";\"InBezitOverigeVerhuurders_43\"\r\n"
    "\"1\";\"GM9999    \";\"Testgemeente        \";\"Gemeente  \";\"GM9999    \";\"   20000\";\"    9900\";"
    "\"   10100\";\"    3000\";\"    2400\";\"    5000\";\"    5400\";\"    4200\";\"    2000\";\"    3000\";"
    "\"     2,2\";\"    1500\";\"      55\";\"      30\";\"      15\"\r\n"
    "\"2\";\"BU99990001\";\"Testgemeente        \";\"Buurt     \";\"BU99990001\";\"    4000\";\"    1990\";"
    "\"    2010\";\"     800\";\"     600\";\"    1100\";\"    1000\";\"     500\";\"     300\";\"    1700\";"
    "\"     2,4\";\"    9000\";\"      30\";\"      60\";\"      12\"\r\n"
    "\"3\";\"BU99990002\";\"Testgemeente        \";\"Buurt     \";\"BU99990002\";\"     300\";\"     150\";"
    "\"     150\";\"       .\";\"      40\";\"      90\";\"      90\";\"      40\";\"      20\";\"       .\";"
    "\"       .\";\"     800\";\"      80\";\"       .\";\"       5\"\r\n";

// 2024 shape (keys of 85984NED: origin instead of western / non-western), as a re-export with
// ',' and decimal points would write it.
const char* k2024 =
    "ID,WijkenEnBuurten,Gemeentenaam_1,SoortRegio_2,Codering_3,AantalInwoners_5,Mannen_6,Vrouwen_7,k_0Tot15Jaar_8,"
    "k_15Tot25Jaar_9,k_25Tot45Jaar_10,k_45Tot65Jaar_11,k_65JaarOfOuder_12,Nederland_17,EuropaExclusiefNederland_18,"
    "BuitenEuropa_19,GemiddeldeHuishoudensgrootte_33,Bevolkingsdichtheid_34,Koopwoningen_47,HuurwoningenTotaal_48,"
    "InBezitWoningcorporatie_49,InBezitOverigeVerhuurders_50\n"
    "7,BU99990003,Testgemeente,Buurt,BU99990003,2500,1250,1250,400,300,700,600,500,1500,300,700,1.9,7000,20,80,61,41\n";

struct Read {
  std::vector<Region> regions;
  KwbFile file;
};

Read read(const char* text, const std::vector<std::string>& codes) {
  Read r;
  r.regions = read_kwb(text, "kwb.csv", codes, r.file);
  return r;
}

double setting(const CbsNeighbourhood& nb, const std::string& key) {
  for (const Setting& s : nb.settings)
    if (s.key == key) return s.value;
  ADD_FAILURE() << key << " not set";
  return -1;
}

bool has_setting(const CbsNeighbourhood& nb, const std::string& key) {
  for (const Setting& s : nb.settings)
    if (s.key == key) return true;
  return false;
}

std::string error_of(const char* text, const std::vector<std::string>& codes) {
  try {
    Read r = read(text, codes);
    for (const Region& g : r.regions) (void)neighbourhood_from_kwb(g, r.file, g.code);
  } catch (const csv::CsvError& e) {
    return e.what();
  }
  return "";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

}  // namespace

TEST(CbsKwb, KeysLoseTheirPositionSuffix) {
  EXPECT_EQ(kwb_key("AantalInwoners_5"), "AantalInwoners");
  EXPECT_EQ(kwb_key("k_0Tot15Jaar_8"), "k_0Tot15Jaar");
  EXPECT_EQ(kwb_key("GemiddeldeHuishoudensgrootte_33"), "GemiddeldeHuishoudensgrootte");
  EXPECT_EQ(kwb_key("ID"), "ID");
}

TEST(CbsKwb, Reads2019ShapeWithDecimalCommas) {
  const Read r = read(k2019, {"BU99990001"});
  ASSERT_EQ(r.regions.size(), 1u);
  EXPECT_EQ(r.file.decimal_mark, ',');
  EXPECT_EQ(r.regions[0].line, 3);
  EXPECT_EQ(r.regions[0].municipality, "Testgemeente");
  const CbsNeighbourhood nb = neighbourhood_from_kwb(r.regions[0], r.file, "Noord");
  EXPECT_EQ(nb.residents, 4000u);
  EXPECT_DOUBLE_EQ(setting(nb, "population.share_age_0_14"), 0.2);  // 800 / the five groups 4000
  EXPECT_DOUBLE_EQ(setting(nb, "population.share_age_45_64"), 0.25);
  EXPECT_DOUBLE_EQ(setting(nb, "population.household_size"), 2.4);
  EXPECT_DOUBLE_EQ(setting(nb, "population.share_corporation"), 0.6);
  EXPECT_DOUBLE_EQ(setting(nb, "population.share_private_rental"), 0.12);
  EXPECT_DOUBLE_EQ(setting(nb, "population.share_migration_background"), 0.5);  // (300 + 1700) / 4000
  EXPECT_TRUE(nb.not_set.empty());
  EXPECT_EQ(nb.unmodelled.size(), 3u);  // Mannen, Vrouwen, Bevolkingsdichtheid
}

TEST(CbsKwb, SuppressedFiguresLeaveDefaultsWithANote) {
  const Read r = read(k2019, {"BU99990002"});
  const CbsNeighbourhood nb = neighbourhood_from_kwb(r.regions[0], r.file, "Klein");
  EXPECT_EQ(nb.residents, 300u);
  for (const char* key : {"population.share_age_0_14", "population.share_age_45_64", "population.household_size",
                          "population.share_corporation", "population.share_migration_background"})
    EXPECT_FALSE(has_setting(nb, key)) << key;
  const std::string notes = [&] {
    std::string s;
    for (const auto& n : nb.not_set) s += n + "\n";
    return s;
  }();
  EXPECT_NE(notes.find("population.share_age_0_14 (default 0.15 applies): k_0Tot15Jaar_8 is suppressed or unknown "
                       "(\".\")"),
            std::string::npos)
      << notes;
  EXPECT_NE(notes.find("population.household_size (default 2.1 applies): GemiddeldeHuishoudensgrootte_32 is "
                       "suppressed"),
            std::string::npos)
      << notes;
  EXPECT_NE(notes.find("population.share_corporation (default 0.29 applies): InBezitWoningcorporatie_42"),
            std::string::npos)
      << notes;
  EXPECT_NE(notes.find("NietWestersTotaal_18 is suppressed"), std::string::npos) << notes;
  const std::string toml = render_configuration({nb}, "kwb.csv", "buurtsim neighbourhood");
  EXPECT_NE(toml.find("#   population.household_size (default 2.1 applies)"), std::string::npos) << toml;
}

TEST(CbsKwb, Reads2024ShapeWithOrigins) {
  const Read r = read(k2024, {"BU99990003"});
  EXPECT_EQ(r.file.decimal_mark, '.');
  const CbsNeighbourhood nb = neighbourhood_from_kwb(r.regions[0], r.file, "Oost");
  EXPECT_EQ(nb.residents, 2500u);
  EXPECT_DOUBLE_EQ(setting(nb, "population.share_age_25_44"), 0.28);
  EXPECT_DOUBLE_EQ(setting(nb, "population.household_size"), 1.9);
  EXPECT_DOUBLE_EQ(setting(nb, "population.share_migration_background"), 0.4);  // (300 + 700) / 2500
  // 61% + 41% of the dwellings: rounded percentages over 100, scaled to add up to one.
  EXPECT_NEAR(setting(nb, "population.share_corporation") + setting(nb, "population.share_private_rental"), 1.0, 1e-4);
}

TEST(CbsKwb, MalformedFilesNameTheLine) {
  EXPECT_NE(error_of(k2019, {"BU99990009"}).find("kwb.csv: no row for region BU99990009"), std::string::npos);
  const std::string bad_number = error_of(replace(k2019, "\"     2,4\"", "\"    2,4a\"").c_str(), {"BU99990001"});
  EXPECT_NE(bad_number.find("kwb.csv:3: 'GemiddeldeHuishoudensgrootte_32' of BU99990001 is \"2,4a\"; expected a "
                            "number"),
            std::string::npos)
      << bad_number;
  const std::string ragged =
      error_of(replace(k2019, "\"      12\"\r\n", "\"      12\";\"1\"\r\n").c_str(), {"BU99990001"});
  EXPECT_NE(ragged.find("kwb.csv:3: expected 20 fields as in the header, got 21"), std::string::npos) << ragged;
  const std::string text = k2019;
  const std::size_t row = text.find("\"2\";\"BU99990001\"");
  const std::string twice =
      error_of((text + text.substr(row, text.find("\r\n", row) + 2 - row)).c_str(), {"BU99990001"});
  EXPECT_NE(twice.find("kwb.csv:5: region BU99990001 appears twice (also on line 3)"), std::string::npos) << twice;
  const std::string mixed = error_of(replace(k2019, "\"    1500\"", "\"  1500.5\"").c_str(), {"GM9999", "BU99990001"});
  EXPECT_NE(mixed.find("one decimal mark"), std::string::npos) << mixed;
  const std::string quote = error_of(replace(k2019, "\"     2,4\"", "\"     2,4").c_str(), {"BU99990001"});
  EXPECT_NE(quote.find("kwb.csv:3:"), std::string::npos) << quote;
  const std::string few =
      error_of(replace(k2019, "\"     300\";\"     150\"", "\"      10\";\"     150\"").c_str(), {"BU99990002"});
  EXPECT_NE(few.find("kwb.csv:4: region BU99990002 has AantalInwoners_5 = \"10\"; a neighbourhood needs"),
            std::string::npos)
      << few;
  EXPECT_NE(error_of("a;b\n1;2\n", {"BU1"}).find("kwb.csv:1: this is not a CBS table"), std::string::npos);
}

TEST(CbsKwb, ReadsTheShippedExtracts) {
  auto text_of = [](const std::string& name) {
    std::ifstream in(std::string(BUURTSIM_TEST_SOURCE_DIR) + "/data/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  KwbFile f2019;
  const std::string t2019 = text_of("cbs_kwb_2019_84583NED_den_haag.csv");
  const auto den_haag = read_kwb(t2019, "den_haag.csv", {"BU05183284", "BU05181785"}, f2019);
  const CbsNeighbourhood a = neighbourhood_from_kwb(den_haag[0], f2019, "a");
  EXPECT_EQ(a.residents, 15010u);
  EXPECT_NEAR(setting(a, "population.share_migration_background"), (2630.0 + 3030.0) / 15010, 1e-4);
  EXPECT_TRUE(den_haag[1].figure("OpleidingsniveauLaag").suppressed());
  KwbFile f2020;
  const std::string t2020 = text_of("cbs_kwb_2020_84799NED_aa_en_hunze.csv");
  const auto aa = read_kwb(t2020, "aa.csv", {"BU16800000", "BU16800009"}, f2020);
  const CbsNeighbourhood b = neighbourhood_from_kwb(aa[0], f2020, "b");
  EXPECT_EQ(b.residents, 3455u);
  EXPECT_DOUBLE_EQ(setting(b, "population.household_size"), 2.3);
  EXPECT_DOUBLE_EQ(setting(b, "population.share_corporation"), 0.2);
  EXPECT_TRUE(aa[1].figure("PercentageWoningenMetStadsverwarming").suppressed());  // "NA" in the re-export
}
