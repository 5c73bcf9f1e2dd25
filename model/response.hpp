#pragma once
// Survey response models (docs/odd.md section 8): how an answer follows from latent states.
// The weekly population value of a survey indicator is the expected answer under the same
// model, so the simulated survey estimates exactly what the root datasets report.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "model/params.hpp"

namespace buurtsim::response {

// Standard normal CDF by linear interpolation in a table over [-8, 8] (absolute error below
// 1e-6): pure arithmetic, so identical on every machine, and fast enough to evaluate for every
// resident every week. Inline, because it is: several calls per resident and week.
namespace detail {
inline constexpr int kCdfSteps = 16384;
inline constexpr double kCdfLo = -8.0, kCdfHi = 8.0, kCdfStep = (kCdfHi - kCdfLo) / kCdfSteps;
// Phi at kCdfLo + i * kCdfStep, i = 0..kCdfSteps (filled before main; response.cpp).
extern const std::array<double, kCdfSteps + 1> kCdfTable;
}  // namespace detail

inline double normal_cdf(double x) {
  using namespace detail;
  if (!(x > kCdfLo)) return x != x ? x : 0.0;  // NaN stays NaN
  if (x >= kCdfHi) return 1.0;
  const double pos = (x - kCdfLo) / kCdfStep;
  const auto i = static_cast<std::size_t>(pos);
  if (i >= static_cast<std::size_t>(kCdfSteps)) return kCdfTable[kCdfSteps];  // x a hair below kHi rounds up
  const double f = pos - static_cast<double>(i);
  return kCdfTable[i] + f * (kCdfTable[i + 1] - kCdfTable[i]);
}
inline double normal_pdf(double x) { return 0.3989422804014327 * std::exp(-0.5 * x * x); }

// E[clamp(X, lo, hi)] for X ~ N(mu, sd): the expected answer clamp(round(X), lo, hi) on a
// bounded grade scale (rounding to whole grades changes the mean by a negligible term when sd is
// of the order of a grade; see tests/model/test_response.cpp).
inline double expected_clamped(double mu, double sd, double lo, double hi) {
  if (sd <= 0) return std::clamp(mu, lo, hi);
  const double a = (lo - mu) / sd, b = (hi - mu) / sd;
  const double pa = normal_cdf(a), pb = normal_cdf(b);
  return lo * pa + hi * (1.0 - pb) + mu * (pb - pa) + sd * (normal_pdf(a) - normal_pdf(b));
}

// E[clamp(round(X), lo, hi)] for X ~ N(mu, sd) and whole lo < hi: the expected whole-grade
// answer, exactly: lo + sum over k = lo..hi-1 of P(X >= k + 1/2).
double expected_grade_exact(double mu, double sd, int lo, int hi);

// The same, tabulated once over mu for fixed (sd, lo, hi) and linearly interpolated (error
// below 1e-5), so that it can be evaluated for every resident every week.
class GradeExpectation {
 public:
  GradeExpectation() = default;
  GradeExpectation(double sd, int lo, int hi);
  double operator()(double mu) const {
    const double pos = (mu - first_) / step_;
    if (!(pos > 0)) return lo_;
    const auto i = static_cast<std::size_t>(pos);
    if (i + 1 >= table_.size()) return hi_;
    const double f = pos - static_cast<double>(i);
    return table_[i] + f * (table_[i + 1] - table_[i]);
  }

 private:
  double first_ = 0, step_ = 1, lo_ = 0, hi_ = 0;
  std::vector<double> table_;
};

// A whole grade in [lo, hi] drawn from N(mu, sd) given a standard normal z.
inline double grade_answer(double mu, double sd, double z, double lo, double hi) {
  return std::clamp(std::round(mu + sd * z), lo, hi);
}

// "Do you ever feel unsafe in your own neighbourhood?" — ordered probit on fear averaged over
// about 13 weeks: thresholds 0 (sometimes) and fear.often_threshold (often), scale 1.
inline double p_unsafe_sometimes(double fear_recent) { return normal_cdf(fear_recent); }
inline double p_unsafe_often(double fear_recent, const Params& p) {
  return normal_cdf(fear_recent - p.fear.often_threshold);
}

inline double perceived_disorder(double block_disorder, double bias) { return std::max(0.0, block_disorder + bias); }

// Safety grade 1-10: falls with fear, perceived disorder and perceived crime.
inline double rating_mean(double fear_recent, double perceived, double perceived_crime, const Params& p) {
  return p.survey.rating_intercept - p.survey.rating_fear * fear_recent - p.survey.rating_disorder * perceived -
         p.survey.rating_crime * perceived_crime;
}

inline double p_disorder_high(double perceived, const Params& p) {
  return normal_cdf((perceived - p.disorder.high_threshold) / p.disorder.answer_sd);
}
inline double p_nuisance_high(double nuisance_seen, const Params& p) {
  return normal_cdf((nuisance_seen - p.exposure.nuisance_high_threshold) / p.exposure.nuisance_answer_sd);
}

inline double p_traffic_high(double perceived, const Params& p) {
  return normal_cdf((perceived - p.traffic.high_threshold) / p.traffic.answer_sd);
}

}  // namespace buurtsim::response
