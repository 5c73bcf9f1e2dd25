#include "experiments/config/calibration_section.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "experiments/config/model_kind.hpp"
#include "model/outcomes.hpp"

namespace buurtsim::calibration {
namespace {

using config::fail_at;

class TableReader {
 public:
  TableReader(const config::Experiment& e, const toml::table& t, std::string prefix)
      : e_(e), t_(t), prefix_(std::move(prefix)) {}

  // Fails on keys other than `allowed`.
  void closed(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [k, node] : t_) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
      std::string list;
      for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail_at(e_.source, &node, key(std::string(k.str())), "unknown key; expected one of " + list);
    }
  }
  const toml::node* get(const std::string& k) const { return t_.get(k); }
  std::string key(const std::string& k) const { return prefix_ + "." + k; }

  std::optional<std::string> string(const std::string& k) const {
    const toml::node* n = get(k);
    if (!n) return std::nullopt;
    if (!n->is_string()) fail_at(e_.source, n, key(k), "expected a quoted string");
    return *n->value<std::string>();
  }
  std::optional<double> number(const std::string& k, double lo, double hi, const std::string& what) const {
    const toml::node* n = get(k);
    if (!n) return std::nullopt;
    if (!n->is_number()) fail_at(e_.source, n, key(k), "expected " + what);
    const double v = *n->value<double>();
    if (!(v >= lo && v <= hi)) fail_at(e_.source, n, key(k), "expected " + what + ", got " + format(v));
    return v;
  }
  std::optional<std::int64_t> integer(const std::string& k, std::int64_t lo, std::int64_t hi) const {
    const toml::node* n = get(k);
    if (!n) return std::nullopt;
    const std::string what = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (!n->is_integer()) fail_at(e_.source, n, key(k), "expected " + what);
    const std::int64_t v = *n->value<std::int64_t>();
    if (v < lo || v > hi) fail_at(e_.source, n, key(k), "expected " + what + ", got " + std::to_string(v));
    return v;
  }
  // [[prefix.k]] entries.
  std::vector<const toml::table*> entries(const std::string& k, const std::string& example) const {
    std::vector<const toml::table*> out;
    const toml::node* n = get(k);
    if (!n) return out;
    const toml::array* arr = n->as_array();
    if (!arr || !arr->is_array_of_tables())
      fail_at(e_.source, n, key(k), "expected [[" + key(k) + "]] entries (an array of tables), for example " + example);
    for (const auto& x : *arr) out.push_back(x.as_table());
    return out;
  }

  static std::string format(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
  }

 private:
  const config::Experiment& e_;
  const toml::table& t_;
  std::string prefix_;
};

bool valid_period(const std::string& s) {
  auto digits = [](std::string_view x) {
    return std::all_of(x.begin(), x.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (s.size() == 4) return digits(s);
  if (s.size() == 7 && s[4] == '-' && digits(s.substr(0, 4)) && digits(s.substr(5))) {
    const int m = std::stoi(s.substr(5));
    return m >= 1 && m <= 12;
  }
  return false;
}

std::size_t survey_item(const config::Experiment& e, const toml::node* n, const std::string& key,
                        const std::string& name) {
  for (const OutcomeInfo& o : all_outcomes())
    if (o.name == name) {
      if (!o.survey_indicator)
        fail_at(e.source, n, key, "'" + name + "' is a model-only outcome, not a survey indicator");
      return static_cast<std::size_t>(o.id);
    }
  fail_at(e.source, n, key, "unknown survey indicator '" + name + "' (`buurtsim params --outcomes` lists them)");
}

}  // namespace

std::size_t Settings::max_proposals() const {
  return static_cast<std::size_t>(std::ceil(static_cast<double>(particles) / min_acceptance));
}

std::size_t Settings::design_size() const {
  if (design_points) return design_points;
  const std::size_t d = parameters.size();
  return 6 * (1 + d + d * (d + 1) / 2);
}

Settings read_settings(const config::Experiment& e, const toml::table& calibration_table) {
  const toml::table* table = &calibration_table;
  const config::ModelKind& model = *config::find_model_kind(e.model);
  Settings s;
  s.weight.fill(1.0);
  const TableReader r(e, *table, "calibration");
  r.closed({"scenario", "fieldwork_month", "assumed_n", "particles", "generations", "final_tolerance", "min_acceptance",
            "batch", "quantile", "parameter", "weight", "ignore", "wave", "method", "design_points", "design_waves",
            "implausibility_cutoff"});
  if (const auto m = r.string("method")) {
    if (*m == "emulator")
      s.method = Method::Emulator;
    else if (*m != "abc-smc")
      fail_at(e.source, r.get("method"), "calibration.method", "expected \"emulator\" or \"abc-smc\"");
  }
  if (const auto v = r.integer("design_points", 10, 100'000)) s.design_points = static_cast<std::size_t>(*v);
  if (const auto v = r.integer("design_waves", 1, 20)) s.design_waves = static_cast<int>(*v);
  if (const auto v = r.number("implausibility_cutoff", 1, 100, "a number from 1 to 100 (standard deviations)"))
    s.implausibility_cutoff = *v;

  if (const auto name = r.string("scenario")) {
    const auto it =
        std::find_if(e.scenarios.begin(), e.scenarios.end(), [&](const ScenarioSpec& sc) { return sc.name == *name; });
    if (it == e.scenarios.end()) {
      std::string list;
      for (const auto& sc : e.scenarios) list += (list.empty() ? "" : ", ") + sc.name;
      fail_at(e.source, r.get("scenario"), "calibration.scenario",
              "no scenario \"" + *name + "\"; the scenarios are " + list);
    }
    s.scenario = static_cast<std::size_t>(it - e.scenarios.begin());
  }
  if (const auto v = r.integer("fieldwork_month", 1, 12)) s.fieldwork_month = static_cast<int>(*v);
  if (const auto v = r.integer("assumed_n", 2, 10'000'000)) s.assumed_n = static_cast<double>(*v);
  if (const auto v = r.integer("particles", 10, 100'000)) s.particles = static_cast<std::size_t>(*v);
  if (const auto v = r.integer("generations", 1, 100)) s.generations = static_cast<int>(*v);
  if (const auto v = r.number("final_tolerance", 0, 1e9, "a non-negative number (a standardised distance)"))
    s.final_tolerance = *v;
  if (const auto v = r.number("min_acceptance", 1e-4, 1, "a share from 0.0001 to 1")) s.min_acceptance = *v;
  if (const auto v = r.integer("batch", 1, 1'000'000)) s.batch = static_cast<std::size_t>(*v);
  if (const auto v = r.number("quantile", 0.05, 0.95, "a share from 0.05 to 0.95")) s.quantile = *v;

  const ScenarioSpec& sc = e.scenarios[s.scenario];
  std::set<std::string> labels;
  for (const toml::table* t : r.entries("parameter", "[[calibration.parameter]] name = \"fear.offset\"")) {
    const TableReader p(e, *t, "calibration.parameter");
    p.closed({"name", "min", "max", "neighbourhood"});
    const auto name = p.string("name");
    if (!name)
      fail_at(e.source, t, "calibration.parameter",
              "expected name = \"group.parameter\", for example name = \"fear.offset\"");
    EstimatedParameter ep;
    ep.id = config::param_named(e.source, p.get("name"), *name);
    const ParamSpec& spec = param(ep.id);
    if (spec.type != ParamType::Real)
      fail_at(e.source, p.get("name"), "calibration.parameter.name",
              "'" + *name + "' is not a real-valued parameter; only those can be estimated");
    if (const std::string_view group = config::group_of(spec); !config::applies(model, group))
      fail_at(e.source, p.get("name"), "calibration.parameter.name",
              "'" + *name + "' belongs to " + config::models_taking_group(group));
    ep.status = spec.status;
    ep.label = *name;
    if (const auto nb = p.string("neighbourhood")) {
      if (spec.scope != ParamScope::Neighbourhood)
        fail_at(e.source, p.get("neighbourhood"), "calibration.parameter.neighbourhood",
                "'" + *name +
                    "' holds one value per scenario; only neighbourhood parameters can be estimated per neighbourhood");
      const auto it = std::find_if(sc.neighbourhoods.begin(), sc.neighbourhoods.end(),
                                   [&](const NeighbourhoodSpec& x) { return x.name == *nb; });
      if (it == sc.neighbourhoods.end())
        fail_at(e.source, p.get("neighbourhood"), "calibration.parameter.neighbourhood",
                "no [[neighbourhood]] named \"" + *nb + "\"");
      ep.neighbourhood = static_cast<int>(it - sc.neighbourhoods.begin());
      ep.label += "@" + *nb;
    }
    const std::string range =
        "a number from " + spec.format(spec.min) + " to " + spec.format(spec.max) + " (the registry's range)";
    ep.lo = p.number("min", spec.min, spec.max, range).value_or(spec.min);
    ep.hi = p.number("max", spec.min, spec.max, range).value_or(spec.max);
    if (!(ep.lo < ep.hi))
      fail_at(e.source, p.get("max") ? p.get("max") : t, "calibration.parameter.max", "expected max above min");
    if (!labels.insert(ep.label).second)
      fail_at(e.source, p.get("name"), "calibration.parameter.name", "'" + ep.label + "' is estimated twice");
    if (ep.status != CalibrationStatus::SurveyLevel)
      s.notes.push_back(
          ep.label + " has calibration status '" + std::string(to_string(ep.status)) +
          "' (docs/odd.md section 14): survey levels may not identify it, so read its shrinkage with care");
    s.parameters.push_back(ep);
  }
  if (s.parameters.empty())
    fail_at(e.source, table, "calibration.parameter",
            "no parameters to estimate; add [[calibration.parameter]] entries, for example name = \"fear.offset\"");
  // A pooled and a per-neighbourhood estimate of the same parameter would fight over one value.
  for (const auto& a : s.parameters)
    for (const auto& b : s.parameters)
      if (a.id == b.id && a.neighbourhood < 0 && b.neighbourhood >= 0)
        fail_at(e.source, table, "calibration.parameter",
                "'" + std::string(param(a.id).name) + " is estimated both for every neighbourhood and for " + b.label +
                    "; choose one");

  std::set<std::size_t> weighted;
  for (const toml::table* t :
       r.entries("weight", "[[calibration.weight]] indicator = \"safety_rating\" weight = 0.5")) {
    const TableReader w(e, *t, "calibration.weight");
    w.closed({"indicator", "weight"});
    const auto name = w.string("indicator");
    if (!name) fail_at(e.source, t, "calibration.weight", "expected indicator = \"...\" and weight = ...");
    const std::size_t item = survey_item(e, w.get("indicator"), "calibration.weight.indicator", *name);
    const auto v = w.number("weight", 0, 1000, "a weight from 0 to 1000");
    if (!v) fail_at(e.source, t, "calibration.weight.weight", "expected weight = a number from 0 to 1000");
    if (!weighted.insert(item).second)
      fail_at(e.source, w.get("indicator"), "calibration.weight.indicator", "'" + *name + "' is weighted twice");
    s.weight[item] = *v;
  }

  for (const toml::table* t : r.entries("ignore", "[[calibration.ignore]] neighbourhood = \"Nederland\"")) {
    const TableReader g(e, *t, "calibration.ignore");
    g.closed({"neighbourhood", "period", "indicator"});
    IgnoreRule rule;
    rule.neighbourhood = g.string("neighbourhood").value_or("");
    rule.period = g.string("period").value_or("");
    rule.indicator = g.string("indicator").value_or("");
    rule.line = static_cast<int>(t->source().begin.line);
    if (rule.neighbourhood.empty() && rule.period.empty() && rule.indicator.empty())
      fail_at(e.source, t, "calibration.ignore",
              "expected at least one of neighbourhood, period, indicator (an empty rule would ignore every row)");
    if (!rule.period.empty() && !valid_period(rule.period))
      fail_at(e.source, g.get("period"), "calibration.ignore.period",
              "expected a year (\"2019\") or a year-month (\"2019-10\")");
    if (!rule.indicator.empty()) survey_item(e, g.get("indicator"), "calibration.ignore.indicator", rule.indicator);
    s.ignore.push_back(rule);
  }

  std::set<std::string> wave_periods;
  for (const toml::table* t : r.entries("wave", "[[calibration.wave]] period = \"2019\" instrument = \"VM2012\"")) {
    const TableReader w(e, *t, "calibration.wave");
    w.closed({"period", "instrument"});
    WaveInstrument wi;
    wi.period = w.string("period").value_or("");
    wi.instrument = w.string("instrument").value_or("");
    if (!valid_period(wi.period))
      fail_at(e.source, w.get("period") ? w.get("period") : t, "calibration.wave.period",
              "expected a year (\"2019\") or a year-month (\"2019-10\")");
    if (wi.instrument != "IVM" && wi.instrument != "VM2012" && wi.instrument != "VM2021" &&
        wi.instrument != "buurtpeiling")
      fail_at(e.source, w.get("instrument") ? w.get("instrument") : t, "calibration.wave.instrument",
              "expected \"IVM\", \"VM2012\", \"VM2021\" or \"buurtpeiling\"");
    if (!wave_periods.insert(wi.period).second)
      fail_at(e.source, w.get("period"), "calibration.wave.period", "period " + wi.period + " is listed twice");
    s.instruments.push_back(wi);
  }
  return s;
}

const Settings& settings_of(const config::Experiment& e) {
  if (e.calibration) return *e.calibration;
  if (!config::model_reads(e.model, "calibration"))
    throw config::ConfigError(e.source + ": calibrate applies to " + config::models_reading("calibration") + " only");
  throw config::ConfigError(e.source +
                            ": no [calibration] table; `buurtsim calibrate` needs one naming the parameters to "
                            "estimate (see configs/calibration.toml and docs/calibration.md)");
}

}  // namespace buurtsim::calibration
