#include "experiments/cli/commands/model_commands.hpp"

#include <algorithm>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/run_epstein.hpp"
#include "experiments/runner/tasks.hpp"
#include "model/approach_module.hpp"
#include "model/epstein/epstein.hpp"
#include "model/schedule.hpp"

namespace buurtsim::cli {
namespace {

// The approaches of e's scenarios that act in the hooks of `phase`, as "a, b", or "".
std::string approaches_hooking(const config::Experiment& e, Phase phase) {
  std::set<std::string_view> used;
  for (const ScenarioSpec& s : e.scenarios) used.insert(s.approaches.begin(), s.approaches.end());
  std::string out;
  for (const ApproachModule& m : approach_modules())
    if (used.count(m.name) && std::find(m.hooks.begin(), m.hooks.end(), phase) != m.hooks.end())
      out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}

// The table Simulation::step walks (model/schedule.hpp), with the configuration's approaches
// under the phases whose hooks they act in.
void print_schedule(const config::Experiment& e, std::ostream& out) {
  out << "# Weekly schedule (docs/odd.md section 3):\n";
  int step = 0;
  for (const PhaseInfo& p : weekly_schedule()) {
    out << "#  " << step++ << ". " << p.name << ": " << p.does << "\n";
    const std::string hooked = approaches_hooking(e, p.phase);
    if (!hooked.empty())
      out << "#     " << (p.hooks == HookAt::Before ? "before it" : "after it") << ", the hooks of " << hooked << "\n";
  }
}

double residents(const config::Experiment& e) { return static_cast<double>(e.scenarios.front().residents()); }

// Small: rank 0 runs it alone.
int run_epstein_on_root(const config::Experiment& e, std::string& output, const CommonOptions& common,
                        const std::string& command_line) {
  if (output.empty()) output = "results/" + e.stem + ".h5";  // as open_output defaults it
  return dist::is_root() ? run_epstein(e, output, common, command_line) : kExitOk;
}

double citizens_and_cops(const config::Experiment& e) {
  const EpsteinConfig ep = EpsteinConfig::from_params(e.scenarios.front().params);
  return static_cast<double>(ep.citizens() + ep.initial_cops());
}

const ModelCommands kModels[] = {
    {.model = "buurtsim",
     .run = run_neighbourhood_model,
     .describe = print_schedule,
     .agents = residents,
     .agent_weeks_per_core_second = 2.5e6,
     .estimates_memory = true},
    {.model = "epstein2002",
     .run = run_epstein_on_root,
     .describe = nullptr,
     .agents = citizens_and_cops,
     .agent_weeks_per_core_second = 2.0e6},
};

}  // namespace

const ModelCommands& model_commands(std::string_view model) {
  for (const ModelCommands& m : kModels)
    if (m.model == model) return m;
  throw std::logic_error("no commands are registered for model \"" + std::string(model) + "\"");
}

}  // namespace buurtsim::cli
