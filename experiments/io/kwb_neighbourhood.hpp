#pragma once
// A [[neighbourhood]] entry from a region's CBS "Kerncijfers wijken en buurten" figures
// (`buurtsim neighbourhood`, docs/neighbourhoods.md): residents and the population parameters
// the model has (age groups, household size, tenure, migration background), each with the CBS
// figures it comes from, and a note for every figure that is missing or suppressed, outside
// the parameter's range, or without a parameter in the model.
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/io/cbs_kwb.hpp"

namespace buurtsim::cbs {

struct Setting {
  std::string key;   // "population.share_age_0_14"
  double value = 0;  // as written (rounded to 4 decimals)
  std::string from;  // the CBS figures and the arithmetic ("k_0Tot15Jaar_8 2170 / 15015 ...")
};

struct CbsNeighbourhood {
  std::string name, code, municipality, kind;
  std::string world;  // the `world` label, if any (`--world-per-municipality`: "GM" + the code's 4 digits)
  int line = 0;
  std::uint32_t residents = 0;
  std::string residents_from;
  std::vector<Setting> settings;
  std::vector<std::string> not_set;     // "population.household_size: GemiddeldeHuishoudensgrootte is ..."
  std::vector<std::string> unmodelled;  // CBS figures present in the file the model has no parameter for
};

// The entry for one region. Throws csv::CsvError naming the line for a figure the mapping uses
// that is neither a number nor a suppression mark, and for residents missing or below 20.
CbsNeighbourhood neighbourhood_from_kwb(const Region& region, const KwbFile& file, const std::string& name);

// A configuration `buurtsim run` takes as is (the model is the default one) and the input of
// `buurtsim init --neighbourhoods`: a comment naming the file (`source`, without directories)
// and the command, the `notes` (one comment line each), then the entries.
std::string render_configuration(const std::vector<CbsNeighbourhood>& entries, const std::string& source,
                                 const std::string& command, const std::vector<std::string>& notes = {});

}  // namespace buurtsim::cbs
