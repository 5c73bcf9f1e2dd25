// The loader: the structural keys, the parameter tables and --set are the same for every
// model; everything else in a file is a section of its model (model_kind.hpp), read in the
// model's order: the sections that make the draft, then the scenarios are resolved and checked,
// then the sections that read the resolved experiment.
#include "experiments/config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments/config/model_kind.hpp"
#include "experiments/config/number_habits.hpp"
#include "experiments/config/plain_text.hpp"
#include "experiments/config/reader.hpp"
#include "experiments/config/set_option.hpp"
#include "model/params.hpp"

namespace buurtsim::config {
namespace {

constexpr std::string_view kStructuralKeys[] = {"model", "weeks",      "burn_in_weeks", "replicates",
                                                "seed",  "start_date", "description"};

bool structural(std::string_view key) {
  return std::find(std::begin(kStructuralKeys), std::end(kStructuralKeys), key) != std::end(kStructuralKeys);
}

toml::table parse_document(const std::string& text, const std::string& source) {
  if (const auto why = not_plain_text(text, true)) throw ConfigError(source + ": not a TOML text file: " + *why);
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& err) {
    std::ostringstream m;
    m << source << ":" << err.source().begin.line << ": not valid TOML: " << err.description();
    std::istringstream lines(text);
    std::string line;
    for (toml::source_index i = 0; i < err.source().begin.line && std::getline(lines, line); ++i) {
    }
    m << number_habit_hint_for_line(line);
    throw ConfigError(m.str());
  }
}

// The model the file names (the first registered one when it names none).
const ModelKind& read_model(const Reader& rd, const toml::table& root) {
  const toml::node* n = root.get("model");
  if (!n) return *model_kinds().front();
  const std::string name = string_value(rd, *n, "model");
  if (const ModelKind* kind = find_model_kind(name)) return *kind;
  std::string names;
  for (std::size_t i = 0; i < model_kinds().size(); ++i)
    names += (i == 0                          ? ""
              : i + 1 == model_kinds().size() ? " or "
                                              : ", ") +
             std::string("\"") + std::string(model_kinds()[i]->name) + "\"";
  rd.fail(n, "model", "expected " + names + ", got \"" + name + "\"");
}

// weeks, burn_in_weeks (default: the model's), replicates, seed, start_date.
void read_structural_keys(Draft& d) {
  const Reader& rd = d.rd;
  RunSettings& s = d.e.settings;
  if (const auto* n = d.root.get("weeks")) s.weeks = static_cast<int>(integer(rd, *n, "weeks", 1, 30000));
  s.burn_in_weeks = d.model.default_burn_in_weeks;
  if (const auto* n = d.root.get("burn_in_weeks"))
    s.burn_in_weeks = static_cast<int>(integer(rd, *n, "burn_in_weeks", 0, 30000));
  if (const auto* n = d.root.get("replicates"))
    d.e.replicates = static_cast<int>(integer(rd, *n, "replicates", 1, 65535));
  if (const auto* n = d.root.get("seed")) s.seed = static_cast<std::uint64_t>(integer(rd, *n, "seed", 0, INT64_MAX));
  s.start_date = Date{2020, 1, 6};
  if (const auto* n = d.root.get("start_date")) {
    const std::string text = string_value(rd, *n, "start_date");
    if (!Date::parse(text, s.start_date)) rd.fail(n, "start_date", "expected a date YYYY-MM-DD, got \"" + text + "\"");
  }
  d.file_weeks = d.e.file_weeks = s.weeks;
}

// --seed, --replicates, --weeks: they replace the file's values.
void apply_options(Draft& d, const Overrides& ov) {
  if (ov.seed) {
    if (*ov.seed > static_cast<std::uint64_t>(INT64_MAX))
      throw ConfigError("--seed: expected a whole number from 0 to " + std::to_string(INT64_MAX));
    d.e.settings.seed = *ov.seed;
  }
  if (ov.replicates) {
    if (*ov.replicates < 1 || *ov.replicates > 65535)
      throw ConfigError("--replicates: expected a whole number from 1 to 65535");
    d.e.replicates = *ov.replicates;
  }
  if (ov.weeks) {
    if (*ov.weeks < 1 || *ov.weeks > 30000) throw ConfigError("--weeks: expected a whole number from 1 to 30000");
    d.e.settings.weeks = *ov.weeks;
  }
  const bool budget_option = ov.budget_basis || ov.funding || ov.cost_per_year || ov.hours_per_year;
  if (budget_option && !d.model.section("budget"))
    throw ConfigError("--budget, --cost-per-year, --hours-per-year and --funding apply only to " +
                      models_reading("budget"));
}

// A section of the file's model: its value must have the section's form.
void check_form(const Reader& rd, const Section& section, const toml::node& node, const std::string& key) {
  if (section.form == SectionForm::Table && !node.is_table()) rd.fail(&node, key, "expected a table [" + key + "]");
  if (section.form == SectionForm::ArrayOfTables && !node.is_array_of_tables())
    rd.fail(&node, key, "expected [[" + key + "]] entries (an array of tables)");
}

// A parameter table [group]: its parameters join the top-level assignments.
void read_parameter_table(Draft& d, const toml::node& node, const std::string& key) {
  const Reader& rd = d.rd;
  const toml::table* t = node.as_table();
  if (!t) {
    std::string expected;
    for (const std::string_view k : kStructuralKeys) expected += (expected.empty() ? "" : ", ") + std::string(k);
    for (const Section& s : d.model.sections)
      if (s.form == SectionForm::Table) expected += ", [" + std::string(s.key) + "]";
    rd.fail(&node, key,
            "unknown top-level key; expected one of " + expected + ", or a parameter table such as [" +
                std::string(d.model.example_group) + "]");
  }
  const bool known_group =
      std::any_of(all_params().begin(), all_params().end(), [&](const ParamSpec& s) { return group_of(s) == key; });
  if (!known_group) rd.fail(&node, key, "unknown parameter table (`buurtsim params` lists the parameters by table)");
  if (!applies(d.model, key)) rd.fail(&node, key, "[" + key + "] parameters apply only to " + models_taking_group(key));
  std::span<const std::string_view> section_keys;  // left to the section that shares the table
  if (const Section* s = d.model.section(key); s && s->form == SectionForm::InParameterTable) section_keys = s->keys;
  collect_params(rd, *t, key, d.base_set, false, section_keys);
}

// Whether another model reads `key` as a section of its own (not as keys of a parameter table).
bool section_of_another_model(std::string_view key) {
  return std::any_of(model_kinds().begin(), model_kinds().end(), [&](const ModelKind* m) {
    const Section* s = m->section(key);
    return s && s->form != SectionForm::InParameterTable;
  });
}

// The closed schema of the top level: structural keys, the sections of the model and parameter
// tables; the parameter tables are read now, the sections later (read_sections).
void read_top_level(Draft& d) {
  for (const auto& [k, node] : d.root) {
    const std::string key(k.str());
    if (structural(key)) continue;
    const Section* section = d.model.section(key);
    if (section && section->form != SectionForm::InParameterTable) {
      check_form(d.rd, *section, node, key);
      continue;
    }
    if (!section && section_of_another_model(key))
      d.rd.fail(&node, key, "is not used by model = \"" + std::string(d.model.name) + "\"");
    read_parameter_table(d, node, key);
  }
}

// One --set KEY=VALUE, checked when the file is read and applied after it.
struct SetItem {
  std::string scenario;  // empty: every scenario
  std::string item;
  Assignment assignment;
};

// KEY and VALUE of --set KEY=VALUE.
std::pair<std::string, std::string> split_set(const std::string& item) {
  // A line break (or another control character) would end the TOML value early and drop the rest
  // without a word; the item is shown with it escaped.
  if (std::any_of(item.begin(), item.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    throw ConfigError("--set " + printable(item) +
                      ": a line break or control character in the value; give one KEY=VALUE per --set");
  const auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("--set " + item + ": expected KEY=VALUE, for example --set fear.offset=-1.2");
  return {item.substr(0, eq), item.substr(eq + 1)};
}

// Whether --set KEY=VALUE replaces a value of the document (set_option.hpp) rather than a parameter.
bool sets_document_key(const ModelKind& model, const std::string& key, const std::string& item) {
  if (key == "model")
    throw ConfigError("--set " + item + ": the model is the file's (`model = ...`); choose another configuration");
  return structural(key) || sets_document(model, key);
}

SetItem parse_set(const Draft& d, const std::string& item) {
  auto [key, value] = split_set(item);
  std::string scenario;
  if (key.rfind("scenario.", 0) == 0) {
    const std::string rest = key.substr(9);
    const auto dot = rest.find('.');
    if (dot == std::string::npos) throw ConfigError("--set " + item + ": expected scenario.NAME.KEY=VALUE");
    scenario = rest.substr(0, dot);
    key = rest.substr(dot + 1);
    if (scenario.empty() || key.empty())
      throw ConfigError("--set " + item + ": expected scenario.NAME.KEY=VALUE with a scenario's name and a key");
  }
  const toml::table parsed = parse_set_value(value, item);
  const Reader set_reader("--set " + item, false);
  const ParamSpec& spec = set_reader.lookup(nullptr, key);
  const double v = set_reader.param_value(spec, *parsed.get("v"), key);
  if (!applies(d.model, group_of(spec)))
    throw ConfigError("--set " + item + ": '" + key + "' does not apply to model = \"" + d.e.model + "\"");
  return {scenario, item, {*find_param(key), v, "--set " + item}};
}

// Reads the sections of the model's `stage`, in the model's order.
void read_sections(Draft& d, SectionStage stage) {
  for (const Section& s : d.model.sections)
    if (s.stage == stage) s.read(d, d.root.get(s.key));
}

// --set after the whole file: a global one wins over the file's top-level, neighbourhood and
// [scenario.set] values; a scenario.NAME.KEY one is that scenario's last word.
void apply_sets(Draft& d, const std::vector<SetItem>& items) {
  for (const SetItem& s : items) {
    if (s.scenario.empty()) {
      assign(d.base_set, s.assignment);
      for (auto& nb : d.neighbourhoods) unassign(nb.own, s.assignment.id);
      for (auto& sc : d.scenarios) unassign(sc.set, s.assignment.id);
      continue;
    }
    auto it =
        std::find_if(d.scenarios.begin(), d.scenarios.end(), [&](const auto& sc) { return sc.name == s.scenario; });
    if (it == d.scenarios.end()) {
      std::string known;
      for (const auto& sc : d.scenarios) known += (known.empty() ? "\"" : ", \"") + sc.name + "\"";
      throw ConfigError("--set " + s.item + ": no scenario is named \"" + s.scenario + "\"; the scenarios are " +
                        known);
    }
    assign(it->set, s.assignment);
  }
}

// --scenario: the chosen scenarios in file order, and the baseline with any that has approaches.
void select_scenarios(Draft& d, const std::vector<std::string>& chosen) {
  if (chosen.empty()) return;
  auto named = [&](const std::string& name) { return std::find(chosen.begin(), chosen.end(), name) != chosen.end(); };
  for (const std::string& name : chosen)
    if (std::none_of(d.scenarios.begin(), d.scenarios.end(), [&](const auto& sc) { return sc.name == name; })) {
      std::string known;
      for (const auto& sc : d.scenarios) known += (known.empty() ? "\"" : ", \"") + sc.name + "\"";
      throw ConfigError("--scenario " + name + ": no scenario is named \"" + name + "\"; the scenarios are " + known);
    }
  const bool with_approaches = std::any_of(d.scenarios.begin(), d.scenarios.end(),
                                           [&](const auto& sc) { return named(sc.name) && !sc.approaches.empty(); });
  std::vector<ScenarioDraft> kept;
  for (ScenarioDraft& sc : d.scenarios) {
    const bool counterfactual = with_approaches && sc.name == "baseline";
    if (!named(sc.name) && !counterfactual) continue;
    if (!named(sc.name)) d.e.notes.push_back("kept the \"baseline\" scenario as the counterfactual of the comparison");
    kept.push_back(std::move(sc));
  }
  d.scenarios = std::move(kept);
}

// Every scenario with every parameter at its value: the top level, then a neighbourhood's own
// values, then the scenario's set.
void resolve_scenarios(Draft& d) {
  apply_assignments(d.base, d.base_set);
  for (const ScenarioDraft& draft : d.scenarios) {
    ScenarioSpec s;
    s.name = draft.name;
    s.approaches = draft.approaches;
    s.params = d.base;
    apply_assignments(s.params, draft.set);
    for (const NeighbourhoodDraft& nb_draft : d.neighbourhoods) {
      NeighbourhoodSpec nb = nb_draft.spec;
      nb.params = d.base;
      apply_assignments(nb.params, nb_draft.own);
      apply_assignments(nb.params, draft.set);
      s.neighbourhoods.push_back(std::move(nb));
    }
    d.e.scenarios.push_back(std::move(s));
  }
}

// The resolved configuration as TOML: reloading it reproduces the experiment exactly.
std::string render(const Draft& d) {
  const Experiment& e = d.e;
  std::ostringstream o;
  o << "# Resolved buurtsim configuration (every parameter at its value)\n";
  o << "model = " << quoted(e.model) << "\n";
  o << "weeks = " << e.settings.weeks << "\nburn_in_weeks = " << e.settings.burn_in_weeks << "\n";
  o << "replicates = " << e.replicates << "\nseed = " << e.settings.seed << "\n";
  o << "start_date = " << quoted(e.settings.start_date.str()) << "\n";
  std::string_view group;
  for (const ParamSpec& spec : all_params()) {
    const std::string_view g = group_of(spec);
    if (!applies(d.model, g)) continue;
    if (g != group) {
      o << "\n[" << g << "]\n";
      group = g;
      const Section* s = d.model.section(g);
      if (s && s->form == SectionForm::InParameterTable && s->render) s->render(d, d.root.get(g), o);
    }
    o << spec.name.substr(spec.name.find('.') + 1) << " = " << toml_value(spec, spec.get(d.base)) << "\n";
  }
  for (const Section& s : d.model.sections)
    if (s.form != SectionForm::InParameterTable && s.render) s.render(d, d.root.get(s.key), o);
  return o.str();
}

}  // namespace

Experiment load(const std::string& text, const std::string& source, const std::string& stem, const Overrides& ov) {
  const Reader rd(source, true, text);
  toml::table root = parse_document(text, source);
  const ModelKind& model = read_model(rd, root);
  std::vector<std::string> parameter_sets;
  for (const std::string& item : ov.sets) {
    const auto [key, value] = split_set(item);
    if (sets_document_key(model, key, item))
      set_in_document(root, key, value, item);
    else
      parameter_sets.push_back(item);
  }
  Experiment e;
  e.model = model.name;
  e.source = source;
  e.stem = stem;
  Draft d(rd, root, e, model);
  d.options = ov;
  read_structural_keys(d);
  apply_options(d, ov);
  read_top_level(d);
  std::vector<SetItem> sets;
  for (const std::string& item : parameter_sets) sets.push_back(parse_set(d, item));

  read_sections(d, SectionStage::BeforeResolution);
  if (d.scenarios.empty()) d.scenarios.push_back({stem, {}, {}, ""});
  apply_sets(d, sets);
  select_scenarios(d, ov.scenarios);
  resolve_scenarios(d);
  if (model.validate) model.validate(d);
  read_sections(d, SectionStage::AfterResolution);
  if ((ov.uncertainty || ov.posterior) && !model.section("uncertainty"))
    throw ConfigError(std::string(ov.uncertainty ? "--uncertainty" : "--posterior") +
                      ": parameter uncertainty is for " + models_reading("uncertainty"));
  e.resolved_toml = render(d);
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
