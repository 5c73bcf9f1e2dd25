#pragma once
// The subcommands of `buurtsim` (docs/usage.md, "Commands"). Each returns the exit status:
// 0 success, 1 a failure while running, 2 bad usage or bad input, 130 interrupted.
#include <string>
#include <vector>

namespace buurtsim::cli {

inline constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitInterrupted = 130;

int cmd_run(const std::vector<std::string>& args, const std::string& command_line);
int cmd_sweep(const std::vector<std::string>& args, const std::string& command_line);
int cmd_params(const std::vector<std::string>& args);
int cmd_check(const std::vector<std::string>& args);
int cmd_calibrate(const std::vector<std::string>& args, const std::string& command_line);
int cmd_fit(const std::vector<std::string>& args, const std::string& command_line);
int cmd_sensitivity(const std::vector<std::string>& args);
int cmd_init(const std::vector<std::string>& args);
int cmd_neighbourhood(const std::vector<std::string>& args);
int cmd_export(const std::vector<std::string>& args);

}  // namespace buurtsim::cli
