#pragma once
// The draws of the uncertainty mode (experiments/config/uncertainty_spec.hpp): which
// parameters each replicate draws and their values, keyed by (seed, replicate) with
// counter-based draws, so that they are the same on any number of threads or MPI ranks and the
// same for every scenario of a replicate (common random numbers).
#include <span>
#include <string>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/config/plan.hpp"

namespace buurtsim::uncertainty {

// Attempts per replicate before a draw that breaks the cross-parameter rules is an error.
inline constexpr int kAttempts = 100;

// Chooses the drawn parameters and draws them for every replicate of e into e.uncertainty
// (drawn, draws, attempt, particle, notes). `posterior`: the calibration named by
// e.uncertainty.posterior, read (nullptr: none). `held`: names the command varies itself (a
// sweep's parameters), never drawn. A replicate whose values break a rule of any scenario
// draws again (the next keyed attempt). Throws config::ConfigError when no attempt passes, or
// when the posterior does not fit the configuration.
void draw(config::Experiment& e, const Posterior* posterior, std::span<const std::string> held = {});

// Replicate r's values as overrides, in the order of e.uncertainty.drawn (empty when inactive).
std::vector<config::Override> overrides_for(const Spec& s, std::size_t replicate);

// Applies replicate r's values to a copy of `scenario`; throws config::ConfigError naming the
// rule when they break one (possible only when something other than draw changed the scenario,
// such as a sweep point).
ScenarioSpec with_draws(const config::Experiment& e, const ScenarioSpec& scenario, std::size_t replicate);

}  // namespace buurtsim::uncertainty
