#include "model/response.hpp"

#include <array>

namespace buurtsim::response {
namespace {

constexpr int kSteps = 16384;
constexpr double kLo = -8.0, kHi = 8.0, kStep = (kHi - kLo) / kSteps;

const std::array<double, kSteps + 1>& table() {
  static const std::array<double, kSteps + 1> t = [] {
    std::array<double, kSteps + 1> v{};
    for (int i = 0; i <= kSteps; ++i)
      v[static_cast<std::size_t>(i)] = 0.5 * std::erfc(-(kLo + i * kStep) / std::sqrt(2.0));
    return v;
  }();
  return t;
}

}  // namespace

double normal_cdf(double x) {
  if (!(x > kLo)) return x != x ? x : 0.0;  // NaN stays NaN
  if (x >= kHi) return 1.0;
  const double pos = (x - kLo) / kStep;
  const auto i = static_cast<std::size_t>(pos);
  const auto& t = table();
  if (i >= static_cast<std::size_t>(kSteps)) return t[kSteps];  // x a hair below kHi rounds up
  const double f = pos - static_cast<double>(i);
  return t[i] + f * (t[i + 1] - t[i]);
}

double expected_grade_exact(double mu, double sd, int lo, int hi) {
  double e = lo;
  for (int k = lo; k < hi; ++k) e += sd > 0 ? 1.0 - normal_cdf((k + 0.5 - mu) / sd) : (mu >= k + 0.5 ? 1.0 : 0.0);
  return e;
}

GradeExpectation::GradeExpectation(double sd, int lo, int hi) : lo_(lo), hi_(hi) {
  const double margin = 8.0 * sd + 1.0;
  first_ = lo - margin;
  const double last = hi + margin;
  step_ = 0.002;
  const auto n = static_cast<std::size_t>((last - first_) / step_) + 2;
  table_.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    table_[i] = expected_grade_exact(first_ + static_cast<double>(i) * step_, sd, lo, hi);
}

double GradeExpectation::operator()(double mu) const {
  const double pos = (mu - first_) / step_;
  if (!(pos > 0)) return lo_;
  const auto i = static_cast<std::size_t>(pos);
  if (i + 1 >= table_.size()) return hi_;
  const double f = pos - static_cast<double>(i);
  return table_[i] + f * (table_[i + 1] - table_[i]);
}

}  // namespace buurtsim::response
