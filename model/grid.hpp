#pragma once
// A 2-D grid of cells (blocks in the neighbourhood model, sites in the Epstein model) with a
// reusable neighbourhood query: von Neumann (|dx|+|dy| <= r) or Moore (max(|dx|,|dy|) <= r),
// on a bounded grid or a torus. The offsets are computed once per query, so a query costs a
// loop over a small array.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace buurtsim {

enum class NeighbourhoodShape { VonNeumann, Moore };

// Parses "von_neumann" or "moore"; throws std::invalid_argument otherwise.
NeighbourhoodShape parse_neighbourhood_shape(std::string_view text);
std::string_view to_string(NeighbourhoodShape shape);

class Grid {
 public:
  Grid() = default;
  Grid(int width, int height, bool torus);

  int width() const { return width_; }
  int height() const { return height_; }
  bool torus() const { return torus_; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(width_) * static_cast<std::uint32_t>(height_); }
  std::uint32_t index(int x, int y) const {
    return static_cast<std::uint32_t>(y) * static_cast<std::uint32_t>(width_) + static_cast<std::uint32_t>(x);
  }
  int x_of(std::uint32_t cell) const { return static_cast<int>(cell % static_cast<std::uint32_t>(width_)); }
  int y_of(std::uint32_t cell) const { return static_cast<int>(cell / static_cast<std::uint32_t>(width_)); }

  // Distance between two cells in the metric of the shape (Manhattan for von Neumann,
  // Chebyshev for Moore), wrapping around on a torus.
  int distance(std::uint32_t a, std::uint32_t b, NeighbourhoodShape shape) const;

 private:
  int width_ = 0, height_ = 0;
  bool torus_ = false;
};

// The cells within radius r of a cell, excluding the cell itself, in a fixed order
// (row-major over the offsets), so that anything iterating them is deterministic.
class NeighbourhoodQuery {
 public:
  NeighbourhoodQuery(const Grid& grid, NeighbourhoodShape shape, int radius);

  template <class F>
  void for_each(std::uint32_t cell, F&& f) const {
    const int cx = grid_->x_of(cell), cy = grid_->y_of(cell);
    const int w = grid_->width(), h = grid_->height();
    for (const Offset& o : offsets_) {
      int x = cx + o.dx, y = cy + o.dy;
      if (grid_->torus()) {
        x = (x % w + w) % w;
        y = (y % h + h) % h;
      } else if (x < 0 || y < 0 || x >= w || y >= h) {
        continue;
      }
      f(grid_->index(x, y));
    }
  }
  // Number of neighbours of an interior cell (or of any cell on a torus large enough).
  std::size_t max_neighbours() const { return offsets_.size(); }
  int radius() const { return radius_; }
  NeighbourhoodShape shape() const { return shape_; }

 private:
  struct Offset {
    int dx, dy;
  };
  const Grid* grid_;
  NeighbourhoodShape shape_;
  int radius_;
  std::vector<Offset> offsets_;
};

}  // namespace buurtsim
