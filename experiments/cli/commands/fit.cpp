// buurtsim fit CONFIG.toml --data FIGURES.csv [-o FIT.h5] [--write-config OUT.toml] [options]
//
// A buurt's survey levels in one step (docs/calibration.md, "Your survey levels in one step"):
// each indicator in the data picks the survey-level parameter that sets its level, the
// emulator fits them all, and the command writes the calibration file (`run --posterior` draws
// from it) and, with --write-config, the configuration with the fitted values. It says what it
// could not fit and why.
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "experiments/cli/commands/calibrate_emulator.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/config/calibration_section.hpp"
#include "experiments/io/observed_csv.hpp"
#include "experiments/io/text_file.hpp"
#include "experiments/runner/tasks.hpp"
#include "model/outcomes.hpp"
#include "model/params.hpp"

namespace buurtsim::cli {
namespace {

namespace cal = calibration;

// The survey-level (or response-model) parameter that sets each indicator's level, and the
// prior range the fit searches (docs/calibration.md, "Which parameter each target moves" gives
// the reasons; the ranges are wide enough for Dutch neighbourhoods, an assumption).
struct Lever {
  const char* indicator;
  const char* parameter;
  double lo, hi;
};
constexpr Lever kLevers[] = {
    {"unsafe_sometimes_pct", "fear.offset", -3.5, 0.5},
    {"unsafe_often_pct", "fear.often_threshold", 0.5, 3.0},
    {"safety_rating", "survey.rating_intercept", 5.0, 9.0},
    {"trust_police_mean", "trust.police_baseline", 3.0, 9.0},
    {"cohesion_mean", "cohesion.scale_intercept", 0.5, 5.5},
    {"active_pct", "participation.cost", 2.0, 6.0},
    {"victimised_12m_pct", "offending.offender_rate", 0.2, 3.0},
    {"police_no_judgement_pct", "survey.no_judgement_intercept", -3.0, 3.0},
    {"police_satisfied_pct", "survey.satisfied_threshold", 4.0, 9.0},
    {"contact_police_12m_pct", "police.stop_rate", 0.0005, 0.02},
    {"disorder_high_pct", "disorder.high_threshold", 0.2, 5.0},
    {"nuisance_high_pct", "exposure.nuisance_high_threshold", 0.1, 3.0},
    {"traffic_high_pct", "traffic.high_threshold", 0.3, 5.0},
    {"police_visible_often_pct", "survey.visible_often_threshold", 0.02, 0.6},
    {"awareness_pct", "awareness.forgetting", 0.001, 0.05},
};

const Lever* lever_of(const std::string& indicator) {
  for (const Lever& l : kLevers)
    if (indicator == l.indicator) return &l;
  return nullptr;
}

std::string fmt(double v, int precision = 4) {
  std::ostringstream o;
  o.precision(precision);
  o << v;
  return o.str();
}

// The [calibration] table for the data's indicators; `unfitted` gets the indicators without a
// lever.
std::string calibration_table(const cal::ObservedData& data, std::vector<std::string>& unfitted) {
  std::set<std::string> neighbourhoods, indicators;
  for (const auto& r : data.rows) {
    neighbourhoods.insert(r.neighbourhood);
    indicators.insert(r.indicator);
  }
  std::ostringstream t;
  t << "\n[calibration]\nmethod = \"emulator\"\n";
  for (const std::string& ind : indicators) {
    const Lever* l = lever_of(ind);
    if (!l) {
      unfitted.push_back(ind);
      t << "[[calibration.ignore]]\nindicator = \"" << ind << "\"\n";
      continue;
    }
    const ParamSpec& spec = param(*find_param(l->parameter));
    const bool per_neighbourhood = neighbourhoods.size() > 1 && spec.scope == ParamScope::Neighbourhood;
    for (const std::string& nb : neighbourhoods) {
      t << "[[calibration.parameter]]\nname = \"" << l->parameter << "\"\nmin = " << l->lo << "\nmax = " << l->hi
        << "\n";
      if (!per_neighbourhood) break;
      t << "neighbourhood = \"" << nb << "\"\n";
    }
  }
  return t.str();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config::ConfigError(path + ": cannot read the configuration");
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

// The configuration with the fitted values: global parameters in their group's table,
// neighbourhood parameters in each [[neighbourhood]] (or the one they were fitted for).
std::string fitted_config(const std::string& text, const std::string& source, const cal::Calibration& c,
                          const cal::Summary& s, const std::string& fit_file) {
  toml::table t = toml::parse(text, source);
  t.erase("calibration");
  // The fit held every parameter it did not fit at its central value. Drawing those from their
  // declared distributions in the run would move the survey levels away from the figures just
  // fitted (by more than their sampling error), so the run carries the fit's uncertainty only.
  if (!t["uncertainty"].is_table()) t.insert_or_assign("uncertainty", toml::table{});
  t["uncertainty"].as_table()->insert_or_assign("parameters", "none");
  for (std::size_t k = 0; k < c.settings.parameters.size(); ++k) {
    const auto& ep = c.settings.parameters[k];
    const std::string dotted(param(ep.id).name);
    const std::string group = dotted.substr(0, dotted.find('.')), name = dotted.substr(dotted.find('.') + 1);
    const auto set_in = [&](toml::table& tbl) {
      if (!tbl[group].is_table()) tbl.insert_or_assign(group, toml::table{});
      tbl[group].as_table()->insert_or_assign(name, s.mean[k]);
    };
    if (param(ep.id).scope == ParamScope::Neighbourhood) {
      toml::array* nbs = t["neighbourhood"].as_array();
      for (std::size_t i = 0; nbs && i < nbs->size(); ++i)
        if (ep.neighbourhood < 0 || static_cast<std::size_t>(ep.neighbourhood) == i)
          if (toml::table* nb = nbs->get(i)->as_table()) set_in(*nb);
    } else {
      set_in(t);
    }
  }
  std::ostringstream o;
  o << "# Written by `buurtsim fit` from " << source << " and " << c.data.path << ": the survey-level\n"
    << "# parameters fitted to the data, at their posterior means (the fit's uncertainty is in " << fit_file << ";\n"
    << "# `buurtsim run THIS.toml --posterior " << fit_file << "` carries it into a run). The original's comments are\n"
    << "# not kept. [uncertainty] parameters = \"none\": the fit held the model's other parameters at their\n"
    << "# central values, and drawing them in a run would move the buurt's levels away from its figures\n"
    << "# (docs/calibration.md, \"Your survey levels in one step\").\n";
  for (std::size_t k = 0; k < c.settings.parameters.size(); ++k)
    o << "#   " << c.settings.parameters[k].label << " = " << fmt(s.mean[k]) << "  (90% interval " << fmt(s.lo[k])
      << " to " << fmt(s.hi[k]) << ")\n";
  o << "\n" << toml::toml_formatter(t) << "\n";
  return o.str();
}

// What the fit could not do, in words (rank 0).
std::vector<std::string> not_fitted(const EmulatorOutcome& r, const std::vector<std::string>& unfitted) {
  std::vector<std::string> out;
  for (const auto& ind : unfitted)
    out.push_back(ind + ": no survey-level parameter sets its level in the model, so it is not fitted (left out)");
  const auto& c = r.c;
  for (std::size_t i = 0; i < c.problem.targets.size(); ++i) {
    const cal::Target& t = c.problem.targets[i];
    const cal::Observation& ob = c.data.rows[t.row];
    const double se = r.predictive.scale[i];
    const std::string what =
        ob.indicator + " " + ob.period + " (line " + std::to_string(t.line) + ", " + fmt(t.value) + ")";
    const bool left_out = std::find(r.fit.left_out.begin(), r.fit.left_out.end(), i) != r.fit.left_out.end();
    (void)se;
    if (left_out)
      out.push_back(what + ": outside the range the model reaches over the fitted parameters' ranges (" +
                    fmt(r.fit.range_lo[i]) + " to " + fmt(r.fit.range_hi[i]) + "), so left out of the fit");
    else if (r.predictive.misfit[i])
      out.push_back(what + ": not reproduced; its predictive interval [" + fmt(r.predictive.lo[i]) + ", " +
                    fmt(r.predictive.hi[i]) +
                    "] leaves it out (another figure pulls the same parameter elsewhere, "
                    "or the model does not make this change between waves)");
  }
  for (const auto& reason : r.convergence.reasons) out.push_back("the fit: " + reason);
  return out;
}

}  // namespace

int cmd_fit(const std::vector<std::string>& args, const std::string& command_line) {
  const auto started = std::chrono::steady_clock::now();
  CommonOptions common;
  std::string config_path, output, data_path, write_config;
  bool help = false;
  po::options_description desc(
      "buurtsim fit CONFIG.toml --data FIGURES.csv [-o FIT.h5] [--write-config OUT.toml] [options]\n\n"
      "Fits the survey-level parameters of CONFIG's buurt(en) to their own survey figures (one parameter per\n"
      "indicator; the emulator of docs/calibration.md), writes the calibration file (run --posterior draws\n"
      "from it) and, with --write-config, the configuration with the fitted values. Says what it could not fit.\n\n"
      "Options");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "data", po::value<std::string>(&data_path),
      "survey figures (CSV: neighbourhood,period,indicator,value,n[,se][,source])")(
      "output,o", po::value<std::string>(&output), "calibration file (HDF5; default results/<config-stem>.h5)")(
      "write-config", po::value<std::string>(&write_config), "write the configuration with the fitted values here")(
      "config", po::value<std::string>(&config_path), "configuration file (TOML)");
  add_common_options(desc, common);
  po::positional_options_description pos;
  pos.add("config", 1);
  po::variables_map vm;
  const bool root = dist::is_root();
  if (!parse_args(args, desc, pos, vm)) return dist::agree(kExitUsage);
  if (help) {
    if (root) std::cout << desc << "\n";
    return dist::agree(kExitOk);
  }
  auto usage = [&](const std::string& message) {
    if (root) std::cerr << "buurtsim: " << message << "\n";
    return dist::agree(kExitUsage);
  };
  if (config_path.empty()) return usage("fit needs the buurt's configuration file (see --help)");
  if (data_path.empty()) return usage("fit needs --data FIGURES.csv, the buurt's survey figures (see --help)");

  cal::Calibration c;
  std::string text;
  std::vector<std::string> unfitted;
  int status = kExitOk;
  try {
    check_common_options(common);
    text = read_text(config_path);
    const std::string stem = std::filesystem::path(config_path).stem().string();
    cal::ObservedData data = cal::load_observed(data_path);
    config::Experiment e = config::load(text, config_path, stem, overrides_of(common));
    if (!e.calibration)
      e = config::load(text + calibration_table(data, unfitted), config_path, stem, overrides_of(common));
    c = cal::prepare(std::move(e), std::move(data));
    c.settings.method = cal::Method::Emulator;
  } catch (const std::exception& err) {  // config::ConfigError, cal::DataError
    if (root) std::cerr << "buurtsim: " << err.what() << "\n";
    status = kExitUsage;
  }
  if ((status = dist::agree(status)) != kExitOk) return status;
  if (output.empty()) output = "results/" + c.experiment.stem + ".h5";
  const std::string fit_file = output;
  return calibrate_by_emulator(c, output, common, command_line, started, [&](const EmulatorOutcome& r) {
    const auto problems = not_fitted(r, unfitted);
    if (problems.empty()) {
      std::cout << "Every figure is fitted within its sampling error.\n";
    } else {
      std::cout << "What could not be fitted, and why:\n";
      for (const auto& p : problems) std::cout << "  - " << p << "\n";
    }
    if (write_config.empty()) return true;
    try {
      io::write_text_whole(write_config, fitted_config(text, config_path, r.c, r.summary, fit_file));
      std::cout << "configuration with the fitted values written to " << write_config << "\n";
    } catch (const std::exception& err) {
      std::cerr << "buurtsim: --write-config: " << err.what() << "\n";
      return false;
    }
    return true;
  });
}

}  // namespace buurtsim::cli
