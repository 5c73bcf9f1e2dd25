#pragma once
// What the commands do differently per model, keyed by the model's name: the models and what a
// configuration of each holds are registered in experiments/config/model_kind.hpp; this table
// adds, at the command line, how each is run and what `check` says of it. Every registered
// model has an entry (tests/experiments/cli/test_cli_options.cpp checks it).
#include <iosfwd>
#include <string>
#include <string_view>

#include "experiments/cli/commands/common.hpp"
#include "experiments/config/config.hpp"

namespace buurtsim::cli {

struct ModelCommands {
  std::string_view model;  // the model's name, as in model_kind.hpp
  // `buurtsim run`: simulates e and writes `output` (empty: results/<stem>.h5, set on return).
  // Called on every rank; returns this rank's exit status, on which `run` then agrees.
  int (*run)(const config::Experiment& e, std::string& output, const CommonOptions& common,
             const std::string& command_line) = nullptr;
  // `buurtsim check`: what it prints of the model after the configuration (the weekly schedule).
  void (*describe)(const config::Experiment& e, std::ostream& out) = nullptr;
  // `buurtsim check`'s time estimate: the agents of one run, each stepped once a week, and the
  // agent-weeks one core steps per second (bench/RESULTS.md; conservative).
  double (*agents)(const config::Experiment& e) = nullptr;
  double agent_weeks_per_core_second = 1;
  // Whether experiments/runner/memory_estimate.hpp describes its runs (the memory check before
  // a run, and `check`'s estimate).
  bool estimates_memory = false;
};

// The entry of `model`; throws std::logic_error for a model without one.
const ModelCommands& model_commands(std::string_view model);

// `buurtsim run` of the neighbourhood model (run.cpp): the runs spread over threads and MPI
// ranks; rank 0 writes the file and prints the tables.
int run_neighbourhood_model(const config::Experiment& e, std::string& output, const CommonOptions& common,
                            const std::string& command_line);

}  // namespace buurtsim::cli
