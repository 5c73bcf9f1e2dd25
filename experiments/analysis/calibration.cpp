#include "experiments/analysis/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace buurtsim::calibration {

Options Calibration::options() const {
  Options o;
  o.particles = settings.particles;
  o.generations = settings.generations;
  o.final_tolerance = settings.final_tolerance;
  o.min_acceptance = settings.min_acceptance;
  o.batch = settings.batch_size();
  o.quantile = settings.quantile;
  o.seed = experiment.settings.seed;
  return o;
}

Calibration prepare(config::Experiment e, ObservedData data) {
  // The calibration simulates the scenario as one world (experiments/runner/calibration_simulate.cpp).
  if (e.worlds() > 1)
    config::fail_at(e.source, nullptr, "world",
                    "calibrate and fit take the neighbourhoods of one world; this file has " +
                        std::to_string(e.worlds()) + " (first '" + e.world_names[0] + "', then '" + e.world_names[1] +
                        "'): calibrate each world's neighbourhoods in a file of their own, without world labels");
  Calibration c;
  c.experiment = std::move(e);
  c.settings = settings_of(c.experiment);
  c.data = std::move(data);
  c.problem = match_targets(c.data, c.settings, c.experiment);
  for (const auto& p : c.settings.parameters) {
    c.prior.lo.push_back(p.lo);
    c.prior.hi.push_back(p.hi);
  }
  return c;
}

double uniform_sd(double lo, double hi) { return (hi - lo) / std::sqrt(12.0); }

void add_predictive(Predictive& p, std::span<const double> values, std::span<const double> scales,
                    std::span<const double> weights, double observed, double level) {
  std::vector<double> v, w;
  double scale = 0, scale_w = 0;
  for (std::size_t j = 0; j < values.size(); ++j) {
    if (!std::isfinite(values[j])) continue;
    v.push_back(values[j]);
    w.push_back(weights[j]);
    scale += weights[j] * scales[j];
    scale_w += weights[j];
  }
  if (v.empty()) {
    p.mean.push_back(std::nan(""));
    p.lo.push_back(std::nan(""));
    p.hi.push_back(std::nan(""));
    p.scale.push_back(std::nan(""));
    p.misfit.push_back(0);
    return;
  }
  const double tail = (1.0 - level / 100.0) / 2.0;
  w = normalised(w);
  p.mean.push_back(std::inner_product(v.begin(), v.end(), w.begin(), 0.0));
  p.lo.push_back(weighted_quantile(v, w, tail));
  p.hi.push_back(weighted_quantile(v, w, 1.0 - tail));
  p.scale.push_back(scale / scale_w);
  p.misfit.push_back(observed < p.lo.back() || observed > p.hi.back() ? 1 : 0);
}

Summary summarise(const Prior& prior, const Generation& posterior, double level) {
  Summary s;
  const double tail = (1.0 - level / 100.0) / 2.0;
  for (std::size_t k = 0; k < prior.size(); ++k) {
    std::vector<double> v(static_cast<std::size_t>(posterior.theta.rows()));
    for (std::size_t i = 0; i < v.size(); ++i)
      v[i] = posterior.theta(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k));
    const double mean = std::inner_product(v.begin(), v.end(), posterior.weights.begin(), 0.0);
    double var = 0;
    for (std::size_t i = 0; i < v.size(); ++i) var += posterior.weights[i] * (v[i] - mean) * (v[i] - mean);
    s.mean.push_back(mean);
    s.lo.push_back(weighted_quantile(v, posterior.weights, tail));
    s.hi.push_back(weighted_quantile(v, posterior.weights, 1.0 - tail));
    s.prior_sd.push_back(uniform_sd(prior.lo[k], prior.hi[k]));
    s.posterior_sd.push_back(std::sqrt(var));
    s.shrinkage.push_back(1.0 - s.posterior_sd.back() / s.prior_sd.back());
  }
  return s;
}

double normal_quantile(double p) {
  double lo = -40, hi = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

Convergence assess_convergence(const Predictive& p, double level, std::optional<double> final_tolerance) {
  Convergence c;
  const double z = normal_quantile(0.5 + level / 200.0);
  std::vector<double> finite;
  for (std::size_t i = 0; i < p.mean.size(); ++i) {
    const double r = (p.hi[i] - p.lo[i]) / (2 * z * p.scale[i]);
    c.width_ratio.push_back(std::isfinite(r) ? r : std::nan(""));
    if (std::isfinite(r)) finite.push_back(r);
  }
  if (!finite.empty()) {
    std::sort(finite.begin(), finite.end());
    c.median_width_ratio = finite[finite.size() / 2];
    c.max_width_ratio = finite.back();
  }
  std::ostringstream o;
  o.precision(3);
  if (c.max_width_ratio > kMaxWidthRatio) {
    c.converged = false;
    std::size_t wide = 0;
    for (const double r : finite) wide += r > kMaxWidthRatio ? 1 : 0;
    o << wide << " of " << finite.size() << " predictive interval(s) are more than " << kMaxWidthRatio
      << " times as wide as the observation's sampling error alone would make them (widest " << c.max_width_ratio
      << " times, median " << c.median_width_ratio << ")";
    c.reasons.push_back(o.str());
  }
  if (final_tolerance && *final_tolerance > kMaxTolerance) {
    c.converged = false;
    o.str("");
    o << "the final tolerance " << *final_tolerance << " is far above the noise floor of about " << kNoiseFloor
      << " (simulated and observed figures still differ by " << *final_tolerance / kNoiseFloor
      << " times what sampling error explains)";
    c.reasons.push_back(o.str());
  }
  return c;
}

std::vector<double> pack(const std::vector<Generation>& gens) {
  std::vector<double> v{static_cast<double>(gens.size())};
  for (const Generation& g : gens) {
    v.insert(v.end(), {static_cast<double>(g.index), g.tolerance, static_cast<double>(g.proposals),
                       static_cast<double>(g.invalid), g.acceptance_rate, g.ess, g.seconds,
                       static_cast<double>(g.theta.rows()), static_cast<double>(g.theta.cols())});
    for (Eigen::Index i = 0; i < g.theta.rows(); ++i)
      for (Eigen::Index k = 0; k < g.theta.cols(); ++k) v.push_back(g.theta(i, k));
    v.insert(v.end(), g.weights.begin(), g.weights.end());
    v.insert(v.end(), g.distances.begin(), g.distances.end());
  }
  return v;
}

namespace {

// Reads pack()'s numbers back, checking each before it is used: the numbers may come from a
// journal file (a record made by hand has a valid checksum too), so a count is a whole number
// the rest of the record can hold, and a value is finite where a generation's always is.
std::string text_of(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

class Unpacker {
 public:
  explicit Unpacker(const std::vector<double>& v) : v_(v) {}
  double next(const char* what) {
    if (at_ >= v_.size()) throw std::invalid_argument(std::string("cut short before its ") + what);
    return v_[at_++];
  }
  double finite(const char* what) {
    const double x = next(what);
    if (!std::isfinite(x)) throw std::invalid_argument(std::string("its ") + what + " is not a finite number");
    return x;
  }
  // A whole number in [0, most].
  std::size_t count(const char* what, double most) {
    const double x = next(what);
    if (!(x >= 0 && x <= most) || x != std::floor(x))
      throw std::invalid_argument(std::string("its ") + what + " (" + text_of(x) + ") is out of range");
    return static_cast<std::size_t>(x);
  }
  std::size_t left() const { return v_.size() - at_; }
  bool done() const { return at_ == v_.size(); }

 private:
  const std::vector<double>& v_;
  std::size_t at_ = 0;
};

}  // namespace

std::vector<Generation> unpack(const std::vector<double>& v) {
  std::vector<Generation> gens;
  Unpacker in(v);
  const std::size_t count = in.count("number of generations", static_cast<double>(v.size()));
  for (std::size_t n = 0; n < count; ++n) {
    Generation g;
    g.index = static_cast<int>(in.count("generation number", 1e9));
    g.tolerance = in.next("tolerance");
    if (std::isnan(g.tolerance)) throw std::invalid_argument("its tolerance is not a number");
    g.proposals = in.count("number of proposals", 1e18);
    g.invalid = in.count("number of invalid proposals", static_cast<double>(g.proposals));
    g.acceptance_rate = in.finite("acceptance rate");
    g.ess = in.finite("effective sample size");
    g.seconds = in.finite("seconds");
    const std::size_t rows = in.count("number of particles", static_cast<double>(in.left()));
    const std::size_t cols = in.count("number of parameters", static_cast<double>(in.left()));
    if (rows * (cols + 2) > in.left())
      throw std::invalid_argument("cut short: " + std::to_string(rows) + " particles of " + std::to_string(cols) +
                                  " parameters do not fit in it");
    g.theta.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    for (Eigen::Index i = 0; i < g.theta.rows(); ++i)
      for (Eigen::Index k = 0; k < g.theta.cols(); ++k) g.theta(i, k) = in.finite("particle");
    for (std::size_t i = 0; i < rows; ++i) {
      g.weights.push_back(in.finite("weight"));
      if (g.weights.back() < 0) throw std::invalid_argument("a weight is negative");
    }
    for (std::size_t i = 0; i < rows; ++i) {
      g.distances.push_back(in.next("distance"));
      // An accepted particle met its tolerance, so its distance is a number.
      if (std::isnan(g.distances.back())) throw std::invalid_argument("a distance is not a number");
    }
    gens.push_back(std::move(g));
  }
  if (!in.done()) throw std::invalid_argument("it has " + std::to_string(in.left()) + " values left over");
  return gens;
}

}  // namespace buurtsim::calibration
