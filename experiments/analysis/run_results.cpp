#include "experiments/analysis/run_results.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace buurtsim::run {

void RunResults::allocate(const config::Experiment& e) {
  allocate(e, e.scenarios.size(), static_cast<std::size_t>(e.replicates));
}

void RunResults::allocate(const config::Experiment& e, std::size_t scenario_count, std::size_t replicate_count,
                          std::size_t nb_first, std::size_t nbs) {
  const auto& all = e.scenarios.front().neighbourhoods;
  if (nb_first > all.size()) throw std::logic_error("RunResults::allocate: no such neighbourhood");
  scenarios = scenario_count;
  replicates = replicate_count;
  neighbourhoods = std::min(nbs, all.size() - nb_first);
  weeks = static_cast<std::size_t>(e.settings.weeks);
  waves = e.settings.waves.size();
  // NaN until written: the weeks of a run that an interruption stopped stay NaN.
  outcomes.assign(stream ? 0 : outcome_count() * scenarios * replicates * neighbourhoods * weeks, std::nan(""));
  const std::size_t cells = scenarios * replicates * neighbourhoods * waves;
  survey_estimate.assign(kItems * cells, std::nan(""));
  survey_se.assign(kItems * cells, std::nan(""));
  survey_n_kish.assign(kItems * cells, 0.0);
  survey_truth.assign(kItems * cells, std::nan(""));
  survey_eligible.assign(cells, 0.0);
  survey_approached.assign(cells, 0.0);
  survey_respondents.assign(cells, 0.0);
  survey_n_effective.assign(cells, 0.0);
  survey_first_week.assign(cells, std::nan(""));
  complete.assign(scenarios * replicates, 0);
  residents.clear();
  for (std::size_t nb = nb_first; nb < nb_first + neighbourhoods; ++nb) residents.push_back(all[nb].residents);
}

void RunResults::store_weeks(std::size_t s, std::size_t r, std::size_t nb_first, std::size_t nbs, std::size_t first,
                             std::size_t count, std::span<const double> values) {
  if (values.size() != outcome_count() * nbs * count || first + count > weeks || nb_first + nbs > neighbourhoods) {
    throw std::logic_error("RunResults::store_weeks: a block that does not fit the results");
  }
  if (stream) {
    stream->store(s, r, nb_first, nbs, first, count, values);
    return;
  }
  for (std::size_t o = 0; o < outcome_count(); ++o)
    for (std::size_t nb = 0; nb < nbs; ++nb)
      std::copy_n(values.begin() + static_cast<std::ptrdiff_t>((o * nbs + nb) * count), count,
                  outcomes.begin() + static_cast<std::ptrdiff_t>(outcome_index(o, s, r, nb_first + nb, first)));
}

std::vector<double> RunResults::series(std::size_t o, std::size_t s, std::size_t r, std::size_t first) const {
  if (first > weeks) throw std::logic_error("RunResults::series: a first week past the last");
  if (stream) return stream->load(o, s, r, first);
  if (outcomes.empty()) throw std::logic_error("RunResults::series: the weekly outcomes are not held here");
  std::vector<double> v;
  v.reserve(neighbourhoods * (weeks - first));
  for (std::size_t nb = 0; nb < neighbourhoods; ++nb) {
    const auto from = outcomes.begin() + static_cast<std::ptrdiff_t>(outcome_index(o, s, r, nb, first));
    v.insert(v.end(), from, from + static_cast<std::ptrdiff_t>(weeks - first));
  }
  return v;
}

}  // namespace buurtsim::run
