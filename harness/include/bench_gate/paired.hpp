// The paired decision rule: base and head measured now, side by side, in randomized blocks. Each
// block runs both suites once (a few repetitions each); the evidence is the per-block log-ratio
// d_b = log(head_median_b / base_median_b), so drift of the machine between blocks cancels.
//
// Decision rule (also written into Comparison.rule):
//  - from kRankBlocks (10) blocks measured on, with >= 6 kept (Hollander & Wolfe, ch. 3): change = exp(Hodges-Lehmann
//    estimate of d_b) - 1 (median of the Walsh averages); one-sided p of "slower" / "faster" from
//    the Wilcoxon signed-rank test of d_b against 0 (exact up to 50 blocks); 95 % CI from the
//    Walsh averages' order statistics; se = CI half-width / 1.96 (never below noise_floor / 2 /
//    sqrt n), mde = exp(2.486 se) - 1. A block that a neighbour slowed weighs one rank however far
//    it moved, where it would drag the t test's mean and inflate its sd.
//  - fewer blocks: center exp(median of d_b) - 1; Student t on the mean of d_b with n - 1 degrees
//    of freedom, s = max(sd of d_b, noise_floor / 2), se = s / sqrt(n); 95 % CI exp(mean +-
//    t_.975 se) - 1 (the signed-rank test cannot reach p < 0.05 / m with few blocks: its smallest
//    p is 2^-n).
//  - Holm over the "slower" p-values of fail-action tiers; Benjamini–Hochberg over warn-tier
//    "slower" and all "faster" p-values (as the stored rule).
//  - regression: change > threshold and adjusted p(slower) < alpha; improvement likewise. Else
//    mde = exp((t_.95 + t_.80) se) - 1; inconclusive when mde > threshold or change > threshold,
//    with repetitions_needed = blocks that would bring the mde under the threshold; else unchanged.
//  - disturbed blocks: with 3 or more blocks, each side's block k is assessed against that side's
//    other blocks by the disturbance rule (disturbance.hpp); the pairs of disturbed blocks are
//    left out (unless half or more look disturbed) and named in Comparison.disturbance.
//  - fewer than 2 blocks: inconclusive. An error on either side: failed. One side only:
//  new/removed.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

// One benchmark measured in paired blocks. Block b holds base_block_medians[b] and
// head_block_medians[b] (ns per iteration, median of that block's repetitions); both vectors have
// the same length (blocks where only one side produced the benchmark are left out).
struct PairedBenchmark {
  std::string name;
  bool in_base = false, in_head = false;
  std::optional<std::string> base_error, head_error;
  std::vector<double> base_block_medians, head_block_medians;
  std::vector<double> base_samples, head_samples;  // every repetition of every block, ns
  int repetitions_per_block = 0;
  std::string label;  // Google Benchmark label, head's when it has one (untrusted text)
};

struct PairedInput {
  std::vector<PairedBenchmark> benchmarks;
  Config config;
};

// From this many blocks measured on the paired test is the signed-rank test (see above), as long
// as kRankMinKept remain after disturbed blocks are left out (so that leaving a block out does not
// switch the test back to t).
inline constexpr int kRankBlocks = 10;
inline constexpr int kRankMinKept = 6;

// The paired estimate of one benchmark, in log space.
struct PairedEstimate {
  bool rank_based = false;         // signed-rank test and Hodges-Lehmann (>= kRankBlocks blocks)
  int blocks = 0;
  double center = 0;               // median (t) or Hodges-Lehmann estimate (rank) of the log-ratios
  double mean = 0;                 // mean of the block log-ratios
  double sd = 0;                   // sample sd of the block log-ratios, raised to the floor (rank: se sqrt n)
  double se = 0;                   // sd / sqrt(blocks) (rank: the interval's half-width / 1.96)
  double ci_low = 0, ci_high = 0;  // 95 % interval: t of the mean, or of the Hodges-Lehmann estimate
  double p_slower = 1, p_faster = 1;
  double mde = 0;         // relative: exp((t_.95 + t_.80) se) - 1
  int blocks_needed = 0;  // blocks whose mde would reach `threshold` (at least blocks + 1, <= 1000)
};

// Estimate from block log-ratios (at least 2) with the sd floor `sd_floor` (log units) and the
// tier threshold (relative) used for blocks_needed; `measured_blocks`: blocks measured before
// disturbed ones were left out (0 = log_ratios.size()).
PairedEstimate paired_estimate(std::span<const double> log_ratios, double sd_floor,
                               double threshold, int measured_blocks = 0);

// Decide every benchmark (same verdicts, order and exit code as compare_runs); mode "paired".
// Revisions, commits and environments are left for the caller.
Comparison compare_paired(const PairedInput& input);

// The paired decision rule in words (Comparison.rule).
std::string paired_rule_text(const Config& config);

}  // namespace bg
