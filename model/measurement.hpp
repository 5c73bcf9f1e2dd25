#pragma once
// Step 10: measurement. Every week, the population value of every outcome per neighbourhood;
// on survey waves, the simulated survey (docs/odd.md section 8).
#include <array>
#include <vector>

#include "model/items.hpp"
#include "model/outcomes.hpp"
#include "model/world.hpp"

namespace buurtsim {

// Sums over the residents aged 15+ of one chunk.
struct PopulationSums {
  double adults = 0, victims = 0, fear = 0, responsibility = 0, active_week = 0, emerging = 0;
  std::array<double, kItems> items{};
};

// Fills `out` with this week's values. `partials` is scratch of size w.chunks.size().
void measure_population(const World& w, std::vector<PopulationSums>& partials, OutcomeTable& out);

// One wave of the survey in one neighbourhood.
struct SurveyNeighbourhood {
  double eligible = 0, approached = 0, respondents = 0, n_effective = 0;
  std::array<double, kItems> estimate{}, se{};
  std::array<double, kItems> n_kish{};  // Kish effective size of each item's respondents
};

// The survey's interval for one item at standard normal quantile z. Means: estimate +- z se.
// Shares: the Jeffreys interval (Brown, Cai & DasGupta 2001) with the design-based effective
// sample size n = p(1-p)/se^2 (Korn & Graubard 1998; Kish's n when se is 0 or p is 0 or 1), which
// keeps its coverage for rare answers, where estimate +- z se collapses to [0, 0] whenever nobody
// in the sample says yes.
struct SurveyInterval {
  double lower, upper;
};
SurveyInterval survey_interval(const SurveyNeighbourhood& s, std::size_t item, double z);
struct SurveyWaveResult {
  int wave = 0, week = 0;
  std::vector<SurveyNeighbourhood> neighbourhoods;
};

// Scratch reused from wave to wave, so that surveys allocate only while it first grows.
struct SurveyScratch {
  struct Answer {
    int cell;
    ItemValues items;     // the answers given
    ItemValues expected;  // the expected answers (what the population value averages)
  };
  std::vector<std::uint64_t> keyed;  // (priority << 32 | id) of the eligible residents
  std::vector<Answer> answers;
};

// Draws a fresh sample of residents aged 15+ per neighbourhood without replacement (the
// approached sample: target_responses over the expected response rate), lets each respond with
// a propensity by age, sex, tenure and migration background, draws their answers through the
// items' response models, and weights respondents by age x sex post-stratification.
// Estimates are weighted means; standard errors by linearisation; intervals by survey_interval.
void run_survey(World& w, int wave, SurveyScratch& scratch, SurveyWaveResult& out);

}  // namespace buurtsim
