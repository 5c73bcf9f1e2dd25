#pragma once
// Step 10: measurement. Every week, the population value of every outcome per neighbourhood;
// on survey waves, the simulated survey (docs/odd.md section 8).
#include <array>
#include <vector>

#include "model/items.hpp"
#include "model/outcomes.hpp"
#include "model/spec.hpp"
#include "model/survey_weighting.hpp"
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
  // What the survey estimates: the population value (model/outcomes.def) averaged over the
  // wave's fieldwork weeks. estimate - truth is the survey's remaining bias.
  std::array<double, kItems> truth{};
  // truth on the wave's instrument (plus its level shift, docs/odd.md section 8): what a survey
  // without sampling error, non-response or recall error would estimate. The calibration
  // emulates it (experiments/runner/calibration_simulate.cpp).
  std::array<double, kItems> level{};
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
  int wave = 0, week = 0;  // week: the last fieldwork week (the wave's configured week)
  int first_week = 0;      // the first fieldwork week (clipped to the first simulated week)
  std::vector<SurveyNeighbourhood> neighbourhoods;
};

// The fieldwork of the waves in the field and scratch reused from wave to wave, sized once
// (prepare_survey), so that surveys allocate only if a wave outgrows it.
struct SurveyScratch {
  struct Sampled {
    std::uint32_t id;
    std::int32_t week;  // the fieldwork week of this resident's interview
  };
  struct Answer {
    std::uint16_t nb;
    WeightingClasses classes;
    ItemValues items;     // the answers given
    ItemValues expected;  // the expected answers (what the population value averages)
  };
  struct Fieldwork {
    int wave = -1;  // -1: free
    int first_week = 0;
    std::vector<Sampled> sample;
    std::vector<double> approached;                 // per neighbourhood
    std::vector<Answer> answers;                    // in interview order
    std::vector<std::array<double, kItems>> truth;  // per neighbourhood: sum of weekly population values
    std::vector<std::array<double, kItems>> weeks;  // per neighbourhood: weeks with a value
  };
  std::vector<std::uint64_t> keyed;  // (priority << 32 | id) of the eligible residents
  std::vector<Fieldwork> fieldwork;  // one per wave in the field at once
  std::vector<WeightingClasses> classes;
  std::vector<double> weights;
  std::vector<std::uint32_t> members;  // the answers of one neighbourhood
};

// The weighting classes of resident id (aged 15+).
WeightingClasses weighting_classes(const World& w, std::uint32_t id);

// The first fieldwork week of a wave: fieldwork_weeks before its configured week (its last
// fieldwork week), but not before the first simulated week.
int fieldwork_start(const World& w, const SurveyWave& wave);
// Whether some wave is in the field this week.
bool in_fieldwork(const World& w);

// Sizes the scratch once: a fieldwork slot for each wave that can be in the field at once.
void prepare_survey(const World& w, SurveyScratch& scratch);

// This week's fieldwork, after measure_population filled `population`: waves whose fieldwork
// starts draw a fresh sample of residents aged 15+ per neighbourhood without replacement (the
// approached sample: target_responses over the expected response rate), each with a fieldwork
// week drawn uniformly over the wave's weeks; those whose week it is respond with a propensity by
// age, sex, tenure, migration background, household size and activity, and answer from this
// week's state through the items' response models with recall error (telescoping, forgetting);
// each wave in the field adds this week's population values to its truth.
void survey_fieldwork(World& w, const OutcomeTable& population, SurveyScratch& scratch);

// Completes wave `wave`, whose last fieldwork week is this week: calibrates the respondents'
// weights by raking to the population aged 15+ of this week on age x sex, migration background
// and household size (survey.weight_*), estimates weighted means with standard errors by
// linearisation, adds the instrument's level shift (VM2012 and IVM against VM2021), and frees
// the wave's fieldwork slot. Intervals by survey_interval.
void run_survey(World& w, int wave, SurveyScratch& scratch, SurveyWaveResult& out);

}  // namespace buurtsim
