#include "experiments/io/write_epstein.hpp"

#include <numeric>
#include <string>

namespace buurtsim::run {
namespace {

std::vector<std::int32_t> iota_int(std::size_t n, std::int32_t first) {
  std::vector<std::int32_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

void write_replicate_dim(h5::Group& g, std::size_t replicates) {
  const auto reps = iota_int(replicates, 0);
  g.write_dim("replicate", std::span<const std::int32_t>(reps), "1", "replicate number");
}

}  // namespace

void write_epstein(h5::File& file, const config::Experiment& e, const EpsteinConfig& config,
                   const std::vector<EpsteinReplicate>& reps, const Provenance& prov) {
  const std::size_t R = reps.size();
  const auto steps = static_cast<std::size_t>(e.settings.weeks);
  h5::Group root = file.root();
  write_provenance(root, "epstein", e, prov);
  root.set_attr("model", "epstein2002");
  root.set_attr("reference",
                "J. M. Epstein, Modeling civil violence: an agent-based computational approach, "
                "PNAS 99 suppl. 3 (2002) 7243-7250, model I");
  root.set_attr("residents", static_cast<std::uint64_t>(config.citizens()));  // residents simulated = citizens
  root.set_attr("citizens", static_cast<std::int64_t>(config.citizens()));
  root.set_attr("cops", static_cast<std::int64_t>(config.initial_cops()));
  // Per-cell placement draws the counts: the two above are then their expected values, and a
  // run's own are quiet + active + jailed and cops at each step.
  root.set_attr("placement", std::string(config.placement == EpsteinConfig::Placement::Exact ? "exact" : "per_cell"));
  root.set_attr("width", static_cast<std::int64_t>(config.width));
  root.set_attr("height", static_cast<std::int64_t>(config.height));
  root.set_attr("steps", static_cast<std::int64_t>(steps));
  root.set_attr("replicates", static_cast<std::int64_t>(R));
  root.set_attr("outburst_threshold", config.outburst_threshold);

  write_replicate_dim(root, R);
  const auto step_numbers = iota_int(steps, 1);
  root.write_dim("step", std::span<const std::int32_t>(step_numbers), "step", "step number, from 1");
  std::vector<std::int32_t> quiet(R * steps, 0), active(R * steps, 0), jailed(R * steps, 0), cops(R * steps, 0);
  std::vector<double> legitimacy(R * steps, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t r = 0; r < R; ++r) {
    if (!reps[r].complete) continue;
    const EpsteinResult& x = reps[r].result;
    std::copy(x.quiet.begin(), x.quiet.end(), quiet.begin() + static_cast<std::ptrdiff_t>(r * steps));
    std::copy(x.active.begin(), x.active.end(), active.begin() + static_cast<std::ptrdiff_t>(r * steps));
    std::copy(x.jailed.begin(), x.jailed.end(), jailed.begin() + static_cast<std::ptrdiff_t>(r * steps));
    std::copy(x.cops.begin(), x.cops.end(), cops.begin() + static_cast<std::ptrdiff_t>(r * steps));
    std::copy(x.legitimacy.begin(), x.legitimacy.end(), legitimacy.begin() + static_cast<std::ptrdiff_t>(r * steps));
  }
  const std::vector<std::string> dims = {"replicate", "step"};
  root.write("quiet", std::span<const std::int32_t>(quiet), dims, "citizens",
             "quiet citizens (free, not active) after the step");
  root.write("active", std::span<const std::int32_t>(active), dims, "citizens",
             "active (rebelling) citizens after the step");
  root.write("jailed", std::span<const std::int32_t>(jailed), dims, "citizens", "jailed citizens after the step");
  root.write("cops", std::span<const std::int32_t>(cops), dims, "cops", "cops on the grid during the step");
  root.write("legitimacy", std::span<const double>(legitimacy), dims, "1",
             "government legitimacy L in force during the step");

  // Outbursts of every complete replicate, in replicate order, then by start.
  {
    h5::Group g = root.group("outbursts");
    std::vector<std::int32_t> replicate, start, length, peak_step;
    std::vector<double> peak_share;
    std::vector<std::uint8_t> ended;
    for (std::size_t r = 0; r < R; ++r) {
      if (!reps[r].complete) continue;
      for (const Outburst& o : reps[r].result.outbursts) {
        replicate.push_back(static_cast<std::int32_t>(r));
        start.push_back(o.start);
        length.push_back(o.length);
        peak_share.push_back(o.peak_share);
        peak_step.push_back(o.peak_step);
        ended.push_back(o.ended ? 1 : 0);
      }
    }
    g.set_attr("threshold", config.outburst_threshold);
    g.set_attr("description",
               "an outburst is a run of consecutive steps with the active share of all citizens "
               "(jailed included) above the threshold");
    const auto index = iota_int(replicate.size(), 0);
    g.write_dim("outburst", std::span<const std::int32_t>(index), "1", "outburst number (by replicate, then start)");
    const std::vector<std::string> od = {"outburst"};
    g.write("replicate", std::span<const std::int32_t>(replicate), od, "1", "replicate of the outburst");
    g.write("start", std::span<const std::int32_t>(start), od, "step", "first step of the outburst");
    g.write("length", std::span<const std::int32_t>(length), od, "steps", "number of steps of the outburst");
    g.write("peak_share", std::span<const double>(peak_share), od, "1",
            "largest active share of all citizens during the outburst");
    g.write("peak_step", std::span<const std::int32_t>(peak_step), od, "step", "first step with the peak share");
    g.write("ended", std::span<const std::uint8_t>(ended), od, "1",
            "1 when the outburst ended before the last step, 0 when it was still going");
  }

  // Per-replicate statistics (those of the printed summary).
  {
    h5::Group g = root.group("summary");
    write_replicate_dim(g, R);
    std::vector<std::int32_t> n;
    std::vector<double> mean_length, mean_peak, above, mean_active, mean_jailed;
    for (const EpsteinReplicate& rep : reps) {
      const EpsteinSummary s = summarise(rep, e.settings.weeks);
      n.push_back(s.outbursts);
      mean_length.push_back(s.mean_length);
      mean_peak.push_back(s.mean_peak_share);
      above.push_back(s.share_above);
      mean_active.push_back(s.mean_active_share);
      mean_jailed.push_back(s.mean_jailed_share);
    }
    g.set_attr("description",
               "statistics over all steps of each replicate, the initial surge included; NaN where "
               "undefined (no outburst, or an interrupted replicate)");
    const std::vector<std::string> rd = {"replicate"};
    g.write("outbursts", std::span<const std::int32_t>(n), rd, "outbursts", "number of outbursts");
    g.write("mean_length", std::span<const double>(mean_length), rd, "steps", "mean length of the outbursts");
    g.write("mean_peak_share", std::span<const double>(mean_peak), rd, "1", "mean peak active share of the outbursts");
    g.write("share_of_steps_above", std::span<const double>(above), rd, "1",
            "share of steps with the active share above the outburst threshold");
    g.write("mean_active_share", std::span<const double>(mean_active), rd, "1", "mean active share of all citizens");
    g.write("mean_jailed_share", std::span<const double>(mean_jailed), rd, "1", "mean jailed share of all citizens");
  }

  {
    h5::Group g = root.group("status");
    write_replicate_dim(g, R);
    std::vector<std::uint8_t> complete;
    for (const EpsteinReplicate& rep : reps) complete.push_back(rep.complete ? 1 : 0);
    g.write("complete", std::span<const std::uint8_t>(complete), {"replicate"}, "1",
            "1 when the replicate finished; 0 when the command was interrupted before it did");
  }
}

}  // namespace buurtsim::run
