#pragma once
// Statistical checks for the tests of the model's behaviour (docs/validation.md, "Seed sets").
//
// The rule: a claim about the model is checked on an estimate over a stated number of seeds
// (or replicates), with a tolerance from the spread it measures. For a mean or a pooled statistic
// the check requires the claim to hold beyond kZ = 3 standard errors (for a threshold t: estimate
// - 3 se > t; for a range: the whole interval estimate +- 3 se inside it; for a direction: the
// paired difference more than 3 se above zero). A model whose expected value sits exactly on the
// threshold passes with probability 0.13% (normal) up to 1.5% (t with 5 degrees of freedom, 6
// seeds). The number of seeds of each test is chosen so that, at the seeds it was written on and
// at the second set, every check clears its threshold by at least 5 se (printed as `margin`), so
// that a fresh set fails it with a probability of about 2% at most (about 0.1% at 6 se).
// For a yes/no outcome per run the check is a count with a binomial bound: "at least k of n runs"
// with k chosen so that a model whose per-run probability is p0 fails with probability at most
// alpha (0.001 unless stated).
//
// Every check prints a `[check]` line (what, estimate, se, seeds, bound, margin in se).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace buurtsim::testing {

inline constexpr double kZ = 3.0;

struct Estimate {
  double value = 0;  // the estimate
  double se = 0;     // its standard error
  int n = 0;         // seeds (or replicates) it comes from
};

// Mean over seeds and its standard error (sd / sqrt(n)).
inline Estimate mean_se(const std::vector<double>& x) {
  Estimate e;
  e.n = static_cast<int>(x.size());
  for (double v : x) e.value += v / static_cast<double>(x.size());
  double ss = 0;
  for (double v : x) ss += (v - e.value) * (v - e.value);
  e.se = x.size() > 1 ? std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size())) : 0.0;
  return e;
}

// A statistic of several runs pooled (a ratio of sums, say) and its jackknife standard error:
// `stat` is called with pointers to all runs, then with each run left out once.
template <class T, class F>
Estimate jackknife(const std::vector<T>& runs, F stat) {
  std::vector<const T*> all;
  for (const T& r : runs) all.push_back(&r);
  Estimate e;
  e.n = static_cast<int>(runs.size());
  e.value = stat(all);
  if (runs.size() < 2) return e;
  std::vector<double> loo;
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::vector<const T*> part = all;
    part.erase(part.begin() + static_cast<std::ptrdiff_t>(i));
    loo.push_back(stat(part));
  }
  double mean = 0;
  for (double v : loo) mean += v / static_cast<double>(loo.size());
  double ss = 0;
  for (double v : loo) ss += (v - mean) * (v - mean);
  const auto n = static_cast<double>(loo.size());
  e.se = std::sqrt((n - 1) / n * ss);
  return e;
}

namespace detail {

inline double margin(double distance, double se) {
  return se > 0 ? distance / se : (distance > 0 ? std::numeric_limits<double>::infinity() : -1.0);
}

inline void print_check(const std::string& what, const Estimate& e, const std::string& bound, double margin_se,
                        bool ok) {
  std::printf("[check] %-58s %10.4g (se %.3g, n %d) %s: margin %.1f se%s\n", what.c_str(), e.value, e.se, e.n,
              bound.c_str(), margin_se, ok ? "" : "  NOT MET");
}

inline std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

}  // namespace detail

// Whether the estimate lies more than z se above `threshold` (printed either way).
inline bool check_above(const std::string& what, const Estimate& e, double threshold, double z = kZ) {
  const double m = detail::margin(e.value - threshold, e.se);
  const bool ok = m > z;
  detail::print_check(what, e, "> " + detail::fmt(threshold), m, ok);
  return ok;
}

// Whether the estimate lies more than z se below `threshold`.
inline bool check_below(const std::string& what, const Estimate& e, double threshold, double z = kZ) {
  const double m = detail::margin(threshold - e.value, e.se);
  const bool ok = m > z;
  detail::print_check(what, e, "< " + detail::fmt(threshold), m, ok);
  return ok;
}

// Whether estimate +- z se lies inside [lo, hi].
inline bool check_within(const std::string& what, const Estimate& e, double lo, double hi, double z = kZ) {
  const double m = std::min(detail::margin(e.value - lo, e.se), detail::margin(hi - e.value, e.se));
  const bool ok = m > z;
  detail::print_check(what, e, "in [" + detail::fmt(lo) + ", " + detail::fmt(hi) + "]", m, ok);
  return ok;
}

// gtest expectations of the checks above; the failure names the check and its numbers.
inline void expect_above(const std::string& what, const Estimate& e, double threshold, double z = kZ) {
  EXPECT_TRUE(check_above(what, e, threshold, z))
      << what << ": " << e.value << " (se " << e.se << ", n " << e.n << ") is not " << z << " se above " << threshold;
}
inline void expect_below(const std::string& what, const Estimate& e, double threshold, double z = kZ) {
  EXPECT_TRUE(check_below(what, e, threshold, z))
      << what << ": " << e.value << " (se " << e.se << ", n " << e.n << ") is not " << z << " se below " << threshold;
}
inline void expect_within(const std::string& what, const Estimate& e, double lo, double hi, double z = kZ) {
  EXPECT_TRUE(check_within(what, e, lo, hi, z)) << what << ": " << e.value << " (se " << e.se << ", n " << e.n
                                                << ") +- " << z << " se is not inside [" << lo << ", " << hi << "]";
}

// P(X <= k) for X ~ Binomial(n, p).
inline double binomial_cdf(int k, int n, double p) {
  if (k < 0) return 0.0;
  if (k >= n) return 1.0;
  double sum = 0;
  for (int i = 0; i <= k; ++i) {
    const double log_term = std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) + i * std::log(p) +
                            (n - i) * std::log1p(-p);
    sum += std::exp(log_term);
  }
  return std::min(1.0, sum);
}

// The count a test of "each run shows it with probability at least p0" requires of n runs: the
// largest k with P(Binomial(n, p0) < k) <= alpha.
inline int binomial_min_count(int n, double p0, double alpha) {
  int k = 0;
  while (k < n && binomial_cdf(k, n, p0) <= alpha) ++k;
  return k;
}

// Whether at least binomial_min_count(n, p0, alpha) of n runs show the outcome: a model whose
// runs show it with probability p0 or more fails this with probability alpha at most.
inline bool check_count(const std::string& what, int count, int n, double p0, double alpha = 0.001) {
  const int k = binomial_min_count(n, p0, alpha);
  const bool ok = count >= k;
  std::printf("[check] %-58s %d of %d runs (at least %d: per-run probability >= %g, risk %g)%s\n", what.c_str(), count,
              n, k, p0, alpha, ok ? "" : "  NOT MET");
  return ok;
}
inline void expect_count(const std::string& what, int count, int n, double p0, double alpha = 0.001) {
  EXPECT_TRUE(check_count(what, count, n, p0, alpha))
      << what << ": " << count << " of " << n << " runs, fewer than " << binomial_min_count(n, p0, alpha)
      << " (per-run probability " << p0 << ", risk " << alpha << ")";
}

}  // namespace buurtsim::testing
