#include "experiments/analysis/sobol_points.hpp"

#include <boost/random/sobol.hpp>

#include "experiments/analysis/streams.hpp"
#include "model/rng.hpp"

namespace buurtsim::sweep {

std::vector<std::uint32_t> sobol_points(std::size_t n, std::size_t dims) {
  std::vector<std::uint32_t> x(n * dims, 0u);  // point 0: the origin
  if (n < 2) return x;
  boost::random::sobol sobol(static_cast<unsigned>(dims));  // Boost's first output is point 1
  static_assert(boost::random::sobol::max() == ~std::uint64_t{0}, "64-bit binary fractions");
  for (std::size_t p = 1; p < n; ++p)
    for (std::size_t i = 0; i < dims; ++i) x[p * dims + i] = static_cast<std::uint32_t>(sobol() >> 32);
  return x;
}

void owen_scramble(std::vector<std::uint32_t>& points, std::size_t dims, std::uint64_t seed, std::uint32_t attempt) {
  for (std::size_t p = 0; p < points.size(); ++p) {
    const std::size_t dim = p % dims;
    const std::uint32_t x = points[p];
    std::uint32_t flips = 0;
    for (int depth = 0; depth < 32; ++depth) {
      const std::uint32_t above = depth == 0 ? 0u : x >> (32 - depth);  // the node: the bits above this one
      Draws node(StreamKey{seed, attempt}, experiment_streams::saltelli, static_cast<std::int64_t>(dim) * 32 + depth,
                 above);
      flips |= (node.bits() & 1u) << (31 - depth);
    }
    points[p] = x ^ flips;
  }
}

}  // namespace buurtsim::sweep
