#include "model/response.hpp"

#include <array>

namespace buurtsim::response {

// Filled during static initialisation: nothing calls normal_cdf before main (no static object
// of the program tabulates answers).
const std::array<double, detail::kCdfSteps + 1> detail::kCdfTable = [] {
  std::array<double, kCdfSteps + 1> v{};
  for (int i = 0; i <= kCdfSteps; ++i)
    v[static_cast<std::size_t>(i)] = 0.5 * std::erfc(-(kCdfLo + i * kCdfStep) / std::sqrt(2.0));
  return v;
}();

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

}  // namespace buurtsim::response
