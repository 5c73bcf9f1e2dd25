#pragma once
// The parameter registry. Every parameter is declared exactly once, in one of the X-macro
// files model/params/*.def, with name, type, unit, default, range, calibration status, scope,
// meaning and source. From that single declaration come:
//   - the typed field the model reads (`params.offending.base_rate`),
//   - lookup by dotted name for configs and `--set` ("offending.base_rate"),
//   - validation of types and ranges,
//   - `buurtsim params` and the generated docs/parameters.md.
// Integer, boolean and choice parameters are stored as double and read with as_int/as_bool.
// Approach modules declare their parameters in their own folder (model/approaches/<name>/
// params.def) and register them at run time (model/approach_module.hpp); their values live in
// the dynamic part of Params, in the order of registration, and are read by name.
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace buurtsim {

enum class ParamType : std::uint8_t { Real, Integer, Boolean, Choice };
// Calibration status (docs/odd.md section 14).
enum class CalibrationStatus : std::uint8_t { Fixed, SurveyLevel, Micro, OtherData, Unidentified };
// Global parameters hold one value per scenario; Neighbourhood parameters may also be set in a
// [[neighbourhood]] entry and then differ between neighbourhoods.
enum class ParamScope : std::uint8_t { Global, Neighbourhood };

// The words of the declaration files (type, status, scope), for the approach modules' files.
namespace param_tokens {
using enum ParamType;
using enum ParamScope;
inline constexpr CalibrationStatus fixed = CalibrationStatus::Fixed;
inline constexpr CalibrationStatus survey_level = CalibrationStatus::SurveyLevel;
inline constexpr CalibrationStatus micro = CalibrationStatus::Micro;
inline constexpr CalibrationStatus other_data = CalibrationStatus::OtherData;
inline constexpr CalibrationStatus unidentified = CalibrationStatus::Unidentified;
}  // namespace param_tokens

std::string_view to_string(ParamType type);
std::string_view to_string(CalibrationStatus status);

// Defaults of the registered approach modules' parameters, by slot.
std::vector<double> module_param_defaults();

// The typed parameter set: one nested struct per group (the part of the name before the dot).
struct Params {
#define BUURTSIM_GROUP_BEGIN(group) struct group##_t {
#define BUURTSIM_PARAM(group, name, type, unit, def, lo, hi, status, scope, meaning, source) double name = def;
#define BUURTSIM_CHOICE(group, name, choices, def, status, scope, meaning, source) double name = def;
#define BUURTSIM_GROUP_END(group) \
  }                               \
  group;
#include "model/params/all.def"
#undef BUURTSIM_GROUP_BEGIN
#undef BUURTSIM_PARAM
#undef BUURTSIM_CHOICE
#undef BUURTSIM_GROUP_END
  // Registered approach modules' parameters, by ParamSpec::slot (module_param_defaults()).
  std::vector<double> modules = module_param_defaults();
};

struct ParamSpec {
  std::string_view name;  // dotted: "group.name"
  ParamType type;
  std::string_view unit;
  double default_value;
  double min;
  double max;
  CalibrationStatus status;
  ParamScope scope;
  std::string_view meaning;
  std::string_view source;
  std::string_view choices;           // Choice only: "a|b|c"; the value is the index
  double& (*ref)(Params&) = nullptr;  // core parameters: the typed field
  std::uint32_t slot = 0;             // approach modules' parameters: index into Params::modules

  double get(const Params& p) const {
    if (ref) return ref(const_cast<Params&>(p));
    return slot < p.modules.size() ? p.modules[slot] : default_value;  // registered after p was made
  }
  void set(Params& p, double v) const;
  std::vector<std::string_view> choice_list() const;
  // The value as the user writes it ("0.25", "12", "true", "moore").
  std::string format(double value) const;
};

using ParamId = std::uint32_t;

// All parameters in declaration order, the registered approach modules' before the groups of
// model/params/all.def from kAfterApproaches on. Registering a module invalidates the span.
inline constexpr std::string_view kAfterApproaches = "cba";
std::span<const ParamSpec> all_params();
std::optional<ParamId> find_param(std::string_view dotted_name);
const ParamSpec& param(ParamId id);
// The value of a parameter by name (throws std::invalid_argument for an unknown name); for
// approach modules, which read their parameters once, and tests.
double param_value(const Params& p, std::string_view dotted_name);
void set_param(Params& p, std::string_view dotted_name, double value);
// Parameter names close to an unknown one, for "did you mean" messages.
std::vector<std::string_view> similar_param_names(std::string_view unknown, std::size_t max = 3);

// Checks one value against a spec; returns an empty string when valid, else what is allowed.
std::string check_param_value(const ParamSpec& spec, double value);

inline int as_int(double v) { return static_cast<int>(std::lround(v)); }
inline bool as_bool(double v) { return v != 0.0; }

}  // namespace buurtsim
