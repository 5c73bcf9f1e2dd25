#include "experiments/analysis/design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "experiments/analysis/sobol_points.hpp"
#include "experiments/analysis/streams.hpp"
#include "model/params.hpp"
#include "model/rng.hpp"

namespace buurtsim::sweep {
namespace {

constexpr std::uint32_t kLatinStream = experiment_streams::latin;
constexpr std::uint32_t kMorrisStream = experiment_streams::morris;
constexpr std::uint32_t kSaltelliAttempts = 64;

// The first (block, parameter) whose A and B values are equal in Sobol rows of 2k values, if any.
std::optional<std::pair<std::size_t, std::size_t>> first_shared_value(const std::vector<std::uint32_t>& rows,
                                                                      std::size_t n, std::size_t k) {
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < k; ++i)
      if (rows[j * 2 * k + i] == rows[j * 2 * k + k + i]) return std::pair{j, i};
  return std::nullopt;
}

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

// Saltelli blocks from N Owen-scrambled Sobol points in 2k dimensions (A: the first k, B: the
// last k). A block whose A_j and B_j share a parameter's value says nothing about that parameter
// (A_B^(i)_j would equal A_j). Scrambled, the two values are independent 32-bit fractions, so a
// tie has odds of about N k 2^-32; should one occur, the scramble is drawn again with the next
// attempt number, so the design stays a pure function of (parameters, options, seed).
void saltelli(Design& d, int samples, std::uint64_t seed) {
  const std::size_t k = d.parameters.size(), n = static_cast<std::size_t>(samples);
  const std::vector<std::uint32_t> sobol = sobol_points(n, 2 * k);
  std::vector<std::uint32_t> x;
  for (std::uint32_t attempt = 0;; ++attempt) {
    if (attempt == kSaltelliAttempts)
      throw std::logic_error("saltelli design: A and B share a value after every scramble attempt");
    x = sobol;
    owen_scramble(x, 2 * k, seed, attempt);
    if (!first_shared_value(x, n, k)) break;
  }
  d.points = n * (k + 2);
  d.values.resize(d.points * k);
  for (std::size_t j = 0; j < n; ++j) {
    const std::uint32_t* row = &x[j * 2 * k];
    double* block = &d.values[j * (k + 2) * k];
    for (std::size_t i = 0; i < k; ++i) {
      block[i] = unit_value(row[i]);          // A_j
      block[k + i] = unit_value(row[k + i]);  // B_j
    }
    for (std::size_t c = 0; c < k; ++c)  // AB_j^(c): A_j with column c from B_j
      for (std::size_t i = 0; i < k; ++i) block[(2 + c) * k + i] = i == c ? block[k + i] : block[i];
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
      saltelli(d, o.samples, o.seed);
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
