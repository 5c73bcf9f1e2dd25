// buurtsim: the command-line program (docs/usage.md, "Commands").
#include <tbb/global_control.h>

#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "build_info.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/tasks.hpp"

namespace {

constexpr const char* kUsage =
    "buurtsim: agent-based simulation of Dutch neighbourhood safety approaches\n\n"
    "Usage:\n"
    "  buurtsim run         [CONFIG.toml] [-o OUT.h5] [--resume | --restart] [common options]\n"
    "  buurtsim sweep       CONFIG.toml   [-o OUT.h5] [--resume | --restart] [common options]\n"
    "  buurtsim calibrate   CONFIG.toml   --data OBSERVED.csv [-o OUT.h5] [--resume | --restart] [common options]\n"
    "  buurtsim fit         CONFIG.toml   --data FIGURES.csv [-o FIT.h5] [--write-config OUT.toml] [common options]\n"
    "  buurtsim sensitivity SWEEP.h5      (indices from a finished sweep, written into that file)\n"
    "  buurtsim export      FILE.h5       [-o DIR] [--format csv] [--force]   (tidy tables of a results file)\n"
    "  buurtsim params      [--format text|markdown|csv] [--outcomes]\n"
    "  buurtsim check       CONFIG.toml   (validate and print the resolved configuration; run nothing)\n"
    "  buurtsim init        [--neighbourhood NAME=RESIDENTS ...] [-o CONFIG.toml]  (a configuration for your buurt)\n"
    "  buurtsim neighbourhood --cbs KWB.csv --code CODE [--code ...] [-o FILE.toml]  (neighbourhoods from CBS)\n"
    "  buurtsim --help | --version | COMMAND --help\n\n"
    "Common options: --seed N, --replicates R, --weeks W, --threads T, --set KEY=VALUE, --scenario NAME, --interval P, "
    "--quiet, --no-report, --force\n"
    "Exit status: 0 success, 1 failure while running, 2 bad usage or input, 130 interrupted.\n";

int dispatch(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? buurtsim::cli::kExitUsage : buurtsim::cli::kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "buurtsim " << buurtsim::build_info::kVersion << " (source revision "
              << buurtsim::build_info::kRevision << ")\n";
    return buurtsim::cli::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "run") return buurtsim::cli::cmd_run(args, command_line);
  if (command == "sweep") return buurtsim::cli::cmd_sweep(args, command_line);
  if (command == "params") return buurtsim::cli::cmd_params(args);
  if (command == "check") return buurtsim::cli::cmd_check(args);
  if (command == "calibrate") return buurtsim::cli::cmd_calibrate(args, command_line);
  if (command == "fit") return buurtsim::cli::cmd_fit(args, command_line);
  if (command == "sensitivity") return buurtsim::cli::cmd_sensitivity(args);
  if (command == "init") return buurtsim::cli::cmd_init(args);
  if (command == "neighbourhood") return buurtsim::cli::cmd_neighbourhood(args);
  if (command == "export") return buurtsim::cli::cmd_export(args);
  std::cerr << "buurtsim: unknown command '" << command
            << "'; expected run, sweep, calibrate, fit, sensitivity, export, params, check, init or neighbourhood "
               "(see --help)\n";
  return buurtsim::cli::kExitUsage;
}

// Earlier still than main: the program's .preinit_array runs once the dynamic loader has mapped
// and relocated the libraries, before any library's constructors (OpenMPI's, TBB's, libstdc++'s)
// and the program's own static initialisers, which take milliseconds. The loader's own work comes
// before it; bin/buurtsim (cli/launcher.cpp) holds SIGINT and SIGTERM blocked over that, and
// installing the handlers unblocks them (docs/reliability.md).
void install_handlers_early(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  buurtsim::run::install_interrupt_handlers();
}
[[gnu::section(".preinit_array"), gnu::used]] void (*const kInstallHandlersEarly)(int, char**,
                                                                                  char**) = install_handlers_early;

}  // namespace

int main(int argc, char** argv) {
  // First of all (again: installing them is idempotent): a SIGINT/SIGTERM in the first
  // milliseconds (while MPI starts, a config is read or a journal replayed) is honoured at the
  // command's first safe point, never the default action's exit 143; docs/reliability.md.
  buurtsim::run::install_interrupt_handlers();
  buurtsim::files::test_pause_at("start", buurtsim::run::interrupted);
  buurtsim::h5::no_cleanup_at_exit();  // before any HDF5 call: exit 1 after a failed write, not a crash
  // Hold the scheduler so that worker threads are joined before exit (clean under valgrind).
  tbb::task_scheduler_handle handle{tbb::attach{}};
  buurtsim::dist::init(argc, argv);
  int status = buurtsim::cli::kExitFailure;
  try {
    status = dispatch(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "buurtsim: out of memory; fewer replicates, weeks or residents need less (`buurtsim check` "
                 "estimates it)\n";
  } catch (const std::exception& e) {
    std::cerr << "buurtsim: internal error: " << e.what() << "\n";
  }
  buurtsim::dist::finalize();
  tbb::finalize(handle, std::nothrow);
  return status;
}
