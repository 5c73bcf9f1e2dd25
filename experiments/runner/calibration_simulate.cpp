#include "experiments/runner/calibration_simulate.hpp"

#include <algorithm>
#include <cmath>

#include "experiments/analysis/streams.hpp"
#include "experiments/config/plan.hpp"
#include "experiments/runner/interrupt.hpp"
#include "model/items.hpp"
#include "model/outcomes.hpp"
#include "model/rng.hpp"
#include "model/simulation.hpp"

namespace buurtsim::calibration {
namespace {

constexpr std::uint32_t kSamplingStream = experiment_streams::sampling;

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Keeps the population value and the simulated survey's spread of answers at each wave.
class Keeper : public Observer {
 public:
  Keeper(const Problem& p, std::size_t neighbourhoods) : p_(p), nbs_(neighbourhoods) {
    population_.assign(p.waves.size() * nbs_ * kItems, std::nan(""));
    answer_sd_.assign(p.waves.size() * nbs_ * kItems, std::nan(""));
  }
  void on_week(const World& w, const OutcomeTable& table) override {
    for (std::size_t wv = 0; wv < p_.waves.size(); ++wv) {
      if (p_.waves[wv].week != w.week) continue;
      for (std::size_t nb = 0; nb < nbs_; ++nb)
        for (std::size_t k = 0; k < kItems; ++k)
          population_[index(wv, nb, k)] = table.at(outcome_of(static_cast<Item>(k)), nb);
    }
  }
  void on_survey(const World& /*w*/, const SurveyWaveResult& wave) override {
    const auto wv = static_cast<std::size_t>(wave.wave);
    for (std::size_t nb = 0; nb < nbs_; ++nb)
      for (std::size_t k = 0; k < kItems; ++k) {
        const SurveyNeighbourhood& s = wave.neighbourhoods[nb];
        answer_sd_[index(wv, nb, k)] = s.se[k] * std::sqrt(s.n_kish[k]);
      }
  }
  double population(std::size_t wv, std::size_t nb, std::size_t k) const { return population_[index(wv, nb, k)]; }
  double answer_sd(std::size_t wv, std::size_t nb, std::size_t k) const { return answer_sd_[index(wv, nb, k)]; }

 private:
  std::size_t index(std::size_t wv, std::size_t nb, std::size_t k) const { return (wv * nbs_ + nb) * kItems + k; }
  const Problem& p_;
  std::size_t nbs_;
  std::vector<double> population_, answer_sd_;
};

}  // namespace

std::uint64_t simulation_seed(std::uint64_t seed, std::uint64_t g, std::uint64_t index) {
  return splitmix(splitmix(splitmix(seed) ^ g) ^ index);
}

Simulator::Simulator(const config::Experiment& e, const Settings& s, const Problem& p) : e_(e), s_(s), p_(p) {
  settings_ = e.settings;
  settings_.weeks = p.weeks;
  settings_.waves = p.waves;
}

std::vector<config::Override> Simulator::overrides(std::span<const double> theta) const {
  std::vector<config::Override> out;
  for (std::size_t k = 0; k < s_.parameters.size(); ++k)
    out.push_back({s_.parameters[k].id, theta[k], s_.parameters[k].neighbourhood});
  return out;
}

std::optional<SimulatedSurvey> Simulator::simulate(std::span<const double> theta, std::uint64_t seed) const {
  SimulatedSurvey out;
  ScenarioSpec sc = e_.scenarios[s_.scenario];
  RunSettings settings = settings_;
  settings.seed = seed;
  const auto violations = config::apply_overrides(sc, overrides(theta), settings, e_.settings.weeks);
  if (!violations.empty()) {
    out.valid = false;
    out.violation = violations.front().key + ": " + violations.front().message;
    return out;
  }
  Simulation sim(sc, settings, 0);
  Keeper keeper(p_, sc.neighbourhoods.size());
  while (sim.next_week() < settings.weeks) {
    if (run::interrupted()) return std::nullopt;
    sim.step(keeper);
  }
  // The survey of each observation's sample size: the population value plus sampling noise of
  // that size (the row's se when it gives one; else binomial for shares, and the simulated
  // survey's spread of answers over sqrt(n) for means).
  for (std::size_t i = 0; i < p_.targets.size(); ++i) {
    const Target& t = p_.targets[i];
    const OutcomeInfo& info = all_outcomes()[t.item];
    const double pop = keeper.population(t.wave, t.neighbourhood, t.item);
    double sd = t.se;
    double scale = t.se;
    if (!t.se_given) {
      if (is_share(t.item)) {
        const double q = std::clamp((pop / 100.0 * t.n + 0.5) / (t.n + 1.0), 0.0, 1.0);
        sd = 100.0 * std::sqrt(q * (1 - q) / t.n);
      } else {
        sd = scale = keeper.answer_sd(t.wave, t.neighbourhood, t.item) / std::sqrt(t.n);
      }
    }
    Draws d(StreamKey{seed, 0}, kSamplingStream, 0, static_cast<std::uint32_t>(i));
    const double estimate = std::clamp(pop + sd * d.normal(), info.min, info.max);
    out.population.push_back(pop);
    out.estimate.push_back(estimate);
    out.scale.push_back(scale);
  }
  return out;
}

double distance(const Problem& p, const SimulatedSurvey& s) {
  if (!s.valid) return std::nan("");
  double sum = 0, weights = 0;
  for (std::size_t i = 0; i < p.targets.size(); ++i) {
    const Target& t = p.targets[i];
    if (t.weight <= 0) continue;
    const double z = (s.estimate[i] - t.value) / s.scale[i];
    if (!std::isfinite(z)) return std::nan("");
    sum += t.weight * z * z;
    weights += t.weight;
  }
  return std::sqrt(sum / weights);
}

}  // namespace buurtsim::calibration
