// Compare the runs of a baseline and a head commit: per-benchmark verdicts and the exit code.
//
// Decision rule (also written into Comparison.rule):
//  - Metric per config (real_time default), in log space. Per side, pool the samples of all its
//    runs; center = median; change = head_median / base_median - 1.
//  - Within-run uncertainty: Hodges–Lehmann shift of log(head) - log(base) with its 95 %
//    Mann–Whitney CI; se_within = (ci_high - ci_low) / (2 * 1.96). With < 2 samples on a side
//    (or a CI the sample sizes cannot support), se_within = sigma * sqrt(1/n_base + 1/n_head)
//    with sigma = 1.4826 * MAD of the log samples around their own run's median (pooled over
//    runs with >= 2 samples), or the noise floor when that is 0 / unknown.
//  - Between-run noise s_b: (a) >= 3 earlier runs in `history` with the benchmark: the sample
//    sd of their per-run log-medians (not robust, on purpose: slow episodes count); else (b) a side
//    with
//    >= 2 runs: sd of its log run-medians (pooled over such sides); else (c) noise_floor.
//    Always s_b >= 0.5 * noise_floor.
//  - se = sqrt(se_within^2 + s_b^2 (1/R_base + 1/R_head)), R = runs per side. 95 % CI:
//    exp(log(1+change) +- 1.96 se) - 1. One-sided p of the observed direction from
//    z = log(1+change)/se; p_value stores the "slower" p for slowdowns, the "faster" p otherwise.
//  - Holm over the "slower" p-values of benchmarks in fail-action tiers (family-wise alpha);
//    Benjamini–Hochberg over warn-tier "slower" p-values and over all "faster" p-values.
//  - regression: change > threshold and p_adjusted < alpha. improvement: change < -threshold and
//    p_adjusted(faster) < alpha. failed: an error on either side. new/removed: one side only.
//    Otherwise mde = exp((1.645 + 0.8416) se) - 1; inconclusive when mde > threshold or
//    (change > threshold and not significant), with repetitions_needed =
//    ceil(n (mde/threshold)^2), n = repetitions per run (larger side), at least n + 1, capped at
//    1000 (noise_source says when between-run noise dominates and more runs, not repetitions,
//    are needed); else unchanged.
//  - history_runs caps the history runs used per benchmark (0 = ignore history).
//  - exit: suite_failed if a head benchmark failed; else regression if any regression in a
//    fail-action tier; else pass.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

struct CompareInput {
  std::vector<Run> base_runs;             // runs of the baseline commit (shards already combined)
  std::vector<Run> head_runs;             // runs of the head commit
  std::vector<std::vector<Run>> history;  // runs of earlier commits on the baseline's
                                          // first-parent line, newest first (may be empty)
  Config config;
  // Shards a side's runs lack ("shard 2/3 of run …"): a benchmark absent from such a side was
  // not measured, so it is inconclusive (named as such), never new or removed.
  std::vector<std::string> base_missing_shards, head_missing_shards;
};

// Decide every benchmark present on either side. Fills benchmarks (sorted: regressions worst
// first, then failed, inconclusive, improvements, new, removed, unchanged; by name within a
// group), rule, correction, exit_code, base/head_environments, environments_differ and
// environment_differences. Revisions and commits are left for the caller.
Comparison compare_runs(const CompareInput& input);

// Sort rows for the report, in both modes: regressions worst first, then failed, inconclusive,
// improvements (best first), new, removed, unchanged; by name within a group.
void sort_rows(std::vector<BenchmarkComparison>& rows);

// The multiple-comparison correction both modes use: Holm over the "slower" p-values of
// fail-action tiers (family-wise alpha), Benjamini–Hochberg over warn-tier "slower" p-values and
// over all "faster" p-values. Inputs are parallel vectors, one entry per comparable benchmark;
// outputs are in the same order, with the text for Comparison.correction.
struct CorrectedPValues {
  std::vector<double> slower, faster;
  std::string description;
};
CorrectedPValues correct_p_values(const std::vector<double>& p_slower,
                                  const std::vector<double>& p_faster,
                                  const std::vector<TierAction>& actions, double alpha);

// correct_p_values over the comparable entries of `work` (stored and paired rule alike): sets each
// comparable entry's padj_slower / padj_faster and returns the correction's text. W has
// `comparable`, `row.action`, `padj_slower`, `padj_faster`; p_of(w) returns {p_slower, p_faster}.
template <class W, class PValues>
std::string adjust_comparable(std::vector<W>& work, double alpha, PValues p_of) {
  std::vector<std::size_t> comparable;
  std::vector<double> p_slower, p_faster;
  std::vector<TierAction> actions;
  for (std::size_t i = 0; i < work.size(); ++i) {
    if (!work[i].comparable) continue;
    comparable.push_back(i);
    const auto [slower, faster] = p_of(work[i]);
    p_slower.push_back(slower);
    p_faster.push_back(faster);
    actions.push_back(work[i].row.action);
  }
  CorrectedPValues corrected = correct_p_values(p_slower, p_faster, actions, alpha);
  for (std::size_t k = 0; k < comparable.size(); ++k) {
    work[comparable[k]].padj_slower = corrected.slower[k];
    work[comparable[k]].padj_faster = corrected.faster[k];
  }
  return corrected.description;
}

// "regression", "improvement", "unchanged", "inconclusive", "new", "removed", "failed".
std::string verdict_name(Verdict v);
std::optional<Verdict> verdict_from_name(std::string_view name);

// Return the decision rule in words for the given config (the text of Comparison.rule).
std::string decision_rule_text(const Config& config);

}  // namespace bg
