#include "experiments/analysis/design.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "experiments/analysis/streams.hpp"
#include "model/params.hpp"
#include "model/rng.hpp"

namespace buurtsim::sweep {
namespace {

constexpr std::uint32_t kLatinStream = experiment_streams::latin;
constexpr std::uint32_t kMorrisStream = experiment_streams::morris;

// Unit-cube coordinates u in [0, 1] to the parameters' units.
void scale(Design& d) {
  const std::size_t k = d.parameters.size();
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    const ParameterRange& p = d.parameters[i % k];
    d.values[i] = p.lo + d.values[i] * (p.hi - p.lo);
  }
}

void factorial(Design& d, int levels) {
  const std::size_t k = d.parameters.size(), L = static_cast<std::size_t>(levels);
  d.points = 1;
  for (std::size_t i = 0; i < k; ++i) d.points *= L;
  d.values.resize(d.points * k);
  for (std::size_t p = 0; p < d.points; ++p) {
    std::size_t rest = p;
    for (std::size_t i = k; i-- > 0;) {
      d.values[p * k + i] = L > 1 ? static_cast<double>(rest % L) / static_cast<double>(L - 1) : 0.5;
      rest /= L;
    }
  }
}

void latin(Design& d, int samples, std::uint64_t seed) {
  const std::size_t k = d.parameters.size(), n = static_cast<std::size_t>(samples);
  d.points = n;
  d.values.resize(n * k);
  std::vector<std::uint32_t> strata(n);
  for (std::size_t i = 0; i < k; ++i) {
    // A keyed Fisher-Yates shuffle of the strata of parameter i, and a place within each.
    std::iota(strata.begin(), strata.end(), 0u);
    Draws d_perm(StreamKey{seed, 0}, kLatinStream, 0, static_cast<std::uint32_t>(i));
    for (std::size_t j = n; j > 1; --j) std::swap(strata[j - 1], strata[d_perm.below(static_cast<std::uint32_t>(j))]);
    Draws d_place(StreamKey{seed, 0}, kLatinStream, 1, static_cast<std::uint32_t>(i));
    for (std::size_t p = 0; p < n; ++p) d.values[p * k + i] = (strata[p] + d_place.uniform()) / static_cast<double>(n);
  }
}

void saltelli(Design& d, int samples) {
  const std::size_t k = d.parameters.size(), n = static_cast<std::size_t>(samples);
  boost::random::sobol sobol(static_cast<unsigned>(2 * k));  // Boost's sequence starts after the origin
  // Its first point is the centre (0.5 in every dimension): A_0 would equal B_0 and the first
  // block would carry no information. Start at the next point.
  sobol.discard(2 * k);
  d.points = n * (k + 2);
  d.values.resize(d.points * k);
  std::vector<double> row(2 * k);
  const double scale_to_unit = 1.0 / (static_cast<double>(sobol.max()) + 1.0);
  for (std::size_t j = 0; j < n; ++j) {
    for (double& x : row) x = (static_cast<double>(sobol()) + 0.5) * scale_to_unit;
    double* block = &d.values[j * (k + 2) * k];
    for (std::size_t i = 0; i < k; ++i) {
      block[i] = row[i];          // A_j
      block[k + i] = row[k + i];  // B_j
    }
    for (std::size_t c = 0; c < k; ++c)  // AB_j^(c): A_j with column c from B_j
      for (std::size_t i = 0; i < k; ++i) block[(2 + c) * k + i] = i == c ? row[k + i] : row[i];
  }
}

void morris(Design& d, int levels, int trajectories, std::uint64_t seed) {
  const std::size_t k = d.parameters.size(), r = static_cast<std::size_t>(trajectories);
  const double step = 1.0 / (levels - 1), delta = levels / (2.0 * (levels - 1));
  const auto starts =
      static_cast<std::uint32_t>(levels - static_cast<int>(delta * (levels - 1)));  // levels whose +delta stays inside
  d.points = r * (k + 1);
  d.values.resize(d.points * k);
  std::vector<std::uint32_t> order(k);
  for (std::size_t t = 0; t < r; ++t) {
    Draws draws(StreamKey{seed, 0}, kMorrisStream, 0, static_cast<std::uint32_t>(t));
    std::vector<double> x(k);
    std::vector<int> sign(k);
    for (std::size_t i = 0; i < k; ++i) {
      x[i] = draws.below(starts) * step;
      sign[i] = 1;
      if (draws.bernoulli(0.5) && x[i] + delta <= 1.0 + 1e-12) {
        x[i] += delta;  // start high and step down
        sign[i] = -1;
      }
    }
    std::iota(order.begin(), order.end(), 0u);
    for (std::size_t j = k; j > 1; --j) std::swap(order[j - 1], order[draws.below(static_cast<std::uint32_t>(j))]);
    double* traj = &d.values[t * (k + 1) * k];
    std::copy(x.begin(), x.end(), traj);
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t i = order[s];
      x[i] += sign[i] * delta;
      std::copy(x.begin(), x.end(), traj + (s + 1) * k);
    }
  }
}

}  // namespace

Design make_design(const std::vector<ParameterRange>& parameters, const DesignOptions& o) {
  if (parameters.empty()) throw std::invalid_argument("a design needs at least one parameter");
  for (const auto& p : parameters)
    if (!(p.lo < p.hi)) throw std::invalid_argument("parameter " + p.name + ": the range needs lo < hi");
  Design d;
  d.parameters = parameters;
  switch (o.kind) {
    case DesignKind::Factorial:
      if (o.levels < 1) throw std::invalid_argument("a factorial design needs at least 1 level");
      factorial(d, o.levels);
      break;
    case DesignKind::LatinHypercube:
      if (o.samples < 1) throw std::invalid_argument("a Latin hypercube needs at least 1 sample");
      latin(d, o.samples, o.seed);
      break;
    case DesignKind::Saltelli:
      if (o.samples < 1) throw std::invalid_argument("a Saltelli design needs at least 1 base sample");
      saltelli(d, o.samples);
      break;
    case DesignKind::Morris:
      if (o.levels < 2 || o.levels % 2 != 0)
        throw std::invalid_argument("Morris needs an even number of levels, at least 2");
      if (o.trajectories < 1) throw std::invalid_argument("Morris needs at least 1 trajectory");
      morris(d, o.levels, o.trajectories, o.seed);
      break;
  }
  scale(d);
  return d;
}

Design make_sweep_design(const SweepSpec& spec) {
  Design d = make_design(spec.parameters, spec.design);
  const std::size_t k = d.parameters.size();
  for (std::size_t i = 0; i < k; ++i)
    if (param(*find_param(d.parameters[i].name)).type == ParamType::Integer)
      for (std::size_t p = 0; p < d.points; ++p) d.values[p * k + i] = std::round(d.values[p * k + i]);
  return d;
}

}  // namespace buurtsim::sweep
