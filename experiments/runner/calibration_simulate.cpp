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

// Keeps each wave's level, its simulated survey's spread of answers and its design effect. The
// level is the survey's (model/measurement.hpp): the population value averaged over the wave's
// fieldwork weeks and on the wave's instrument, what the observed estimate estimates
// (docs/calibration.md, "The distance: sampling error of the data").
class Keeper : public Observer {
 public:
  Keeper(const Problem& p, std::size_t neighbourhoods) : p_(p), nbs_(neighbourhoods) {
    population_.assign(p.waves.size() * nbs_ * kItems, std::nan(""));
    answer_sd_.assign(p.waves.size() * nbs_ * kItems, std::nan(""));
    design_effect_.assign(p.waves.size() * nbs_, 1.0);
  }
  bool wants_weeks() const override { return false; }
  void on_survey(const World& /*w*/, const SurveyWaveResult& wave) override {
    const auto wv = static_cast<std::size_t>(wave.wave);
    for (std::size_t nb = 0; nb < nbs_; ++nb)
      for (std::size_t k = 0; k < kItems; ++k) {
        const SurveyNeighbourhood& s = wave.neighbourhoods[nb];
        population_[index(wv, nb, k)] = s.level[k];
        answer_sd_[index(wv, nb, k)] = s.se[k] * std::sqrt(s.n_kish[k]);
      }
    for (std::size_t nb = 0; nb < nbs_; ++nb) {
      const SurveyNeighbourhood& s = wave.neighbourhoods[nb];
      if (s.n_effective > 0) design_effect_[wv * nbs_ + nb] = std::max(1.0, s.respondents / s.n_effective);
    }
  }
  // Kish's design effect of the simulated survey's weights (respondents over their effective
  // number): by how much the weighting widens a sampling variance beyond n respondents' alone.
  double design_effect(std::size_t wv, std::size_t nb) const { return design_effect_[wv * nbs_ + nb]; }
  double population(std::size_t wv, std::size_t nb, std::size_t k) const { return population_[index(wv, nb, k)]; }
  double answer_sd(std::size_t wv, std::size_t nb, std::size_t k) const { return answer_sd_[index(wv, nb, k)]; }

 private:
  std::size_t index(std::size_t wv, std::size_t nb, std::size_t k) const { return (wv * nbs_ + nb) * kItems + k; }
  const Problem& p_;
  std::size_t nbs_;
  std::vector<double> population_, answer_sd_, design_effect_;
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
  // that size: the row's se when it gives one; else, for n respondents, binomial for shares and
  // the simulated survey's spread of answers over sqrt(n) for means, each widened by the
  // simulated survey's design effect, as a weighted survey's se is (a row's n counts
  // respondents, not their effective number).
  for (std::size_t i = 0; i < p_.targets.size(); ++i) {
    const Target& t = p_.targets[i];
    const OutcomeInfo& info = all_outcomes()[t.item];
    const double pop = keeper.population(t.wave, t.neighbourhood, t.item);
    double sd = t.se;
    double scale = t.se;
    if (!t.se_given) {
      const double widen = std::sqrt(keeper.design_effect(t.wave, t.neighbourhood));
      if (is_share(t.item)) {
        const double q = std::clamp((pop / 100.0 * t.n + 0.5) / (t.n + 1.0), 0.0, 1.0);
        sd = 100.0 * std::sqrt(q * (1 - q) / t.n) * widen;
        scale = t.se * widen;
      } else {
        sd = scale = keeper.answer_sd(t.wave, t.neighbourhood, t.item) / std::sqrt(t.n) * widen;
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
