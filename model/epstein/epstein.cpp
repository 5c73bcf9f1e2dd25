#include "model/epstein/epstein.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace buurtsim {

namespace {

std::uint32_t count_for(double density, std::uint32_t cells) {
  return static_cast<std::uint32_t>(std::lround(density * static_cast<double>(cells)));
}

template <class E>
E choice(double value) {
  return static_cast<E>(as_int(value));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Configuration

std::vector<std::string> epstein_param_errors(const Params& params) {
  std::vector<std::string> errors;
  for (const ParamSpec& spec : all_params()) {
    if (!spec.name.starts_with("epstein.")) continue;
    const std::string allowed = check_param_value(spec, spec.get(params));
    if (!allowed.empty()) errors.push_back(std::string(spec.name) + " must be " + allowed);
  }
  if (!errors.empty()) return errors;  // the rules below assume values in range

  const auto& e = params.epstein;
  const int width = as_int(e.width), height = as_int(e.height), vision = as_int(e.vision);
  const auto cells = static_cast<std::uint32_t>(width) * static_cast<std::uint32_t>(height);
  const std::uint32_t citizens = count_for(e.citizen_density, cells);
  auto too_crowded = [&](double cop_density, std::string_view cop_name) {
    if (citizens + count_for(cop_density, cells) > cells) {
      errors.push_back("epstein.citizen_density + epstein." + std::string(cop_name) +
                       " must be at most 1: the citizens and cops do not fit on the " + std::to_string(width) + "x" +
                       std::to_string(height) + " grid");
    }
  };
  too_crowded(e.cop_density, "cop_density");
  if (as_bool(e.cop_change)) too_crowded(e.cop_change_density, "cop_change_density");
  if (2 * vision + 1 > std::min(width, height)) {
    errors.push_back("epstein.vision = " + std::to_string(vision) + " wraps around the " + std::to_string(width) + "x" +
                     std::to_string(height) + " torus and would see cells twice: use a vision of at most " +
                     std::to_string((std::min(width, height) - 1) / 2) + " or a larger grid");
  }
  if (choice<EpsteinConfig::JailCountdown>(e.jail_countdown) == EpsteinConfig::JailCountdown::OwnTurn &&
      choice<EpsteinConfig::Activation>(e.activation) != EpsteinConfig::Activation::RandomSequential) {
    errors.push_back(
        "epstein.jail_countdown = own_turn needs epstein.activation = random_sequential (a turn of its own is what "
        "counts the term down)");
  }
  if (as_bool(e.legitimacy_change) && as_int(e.legitimacy_change_end) < as_int(e.legitimacy_change_start)) {
    errors.push_back("epstein.legitimacy_change_end (" + std::to_string(as_int(e.legitimacy_change_end)) +
                     ") must not come before epstein.legitimacy_change_start (" +
                     std::to_string(as_int(e.legitimacy_change_start)) + "); make them equal for a sudden change");
  }
  return errors;
}

EpsteinConfig EpsteinConfig::from_params(const Params& params) {
  const auto errors = epstein_param_errors(params);
  if (!errors.empty()) {
    std::string message = "invalid epstein parameters:";
    for (const auto& m : errors) message += "\n  " + m;
    throw std::invalid_argument(message);
  }
  const auto& e = params.epstein;
  EpsteinConfig c;
  c.width = as_int(e.width);
  c.height = as_int(e.height);
  c.citizen_density = e.citizen_density;
  c.cop_density = e.cop_density;
  c.vision = as_int(e.vision);
  c.vision_shape = as_int(e.vision_shape) == 0 ? NeighbourhoodShape::VonNeumann : NeighbourhoodShape::Moore;
  c.legitimacy = e.legitimacy;
  c.max_jail_term = as_int(e.max_jail_term);
  c.infinite_jail = as_bool(e.infinite_jail);
  c.jail_term_draw = choice<JailTermDraw>(e.jail_term_draw);
  c.k = e.k;
  c.threshold = e.threshold;
  c.rounding = choice<Rounding>(e.arrest_rounding);
  c.self_count = choice<SelfCount>(e.self_count);
  c.activation = choice<Activation>(e.activation);
  c.movement = as_bool(e.movement);
  c.placement = choice<Placement>(e.placement);
  c.jail = choice<Jail>(e.jail);
  c.jail_countdown = choice<JailCountdown>(e.jail_countdown);
  c.rule_order = choice<RuleOrder>(e.rule_order);
  c.outburst_threshold = e.outburst_threshold;
  c.legitimacy_change = as_bool(e.legitimacy_change);
  c.legitimacy_change_start = as_int(e.legitimacy_change_start);
  c.legitimacy_change_end = as_int(e.legitimacy_change_end);
  c.legitimacy_target = e.legitimacy_target;
  c.cop_change = as_bool(e.cop_change);
  c.cop_change_step = as_int(e.cop_change_step);
  c.cop_change_density = e.cop_change_density;
  return c;
}

std::uint32_t EpsteinConfig::citizens() const { return count_for(citizen_density, cells()); }
std::uint32_t EpsteinConfig::initial_cops() const { return count_for(cop_density, cells()); }
std::uint32_t EpsteinConfig::changed_cops() const { return count_for(cop_change_density, cells()); }

double EpsteinConfig::legitimacy_at(int step) const {
  if (!legitimacy_change) return legitimacy;
  if (step >= legitimacy_change_end) return legitimacy_target;
  if (step <= legitimacy_change_start) return legitimacy;
  const double f = static_cast<double>(step - legitimacy_change_start) /
                   static_cast<double>(legitimacy_change_end - legitimacy_change_start);
  return legitimacy + (legitimacy_target - legitimacy) * f;
}

// ---------------------------------------------------------------------------------------------
// Rules

double round_half_even(double x) {
  const double r = std::round(x);  // halves away from zero
  if (std::fabs(x - std::trunc(x)) == 0.5) return 2.0 * std::round(x / 2.0);
  return r;
}

double estimated_arrest_probability(int cops, int actives_counting_self, double k, EpsteinConfig::Rounding rounding) {
  const double ratio = static_cast<double>(cops) / static_cast<double>(actives_counting_self);
  double r = ratio;
  switch (rounding) {
    case EpsteinConfig::Rounding::Floor:
      r = std::floor(ratio);
      break;
    case EpsteinConfig::Rounding::Round:
      r = round_half_even(ratio);
      break;
    case EpsteinConfig::Rounding::None:
      break;
  }
  return 1.0 - std::exp(-k * r);
}

int draw_jail_term(Draws& draws, int jmax, EpsteinConfig::JailTermDraw how) {
  if (jmax <= 0) return 0;
  const auto n = static_cast<std::uint32_t>(how == EpsteinConfig::JailTermDraw::ZeroToJmax ? jmax + 1 : jmax);
  return static_cast<int>(draws.below(n));
}

std::vector<Outburst> detect_outbursts(std::span<const std::int32_t> active, std::int32_t citizens, double threshold,
                                       int first_step) {
  std::vector<Outburst> out;
  if (citizens <= 0) return out;
  bool in = false;
  for (std::size_t i = 0; i < active.size(); ++i) {
    const double share = static_cast<double>(active[i]) / static_cast<double>(citizens);
    const int step = first_step + static_cast<int>(i);
    if (share > threshold) {
      if (!in) {
        out.push_back({step, 0, share, step, false});
        in = true;
      }
      Outburst& o = out.back();
      ++o.length;
      if (share > o.peak_share) {
        o.peak_share = share;
        o.peak_step = step;
      }
    } else if (in) {
      out.back().ended = true;
      in = false;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The model

EpsteinModel::EpsteinModel(const EpsteinConfig& config, std::uint64_t seed, std::uint32_t replicate)
    : config_(config),
      key_{seed, replicate},
      grid_(std::make_unique<const Grid>(config.width, config.height, true)),
      query_(*grid_, config.vision_shape, config.vision) {
  namespace st = epstein_streams;
  const std::uint32_t cells = grid_->size();
  if (2 * config_.vision + 1 > std::min(config_.width, config_.height)) {
    throw std::invalid_argument("epstein: vision wraps around the torus; use a smaller vision or larger grid");
  }
  // Placement: which cells hold citizens and which cops, in the order the agents are numbered.
  std::vector<std::uint32_t> citizen_cells, cop_cells;
  if (config_.placement == EpsteinConfig::Placement::Exact) {
    // Cells in a random order (a sort by keyed priority); citizens take the first ones, then
    // the cops.
    n_citizens_ = config_.citizens();
    n_cops_ = config_.initial_cops();
    if (n_citizens_ + n_cops_ > cells) {
      throw std::invalid_argument("epstein: citizens and cops do not fit on the grid (check the densities)");
    }
    std::vector<std::uint64_t> shuffled(cells);
    for (std::uint32_t c = 0; c < cells; ++c) {
      Draws d(key_, st::kPlace, 0, c);
      shuffled[c] = (static_cast<std::uint64_t>(d.bits()) << 32) | c;
    }
    std::sort(shuffled.begin(), shuffled.end());
    for (std::uint32_t i = 0; i < n_citizens_ + n_cops_; ++i)
      (i < n_citizens_ ? citizen_cells : cop_cells).push_back(static_cast<std::uint32_t>(shuffled[i]));
  } else {
    // One draw per cell, in cell order: citizen, cop or empty.
    for (std::uint32_t c = 0; c < cells; ++c) {
      Draws d(key_, st::kPlace, 0, c);
      const double u = d.uniform();
      if (u < config_.citizen_density) {
        citizen_cells.push_back(c);
      } else if (u < config_.citizen_density + config_.cop_density) {
        cop_cells.push_back(c);
      }
    }
    n_citizens_ = static_cast<std::uint32_t>(citizen_cells.size());
    n_cops_ = static_cast<std::uint32_t>(cop_cells.size());
  }
  const std::uint32_t max_cops = config_.cop_change ? std::max(n_cops_, config_.changed_cops()) : n_cops_;
  if (n_citizens_ + max_cops > cells) {
    throw std::invalid_argument("epstein: citizens and cops do not fit on the grid (check the densities)");
  }

  // Vision: the engine's query seen from a cell whose neighbourhood does not wrap, as offsets.
  {
    const int r = config_.vision, w = config_.width, h = config_.height;
    const std::uint32_t centre = grid_->index(r, r);
    query_.for_each(centre, [&](std::uint32_t x) {
      // centre = (r, r), so x_of(x) = dx + r and y_of(x) = dy + r.
      const auto col = static_cast<std::uint32_t>(grid_->x_of(x)), row = static_cast<std::uint32_t>(grid_->y_of(x));
      if (!runs_.empty() && runs_.back().row == row && runs_.back().col + runs_.back().length == col) {
        ++runs_.back().length;
      } else {
        runs_.push_back({row, col, 1});
      }
    });
    for (int x = -r; x < w + r; ++x) wrap_col_.push_back(static_cast<std::uint32_t>((x % w + w) % w));
    for (int y = -r; y < h + r; ++y) {
      wrap_row_.push_back(static_cast<std::uint32_t>((y % h + h) % h) * static_cast<std::uint32_t>(w));
    }
  }
  p_of_ratio_.resize(query_.max_neighbours() + 1);
  for (std::size_t n = 0; n < p_of_ratio_.size(); ++n) {
    p_of_ratio_[n] = 1.0 - std::exp(-config_.k * static_cast<double>(n));
  }

  hardship_.resize(n_citizens_);
  risk_.resize(n_citizens_);
  state_.assign(n_citizens_, CitizenState::Quiet);
  cell_.resize(n_citizens_);
  jail_left_.assign(n_citizens_, 0);
  next_active_.assign(n_citizens_, 0);
  cop_cell_.assign(max_cops, 0);
  kind_.assign(cells, Occupant::Empty);
  occupant_.assign(cells, 0);
  order_.reserve(n_citizens_ + max_cops);
  candidates_.assign(query_.max_neighbours(), 0);

  // Traits are keyed by citizen, so they do not depend on the cops.
  for (std::uint32_t i = 0; i < n_citizens_; ++i) {
    const std::uint32_t cell = citizen_cells[i];
    cell_[i] = cell;
    kind_[cell] = Occupant::QuietCitizen;
    occupant_[cell] = i;
    Draws d(key_, st::kInit, 0, i);
    hardship_[i] = d.uniform();
    risk_[i] = d.uniform();
  }
  for (std::uint32_t j = 0; j < n_cops_; ++j) {
    const std::uint32_t cell = cop_cells[j];
    cop_cell_[j] = cell;
    kind_[cell] = Occupant::Cop;
    occupant_[cell] = j;
  }
  legitimacy_ = config_.legitimacy_at(0);
}

std::uint32_t EpsteinModel::random_empty_cell(Draws& draws) const {
  // REQUIRES: at least one empty cell. Rejection first; a scan from a random cell if unlucky.
  const std::uint32_t cells = grid_->size();
  for (int attempt = 0; attempt < 64; ++attempt) {
    const std::uint32_t c = draws.below(cells);
    if (kind_[c] == Occupant::Empty) return c;
  }
  const std::uint32_t start = draws.below(cells);
  for (std::uint32_t i = 0; i < cells; ++i) {
    const std::uint32_t c = (start + i) % cells;
    if (kind_[c] == Occupant::Empty) return c;
  }
  throw std::logic_error("epstein: no empty cell (citizens and cops fill the grid)");
}

void EpsteinModel::set_cops(std::uint32_t n) {
  // Removing keeps the cops with the lowest indices (their cells are random); adding puts new
  // cops on random empty cells.
  while (n_cops_ > n) {
    --n_cops_;
    kind_[cop_cell_[n_cops_]] = Occupant::Empty;
  }
  while (n_cops_ < n) {
    Draws d(key_, epstein_streams::kCops, step_, cop_agent(n_cops_));
    const std::uint32_t cell = random_empty_cell(d);
    cop_cell_[n_cops_] = cell;
    kind_[cell] = Occupant::Cop;
    occupant_[cell] = n_cops_;
    ++n_cops_;
  }
}

void EpsteinModel::set_state(std::uint32_t citizen, CitizenState s) {
  const CitizenState old = state_[citizen];
  if (old == s) return;
  active_ += (s == CitizenState::Active) - (old == CitizenState::Active);
  jailed_ += (s == CitizenState::Jailed) - (old == CitizenState::Jailed);
  state_[citizen] = s;
  const std::uint32_t cell = cell_[citizen];
  switch (s) {
    case CitizenState::Quiet:
      kind_[cell] = Occupant::QuietCitizen;
      break;
    case CitizenState::Active:
      kind_[cell] = Occupant::ActiveCitizen;
      break;
    case CitizenState::Jailed:
      kind_[cell] = config_.jail == EpsteinConfig::Jail::StayOnCell ? Occupant::JailedCitizen : Occupant::Empty;
      break;
  }
  occupant_[cell] = citizen;
}

void EpsteinModel::put_back(std::uint32_t c) {
  std::uint32_t cell = cell_[c];
  if (kind_[cell] != Occupant::Empty && kind_[cell] != Occupant::JailedCitizen) {  // taken while it was away
    Draws d(key_, epstein_streams::kRelease, step_, c);
    std::uint32_t n = 0;
    for_each_in_vision(cell, [&](std::uint32_t x) {
      if (kind_[x] == Occupant::Empty) candidates_[n++] = x;
    });
    cell = n > 0 ? candidates_[d.below(n)] : random_empty_cell(d);
  }
  cell_[c] = cell;
  set_state(c, CitizenState::Quiet);
}

void EpsteinModel::release_phase() {
  if (jailed_ == 0 || config_.infinite_jail || config_.jail_countdown == EpsteinConfig::JailCountdown::OwnTurn) return;
  for (std::uint32_t c = 0; c < n_citizens_; ++c) {
    if (state_[c] != CitizenState::Jailed) continue;
    if (jail_left_[c] > 0) {
      --jail_left_[c];
      continue;
    }
    put_back(c);
  }
}

void EpsteinModel::build_order() {
  order_.clear();
  auto add = [&](std::uint32_t agent) {
    Draws d(key_, epstein_streams::kOrder, step_, agent);
    order_.push_back((static_cast<std::uint64_t>(d.bits()) << 32) | agent);
  };
  const bool own_turn = config_.jail_countdown == EpsteinConfig::JailCountdown::OwnTurn;
  for (std::uint32_t c = 0; c < n_citizens_; ++c) {
    if (own_turn || state_[c] != CitizenState::Jailed) add(c);
  }
  for (std::uint32_t j = 0; j < n_cops_; ++j) add(cop_agent(j));
  std::sort(order_.begin(), order_.end());
}

void EpsteinModel::move(std::uint32_t agent, std::uint32_t& cell) {
  // Branch-free collection of the empty cells (an empty cell is a coin flip for the predictor).
  std::uint32_t n = 0;
  std::uint32_t* out = candidates_.data();
  const Occupant* kind = kind_.data();
  for_each_in_vision(cell, [&](std::uint32_t x) {
    out[n] = x;
    n += kind[x] == Occupant::Empty;
  });
  if (n == 0) return;
  Draws d(key_, epstein_streams::kMove, step_, agent);
  const std::uint32_t to = candidates_[d.below(n)];
  kind_[to] = kind_[cell];
  occupant_[to] = occupant_[cell];
  kind_[cell] = Occupant::Empty;
  cell = to;
}

bool EpsteinModel::decide(std::uint32_t citizen) const {
  int cops = 0, actives = 0;
  const Occupant* kind = kind_.data();
  for_each_in_vision(cell_[citizen], [&](std::uint32_t x) {
    const Occupant o = kind[x];
    cops += o == Occupant::Cop;
    actives += o == Occupant::ActiveCitizen;
  });
  int counting_self = actives + 1;
  if (config_.self_count == EpsteinConfig::SelfCount::TwiceWhenActive && state_[citizen] == CitizenState::Active) {
    ++counting_self;
  }
  double p;
  if (config_.rounding == EpsteinConfig::Rounding::Floor) {
    p = p_of_ratio_[static_cast<std::size_t>(cops / counting_self)];
  } else {
    p = estimated_arrest_probability(cops, counting_self, config_.k, config_.rounding);
  }
  const double grievance = hardship_[citizen] * (1.0 - legitimacy_);
  return grievance - risk_[citizen] * p > config_.threshold;
}

void EpsteinModel::arrest(std::uint32_t cop) {
  std::uint32_t n = 0;
  std::uint32_t* out = candidates_.data();
  const Occupant* kind = kind_.data();
  for_each_in_vision(cop_cell_[cop], [&](std::uint32_t x) {
    out[n] = x;
    n += kind[x] == Occupant::ActiveCitizen;
  });
  if (n == 0) return;
  Draws d(key_, epstein_streams::kArrest, step_, cop_agent(cop));
  const std::uint32_t citizen = occupant_[candidates_[d.below(n)]];
  Draws term(key_, epstein_streams::kJail, step_, citizen);
  jail_left_[citizen] = draw_jail_term(term, config_.max_jail_term, config_.jail_term_draw);
  set_state(citizen, CitizenState::Jailed);
}

void EpsteinModel::step() {
  ++step_;
  legitimacy_ = config_.legitimacy_at(step_);
  if (config_.cop_change && step_ == std::max(1, config_.cop_change_step)) set_cops(config_.changed_cops());
  release_phase();
  build_order();

  if (config_.activation == EpsteinConfig::Activation::RandomSequential) {
    for (const std::uint64_t key : order_) {
      const auto agent = static_cast<std::uint32_t>(key);
      if (agent < n_citizens_) {
        citizen_turn(agent);
      } else {
        cop_turn(agent - n_citizens_);
      }
    }
    return;
  }

  // Synchronous: move, then decide all at once, then arrest (act_then_move: the moves last).
  const bool move_first = config_.rule_order == EpsteinConfig::RuleOrder::MoveThenAct;
  const auto move_all = [&] {
    for (const std::uint64_t key : order_) {
      const auto agent = static_cast<std::uint32_t>(key);
      if (agent < n_citizens_) {
        if (config_.movement && state_[agent] != CitizenState::Jailed) move(agent, cell_[agent]);
      } else {
        move(agent, cop_cell_[agent - n_citizens_]);
      }
    }
  };
  if (move_first) move_all();
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, n_citizens_, 1024),
                    [&](const tbb::blocked_range<std::uint32_t>& r) {
                      for (std::uint32_t c = r.begin(); c != r.end(); ++c) {
                        next_active_[c] = state_[c] != CitizenState::Jailed && decide(c);
                      }
                    });
  for (std::uint32_t c = 0; c < n_citizens_; ++c) {
    if (state_[c] == CitizenState::Jailed) continue;
    set_state(c, next_active_[c] ? CitizenState::Active : CitizenState::Quiet);
  }
  for (const std::uint64_t key : order_) {
    const auto agent = static_cast<std::uint32_t>(key);
    if (agent >= n_citizens_) arrest(agent - n_citizens_);
  }
  if (!move_first) move_all();
}

void EpsteinModel::citizen_turn(std::uint32_t c) {
  if (state_[c] == CitizenState::Jailed) {
    // Release phase: arrested earlier in this step, so no turn. Own turn: count the term down.
    if (config_.jail_countdown == EpsteinConfig::JailCountdown::ReleasePhase || config_.infinite_jail) return;
    if (jail_left_[c] > 0) {
      --jail_left_[c];
      return;
    }
    put_back(c);
  }
  if (config_.rule_order == EpsteinConfig::RuleOrder::MoveThenAct) {
    if (config_.movement) move(c, cell_[c]);
    set_state(c, decide(c) ? CitizenState::Active : CitizenState::Quiet);
  } else {
    set_state(c, decide(c) ? CitizenState::Active : CitizenState::Quiet);
    if (config_.movement) move(c, cell_[c]);
  }
}

void EpsteinModel::cop_turn(std::uint32_t cop) {
  if (config_.rule_order == EpsteinConfig::RuleOrder::MoveThenAct) {
    move(cop_agent(cop), cop_cell_[cop]);
    arrest(cop);
  } else {
    arrest(cop);
    move(cop_agent(cop), cop_cell_[cop]);
  }
}

void EpsteinModel::vision_cells(std::uint32_t cell, std::vector<std::uint32_t>& out) const {
  out.clear();
  for_each_in_vision(cell, [&](std::uint32_t x) { out.push_back(x); });
}

std::string EpsteinModel::check_invariants() const {
  const std::uint32_t cells = grid_->size();
  std::int32_t quiet = 0, active = 0, jailed = 0;
  std::vector<std::uint8_t> seen(cells, 0);
  for (std::uint32_t c = 0; c < n_citizens_; ++c) {
    const CitizenState s = state_[c];
    if (s == CitizenState::Jailed) {
      ++jailed;
      if (!config_.infinite_jail && jail_left_[c] < 0) return "citizen " + std::to_string(c) + " has a negative term";
      if (config_.jail == EpsteinConfig::Jail::LeaveGrid) continue;
      const std::uint32_t cell = cell_[c];
      if (cell >= cells || seen[cell]++) return "jailed citizen " + std::to_string(c) + " has no cell of its own";
      if (kind_[cell] != Occupant::JailedCitizen || occupant_[cell] != c) {
        return "cell " + std::to_string(cell) + " does not record jailed citizen " + std::to_string(c);
      }
      continue;
    }
    (s == CitizenState::Active ? active : quiet) += 1;
    const std::uint32_t cell = cell_[c];
    if (cell >= cells) return "citizen " + std::to_string(c) + " is off the grid";
    if (seen[cell]++) return "two agents on cell " + std::to_string(cell);
    const Occupant want = s == CitizenState::Active ? Occupant::ActiveCitizen : Occupant::QuietCitizen;
    if (kind_[cell] != want || occupant_[cell] != c) {
      return "cell " + std::to_string(cell) + " does not record citizen " + std::to_string(c);
    }
  }
  for (std::uint32_t j = 0; j < n_cops_; ++j) {
    const std::uint32_t cell = cop_cell_[j];
    if (cell >= cells) return "cop " + std::to_string(j) + " is off the grid";
    if (seen[cell]++) return "two agents on cell " + std::to_string(cell);
    if (kind_[cell] != Occupant::Cop || occupant_[cell] != j) {
      return "cell " + std::to_string(cell) + " does not record cop " + std::to_string(j);
    }
  }
  for (std::uint32_t cell = 0; cell < cells; ++cell) {
    if (!seen[cell] && kind_[cell] != Occupant::Empty) return "cell " + std::to_string(cell) + " is marked occupied";
  }
  if (quiet + active + jailed != static_cast<std::int32_t>(n_citizens_)) return "states do not add up to the citizens";
  if (active != active_ || jailed != jailed_) {
    return "running counts (active " + std::to_string(active_) + ", jailed " + std::to_string(jailed_) +
           ") differ from the state (active " + std::to_string(active) + ", jailed " + std::to_string(jailed) + ")";
  }
  const EpsteinStepCounts k = counts();
  if (k.quiet + k.active + k.jailed != static_cast<std::int32_t>(n_citizens_)) return "counts do not add up";
  return "";
}

// ---------------------------------------------------------------------------------------------
// Runs

EpsteinResult run_epstein(const EpsteinConfig& config, std::uint64_t seed, std::uint32_t replicate, int steps,
                          const std::function<bool()>& stop) {
  EpsteinModel model(config, seed, replicate);
  EpsteinResult r;
  r.citizens = model.citizens();
  const auto n = static_cast<std::size_t>(std::max(steps, 0));
  r.quiet.reserve(n);
  r.active.reserve(n);
  r.jailed.reserve(n);
  r.cops.reserve(n);
  r.legitimacy.reserve(n);
  for (int s = 0; s < steps; ++s) {
    if (stop && stop()) break;
    model.step();
    const EpsteinStepCounts k = model.counts();
    r.quiet.push_back(k.quiet);
    r.active.push_back(k.active);
    r.jailed.push_back(k.jailed);
    r.cops.push_back(model.cops_on_grid());
    r.legitimacy.push_back(model.legitimacy());
  }
  r.outbursts = detect_outbursts(r.active, r.citizens, config.outburst_threshold);
  return r;
}

EpsteinResult run_epstein(const Params& params, std::uint64_t seed, std::uint32_t replicate, int steps) {
  return run_epstein(EpsteinConfig::from_params(params), seed, replicate, steps);
}

}  // namespace buurtsim
