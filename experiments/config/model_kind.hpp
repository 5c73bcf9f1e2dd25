#pragma once
// The models a configuration can name (`model = "..."`) and what each brings to the loader: the
// top-level sections it reads besides the structural keys and the parameter tables (each with
// its reader and its part of the resolved configuration), the parameter groups that apply to
// it, its default burn-in and the checks of its resolved scenarios. The loader (config.cpp)
// walks the sections of the named model and holds no knowledge of any one model.
//
// The registered models: the neighbourhood model "buurtsim" (neighbourhood_model.cpp; the
// default) and Epstein's civil violence model "epstein2002" (epstein_model.cpp). What the
// commands do differently per model (running, `check`'s schedule and estimate) is registered
// by model name at the command line (experiments/cli/commands/model_commands.hpp).
#include <toml++/toml.h>

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/config/reader.hpp"

namespace buurtsim::config {

struct ModelKind;

// A [[neighbourhood]] entry as read, before the scenarios are resolved.
struct NeighbourhoodDraft {
  NeighbourhoodSpec spec;       // name and residents
  std::vector<Assignment> own;  // its own parameter values
  std::string where;            // "source:line" of the entry
  std::string world;            // its world's label ("" : the one world of a file without labels)
};

// A scenario as read: from a [[scenario]] entry, or the one scenario of a file without any.
struct ScenarioDraft {
  std::string name;
  std::vector<std::string> approaches;
  std::vector<Assignment> set;  // [scenario.set], then --set scenario.NAME.KEY=VALUE
  std::string where;            // "source:line" of the entry (empty when not from the file)
};

// An experiment while it is read: the file, the experiment so far, and the assignments its
// scenarios are resolved from (the top-level tables, a neighbourhood's own values, a
// scenario's set, in that order of precedence).
struct Draft {
  Draft(const Reader& reader, const toml::table& document, Experiment& experiment, const ModelKind& kind)
      : rd(reader), root(document), e(experiment), model(kind) {}

  const Reader& rd;
  const toml::table& root;
  Experiment& e;
  const ModelKind& model;
  int file_weeks = 0;  // the weeks of the file, before --weeks
  Overrides options;   // the command-line settings
  Params base;         // every scenario's starting point, once base_set is applied
  std::vector<Assignment> base_set;
  std::vector<NeighbourhoodDraft> neighbourhoods;
  std::vector<ScenarioDraft> scenarios;
};

// How a section appears in the file.
enum class SectionForm {
  Table,             // [key]
  ArrayOfTables,     // [[key]] entries
  InParameterTable,  // keys of the parameter table [key] (Section::keys); its other keys are parameters
};

// When a section is read.
enum class SectionStage {
  BeforeResolution,  // adds to the draft: settings, neighbourhoods, scenarios
  AfterResolution,   // reads with the resolved and checked scenarios into the experiment (sweep, calibration)
};

// One top-level section a model reads.
struct Section {
  std::string_view key;
  SectionForm form = SectionForm::Table;
  std::vector<std::string_view> keys = {};  // InParameterTable: the keys the section reads
  SectionStage stage = SectionStage::BeforeResolution;
  // Reads the section; `node` is the file's value (of the checked form), or nullptr when the
  // file has none.
  void (*read)(Draft& d, const toml::node* node) = nullptr;
  // Writes its part of the resolved configuration (an InParameterTable section's right after
  // the table's header); nullptr: nothing.
  void (*render)(const Draft& d, const toml::node* node, std::ostream& out) = nullptr;
};

struct ModelKind {
  std::string_view name;  // the value of `model`
  int default_burn_in_weeks = 0;
  // The parameter groups that apply to the model; empty: every group no other model names.
  std::vector<std::string_view> parameter_groups = {};
  std::string_view example_group;      // named in messages: "a parameter table such as [fear]"
  std::vector<Section> sections = {};  // read in this order within each stage
  // Checks the resolved scenarios (d.e.scenarios, in the order of d.scenarios) and adds the
  // notes the user should know; throws ConfigError.
  void (*validate)(Draft& d) = nullptr;

  const Section* section(std::string_view key) const;
};

// The registered models; the first is the default.
const std::vector<const ModelKind*>& model_kinds();
// The model named `name`, or nullptr.
const ModelKind* find_model_kind(std::string_view name);
// Whether the parameters of `group` apply to `model`.
bool applies(const ModelKind& model, std::string_view group);
// The models that read the section `key`, or to which the parameters of `group` apply, as
// `model = "a"` (or `model = "a" or model = "b"`), for messages.
std::string models_reading(std::string_view key);
std::string models_taking_group(std::string_view group);
// Whether the model named `model` reads the section `key`.
bool model_reads(std::string_view model, std::string_view key);

// The registered models' definitions.
const ModelKind& neighbourhood_model();
const ModelKind& epstein_model();

// The part of the resolved configuration of a section copied as the file has it (with an empty
// line before and after), so that reloading gives the same section.
void render_verbatim(std::string_view key, const toml::node* node, std::ostream& out);

}  // namespace buurtsim::config
