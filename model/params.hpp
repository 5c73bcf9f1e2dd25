#pragma once
// The parameter registry. Every parameter is declared exactly once, in one of the X-macro
// files model/params/*.def, with name, type, unit, default, range, calibration status, scope,
// meaning and source. From that single declaration come:
//   - the typed field the model reads (`params.offending.base_rate`),
//   - lookup by dotted name for configs and `--set` ("offending.base_rate"),
//   - validation of types and ranges,
//   - `buurtsim params` and the generated docs/parameters.md.
// Integer, boolean and choice parameters are stored as double and read with as_int/as_bool.
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

std::string_view to_string(ParamType type);
std::string_view to_string(CalibrationStatus status);

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
  std::string_view choices;  // Choice only: "a|b|c"; the value is the index
  double& (*ref)(Params&);

  const double& get(const Params& p) const { return ref(const_cast<Params&>(p)); }
  void set(Params& p, double v) const { ref(p) = v; }
  std::vector<std::string_view> choice_list() const;
  // The value as the user writes it ("0.25", "12", "true", "moore").
  std::string format(double value) const;
};

using ParamId = std::uint32_t;

// All parameters in declaration order.
std::span<const ParamSpec> all_params();
std::optional<ParamId> find_param(std::string_view dotted_name);
const ParamSpec& param(ParamId id);
// Parameter names close to an unknown one, for "did you mean" messages.
std::vector<std::string_view> similar_param_names(std::string_view unknown, std::size_t max = 3);

// Checks one value against a spec; returns an empty string when valid, else what is allowed.
std::string check_param_value(const ParamSpec& spec, double value);

inline int as_int(double v) { return static_cast<int>(std::lround(v)); }
inline bool as_bool(double v) { return v != 0.0; }

}  // namespace buurtsim
