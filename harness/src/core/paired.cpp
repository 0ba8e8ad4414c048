#include "bench_gate/paired.hpp"

#include "bench_gate/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "bench_gate/config.hpp"
#include "bench_gate/stats.hpp"

namespace bg {
namespace stats {
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

}  // namespace stats

namespace {

constexpr int kMaxBlocks = 1000;

std::string percent(double fraction, int decimals = 1) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f %%", decimals, fraction * 100);
  return buffer;
}

double mde_factor(int blocks) {
  const double df = blocks - 1;
  return stats::student_t_quantile(0.95, df) + stats::student_t_quantile(0.80, df);
}

struct Work {
  BenchmarkComparison row;
  bool comparable = false;
  PairedEstimate estimate;
  double padj_slower = 1, padj_faster = 1;
};

}  // namespace

PairedEstimate paired_estimate(std::span<const double> log_ratios, double sd_floor,
                               double threshold) {
  PairedEstimate e;
  e.blocks = static_cast<int>(log_ratios.size());
  if (e.blocks < 2) {
    e.blocks_needed = 2;
    e.mde = std::numeric_limits<double>::infinity();
    return e;
  }
  const double n = e.blocks;
  e.center = stats::median(log_ratios);
  e.mean = stats::mean(log_ratios);
  e.sd = std::max(stats::stddev(log_ratios), sd_floor);
  e.se = std::max(e.sd / std::sqrt(n), 1e-12);
  const double df = n - 1;
  const double t975 = stats::student_t_quantile(0.975, df);
  e.ci_low = e.mean - t975 * e.se;
  e.ci_high = e.mean + t975 * e.se;
  const double t = e.mean / e.se;
  e.p_slower = 1 - stats::student_t_cdf(t, df);
  e.p_faster = stats::student_t_cdf(t, df);
  e.mde = std::expm1(mde_factor(e.blocks) * e.se);
  // Smallest block count whose mde reaches the threshold at this spread.
  const double target = std::log1p(threshold);
  int needed = e.blocks + 1;
  while (needed < kMaxBlocks &&
         mde_factor(needed) * e.sd / std::sqrt(static_cast<double>(needed)) > target) {
    ++needed;
  }
  e.blocks_needed = needed;
  return e;
}

std::string paired_rule_text(const Config& config) {
  char alpha[32];
  std::snprintf(alpha, sizeof alpha, "%g", config.alpha);
  return "Paired: base (a build of the baseline commit) and head run now on this machine as "
         "separate "
         "processes in randomized alternating blocks; metric " +
         config.metric +
         ". Per block, d = log(head median / base median) of that block's repetitions. change = "
         "exp(median of d) - 1. Student t on the mean of d over n blocks (n - 1 degrees of "
         "freedom), "
         "sd never below " +
         percent(config.noise_floor / 2) +
         "; 95 % interval exp(mean +- t_.975 sd / sqrt n) - 1. Regression: change above the tier "
         "threshold and the one-sided p-value of 'slower', after correction, below " +
         alpha +
         "; improvement likewise for 'faster'. Otherwise inconclusive when the minimum detectable "
         "effect exp((t_.95 + t_.80) sd / sqrt n) - 1 exceeds the threshold, or the change exceeds "
         "it "
         "without significance (the 'needed' column then counts blocks); else unchanged. "
         "Regressions in fail tiers fail the gate; in warn tiers they are reported only.";
}

Comparison compare_paired(const PairedInput& input) {
  const Config& config = input.config;
  Comparison c;
  c.mode = "paired";
  c.rule = paired_rule_text(config);
  const double sd_floor = config.noise_floor / 2;

  std::vector<Work> work;
  work.reserve(input.benchmarks.size());
  for (const auto& b : input.benchmarks) {
    Work w;
    BenchmarkComparison& row = w.row;
    row.name = b.name;
    const TierSpec& tier = tier_for(config, b.name);
    row.tier = tier.name;
    row.threshold = tier.threshold;
    row.action = tier.action;
    row.base_samples = static_cast<int>(b.base_samples.size());
    row.head_samples = static_cast<int>(b.head_samples.size());
    row.base_runs = static_cast<int>(b.base_block_medians.size());
    row.head_runs = static_cast<int>(b.head_block_medians.size());
    if (!b.base_samples.empty()) row.base_center = stats::median(b.base_samples);
    if (!b.head_samples.empty()) row.head_center = stats::median(b.head_samples);
    if (b.base_error || b.head_error) {
      row.verdict = Verdict::failed;
      if (b.head_error) row.message = "head: " + *b.head_error;
      if (b.base_error)
        row.message += (row.message.empty() ? "" : "; ") + std::string("base: ") + *b.base_error;
      work.push_back(std::move(w));
      continue;
    }
    if (!b.in_base || !b.in_head) {
      row.verdict = b.in_base ? Verdict::removed : Verdict::new_benchmark;
      work.push_back(std::move(w));
      continue;
    }
    std::vector<double> ratios;
    const std::size_t n = std::min(b.base_block_medians.size(), b.head_block_medians.size());
    for (std::size_t i = 0; i < n; ++i) {
      const double x = b.base_block_medians[i], y = b.head_block_medians[i];
      if (x > 0 && y > 0 && std::isfinite(x) && std::isfinite(y)) ratios.push_back(std::log(y / x));
    }
    w.estimate = paired_estimate(ratios, sd_floor, row.threshold);
    const PairedEstimate& e = w.estimate;
    row.noise_source = "paired: " + std::to_string(e.blocks) + " blocks x " +
                       std::to_string(b.repetitions_per_block) + " repetitions per side";
    if (e.blocks < 2) {
      row.verdict = Verdict::inconclusive;
      row.repetitions_needed = 2;
      row.mde = 0;
      row.noise_source += "; fewer than 2 paired blocks, no test possible";
      work.push_back(std::move(w));
      continue;
    }
    w.comparable = true;
    row.change = std::expm1(e.center);
    row.ci_low = std::expm1(e.ci_low);
    row.ci_high = std::expm1(e.ci_high);
    row.p_value = row.change >= 0 ? e.p_slower : e.p_faster;
    row.mde = e.mde;
    row.noise_source +=
        ", block-ratio sd " + percent(e.sd) + (e.sd <= sd_floor ? " (raised to the floor)" : "");
    work.push_back(std::move(w));
  }

  // Multiple comparisons, as the stored rule.
  c.correction = adjust_comparable(work, config.alpha, [](const Work& w) {
    return std::pair{w.estimate.p_slower, w.estimate.p_faster};
  });

  for (auto& w : work) {
    if (!w.comparable) continue;
    BenchmarkComparison& row = w.row;
    row.p_adjusted = row.change >= 0 ? w.padj_slower : w.padj_faster;
    if (row.change > row.threshold && w.padj_slower < config.alpha) {
      row.verdict = Verdict::regression;
    } else if (row.change < -row.threshold && w.padj_faster < config.alpha) {
      row.verdict = Verdict::improvement;
    } else if (row.mde > row.threshold || row.change > row.threshold) {
      row.verdict = Verdict::inconclusive;
      row.repetitions_needed = w.estimate.blocks_needed;
      row.noise_source +=
          "; about " + std::to_string(w.estimate.blocks_needed) + " blocks would resolve it";
    } else {
      row.verdict = Verdict::unchanged;
    }
  }

  bool head_failed = false, failing_regression = false;
  for (std::size_t i = 0; i < work.size(); ++i) {
    const BenchmarkComparison& row = work[i].row;
    if (row.verdict == Verdict::failed && row.message.rfind("head:", 0) == 0) head_failed = true;
    if (row.verdict == Verdict::regression && row.action == TierAction::fail)
      failing_regression = true;
  }
  c.exit_code = head_failed          ? ExitCode::suite_failed
                : failing_regression ? ExitCode::regression
                                     : ExitCode::pass;

  for (auto& w : work) c.benchmarks.push_back(std::move(w.row));
  sort_rows(c.benchmarks);
  return c;
}

}  // namespace bg
