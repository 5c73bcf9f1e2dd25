// buurtsim sweep CONFIG.toml [-o OUT.h5] [--resume] [common options]
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <set>

#include "build_info.hpp"
#include "experiments/analysis/design.hpp"
#include "experiments/analysis/parameter_draws.hpp"
#include "experiments/cli/commands/commands.hpp"
#include "experiments/cli/commands/common.hpp"
#include "experiments/cli/commands/memory_check.hpp"
#include "experiments/cli/commands/progress.hpp"
#include "experiments/cli/commands/report_beside.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/journal.hpp"
#include "experiments/io/sweep_file.hpp"
#include "experiments/io/sweep_rows.hpp"
#include "experiments/io/write_run.hpp"
#include "experiments/runner/interrupt.hpp"
#include "experiments/runner/sweep_point.hpp"
#include "experiments/runner/tasks.hpp"

namespace buurtsim::cli {
namespace {

struct Plan {
  config::Experiment e;
  sweep::SweepSpec spec;
  sweep::Design design;
};

// Loads and checks everything before any work (every rank does the same and so agrees).
Plan plan_sweep(const std::string& path, const CommonOptions& common) {
  Plan p;
  check_common_options(common);
  p.e = load_experiment(path, common);
  p.spec = sweep::sweep_of(p.e);
  p.design = sweep::make_sweep_design(p.spec);
  std::vector<std::string> swept;
  for (const auto& range : p.spec.parameters) swept.push_back(range.name);
  draw_uncertainty(p.e, swept);
  for (std::size_t point = 0; point < p.design.points; ++point) {
    const config::Experiment at = sweep::experiment_at(p.e, p.design, point);
    if (!at.uncertainty.active()) continue;
    for (std::size_t r = 0; r < static_cast<std::size_t>(at.replicates); ++r)
      for (const ScenarioSpec& s : at.scenarios) (void)uncertainty::with_draws(at, s, r);
  }
  return p;
}

// Test-only fault hook: BUURTSIM_TEST_KILL_AFTER_POINTS=k kills the process (SIGKILL, as a
// crash would) right after the k-th point of this session is safely stored.
std::size_t kill_after_points() {
  const char* v = std::getenv("BUURTSIM_TEST_KILL_AFTER_POINTS");
  return v ? static_cast<std::size_t>(std::strtoull(v, nullptr, 10)) : 0;
}

// Rank 0's side of the sweep: the file, the journal (replayed on --resume) and the progress.
class Session {
 public:
  Session(const Plan& p, const std::string& output, bool resume, const CommonOptions& common,
          const std::string& command_line, h5::AtomicOutput& out)
      : p_(p),
        output_(output),
        common_(common),
        out_(out),
        file_(out.file(), p.e, p.spec, p.design,
              run::Provenance{build_info::kVersion, build_info::kRevision, run::utc_now(), command_line}) {
    const std::string identity =
        std::string("buurtsim ") + build_info::kVersion + " (" + build_info::kRevision + ")\n" + p.e.resolved_toml;
    const std::filesystem::path journal_path = output + ".journal";
    std::set<std::uint64_t> done;
    if (resume && std::filesystem::exists(journal_path)) {
      const sweep::PointShape shape = sweep::point_shape(p.e, p.spec);
      journal_.emplace(
          dist::Journal::resume(journal_path, identity, [&](std::uint64_t point, std::vector<double>&& row) {
            if (point >= p.design.points || done.count(point)) return;
            if (const std::string why = sweep::row_damage(shape, row); !why.empty()) {
              std::cerr << "buurtsim: " << journal_path.string() << ": point " << point << " is run again (" << why
                        << ")\n";
              return;
            }
            done.insert(point);
            file_.write_point(point, row);
          }));
      file_.flush();
      if (!common.quiet)
        std::cerr << "buurtsim: resuming: " << done.size() << " of " << p.design.points << " points finished before\n";
    } else {
      if (resume && !common.quiet)
        std::cerr << "note: nothing to resume (no " << journal_path.string() << "); starting from the beginning\n";
      journal_.emplace(dist::Journal::create(journal_path, identity));
    }
    for (std::uint64_t point = 0; point < p.design.points; ++point)
      if (!done.count(point)) pending_.push_back(point);
    already_ = done.size();
  }

  const std::vector<std::uint64_t>& pending() const { return pending_; }

  void deliver(std::uint64_t point, const std::vector<double>& row) {
    journal_->append(point, row);  // first the journal: once there, the point survives a crash
    file_.write_point(point, row);
    file_.flush();
    ++this_session_;
    if (kill_after_ > 0 && this_session_ == kill_after_) std::raise(SIGKILL);
    if (!common_.quiet)
      print_progress(file_.done(), file_.points(), already_, seconds(), "points", "point " + std::to_string(point));
  }

  int finish() {
    if (file_.done() < file_.points()) {
      file_.close();
      std::cerr << "buurtsim: interrupted; " << file_.done() << " of " << file_.points() << " points are in "
                << out_.partial_path().string() << " (/status/complete marks them); continue with --resume; " << output_
                << " was not touched\n";
      return kExitInterrupted;
    }
    file_.finish();
    file_.close();
    if (!out_.commit(run::interrupted)) {
      std::cerr << "buurtsim: interrupted before the point of no return; all " << file_.points() << " points are in "
                << out_.partial_path().string() << " and " << journal_->path().string() << "; finish with --resume; "
                << output_ << " was not touched\n";
      return kExitInterrupted;
    }
    journal_->remove();
    signal_came_after_commit(output_);
    std::cout << "sweep: " << p_.design.points << " points (" << sweep::design_name(p_.spec.design.kind) << ", "
              << p_.design.parameters.size() << " parameters) x " << p_.e.scenarios.size() << " scenario(s) x "
              << p_.e.replicates << " replicate(s) finished";
    if (!common_.quiet) std::cout << " in " << static_cast<long>(seconds() + 0.5) << " s";
    std::cout << "\nresults written to " << output_ << "\nnext: buurtsim sensitivity " << output_
              << " (which parameters drive which outcome)\n";
    return kExitOk;
  }

 private:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

  const Plan& p_;
  std::string output_;
  const CommonOptions& common_;
  h5::AtomicOutput& out_;
  sweep::SweepFile file_;
  std::optional<dist::Journal> journal_;
  std::vector<std::uint64_t> pending_;
  std::size_t already_ = 0, this_session_ = 0, kill_after_ = kill_after_points();
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

int cmd_sweep(const std::vector<std::string>& args, const std::string& command_line) {
  CommonOptions common;
  std::string config_path, output;
  bool help = false, resume = false, restart = false;
  po::options_description desc(
      "buurtsim sweep CONFIG.toml [-o OUT.h5] [--resume | --restart] [options]\n\n"
      "Runs the designed experiment of CONFIG's [sweep] table: every design point with every\n"
      "scenario and replicate, written to OUT.h5 as points finish (default: results/<config-stem>.h5).\n"
      "Under mpirun the points are spread over the ranks.\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")("output,o", po::value<std::string>(&output),
                                                                         "results file (HDF5)")(
      "resume", po::bool_switch(&resume), "continue an interrupted sweep of the same configuration and version")(
      "restart", po::bool_switch(&restart), "discard the journal of an interrupted sweep and start over")(
      "config", po::value<std::string>(&config_path), "configuration file (TOML) with a [sweep] table");
  add_common_options(desc, common);
  add_budget_options(desc, common);
  add_uncertainty_options(desc, common);
  po::positional_options_description pos;
  pos.add("config", 1);
  po::variables_map vm;
  if (!parse_args(args, desc, pos, vm)) return dist::agree(kExitUsage);
  if (help) {
    if (dist::is_root()) std::cout << desc << "\n";
    return dist::agree(kExitOk);
  }
  const bool root = dist::is_root();
  if (config_path.empty()) {
    if (root)
      std::cerr << "buurtsim sweep: expected a CONFIG.toml with a [sweep] table (for example configs/sweep.toml)\n";
    return dist::agree(kExitUsage);
  }
  Plan p;
  try {
    p = plan_sweep(config_path, common);
  } catch (const config::ConfigError& err) {
    if (root) std::cerr << "buurtsim: " << err.what() << "\n";
    return dist::agree(kExitUsage);
  } catch (const std::invalid_argument& err) {
    if (root) std::cerr << "buurtsim: " << config_path << ": [sweep]: " << err.what() << "\n";
    return dist::agree(kExitUsage);
  }

  {  // the points one process runs at once (as below), each with its runs' results in memory
    const std::size_t cores = common.threads > 0 ? static_cast<std::size_t>(common.threads)
                                                 : static_cast<std::size_t>(tbb::info::default_concurrency());
    if (!memory_fits(p.e, common, run::Weekly::held,
                     std::max<std::size_t>(1, cores / std::max<std::size_t>(1, p.e.runs()))))
      return dist::agree(kExitUsage);
  }

  // Rank 0 opens the file and replays the journal; every rank learns whether that worked
  // before the work starts (the ranks then compute together).
  const bool report = output.empty() && !common.no_report;  // docs/usage.md: without -o, a report beside
  const bool may_start = !root || journal_allows_start(output_name(output, p.e), resume, restart, "sweep");
  std::optional<h5::AtomicOutput> out =
      root && may_start ? open_output(output, p.e, common) : std::optional<h5::AtomicOutput>{};
  std::optional<Session> session;
  int status = kExitOk;
  if (root) {
    if (!out) status = kExitUsage;
    try {
      if (out) session.emplace(p, output, resume, common, command_line, *out);
    } catch (const dist::JournalMismatch& err) {
      std::cerr << "buurtsim: cannot resume: " << err.what()
                << " was written by another configuration or program version; "
                << "start over with --restart (that discards its finished points)\n";
      out->discard();
      status = kExitUsage;
    } catch (const files::Refused& err) {
      std::cerr << "buurtsim: cannot start the sweep: " << err.what() << "\n";
      out->discard();
      status = kExitUsage;
    } catch (const dist::JournalDamaged& err) {
      std::cerr << "buurtsim: cannot resume: " << err.what()
                << "; run without --resume to start over (that discards its finished points)\n";
      out->discard();
      status = kExitUsage;
    } catch (const std::exception& err) {
      std::cerr << "buurtsim: cannot start the sweep: " << err.what() << "\n";
      out->discard();
      status = kExitFailure;
    }
  }
  if (const int agreed = dist::agree(status); agreed != kExitOk) return agreed;

  const std::optional<tbb::global_control> threads = limit_threads(common);
  // Points at once in this process: enough to keep every thread busy when a point has fewer
  // runs than threads; one at a time otherwise (parallel over its runs and residents).
  const std::size_t cores = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  const std::size_t concurrency = std::max<std::size_t>(1, cores / std::max<std::size_t>(1, p.e.runs()));
  if (root && !common.quiet)
    std::cerr << "buurtsim: sweep of " << p.design.points << " points (" << sweep::design_name(p.spec.design.kind)
              << ") x " << p.e.scenarios.size() << " scenario(s) x " << p.e.replicates << " replicate(s), "
              << p.e.scenarios.front().residents() << " residents, " << p.e.settings.burn_in_weeks << " + "
              << p.e.settings.weeks << " weeks, " << workers_text() << "\n";
  run::install_interrupt_handlers();
  const std::vector<std::uint64_t> none;
  try {
    dist::run_tasks(
        root ? session->pending() : none,
        [&](std::uint64_t point) { return sweep::simulate_point(p.e, p.spec, p.design, point, common.interval); },
        [&](std::uint64_t point, std::vector<double>&& row) { session->deliver(point, row); }, concurrency);
    if (root) status = session->finish();
    if (root && status == kExitOk && report && !run::interrupted()) write_report_beside(output);
  } catch (const std::exception& err) {
    std::cerr << "buurtsim: sweep failed: " << err.what() << "; the finished points are kept for --resume\n";
    session.reset();  // its datasets first, then the file (SweepFile::close)
    if (out && !out->committed()) {
      try {
        out->file().close();
      } catch (const std::exception&) {
        // A file that cannot be closed (a full disk) stays as OUT.h5.partial; --resume reads the journal.
      }
    }
    status = kExitFailure;
  }
  return dist::agree(status);
}

}  // namespace buurtsim::cli
