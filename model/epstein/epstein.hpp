#pragma once
// Epstein (2002) civil violence model I ("generalized rebellion against central authority"),
// built from the engine's parts for docking: the torus Grid and NeighbourhoodQuery for vision,
// and counter-based Draws keyed by (seed, replicate, stream, step, agent), so a run is a pure
// function of (config, seed, replicate) whatever the thread count.
//
// Citizens have hardship H ~ U(0,1) and risk aversion R ~ U(0,1); grievance G = H (1 - L).
// A citizen's estimated arrest probability is P = 1 - exp(-k r(C / (A + 1))), with C the cops
// and A the other active citizens in vision (the citizen counts itself once), r the rounding of
// the `arrest_rounding` variant. Rule A: active iff G - R P > T. Rule C: a cop arrests one
// random active citizen in vision, who leaves the grid (variant: stays on its cell) for a jail
// term J. Rule M: move to a random empty site in vision. docs/validation.md describes the
// variants and what they change.
//
// Steps are numbered from 1. One step:
//   1. legitimacy and (on cop_change_step) the number of cops take their values for the step;
//   2. release (jail_countdown = release_phase): a jailed citizen whose remaining term is 0 is
//      put back (on its arrest cell if empty, else on a random empty cell in vision of it, else
//      on a random empty cell), quiet; the others' remaining terms fall by 1. A term J thus
//      keeps a citizen out of J whole steps;
//   3. activation, random sequential: every free citizen and every cop, in a random order drawn
//      for the step, moves (rule M) and then acts (rule A or C) (rule_order = act_then_move:
//      acts, then moves); a citizen arrested earlier in the step does not act. With
//      jail_countdown = own_turn jailed citizens are in the order too: a turn with term left
//      lowers it by 1, a turn with none is an ordinary turn. Synchronous: all move in the
//      random order; then every free citizen decides from the same snapshot; then the cops
//      arrest in the random order (act_then_move: the moves come last);
//   4. the counts are taken.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/grid.hpp"
#include "model/params.hpp"
#include "model/rng.hpp"

namespace buurtsim {

// The random streams of the Epstein model (one name per decision; see model/rng.hpp).
namespace epstein_streams {
inline constexpr std::string_view kInitName = "epstein.init";        // H and R, by citizen
inline constexpr std::string_view kPlaceName = "epstein.place";      // initial placement, by cell
inline constexpr std::string_view kOrderName = "epstein.order";      // activation order, by agent
inline constexpr std::string_view kMoveName = "epstein.move";        // rule M target, by agent
inline constexpr std::string_view kArrestName = "epstein.arrest";    // rule C suspect, by cop
inline constexpr std::string_view kJailName = "epstein.jail";        // jail term, by citizen
inline constexpr std::string_view kReleaseName = "epstein.release";  // release cell, by citizen
inline constexpr std::string_view kCopsName = "epstein.cops";        // cells of added cops, by cop
inline constexpr std::uint32_t kInit = stream_id(kInitName);
inline constexpr std::uint32_t kPlace = stream_id(kPlaceName);
inline constexpr std::uint32_t kOrder = stream_id(kOrderName);
inline constexpr std::uint32_t kMove = stream_id(kMoveName);
inline constexpr std::uint32_t kArrest = stream_id(kArrestName);
inline constexpr std::uint32_t kJail = stream_id(kJailName);
inline constexpr std::uint32_t kRelease = stream_id(kReleaseName);
inline constexpr std::uint32_t kCops = stream_id(kCopsName);
}  // namespace epstein_streams

// The `epstein` parameter group, typed and checked. Immutable once built.
struct EpsteinConfig {
  enum class Rounding : std::uint8_t { Floor, Round, None };
  enum class SelfCount : std::uint8_t { Once, TwiceWhenActive };
  enum class JailTermDraw : std::uint8_t { ZeroToJmax, ZeroToJmaxMinus1 };
  enum class Activation : std::uint8_t { RandomSequential, Synchronous };
  enum class Placement : std::uint8_t { Exact, PerCell };
  enum class Jail : std::uint8_t { LeaveGrid, StayOnCell };
  enum class JailCountdown : std::uint8_t { ReleasePhase, OwnTurn };
  enum class RuleOrder : std::uint8_t { MoveThenAct, ActThenMove };

  int width = 40, height = 40;
  double citizen_density = 0.70, cop_density = 0.04;
  int vision = 7;
  NeighbourhoodShape vision_shape = NeighbourhoodShape::VonNeumann;
  double legitimacy = 0.82;
  int max_jail_term = 30;
  bool infinite_jail = false;
  JailTermDraw jail_term_draw = JailTermDraw::ZeroToJmax;
  double k = 2.3, threshold = 0.1;
  Rounding rounding = Rounding::Floor;
  SelfCount self_count = SelfCount::Once;
  Activation activation = Activation::RandomSequential;
  bool movement = true;
  Placement placement = Placement::Exact;
  Jail jail = Jail::LeaveGrid;
  JailCountdown jail_countdown = JailCountdown::ReleasePhase;
  RuleOrder rule_order = RuleOrder::MoveThenAct;
  double outburst_threshold = 0.045;
  bool legitimacy_change = false;
  int legitimacy_change_start = 0, legitimacy_change_end = 0;
  double legitimacy_target = 0.82;
  bool cop_change = false;
  int cop_change_step = 1;  // steps count from 1
  double cop_change_density = 0.04;

  // Reads and checks the epstein group; throws std::invalid_argument listing every problem
  // found by epstein_param_errors().
  static EpsteinConfig from_params(const Params& params);

  std::uint32_t cells() const { return static_cast<std::uint32_t>(width) * static_cast<std::uint32_t>(height); }
  // With exact placement; per-cell placement draws the initial counts (EpsteinModel::citizens()).
  std::uint32_t citizens() const;      // round(citizen_density * cells)
  std::uint32_t initial_cops() const;  // round(cop_density * cells)
  std::uint32_t changed_cops() const;  // round(cop_change_density * cells)
  // Legitimacy in force during step `step` (steps count from 1).
  double legitimacy_at(int step) const;
};

// Problems with the epstein group (ranges and cross-parameter rules), each saying how to fix
// it; empty when the group is valid.
std::vector<std::string> epstein_param_errors(const Params& params);

struct EpsteinStepCounts {
  std::int32_t quiet = 0, active = 0, jailed = 0;
};

// A run of consecutive steps with the active share above the outburst threshold.
struct Outburst {
  int start = 0;            // first step of the run
  int length = 0;           // number of steps
  double peak_share = 0.0;  // largest active share of all citizens during the run
  int peak_step = 0;        // first step with that share
  bool ended = true;        // false when the run was still going at the last step
};

// Outbursts in a series of active counts whose first entry is step `first_step`.
std::vector<Outburst> detect_outbursts(std::span<const std::int32_t> active, std::int32_t citizens, double threshold,
                                       int first_step = 1);

// Per step (entry i is step i + 1): citizens quiet, active and jailed, cops on the grid and the
// legitimacy in force; and the outbursts found in `active`.
struct EpsteinResult {
  std::int32_t citizens = 0;
  std::vector<std::int32_t> quiet, active, jailed, cops;
  std::vector<double> legitimacy;
  std::vector<Outburst> outbursts;
};

// Runs `steps` steps of the model configured by params.epstein.
EpsteinResult run_epstein(const Params& params, std::uint64_t seed, std::uint32_t replicate, int steps);
// `stop`, when given, is asked before every step; a run it stops is shorter than `steps`.
EpsteinResult run_epstein(const EpsteinConfig& config, std::uint64_t seed, std::uint32_t replicate, int steps,
                          const std::function<bool()>& stop = {});

// The pieces of the rules, exposed for tests.
// Round half to even (Python's round, used by the Mesa example).
double round_half_even(double x);
// P for C cops and `actives_counting_self` actives (>= 1: the citizen counts itself).
double estimated_arrest_probability(int cops, int actives_counting_self, double k, EpsteinConfig::Rounding rounding);
// A jail term drawn from 0..jmax or 0..jmax-1 (0 when jmax = 0).
int draw_jail_term(Draws& draws, int jmax, EpsteinConfig::JailTermDraw how);

// The model state, stepped one step at a time (for recorders and benchmarks). Structure of
// arrays; step() allocates nothing. Shared state: none; step() uses TBB only for the
// synchronous decisions, each a pure function of the state before them.
class EpsteinModel {
 public:
  enum class CitizenState : std::uint8_t { Quiet = 0, Active = 1, Jailed = 2 };
  // What occupies a cell.
  // JailedCitizen only with jail = stay_on_cell.
  enum class Occupant : std::uint8_t { Empty = 0, QuietCitizen = 1, ActiveCitizen = 2, Cop = 3, JailedCitizen = 4 };

  EpsteinModel(const EpsteinConfig& config, std::uint64_t seed, std::uint32_t replicate);

  // Advances one step.
  void step();

  int steps_done() const { return step_; }
  EpsteinStepCounts counts() const { return {quiet_count(), active_, jailed_}; }
  double legitimacy() const { return legitimacy_; }
  std::int32_t citizens() const { return static_cast<std::int32_t>(n_citizens_); }
  std::int32_t cops_on_grid() const { return static_cast<std::int32_t>(n_cops_); }
  const EpsteinConfig& config() const { return config_; }
  const Grid& grid() const { return *grid_; }

  // Read-only views of the state.
  std::span<const CitizenState> citizen_state() const { return state_; }
  std::span<const std::uint32_t> citizen_cell() const { return cell_; }  // arrest cell while jailed
  std::span<const double> hardship() const { return hardship_; }
  std::span<const double> risk_aversion() const { return risk_; }
  std::span<const std::int32_t> jail_left() const { return jail_left_; }
  std::span<const Occupant> occupancy() const { return kind_; }

  // The cells a citizen or cop at `cell` sees, in the order of NeighbourhoodQuery::for_each
  // (exposed so a test can check the fast path against the engine's query).
  void vision_cells(std::uint32_t cell, std::vector<std::uint32_t>& out) const;

  // Recomputes everything from scratch and returns the first inconsistency found (counts that
  // do not add up, two agents on one cell, a free citizen off the grid, ...), or "" if none.
  std::string check_invariants() const;

 private:
  std::int32_t quiet_count() const { return static_cast<std::int32_t>(n_citizens_) - active_ - jailed_; }
  std::uint32_t cop_agent(std::uint32_t cop) const { return n_citizens_ + cop; }
  void set_cops(std::uint32_t n);
  void release_phase();
  void build_order();
  void move(std::uint32_t agent, std::uint32_t& cell);
  void citizen_turn(std::uint32_t citizen);
  void cop_turn(std::uint32_t cop);
  void put_back(std::uint32_t citizen);
  bool decide(std::uint32_t citizen) const;
  void set_state(std::uint32_t citizen, CitizenState s);
  void arrest(std::uint32_t cop);
  std::uint32_t random_empty_cell(Draws& draws) const;
  // Calls f(cell) for each cell in vision of `cell`, in the order of the engine's query: its
  // offsets, grouped in runs along a row, with the torus wrap looked up in small tables
  // instead of computed by division, and plain indexing where a run does not wrap.
  template <class F>
  void for_each_in_vision(std::uint32_t cell, F&& f) const {
    const auto x = static_cast<std::uint32_t>(grid_->x_of(cell));
    const auto y = static_cast<std::uint32_t>(grid_->y_of(cell));
    const auto r = static_cast<std::uint32_t>(config_.vision), w = static_cast<std::uint32_t>(config_.width);
    const std::uint32_t* rows = wrap_row_.data();
    const std::uint32_t* cols = wrap_col_.data();
    for (const VisionRun& run : runs_) {
      // Locals, so that stores made by f cannot be taken to alias the run.
      const std::uint32_t base = rows[y + run.row], c0 = x + run.col, length = run.length;
      if (c0 >= r && c0 + length <= w + r) {
        const std::uint32_t first = base + c0 - r;
        for (std::uint32_t i = 0; i < length; ++i) f(first + i);
      } else {
        for (std::uint32_t i = 0; i < length; ++i) f(base + cols[c0 + i]);
      }
    }
  }

  EpsteinConfig config_;
  StreamKey key_;
  std::unique_ptr<const Grid> grid_;  // on the heap so that the query's pointer stays valid on a move
  NeighbourhoodQuery query_;
  // A run of cells in vision along one row: offsets (dx + i, dy) for i < length, stored as
  // col = dx + vision, row = dy + vision.
  struct VisionRun {
    std::uint32_t row, col, length;
  };
  std::vector<VisionRun> runs_;          // the query's offsets, in its order
  std::vector<std::uint32_t> wrap_col_;  // x + dx + vision -> (x + dx) mod width
  std::vector<std::uint32_t> wrap_row_;  // y + dy + vision -> ((y + dy) mod height) * width
  std::vector<double> p_of_ratio_;       // 1 - exp(-k n) for whole ratios n

  std::uint32_t n_citizens_ = 0, n_cops_ = 0;
  int step_ = 0;
  double legitimacy_ = 0.0;
  std::int32_t active_ = 0, jailed_ = 0;

  // Citizens.
  std::vector<double> hardship_, risk_;
  std::vector<CitizenState> state_;
  std::vector<std::uint32_t> cell_;
  std::vector<std::int32_t> jail_left_;
  std::vector<std::uint8_t> next_active_;  // synchronous decisions
  // Cops: cop j is on the grid iff j < n_cops_.
  std::vector<std::uint32_t> cop_cell_;
  // Cells.
  std::vector<Occupant> kind_;
  std::vector<std::uint32_t> occupant_;  // citizen index or cop index, by kind_
  // Scratch, sized once.
  std::vector<std::uint64_t> order_;       // (priority << 32) | agent, sorted
  std::vector<std::uint32_t> candidates_;  // cells in vision
};

}  // namespace buurtsim
