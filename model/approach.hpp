#pragma once
// The one interface of every policy approach (docs/odd.md section 12). An approach is one folder,
// model/approaches/<name>/, that declares its parameters (params.def: the common levers of
// BUURTSIM_APPROACH_LEVERS plus its own), its streams and its outcomes, and registers them with
// its factory (model/approach_module.hpp; docs/approaches/README.md). It acts only inside its time
// window: every week it asks for professional hours per organisation (its budget, ramped up),
// the simulation grants them from the organisations' capacity (allocate_hours), and the
// approach spends them on tasks through hooks called at the start of the phases of the weekly
// schedule, changing the states those tasks change. It never writes an outcome.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/check.hpp"
#include "model/outcomes.hpp"
#include "model/schedule.hpp"
#include "model/world.hpp"

namespace buurtsim {

struct SurveyWaveResult;  // model/measurement.hpp

// The levers every approach has, per neighbourhood (the window is the same everywhere).
struct ApproachLevers {
  int start_week = 0, end_week = -1;  // recorded weeks [start, end); end -1: to the end of the run
  double ramp_weeks = 0, fidelity = 1;
  std::array<double, kOrganisations> hours_per_1000{};  // budget, hours/week per 1,000 residents
  bool additional = true;                               // additional hours, or redeployed from the baseline
};

// Reads the common levers of approach `group` ("vba", ...) from a parameter set.
ApproachLevers read_levers(const Params& p, std::string_view group);

class Approach {
 public:
  virtual ~Approach() = default;
  const std::string& name() const { return name_; }
  int start_week() const { return window_.start_week; }
  int end_week() const { return window_.end_week; }
  bool active(int week) const {
    return week >= window_.start_week && (window_.end_week < 0 || week < window_.end_week);
  }

  // Called once, after the world is built (sizes module state; allocation happens here only).
  virtual void init(World& /*w*/) {}
  // Hours asked for in neighbourhood nb this week: budget x ramp-up, 0 outside the window.
  double requested(const World& w, std::size_t nb, Organisation org) const;
  bool additional(std::size_t nb) const { return levers_[nb].additional; }
  // Whether the approach asks for any hours in neighbourhood nb this week: without hours it
  // does nothing at all (no tasks, no other costs, no change to coordination).
  bool has_budget(const World& w, std::size_t nb) const;
  // Relative reduction of coordination loss the approach brings this week (joint goal, an
  // independent coordinator, information sharing), 0 by default.
  virtual double coordination_reduction(const World& /*w*/, std::size_t /*nb*/) const { return 0.0; }
  // Records the hours granted, and the share of them that reaches tasks (after fidelity and
  // coordination loss).
  void grant(std::size_t nb, Organisation org, double hours, double coordination_loss);
  // Hours of one organisation granted this week, and the part of them spent on tasks as
  // designed (granted x fidelity x (1 - coordination loss)).
  double granted(std::size_t nb, Organisation org) const { return granted_[nb][org]; }
  double task_hours(std::size_t nb, Organisation org) const { return task_[nb][org]; }
  double task_hours(std::size_t nb) const;

  // Whether the approach has a team residents can know (team_awareness_pct; model/approaches/team.hpp).
  virtual bool has_team() const { return false; }
  // After the measurement of every recorded week, the week's population values (for decisions
  // on outcomes, such as a phase switch); called whether or not the window is open.
  virtual void on_measured(const World& /*w*/, const OutcomeTable& /*outcomes*/) {}
  // True for a module whose on_measured decides something: the weeks are then measured even for
  // an observer that does not want them (Observer::wants_weeks).
  virtual bool decides_on_outcomes() const { return false; }
  // After each survey wave, its estimates (what a municipality sees of the survey indicators).
  virtual void on_survey(const World& /*w*/, const SurveyWaveResult& /*wave*/) {}
  // At the end of every week, the burn-in included, before the measurement: for records an
  // approach keeps of what its partners could know (this week's incidents, reports, sanctions).
  virtual void on_week_end(const World& /*w*/) {}
  // Writes this week's values of the module's own outcomes (record, add_to) into the table,
  // which holds 0 for them otherwise; called after the core's measurement, before on_measured.
  void measure(const World& w, OutcomeTable& out) const;
  // Whether the approach acts in the hooks of this phase (declared by its module).
  bool hooks(Phase phase) const { return (hooks_ >> static_cast<int>(phase)) & 1u; }
  // Runs the approach's tasks of this phase, in the phases it hooks and inside the window only.
  void act(Phase phase, World& w) {
    if (hooks(phase) && active(w.week)) do_act(phase, w);
  }

 protected:
  Approach(std::string name, const ScenarioSpec& spec);
  virtual void do_act(Phase phase, World& w) = 0;

  std::size_t neighbourhoods() const { return levers_.size(); }
  void disable_ramp(std::size_t nb) { levers_[nb].ramp_weeks = 0; }
  const ApproachLevers& levers(std::size_t nb) const { return levers_[nb]; }

  // Books hours of organisation org's task hours this week as spent on a task (outcomes
  // hours_<task>); every module books all of its task hours, what has no task left as overhead,
  // and books an organisation's hours only on that organisation's tasks (organisation_does).
  static void book(World& w, std::size_t nb, Organisation org, ApproachTask task, double hours) {
    BUURTSIM_CHECK(hours == 0 || organisation_does(org, task), "an organisation's hours go to its own tasks");
    WeekAccounts& acc = w.neighbourhoods[nb].week;
    acc.task_hours[task] += hours;
    acc.org_task_hours[org][task] += hours;
  }
  // Books `share` of every organisation's task hours this week on a task every organisation
  // does (support, overhead).
  void book_all(World& w, std::size_t nb, ApproachTask task, double share = 1.0) const {
    for (std::size_t o = 0; o < kOrganisations; ++o)
      book(w, nb, static_cast<Organisation>(o), task, task_hours(nb, static_cast<Organisation>(o)) * share);
  }
  // Sets, or adds to, this week's value of the module's own outcome k (its place in
  // ApproachModule::outcomes) in neighbourhood nb.
  void record(const World& w, std::size_t nb, std::size_t k, double value) { week_values(w, nb)[k] = value; }
  void add_to(const World& w, std::size_t nb, std::size_t k, double value) { week_values(w, nb)[k] += value; }
  // Weeks since the start of the window (0 in the first week).
  int weeks_in(const World& w) const { return w.week - window_.start_week; }

 private:
  std::string name_;
  ApproachLevers window_;
  std::vector<ApproachLevers> levers_;  // per neighbourhood
  std::vector<std::array<double, kOrganisations>> granted_, task_;
  // The module's own outcomes: the first id and how many, and per neighbourhood the week of
  // the values recorded and the values.
  std::size_t first_outcome_ = 0, own_outcomes_ = 0;
  unsigned hooks_ = 0;  // bit p: acts in the hooks of Phase p
  std::vector<int> recorded_week_;
  std::vector<double> recorded_;  // [nb][k]
  double* week_values(const World& w, std::size_t nb);
};

// Grants this week's hours of every approach (called after the context phase, before any hook)
// and sets the neighbourhoods' redeployed hours and coordination factor. Additional hours are
// granted in full; redeployed hours come out of the organisation's capacity (the baseline
// service keeps the rest), and when approaches together ask for more than the capacity every
// one gets the same share of its request and the shortfall is booked as over-committed hours.
void allocate_hours(World& w, const std::vector<std::unique_ptr<Approach>>& approaches);

using ApproachFactory = std::function<std::unique_ptr<Approach>(const ScenarioSpec&)>;

// Registered approaches by name (sorted); model/approach_module.hpp registers them.
const std::map<std::string, ApproachFactory>& approach_registry();
std::vector<std::string> approach_names();

}  // namespace buurtsim
