#pragma once
// Everything a `run` produces. The weekly outcomes (outcomes x scenarios x replicates x
// neighbourhoods x weeks doubles) are held in memory, or stream to the results file as the runs
// go; the rest is small and held until it is written.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "experiments/config/config.hpp"
#include "model/items.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::run {

struct BlockLayout {
  std::vector<std::int32_t> x, y, neighbourhood;  // neighbourhood index, -1 for the buffer
  std::vector<std::int32_t> residents;
};

// A run hands its weekly outcomes on in blocks of this many weeks (the last block shorter), so
// that what it holds does not grow with the number of weeks.
inline constexpr std::size_t kBlockWeeks = 52;

// Where the weekly outcomes go when they are not held in memory: the results file, written as
// the runs go (experiments/io/outcome_file.hpp). Safe to call from several threads.
class OutcomeStream {
 public:
  virtual ~OutcomeStream() = default;
  // Weeks [first, first + count) of run (s, r), every outcome, neighbourhoods [nb_first,
  // nb_first + nbs): values[(outcome * nbs + nb - nb_first) * count + k] is week first + k.
  virtual void store(std::size_t s, std::size_t r, std::size_t nb_first, std::size_t nbs, std::size_t first,
                     std::size_t count, std::span<const double> values) = 0;
  // Outcome o of run (s, r) from week `first` on: [neighbourhood][week - first].
  [[nodiscard]] virtual std::vector<double> load(std::size_t o, std::size_t s, std::size_t r,
                                                 std::size_t first) const = 0;
};

struct RunResults {
  std::size_t scenarios = 0, replicates = 0, neighbourhoods = 0, weeks = 0, waves = 0, blocks = 0;
  // [outcome][scenario][replicate][neighbourhood][week]; empty when `stream` holds them.
  std::vector<double> outcomes;
  OutcomeStream* stream = nullptr;  // set before allocate() to stream the weekly outcomes (not owned)
  // Survey: [item][scenario][replicate][neighbourhood][wave]
  std::vector<double> survey_estimate, survey_se, survey_n_kish;
  std::vector<double> survey_truth;  // the population value over the wave's fieldwork weeks
  // [scenario][replicate][neighbourhood][wave]
  std::vector<double> survey_eligible, survey_approached, survey_respondents, survey_n_effective;
  std::vector<double> survey_first_week;  // [scenario][replicate][neighbourhood][wave]: the wave's first fieldwork week
  // Block states at survey waves, replicate 0: [scenario][wave][block]
  std::vector<float> block_disorder, block_incidents;
  BlockLayout layout;
  std::vector<std::int64_t> residents;  // per neighbourhood
  std::vector<std::uint8_t> complete;   // [scenario][replicate]: 1 when the run finished

  void allocate(const config::Experiment& e);
  // Room for `scenario_count` x `replicate_count` runs of e's shape (one run: 1 x 1), of the
  // neighbourhoods [nb_first, nb_first + nbs) (default: all; one world: its own).
  void allocate(const config::Experiment& e, std::size_t scenario_count, std::size_t replicate_count,
                std::size_t nb_first = 0, std::size_t nbs = SIZE_MAX);
  // Stores weeks [first, first + count) of run (s, r), neighbourhoods [nb_first, nb_first + nbs),
  // laid out as OutcomeStream::store says.
  void store_weeks(std::size_t s, std::size_t r, std::size_t nb_first, std::size_t nbs, std::size_t first,
                   std::size_t count, std::span<const double> values);
  // Outcome o of run (s, r) from week `first` on: [neighbourhood][week - first].
  [[nodiscard]] std::vector<double> series(std::size_t o, std::size_t s, std::size_t r, std::size_t first = 0) const;
  std::size_t outcome_index(std::size_t o, std::size_t s, std::size_t r, std::size_t nb, std::size_t week) const {
    return (((o * scenarios + s) * replicates + r) * neighbourhoods + nb) * weeks + week;
  }
  std::size_t survey_index(std::size_t s, std::size_t r, std::size_t nb, std::size_t wave) const {
    return ((s * replicates + r) * neighbourhoods + nb) * waves + wave;
  }
  std::size_t item_index(std::size_t item, std::size_t s, std::size_t r, std::size_t nb, std::size_t wave) const {
    return item * scenarios * replicates * neighbourhoods * waves + survey_index(s, r, nb, wave);
  }
};

}  // namespace buurtsim::run
