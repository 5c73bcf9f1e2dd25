#include "model/response.hpp"

#include <array>

namespace buurtsim::response {
namespace {

constexpr int kSteps = 16384;
constexpr double kLo = -8.0, kHi = 8.0, kStep = (kHi - kLo) / kSteps;

const std::array<double, kSteps + 1>& table() {
  static const std::array<double, kSteps + 1> t = [] {
    std::array<double, kSteps + 1> v{};
    for (int i = 0; i <= kSteps; ++i) v[static_cast<std::size_t>(i)] = 0.5 * std::erfc(-(kLo + i * kStep) / std::sqrt(2.0));
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
  const double f = pos - static_cast<double>(i);
  const auto& t = table();
  return t[i] + f * (t[i + 1] - t[i]);
}

}  // namespace buurtsim::response
