#include "experiments/config/sweep_section.hpp"

#include <algorithm>
#include <cmath>

#include "experiments/config/model_kind.hpp"
#include "model/params.hpp"

namespace buurtsim::sweep {
namespace {

constexpr std::string_view kKeys[] = {"design",      "samples", "levels",   "trajectories",
                                      "final_weeks", "weekly",  "parameter"};
constexpr std::string_view kParameterKeys[] = {"name", "min", "max"};

struct Designs {
  DesignKind kind;
  const char* name;
};
constexpr Designs kDesigns[] = {{DesignKind::Factorial, "factorial"},
                                {DesignKind::LatinHypercube, "latin_hypercube"},
                                {DesignKind::Saltelli, "saltelli"},
                                {DesignKind::Morris, "morris"}};

class TableReader {
 public:
  TableReader(const std::string& source, const toml::table& t, const std::string& prefix)
      : source_(source), t_(t), prefix_(prefix) {}

  void closed(std::span<const std::string_view> keys, const std::string& allowed) const {
    for (const auto& [k, node] : t_)
      if (std::find(keys.begin(), keys.end(), k.str()) == keys.end())
        fail(&node, std::string(k.str()), "unknown key; expected one of " + allowed);
  }
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const {
    const toml::node* n = t_.get(key);
    if (!n) return fallback;
    const std::string range = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (!n->is_integer()) fail(n, key, "expected " + range);
    const std::int64_t v = *n->value<std::int64_t>();
    if (v < lo || v > hi) fail(n, key, "expected " + range + ", got " + std::to_string(v));
    return v;
  }
  [[noreturn]] void fail(const toml::node* n, const std::string& key, const std::string& what) const {
    config::fail_at(source_, n, prefix_ + key, what);
  }
  const toml::node* get(const std::string& key) const { return t_.get(key); }
  const toml::table& table() const { return t_; }

 private:
  const std::string& source_;
  const toml::table& t_;
  std::string prefix_;
};

ParameterRange read_parameter(const std::string& source, const toml::table& t, const toml::node* entry) {
  const TableReader rd(source, t, "sweep.parameter.");
  rd.closed(kParameterKeys, "name, min, max");
  const toml::node* name = rd.get("name");
  if (!name)
    rd.fail(entry, "name", "missing: each [[sweep.parameter]] names a registered parameter (`buurtsim params`)");
  if (!name->is_string()) rd.fail(name, "name", "expected a quoted parameter name such as \"fear.hearsay\"");
  const std::string dotted = *name->value<std::string>();
  const ParamSpec& spec = param(config::param_named(source, name, dotted));
  if (spec.type != ParamType::Real && spec.type != ParamType::Integer)
    rd.fail(name, "name",
            "'" + dotted + "' is a " + (spec.type == ParamType::Boolean ? "true/false" : "choice") +
                " parameter; a sweep varies numbers only (vary it with one scenario per value)");
  ParameterRange range{dotted, spec.min, spec.max};
  for (const char* bound : {"min", "max"}) {
    const toml::node* n = rd.get(bound);
    if (!n) continue;
    if (!n->is_number())
      rd.fail(n, bound, "expected a number within " + spec.format(spec.min) + " .. " + spec.format(spec.max));
    const double v = *n->value<double>();
    if (!(v >= spec.min && v <= spec.max))
      rd.fail(n, bound,
              "expected a number within the range of " + dotted + ", " + spec.format(spec.min) + " .. " +
                  spec.format(spec.max) + ", got " + spec.format(v));
    (std::string(bound) == "min" ? range.lo : range.hi) = v;
  }
  if (!std::isfinite(range.lo) || !std::isfinite(range.hi))
    rd.fail(name, "name", "'" + dotted + "' has an unbounded range in the registry; give min and max");
  if (!(range.lo < range.hi))
    rd.fail(rd.get("max") ? rd.get("max") : name, "max",
            "the range of " + dotted + " is empty (" + spec.format(range.lo) + " .. " + spec.format(range.hi) +
                "); expected min < max");
  return range;
}

}  // namespace

const char* design_name(DesignKind kind) {
  for (const auto& d : kDesigns)
    if (d.kind == kind) return d.name;
  return "?";
}

SweepSpec read_sweep(const config::Experiment& e, const toml::table& t) {
  const TableReader rd(e.source, t, "sweep.");
  rd.closed(kKeys, "design, samples, levels, trajectories, final_weeks, weekly, [[sweep.parameter]]");
  SweepSpec s;
  s.design.seed = e.settings.seed;
  if (const toml::node* n = rd.get("design")) {
    const std::string names = "\"factorial\", \"latin_hypercube\", \"saltelli\" or \"morris\"";
    if (!n->is_string()) rd.fail(n, "design", "expected " + names);
    const std::string v = *n->value<std::string>();
    const auto it =
        std::find_if(std::begin(kDesigns), std::end(kDesigns), [&](const Designs& d) { return v == d.name; });
    if (it == std::end(kDesigns)) rd.fail(n, "design", "expected " + names + ", got \"" + v + "\"");
    s.design.kind = it->kind;
  }
  s.design.samples = static_cast<int>(rd.integer("samples", 16, 1, 1000000));
  s.design.levels = static_cast<int>(rd.integer("levels", s.design.kind == DesignKind::Morris ? 4 : 3, 2, 1000));
  if (s.design.kind == DesignKind::Morris && s.design.levels % 2 != 0)
    rd.fail(rd.get("levels"), "levels",
            "a Morris design needs an even number of levels (for example 4), got " + std::to_string(s.design.levels));
  s.design.trajectories = static_cast<int>(rd.integer("trajectories", 4, 1, 100000));
  s.final_weeks = static_cast<int>(rd.integer("final_weeks", 13, 1, 30000));
  if (s.final_weeks > e.settings.weeks) s.final_weeks = e.settings.weeks;  // a short --weeks: all weeks
  if (const toml::node* n = rd.get("weekly")) {
    if (!n->is_boolean()) rd.fail(n, "weekly", "expected true or false");
    s.weekly = *n->value<bool>();
  }
  const toml::node* list = rd.get("parameter");
  if (!list || !list->is_array_of_tables() || list->as_array()->empty())
    rd.fail(list ? list : &t, "parameter",
            "expected one or more [[sweep.parameter]] entries, each with the name of a registered parameter");
  for (const toml::node& entry : *list->as_array()) {
    ParameterRange range = read_parameter(e.source, *entry.as_table(), &entry);
    for (const ParameterRange& other : s.parameters)
      if (other.name == range.name) rd.fail(&entry, "parameter", "'" + range.name + "' is listed twice");
    s.parameters.push_back(std::move(range));
  }
  if (s.design.kind == DesignKind::Factorial) {
    double points = 1;
    for (std::size_t i = 0; i < s.parameters.size(); ++i) points *= s.design.levels;
    if (points > 1e7)
      rd.fail(rd.get("levels"), "levels",
              "a factorial design of " + std::to_string(static_cast<long long>(points)) +
                  " points is too large; use latin_hypercube");
  }
  return s;
}

const SweepSpec& sweep_of(const config::Experiment& e) {
  if (e.sweep) return *e.sweep;
  if (!config::model_reads(e.model, "sweep"))
    throw config::ConfigError(e.source + ": sweeps are for " + config::models_reading("sweep"));
  throw config::ConfigError(e.source +
                            ": no [sweep] table; a sweep needs one (see configs/sweep.toml and docs/sweeps.md)");
}

PointShape point_shape(const config::Experiment& e, const SweepSpec& spec) {
  PointShape s;
  s.scenarios = e.scenarios.size();
  s.replicates = static_cast<std::size_t>(e.replicates);
  s.neighbourhoods = e.scenarios.front().neighbourhoods.size();
  s.weeks = static_cast<std::size_t>(e.settings.weeks);
  s.weekly = spec.weekly;
  for (const auto& sc : e.scenarios) s.cba |= sc.name == "baseline";
  return s;
}

}  // namespace buurtsim::sweep
