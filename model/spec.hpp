#pragma once
// The immutable scenario spec: what one simulation run is asked to simulate. Configs are
// parsed and validated into these plain structs (experiments/config); the simulation copies
// them and treats them as const, never seeing later edits.
#include <cstdint>
#include <string>
#include <vector>

#include "model/params.hpp"

namespace buurtsim {

struct NeighbourhoodSpec {
  std::string name;
  std::uint32_t residents = 0;
  Params params;  // the scenario's values with this neighbourhood's own settings applied
};

struct ScenarioSpec {
  std::string name;
  std::vector<std::string> approaches;  // approach modules by registered name
  Params params;                        // Global-scope values (Neighbourhood-scope: see neighbourhoods)
  std::vector<NeighbourhoodSpec> neighbourhoods;

  std::uint32_t residents() const {
    std::uint32_t n = 0;
    for (const auto& nb : neighbourhoods) n += nb.residents;
    return n;
  }
};

// A calendar date (proleptic Gregorian).
struct Date {
  int year = 2020, month = 1, day = 1;
  // Days since 1970-01-01.
  std::int64_t days() const;
  static Date from_days(std::int64_t days);
  // Parses YYYY-MM-DD; returns false when malformed or not a real date.
  static bool parse(const std::string& text, Date& out);
  std::string str() const;
  // Week of the year 1..53 as used by the seasonality (day-of-year / 7, 1-based).
  int week_of_year() const;
};

struct SurveyWave {
  int week = 0;                       // recorded week (0-based, after the burn-in) of the interviews
  std::string instrument = "VM2021";  // IVM, VM2012, VM2021, buurtpeiling: trend breaks between them
};

// Settings shared by all scenarios of one experiment.
struct RunSettings {
  std::uint64_t seed = 1;
  int weeks = 104;          // recorded weeks
  int burn_in_weeks = 104;  // weeks simulated before week 0
  Date start_date;          // the calendar date of week 0
  std::vector<SurveyWave> waves;
};

}  // namespace buurtsim
