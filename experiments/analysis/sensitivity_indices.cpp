#include "experiments/analysis/sensitivity_indices.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

#include "experiments/analysis/streams.hpp"
#include "model/rng.hpp"

namespace buurtsim::sweep {
namespace {

constexpr std::uint32_t kBootstrapStream = experiment_streams::bootstrap;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Draws per Draws object: well inside its 2^16 blocks of four words, rejections included.
constexpr std::size_t kDrawsPerKey = 1u << 16;

using Index = Eigen::Index;
using Indices = std::vector<std::size_t>;

// All units in order: the sample itself.
Indices all_units(std::size_t n) {
  Indices all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  return all;
}

// Bootstrap percentile intervals of k statistics over resamples of the units.
// `stats(units)` returns the k statistics of a list of units.
template <class Stats>
void intervals(std::size_t units, std::size_t k, const BootstrapOptions& o, Stats stats, std::vector<double>& lo,
               std::vector<double>& hi) {
  lo.assign(k, kNaN);
  hi.assign(k, kNaN);
  if (o.samples <= 0) return;
  std::vector<std::vector<double>> boot(k, std::vector<double>(static_cast<std::size_t>(o.samples)));
  for (int b = 0; b < o.samples; ++b) {
    const std::vector<double> s = stats(bootstrap_resample(units, b, o.seed));
    for (std::size_t i = 0; i < k; ++i) boot[i][static_cast<std::size_t>(b)] = s[i];
  }
  for (std::size_t i = 0; i < k; ++i) std::tie(lo[i], hi[i]) = percentile_interval(std::move(boot[i]), o.level);
}

Eigen::VectorXi as_eigen(const Indices& idx) {
  Eigen::VectorXi v(static_cast<Index>(idx.size()));
  for (std::size_t j = 0; j < idx.size(); ++j) v(static_cast<Index>(j)) = static_cast<int>(idx[j]);
  return v;
}

std::vector<double> as_vector(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

}  // namespace

std::vector<std::size_t> bootstrap_resample(std::size_t n, int b, std::uint64_t seed) {
  Indices idx(n);
  const auto below = static_cast<std::uint32_t>(n);
  for (std::size_t start = 0; start < n; start += kDrawsPerKey) {
    Draws draws(StreamKey{seed, 0}, kBootstrapStream, b, static_cast<std::uint32_t>(start / kDrawsPerKey));
    for (std::size_t j = start; j < std::min(n, start + kDrawsPerKey); ++j) idx[j] = draws.below(below);
  }
  return idx;
}

std::pair<double, double> percentile_interval(std::vector<double> values, double level) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return {kNaN, kNaN};
  std::sort(values.begin(), values.end());
  const auto quantile = [&](double q) {
    const double h = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(h));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (h - static_cast<double>(below)) * (values[above] - values[below]);
  };
  const double tail = (1.0 - level / 100.0) / 2.0;
  return {quantile(tail), quantile(1.0 - tail)};
}

SobolIndices sobol_indices(std::span<const double> y, std::size_t parameters, const BootstrapOptions& o) {
  const std::size_t k = parameters, width = k + 2;
  if (k == 0 || y.empty() || y.size() % width != 0)
    throw std::invalid_argument("Sobol indices need N blocks of k + 2 outputs (a Saltelli design); got " +
                                std::to_string(y.size()) + " outputs for " + std::to_string(k) + " parameters");
  const std::size_t n = y.size() / width;
  // Column j is block j: row 0 f(A_j), row 1 f(B_j), row 1 + i f(A_B^(i)_j).
  const Eigen::Map<const Eigen::MatrixXd> blocks(y.data(), static_cast<Index>(width), static_cast<Index>(n));
  const auto indices = [&](const Indices& units) {
    const Eigen::MatrixXd m = blocks(Eigen::all, as_eigen(units));
    const auto N = static_cast<double>(units.size());
    const Eigen::RowVectorXd a = m.row(0), b = m.row(1);
    const double mean = (a.sum() + b.sum()) / (2 * N);
    const double var = ((a.array() - mean).square().sum() + (b.array() - mean).square().sum()) / (2 * N - 1);
    std::vector<double> s(2 * k, kNaN);
    if (!(var > 0)) return s;
    const Eigen::MatrixXd d = m.bottomRows(static_cast<Index>(k)).rowwise() - a;  // f(A_B^(i)) - f(A)
    // f(B) centred: the same expectation (the mean of f(A_B^(i)) - f(A) is 0 in expectation) but a
    // variance that no longer grows with the square of the output's mean (as SALib does by
    // standardising the output first).
    const Eigen::VectorXd first = d * (b.array() - mean).matrix().transpose() / (N * var);
    const Eigen::VectorXd total = d.rowwise().squaredNorm() / (2 * N * var);
    for (std::size_t i = 0; i < k; ++i) {
      s[i] = first(static_cast<Index>(i));
      s[k + i] = total(static_cast<Index>(i));
    }
    return s;
  };
  const std::vector<double> both = indices(all_units(n));
  std::vector<double> first_and_total_lo, first_and_total_hi;
  intervals(n, 2 * k, o, indices, first_and_total_lo, first_and_total_hi);
  SobolIndices r;
  const auto part = [&](const std::vector<double>& v, std::size_t from) {
    return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(from),
                               v.begin() + static_cast<std::ptrdiff_t>(from + k));
  };
  r.first = part(both, 0), r.first_lo = part(first_and_total_lo, 0), r.first_hi = part(first_and_total_hi, 0);
  r.total = part(both, k), r.total_lo = part(first_and_total_lo, k), r.total_hi = part(first_and_total_hi, k);
  return r;
}

MorrisIndices morris_indices(const Design& d, std::span<const double> y, const BootstrapOptions& o) {
  const std::size_t k = d.parameters.size(), width = k + 1;
  if (k == 0 || d.points == 0 || d.points % width != 0)
    throw std::invalid_argument("Morris indices need trajectories of k + 1 = " + std::to_string(width) +
                                " points; the design has " + std::to_string(d.points) + " points");
  if (y.size() != d.points) throw std::invalid_argument("Morris indices need one output per point of the design");
  const std::size_t r = d.points / width;
  Eigen::MatrixXd ee(static_cast<Index>(r), static_cast<Index>(k));  // [trajectory][parameter]
  for (std::size_t t = 0; t < r; ++t) {
    std::vector<bool> moved(k, false);
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t p = t * width + s;
      std::size_t which = k;
      double step = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const double range = d.parameters[i].hi - d.parameters[i].lo;
        const double du = (d.value(p + 1, i) - d.value(p, i)) / range;
        if (std::abs(du) <= 1e-12) continue;
        if (which != k)
          throw std::invalid_argument("not a Morris design: step " + std::to_string(s + 1) + " of trajectory " +
                                      std::to_string(t + 1) + " moves more than one parameter");
        which = i;
        step = du;
      }
      if (which == k || moved[which])
        throw std::invalid_argument("not a Morris design: in trajectory " + std::to_string(t + 1) +
                                    " each step must move a parameter not moved before");
      moved[which] = true;
      ee(static_cast<Index>(t), static_cast<Index>(which)) = (y[p + 1] - y[p]) / step;
    }
  }
  MorrisIndices m;
  const Eigen::RowVectorXd mu = ee.colwise().mean();
  m.mu = as_vector(mu.transpose());
  m.sigma.assign(k, kNaN);
  if (r > 1) {
    const Eigen::RowVectorXd var = (ee.rowwise() - mu).colwise().squaredNorm() / static_cast<double>(r - 1);
    for (std::size_t i = 0; i < k; ++i) m.sigma[i] = std::sqrt(var(static_cast<Index>(i)));
  }
  const auto mu_star = [&](const Indices& units) {
    return as_vector(ee(as_eigen(units), Eigen::all).cwiseAbs().colwise().mean().transpose());
  };
  m.mu_star = mu_star(all_units(r));
  intervals(r, k, o, mu_star, m.mu_star_lo, m.mu_star_hi);
  return m;
}

SrcIndices src_indices(const Design& d, std::span<const double> y, const BootstrapOptions& o) {
  const std::size_t k = d.parameters.size(), n = d.points;
  if (y.size() != n)
    throw std::invalid_argument("standardised regression coefficients need one output per point of the design");
  if (n <= k + 1)
    throw std::invalid_argument("standardised regression coefficients need more points (" + std::to_string(n) +
                                ") than parameters + 1 (" + std::to_string(k + 1) + ")");
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x(
      d.values.data(), static_cast<Index>(n), static_cast<Index>(k));
  const Eigen::Map<const Eigen::VectorXd> out(y.data(), static_cast<Index>(n));
  for (std::size_t i = 0; i < k; ++i)
    if ((x.col(static_cast<Index>(i)).array() == x(0, static_cast<Index>(i))).all())
      throw std::invalid_argument("standardised regression coefficients: parameter " + d.parameters[i].name +
                                  " has one value at every point");
  // Regression on the standardised columns: its coefficients are the SRCs, and with the
  // columns centred no intercept is needed.
  const auto fit = [&](const Indices& units, double* r2_out) {
    const Eigen::VectorXi idx = as_eigen(units);
    Eigen::MatrixXd z = x(idx, Eigen::all);
    Eigen::VectorXd v = out(idx);
    const auto m = static_cast<double>(units.size());
    std::vector<double> src(k, kNaN);
    v.array() -= v.mean();
    const double sd_y = std::sqrt(v.squaredNorm() / (m - 1));
    if (!(sd_y > 0)) return src;
    v /= sd_y;
    for (Index i = 0; i < z.cols(); ++i) {
      z.col(i).array() -= z.col(i).mean();
      const double sd = std::sqrt(z.col(i).squaredNorm() / (m - 1));
      if (!(sd > 0)) return src;  // a resample with one value of a parameter tells nothing
      z.col(i) /= sd;
    }
    const auto qr = z.colPivHouseholderQr();
    if (qr.rank() < z.cols()) return src;
    const Eigen::VectorXd beta = qr.solve(v);
    if (r2_out) *r2_out = 1.0 - (v - z * beta).squaredNorm() / v.squaredNorm();
    return as_vector(beta);
  };
  SrcIndices s;
  s.r2 = kNaN;
  s.src = fit(all_units(n), &s.r2);
  intervals(
      n, k, o, [&](const Indices& units) { return fit(units, nullptr); }, s.src_lo, s.src_hi);
  return s;
}

std::vector<RankingShare> ranking_shares(std::span<const double> values, const std::vector<std::string>& scenarios) {
  const std::size_t S = scenarios.size();
  if (S == 0 || values.size() % S != 0) throw std::invalid_argument("rankings need one value per point and scenario");
  std::map<std::string, std::size_t> counts;
  std::size_t counted = 0;
  std::vector<std::size_t> order(S);
  for (std::size_t p = 0; p < values.size() / S; ++p) {
    const double* v = &values[p * S];
    if (std::any_of(v, v + S, [](double x) { return std::isnan(x); })) continue;
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::string label = scenarios[order[0]];
    for (std::size_t j = 1; j < S; ++j) label += (v[order[j]] == v[order[j - 1]] ? " = " : " < ") + scenarios[order[j]];
    ++counts[label];
    ++counted;
  }
  std::vector<RankingShare> shares;
  for (const auto& [label, count] : counts)
    shares.push_back({label, static_cast<double>(count) / static_cast<double>(counted)});
  std::stable_sort(shares.begin(), shares.end(),
                   [](const RankingShare& a, const RankingShare& b) { return a.share > b.share; });
  return shares;
}

}  // namespace buurtsim::sweep
