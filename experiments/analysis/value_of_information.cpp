#include "experiments/analysis/value_of_information.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "experiments/analysis/sensitivity_indices.hpp"

namespace buurtsim::voi {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxDegree = 3;
constexpr std::size_t kMaxInteracting = 4;  // pairwise products only for groups this small

// The inputs that vary, standardised to mean 0 and sd 1: samples x varying parameters.
MatrixXd standardised(std::span<const double> inputs, std::size_t samples, std::size_t parameters) {
  std::vector<VectorXd> columns;
  for (std::size_t j = 0; j < parameters; ++j) {
    VectorXd c(static_cast<Index>(samples));
    for (std::size_t s = 0; s < samples; ++s) c(static_cast<Index>(s)) = inputs[s * parameters + j];
    const double mean = c.mean();
    const double sd = std::sqrt((c.array() - mean).square().sum() / static_cast<double>(samples));
    if (!(sd > 1e-12 * std::max(1.0, std::abs(mean)))) continue;  // constant: carries no information
    columns.push_back((c.array() - mean) / sd);
  }
  MatrixXd z(static_cast<Index>(samples), static_cast<Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j) z.col(static_cast<Index>(j)) = columns[j];
  return z;
}

// The design matrix of the polynomial of degree q in the columns of z (with pairwise products
// for small groups from degree 2 on).
MatrixXd basis(const MatrixXd& z, int q) {
  const Index n = z.rows(), p = z.cols();
  const bool pairs = q >= 2 && static_cast<std::size_t>(p) <= kMaxInteracting;
  const Index m = 1 + p * q + (pairs ? p * (p - 1) / 2 : 0);
  MatrixXd x(n, m);
  x.col(0).setOnes();
  Index c = 1;
  for (Index j = 0; j < p; ++j)
    for (int k = 1; k <= q; ++k) x.col(c++) = z.col(j).array().pow(k);
  if (pairs)
    for (Index i = 0; i < p; ++i)
      for (Index j = i + 1; j < p; ++j) x.col(c++) = z.col(i).cwiseProduct(z.col(j));
  return x;
}

struct Fit {
  VectorXd fitted;
  std::size_t terms = 1;
  double r_squared = 0;
};

// The polynomial of degree 0..3 with the least generalised cross-validation score
// n RSS / (n - rank)^2; degree 0 is the mean.
Fit best_fit(const MatrixXd& z, const VectorXd& y) {
  const auto n = static_cast<double>(y.size());
  const double mean = y.mean();
  const double tss = (y.array() - mean).square().sum();
  Fit best;
  best.fitted = VectorXd::Constant(y.size(), mean);
  double best_gcv = n * tss / ((n - 1) * (n - 1));  // the mean: RSS = TSS, rank 1
  if (z.cols() == 0 || !(tss > 0)) return best;
  for (int q = 1; q <= kMaxDegree; ++q) {
    const MatrixXd x = basis(z, q);
    if (2 * x.cols() > y.size()) break;  // too few samples for this many terms
    const Eigen::ColPivHouseholderQR<MatrixXd> qr(x);
    const VectorXd fitted = x * qr.solve(y);
    const double rss = (y - fitted).squaredNorm();
    const auto rank = static_cast<double>(qr.rank());
    const double gcv = n * rss / ((n - rank) * (n - rank));
    if (gcv < best_gcv) {
      best_gcv = gcv;
      best.fitted = fitted;
      best.terms = static_cast<std::size_t>(qr.rank());
      best.r_squared = 1.0 - rss / tss;
    }
  }
  return best;
}

// mean_s max(0, max_d g(s, d)) - max(0, max_d mean_s g(s, d)) for columns g of differences
// from a first option (whose own difference is 0).
double value_of_choosing_per_sample(const MatrixXd& g) {
  double per_sample = 0;
  for (Index s = 0; s < g.rows(); ++s) per_sample += std::max(0.0, g.row(s).maxCoeff());
  per_sample /= static_cast<double>(g.rows());
  const double now = std::max(0.0, g.colwise().mean().maxCoeff());
  return per_sample - now;
}

// Net benefits as differences from the first option: samples x (options - 1).
MatrixXd increments(const Sample& x) {
  const std::size_t S = x.samples(), D = x.options;
  MatrixXd g(static_cast<Index>(S), static_cast<Index>(D - 1));
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t d = 1; d < D; ++d)
      g(static_cast<Index>(s), static_cast<Index>(d - 1)) = x.net_benefit[s * D + d] - x.net_benefit[s * D];
  return g;
}

}  // namespace

Ranking rank_first(const Sample& x) {
  const std::size_t S = x.samples(), D = x.options;
  Ranking r;
  r.p_best.assign(D, S > 0 ? 0.0 : kNaN);
  r.p_best_se.assign(D, kNaN);
  if (S == 0) return r;
  for (std::size_t s = 0; s < S; ++s) {
    const double* row = &x.net_benefit[s * D];
    const double best = *std::max_element(row, row + D);
    const auto ties = static_cast<double>(std::count(row, row + D, best));
    for (std::size_t d = 0; d < D; ++d)
      if (row[d] == best) r.p_best[d] += 1.0 / ties;
  }
  for (std::size_t d = 0; d < D; ++d) {
    r.p_best[d] /= static_cast<double>(S);
    r.p_best_se[d] = std::sqrt(r.p_best[d] * (1 - r.p_best[d]) / static_cast<double>(S));
  }
  return r;
}

double evpi(const Sample& x) {
  if (x.samples() == 0 || x.options == 0) return kNaN;
  if (x.options == 1) return 0;
  return std::max(0.0, value_of_choosing_per_sample(increments(x)));
}

Partial evppi(const Sample& x, std::span<const double> inputs, std::size_t parameters) {
  const std::size_t S = x.samples();
  if (inputs.size() != S * parameters) throw std::invalid_argument("evppi: inputs and net benefits disagree in size");
  Partial out;
  if (S == 0 || x.options < 2) {
    out.evppi = S == 0 ? kNaN : 0;
    return out;
  }
  const MatrixXd z = standardised(inputs, S, parameters);
  const MatrixXd g = increments(x);
  MatrixXd fitted(g.rows(), g.cols());
  for (Index d = 0; d < g.cols(); ++d) {
    const Fit f = best_fit(z, g.col(d));
    fitted.col(d) = f.fitted;
    out.terms = std::max(out.terms, f.terms);
    out.r_squared = std::max(out.r_squared, f.r_squared);
  }
  out.evppi = std::clamp(value_of_choosing_per_sample(fitted), 0.0, evpi(x));
  return out;
}

OneWay one_way(std::span<const double> y, std::span<const double> x) {
  if (y.size() != x.size()) throw std::invalid_argument("one_way: x and y disagree in size");
  OneWay out{kNaN, kNaN, kNaN, kNaN, false};
  if (y.empty()) return out;
  std::tie(out.x_low, out.x_high) = sweep::percentile_interval({x.begin(), x.end()}, 80);
  const auto n = static_cast<double>(y.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < y.size(); ++i) mx += x[i], my += y[i];
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < y.size(); ++i) sxx += (x[i] - mx) * (x[i] - mx), sxy += (x[i] - mx) * (y[i] - my);
  if (!(sxx > 0) || y.size() < 3) {
    out.at_low = out.at_high = my;
    return out;
  }
  const double slope = sxy / sxx;
  double rss = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double e = y[i] - my - slope * (x[i] - mx);
    rss += e * e;
  }
  const double se = std::sqrt(rss / (n - 2) / sxx);
  out.clear = se > 0 ? std::abs(slope) >= 3 * se : slope != 0;
  out.at_low = my + slope * (out.x_low - mx);
  out.at_high = my + slope * (out.x_high - mx);
  return out;
}

}  // namespace buurtsim::voi
