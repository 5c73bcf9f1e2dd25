#pragma once
// Discounting for the cost-benefit analysis (docs/cost-benefit.md, "Horizon and discounting").
// Convention: a flow booked in recorded week w (w = 0, 1, ...) is discounted to the start of
// recorded week 0 with the factor (1 + rate)^(-w / 52): week 0 is not discounted, a flow one
// year (52 weeks) later by one full year of the annual rate.
#include <cstddef>

namespace buurtsim::cba {

// (1 + annual_rate)^(-week / 52).
double discount_factor(double annual_rate, std::size_t week);

// Present value at week 0 of a flow of 1 in each of the weeks 0 .. weeks-1.
double weekly_annuity_factor(double annual_rate, std::size_t weeks);

// Present value of 1 paid at the end of each of `years` years: (1 - (1 + r)^-years) / r
// (`years` when r = 0); years may be fractional.
double annuity_factor(double annual_rate, double years);

// The constant yearly amount (end of year) with present value `present_value` over `years`.
double equivalent_annual_amount(double present_value, double annual_rate, double years);

}  // namespace buurtsim::cba
