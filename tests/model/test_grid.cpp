// Wiring tests of the grid and its neighbourhood query (model/grid.hpp).
#include <gtest/gtest.h>

#include <set>

#include "model/grid.hpp"

using namespace buurtsim;

namespace {
std::set<std::uint32_t> neighbours(const Grid& g, NeighbourhoodShape s, int r, int x, int y) {
  std::set<std::uint32_t> out;
  NeighbourhoodQuery q(g, s, r);
  q.for_each(g.index(x, y), [&](std::uint32_t c) { out.insert(c); });
  return out;
}
}  // namespace

TEST(Grid, InteriorNeighbourCounts) {
  const Grid g(20, 20, false);
  EXPECT_EQ(neighbours(g, NeighbourhoodShape::VonNeumann, 1, 10, 10).size(), 4u);
  EXPECT_EQ(neighbours(g, NeighbourhoodShape::Moore, 1, 10, 10).size(), 8u);
  EXPECT_EQ(neighbours(g, NeighbourhoodShape::VonNeumann, 2, 10, 10).size(), 12u);
  EXPECT_EQ(neighbours(g, NeighbourhoodShape::Moore, 2, 10, 10).size(), 24u);
  EXPECT_EQ(neighbours(g, NeighbourhoodShape::VonNeumann, 7, 10, 10).size(), 112u);  // 2r(r+1)
}

TEST(Grid, BoundedGridClipsAtTheEdge) {
  const Grid g(20, 20, false);
  EXPECT_EQ(neighbours(g, NeighbourhoodShape::Moore, 1, 0, 0).size(), 3u);
  EXPECT_EQ(neighbours(g, NeighbourhoodShape::VonNeumann, 1, 0, 5).size(), 3u);
}

TEST(Grid, TorusWrapsAround) {
  const Grid g(10, 10, true);
  const auto n = neighbours(g, NeighbourhoodShape::VonNeumann, 1, 0, 0);
  EXPECT_EQ(n.size(), 4u);
  EXPECT_TRUE(n.count(g.index(9, 0)));
  EXPECT_TRUE(n.count(g.index(0, 9)));
  EXPECT_EQ(g.distance(g.index(0, 0), g.index(9, 9), NeighbourhoodShape::Moore), 1);
  EXPECT_EQ(g.distance(g.index(0, 0), g.index(9, 9), NeighbourhoodShape::VonNeumann), 2);
}

TEST(Grid, QueryNeverReturnsTheCentreAndMatchesTheMetric) {
  const Grid g(15, 11, false);
  for (auto shape : {NeighbourhoodShape::VonNeumann, NeighbourhoodShape::Moore}) {
    NeighbourhoodQuery q(g, shape, 3);
    const std::uint32_t centre = g.index(7, 5);
    q.for_each(centre, [&](std::uint32_t c) {
      EXPECT_NE(c, centre);
      EXPECT_LE(g.distance(centre, c, shape), 3);
    });
  }
}

TEST(Grid, ParsesShapeNames) {
  EXPECT_EQ(parse_neighbourhood_shape("moore"), NeighbourhoodShape::Moore);
  EXPECT_EQ(parse_neighbourhood_shape("von_neumann"), NeighbourhoodShape::VonNeumann);
  EXPECT_THROW(parse_neighbourhood_shape("hex"), std::invalid_argument);
}
