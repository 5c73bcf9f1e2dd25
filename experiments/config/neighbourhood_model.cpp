// model = "buurtsim": the neighbourhood model (docs/odd.md). Besides the structural keys and
// the parameter tables its file has [survey] waves, [[neighbourhood]] and [[scenario]] entries,
// and the [sweep] and [calibration] tables of the commands that vary its parameters
// (docs/usage.md, "Configuration files").
#include <algorithm>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>

#include "experiments/config/budget_section.hpp"
#include "experiments/config/calibration_section.hpp"
#include "experiments/config/model_kind.hpp"
#include "experiments/config/report_section.hpp"
#include "experiments/config/sweep_section.hpp"
#include "experiments/config/uncertainty.hpp"
#include "model/approach.hpp"
#include "model/validate.hpp"

namespace buurtsim::config {
namespace {

constexpr std::string_view kInstruments[] = {"IVM", "VM2012", "VM2021", "buurtpeiling"};

// --- [survey]: the waves (its other keys are survey parameters) -------------------------------

std::vector<std::string> read_instruments(const Reader& rd, const toml::node* n) {
  std::vector<std::string> list;
  if (!n) return list;
  auto check = [&](const toml::node& x) {
    const std::string s = string_value(rd, x, "survey.instrument");
    if (std::find(std::begin(kInstruments), std::end(kInstruments), s) == std::end(kInstruments))
      rd.fail(&x, "survey.instrument",
              "expected \"IVM\", \"VM2012\", \"VM2021\" or \"buurtpeiling\", got \"" + s + "\"");
    list.push_back(s);
  };
  if (const auto* arr = n->as_array()) {
    for (const auto& x : *arr) check(x);
  } else {
    check(*n);
  }
  return list;
}

// The waves of survey.weeks and survey.dates in file order (instruments not yet assigned).
std::vector<SurveyWave> read_wave_weeks(const Draft& d, const toml::table& survey) {
  const Reader& rd = d.rd;
  std::vector<SurveyWave> waves;
  auto add_wave = [&](int week, const toml::node* n, const std::string& key) {
    if (week < 0)
      rd.fail(n, key, "a survey wave lies before week 0 (start_date " + d.e.settings.start_date.str() + ")");
    waves.push_back({week, ""});
  };
  if (const auto* n = survey.get("weeks")) {
    const auto* arr = n->as_array();
    if (!arr) rd.fail(n, "survey.weeks", "expected an array of week numbers, for example [52, 104]");
    for (const auto& x : *arr) add_wave(static_cast<int>(integer(rd, x, "survey.weeks", 0, 30000)), &x, "survey.weeks");
  }
  if (const auto* n = survey.get("dates")) {
    const auto* arr = n->as_array();
    if (!arr) rd.fail(n, "survey.dates", "expected an array of dates, for example [\"2021-10-15\"]");
    for (const auto& x : *arr) {
      const std::string s = string_value(rd, x, "survey.dates");
      Date date;
      if (!Date::parse(s, date)) rd.fail(&x, "survey.dates", "expected a date YYYY-MM-DD, got \"" + s + "\"");
      const std::int64_t diff = date.days() - d.e.settings.start_date.days();
      add_wave(diff < 0 ? -1 : static_cast<int>(diff / 7), &x, "survey.dates");
    }
  }
  return waves;
}

// The waves in week order, each with its instrument; a wave after the last week is left out
// with a note.
void read_survey(Draft& d, const toml::node* node) {
  std::vector<SurveyWave> waves;
  if (const toml::table* survey = node ? node->as_table() : nullptr) {
    const std::vector<std::string> instruments = read_instruments(d.rd, survey->get("instrument"));
    waves = read_wave_weeks(d, *survey);
    if (!instruments.empty() && instruments.size() != 1 && instruments.size() != waves.size())
      d.rd.fail(survey->get("instrument"), "survey.instrument",
                "expected one instrument, or one per wave (" + std::to_string(waves.size()) + ")");
    for (std::size_t i = 0; i < waves.size(); ++i)
      waves[i].instrument = instruments.empty() ? "VM2021" : instruments[instruments.size() == 1 ? 0 : i];
    std::stable_sort(waves.begin(), waves.end(),
                     [](const SurveyWave& a, const SurveyWave& b) { return a.week < b.week; });
    for (std::size_t i = 1; i < waves.size(); ++i)
      if (waves[i].week == waves[i - 1].week)
        d.rd.fail(survey, "survey", "two survey waves in week " + std::to_string(waves[i].week));
  }
  for (const auto& wave : waves) {
    if (wave.week >= d.e.settings.weeks) {
      d.e.notes.push_back("survey wave at week " + std::to_string(wave.week) + " lies after the last week (" +
                          std::to_string(d.e.settings.weeks - 1) + "); it is left out");
      continue;
    }
    d.e.settings.waves.push_back(wave);
  }
}

void render_survey(const Draft& d, const toml::node*, std::ostream& o) {
  const auto& waves = d.e.settings.waves;
  o << "weeks = [";
  for (std::size_t i = 0; i < waves.size(); ++i) o << (i ? ", " : "") << waves[i].week;
  o << "]\ninstrument = [";
  for (std::size_t i = 0; i < waves.size(); ++i) o << (i ? ", " : "") << quoted(waves[i].instrument);
  o << "]\n";
}

// --- [[neighbourhood]] ------------------------------------------------------------------------

NeighbourhoodDraft read_neighbourhood(const Reader& rd, const toml::node& entry) {
  NeighbourhoodDraft nb;
  for (const auto& [k, node] : *entry.as_table()) {
    if (k.str() == "name") {
      nb.spec.name = string_value(rd, node, "neighbourhood.name");
      if (nb.spec.name.empty()) rd.fail(&node, "neighbourhood.name", "expected a non-empty name");
    } else if (k.str() == "residents") {
      nb.spec.residents = static_cast<std::uint32_t>(integer(rd, node, "neighbourhood.residents", 20, 200'000'000));
    } else if (k.str() == "world") {
      nb.world = string_value(rd, node, "neighbourhood.world");
      if (nb.world.empty()) rd.fail(&node, "neighbourhood.world", "expected a non-empty label");
    } else if (const toml::table* sub = node.as_table()) {
      collect_params(rd, *sub, std::string(k.str()), nb.own, true);
    } else {
      rd.fail(&node, "neighbourhood." + std::string(k.str()),
              "unknown key in a [[neighbourhood]] entry; expected name, residents, world, or parameter tables such "
              "as [neighbourhood.fear]");
    }
  }
  if (nb.spec.name.empty()) rd.fail(&entry, "neighbourhood", "a [[neighbourhood]] entry needs a name");
  if (nb.spec.residents == 0)
    rd.fail(&entry, "neighbourhood", "neighbourhood \"" + nb.spec.name + "\" needs residents");
  nb.where = rd.where(&entry);
  return nb;
}

void read_neighbourhoods(Draft& d, const toml::node* node) {
  const toml::array* arr = node ? node->as_array() : nullptr;
  if (!arr || arr->empty())
    throw ConfigError(
        d.rd.source() +
        ": 'neighbourhood': no neighbourhoods; add at least one [[neighbourhood]] entry with name and residents");
  std::set<std::string> names, worlds_done;
  d.e.world_starts.clear();
  d.e.world_names.clear();
  for (const auto& entry : *arr) {
    NeighbourhoodDraft nb = read_neighbourhood(d.rd, entry);
    if (!names.insert(nb.spec.name).second)
      d.rd.fail(&entry, "neighbourhood.name", "two neighbourhoods are named \"" + nb.spec.name + "\"");
    // Worlds: runs of neighbourhoods with the same label, each label one run.
    if (d.e.world_names.empty() || nb.world != d.e.world_names.back()) {
      if (!worlds_done.insert(nb.world).second)
        d.rd.fail(&entry, "neighbourhood.world",
                  nb.world.empty()
                      ? std::string("a neighbourhood without a world among neighbourhoods with one; give "
                                    "every neighbourhood a world, or none")
                      : "the neighbourhoods of world \"" + nb.world + "\" must follow each other; list them together");
      d.e.world_starts.push_back(d.neighbourhoods.size());
      d.e.world_names.push_back(nb.world);
    }
    d.neighbourhoods.push_back(std::move(nb));
  }
  for (std::size_t k = 0; d.e.world_names.size() > 1 && k < d.e.world_names.size(); ++k)
    if (d.e.world_names[k].empty())
      d.rd.fail(&(*arr)[d.e.world_starts[k]], "neighbourhood.world",
                "a neighbourhood without a world among neighbourhoods with one; give every neighbourhood a world, "
                "or none");
}

void render_neighbourhoods(const Draft& d, const toml::node*, std::ostream& o) {
  for (const NeighbourhoodDraft& nb : d.neighbourhoods) {
    o << "\n[[neighbourhood]]\nname = " << quoted(nb.spec.name) << "\nresidents = " << nb.spec.residents << "\n";
    if (!nb.world.empty()) o << "world = " << quoted(nb.world) << "\n";
    for (const Assignment& a : nb.own) o << param(a.id).name << " = " << toml_value(param(a.id), a.value) << "\n";
  }
}

// --- [[scenario]] -------------------------------------------------------------------------------

std::vector<std::string> read_approaches(const Reader& rd, const toml::node& node) {
  const auto* list = node.as_array();
  if (!list) rd.fail(&node, "scenario.approaches", "expected an array of approach names, for example [\"vba\"]");
  std::vector<std::string> approaches;
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
    approaches.push_back(a);
  }
  return approaches;
}

ScenarioDraft read_scenario(const Reader& rd, const toml::node& entry) {
  ScenarioDraft s;
  for (const auto& [k, node] : *entry.as_table()) {
    const std::string key(k.str());
    if (key == "name") {
      s.name = string_value(rd, node, "scenario.name");
    } else if (key == "approaches") {
      s.approaches = read_approaches(rd, node);
    } else if (key == "set") {
      if (!node.is_table())
        rd.fail(&node, "scenario.set", "expected a table of dotted parameter names, [scenario.set]");
      collect_params(rd, *node.as_table(), "", s.set, false);
    } else {
      rd.fail(&node, "scenario." + key,
              "unknown key in a [[scenario]] entry; expected name, approaches or [scenario.set]");
    }
  }
  if (s.name.empty()) rd.fail(&entry, "scenario", "a [[scenario]] entry needs a name");
  s.where = rd.where(&entry);
  return s;
}

// The entries in file order; any run with an approach scenario also runs the baseline as the
// counterfactual, added first when the file has none.
void read_scenarios(Draft& d, const toml::node* node) {
  if (!node) return;
  std::set<std::string> names;
  for (const auto& entry : *node->as_array()) {
    ScenarioDraft s = read_scenario(d.rd, entry);
    if (!names.insert(s.name).second) d.rd.fail(&entry, "scenario.name", "two scenarios are named \"" + s.name + "\"");
    d.scenarios.push_back(std::move(s));
  }
  const auto& all = d.scenarios;
  const bool has_approach = std::any_of(all.begin(), all.end(), [](const auto& s) { return !s.approaches.empty(); });
  const bool has_baseline = std::any_of(all.begin(), all.end(), [](const auto& s) { return s.name == "baseline"; });
  if (has_approach && !has_baseline) {
    d.scenarios.insert(d.scenarios.begin(), ScenarioDraft{"baseline", {}, {}, ""});
    d.e.notes.push_back("added a \"baseline\" scenario as the counterfactual");
  }
}

void render_scenarios(const Draft& d, const toml::node*, std::ostream& o) {
  for (std::size_t k = 0; k < d.scenarios.size(); ++k) {
    const ScenarioDraft& s = d.scenarios[k];
    // An approach whose window starts after the last week of this run (cut off by --weeks) does
    // nothing; it is left out, so that the stored configuration reloads and reruns exactly.
    std::vector<std::string> acting;
    std::string left_out;
    for (const std::string& a : s.approaches) {
      if (approach_registry().count(a) && read_levers(d.e.scenarios[k].params, a).start_week >= d.e.settings.weeks)
        left_out += "# " + a + " is left out: its window starts after the last recorded week of this run (week " +
                    std::to_string(d.e.settings.weeks - 1) + ")\n";
      else
        acting.push_back(a);
    }
    // Approach names in double quotes (std::quoted), as resolved configurations have them.
    o << "\n[[scenario]]\nname = " << quoted(s.name) << "\n" << left_out << "approaches = [";
    for (std::size_t i = 0; i < acting.size(); ++i) o << (i ? ", " : "") << std::quoted(acting[i]);
    o << "]\n";
    if (!s.set.empty()) {
      o << "[scenario.set]\n";
      for (const auto& a : s.set)
        o << quoted(std::string(param(a.id).name)) << " = " << toml_value(param(a.id), a.value) << "\n";
    }
  }
}

// --- [sweep] and [calibration], read once the scenarios are resolved -----------------------------

void read_sweep_section(Draft& d, const toml::node* node) {
  if (node) d.e.sweep = sweep::read_sweep(d.e, *node->as_table());
}

void read_calibration_section(Draft& d, const toml::node* node) {
  if (node) d.e.calibration = calibration::read_settings(d.e, *node->as_table());
}

// Also without a table: --uncertainty and --posterior set the mode. The parameters a
// neighbourhood entry, a scenario or a --set gives a value are held (uncertainty_spec.hpp).
void read_uncertainty_section(Draft& d, const toml::node* node) {
  std::vector<ParamId> configured;
  for (const NeighbourhoodDraft& nb : d.neighbourhoods)
    for (const Assignment& a : nb.own) configured.push_back(a.id);
  for (const ScenarioDraft& sc : d.scenarios)
    for (const Assignment& a : sc.set) configured.push_back(a.id);
  for (const Assignment& a : d.base_set)
    if (a.where.rfind("--set", 0) == 0) configured.push_back(a.id);
  d.e.uncertainty = uncertainty::read_spec(d.e, node ? node->as_table() : nullptr, d.options, std::move(configured));
}

// --- checks of the resolved scenarios -----------------------------------------------------------

// A broken rule located where the value in force of its key was set, else at the entry it
// concerns, else at the file.
[[noreturn]] void fail_rule(const Draft& d, std::size_t k, const RuleViolation& v) {
  const ScenarioSpec& s = d.e.scenarios[k];
  const ScenarioDraft& draft = d.scenarios[k];
  const std::size_t nb = static_cast<std::size_t>(v.neighbourhood);
  std::string context = v.neighbourhood >= 0 ? "neighbourhood \"" + s.neighbourhoods[nb].name + "\": " : "";
  if (d.scenarios.size() > 1) context = "scenario \"" + s.name + "\": " + context;
  std::string at;
  if (const auto id = find_param(v.key)) {
    const std::vector<Assignment> none;
    at = where_set(*id, {&d.base_set, v.neighbourhood >= 0 ? &d.neighbourhoods[nb].own : &none, &draft.set});
  } else if (v.key == "weeks" && d.e.settings.weeks != d.file_weeks) {
    at = "--weeks " + std::to_string(d.e.settings.weeks);  // the option replaced the file's value
  } else if (const toml::node* n = d.root.get(v.key)) {
    at = d.rd.where(n);
  }
  if (at.empty() && v.neighbourhood >= 0) at = d.neighbourhoods[nb].where;
  if (at.empty()) at = draft.where;
  if (at.empty()) at = d.rd.source();
  throw ConfigError(at + ": " + context + (v.key.empty() ? "" : "'" + v.key + "': ") + v.message);
}

void validate(Draft& d) {
  apply_budget(d);
  for (std::size_t k = 0; k < d.e.scenarios.size(); ++k) {
    const ScenarioSpec& s = d.e.scenarios[k];
    for (const std::string& note : window_notes(s, d.e.settings, d.file_weeks)) d.e.notes.push_back(note);
    const std::vector<RuleViolation> broken = validate_scenario(s, d.e.settings, d.file_weeks);
    if (!broken.empty()) fail_rule(d, k, broken.front());
  }
}

}  // namespace

const ModelKind& neighbourhood_model() {
  static const ModelKind kind{
      .name = "buurtsim",
      .default_burn_in_weeks = 104,
      .parameter_groups = {},
      .example_group = "fear",
      .sections =
          {
              {.key = "survey",
               .form = SectionForm::InParameterTable,
               .keys = {"weeks", "dates", "instrument"},
               .read = read_survey,
               .render = render_survey},
              {.key = "neighbourhood",
               .form = SectionForm::ArrayOfTables,
               .read = read_neighbourhoods,
               .render = render_neighbourhoods},
              {.key = "scenario",
               .form = SectionForm::ArrayOfTables,
               .read = read_scenarios,
               .render = render_scenarios},
              {.key = "budget", .read = read_budget, .render = render_budget},
              {.key = "sweep",
               .stage = SectionStage::AfterResolution,
               .read = read_sweep_section,
               .render = [](const Draft&, const toml::node* n, std::ostream& o) { render_verbatim("sweep", n, o); }},
              {.key = "calibration",
               .stage = SectionStage::AfterResolution,
               .read = read_calibration_section,
               .render = [](const Draft&, const toml::node* n,
                            std::ostream& o) { render_verbatim("calibration", n, o); }},
              {.key = "uncertainty",
               .stage = SectionStage::AfterResolution,
               .read = read_uncertainty_section,
               .render = [](const Draft& d, const toml::node*,
                            std::ostream& o) { o << uncertainty::render(d.e.uncertainty); }},
              {.key = "report",
               .read = read_report_section,
               .render = [](const Draft&, const toml::node* n, std::ostream& o) { render_verbatim("report", n, o); }},
          },
      .validate = validate,
  };
  return kind;
}

}  // namespace buurtsim::config
