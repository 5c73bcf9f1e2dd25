#include "experiments/cli/commands/report_beside.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

#include "build_info.hpp"

extern char** environ;

namespace buurtsim::cli {

void write_report_beside(const std::string& results) {
  const char* override_script = std::getenv("BUURTSIM_REPORT_SCRIPT");
  const std::string script =
      override_script ? override_script : std::string(build_info::kSourceDir) + "/analysis/report.py";
  const std::string python = "/usr/bin/python3";
  const std::string how = python + " analysis/report.py " + results;
  if (!std::filesystem::exists(script) || !std::filesystem::exists(python)) {
    std::cerr << "note: no report made: " << (std::filesystem::exists(python) ? script : python)
              << " is not there; make it with `" << how << "`\n";
    return;
  }
  std::vector<std::string> args = {python, script, results};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  pid_t pid = 0;
  int status = 0;
  if (posix_spawn(&pid, python.c_str(), nullptr, nullptr, argv.data(), environ) != 0 || waitpid(pid, &status, 0) < 0 ||
      !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    std::cerr << "note: the report could not be made (the results are complete); try `" << how << "`\n";
}

}  // namespace buurtsim::cli
