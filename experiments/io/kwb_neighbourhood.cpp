#include "experiments/io/kwb_neighbourhood.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "experiments/config/reader.hpp"
#include "experiments/io/csv_table.hpp"
#include "model/params.hpp"
#include "model/validate.hpp"

namespace buurtsim::cbs {
namespace {

// The model's four age groups below 65 (65+ is the remainder) and the CBS count of each.
struct AgeGroup {
  const char* parameter;
  const char* key;
};
constexpr AgeGroup kAges[] = {{"population.share_age_0_14", "k_0Tot15Jaar"},
                              {"population.share_age_15_24", "k_15Tot25Jaar"},
                              {"population.share_age_25_44", "k_25Tot45Jaar"},
                              {"population.share_age_45_64", "k_45Tot65Jaar"}};
constexpr const char* kAge65 = "k_65JaarOfOuder";

// CBS figures on composition the model has no per-neighbourhood parameter for, and why.
struct Unmodelled {
  const char* key;
  const char* why;
};
constexpr Unmodelled kUnmodelled[] = {
    {"Mannen", "the model draws each resident's sex with probability 0.5 (no parameter)"},
    {"Vrouwen", "the model draws each resident's sex with probability 0.5 (no parameter)"},
    {"Eenpersoonshuishoudens", "the model draws household sizes around the mean size only"},
    {"HuishoudensMetKinderen", "the model draws household sizes around the mean size only"},
    {"HuishoudensZonderKinderen", "the model draws household sizes around the mean size only"},
    {"Bevolkingsdichtheid", "the model's density (layout.block_residents) is one value for all neighbourhoods"},
};

std::string at(const std::string& path, int line) { return path + ":" + std::to_string(line) + ": "; }

double round4(double x) { return std::round(x * 1e4) / 1e4; }

std::string num(double x) {
  std::ostringstream o;
  o << std::setprecision(10) << x;
  return o.str();
}

// Why a figure gives no value: not in the file, or suppressed (as written).
std::string absent_reason(const Figure& f, std::string_view key) {
  if (!f.present) return std::string(key) + " is not in this table";
  return f.column + " is suppressed or unknown (\"" + f.text + "\")";
}

class Mapper {
 public:
  Mapper(const Region& r, const KwbFile& file, CbsNeighbourhood& out) : r_(r), file_(file), out_(out) {}

  // The figure's number; nullopt when absent or suppressed; throws for a malformed field.
  std::optional<double> value(std::string_view key) const {
    const Figure& f = r_.figure(key);
    if (f.malformed)
      throw csv::CsvError(at(file_.path, f.line) + "'" + f.column + "' of " + r_.code + " is \"" + f.text +
                          "\"; expected a number (decimal mark '" + file_.decimal_mark +
                          "'), or \".\" for a figure CBS suppressed");
    if (f.value && *f.value < 0)
      throw csv::CsvError(at(file_.path, f.line) + "'" + f.column + "' of " + r_.code + " is " + f.text +
                          "; expected a count or percentage of zero or more");
    return f.value;
  }
  const Figure& figure(std::string_view key) const { return r_.figure(key); }

  // Sets a parameter, within its registry range (clamped with a note otherwise).
  void set(const std::string& key, double v, const std::string& from) {
    const ParamSpec& spec = param(*find_param(key));
    double w = round4(v);
    if (w < spec.min || w > spec.max) {
      const double c = std::clamp(w, spec.min, spec.max);
      out_.not_set.push_back(key + ": the CBS figures give " + num(w) + ", outside the parameter's range " +
                             num(spec.min) + "-" + num(spec.max) + "; set to " + num(c));
      w = c;
    }
    out_.settings.push_back({key, w, from});
  }
  void skip(const std::string& key, const std::string& why) {
    const ParamSpec& spec = param(*find_param(key));
    out_.not_set.push_back(key + " (default " + num(spec.default_value) + " applies): " + why);
  }

 private:
  const Region& r_;
  const KwbFile& file_;
  CbsNeighbourhood& out_;
};

void map_ages(Mapper& m, double residents) {
  std::vector<std::optional<double>> counts;
  std::string missing;
  for (const AgeGroup& g : kAges) {
    counts.push_back(m.value(g.key));
    if (!counts.back()) missing += (missing.empty() ? "" : "; ") + absent_reason(m.figure(g.key), g.key);
  }
  if (!missing.empty()) {
    for (const AgeGroup& g : kAges) m.skip(g.parameter, missing);
    return;
  }
  // CBS rounds each count to 5: the five groups are the denominator when all are given, so
  // that the shares add up to one; else the residents.
  const std::optional<double> old = m.value(kAge65);
  double total = residents;
  std::string denominator = "AantalInwoners " + num(residents);
  if (old) {
    total = *old;
    for (const auto& c : counts) total += *c;
    denominator = "the five age groups " + num(total);
  }
  if (total <= 0) {
    for (const AgeGroup& g : kAges) m.skip(g.parameter, "the age groups add up to zero");
    return;
  }
  double sum = 0;
  for (const auto& c : counts) sum += *c / total;
  const double scale = sum > 1 ? 1 / sum : 1;  // only with the residents as denominator
  for (std::size_t i = 0; i < counts.size(); ++i)
    m.set(kAges[i].parameter, *counts[i] / total * scale,
          m.figure(kAges[i].key).column + " " + num(*counts[i]) + " / " + denominator +
              (scale < 1 ? " (scaled: the four groups exceed the residents)" : ""));
}

void map_tenure(Mapper& m) {
  const std::optional<double> corp = m.value("InBezitWoningcorporatie");
  const std::optional<double> other = m.value("InBezitOverigeVerhuurders");
  if (!corp || !other) {
    std::string why;
    if (!corp) why = absent_reason(m.figure("InBezitWoningcorporatie"), "InBezitWoningcorporatie");
    if (!other)
      why +=
          (why.empty() ? "" : "; ") + absent_reason(m.figure("InBezitOverigeVerhuurders"), "InBezitOverigeVerhuurders");
    m.skip("population.share_corporation", why);
    m.skip("population.share_private_rental", why);
    return;
  }
  // Percentages of the dwellings, each rounded: two may add up to just over 100.
  const double sum = (*corp + *other) / 100;
  const double scale = sum > 1 ? 1 / sum : 1;
  const std::string note = " % of the dwellings" + std::string(scale < 1 ? " (scaled: the two exceed 100%)" : "");
  m.set("population.share_corporation", *corp / 100 * scale,
        m.figure("InBezitWoningcorporatie").column + " " + num(*corp) + note);
  m.set("population.share_private_rental", *other / 100 * scale,
        m.figure("InBezitOverigeVerhuurders").column + " " + num(*other) + note);
}

void map_migration(Mapper& m, const KwbFile& file, double residents) {
  const std::string key = "population.share_migration_background";
  // Tables up to 2021: western and non-western migration background. Later tables: origin
  // (herkomst) Nederland, Europa (exclusief Nederland), buiten Europa.
  const bool origin = file.has("EuropaExclusiefNederland") || file.has("BuitenEuropa");
  const char* a = origin ? "EuropaExclusiefNederland" : "WestersTotaal";
  const char* b = origin ? "BuitenEuropa" : "NietWestersTotaal";
  const std::optional<double> x = m.value(a), y = m.value(b);
  if (!x || !y) {
    std::string why;
    if (!x) why = absent_reason(m.figure(a), a);
    if (!y) why += (why.empty() ? "" : "; ") + absent_reason(m.figure(b), b);
    m.skip(key, why);
    return;
  }
  double total = residents;
  std::string denominator = "AantalInwoners " + num(residents);
  if (origin)
    if (const std::optional<double> nl = m.value("Nederland"); nl && *nl + *x + *y > 0) {
      total = *nl + *x + *y;
      denominator = "the three origins " + num(total);
    }
  m.set(key, (*x + *y) / total,
        "(" + m.figure(a).column + " " + num(*x) + " + " + m.figure(b).column + " " + num(*y) + ") / " + denominator +
            "; persons, the parameter is a share of households");
}

}  // namespace

CbsNeighbourhood neighbourhood_from_kwb(const Region& region, const KwbFile& file, const std::string& name) {
  CbsNeighbourhood out;
  out.name = name;
  out.code = region.code;
  out.municipality = region.municipality;
  out.kind = region.kind;
  out.line = region.line;
  Mapper m(region, file, out);

  const Figure& inw = region.figure("AantalInwoners");
  const std::optional<double> residents = m.value("AantalInwoners");
  if (!residents || *residents < kMinNeighbourhoodResidents || *residents > 200'000'000 ||
      *residents != std::floor(*residents))
    throw csv::CsvError(at(file.path, region.line) + "region " + region.code + " has " + inw.column + " = \"" +
                        inw.text + "\"; a neighbourhood needs a whole number of at least " +
                        std::to_string(kMinNeighbourhoodResidents) + " residents");
  out.residents = static_cast<std::uint32_t>(*residents);
  out.residents_from = inw.column + " " + inw.text;

  map_ages(m, *residents);
  if (const std::optional<double> size = m.value("GemiddeldeHuishoudensgrootte"))
    m.set("population.household_size", *size, m.figure("GemiddeldeHuishoudensgrootte").column + " " + num(*size));
  else
    m.skip("population.household_size",
           absent_reason(m.figure("GemiddeldeHuishoudensgrootte"), "GemiddeldeHuishoudensgrootte"));
  map_tenure(m);
  map_migration(m, file, *residents);

  for (const Unmodelled& u : kUnmodelled) {
    const Figure& f = region.figure(u.key);
    if (f.present) out.unmodelled.push_back(f.column + " " + (f.text.empty() ? "(empty)" : f.text) + ": " + u.why);
  }
  return out;
}

std::string render_configuration(const std::vector<CbsNeighbourhood>& entries, const std::string& source,
                                 const std::string& command, const std::vector<std::string>& notes) {
  std::ostringstream o;
  o << "# Neighbourhoods from CBS \"Kerncijfers wijken en buurten\" (" << source << "), written by\n"
    << "#   " << command << "\n"
    << "# Each value names the CBS figures it comes from; parameters the figures cannot set keep the\n"
    << "# model's default (listed per neighbourhood). The mapping: docs/neighbourhoods.md.\n"
    << "# `buurtsim run` takes this file as is (everything else at the model's defaults);\n"
    << "# `buurtsim init --neighbourhoods` adds approaches, budgets and survey waves to it.\n";
  for (const std::string& n : notes) o << "# " << n << "\n";
  for (const CbsNeighbourhood& nb : entries) {
    o << "\n# " << nb.code;
    if (!nb.kind.empty()) o << " (" << nb.kind << (nb.municipality.empty() ? "" : ", " + nb.municipality) << ")";
    o << ", line " << nb.line << " of the CBS file\n";
    o << "[[neighbourhood]]\n";
    o << "name = " << config::quoted(nb.name) << "\n";
    if (!nb.world.empty()) o << "world = " << config::quoted(nb.world) << "\n";
    o << "residents = " << nb.residents << "  # " << nb.residents_from << "\n";
    for (const Setting& s : nb.settings) o << s.key << " = " << num(s.value) << "  # " << s.from << "\n";
    if (!nb.not_set.empty()) {
      o << "# Not set from CBS figures:\n";
      for (const std::string& n : nb.not_set) o << "#   " << n << "\n";
    }
    if (!nb.unmodelled.empty()) {
      o << "# CBS figures without a per-neighbourhood parameter in the model:\n";
      for (const std::string& n : nb.unmodelled) o << "#   " << n << "\n";
    }
  }
  return o.str();
}

}  // namespace buurtsim::cbs
