// Small numeric pieces of the decision rule. Inputs need not be sorted; empty inputs give NaN
// unless stated.
#pragma once

#include <span>
#include <utility>
#include <vector>

namespace bg::stats {

double median(std::span<const double> values);
// Linear interpolation between order statistics (type 7, as numpy's default); q in [0,1].
double quantile(std::span<const double> values, double q);
// Median absolute deviation from the median (unscaled).
double mad(std::span<const double> values);
double mean(std::span<const double> values);
// Sample standard deviation (n-1); 0 for fewer than 2 values.
double stddev(std::span<const double> values);

// Standard normal cdf and quantile (inverse cdf, p in (0,1)).
double normal_cdf(double z);
double normal_quantile(double p);

// Student t distribution with df > 0 degrees of freedom: cdf, and quantile for p in (0,1) (NaN
// outside those domains).
double student_t_cdf(double t, double df);
double student_t_quantile(double p, double df);


struct MannWhitney {
  double u = 0;          // U of x: #(x > y) + 0.5 #(x == y)
  double z = 0;          // (U - n m / 2) / sd, tie-corrected, no continuity correction
  double p_greater = 1;  // one-sided p for "x tends to be larger" (normal approximation)
  double p_less = 1;     // one-sided p for "x tends to be smaller"
  double p_two_sided = 1;
};
// Mann–Whitney U test of x vs y, normal approximation with tie correction and continuity
// correction of 0.5 on the p-values (as scipy's mannwhitneyu(method="asymptotic")).
MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y);

struct ShiftEstimate {
  double shift = 0;   // Hodges–Lehmann: median of all pairwise differences x_i - y_j
  double ci_low = 0;  // Mann–Whitney based (Moses) confidence interval of the shift
  double ci_high = 0;
  bool ci_valid = false;  // false when the samples are too small for the requested confidence
};
// Hodges–Lehmann shift of x relative to y with its two-sided `confidence` interval from the
// normal approximation of U (tie-corrected). With too few samples the CI is the full range of
// pairwise differences and ci_valid is false.
ShiftEstimate hodges_lehmann(std::span<const double> x, std::span<const double> y,
                             double confidence = 0.95);

struct MedianInterval {
  double median = 0, ci_low = 0, ci_high = 0;
  bool ci_valid = false;  // false when too few values reach the confidence (n < 6 at 95 %)
};
// Distribution-free `confidence` interval of the median from order statistics (Hollander & Wolfe,
// ch. 3: [x_(k), x_(n-k+1)] with k the largest rank where P(Binomial(n, 1/2) < k) <= (1-c)/2).
// Below the size that reaches the confidence (n < 6 at 95 %) it is [min, max]. NaNs when empty.
MedianInterval median_interval(std::span<const double> x, double confidence = 0.95);

struct SignedRank {
  int n = 0;             // non-zero differences ranked (zeros are dropped, as Wilcoxon did)
  double t_plus = 0;     // sum of the ranks of the positive differences (midranks on ties)
  double p_greater = 1;  // one-sided p for "the differences tend to be positive"
  double p_less = 1;     // one-sided p for "... negative"
  bool exact = false;    // exact null distribution (n <= 50, no ties), else normal approximation
};
// Wilcoxon signed-rank test of the differences d against 0 (Hollander & Wolfe, ch. 3): exact
// null distribution of T+ by counting subsets when n <= 50 and no |d| ties, else the normal
// approximation with tie correction and continuity correction 0.5. n = 0: both p-values 1.
SignedRank wilcoxon_signed_rank(std::span<const double> d);

// One-sample Hodges–Lehmann estimate of the centre of d: the median of the Walsh averages
// (d_i + d_j) / 2, i <= j, with the distribution-free `confidence` interval from the signed-rank
// distribution ([W_(k), W_(N+1-k)], N = n (n + 1) / 2; Hollander & Wolfe, ch. 3). With too few
// values for the confidence (n < 6 at 95 %) the interval is [min W, max W] and ci_valid false.
ShiftEstimate hodges_lehmann_one_sample(std::span<const double> d, double confidence = 0.95);

// Holm step-down adjusted p-values (same order as input, capped at 1).
std::vector<double> holm_adjust(std::span<const double> p);
// Benjamini–Hochberg adjusted p-values (same order as input, capped at 1).
std::vector<double> bh_adjust(std::span<const double> p);

}  // namespace bg::stats
