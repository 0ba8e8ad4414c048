// The verdict step both decision rules (stored: compare.hpp, paired: paired.hpp) end in: the
// multiple-comparison correction, the per-benchmark verdict, the gate's exit code and the row
// order. The one place where an exit code of `compare` is decided.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

// One benchmark on its way to a verdict.
//  - comparable == false: row.verdict is final already (failed with row.failed_side set, new,
//    removed, skipped, or inconclusive because a side was not measured);
//  - comparable == true: row holds change, ci_low/ci_high, p_value, mde and noise_source; the
//    step sets verdict, p_adjusted and, for inconclusive, repetitions_needed = `needed` and
//    appends `inconclusive_note` to noise_source.
struct Candidate {
  BenchmarkComparison row;
  bool comparable = false;
  double p_slower = 1, p_faster = 1;  // one-sided p-values of "slower" and "faster"
  int needed = 0;                     // repetitions / blocks that would resolve an inconclusive row
  std::string inconclusive_note;
};

// Decide every candidate and fill c.benchmarks (sorted), c.correction and c.exit_code:
//  - correction (Holm 1979; Benjamini & Hochberg 1995): Holm step-down over the "slower"
//    p-values of fail-action tiers (family-wise alpha); Benjamini–Hochberg over warn-tier "slower"
//    p-values and over all "faster" p-values;
//  - regression: change > threshold and adjusted p(slower) < alpha; improvement: change <
//    -threshold and adjusted p(faster) < alpha; inconclusive: mde > threshold, or change >
//    threshold without significance; else unchanged.
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

// "regression", "improvement", "unchanged", "inconclusive", "new", "removed", "failed",
// "skipped", "accepted".
std::string verdict_name(Verdict v);
std::optional<Verdict> verdict_from_name(std::string_view name);

}  // namespace bg
