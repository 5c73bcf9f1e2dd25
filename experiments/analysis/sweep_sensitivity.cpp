#include "experiments/analysis/sweep_sensitivity.hpp"

#include <algorithm>
#include <cmath>

namespace buurtsim::sweep {

const std::vector<Column>& columns(Method m) {
  static const std::vector<Column> sobol = {
      {"first_order", "1",
       "First-order Sobol index S_i: share of the target's variance due to the parameter alone (Saltelli et al. 2010 "
       "estimator)"},
      {"first_order_lo", "1", "Lower bound of the bootstrap percentile interval of the first-order index"},
      {"first_order_hi", "1", "Upper bound of the bootstrap percentile interval of the first-order index"},
      {"total", "1",
       "Total Sobol index ST_i: share of the target's variance due to the parameter with all its interactions (Jansen "
       "1999 estimator)"},
      {"total_lo", "1", "Lower bound of the bootstrap percentile interval of the total index"},
      {"total_hi", "1", "Upper bound of the bootstrap percentile interval of the total index"}};
  static const std::vector<Column> morris = {
      {"mu", "target units per parameter range",
       "Morris mu: mean elementary effect, the change of the target (in its own unit) per whole range of the "
       "parameter"},
      {"mu_star", "target units per parameter range",
       "Morris mu*: mean absolute elementary effect per whole range of the parameter (Campolongo et al. 2007)"},
      {"mu_star_lo", "target units per parameter range",
       "Lower bound of the bootstrap percentile interval of mu* (trajectories resampled)"},
      {"mu_star_hi", "target units per parameter range",
       "Upper bound of the bootstrap percentile interval of mu* (trajectories resampled)"},
      {"sigma", "target units per parameter range",
       "Morris sigma: standard deviation of the elementary effects (non-linearity and interactions)"}};
  static const std::vector<Column> src = {
      {"src", "1",
       "Standardised regression coefficient: change of the target in standard deviations per standard deviation of the "
       "parameter"},
      {"src_lo", "1", "Lower bound of the bootstrap percentile interval of the standardised regression coefficient"},
      {"src_hi", "1", "Upper bound of the bootstrap percentile interval of the standardised regression coefficient"}};
  return m == Method::Sobol ? sobol : m == Method::Morris ? morris : src;
}

const char* method_name(Method m) { return m == Method::Sobol ? "sobol" : m == Method::Morris ? "morris" : "src"; }

std::uint8_t index_flags(Method m, double estimate, double lo, double hi) {
  // Sobol indices and SRCs are shares of 1: within 1e-9 of a bound is rounding (an effect target
  // that one parameter alone moves gives the others 1e-17, not 0). Morris mu* is in target units.
  const double tol = m == Method::Morris ? 0.0 : 1e-9;
  std::uint8_t f = 0;
  const double bound = m == Method::Src ? -1.0 : 0.0;
  if (m != Method::Morris && std::isfinite(estimate) && (estimate < bound - tol || estimate > 1.0 + tol))
    f |= kOutsideRange;
  if (!std::isfinite(lo) || !std::isfinite(hi))
    f |= kNoInterval;
  else if (lo <= tol && hi >= -tol)
    f |= kIntervalHasZero;
  return f;
}

const std::vector<FlaggedIndex>& flagged_indices(Method m) {
  static const std::vector<FlaggedIndex> sobol = {{"first_order_flag", 0, 1, 2}, {"total_flag", 3, 4, 5}};
  static const std::vector<FlaggedIndex> morris = {{"mu_star_flag", 1, 2, 3}};
  static const std::vector<FlaggedIndex> src = {{"src_flag", 0, 1, 2}};
  return m == Method::Sobol ? sobol : m == Method::Morris ? morris : src;
}

std::size_t design_units(Method m, const Design& d) {
  const std::size_t k = d.parameters.size();
  return m == Method::Sobol ? d.points / (k + 2) : m == Method::Morris ? d.points / (k + 1) : d.points;
}

IndexResult compute(Method m, const sweep::Design& d, const std::vector<double>& y, const sweep::BootstrapOptions& b) {
  IndexResult r;
  if (m == Method::Sobol) {
    auto s = sweep::sobol_indices(y, d.parameters.size(), b);
    r.column = {s.first, s.first_lo, s.first_hi, s.total, s.total_lo, s.total_hi};
  } else if (m == Method::Morris) {
    auto s = sweep::morris_indices(d, y, b);
    r.column = {s.mu, s.mu_star, s.mu_star_lo, s.mu_star_hi, s.sigma};
  } else {
    auto s = sweep::src_indices(d, y, b);
    r.column = {s.src, s.src_lo, s.src_hi};
    r.r2 = s.r2;
  }
  for (const FlaggedIndex& fi : flagged_indices(m)) {
    std::vector<std::uint8_t> f(d.parameters.size());
    for (std::size_t i = 0; i < f.size(); ++i)
      f[i] = index_flags(m, r.column[fi.estimate][i], r.column[fi.lo][i], r.column[fi.hi][i]);
    r.flags.push_back(std::move(f));
  }
  return r;
}

std::vector<double> resident_weights(const std::vector<std::int64_t>& residents) {
  const std::size_t nbs = residents.size();
  std::vector<double> w(nbs, 1.0);
  double total = 0;
  for (std::int64_t r : residents) total += static_cast<double>(r);
  if (total > 0)
    for (std::size_t n = 0; n < nbs; ++n) w[n] = static_cast<double>(residents[n]) / total;
  else
    std::fill(w.begin(), w.end(), 1.0 / static_cast<double>(nbs));
  return w;
}

std::vector<double> pool_neighbourhoods(const std::vector<double>& v, const std::vector<double>& weights,
                                        Pooling pooling) {
  const std::size_t nbs = weights.size();
  std::vector<double> out(nbs > 0 ? v.size() / nbs : 0, 0.0);
  const bool summed = pooling == Pooling::Sum;  // counts add up; the rest is resident-weighted
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t n = 0; n < nbs; ++n) out[i] += (summed ? 1.0 : weights[n]) * v[i * nbs + n];
  return out;
}

Method method_for(const SweepResults& s, const std::string& path) {
  Method m;
  if (s.design_kind == "saltelli")
    m = Method::Sobol;
  else if (s.design_kind == "morris")
    m = Method::Morris;
  else if (s.design_kind == "factorial" || s.design_kind == "latin_hypercube")
    m = Method::Src;
  else
    throw SensitivityInputError(path + ": /design attribute design is \"" + s.design_kind +
                                "\"; expected factorial, latin_hypercube, saltelli or morris");
  try {  // the structure the method needs (blocks, trajectories, enough points), on probe outputs
    sweep::BootstrapOptions none;
    none.samples = 0;
    std::vector<double> y(s.design.points, 0.0);
    if (m == Method::Src)  // a non-constant probe keeps the check to the design itself
      for (std::size_t p = 0; p < y.size(); ++p) y[p] = static_cast<double>(p);
    (void)compute(m, s.design, y, none);
  } catch (const std::invalid_argument& e) {
    throw SensitivityInputError(path + ": a " + s.design_kind + " design, but " + e.what());
  }
  return m;
}

std::vector<Target> make_targets(const SweepResults& s, std::vector<LeftOut>& left_out) {
  const std::size_t P = s.design.points, S = s.scenarios.size(), R = s.replicates;
  const auto base_it = std::find(s.scenarios.begin(), s.scenarios.end(), "baseline");
  const std::size_t base = static_cast<std::size_t>(base_it - s.scenarios.begin());
  std::vector<Target> targets;
  for (const SweepOutcome& o : s.outcomes) {
    for (bool effect : {false, true}) {
      if (effect && (base_it == s.scenarios.end() || o.versus_baseline)) break;
      for (std::size_t sc = 0; sc < S; ++sc) {
        if ((effect || o.versus_baseline) && sc == base) continue;
        Target t{o.name + " @ " + s.scenarios[sc] + (effect ? " - baseline" : ""),
                 o.name,
                 o.unit,
                 std::vector<double>(P, 0.0),
                 sc,
                 effect};
        for (std::size_t p = 0; p < P; ++p) {
          for (std::size_t r = 0; r < R; ++r)
            t.y[p] += o.mean[(p * S + sc) * R + r] - (effect ? o.mean[(p * S + base) * R + r] : 0.0);
          t.y[p] /= static_cast<double>(R);
        }
        if (std::any_of(t.y.begin(), t.y.end(), [](double v) { return !std::isfinite(v); })) {
          left_out.push_back({t.label, o.name, kLeftOutNotANumber});
          continue;
        }
        const auto [mn, mx] = std::minmax_element(t.y.begin(), t.y.end());
        if (*mx - *mn <= 1e-12 * std::max(1.0, std::max(std::abs(*mn), std::abs(*mx)))) {
          left_out.push_back({t.label, o.name, kLeftOutConstant});
          continue;
        }
        targets.push_back(std::move(t));
      }
    }
  }
  return targets;
}

void drop_undefined(Method m, std::vector<Target>& targets, std::vector<IndexResult>& results,
                    std::vector<LeftOut>& left_out) {
  // Any estimate that is not a finite number makes the target's indices undefined: a NaN or an
  // infinity is never printed or stored as a result (docs/sensitivity.md).
  const auto undefined = [&](const IndexResult& r) {
    for (const FlaggedIndex& f : flagged_indices(m)) {
      const auto& estimate = r.column[f.estimate];
      if (std::any_of(estimate.begin(), estimate.end(), [](double v) { return !std::isfinite(v); })) return true;
    }
    return false;
  };
  std::size_t kept = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (undefined(results[t])) {
      left_out.push_back({targets[t].label, targets[t].outcome, kLeftOutUndefined});
      continue;
    }
    if (kept != t) {
      targets[kept] = std::move(targets[t]);
      results[kept] = std::move(results[t]);
    }
    ++kept;
  }
  targets.resize(kept);
  results.resize(kept);
}

Rankings make_rankings(const SweepResults& s, const std::vector<Target>& targets) {
  Rankings rk;
  const std::size_t P = s.design.points, S = s.scenarios.size(), R = s.replicates;
  if (S < 2) return rk;
  for (const SweepOutcome& o : s.outcomes) {
    if (o.versus_baseline) continue;
    if (std::none_of(targets.begin(), targets.end(), [&](const Target& t) { return t.outcome == o.name; })) continue;
    std::vector<double> v(P * S, 0.0);
    for (std::size_t i = 0; i < P * S; ++i) {
      for (std::size_t r = 0; r < R; ++r) v[i] += o.mean[i * R + r];
      v[i] /= static_cast<double>(R);
    }
    rk.outcomes.push_back(o.name);
    rk.shares.push_back(sweep::ranking_shares(v, s.scenarios));
    for (const auto& sh : rk.shares.back())
      if (std::find(rk.orderings.begin(), rk.orderings.end(), sh.ordering) == rk.orderings.end())
        rk.orderings.push_back(sh.ordering);
  }
  return rk;
}

}  // namespace buurtsim::sweep
