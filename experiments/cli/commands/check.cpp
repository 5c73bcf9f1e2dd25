// buurtsim check CONFIG.toml: validate, print the resolved configuration, the weekly schedule,
// the number of runs and an estimate of the time; run nothing.
#include <algorithm>
#include <iostream>
#include <set>
#include <string_view>
#include <thread>

#include "experiments/analysis/design.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/runner/sweep_point.hpp"
#include "model/approach_module.hpp"
#include "model/epstein/epstein.hpp"
#include "model/schedule.hpp"

namespace buurtsim::cli {

// Throughput assumed for the time estimate, resident-weeks per second per core, from
// bench/RESULTS.md (a conservative figure for the full model).
constexpr double kResidentWeeksPerCoreSecond = 2.5e6;
constexpr double kEpsteinAgentStepsPerCoreSecond = 2.0e6;

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

}  // namespace

int cmd_check(const std::vector<std::string>& args) {
  CommonOptions common;
  std::string config_path;
  bool help = false;
  po::options_description desc(
      "buurtsim check CONFIG.toml [options]\n\n"
      "Validates CONFIG, prints the resolved configuration, the weekly schedule, the number of\n"
      "runs and an estimate of the time. Runs nothing.\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")("config", po::value<std::string>(&config_path),
                                                                         "configuration file");
  add_common_options(desc, common);
  po::positional_options_description pos;
  pos.add("config", 1);
  po::variables_map vm;
  if (!parse_args(args, desc, pos, vm)) return kExitUsage;
  if (help) {
    std::cout << desc << "\n";
    return kExitOk;
  }
  if (config_path.empty()) {
    std::cerr << "buurtsim check: expected a CONFIG.toml to check (see --help)\n";
    return kExitUsage;
  }
  config::Experiment e;
  try {
    check_common_options(common);
    e = load_experiment(config_path, common);
  } catch (const config::ConfigError& err) {
    std::cerr << "buurtsim: " << err.what() << "\n";
    return kExitUsage;
  }
  std::cout << e.resolved_toml << "\n";
  for (const auto& note : e.notes) std::cout << "# note: " << note << "\n";
  if (e.model == "buurtsim") {
    std::cout << "# Weekly schedule (docs/odd.md section 3):\n";
    int step = 0;
    for (const PhaseInfo& p : weekly_schedule()) {
      std::cout << "#  " << step++ << ". " << p.name << ": " << p.does << "\n";
      const std::string hooked = approaches_hooking(e, p.phase);
      if (!hooked.empty())
        std::cout << "#     " << (p.hooks == HookAt::Before ? "before it" : "after it") << ", the hooks of " << hooked
                  << "\n";
    }
  }
  // Agents per run: residents, or for the Epstein model citizens and cops.
  double agents = 0, rate = kResidentWeeksPerCoreSecond;
  if (e.model == "buurtsim") {
    agents = static_cast<double>(e.scenarios.front().residents());
  } else {
    const EpsteinConfig ep = EpsteinConfig::from_params(e.scenarios.front().params);
    agents = static_cast<double>(ep.citizens() + ep.initial_cops());
    rate = kEpsteinAgentStepsPerCoreSecond;
  }
  double work = agents * (e.settings.weeks + e.settings.burn_in_weeks) * static_cast<double>(e.runs());
  if (e.table("sweep")) {  // `buurtsim sweep` runs every run at every design point
    try {
      const sweep::SweepSpec spec = sweep::read_sweep(e);
      const sweep::Design d = sweep::make_sweep_design(spec);
      for (std::size_t point = 0; point < d.points; ++point) (void)sweep::experiment_at(e, d, point);
      std::cout << "# sweep: " << d.points << " design points (" << sweep::design_name(spec.design.kind) << ", "
                << d.parameters.size() << " parameters), each with every run below\n";
      work *= static_cast<double>(d.points);
    } catch (const std::exception& err) {
      std::cerr << "buurtsim: " << err.what() << "\n";
      return kExitUsage;
    }
  }
  const unsigned cores =
      common.threads > 0 ? static_cast<unsigned>(common.threads) : std::max(1u, std::thread::hardware_concurrency());
  std::cout << "# " << e.scenarios.size() << " scenario(s) x " << e.replicates << " replicate(s) = " << e.runs()
            << " run(s) of " << e.settings.burn_in_weeks << " + " << e.settings.weeks << " weeks\n";
  std::cout << "# estimated time on " << cores << " core(s): about " << static_cast<long>(work / (rate * cores) + 1)
            << " s\n";
  return kExitOk;
}

}  // namespace buurtsim::cli
