#pragma once
// Writes a run's results in the layout of a run file, documented dataset by dataset in
// docs/results.md.
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/analysis/run_results.hpp"
#include "experiments/analysis/run_tables.hpp"
#include "experiments/io/hdf5/h5.hpp"

namespace buurtsim::run {

struct Provenance {
  std::string version, revision, created, command_line;
};

// Writes a run's results and the tables computed from them (experiments/analysis/run_tables.hpp).
void write_run(h5::File& file, const config::Experiment& e, const RunResults& r, const RunTables& t,
               const Provenance& p);

// The current time in UTC, ISO 8601 (the `created` attribute).
std::string utc_now();

// Labels shared by the writers of every kind of results file.
std::vector<std::int32_t> iota_int(std::size_t n);
std::vector<std::string> scenario_names(const config::Experiment& e);
std::vector<std::string> neighbourhood_names(const config::Experiment& e);
// The dimensions scenario, replicate and neighbourhood of a run file's group `g`.
void write_run_dims(h5::Group& g, const config::Experiment& e, std::size_t replicates);

// The `week` dimension scale (0, 1, ..., weeks - 1) and beside it `date(week)`, each week's first
// day as a CF time coordinate (days since start_date, proleptic Gregorian), which xarray decodes
// to datetimes. Outcomes over `week` name it in their `coordinates` attribute (kWeekCoordinates).
void write_week_dim(h5::Group& g, const config::Experiment& e, std::size_t weeks);
inline constexpr const char* kWeekCoordinates = "date";

// The attributes every outcome dataset carries beside units and long_name, from the outcome's
// declaration (model/outcomes.def): kind, pooling ("sum" or "mean"), key (1 or 0), better and order.
void describe_outcome(h5::Dataset& d, const OutcomeInfo& info);

// Root attributes shared by every kind of results file.
void write_provenance(h5::Group& root, const std::string& kind, const config::Experiment& e, const Provenance& p);

}  // namespace buurtsim::run
