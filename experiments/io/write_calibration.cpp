#include "experiments/io/write_calibration.hpp"

#include <cmath>
#include <numeric>

#include "model/outcomes.hpp"

namespace buurtsim::calibration {
namespace {

std::vector<std::int32_t> iota_int(std::size_t n) {
  std::vector<std::int32_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

std::vector<std::string> labels(const Calibration& c) {
  std::vector<std::string> v;
  for (const auto& p : c.settings.parameters) v.push_back(p.label);
  return v;
}

void parameter_dim(h5::Group& g, const Calibration& c) {
  g.write_dim("parameter", labels(c),
              "estimated parameter (dotted name; name@neighbourhood for one neighbourhood's value)");
}

}  // namespace

void write_calibration(h5::File& file, const Calibration& c, const Result& r, const std::optional<Summary>& summary,
                       const std::optional<Predictive>& predictive, const run::Provenance& p, const Timing& t,
                       double level) {
  h5::Group root = file.root();
  run::write_provenance(root, "calibration", c.experiment, p);
  root.set_attr("scenario", c.experiment.scenarios[c.settings.scenario].name);
  root.set_attr("start_date", c.experiment.settings.start_date.str());
  root.set_attr("burn_in_weeks", static_cast<std::int64_t>(c.experiment.settings.burn_in_weeks));
  root.set_attr("data_file", c.data.path);
  root.set_attr("data_csv", c.data.text);
  root.set_attr("interval_level", level);
  root.set_attr("stop_reason", describe(r.stop));
  root.set_attr("complete", static_cast<std::int64_t>(predictive ? 1 : 0));
  root.set_attr("seconds", t.seconds);
  root.set_attr("simulation_seconds", t.simulation_seconds);
  root.set_attr("threads", static_cast<std::int64_t>(t.threads));
  root.set_attr("ranks", static_cast<std::int64_t>(t.ranks));
  std::string gen_seconds;
  for (const auto& g : r.generations) gen_seconds += (gen_seconds.empty() ? "" : ",") + std::to_string(g.seconds);
  root.set_attr("generation_seconds", gen_seconds);

  const std::size_t np = c.settings.parameters.size();
  // Prior.
  {
    h5::Group g = root.group("prior");
    parameter_dim(g, c);
    std::vector<double> lo, hi, sd;
    std::vector<std::string> status, unit;
    for (const auto& ep : c.settings.parameters) {
      lo.push_back(ep.lo);
      hi.push_back(ep.hi);
      sd.push_back(uniform_sd(ep.lo, ep.hi));
      status.emplace_back(to_string(ep.status));
      unit.emplace_back(param(ep.id).unit);
    }
    g.write("lo", std::span<const double>(lo), {"parameter"}, "parameter unit (see unit)",
            "lower bound of the uniform prior");
    g.write("hi", std::span<const double>(hi), {"parameter"}, "parameter unit (see unit)",
            "upper bound of the uniform prior");
    g.write("sd", std::span<const double>(sd), {"parameter"}, "parameter unit (see unit)",
            "standard deviation of the uniform prior");
    g.write_strings("status", status, "parameter",
                    "calibration status in the parameter registry (docs/odd.md section 14)");
    g.write_strings("unit", unit, "parameter", "unit of the parameter");
  }
  if (r.generations.empty() || !summary) return;
  const Generation& post = r.generations.back();
  const auto n = static_cast<std::size_t>(post.theta.rows());
  // Posterior.
  {
    h5::Group g = root.group("posterior");
    g.set_attr("generation", static_cast<std::int64_t>(post.index));
    const auto particles = iota_int(n);
    g.write_dim("particle", std::span<const std::int32_t>(particles), "1",
                "particle number (lowest-numbered accepted proposals first)");
    parameter_dim(g, c);
    std::vector<double> samples(n * np);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < np; ++k)
        samples[i * np + k] = post.theta(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k));
    g.write("samples", std::span<const double>(samples), {"particle", "parameter"}, "parameter unit (see /prior/unit)",
            "parameter values of the posterior particles (the last generation)");
    g.write("weights", std::span<const double>(post.weights), {"particle"}, "1",
            "normalised importance weight of each particle");
    g.write(
        "distance", std::span<const double>(post.distances), {"particle"}, "1",
        "distance of each particle's simulation to the data (weighted root mean square of standardised discrepancies)");
  }
  // Generations.
  {
    h5::Group g = root.group("generation");
    const auto gens = iota_int(r.generations.size());
    g.write_dim("generation", std::span<const std::int32_t>(gens), "1", "ABC-SMC generation (0: the prior sample)");
    std::vector<double> tol, acc, ess;
    std::vector<std::int64_t> proposals, invalid;
    for (const auto& x : r.generations) {
      tol.push_back(x.tolerance);
      acc.push_back(x.acceptance_rate);
      ess.push_back(x.ess);
      proposals.push_back(static_cast<std::int64_t>(x.proposals));
      invalid.push_back(static_cast<std::int64_t>(x.invalid));
    }
    g.write("tolerance", std::span<const double>(tol), {"generation"}, "1",
            "tolerance on the distance (generation 0: the largest distance of the prior sample)");
    g.write("acceptance_rate", std::span<const double>(acc), {"generation"}, "1", "particles / proposals");
    g.write("ess", std::span<const double>(ess), {"generation"}, "particles", "effective sample size of the weights");
    g.write("proposals", std::span<const std::int64_t>(proposals), {"generation"}, "proposals",
            "proposals used, up to and including the last accepted one");
    g.write("invalid", std::span<const std::int64_t>(invalid), {"generation"}, "proposals",
            "proposals rejected by a cross-parameter rule (model/validate.hpp)");
  }
  // Summary.
  {
    const Summary& s = *summary;
    h5::Group g = root.group("summary");
    g.set_attr("interval_level", level);
    parameter_dim(g, c);
    const std::string u = "parameter unit (see /prior/unit)";
    g.write("mean", std::span<const double>(s.mean), {"parameter"}, u, "posterior mean");
    g.write("lo", std::span<const double>(s.lo), {"parameter"}, u,
            "lower end of the posterior interval (interval_level)");
    g.write("hi", std::span<const double>(s.hi), {"parameter"}, u,
            "upper end of the posterior interval (interval_level)");
    g.write("prior_sd", std::span<const double>(s.prior_sd), {"parameter"}, u, "prior standard deviation");
    g.write("posterior_sd", std::span<const double>(s.posterior_sd), {"parameter"}, u, "posterior standard deviation");
    g.write("shrinkage", std::span<const double>(s.shrinkage), {"parameter"}, "1",
            "1 - posterior sd / prior sd: how much the data narrowed the parameter");
  }
  if (!predictive) return;
  // Posterior predictive check.
  {
    h5::Group g = root.group("predictive");
    g.set_attr("interval_level", level);
    const std::size_t m = c.problem.targets.size();
    const auto obs = iota_int(m);
    g.write_dim("observation", std::span<const std::int32_t>(obs), "1", "observation fitted (a row of the data file)");
    std::vector<std::string> nb, period, indicator, long_name, unit;
    std::vector<double> observed, observed_se, sizes;
    std::vector<std::int32_t> line, week;
    for (const Target& tg : c.problem.targets) {
      const Observation& o = c.data.rows[tg.row];
      nb.push_back(o.neighbourhood);
      period.push_back(o.period);
      indicator.push_back(o.indicator);
      long_name.emplace_back(all_outcomes()[tg.item].long_name);
      unit.emplace_back(all_outcomes()[tg.item].unit);
      observed.push_back(tg.value);
      line.push_back(tg.line);
      week.push_back(c.problem.waves[tg.wave].week);
      sizes.push_back(tg.n);
    }
    for (std::size_t i = 0; i < m; ++i) observed_se.push_back(predictive->scale[i]);
    g.write_strings("neighbourhood", nb, "observation", "neighbourhood of the observation");
    g.write_strings("period", period, "observation", "period of the observation (YYYY or YYYY-MM)");
    g.write_strings("indicator", indicator, "observation", "survey indicator");
    // The outcome's declared name, as a run file's long_name carries it: a report names the indicator by it.
    g.write_strings("long_name", long_name, "observation", "declared long name of the indicator");
    g.write_strings("unit", unit, "observation", "unit of the indicator");
    g.write("line", std::span<const std::int32_t>(line), {"observation"}, "1",
            "line of the observation in the data file");
    g.write("week", std::span<const std::int32_t>(week), {"observation"}, "week",
            "recorded week of the simulated wave (0-based)");
    g.write("n", std::span<const double>(sizes), {"observation"}, "respondents",
            "sample size of the observation (0: only se was given)");
    const std::string u = "indicator unit (see unit)";
    g.write("observed", std::span<const double>(observed), {"observation"}, u, "observed value");
    g.write("observed_se", std::span<const double>(observed_se), {"observation"}, u,
            "sampling standard error of the observation used to standardise its discrepancy");
    g.write("predicted_mean", std::span<const double>(predictive->mean), {"observation"}, u,
            "posterior predictive mean of the simulated survey estimate at the observation's n");
    g.write("predicted_lo", std::span<const double>(predictive->lo), {"observation"}, u,
            "lower end of the posterior predictive interval (interval_level)");
    g.write("predicted_hi", std::span<const double>(predictive->hi), {"observation"}, u,
            "upper end of the posterior predictive interval (interval_level)");
    g.write("misfit", std::span<const std::uint8_t>(predictive->misfit), {"observation"}, "1",
            "1 when the observed value lies outside the posterior predictive interval");
  }
}

namespace {

void write_convergence_attrs(h5::Group& root, const Convergence& conv, const char* method) {
  root.set_attr("method", std::string(method));
  root.set_attr("converged", static_cast<std::int64_t>(conv.converged ? 1 : 0));
  std::string reasons;
  for (const auto& r : conv.reasons) reasons += (reasons.empty() ? "" : "\n") + r;
  root.set_attr("convergence", reasons);
  if (root.has("predictive"))
    root.group("predictive")
        .write("width_ratio", std::span<const double>(conv.width_ratio), {"observation"}, "1",
               "width of the predictive interval over that of the observation's sampling error alone (1: the "
               "parameters add no uncertainty)");
}

}  // namespace

void write_convergence(h5::File& file, const Convergence& conv) {
  h5::Group root = file.root();
  write_convergence_attrs(root, conv, "abc-smc");
}

void write_emulator(h5::File& file, const EmulatorFit& fit, const Convergence& conv) {
  h5::Group root = file.root();
  write_convergence_attrs(root, conv, "emulator");
  root.set_attr("reachable", static_cast<std::int64_t>(fit.reachable ? 1 : 0));
  h5::Group g = root.group("emulator");
  const auto waves = iota_int(fit.waves.size());
  g.write_dim("wave", std::span<const std::int32_t>(waves), "1", "design wave (0: on the prior box)");
  const std::size_t d = fit.waves.front().region.size();
  std::vector<double> lo, hi, share, least;
  std::vector<std::int64_t> points, invalid;
  for (const auto& w : fit.waves) {
    lo.insert(lo.end(), w.region.lo.begin(), w.region.lo.end());
    hi.insert(hi.end(), w.region.hi.begin(), w.region.hi.end());
    share.push_back(w.non_implausible);
    least.push_back(w.min_implausibility);
    points.push_back(static_cast<std::int64_t>(w.points));
    invalid.push_back(static_cast<std::int64_t>(w.invalid));
  }
  const auto params = iota_int(d);
  g.write_dim("parameter", std::span<const std::int32_t>(params), "1", "estimated parameter (in the order of /prior)");
  g.write("region_lo", std::span<const double>(lo), {"wave", "parameter"}, "parameter unit",
          "lower bounds of the wave's design region");
  g.write("region_hi", std::span<const double>(hi), {"wave", "parameter"}, "parameter unit",
          "upper bounds of the wave's design region");
  g.write("points", std::span<const std::int64_t>(points), {"wave"}, "simulations", "design points of the wave");
  g.write("invalid", std::span<const std::int64_t>(invalid), {"wave"}, "simulations",
          "design points rejected by a rule");
  g.write("not_ruled_out", std::span<const double>(share), {"wave"}, "1",
          "share of the wave's region whose largest implausibility is at most the cutoff");
  g.write("least_implausibility", std::span<const double>(least), {"wave"}, "1",
          "the smallest largest implausibility found in the wave's region");
  if (root.has("predictive")) {
    h5::Group p = root.group("predictive");
    p.write("emulator_residual_sd", std::span<const double>(fit.residual_sd), {"observation"},
            "indicator unit (see unit)",
            "residual sd of the emulator: the model's run-to-run noise and the regression's lack of fit");
    p.write("range_lo", std::span<const double>(fit.range_lo), {"observation"}, "indicator unit (see unit)",
            "lowest simulated population value over the prior box (first design wave)");
    p.write("range_hi", std::span<const double>(fit.range_hi), {"observation"}, "indicator unit (see unit)",
            "highest simulated population value over the prior box (first design wave)");
  }
}

}  // namespace buurtsim::calibration
