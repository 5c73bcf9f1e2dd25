#pragma once
// Every random stream of the experiments (designs, bootstrap, calibration), named once, beside
// the model's (model/streams.hpp and the approach modules). tests/experiments/analysis/
// test_streams.cpp checks that no two names of either list hash alike, so an experiment never
// shares draws with the model.
#include <array>
#include <string_view>

#include "model/rng.hpp"

namespace buurtsim::experiment_streams {

#define BUURTSIM_EXPERIMENT_STREAMS(X)                                                                    \
  X(latin, "sweep.design.latin")                    /* Latin hypercube: places within strata */           \
  X(morris, "sweep.design.morris")                  /* Morris: trajectories' starts and orders */         \
  X(saltelli, "sweep.design.saltelli")              /* Saltelli: the Owen scramble of the Sobol points */ \
  X(bootstrap, "sweep.sensitivity.bootstrap")       /* bootstrap resamples of sensitivity indices */      \
  X(proposal, "calibration.proposal")               /* ABC-SMC: prior draws and perturbations */          \
  X(sampling, "calibration.sampling")               /* calibration: survey sampling noise */              \
  X(parameter_draw, "uncertainty.parameters")       /* uncertainty mode: a replicate's parameters */      \
  X(posterior_draw, "uncertainty.posterior")        /* uncertainty mode: a replicate's particle */        \
  X(calibration_design, "calibration.design")       /* emulator: Latin hypercube of a design wave */      \
  X(calibration_posterior, "calibration.posterior") /* emulator: importance sampling of the posterior */

#define BUURTSIM_STREAM_CONST(id, name) inline constexpr std::uint32_t id = stream_id(name);
BUURTSIM_EXPERIMENT_STREAMS(BUURTSIM_STREAM_CONST)
#undef BUURTSIM_STREAM_CONST

#define BUURTSIM_STREAM_NAME(id, name) std::string_view{name},
inline constexpr std::array all_names = {BUURTSIM_EXPERIMENT_STREAMS(BUURTSIM_STREAM_NAME)};
#undef BUURTSIM_STREAM_NAME

}  // namespace buurtsim::experiment_streams
