#include "bench_gate/paired.hpp"

#include "bench_gate/verdict.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "bench_gate/config.hpp"
#include "bench_gate/disturbance.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {

namespace {

constexpr int kMaxBlocks = 1000;
// z_.95 + z_.80: the mde of a one-sided 5 % test at 80 % power, in standard errors.
constexpr double kRankMdeFactor = 1.6448536269514722 + 0.8416212335729143;

double mde_factor(int blocks) {
  const double df = blocks - 1;
  return stats::student_t_quantile(0.95, df) + stats::student_t_quantile(0.80, df);
}


}  // namespace

PairedEstimate paired_estimate(std::span<const double> log_ratios, double sd_floor,
                               double threshold, int measured_blocks) {
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
  const double target = std::log1p(threshold);
  if (std::max(e.blocks, measured_blocks) >= kRankBlocks && e.blocks >= kRankMinKept) {
    // Signed-rank test and Hodges-Lehmann interval: a block a neighbour slowed counts as one
    // rank, however far it moved; the t test's mean and sd would follow it.
    e.rank_based = true;
    const stats::ShiftEstimate hl = stats::hodges_lehmann_one_sample(log_ratios);
    const stats::SignedRank w = stats::wilcoxon_signed_rank(log_ratios);
    e.center = hl.shift;
    e.ci_low = hl.ci_low;
    e.ci_high = hl.ci_high;
    e.p_slower = w.p_greater;
    e.p_faster = w.p_less;
    // The interval's half-width as a standard error, never below the floor's.
    e.se = std::max((hl.ci_high - hl.ci_low) / (2 * stats::normal_quantile(0.975)),
                    std::max(sd_floor / std::sqrt(n), 1e-12));
    e.sd = e.se * std::sqrt(n);
    e.mde = std::expm1(kRankMdeFactor * e.se);
    const double needed = std::ceil(n * std::pow(kRankMdeFactor * e.se / target, 2));
    e.blocks_needed = static_cast<int>(std::clamp(needed, n + 1, double{kMaxBlocks}));
    return e;
  }
  const double df = n - 1;
  const double t975 = stats::student_t_quantile(0.975, df);
  e.ci_low = e.mean - t975 * e.se;
  e.ci_high = e.mean + t975 * e.se;
  const double t = e.mean / e.se;
  e.p_slower = 1 - stats::student_t_cdf(t, df);
  e.p_faster = stats::student_t_cdf(t, df);
  e.mde = std::expm1(mde_factor(e.blocks) * e.se);
  // Smallest block count whose mde reaches the threshold at this spread.
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
         std::string(metric_name(config.metric)) +
         ". Per block, d = log(head median / base median) of that block's repetitions. From " +
         std::to_string(kRankBlocks) + " blocks measured on (at least " +
         std::to_string(kRankMinKept) +
         " left after disturbed ones): change = exp(Hodges-Lehmann estimate of d) - 1 (median of the Walsh "
         "averages), the Wilcoxon signed-rank test of d against 0 and its distribution-free 95 % "
         "interval of the Walsh averages; a disturbed block weighs one rank. With fewer blocks: "
         "change = exp(median of d) - 1, Student t on the mean of d (n - 1 degrees of freedom), "
         "sd never below " +
         util::percent(config.noise_floor / 2) +
         ", 95 % interval exp(mean +- t_.975 sd / sqrt n) - 1. Regression: change above the tier "
         "threshold and the one-sided p-value of 'slower', after correction, below " +
         alpha +
         "; improvement likewise for 'faster'. Otherwise inconclusive when the minimum detectable "
         "effect (t: exp((t_.95 + t_.80) sd / sqrt n) - 1; signed-rank: exp(2.486 se) - 1 with se "
         "the interval's half-width / 1.96) exceeds the threshold, or the change exceeds "
         "it without significance, or the 95 % interval reaches past the threshold (the "
         "'needed' column then counts blocks); else unchanged. "
         "Regressions in fail tiers fail the gate; in warn tiers they are reported only.";
}

namespace {

// The candidate of one paired benchmark: a final verdict without statistics, or the estimate.
Candidate paired_candidate(const PairedBenchmark& b, const Config& config, int measured_blocks) {
  Candidate cand;
  BenchmarkComparison& row = cand.row;
  row.name = b.name;
  row.label = b.label;
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
    row.failed_side = b.base_error && b.head_error ? FailedSide::both
                      : b.head_error              ? FailedSide::head
                                                  : FailedSide::base;
    if (b.head_error) row.message = "head: " + *b.head_error;
    if (b.base_error)
      row.message += (row.message.empty() ? "" : "; ") + std::string("base: ") + *b.base_error;
    return cand;
  }
  if (!b.in_base || !b.in_head) {
    row.verdict = b.in_base ? Verdict::removed : Verdict::new_benchmark;
    return cand;
  }
  std::vector<double> ratios;
  const std::size_t n = std::min(b.base_block_medians.size(), b.head_block_medians.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double x = b.base_block_medians[i], y = b.head_block_medians[i];
    if (x > 0 && y > 0 && std::isfinite(x) && std::isfinite(y)) ratios.push_back(std::log(y / x));
  }
  const double sd_floor = config.noise_floor / 2;
  const PairedEstimate e = paired_estimate(ratios, sd_floor, row.threshold, measured_blocks);
  row.noise_source = "paired: " + std::to_string(e.blocks) + " blocks x " +
                     std::to_string(b.repetitions_per_block) + " repetitions per side";
  if (e.blocks < 2) {
    row.verdict = Verdict::inconclusive;
    row.repetitions_needed = 2;
    row.advice = {AdviceAction::blocks, 2, "a test needs at least 2 blocks"};
    row.mde = 0;
    row.noise_source += "; fewer than 2 paired blocks, no test possible";
    return cand;
  }
  cand.comparable = true;
  cand.p_slower = e.p_slower;
  cand.p_faster = e.p_faster;
  cand.advice.action = AdviceAction::blocks;
  cand.advice.count = e.blocks_needed;
  cand.advice.reason = "the mde of that many blocks at this block-ratio sd reaches the threshold";
  row.change = std::expm1(e.center);
  row.ci_low = std::expm1(e.ci_low);
  row.ci_high = std::expm1(e.ci_high);
  row.p_value = row.change >= 0 ? e.p_slower : e.p_faster;
  row.mde = e.mde;
  if (e.rank_based)
    row.noise_source += ", signed-rank test, Hodges-Lehmann interval (se " + util::percent(e.se) + ")";
  else
    row.noise_source += ", block-ratio sd " + util::percent(e.sd) +
                        (e.sd <= sd_floor ? " (raised to the floor)" : "");
  return cand;
}

}  // namespace

// Block indices whose base or head block a neighbour disturbed (disturbance.hpp, each block against
// the same side's other blocks, by their median and MAD: a code change moves every head block
// alike, a neighbour one; and a quarter of the other blocks may be disturbed themselves, which
// would inflate an sd until none exceeds). Assumes block k of every benchmark is the same suite
// process (benchmarks only drop out of later blocks, when resolved). `lines` gets one text per
// disturbed block.
static std::vector<std::size_t> disturbed_blocks(const PairedInput& input,
                                                std::vector<std::string>& lines) {
  std::size_t blocks = 0;
  for (const auto& b : input.benchmarks)
    blocks = std::max(blocks, std::min(b.base_block_medians.size(), b.head_block_medians.size()));
  if (blocks < 3) return {};  // a block's reference is the side's other blocks: at least 2
  std::set<std::size_t> out;
  std::array<std::size_t, 2> per_side{0, 0};
  for (int side = 0; side < 2; ++side) {
    for (std::size_t k = 0; k < blocks; ++k) {
      ReferenceMedians reference;
      Run run;
      run.run_id = (side == 0 ? "base" : "head") + std::string(" block ") + std::to_string(k + 1);
      for (const auto& b : input.benchmarks) {
        if (b.base_error || b.head_error || !b.in_base || !b.in_head) continue;
        const auto& medians = side == 0 ? b.base_block_medians : b.head_block_medians;
        const std::size_t n = std::min(b.base_block_medians.size(), b.head_block_medians.size());
        if (k >= n || !(medians[k] > 0)) continue;
        std::vector<double> others;
        for (std::size_t j = 0; j < n; ++j) {
          if (j != k && medians[j] > 0) others.push_back(std::log(medians[j]));
        }
        if (others.size() < static_cast<std::size_t>(kDisturbanceMinReference)) continue;
        reference[b.name] = std::move(others);
        BenchmarkResult r;
        r.name = b.name;
        r.real_time_ns = r.cpu_time_ns = {medians[k]};
        run.benchmarks.push_back(std::move(r));
      }
      const RunDisturbance d =
          assess_run(run, reference, input.config.metric, ReferenceSpread::median_mad);
      if (!d.disturbed) continue;
      out.insert(k);
      ++per_side[static_cast<std::size_t>(side)];
      lines.push_back("paired " + run.run_id + ": " + d.text + "; that block pair left out");
    }
  }
  // The majority of each side's blocks defines that side's "undisturbed": when half or more of
  // one side's blocks look disturbed, or fewer than 2 pairs would remain, the blocks are kept as
  // measured (and their spread speaks for itself). Each side counts alone: with a neighbour in a
  // quarter of all processes, 1 - 0.75^2 = 44 % of pairs have a disturbed side, and a test of the
  // union against half would keep every pair in 38 % of 18-block confirmations (per side: 2 %).
  if (2 * per_side[0] >= blocks || 2 * per_side[1] >= blocks || blocks - out.size() < 2) {
    if (!out.empty())
      lines.push_back("paired: " + std::to_string(out.size()) + " of " + std::to_string(blocks) +
                      " block pairs look disturbed, too many to leave out; all kept");
    return {};
  }
  return {out.begin(), out.end()};
}

Comparison compare_paired(const PairedInput& input) {
  Comparison c;
  c.mode = CompareMode::paired;
  c.rule = paired_rule_text(input.config);
  const std::vector<std::size_t> disturbed = disturbed_blocks(input, c.disturbance);
  const PairedInput* used = &input;
  PairedInput kept;
  if (!disturbed.empty()) {
    kept = input;
    for (auto& b : kept.benchmarks) {
      // Highest index first, so the lower indices stay valid.
      for (auto k = disturbed.rbegin(); k != disturbed.rend(); ++k) {
        if (*k < b.base_block_medians.size() && *k < b.head_block_medians.size()) {
          b.base_block_medians.erase(b.base_block_medians.begin() + static_cast<std::ptrdiff_t>(*k));
          b.head_block_medians.erase(b.head_block_medians.begin() + static_cast<std::ptrdiff_t>(*k));
        }
      }
    }
    used = &kept;
  }
  std::vector<Candidate> candidates;
  candidates.reserve(used->benchmarks.size());
  for (std::size_t i = 0; i < used->benchmarks.size(); ++i) {
    const PairedBenchmark& b = used->benchmarks[i];
    const PairedBenchmark& measured = input.benchmarks[i];
    const int measured_blocks = static_cast<int>(
        std::min(measured.base_block_medians.size(), measured.head_block_medians.size()));
    Candidate cand = paired_candidate(b, used->config, measured_blocks);
    if (!disturbed.empty() && cand.comparable)
      cand.row.noise_source += "; " + std::to_string(disturbed.size()) +
                               " disturbed block pair(s) left out (disturbance rule, per side)";
    candidates.push_back(std::move(cand));
  }
  decide(std::move(candidates), used->config, c);
  return c;
}

}  // namespace bg
