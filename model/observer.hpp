#pragma once
// What a run reports to the program around it (experiments/ records and writes it): the
// outcomes of every recorded week and every survey wave.
#include "model/measurement.hpp"
#include "model/world.hpp"

namespace buurtsim {

class Observer {
 public:
  virtual ~Observer() = default;
  // After the measurement of every recorded week (week >= 0).
  virtual void on_week(const World& /*w*/, const OutcomeTable& /*outcomes*/) {}
  // Whether on_week is wanted at all: an observer of the survey waves only (a calibration's
  // simulations) says no, and the weeks outside the surveys' fieldwork are then not measured
  // unless an approach decides on them (Approach::decides_on_outcomes).
  virtual bool wants_weeks() const { return true; }
  // After a survey wave.
  virtual void on_survey(const World& /*w*/, const SurveyWaveResult& /*wave*/) {}
};

}  // namespace buurtsim
