#include "experiments/config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>

#include "model/approach.hpp"
#include "model/epstein/epstein.hpp"
#include "model/params.hpp"
#include "model/validate.hpp"

namespace buurtsim::config {
namespace {

constexpr std::string_view kTopLevelKeys[] = {"model", "weeks",      "burn_in_weeks", "replicates",
                                              "seed",  "start_date", "description"};
// Tables read by the modules of other commands (experiments/sweep, experiments/calibration).
constexpr std::string_view kCommandTables[] = {"sweep", "calibration"};
constexpr std::string_view kSurveyStructural[] = {"weeks", "dates", "instrument"};
constexpr std::string_view kInstruments[] = {"IVM", "VM2012", "VM2021", "buurtpeiling"};

class Reader {
 public:
  // `lines`: whether node lines refer to the source (not for the one-line TOML of a --set value).
  explicit Reader(std::string source, bool lines = true) : source_(std::move(source)), lines_(lines) {}

  [[noreturn]] void fail(const toml::node* node, const std::string& key, const std::string& what) const {
    std::ostringstream m;
    m << where(node) << ": " << (key.empty() ? "" : "'" + key + "': ") << what;
    throw ConfigError(m.str());
  }

  // Converts a TOML value to a parameter's stored double, or fails naming what is allowed.
  double param_value(const ParamSpec& spec, const toml::node& node, const std::string& key) const {
    double v = 0;
    const std::string allowed = describe(spec);
    switch (spec.type) {
      case ParamType::Boolean:
        if (!node.is_boolean()) fail(&node, key, "expected true or false");
        v = *node.value<bool>() ? 1.0 : 0.0;
        break;
      case ParamType::Choice: {
        if (!node.is_string()) fail(&node, key, "expected " + allowed + " (a quoted string)");
        const std::string s = *node.value<std::string>();
        const auto list = spec.choice_list();
        const auto it = std::find(list.begin(), list.end(), s);
        if (it == list.end()) fail(&node, key, "expected " + allowed + ", got \"" + s + "\"");
        v = static_cast<double>(it - list.begin());
        break;
      }
      case ParamType::Integer:
        if (!node.is_integer()) fail(&node, key, "expected " + allowed);
        v = static_cast<double>(*node.value<std::int64_t>());
        break;
      case ParamType::Real:
        if (!node.is_number()) fail(&node, key, "expected " + allowed);
        v = *node.value<double>();
        break;
    }
    const std::string problem = check_param_value(spec, v);
    if (!problem.empty()) fail(&node, key, "expected " + problem + ", got " + spec.format(v));
    return v;
  }

  static std::string describe(const ParamSpec& spec) {
    std::string s = check_param_value(spec, std::nan(""));  // "a finite number"
    if (spec.type == ParamType::Choice) return check_param_value(spec, -1);
    if (spec.type == ParamType::Boolean) return "true or false";
    return (spec.type == ParamType::Integer ? "a whole number from " : "a number from ") + spec.format(spec.min) +
           " to " + spec.format(spec.max);
  }

  const ParamSpec& lookup(const toml::node* node, const std::string& dotted) const {
    const auto id = find_param(dotted);
    if (id) return param(*id);
    std::string msg = "unknown parameter";
    const auto similar = similar_param_names(dotted);
    if (!similar.empty()) {
      msg += "; did you mean";
      for (std::size_t i = 0; i < similar.size(); ++i) msg += (i ? ", " : " ") + std::string(similar[i]);
      msg += "?";
    }
    msg += " (`buurtsim params` lists them all)";
    fail(node, dotted, msg);
  }

  const std::string& source() const { return source_; }
  // "source:line" of a node (or just the source when the line is unknown).
  std::string where(const toml::node* node) const {
    if (lines_ && node && node->source().begin.line > 0)
      return source_ + ":" + std::to_string(node->source().begin.line);
    return source_;
  }

 private:
  std::string source_;
  bool lines_ = true;
};

struct Assignment {
  ParamId id;
  double value;
  std::string where;  // where it was set, for messages: "cfg.toml:7" or "--set KEY=VALUE"
};

// Adds an assignment; a later one of the same parameter replaces an earlier one.
void assign(std::vector<Assignment>& list, Assignment a) {
  std::erase_if(list, [&](const Assignment& x) { return x.id == a.id; });
  list.push_back(std::move(a));
}

void unassign(std::vector<Assignment>& list, ParamId id) {
  std::erase_if(list, [&](const Assignment& x) { return x.id == id; });
}

// Flattens a table of dotted parameter names ([group] tables, or the inline/nested keys of
// [scenario.set]) into assignments. Keys listed in `skip` (structural keys of the table) are
// left to the caller. The nodes are read in place: toml++ drops source lines from copies.
void collect_params(const Reader& rd, const toml::table& table, const std::string& prefix, std::vector<Assignment>& out,
                    bool neighbourhood_only, std::span<const std::string_view> skip = {}) {
  for (const auto& [k, node] : table) {
    if (std::find(skip.begin(), skip.end(), k.str()) != skip.end()) continue;
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const toml::table* sub = node.as_table()) {
      collect_params(rd, *sub, key, out, neighbourhood_only);
      continue;
    }
    const ParamSpec& spec = rd.lookup(&node, key);
    if (neighbourhood_only && spec.scope != ParamScope::Neighbourhood)
      rd.fail(&node, key,
              "is the same for all neighbourhoods; set it at the top level in [" +
                  std::string(spec.name.substr(0, spec.name.find('.'))) + "], not in a [[neighbourhood]] entry");
    assign(out, {*find_param(key), rd.param_value(spec, node, key), rd.where(&node)});
  }
}

void apply_assignments(Params& p, const std::vector<Assignment>& list) {
  for (const auto& a : list) param(a.id).set(p, a.value);
}

// Where the value of `id` in force was set: the last of the lists (in order of precedence,
// lowest first) that assigns it; empty when it keeps its default.
std::string where_set(ParamId id, std::initializer_list<const std::vector<Assignment>*> lists) {
  std::string where;
  for (const auto* list : lists)
    for (const auto& a : *list)
      if (a.id == id) where = a.where;
  return where;
}

std::int64_t integer(const Reader& rd, const toml::node& node, const std::string& key, std::int64_t lo,
                     std::int64_t hi) {
  if (!node.is_integer())
    rd.fail(&node, key, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  const std::int64_t v = *node.value<std::int64_t>();
  if (v < lo || v > hi)
    rd.fail(&node, key,
            "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                std::to_string(v));
  return v;
}

std::string string_value(const Reader& rd, const toml::node& node, const std::string& key) {
  if (!node.is_string()) rd.fail(&node, key, "expected a quoted string");
  return *node.value<std::string>();
}

// Parses the VALUE of --set as TOML; a bare word is taken as a string (for choices).
toml::table parse_set_value(const std::string& value) {
  try {
    return toml::parse("v = " + value);
  } catch (const toml::parse_error&) {
    toml::table t;
    t.insert("v", value);
    return t;
  }
}

struct ScenarioDraft {
  std::string name;
  std::vector<std::string> approaches;
  std::vector<Assignment> set;
};

std::string toml_value(const ParamSpec& spec, double v) {
  if (spec.type == ParamType::Choice) return "\"" + spec.format(v) + "\"";
  return spec.format(v);
}

std::string quoted(const std::string& s) {
  std::ostringstream o;
  o << toml::value<std::string>(s);
  return o.str();
}

// The resolved configuration as TOML: reloading it reproduces the experiment exactly.
std::string render(const Experiment& e, const Params& base,
                   const std::vector<std::vector<std::pair<ParamId, double>>>& nb_own,
                   const std::vector<ScenarioDraft>& scenarios, const std::vector<std::string>& instruments_by_wave) {
  std::ostringstream o;
  o << "# Resolved buurtsim configuration (every parameter at its value)\n";
  o << "model = " << quoted(e.model) << "\n";
  o << "weeks = " << e.settings.weeks << "\nburn_in_weeks = " << e.settings.burn_in_weeks << "\n";
  o << "replicates = " << e.replicates << "\nseed = " << e.settings.seed << "\n";
  o << "start_date = " << quoted(e.settings.start_date.str()) << "\n";
  std::string group;
  for (const ParamSpec& spec : all_params()) {
    const std::string g(spec.name.substr(0, spec.name.find('.')));
    if ((e.model == "epstein2002") != (g == "epstein")) continue;
    if (g != group) {
      o << "\n[" << g << "]\n";
      group = g;
      if (g == "survey" && e.model == "buurtsim") {
        o << "weeks = [";
        for (std::size_t i = 0; i < e.settings.waves.size(); ++i) o << (i ? ", " : "") << e.settings.waves[i].week;
        o << "]\ninstrument = [";
        for (std::size_t i = 0; i < instruments_by_wave.size(); ++i)
          o << (i ? ", " : "") << quoted(instruments_by_wave[i]);
        o << "]\n";
      }
    }
    o << spec.name.substr(spec.name.find('.') + 1) << " = " << toml_value(spec, spec.get(base)) << "\n";
  }
  if (e.model != "buurtsim") return o.str();
  for (std::size_t i = 0; i < e.scenarios.front().neighbourhoods.size(); ++i) {
    const auto& nb = e.scenarios.front().neighbourhoods[i];
    o << "\n[[neighbourhood]]\nname = " << quoted(nb.name) << "\nresidents = " << nb.residents << "\n";
    for (const auto& [id, v] : nb_own[i]) o << param(id).name << " = " << toml_value(param(id), v) << "\n";
  }
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    const auto& s = scenarios[k];
    // An approach whose window starts after the last week of this run (cut off by --weeks) does
    // nothing; it is left out, so that the stored configuration reloads and reruns exactly.
    std::vector<std::string> acting;
    std::string left_out;
    for (const std::string& a : s.approaches) {
      if (approach_registry().count(a) && read_levers(e.scenarios[k].params, a).start_week >= e.settings.weeks)
        left_out += "# " + a + " is left out: its window starts after the last recorded week of this run (week " +
                    std::to_string(e.settings.weeks - 1) + ")\n";
      else
        acting.push_back(a);
    }
    o << "\n[[scenario]]\nname = " << quoted(s.name) << "\n" << left_out << "approaches = [";
    for (std::size_t i = 0; i < acting.size(); ++i) o << (i ? ", " : "") << quoted(acting[i]);
    o << "]\n";
    if (!s.set.empty()) {
      o << "[scenario.set]\n";
      for (const auto& a : s.set)
        o << quoted(std::string(param(a.id).name)) << " = " << toml_value(param(a.id), a.value) << "\n";
    }
  }
  return o.str();
}

}  // namespace

Experiment load(const std::string& text, const std::string& source, const std::string& stem, const Overrides& ov) {
  Reader rd(source);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& err) {
    std::ostringstream m;
    m << source << ":" << err.source().begin.line << ": not valid TOML: " << err.description();
    throw ConfigError(m.str());
  }
  Experiment e;
  e.source = source;
  e.stem = stem;

  // Structural keys.
  if (const auto* n = root.get("model")) {
    e.model = string_value(rd, *n, "model");
    if (e.model != "buurtsim" && e.model != "epstein2002")
      rd.fail(n, "model", "expected \"buurtsim\" or \"epstein2002\", got \"" + e.model + "\"");
  }
  const bool epstein = e.model == "epstein2002";
  if (const auto* n = root.get("weeks")) e.settings.weeks = static_cast<int>(integer(rd, *n, "weeks", 1, 30000));
  e.settings.burn_in_weeks = epstein ? 0 : 104;
  if (const auto* n = root.get("burn_in_weeks"))
    e.settings.burn_in_weeks = static_cast<int>(integer(rd, *n, "burn_in_weeks", 0, 30000));
  if (const auto* n = root.get("replicates")) e.replicates = static_cast<int>(integer(rd, *n, "replicates", 1, 65535));
  if (const auto* n = root.get("seed"))
    e.settings.seed = static_cast<std::uint64_t>(integer(rd, *n, "seed", 0, INT64_MAX));
  e.settings.start_date = Date{2020, 1, 6};
  if (const auto* n = root.get("start_date")) {
    const std::string s = string_value(rd, *n, "start_date");
    if (!Date::parse(s, e.settings.start_date))
      rd.fail(n, "start_date", "expected a date YYYY-MM-DD, got \"" + s + "\"");
  }
  if (ov.seed) {
    if (*ov.seed > static_cast<std::uint64_t>(INT64_MAX))
      throw ConfigError("--seed: expected a whole number from 0 to " + std::to_string(INT64_MAX));
    e.settings.seed = *ov.seed;
  }
  if (ov.replicates) {
    if (*ov.replicates < 1 || *ov.replicates > 65535)
      throw ConfigError("--replicates: expected a whole number from 1 to 65535");
    e.replicates = *ov.replicates;
  }
  const int file_weeks = e.settings.weeks;
  if (ov.weeks) {
    if (*ov.weeks < 1 || *ov.weeks > 30000) throw ConfigError("--weeks: expected a whole number from 1 to 30000");
    e.settings.weeks = *ov.weeks;
  }

  // Parameter tables and the closed schema of the top level.
  Params base;
  std::vector<Assignment> base_set;
  const toml::table* survey = nullptr;
  for (const auto& [k, node] : root) {
    const std::string key(k.str());
    if (std::find(std::begin(kTopLevelKeys), std::end(kTopLevelKeys), key) != std::end(kTopLevelKeys)) continue;
    if (std::find(std::begin(kCommandTables), std::end(kCommandTables), key) != std::end(kCommandTables)) {
      if (!node.is_table()) rd.fail(&node, key, "expected a table [" + key + "]");
      if (epstein) rd.fail(&node, key, "is not used by model = \"epstein2002\"");
      continue;
    }
    if (key == "neighbourhood" || key == "scenario") {
      if (epstein) rd.fail(&node, key, "is not used by model = \"epstein2002\"");
      if (!node.is_array_of_tables()) rd.fail(&node, key, "expected [[" + key + "]] entries (an array of tables)");
      continue;
    }
    const toml::table* t = node.as_table();
    if (!t) {
      rd.fail(&node, key,
              "unknown top-level key; expected one of model, weeks, burn_in_weeks, replicates, seed, start_date, "
              "description, [sweep], [calibration], or a parameter table such as [fear]");
    }
    bool known_group = false;
    for (const ParamSpec& s : all_params()) known_group |= s.name.substr(0, s.name.find('.')) == key;
    if (!known_group) rd.fail(&node, key, "unknown parameter table (`buurtsim params` lists the parameters by table)");
    if ((key == "epstein") != epstein)
      rd.fail(&node, key,
              epstein ? "only [epstein] parameters apply to model = \"epstein2002\""
                      : "[epstein] parameters apply only to model = \"epstein2002\"");
    if (key == "survey") {
      survey = t;
      collect_params(rd, *t, "survey", base_set, false, kSurveyStructural);
    } else {
      collect_params(rd, *t, key, base_set, false);
    }
  }

  // --set: parsed and checked now, applied after the whole file (below): a global one wins over
  // the file's top-level, neighbourhood and [scenario.set] values; scenario.NAME.KEY ones are
  // applied to that scenario last.
  struct SetItem {
    std::string scenario;  // empty: every scenario
    std::string item;
    Assignment assignment;
  };
  std::vector<SetItem> set_items;
  for (const std::string& item : ov.sets) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw ConfigError("--set " + item + ": expected KEY=VALUE, for example --set fear.offset=-1.2");
    std::string key = item.substr(0, eq);
    const std::string value = item.substr(eq + 1);
    std::string scenario;
    if (key.rfind("scenario.", 0) == 0) {
      const std::string rest = key.substr(9);
      const auto dot = rest.find('.');
      if (dot == std::string::npos) throw ConfigError("--set " + item + ": expected scenario.NAME.KEY=VALUE");
      scenario = rest.substr(0, dot);
      key = rest.substr(dot + 1);
    }
    if (std::find(std::begin(kTopLevelKeys), std::end(kTopLevelKeys), key) != std::end(kTopLevelKeys))
      throw ConfigError("--set " + item + ": '" + key +
                        "' is a structural key; use its own option (--weeks, --seed, --replicates) or the file");
    const toml::table parsed = parse_set_value(value);
    Reader set_reader("--set " + item, false);
    const ParamSpec& spec = set_reader.lookup(nullptr, key);
    const double v = set_reader.param_value(spec, *parsed.get("v"), key);
    if ((spec.name.substr(0, 8) == "epstein.") != epstein)
      throw ConfigError("--set " + item + ": '" + key + "' does not apply to model = \"" + e.model + "\"");
    set_items.push_back({scenario, item, {*find_param(key), v, "--set " + item}});
  }

  // Survey waves.
  std::vector<std::string> instruments;
  std::vector<SurveyWave> waves;
  if (survey && !epstein) {
    std::vector<std::string> inst_list;
    if (const auto* n = survey->get("instrument")) {
      auto check = [&](const toml::node& x) {
        const std::string s = string_value(rd, x, "survey.instrument");
        if (std::find(std::begin(kInstruments), std::end(kInstruments), s) == std::end(kInstruments))
          rd.fail(&x, "survey.instrument",
                  "expected \"IVM\", \"VM2012\", \"VM2021\" or \"buurtpeiling\", got \"" + s + "\"");
        inst_list.push_back(s);
      };
      if (const auto* arr = n->as_array()) {
        for (const auto& x : *arr) check(x);
      } else {
        check(*n);
      }
    }
    auto add_wave = [&](int week, const toml::node* n, const std::string& key) {
      if (week < 0)
        rd.fail(n, key, "a survey wave lies before week 0 (start_date " + e.settings.start_date.str() + ")");
      waves.push_back({week, ""});
    };
    if (const auto* n = survey->get("weeks")) {
      const auto* arr = n->as_array();
      if (!arr) rd.fail(n, "survey.weeks", "expected an array of week numbers, for example [52, 104]");
      for (const auto& x : *arr)
        add_wave(static_cast<int>(integer(rd, x, "survey.weeks", 0, 30000)), &x, "survey.weeks");
    }
    if (const auto* n = survey->get("dates")) {
      const auto* arr = n->as_array();
      if (!arr) rd.fail(n, "survey.dates", "expected an array of dates, for example [\"2021-10-15\"]");
      for (const auto& x : *arr) {
        const std::string s = string_value(rd, x, "survey.dates");
        Date d;
        if (!Date::parse(s, d)) rd.fail(&x, "survey.dates", "expected a date YYYY-MM-DD, got \"" + s + "\"");
        const std::int64_t diff = d.days() - e.settings.start_date.days();
        add_wave(diff < 0 ? -1 : static_cast<int>(diff / 7), &x, "survey.dates");
      }
    }
    if (!inst_list.empty() && inst_list.size() != 1 && inst_list.size() != waves.size())
      rd.fail(survey->get("instrument"), "survey.instrument",
              "expected one instrument, or one per wave (" + std::to_string(waves.size()) + ")");
    for (std::size_t i = 0; i < waves.size(); ++i)
      waves[i].instrument = inst_list.empty() ? "VM2021" : inst_list[inst_list.size() == 1 ? 0 : i];
    std::stable_sort(waves.begin(), waves.end(),
                     [](const SurveyWave& a, const SurveyWave& b) { return a.week < b.week; });
    for (std::size_t i = 1; i < waves.size(); ++i)
      if (waves[i].week == waves[i - 1].week)
        rd.fail(survey, "survey", "two survey waves in week " + std::to_string(waves[i].week));
  }
  for (const auto& wv : waves) {
    if (wv.week >= e.settings.weeks) {
      e.notes.push_back("survey wave at week " + std::to_string(wv.week) + " lies after the last week (" +
                        std::to_string(e.settings.weeks - 1) + "); it is left out");
      continue;
    }
    e.settings.waves.push_back(wv);
    instruments.push_back(wv.instrument);
  }

  // Neighbourhoods.
  std::vector<NeighbourhoodSpec> nbs;
  std::vector<std::vector<Assignment>> nb_sets;
  std::vector<std::string> nb_where;  // "source:line" of each [[neighbourhood]] entry
  if (!epstein) {
    const toml::array* arr = root.get("neighbourhood") ? root.get("neighbourhood")->as_array() : nullptr;
    if (!arr || arr->empty())
      throw ConfigError(
          source +
          ": 'neighbourhood': no neighbourhoods; add at least one [[neighbourhood]] entry with name and residents");
    std::set<std::string> names;
    for (const auto& entry : *arr) {
      const toml::table& t = *entry.as_table();
      NeighbourhoodSpec nb;
      std::vector<Assignment> own;
      for (const auto& [k, node] : t) {
        if (k.str() == "name") {
          nb.name = string_value(rd, node, "neighbourhood.name");
          if (nb.name.empty()) rd.fail(&node, "neighbourhood.name", "expected a non-empty name");
        } else if (k.str() == "residents") {
          nb.residents = static_cast<std::uint32_t>(integer(rd, node, "neighbourhood.residents", 20, 200'000'000));
        } else if (const toml::table* sub = node.as_table()) {
          collect_params(rd, *sub, std::string(k.str()), own, true);
        } else {
          rd.fail(&node, "neighbourhood." + std::string(k.str()),
                  "unknown key in a [[neighbourhood]] entry; expected name, residents, or parameter tables such as "
                  "[neighbourhood.fear]");
        }
      }
      if (nb.name.empty()) rd.fail(&entry, "neighbourhood", "a [[neighbourhood]] entry needs a name");
      if (nb.residents == 0) rd.fail(&entry, "neighbourhood", "neighbourhood \"" + nb.name + "\" needs residents");
      if (!names.insert(nb.name).second)
        rd.fail(&entry, "neighbourhood.name", "two neighbourhoods are named \"" + nb.name + "\"");
      nbs.push_back(nb);
      nb_sets.push_back(own);
      nb_where.push_back(rd.where(&entry));
    }
  }

  // Scenarios.
  std::vector<ScenarioDraft> drafts;
  std::map<std::string, std::string> scenario_where;  // "source:line" of each [[scenario]] entry
  if (!epstein && root.get("scenario")) {
    std::set<std::string> names;
    for (const auto& entry : *root.get("scenario")->as_array()) {
      const toml::table& t = *entry.as_table();
      ScenarioDraft d;
      for (const auto& [k, node] : t) {
        const std::string key(k.str());
        if (key == "name") {
          d.name = string_value(rd, node, "scenario.name");
        } else if (key == "approaches") {
          const auto* list = node.as_array();
          if (!list)
            rd.fail(&node, "scenario.approaches", "expected an array of approach names, for example [\"vba\"]");
          for (const auto& x : *list) {
            const std::string a = string_value(rd, x, "scenario.approaches");
            const auto known = approach_names();
            if (std::find(known.begin(), known.end(), a) == known.end()) {
              std::string list_text;
              for (const auto& n : known) list_text += (list_text.empty() ? "" : ", ") + n;
              rd.fail(&x, "scenario.approaches",
                      "unknown approach \"" + a + "\"; " +
                          (known.empty() ? std::string("this version has no approach modules yet")
                                         : "known approaches: " + list_text));
            }
            d.approaches.push_back(a);
          }
        } else if (key == "set") {
          if (!node.is_table())
            rd.fail(&node, "scenario.set", "expected a table of dotted parameter names, [scenario.set]");
          collect_params(rd, *node.as_table(), "", d.set, false);
        } else {
          rd.fail(&node, "scenario." + key,
                  "unknown key in a [[scenario]] entry; expected name, approaches or [scenario.set]");
        }
      }
      if (d.name.empty()) rd.fail(&entry, "scenario", "a [[scenario]] entry needs a name");
      if (!names.insert(d.name).second) rd.fail(&entry, "scenario.name", "two scenarios are named \"" + d.name + "\"");
      scenario_where[d.name] = rd.where(&entry);
      drafts.push_back(d);
    }
  }
  if (drafts.empty()) drafts.push_back({stem, {}, {}});
  // Any run with an approach scenario also runs the baseline as the counterfactual.
  const bool has_approach =
      std::any_of(drafts.begin(), drafts.end(), [](const auto& d) { return !d.approaches.empty(); });
  const bool has_baseline =
      std::any_of(drafts.begin(), drafts.end(), [](const auto& d) { return d.name == "baseline"; });
  if (has_approach && !has_baseline) {
    drafts.insert(drafts.begin(), ScenarioDraft{"baseline", {}, {}});
    e.notes.push_back("added a \"baseline\" scenario as the counterfactual");
  }
  for (const SetItem& s : set_items) {
    if (s.scenario.empty()) {
      // Applied after the file: it replaces the value everywhere the file set it.
      assign(base_set, s.assignment);
      for (auto& own : nb_sets) unassign(own, s.assignment.id);
      for (auto& d : drafts) unassign(d.set, s.assignment.id);
      continue;
    }
    auto it = std::find_if(drafts.begin(), drafts.end(), [&](const auto& d) { return d.name == s.scenario; });
    if (it == drafts.end()) {
      std::string known;
      for (const auto& d : drafts) known += (known.empty() ? "\"" : ", \"") + d.name + "\"";
      throw ConfigError("--set " + s.item + ": no scenario is named \"" + s.scenario + "\"; the scenarios are " +
                        known);
    }
    assign(it->set, s.assignment);
  }
  apply_assignments(base, base_set);

  // Resolve every scenario.
  for (const ScenarioDraft& d : drafts) {
    ScenarioSpec s;
    s.name = d.name;
    s.approaches = d.approaches;
    s.params = base;
    apply_assignments(s.params, d.set);
    for (std::size_t i = 0; i < nbs.size(); ++i) {
      NeighbourhoodSpec nb = nbs[i];
      nb.params = base;
      apply_assignments(nb.params, nb_sets[i]);
      apply_assignments(nb.params, d.set);
      s.neighbourhoods.push_back(nb);
    }
    if (!epstein) {
      for (const std::string& note : window_notes(s, e.settings, file_weeks)) e.notes.push_back(note);
      for (const RuleViolation& v : validate_scenario(s, e.settings, file_weeks)) {
        const std::size_t nb = static_cast<std::size_t>(v.neighbourhood);
        std::string context = v.neighbourhood >= 0 ? "neighbourhood \"" + s.neighbourhoods[nb].name + "\": " : "";
        if (drafts.size() > 1) context = "scenario \"" + s.name + "\": " + context;
        // The location: where the value in force of the key was set, else the entry it concerns.
        std::string at;
        if (const auto id = find_param(v.key)) {
          const std::vector<Assignment> none;
          at = where_set(*id, {&base_set, v.neighbourhood >= 0 ? &nb_sets[nb] : &none, &d.set});
        } else if (const toml::node* n = root.get(v.key)) {
          at = rd.where(n);
        }
        if (at.empty() && v.neighbourhood >= 0) at = nb_where[nb];
        if (at.empty() && scenario_where.count(s.name)) at = scenario_where[s.name];
        if (at.empty()) at = source;
        throw ConfigError(at + ": " + context + (v.key.empty() ? "" : "'" + v.key + "': ") + v.message);
      }
    }
    e.scenarios.push_back(std::move(s));
  }
  if (epstein) {
    e.scenarios.front().neighbourhoods.clear();
    const auto errors = epstein_param_errors(e.scenarios.front().params);
    if (!errors.empty()) {
      std::string message;
      for (const auto& err : errors) message += (message.empty() ? "" : "\n") + source + ": " + err;
      throw ConfigError(message);
    }
  }

  std::vector<std::vector<std::pair<ParamId, double>>> nb_own(nbs.size());
  for (std::size_t i = 0; i < nbs.size(); ++i)
    for (const auto& a : nb_sets[i]) nb_own[i].emplace_back(a.id, a.value);
  e.resolved_toml = render(e, base, nb_own, drafts, instruments);
  for (const std::string_view name : kCommandTables)
    if (const toml::table* t = root[name].as_table()) {
      std::ostringstream o;
      o << toml::table{{name, *t}};
      e.resolved_toml += "\n" + o.str() + "\n";
    }
  e.document = std::make_shared<const toml::table>(std::move(root));
  return e;
}

void fail_at(const std::string& source, const toml::node* node, const std::string& key, const std::string& what) {
  Reader(source).fail(node, key, what);
}

ParamId param_named(const std::string& source, const toml::node* node, const std::string& dotted) {
  Reader(source).lookup(node, dotted);
  return *find_param(dotted);
}

Experiment load_file(const std::string& path, const Overrides& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError(path + ": cannot read the configuration file (" +
                      (std::filesystem::exists(path) ? "permission denied" : "no such file") + ")");
  std::ostringstream text;
  text << in.rdbuf();
  return load(text.str(), path, std::filesystem::path(path).stem().string(), overrides);
}

}  // namespace buurtsim::config
