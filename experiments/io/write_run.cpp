#include "experiments/io/write_run.hpp"

#include <cmath>
#include <ctime>
#include <limits>
#include <numeric>

#include "experiments/analysis/verdict_warnings.hpp"
#include "experiments/io/outcome_file.hpp"
#include "experiments/io/write_budget.hpp"
#include "experiments/io/write_cba.hpp"
#include "experiments/io/write_decision.hpp"
#include "experiments/io/write_uncertainty.hpp"
#include "model/measurement.hpp"

namespace buurtsim::run {
std::vector<std::int32_t> iota_int(std::size_t n) {
  std::vector<std::int32_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

std::vector<std::string> scenario_names(const config::Experiment& e) {
  std::vector<std::string> v;
  for (const auto& s : e.scenarios) v.push_back(s.name);
  return v;
}

std::vector<std::string> neighbourhood_names(const config::Experiment& e) {
  std::vector<std::string> v;
  for (const auto& nb : e.scenarios.front().neighbourhoods) v.push_back(nb.name);
  return v;
}

void write_week_dim(h5::Group& g, const config::Experiment& e, std::size_t weeks) {
  const auto ids = iota_int(weeks);
  g.write_dim("week", std::span<const std::int32_t>(ids), "week", "recorded week, 0-based, after the burn-in");
  std::vector<std::int32_t> days(ids.size());
  for (std::size_t w = 0; w < ids.size(); ++w) days[w] = 7 * ids[w];
  h5::Dataset d = g.write("date", std::span<const std::int32_t>(days), {"week"},
                          "days since " + e.settings.start_date.str(), "first day of the recorded week");
  d.set_attr("standard_name", "time");
  d.set_attr("calendar", "proleptic_gregorian");
}

void write_run_dims(h5::Group& g, const config::Experiment& e, std::size_t replicates) {
  g.write_dim("scenario", scenario_names(e), "scenario");
  const auto reps = iota_int(replicates);
  g.write_dim("replicate", std::span<const std::int32_t>(reps), "1",
              "replicate number (common random numbers across scenarios)");
  g.write_dim("neighbourhood", neighbourhood_names(e), "neighbourhood");
}

namespace {

void write_survey(h5::Group& root, const config::Experiment& e, const RunResults& r, const RunTables& t) {
  h5::Group g = root.group("survey");
  write_run_dims(g, e, r.replicates);
  const auto waves = iota_int(r.waves);
  g.write_dim("wave", std::span<const std::int32_t>(waves), "1", "survey wave number");
  std::vector<std::int32_t> weeks;
  std::vector<std::string> instruments, dates;
  for (const auto& wv : e.settings.waves) {
    weeks.push_back(wv.week);
    instruments.push_back(wv.instrument);
    dates.push_back(Date::from_days(e.settings.start_date.days() + 7LL * wv.week).str());
  }
  g.write("week", std::span<const std::int32_t>(weeks), {"wave"}, "week",
          "recorded week of the wave's last fieldwork week (the configured week; interviews spread over the "
          "survey.fieldwork_weeks up to it)");
  // Instrument and calendar date per wave, as comma-separated attributes in wave order.
  std::string inst_list, date_list;
  for (std::size_t i = 0; i < instruments.size(); ++i) {
    inst_list += (i ? "," : "") + instruments[i];
    date_list += (i ? "," : "") + dates[i];
  }
  g.set_attr("instrument", inst_list);
  g.set_attr("date", date_list);
  g.set_attr("interval_level", t.level);
  const std::vector<std::string> dims = {"scenario", "replicate", "neighbourhood", "wave"};
  g.write("n", std::span<const double>(r.survey_respondents), dims, "respondents", "number of respondents aged 15+");
  g.write("approached", std::span<const double>(r.survey_approached), dims, "persons",
          "residents aged 15+ approached (gross sample)");
  g.write("eligible", std::span<const double>(r.survey_eligible), dims, "persons",
          "residents aged 15+ (the population surveyed)");
  g.write("n_effective", std::span<const double>(r.survey_n_effective), dims, "respondents",
          "effective sample size after calibration weights (Kish)");
  g.write("first_week", std::span<const double>(r.survey_first_week), dims, "week",
          "recorded week of the wave's first fieldwork week (negative: in the burn-in; clipped to the first "
          "simulated week)");
  const std::size_t cells = r.scenarios * r.replicates * r.neighbourhoods * r.waves;
  const auto item = [&](const std::vector<double>& v, std::size_t k) {
    return std::span<const double>(v).subspan(k * cells, cells);
  };
  std::vector<double> bias;
  for (std::size_t k = 0; k < kItems; ++k) {
    const OutcomeInfo& info = all_outcomes()[static_cast<std::size_t>(outcome_of(static_cast<Item>(k)))];
    const std::string name(info.name), unit(info.unit), long_name(info.long_name);
    g.write(name, item(r.survey_estimate, k), dims, unit, "survey estimate: " + long_name);
    g.write(name + "_se", item(r.survey_se, k), dims, unit, "standard error of the survey estimate: " + long_name);
    g.write(name + "_lower", item(t.survey_lower, k), dims, unit, "lower bound of the interval: " + long_name);
    g.write(name + "_upper", item(t.survey_upper, k), dims, unit, "upper bound of the interval: " + long_name);
    const auto estimate = item(r.survey_estimate, k), truth = item(r.survey_truth, k);
    bias.resize(cells);
    for (std::size_t c = 0; c < cells; ++c) bias[c] = estimate[c] - truth[c];
    g.write(name + "_true", truth, dims, unit,
            "population value averaged over the wave's fieldwork weeks (what the survey estimates): " + long_name);
    g.write(name + "_bias", std::span<const double>(bias), dims, unit,
            "remaining bias of the survey: estimate minus the population value over the fieldwork weeks "
            "(non-response not corrected by the weights, recall error, instrument level shift, sampling error): " +
                long_name);
  }
}

void write_blocks(h5::Group& root, const config::Experiment& e, const RunResults& r) {
  h5::Group g = root.group("blocks");
  const auto ids = iota_int(r.blocks);
  g.write_dim("block", std::span<const std::int32_t>(ids), "1", "block (street segment) id");
  g.write_dim("scenario", scenario_names(e), "scenario");
  const auto waves = iota_int(r.waves);
  g.write_dim("wave", std::span<const std::int32_t>(waves), "1", "survey wave number");
  g.write("x", std::span<const std::int32_t>(r.layout.x), {"block"}, "blocks", "column of the block on the grid");
  g.write("y", std::span<const std::int32_t>(r.layout.y), {"block"}, "blocks", "row of the block on the grid");
  g.write("neighbourhood_index", std::span<const std::int32_t>(r.layout.neighbourhood), {"block"}, "1",
          "index of the block's neighbourhood (order of /neighbourhood), -1 for the untreated buffer");
  g.write("residents", std::span<const std::int32_t>(r.layout.residents), {"block"}, "persons",
          "residents of the block");
  g.write("disorder", std::span<const float>(r.block_disorder), {"scenario", "wave", "block"}, "disorder units",
          "physical disorder on the block at the survey wave (replicate 0)");
  g.write("incidents", std::span<const float>(r.block_incidents), {"scenario", "wave", "block"}, "incidents/week",
          "running weekly incident count on the block at the survey wave (replicate 0)");
}

void write_summary(h5::Group& root, const config::Experiment& e, const RunResults& r, const RunTables& t) {
  h5::Group g = root.group("summary");
  std::string warnings;
  for (const std::string& w : verdict_warnings(e, r, t)) warnings += (warnings.empty() ? "" : "\n") + w;
  g.set_attr("warnings", warnings);
  g.set_attr("provisional", static_cast<std::int64_t>(warnings.empty() ? 0 : 1));
  g.write_dim("scenario", scenario_names(e), "scenario");
  g.set_attr("interval_level", t.level);
  g.set_attr("first_week", static_cast<std::int64_t>(t.first_week));
  g.set_attr("interval_kind", std::string(describe(interval_kind(e))));
  g.set_attr("description",
             "mean over the last 52 recorded weeks (all when fewer) of the outcome over all neighbourhoods "
             "(residents-weighted mean, or sum for counts), with the interval interval_kind names");
  for (const OutcomeInfo& info : all_outcomes()) {
    std::vector<double> mean, lo, hi;
    for (const Interval& iv : t.summary[static_cast<std::size_t>(info.id)]) {
      mean.push_back(iv.mean);
      lo.push_back(iv.lower);
      hi.push_back(iv.upper);
    }
    const std::string name(info.name), unit(info.unit), ln(info.long_name);
    g.write(name, std::span<const double>(mean), {"scenario"}, unit, "mean over replicates: " + ln);
    g.write(name + "_lower", std::span<const double>(lo), {"scenario"}, unit, "lower bound of the interval: " + ln);
    g.write(name + "_upper", std::span<const double>(hi), {"scenario"}, unit, "upper bound of the interval: " + ln);
  }
}

// /comparison over (outcome, scenario): difference with difference_lower and _upper, detection (survey
// indicators; NaN for the others), the outcome's unit, and the pairs used per scenario. Outcome and
// scenario are dimensions, not parts of names (docs/decisions/0015-dimensions-not-names.md).
void write_comparison(h5::Group& root, const config::Experiment& e, const RunTables& t) {
  if (!t.baseline) return;
  h5::Group g = root.group("comparison");
  std::vector<std::string> outcomes, units;
  for (const OutcomeInfo& info : all_outcomes()) {
    outcomes.emplace_back(info.name);
    units.emplace_back(info.unit);
  }
  g.write_dim("outcome", outcomes, "outcome (buurtsim params --outcomes), in declaration order");
  g.write_dim("scenario", scenario_names(e), "scenario");
  g.set_attr("interval_level", t.level);
  g.set_attr("baseline", std::string("baseline"));
  g.set_attr("detection_alpha", kDetectionAlpha);
  g.set_attr("interval_kind", std::string(describe(interval_kind(e))));
  g.set_attr(
      "description",
      "per outcome and scenario: the difference from the baseline of the mean over the last 52 recorded weeks, paired "
      "by replicate (common random numbers), with the interval interval_kind names; for survey indicators the share of "
      "replicate pairs in which the last survey wave of the scenario and of the baseline differ significantly "
      "(two-sided z test at detection_alpha, independent samples); NaN for the baseline itself");
  g.write_strings("unit", units, "outcome", "unit of the outcome (and of its difference)");
  std::vector<double> pairs;
  for (const Comparison& c : t.comparison[static_cast<std::size_t>(Outcome::fear_mean)])
    pairs.push_back(static_cast<double>(c.pairs));
  g.write("pairs", std::span<const double>(pairs), {"scenario"}, "replicates", "replicate pairs the differences use");
  std::vector<double> d, lo, hi, det;
  for (const OutcomeInfo& info : all_outcomes())
    for (const Comparison& c : t.comparison[static_cast<std::size_t>(info.id)]) {
      d.push_back(c.difference.mean);
      lo.push_back(c.difference.lower);
      hi.push_back(c.difference.upper);
      det.push_back(info.survey_indicator ? c.detection : std::numeric_limits<double>::quiet_NaN());
    }
  const std::vector<std::string> dims = {"outcome", "scenario"};
  const std::string per_outcome = "unit(outcome)";  // one unit per outcome: the `unit` variable of this group
  g.write("difference", std::span<const double>(d), dims, per_outcome,
          "difference from the baseline, paired by replicate");
  g.write("difference_lower", std::span<const double>(lo), dims, per_outcome,
          "lower bound of the interval of the difference");
  g.write("difference_upper", std::span<const double>(hi), dims, per_outcome,
          "upper bound of the interval of the difference");
  g.write("detection", std::span<const double>(det), dims, "1",
          "probability that the survey detects the difference from the baseline (share of replicate pairs); NaN for "
          "outcomes the survey does not ask");
}

}  // namespace

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void describe_outcome(h5::Dataset& d, const OutcomeInfo& info) {
  d.set_attr("kind", info.survey_indicator ? "survey indicator (true population value)" : "model-only");
  d.set_attr("pooling", std::string(to_string(info.pooling)));
  d.set_attr("key", static_cast<std::int64_t>(info.key ? 1 : 0));
  d.set_attr("better", std::string(to_string(info.better)));
  d.set_attr("order", static_cast<std::int64_t>(info.id));  // declaration order, for readers that list outcomes
}

void write_provenance(h5::Group& root, const std::string& kind, const config::Experiment& e, const Provenance& p) {
  root.set_attr("kind", kind);
  root.set_attr("buurtsim_version", p.version + " (" + p.revision + ")");
  root.set_attr("created", p.created);
  root.set_attr("command_line", p.command_line);
  root.set_attr("seed", e.settings.seed);
  root.set_attr("config_toml", e.resolved_toml);
  root.set_attr("config_source", e.source);
  std::uint64_t residents = 0;
  for (const auto& nb : e.scenarios.front().neighbourhoods) residents += nb.residents;
  root.set_attr("residents", residents);
}

void write_run(h5::File& file, const config::Experiment& e, const RunResults& r, const RunTables& t,
               const Provenance& p) {
  const double level = t.level;
  h5::Group root = file.root();
  write_provenance(root, "run", e, p);
  root.set_attr("weeks", static_cast<std::int64_t>(e.settings.weeks));
  root.set_attr("burn_in_weeks", static_cast<std::int64_t>(e.settings.burn_in_weeks));
  root.set_attr("replicates", static_cast<std::int64_t>(e.replicates));
  root.set_attr("start_date", e.settings.start_date.str());
  if (!r.stream) write_outcomes(root, e, r);  // else the runs wrote them as they went (OutcomeFile)
  root.write("residents", std::span<const std::int64_t>(r.residents), {"neighbourhood"}, "persons",
             "residents of the neighbourhood");
  h5::Group status = root.group("status");
  write_run_dims(status, e, r.replicates);
  status.write("complete", std::span<const std::uint8_t>(r.complete), {"scenario", "replicate"}, "1",
               "1 when the run finished; 0 when the command was interrupted before it did");
  write_survey(root, e, r, t);
  write_blocks(root, e, r);
  write_summary(root, e, r, t);
  write_comparison(root, e, t);
  write_budget(root, e);
  if (t.cba) cba::write_cba(root, e, r, *t.cba, level);
  if (t.decision) write_decision(root, e, *t.decision);
  uncertainty::write_uncertainty(root, e);
}

}  // namespace buurtsim::run
