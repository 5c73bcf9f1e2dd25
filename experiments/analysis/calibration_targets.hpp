#pragma once
// The observations a calibration fits, matched to the configuration: each row's neighbourhood,
// its period's survey wave (a simulated week through start_date) and its sampling error.
#include <string>
#include <vector>

#include "experiments/analysis/observed_data.hpp"
#include "experiments/config/calibration_section.hpp"
#include "experiments/config/config.hpp"

namespace buurtsim::calibration {

struct Target {
  std::size_t row = 0;  // index into ObservedData::rows
  int line = 0;
  std::size_t neighbourhood = 0, item = 0, wave = 0;
  double value = 0;
  double n = 0;           // sample size (the row's n, else assumed_n; 0 when only se is given)
  double se = 0;          // the row's standard error: its se, or from n for a share; 0 for a mean
                          // without se (then from the simulated answers' spread at n)
  bool se_given = false;  // the row gave se
  double weight = 1;
};

struct Problem {
  std::vector<Target> targets;
  std::vector<SurveyWave> waves;  // the simulated survey waves, by week
  std::vector<std::string> wave_dates;
  int weeks = 0;                   // recorded weeks to simulate: to the last wave
  std::vector<int> ignored_lines;  // rows the configuration ignores
  std::size_t assumed_n_rows = 0;  // rows whose sample size is assumed_n
  std::vector<std::string> notes;
};

// The date a period stands for: the 15th of its month (a year: of the fieldwork month).
Date period_date(int year, int month, int fieldwork_month);

// Throws DataError naming every line that matches no neighbourhood or no week of the run, or
// lacks a sample size.
Problem match_targets(const ObservedData& data, const Settings& s, const config::Experiment& e);

}  // namespace buurtsim::calibration
