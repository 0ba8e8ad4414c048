// The verdict step both decision rules (stored: compare.hpp, paired: paired.hpp) end in: the
// multiple-comparison correction, the per-benchmark verdict, the gate's exit code and the row
// order. The one place where an exit code of `compare` is decided.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench_gate/advice.hpp"
#include "bench_gate/model.hpp"

namespace bg {

// One benchmark on its way to a verdict.
//  - comparable == false: row.verdict is final already (failed with row.failed_side set, new,
//    removed, skipped, or inconclusive because a side was not measured);
//  - comparable == true: row holds change, ci_low/ci_high, p_value, mde and noise_source; the
//    step sets verdict, p_adjusted and, for inconclusive, row.advice (from `noise` by advise()
//    when set, else `advice` as given), repetitions_needed and the advice's sentence appended to
//    noise_source.
struct Candidate {
  BenchmarkComparison row;
  bool comparable = false;
  double p_slower = 1, p_faster = 1;  // one-sided p-values of "slower" and "faster"
  std::optional<NoiseTerms> noise;    // stored rule: the terms of its se
  Advice advice;                      // paired rule: the blocks that would resolve it
};

// Decide every candidate and fill c.benchmarks (sorted), c.correction and c.exit_code:
//  - correction (Holm 1979; Benjamini & Hochberg 1995): Holm step-down over the "slower"
//    p-values of fail-action tiers (family-wise alpha); Benjamini–Hochberg over warn-tier "slower"
//    p-values and over all "faster" p-values;
//  - regression: change > threshold and adjusted p(slower) < alpha; improvement: change <
//    -threshold and adjusted p(faster) < alpha; inconclusive: mde > threshold, or change >
//    threshold without significance, or ci_high > threshold (the interval does not show the
//    change within the threshold); else unchanged;
//  - advice for an inconclusive stored row: the se target is se_for_mde(threshold), or, when the
//    mde is below the threshold but the change was not significant, log(1 + change) /
//    z_(1 - alpha/m) (m = the size of its correction family: Bonferroni, which Holm never
//    exceeds).
void decide(std::vector<Candidate> candidates, const Config& config, Comparison& c);

// The gate's exit code from final rows: suite_failed when a benchmark failed on the head side;
// else regression when a fail-action tier has a regression; else pass.
ExitCode gate_exit_code(const std::vector<BenchmarkComparison>& rows);

// The exit code of commands that run a suite without comparing (run, calibrate, record):
// suite_failed when any benchmark of any run reported an error, else pass.
ExitCode run_exit_code(const std::vector<Run>& runs);

// Sort rows for the report: regressions worst first, then failed, accepted, inconclusive, improvements
// (best first), new, removed, unchanged; by name within a group.
void sort_rows(std::vector<BenchmarkComparison>& rows);

// The change in the direction of "worse": change, or for a bigger-is-better counter row
// base/head - 1 (1 / (1 + change) - 1), so that sorting and thresholds read alike.
double worsening(const BenchmarkComparison& row);

// "regression", "improvement", "unchanged", "inconclusive", "new", "removed", "failed",
// "skipped", "accepted".
std::string verdict_name(Verdict v);
std::optional<Verdict> verdict_from_name(std::string_view name);

}  // namespace bg
