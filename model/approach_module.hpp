#pragma once
// An approach module: everything the program knows about one approach, declared in its folder
// model/approaches/<name>/ (docs/approaches/README.md) and handed to register_approach() once.
// The lists of approaches, of parameters (`buurtsim params`, configs), of random streams (the
// collision check) and of outcomes (results files) are assembled from the registered modules.
// The built-in modules register through a list CMake generates from the folders
// (model/CMakeLists.txt), before any of those lists is read; a program or test may register
// more of its own before it builds an experiment.
#include <string_view>
#include <vector>

#include "model/approach.hpp"
#include "model/outcomes.hpp"
#include "model/params.hpp"

namespace buurtsim {

struct ApproachModule {
  std::string_view name;                  // in configs, and the group of its parameters
  std::string_view doc;                   // its documentation page
  std::vector<ParamSpec> params;          // "<name>.<parameter>", the common levers first
  std::vector<std::string_view> streams;  // names of its random streams (ids are their hashes)
  std::vector<OutcomeInfo> outcomes;      // its own outcomes (module_outcome), after the core's
  std::vector<Phase> hooks;               // the phases whose hooks it acts in (model/schedule.hpp)
  ApproachFactory factory;
};

// An outcome of a module's own (model-only; the id is given at registration), with the pooling
// rule, better direction and key flag every outcome has (model/outcomes.def).
inline OutcomeInfo module_outcome(std::string_view name, std::string_view unit, double min, double max, Pooling pooling,
                                  Better better, std::string_view long_name, bool key = false) {
  return {Outcome{}, name, unit, false, min, max, pooling, key, better, long_name};
}

// The choices of a Choice parameter that names an outcome (bap.switch_outcome): "none" and then
// every outcome, the modules' included, filled in as modules register.
inline constexpr std::string_view kOutcomeChoices = "none|<every outcome>";

// Adds a module to every list. Throws std::logic_error when its name, a parameter, a stream or
// an outcome clashes with one already known (streams clash when their ids do).
void register_approach(ApproachModule module);
// The registered modules, built-in first, in order of registration.
const std::vector<ApproachModule>& approach_modules();
// Every stream name: the core's (model/streams.hpp) and every module's.
std::vector<std::string_view> all_stream_names();

}  // namespace buurtsim
