#include "experiments/io/sweep_rows.hpp"

#include <cmath>

#include "model/outcomes.hpp"

namespace buurtsim::sweep {

std::string row_damage(const PointShape& shape, const std::vector<double>& row) {
  if (row.size() != shape.size())
    return "it holds " + std::to_string(row.size()) + " values, a point " + std::to_string(shape.size());
  for (const double v : row)
    if (std::isinf(v)) return "it holds an infinite value";
  const std::size_t per_outcome = shape.scenarios * shape.replicates * shape.neighbourhoods;
  const auto outcomes = all_outcomes();
  const auto count_is_nan = [&](std::size_t first, std::size_t block) -> std::string {
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      if (outcomes[o].pooling != Pooling::Sum) continue;
      for (std::size_t i = 0; i < block; ++i)
        if (std::isnan(row[first + o * block + i])) return "its " + std::string(outcomes[o].name) + " is not a number";
    }
    return "";
  };
  if (std::string why = count_is_nan(0, per_outcome); !why.empty()) return why;
  if (shape.weekly) return count_is_nan(shape.final_size(), per_outcome * shape.weeks);
  return "";
}

}  // namespace buurtsim::sweep
