// The Epstein model as a whole, over short runs: invariants at every step, determinism, common
// random numbers, and the bookkeeping of jail, cops and legitimacy.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "model/epstein/epstein.hpp"

namespace buurtsim {
namespace {

using CitizenState = EpsteinModel::CitizenState;

struct Variant {
  std::string name;
  EpsteinConfig config;
};

// The Mesa 3.2.0 example's reading (configs/validation/epstein_mesa.toml).
void mesa(EpsteinConfig& c) {
  c.rounding = EpsteinConfig::Rounding::Round;
  c.placement = EpsteinConfig::Placement::PerCell;
  c.jail = EpsteinConfig::Jail::StayOnCell;
  c.jail_countdown = EpsteinConfig::JailCountdown::OwnTurn;
  c.rule_order = EpsteinConfig::RuleOrder::ActThenMove;
}

std::vector<Variant> variants() {
  std::vector<Variant> v;
  v.push_back({"defaults", {}});
  auto add = [&](std::string name, auto edit) {
    EpsteinConfig c;
    edit(c);
    v.push_back({std::move(name), c});
  };
  add("moore", [](EpsteinConfig& c) { c.vision_shape = NeighbourhoodShape::Moore; });
  add("round", [](EpsteinConfig& c) { c.rounding = EpsteinConfig::Rounding::Round; });
  add("none", [](EpsteinConfig& c) { c.rounding = EpsteinConfig::Rounding::None; });
  add("twice", [](EpsteinConfig& c) { c.self_count = EpsteinConfig::SelfCount::TwiceWhenActive; });
  add("jmax-1", [](EpsteinConfig& c) { c.jail_term_draw = EpsteinConfig::JailTermDraw::ZeroToJmaxMinus1; });
  add("synchronous", [](EpsteinConfig& c) { c.activation = EpsteinConfig::Activation::Synchronous; });
  add("still", [](EpsteinConfig& c) { c.movement = false; });
  add("jmax0", [](EpsteinConfig& c) { c.max_jail_term = 0; });
  add("forever", [](EpsteinConfig& c) { c.infinite_jail = true; });
  add("crowded", [](EpsteinConfig& c) {  // 2 empty cells of 400: release and movement squeezed
    c.width = c.height = 20;
    c.vision = 3;
    c.citizen_density = 0.9;
    c.cop_density = 0.095;
  });
  add("legitimacy-ramp", [](EpsteinConfig& c) {
    c.legitimacy = 0.9;
    c.legitimacy_change = true;
    c.legitimacy_change_start = 20;
    c.legitimacy_change_end = 120;
    c.legitimacy_target = 0.3;
  });
  add("fewer-cops", [](EpsteinConfig& c) {
    c.cop_change = true;
    c.cop_change_step = 50;
    c.cop_change_density = 0.01;
  });
  add("more-cops", [](EpsteinConfig& c) {
    c.cop_change = true;
    c.cop_change_step = 50;
    c.cop_change_density = 0.1;
  });
  add("per-cell", [](EpsteinConfig& c) { c.placement = EpsteinConfig::Placement::PerCell; });
  add("stay-on-cell", [](EpsteinConfig& c) { c.jail = EpsteinConfig::Jail::StayOnCell; });
  add("own-turn", [](EpsteinConfig& c) { c.jail_countdown = EpsteinConfig::JailCountdown::OwnTurn; });
  add("act-then-move", [](EpsteinConfig& c) { c.rule_order = EpsteinConfig::RuleOrder::ActThenMove; });
  add("synchronous-act-then-move", [](EpsteinConfig& c) {
    c.activation = EpsteinConfig::Activation::Synchronous;
    c.rule_order = EpsteinConfig::RuleOrder::ActThenMove;
  });
  add("mesa", [](EpsteinConfig& c) { mesa(c); });
  add("mesa-jmax0", [](EpsteinConfig& c) {
    mesa(c);
    c.max_jail_term = 0;
  });
  add("mesa-forever", [](EpsteinConfig& c) {
    mesa(c);
    c.infinite_jail = true;
  });
  add("mesa-crowded", [](EpsteinConfig& c) {
    mesa(c);
    c.width = c.height = 20;
    c.vision = 3;
    c.citizen_density = 0.9;
    c.cop_density = 0.095;
  });
  add("mesa-more-cops", [](EpsteinConfig& c) {
    mesa(c);
    c.cop_change = true;
    c.cop_change_step = 50;
    c.cop_change_density = 0.1;
  });
  add("small-torus", [](EpsteinConfig& c) {
    c.width = 15;
    c.height = 9;
    c.vision = 4;
    c.vision_shape = NeighbourhoodShape::Moore;
  });
  return v;
}

TEST(EpsteinModel, InvariantsHoldAtEveryStepUnderEveryVariant) {
  for (const Variant& v : variants()) {
    EpsteinModel m(v.config, 11, 0);
    ASSERT_EQ(m.check_invariants(), "") << v.name << " at the start";
    const std::int32_t cops_before = m.cops_on_grid();  // drawn under per-cell placement
    std::int32_t max_active = 0;
    for (int t = 1; t <= 200; ++t) {
      m.step();
      ASSERT_EQ(m.steps_done(), t);
      ASSERT_EQ(m.check_invariants(), "") << v.name << " at step " << t;
      const EpsteinStepCounts k = m.counts();
      ASSERT_EQ(k.quiet + k.active + k.jailed, m.citizens()) << v.name;
      ASSERT_GE(k.quiet, 0);
      ASSERT_GE(k.active, 0);
      ASSERT_GE(k.jailed, 0);
      max_active = std::max(max_active, k.active);
      const std::int32_t cops = v.config.cop_change && t >= v.config.cop_change_step
                                    ? static_cast<std::int32_t>(v.config.changed_cops())
                                    : cops_before;
      ASSERT_EQ(m.cops_on_grid(), cops) << v.name << " at step " << t;
      ASSERT_DOUBLE_EQ(m.legitimacy(), v.config.legitimacy_at(t));
    }
    EXPECT_GT(max_active, 0) << v.name << ": nobody ever turned active";
  }
}

TEST(EpsteinModel, StartsWithQuietCitizensWithUniformTraitsOnDistinctCells) {
  const EpsteinConfig c;
  EpsteinModel m(c, 3, 0);
  EXPECT_EQ(m.citizens(), 1120);
  EXPECT_EQ(m.cops_on_grid(), 64);
  EXPECT_EQ(m.counts().quiet, 1120);
  double mean_h = 0, mean_r = 0;
  for (std::size_t i = 0; i < m.hardship().size(); ++i) {
    ASSERT_GE(m.hardship()[i], 0.0);
    ASSERT_LT(m.hardship()[i], 1.0);
    ASSERT_GE(m.risk_aversion()[i], 0.0);
    ASSERT_LT(m.risk_aversion()[i], 1.0);
    mean_h += m.hardship()[i];
    mean_r += m.risk_aversion()[i];
  }
  // U(0,1) means: sd of a mean of 1120 draws is 0.0086; allow 5 sd.
  EXPECT_NEAR(mean_h / 1120, 0.5, 0.043);
  EXPECT_NEAR(mean_r / 1120, 0.5, 0.043);
  EXPECT_EQ(m.check_invariants(), "");
}

TEST(EpsteinModel, SameSeedSameRunOtherReplicateOrSeedOtherRun) {
  const EpsteinConfig c;
  const EpsteinResult a = run_epstein(c, 42, 0, 300);
  const EpsteinResult b = run_epstein(c, 42, 0, 300);
  EXPECT_EQ(a.quiet, b.quiet);
  EXPECT_EQ(a.active, b.active);
  EXPECT_EQ(a.jailed, b.jailed);
  EXPECT_EQ(a.outbursts.size(), b.outbursts.size());
  const EpsteinResult other_replicate = run_epstein(c, 42, 1, 300);
  const EpsteinResult other_seed = run_epstein(c, 43, 0, 300);
  EXPECT_NE(a.active, other_replicate.active);
  EXPECT_NE(a.active, other_seed.active);
  EXPECT_NE(a.jailed, other_replicate.jailed);
}

TEST(EpsteinModel, ResultsDoNotDependOnTheThreadCount) {
  for (auto activation : {EpsteinConfig::Activation::Synchronous, EpsteinConfig::Activation::RandomSequential}) {
    EpsteinConfig c;
    c.activation = activation;
    c.width = c.height = 80;  // several TBB chunks of decisions
    std::vector<EpsteinResult> runs;
    for (int threads : {1, 2, 4}) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
      runs.push_back(run_epstein(c, 5, 2, 120));
    }
    runs.push_back(run_epstein(c, 5, 2, 120));  // TBB's default
    for (std::size_t i = 1; i < runs.size(); ++i) {
      EXPECT_EQ(runs[i].active, runs[0].active) << i;
      EXPECT_EQ(runs[i].jailed, runs[0].jailed) << i;
    }
  }
}

TEST(EpsteinModel, RunFromParamsEqualsRunFromConfig) {
  Params p;
  p.epstein.legitimacy = 0.8;
  p.epstein.vision = 5;
  const EpsteinResult a = run_epstein(p, 9, 3, 150);
  EpsteinConfig c;
  c.legitimacy = 0.8;
  c.vision = 5;
  const EpsteinResult b = run_epstein(c, 9, 3, 150);
  EXPECT_EQ(a.active, b.active);
  EXPECT_EQ(a.jailed, b.jailed);
  ASSERT_EQ(a.active.size(), 150u);
  EXPECT_EQ(a.citizens, 1120);
}

TEST(EpsteinModel, CitizenTraitsDoNotDependOnTheCops) {
  // Common random numbers: the init stream is keyed by citizen, placement by cell.
  EpsteinConfig few, many;
  many.cop_density = 0.08;
  const EpsteinModel a(few, 21, 4), b(many, 21, 4);
  ASSERT_EQ(a.citizens(), b.citizens());
  for (std::size_t i = 0; i < a.hardship().size(); ++i) {
    ASSERT_EQ(a.hardship()[i], b.hardship()[i]);
    ASSERT_EQ(a.risk_aversion()[i], b.risk_aversion()[i]);
    ASSERT_EQ(a.citizen_cell()[i], b.citizen_cell()[i]);
  }
}

TEST(EpsteinModel, JailTermsCountDownOnePerStep) {
  EpsteinConfig c;
  c.legitimacy = 0.7;  // plenty of arrests
  EpsteinModel m(c, 8, 0);
  std::vector<CitizenState> state(m.citizen_state().begin(), m.citizen_state().end());
  std::vector<std::int32_t> left(m.jail_left().begin(), m.jail_left().end());
  int checked = 0;
  for (int t = 1; t <= 150; ++t) {
    m.step();
    for (std::size_t i = 0; i < state.size(); ++i) {
      if (state[i] == CitizenState::Jailed && left[i] > 0) {
        ASSERT_EQ(m.citizen_state()[i], CitizenState::Jailed) << "citizen " << i << " step " << t;
        ASSERT_EQ(m.jail_left()[i], left[i] - 1);
        ++checked;
      }
      ASSERT_LE(m.jail_left()[i], c.max_jail_term);
    }
    state.assign(m.citizen_state().begin(), m.citizen_state().end());
    left.assign(m.jail_left().begin(), m.jail_left().end());
  }
  EXPECT_GT(checked, 1000);
}

TEST(EpsteinModel, ZeroJailTermsReleaseAtTheNextStep) {
  // With J_max = 0 nobody sits out a step: the jailed are those arrested in this step, at most
  // one per cop.
  EpsteinConfig c;
  c.max_jail_term = 0;
  EpsteinModel m(c, 2, 0);
  std::int32_t total = 0;
  for (int t = 1; t <= 200; ++t) {
    m.step();
    ASSERT_LE(m.counts().jailed, m.cops_on_grid());
    total += m.counts().jailed;
  }
  EXPECT_GT(total, 100);
}

TEST(EpsteinModel, InfiniteJailNeverReleases) {
  EpsteinConfig c;
  c.infinite_jail = true;
  const EpsteinResult r = run_epstein(c, 4, 0, 200);
  for (std::size_t t = 1; t < r.jailed.size(); ++t) ASSERT_GE(r.jailed[t], r.jailed[t - 1]) << t;
  EXPECT_GT(r.jailed.back(), 100);
}

TEST(EpsteinModel, WithoutMovementFreeCitizensStayPut) {
  EpsteinConfig c;
  c.movement = false;
  EpsteinModel m(c, 6, 0);
  std::vector<CitizenState> state(m.citizen_state().begin(), m.citizen_state().end());
  std::vector<std::uint32_t> cell(m.citizen_cell().begin(), m.citizen_cell().end());
  for (int t = 1; t <= 100; ++t) {
    m.step();
    for (std::size_t i = 0; i < state.size(); ++i) {
      if (state[i] != CitizenState::Jailed && m.citizen_state()[i] != CitizenState::Jailed) {
        ASSERT_EQ(m.citizen_cell()[i], cell[i]) << "citizen " << i << " step " << t;
      }
    }
    state.assign(m.citizen_state().begin(), m.citizen_state().end());
    cell.assign(m.citizen_cell().begin(), m.citizen_cell().end());
  }
  // With movement, they do move.
  EpsteinModel moving(EpsteinConfig{}, 6, 0);
  const std::vector<std::uint32_t> before(moving.citizen_cell().begin(), moving.citizen_cell().end());
  moving.step();
  int moved = 0;
  for (std::size_t i = 0; i < before.size(); ++i) moved += moving.citizen_cell()[i] != before[i];
  EXPECT_GT(moved, 1000);
}

TEST(EpsteinModel, JailDrawVariantIsTheOtherRangeShiftedByOne) {
  // 0..J-1 with J = 2 draws exactly what 0..J with J = 1 draws: the runs are identical.
  EpsteinConfig a, b;
  a.max_jail_term = 2;
  a.jail_term_draw = EpsteinConfig::JailTermDraw::ZeroToJmaxMinus1;
  b.max_jail_term = 1;
  const EpsteinResult ra = run_epstein(a, 12, 0, 200), rb = run_epstein(b, 12, 0, 200);
  EXPECT_EQ(ra.active, rb.active);
  EXPECT_EQ(ra.jailed, rb.jailed);
  // And shorter terms jail fewer: 0..1 against 0..2.
  a.max_jail_term = 2;
  a.jail_term_draw = EpsteinConfig::JailTermDraw::ZeroToJmax;
  const EpsteinResult longer = run_epstein(a, 12, 0, 200);
  double mean_short = 0, mean_long = 0;
  for (std::size_t t = 50; t < 200; ++t) {
    mean_short += rb.jailed[t];
    mean_long += longer.jailed[t];
  }
  std::printf("  mean jailed, steps 51-200: terms 0..1 %.1f, terms 0..2 %.1f\n", mean_short / 150, mean_long / 150);
  EXPECT_LT(mean_short * 1.15, mean_long);
}

TEST(EpsteinModel, ResultSeriesRecordLegitimacyAndCops) {
  EpsteinConfig c;
  c.legitimacy = 0.9;
  c.legitimacy_change = true;
  c.legitimacy_change_start = 10;
  c.legitimacy_change_end = 10;
  c.legitimacy_target = 0.7;
  c.cop_change = true;
  c.cop_change_step = 30;
  c.cop_change_density = 0.02;
  const EpsteinResult r = run_epstein(c, 1, 0, 40);
  ASSERT_EQ(r.legitimacy.size(), 40u);
  EXPECT_DOUBLE_EQ(r.legitimacy[8], 0.9);  // step 9
  EXPECT_DOUBLE_EQ(r.legitimacy[9], 0.7);  // step 10
  EXPECT_EQ(r.cops[28], 64);               // step 29
  EXPECT_EQ(r.cops[29], 32);               // step 30
  for (std::size_t t = 0; t < 40; ++t) EXPECT_EQ(r.quiet[t] + r.active[t] + r.jailed[t], r.citizens);
  // A change at step 1 applies from the first step.
  c.cop_change_step = 1;
  EXPECT_EQ(run_epstein(c, 1, 0, 1).cops[0], 32);
}

TEST(EpsteinModel, AMovedModelCarriesOn) {
  EpsteinModel a(EpsteinConfig{}, 5, 0), b(EpsteinConfig{}, 5, 0);
  for (int t = 0; t < 10; ++t) {
    a.step();
    b.step();
  }
  EpsteinModel moved(std::move(b));
  for (int t = 0; t < 20; ++t) {
    a.step();
    moved.step();
    ASSERT_EQ(a.counts().active, moved.counts().active);
  }
  EXPECT_EQ(moved.check_invariants(), "");
}

TEST(EpsteinModel, PerCellPlacementDrawsTheCountsAroundTheirExpectation) {
  // Citizens ~ Binomial(1600, 0.70), sd 18.3; cops ~ Binomial(1600, 0.04), sd 7.8. Over 30
  // replicates the means lie within 3 standard errors of 1120 and 64 (10.0 and 4.3), and the
  // counts are not all equal.
  EpsteinConfig c;
  c.placement = EpsteinConfig::Placement::PerCell;
  double citizens = 0, cops = 0;
  std::vector<std::int32_t> seen;
  constexpr int kReplicates = 30;
  for (std::uint32_t r = 0; r < kReplicates; ++r) {
    EpsteinModel m(c, 5, r);
    ASSERT_EQ(m.check_invariants(), "");
    ASSERT_EQ(m.counts().quiet, m.citizens());
    citizens += m.citizens();
    cops += m.cops_on_grid();
    seen.push_back(m.citizens());
  }
  EXPECT_NEAR(citizens / kReplicates, 1120.0, 3 * 18.33 / std::sqrt(kReplicates));
  EXPECT_NEAR(cops / kReplicates, 64.0, 3 * 7.84 / std::sqrt(kReplicates));
  EXPECT_NE(*std::min_element(seen.begin(), seen.end()), *std::max_element(seen.begin(), seen.end()));
}

TEST(EpsteinModel, OnTheirOwnTurnTermsRunDownByOneAStepAndAZeroTermFreesAtTheNextTurn) {
  // Own-turn countdown: every step gives each jailed citizen exactly one turn, so a term left of
  // L > 0 before a step is L - 1 after it (a jailed citizen cannot be arrested again), and a
  // citizen jailed with 0 left before a step is free after it unless arrested anew.
  // With J_max = 0 a citizen arrested before its turn in the same step acts at that turn, so
  // fewer stay jailed at the end of a step than under the release phase, where every arrest of
  // the step is jailed at its end: over steps 51-200 of the same seed, at most 3/4 as many.
  for (const bool stay : {false, true}) {
    EpsteinConfig c;
    c.jail_countdown = EpsteinConfig::JailCountdown::OwnTurn;
    c.jail = stay ? EpsteinConfig::Jail::StayOnCell : EpsteinConfig::Jail::LeaveGrid;
    EpsteinModel m(c, 17, 0);
    std::vector<std::int32_t> left;
    std::vector<CitizenState> state;
    for (int t = 1; t <= 120; ++t) {
      left.assign(m.jail_left().begin(), m.jail_left().end());
      state.assign(m.citizen_state().begin(), m.citizen_state().end());
      m.step();
      for (std::size_t i = 0; i < state.size(); ++i) {
        if (state[i] != CitizenState::Jailed || left[i] == 0) continue;
        ASSERT_EQ(m.citizen_state()[i], CitizenState::Jailed) << "citizen " << i << " at step " << t;
        ASSERT_EQ(m.jail_left()[i], left[i] - 1) << "citizen " << i << " at step " << t;
      }
    }
  }
  double jailed[2] = {0, 0};
  for (int own = 0; own < 2; ++own) {
    EpsteinConfig c;
    c.max_jail_term = 0;
    c.jail_countdown = own ? EpsteinConfig::JailCountdown::OwnTurn : EpsteinConfig::JailCountdown::ReleasePhase;
    EpsteinModel m(c, 17, 0);
    for (int t = 1; t <= 200; ++t) {
      m.step();
      if (t > 50) jailed[own] += m.counts().jailed;
    }
  }
  std::printf("J_max = 0, mean jailed over steps 51-200: release phase %.2f, own turn %.2f\n", jailed[0] / 150,
              jailed[1] / 150);
  EXPECT_LT(jailed[1], 0.75 * jailed[0]);
}

TEST(EpsteinModel, StayingOnTheCellBlocksItForOthers) {
  // With jail = stay_on_cell a jailed citizen's cell is marked jailed (check_invariants checks
  // that it records the citizen) and nobody moves onto it; with leave_grid no cell is.
  for (const bool stay : {false, true}) {
    EpsteinConfig c;
    c.jail = stay ? EpsteinConfig::Jail::StayOnCell : EpsteinConfig::Jail::LeaveGrid;
    EpsteinModel m(c, 23, 0);
    std::int64_t jailed_cells = 0, jailed = 0;
    for (int t = 1; t <= 100; ++t) {
      m.step();
      ASSERT_EQ(m.check_invariants(), "");
      jailed += m.counts().jailed;
      for (const auto o : m.occupancy()) jailed_cells += o == EpsteinModel::Occupant::JailedCitizen;
    }
    ASSERT_GT(jailed, 0);
    EXPECT_EQ(jailed_cells, stay ? jailed : 0);
  }
}

}  // namespace
}  // namespace buurtsim
