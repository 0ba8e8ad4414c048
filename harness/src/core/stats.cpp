#include "bench_gate/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace bg::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> sorted_copy(std::span<const double> values) {
  std::vector<double> v(values.begin(), values.end());
  std::sort(v.begin(), v.end());
  return v;
}

double quantile_sorted(const std::vector<double>& v, double q) {
  if (v.empty()) return kNaN;
  q = std::clamp(q, 0.0, 1.0);
  double h = q * static_cast<double>(v.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(h));
  auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// Sum over tie groups of (t^3 - t) in a sorted sample.
double tie_term(const std::vector<double>& sorted) {
  double sum = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    double t = static_cast<double>(j - i);
    sum += t * t * t - t;
    i = j;
  }
  return sum;
}

// Tie-corrected standard deviation of U under the null hypothesis.
double u_sd(double n, double m, double ties) {
  double total = n + m;
  if (total < 2) return 0;
  double var = n * m / 12.0 * ((total + 1) - ties / (total * (total - 1)));
  return var > 0 ? std::sqrt(var) : 0;
}

// Keep at most `limit` evenly spaced order statistics of a sorted sample.
std::vector<double> thin(const std::vector<double>& sorted, std::size_t limit) {
  if (sorted.size() <= limit) return sorted;
  std::vector<double> out;
  out.reserve(limit);
  for (std::size_t i = 0; i < limit; ++i) {
    out.push_back(quantile_sorted(sorted, static_cast<double>(i) / static_cast<double>(limit - 1)));
  }
  return out;
}

}  // namespace

double median(std::span<const double> values) { return quantile(values, 0.5); }

double quantile(std::span<const double> values, double q) {
  return quantile_sorted(sorted_copy(values), q);
}

double mad(std::span<const double> values) {
  if (values.empty()) return kNaN;
  double center = median(values);
  std::vector<double> dev;
  dev.reserve(values.size());
  for (double x : values) dev.push_back(std::fabs(x - center));
  return median(dev);
}

double mean(std::span<const double> values) {
  if (values.empty()) return kNaN;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double stddev(std::span<const double> values) {
  if (values.size() < 2) return 0;
  double m = mean(values);
  double sum = 0;
  for (double x : values) sum += (x - m) * (x - m);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) {
    if (p == 0) return -std::numeric_limits<double>::infinity();
    if (p == 1) return std::numeric_limits<double>::infinity();
    return kNaN;
  }
  // Acklam's rational approximation, refined with one Halley step.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double p_low = 0.02425;
  double x;
  if (p < p_low) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - p_low) {
    double q = p - 0.5;
    double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  double e = normal_cdf(x) - p;
  double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y) {
  MannWhitney result;
  const double n = static_cast<double>(x.size());
  const double m = static_cast<double>(y.size());
  if (x.empty() || y.empty()) return result;
  // Rank the combined sample (average ranks for ties).
  std::vector<std::pair<double, int>> all;
  all.reserve(x.size() + y.size());
  for (double v : x) all.emplace_back(v, 0);
  for (double v : y) all.emplace_back(v, 1);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double rank_sum_x = 0;
  double ties = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    double avg_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    double t = static_cast<double>(j - i);
    ties += t * t * t - t;
    for (std::size_t k = i; k < j; ++k) {
      if (all[k].second == 0) rank_sum_x += avg_rank;
    }
    i = j;
  }
  result.u = rank_sum_x - n * (n + 1) / 2;
  const double mu = n * m / 2;
  const double sd = u_sd(n, m, ties);
  if (sd == 0) {
    result.z = 0;
    return result;  // all values tied: no evidence either way
  }
  result.z = (result.u - mu) / sd;
  const double u_other = n * m - result.u;
  result.p_greater = 1 - normal_cdf((result.u - mu - 0.5) / sd);
  result.p_less = 1 - normal_cdf((u_other - mu - 0.5) / sd);
  result.p_two_sided =
      std::min(1.0, 2 * (1 - normal_cdf((std::max(result.u, u_other) - mu - 0.5) / sd)));
  return result;
}

ShiftEstimate hodges_lehmann(std::span<const double> x, std::span<const double> y,
                             double confidence) {
  ShiftEstimate result;
  if (x.empty() || y.empty()) {
    result.shift = result.ci_low = result.ci_high = kNaN;
    return result;
  }
  // Bound the work: beyond 2000 values a side, use 2000 evenly spaced order statistics.
  const std::size_t kLimit = 2000;
  std::vector<double> xs = thin(sorted_copy(x), kLimit);
  std::vector<double> ys = thin(sorted_copy(y), kLimit);
  std::vector<double> diffs;
  diffs.reserve(xs.size() * ys.size());
  for (double a : xs) {
    for (double b : ys) diffs.push_back(a - b);
  }
  const std::size_t total = diffs.size();
  auto order_stat = [&](std::size_t k) {  // 0-based
    std::nth_element(diffs.begin(), diffs.begin() + static_cast<std::ptrdiff_t>(k), diffs.end());
    return diffs[k];
  };
  if (total % 2 == 1) {
    result.shift = order_stat(total / 2);
  } else {
    double hi = order_stat(total / 2);
    double lo =
        *std::max_element(diffs.begin(), diffs.begin() + static_cast<std::ptrdiff_t>(total / 2));
    result.shift = (lo + hi) / 2;
  }
  // Moses interval: the k-th smallest and k-th largest pairwise differences, with
  // k = floor(n m / 2 - z sd(U)) (tie-corrected sd).
  const double n = static_cast<double>(xs.size());
  const double m = static_cast<double>(ys.size());
  std::vector<double> combined(xs);
  combined.insert(combined.end(), ys.begin(), ys.end());
  std::sort(combined.begin(), combined.end());
  const double sd = u_sd(n, m, tie_term(combined));
  const double z = normal_quantile(0.5 + confidence / 2);
  const double k = std::floor(n * m / 2 - z * sd);
  if (k >= 1 && sd > 0) {
    auto idx = static_cast<std::size_t>(k) - 1;
    result.ci_low = order_stat(idx);
    result.ci_high = order_stat(total - 1 - idx);
    result.ci_valid = true;
  } else {
    result.ci_low = *std::min_element(diffs.begin(), diffs.end());
    result.ci_high = *std::max_element(diffs.begin(), diffs.end());
    result.ci_valid = sd == 0 && total > 1;  // all values tied: the shift is exactly known
  }
  return result;
}

std::vector<double> holm_adjust(std::span<const double> p) {
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return p[a] < p[b]; });
  std::vector<double> adjusted(m);
  double running = 0;
  for (std::size_t i = 0; i < m; ++i) {
    double value = std::min(1.0, static_cast<double>(m - i) * p[order[i]]);
    running = std::max(running, value);
    adjusted[order[i]] = running;
  }
  return adjusted;
}

std::vector<double> bh_adjust(std::span<const double> p) {
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return p[a] < p[b]; });
  std::vector<double> adjusted(m);
  double running = 1;
  for (std::size_t i = m; i-- > 0;) {
    double value = std::min(1.0, static_cast<double>(m) / static_cast<double>(i + 1) * p[order[i]]);
    running = std::min(running, value);
    adjusted[order[i]] = running;
  }
  return adjusted;
}

// Student t: the incomplete-beta form of the cdf (Abramowitz & Stegun 26.7.1, 26.5.8; the
// continued fraction as in Numerical Recipes 6.4, modified Lentz).
namespace {

// Continued fraction of the regularized incomplete beta function (modified Lentz).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-15;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 500; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEps) break;
  }
  return h;
}

// Regularized incomplete beta I_x(a, b).
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  return 1 - std::exp(log_front) * beta_continued_fraction(b, a, 1 - x) / b;
}

}  // namespace

double student_t_cdf(double t, double df) {
  if (std::isnan(t) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t > 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.5) return 0;
  // Bracket, then bisect: the cdf is monotone, 200 halvings reach double precision.
  double lo = -1, hi = 1;
  while (student_t_cdf(lo, df) > p) lo *= 2;
  while (student_t_cdf(hi, df) < p) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-14 * std::max(1.0, std::fabs(lo)); ++i) {
    const double mid = 0.5 * (lo + hi);
    (student_t_cdf(mid, df) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}


namespace {

// Counts of T+ = s over all 2^n sign patterns of the ranks 1..n (no ties), s = 0 .. n(n+1)/2,
// divided by 2^n: the exact null distribution of the signed-rank statistic.
std::vector<double> signed_rank_pmf(int n) {
  const std::size_t top = static_cast<std::size_t>(n) * static_cast<std::size_t>(n + 1) / 2;
  std::vector<double> pmf(top + 1, 0.0);
  pmf[0] = 1;
  std::size_t reach = 0;
  for (int r = 1; r <= n; ++r) {
    const auto ru = static_cast<std::size_t>(r);
    reach += ru;
    for (std::size_t s = reach; s >= ru; --s) pmf[s] = 0.5 * pmf[s] + 0.5 * pmf[s - ru];
    for (std::size_t s = ru; s-- > 0;) pmf[s] *= 0.5;
  }
  return pmf;
}

constexpr int kExactSignedRank = 50;

}  // namespace

SignedRank wilcoxon_signed_rank(std::span<const double> d) {
  SignedRank out;
  std::vector<std::pair<double, bool>> abs_sign;  // |d|, positive
  for (double v : d) {
    if (v != 0 && std::isfinite(v)) abs_sign.emplace_back(std::fabs(v), v > 0);
  }
  std::sort(abs_sign.begin(), abs_sign.end());
  const std::size_t n = abs_sign.size();
  out.n = static_cast<int>(n);
  if (n == 0) return out;
  double ties = 0;  // sum of t^3 - t over groups of tied |d|
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && abs_sign[j + 1].first == abs_sign[i].first) ++j;
    const double rank = 0.5 * static_cast<double>(i + j) + 1;  // midrank, 1-based
    for (std::size_t k = i; k <= j; ++k) {
      if (abs_sign[k].second) out.t_plus += rank;
    }
    const double t = static_cast<double>(j - i + 1);
    ties += t * t * t - t;
    i = j + 1;
  }
  const double nd = static_cast<double>(n);
  if (ties == 0 && out.n <= kExactSignedRank) {
    const std::vector<double> pmf = signed_rank_pmf(out.n);
    const auto t = static_cast<std::size_t>(std::llround(out.t_plus));
    double upper = 0, lower = 0;
    for (std::size_t s = t; s < pmf.size(); ++s) upper += pmf[s];
    for (std::size_t s = 0; s <= t; ++s) lower += pmf[s];
    out.p_greater = std::min(1.0, upper);
    out.p_less = std::min(1.0, lower);
    out.exact = true;
    return out;
  }
  const double mu = nd * (nd + 1) / 4;
  const double var = nd * (nd + 1) * (2 * nd + 1) / 24 - ties / 48;
  if (!(var > 0)) return out;
  const double sd = std::sqrt(var);
  out.p_greater = 1 - normal_cdf((out.t_plus - mu - 0.5) / sd);
  out.p_less = normal_cdf((out.t_plus - mu + 0.5) / sd);
  return out;
}

ShiftEstimate hodges_lehmann_one_sample(std::span<const double> d, double confidence) {
  ShiftEstimate result;
  std::vector<double> v;
  for (double x : d) {
    if (std::isfinite(x)) v.push_back(x);
  }
  if (v.empty()) {
    result.shift = result.ci_low = result.ci_high = kNaN;
    return result;
  }
  const std::size_t n = v.size();
  std::vector<double> walsh;
  walsh.reserve(n * (n + 1) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i; j < n; ++j) walsh.push_back(0.5 * (v[i] + v[j]));
  }
  std::sort(walsh.begin(), walsh.end());
  result.shift = quantile_sorted(walsh, 0.5);
  const std::size_t total = walsh.size();
  // k: the largest count with P(T+ <= k - 1) <= (1 - confidence) / 2.
  const double tail = (1 - confidence) / 2;
  std::size_t k = 0;
  if (static_cast<int>(n) <= kExactSignedRank) {
    const std::vector<double> pmf = signed_rank_pmf(static_cast<int>(n));
    double cdf = 0;
    for (std::size_t s = 0; s < pmf.size(); ++s) {
      cdf += pmf[s];
      if (cdf > tail) break;
      k = s + 1;
    }
  } else {
    const double nd = static_cast<double>(n);
    const double c = nd * (nd + 1) / 4 -
                     normal_quantile(1 - tail) * std::sqrt(nd * (nd + 1) * (2 * nd + 1) / 24);
    k = c >= 1 ? static_cast<std::size_t>(std::floor(c)) : 0;
  }
  if (k >= 1 && k <= total / 2) {
    result.ci_low = walsh[k - 1];
    result.ci_high = walsh[total - k];
    result.ci_valid = true;
  } else {
    result.ci_low = walsh.front();
    result.ci_high = walsh.back();
  }
  return result;
}

MedianInterval median_interval(std::span<const double> values, double confidence) {
  MedianInterval result;
  if (values.empty()) {
    result.median = result.ci_low = result.ci_high = kNaN;
    return result;
  }
  const std::vector<double> v = sorted_copy(values);
  const std::size_t n = v.size();
  result.median = quantile_sorted(v, 0.5);
  const double tail = (1 - confidence) / 2;
  // Binomial(n, 1/2) cdf in log space (n can be thousands): P(B <= j) for j = 0, 1, …
  std::size_t k = 0;  // 1-based rank of the lower bound; 0 = none reaches the confidence
  double cdf = 0;
  const double nd = static_cast<double>(n);
  for (std::size_t j = 0; j < n / 2; ++j) {
    const double jd = static_cast<double>(j);
    const double log_pmf = std::lgamma(nd + 1) - std::lgamma(jd + 1) - std::lgamma(nd - jd + 1) -
                           nd * std::log(2.0);
    cdf += std::exp(log_pmf);
    if (cdf > tail) break;
    k = j + 1;  // P(B <= k - 1) <= tail
  }
  if (k == 0) {
    result.ci_low = v.front();
    result.ci_high = v.back();
    return result;
  }
  result.ci_low = v[k - 1];
  result.ci_high = v[n - k];
  result.ci_valid = true;
  return result;
}

}  // namespace bg::stats
