#include "experiments/analysis/discounting.hpp"

#include <cmath>

namespace buurtsim::cba {

double discount_factor(double annual_rate, std::size_t week) {
  return std::pow(1.0 + annual_rate, -static_cast<double>(week) / 52.0);
}

double weekly_annuity_factor(double annual_rate, std::size_t weeks) {
  // Geometric series with weekly factor q = (1 + r)^(-1/52): (1 - q^n) / (1 - q).
  const double q = std::pow(1.0 + annual_rate, -1.0 / 52.0);
  const auto n = static_cast<double>(weeks);
  if (q == 1.0) return n;
  return (1.0 - std::pow(q, n)) / (1.0 - q);
}

double annuity_factor(double annual_rate, double years) {
  if (annual_rate == 0.0) return years;
  return (1.0 - std::pow(1.0 + annual_rate, -years)) / annual_rate;
}

double equivalent_annual_amount(double present_value, double annual_rate, double years) {
  const double a = annuity_factor(annual_rate, years);
  return a > 0 ? present_value / a : 0.0;
}

}  // namespace buurtsim::cba
