// buurtsim check CONFIG.toml: validate, print the resolved configuration, the weekly schedule,
// the number of runs and an estimate of the time; run nothing.
#include <iostream>
#include <thread>

#include "experiments/analysis/design.hpp"
#include "experiments/analysis/sweep_sensitivity.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/cli/commands/memory_check.hpp"
#include "experiments/cli/commands/model_commands.hpp"
#include "experiments/config/sweep_section.hpp"
#include "experiments/runner/sweep_point.hpp"

namespace buurtsim::cli {

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
  add_budget_options(desc, common);
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
  const ModelCommands& model = model_commands(e.model);
  if (model.describe) model.describe(e, std::cout);
  double work = model.agents(e) * (e.settings.weeks + e.settings.burn_in_weeks) * static_cast<double>(e.runs());
  if (e.sweep) {  // `buurtsim sweep` runs every run at every design point
    try {
      const sweep::Design d = sweep::make_sweep_design(*e.sweep);
      for (std::size_t point = 0; point < d.points; ++point) (void)sweep::experiment_at(e, d, point);
      std::cout << "# sweep: " << d.points << " design points (" << sweep::design_name(e.sweep->design.kind) << ", "
                << d.parameters.size() << " parameters), each with every run below\n";
      work *= static_cast<double>(d.points);
      if (e.sweep->design.kind == sweep::DesignKind::Saltelli &&
          static_cast<std::size_t>(e.sweep->design.samples) < sweep::kMinDesignUnits)
        std::cout << "# note: samples = " << e.sweep->design.samples << " base samples is too few for Sobol indices: "
                  << "`buurtsim sensitivity` refuses fewer than " << sweep::kMinDesignUnits
                  << " (--allow-small computes them, flagged; docs/sensitivity.md, \"Design size\")\n";
    } catch (const std::exception& err) {
      std::cerr << "buurtsim: " << err.what() << "\n";
      return kExitUsage;
    }
  }
  const unsigned cores =
      common.threads > 0 ? static_cast<unsigned>(common.threads) : std::max(1u, std::thread::hardware_concurrency());
  std::cout << "# " << e.scenarios.size() << " scenario(s) x " << e.replicates << " replicate(s) = " << e.runs()
            << " run(s) of " << e.settings.burn_in_weeks << " + " << e.settings.weeks << " weeks\n";
  std::cout << "# estimated time on " << cores << " core(s): about "
            << static_cast<long>(work / (model.agent_weeks_per_core_second * cores) + 1) << " s\n";
  if (model.estimates_memory) std::cout << memory_line(e, common, e.sweep ? run::Weekly::held : run::Weekly::streamed);
  return kExitOk;
}

}  // namespace buurtsim::cli
