#pragma once
// What the runner tests share: running an experiment with a given number of threads, and
// comparing results bit for bit.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstring>
#include <vector>

#include "experiments/config/config.hpp"
#include "experiments/runner/runner.hpp"

namespace buurtsim::test_support {

// The experiment's runs in memory, on at most `threads` threads.
inline run::RunResults run_with_threads(const config::Experiment& e, std::size_t threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  run::RunResults out;
  run::run_experiment(e, out, {});
  return out;
}

// Bitwise equality (NaN equals NaN when its bits do).
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// Every array of two runs' results the same to the bit (outcomes held in memory).
inline void expect_same_results(const run::RunResults& a, const run::RunResults& b) {
  EXPECT_TRUE(same_bits(a.outcomes, b.outcomes));
  EXPECT_TRUE(same_bits(a.survey_estimate, b.survey_estimate));
  EXPECT_TRUE(same_bits(a.survey_se, b.survey_se));
  EXPECT_TRUE(same_bits(a.survey_n_kish, b.survey_n_kish));
  EXPECT_TRUE(same_bits(a.survey_truth, b.survey_truth));
  EXPECT_TRUE(same_bits(a.survey_eligible, b.survey_eligible));
  EXPECT_TRUE(same_bits(a.survey_approached, b.survey_approached));
  EXPECT_TRUE(same_bits(a.survey_respondents, b.survey_respondents));
  EXPECT_TRUE(same_bits(a.survey_n_effective, b.survey_n_effective));
  EXPECT_TRUE(same_bits(a.survey_first_week, b.survey_first_week));
  EXPECT_EQ(a.blocks, b.blocks);
  EXPECT_TRUE(same_bits(a.block_disorder, b.block_disorder));
  EXPECT_TRUE(same_bits(a.block_incidents, b.block_incidents));
  EXPECT_TRUE(same_bits(a.layout.x, b.layout.x));
  EXPECT_TRUE(same_bits(a.layout.y, b.layout.y));
  EXPECT_TRUE(same_bits(a.layout.neighbourhood, b.layout.neighbourhood));
  EXPECT_TRUE(same_bits(a.layout.residents, b.layout.residents));
  EXPECT_TRUE(same_bits(a.complete, b.complete));
}

}  // namespace buurtsim::test_support
