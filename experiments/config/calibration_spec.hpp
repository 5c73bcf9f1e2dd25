#pragma once
// The [calibration] table as read (experiments/config/calibration_section.hpp reads it when the
// configuration is loaded; docs/calibration.md, "Calibrating against survey data").
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "model/items.hpp"
#include "model/params.hpp"

namespace buurtsim::calibration {

struct EstimatedParameter {
  std::string label;  // the dotted name, or "name@neighbourhood" for one neighbourhood's value
  ParamId id = 0;
  int neighbourhood = -1;  // -1: the scenario's value and every neighbourhood's (pooled)
  double lo = 0, hi = 1;   // the uniform prior
  CalibrationStatus status = CalibrationStatus::SurveyLevel;
};

// Observations to leave out: a row matching every field given (empty: any) is ignored.
struct IgnoreRule {
  std::string neighbourhood, period, indicator;
  int line = 0;  // of the rule in the configuration
};

struct WaveInstrument {
  std::string period, instrument;
};

// The estimator (docs/calibration.md, "The estimators").
enum class Method { AbcSmc, Emulator };

struct Settings {
  Method method = Method::AbcSmc;         // the estimator
  std::size_t scenario = 0;               // index into Experiment::scenarios
  int fieldwork_month = 10;               // the month a year's wave stands for
  std::optional<double> assumed_n;        // sample size of rows with neither n nor se
  std::size_t particles = 100;            // accepted particles per generation
  int generations = 5;                    // at most, the prior sample (generation 0) included
  std::optional<double> final_tolerance;  // stop once a generation's tolerance is at or below it
  double min_acceptance = 0.02;           // stop after a generation accepting fewer of its proposals
  std::size_t batch = 0;                  // proposals evaluated per batch (0: as many as particles)
  double quantile = 0.5;                  // the next tolerance: this quantile of the accepted distances
  std::size_t design_points = 0;          // emulator: simulations per design wave (0: 6 per regressor)
  int design_waves = 3;                   // emulator: design waves (history matching), the first on the prior
  double implausibility_cutoff = 3;       // emulator: parameter values beyond it are ruled out
  std::vector<EstimatedParameter> parameters;
  std::array<double, kItems> weight{};  // per survey indicator (default 1)
  std::vector<IgnoreRule> ignore;
  std::vector<WaveInstrument> instruments;
  std::vector<std::string> notes;  // for the user (parameters that survey levels may not identify)

  std::size_t batch_size() const { return batch ? batch : particles; }
  // The emulator's simulations per design wave.
  std::size_t design_size() const;
  // The most proposals one generation may use before the calibration stops with the previous
  // generation as its posterior: particles / min_acceptance.
  std::size_t max_proposals() const;
};

}  // namespace buurtsim::calibration
