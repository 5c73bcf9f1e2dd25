#pragma once
// The outcome registry (model/outcomes.def: every outcome with its unit, range, pooling rule,
// key flag and better direction, declared once) and the weekly population values. Approach
// modules declare outcomes of their own (model/approach_module.hpp); they get the ids after the
// core's, in the order of registration, and are measured by their module.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace buurtsim {

enum class Outcome : std::uint16_t {
#define BUURTSIM_OUTCOME(id, unit, survey, lo, hi, pooling, key, better, long_name) id,
#include "model/outcomes.def"
#undef BUURTSIM_OUTCOME
};

// How neighbourhoods combine into one figure: counts, hours and costs add up; shares, grades
// and per-resident states are a mean weighted by residents.
enum class Pooling : std::uint8_t { Sum, Mean };
// Which direction of an outcome is an improvement.
enum class Better : std::uint8_t { Higher, Lower, Neither };

struct OutcomeInfo {
  Outcome id;
  std::string_view name, unit;
  bool survey_indicator;
  double min, max;
  Pooling pooling;
  bool key;  // printed, summarised and shown first in the report
  Better better;
  std::string_view long_name;
};

// Every outcome, the core's and then the registered modules', indexed by id. Registering a
// module invalidates the span.
std::span<const OutcomeInfo> all_outcomes();
const OutcomeInfo& outcome_info(Outcome o);
// The number of outcomes, the modules' included (the size of every outcome table).
std::size_t outcome_count();
// An outcome by name (modules' outcomes have no enumerator); find_outcome gives nullopt for an
// unknown name, outcome_named throws std::invalid_argument.
std::optional<Outcome> find_outcome(std::string_view name);
Outcome outcome_named(std::string_view name);
// The key outcomes, in declaration order.
std::span<const Outcome> key_outcomes();
std::string_view to_string(Pooling p);  // "sum", "mean": the results files' attribute values
std::string_view to_string(Better b);   // "higher", "lower", "neither"

// The core's outcomes (model/outcomes.def), the first ids.
inline constexpr std::size_t kCoreOutcomes = [] {
  std::size_t n = 0;
#define BUURTSIM_OUTCOME(id, unit, survey, lo, hi, pooling, key, better, long_name) ++n;
#include "model/outcomes.def"
#undef BUURTSIM_OUTCOME
  return n;
}();

// Values of every outcome for every neighbourhood in one week: value(o, nb).
struct OutcomeTable {
  std::size_t neighbourhoods = 0;
  std::vector<double> values;  // [outcome][neighbourhood]
  void resize(std::size_t nbs) {
    neighbourhoods = nbs;
    values.assign(outcome_count() * nbs, 0.0);
  }
  double& at(Outcome o, std::size_t nb) { return values[static_cast<std::size_t>(o) * neighbourhoods + nb]; }
  double at(Outcome o, std::size_t nb) const { return values[static_cast<std::size_t>(o) * neighbourhoods + nb]; }
};

}  // namespace buurtsim
