#include "model/grid.hpp"

#include <algorithm>
#include <string>

namespace buurtsim {

NeighbourhoodShape parse_neighbourhood_shape(std::string_view text) {
  if (text == "von_neumann") return NeighbourhoodShape::VonNeumann;
  if (text == "moore") return NeighbourhoodShape::Moore;
  throw std::invalid_argument("expected \"von_neumann\" or \"moore\", got \"" + std::string(text) + "\"");
}

std::string_view to_string(NeighbourhoodShape shape) {
  return shape == NeighbourhoodShape::VonNeumann ? "von_neumann" : "moore";
}

Grid::Grid(int width, int height, bool torus) : width_(width), height_(height), torus_(torus) {
  if (width <= 0 || height <= 0) throw std::invalid_argument("grid sides must be positive");
}

int Grid::distance(std::uint32_t a, std::uint32_t b, NeighbourhoodShape shape) const {
  int dx = std::abs(x_of(a) - x_of(b)), dy = std::abs(y_of(a) - y_of(b));
  if (torus_) {
    dx = std::min(dx, width_ - dx);
    dy = std::min(dy, height_ - dy);
  }
  return shape == NeighbourhoodShape::VonNeumann ? dx + dy : std::max(dx, dy);
}

NeighbourhoodQuery::NeighbourhoodQuery(const Grid& grid, NeighbourhoodShape shape, int radius)
    : grid_(&grid), shape_(shape), radius_(radius) {
  if (radius < 0) throw std::invalid_argument("neighbourhood radius must be >= 0");
  for (int dy = -radius; dy <= radius; ++dy) {
    for (int dx = -radius; dx <= radius; ++dx) {
      if (dx == 0 && dy == 0) continue;
      const int d =
          shape == NeighbourhoodShape::VonNeumann ? std::abs(dx) + std::abs(dy) : std::max(std::abs(dx), std::abs(dy));
      if (d <= radius) offsets_.push_back({dx, dy});
    }
  }
}

}  // namespace buurtsim
