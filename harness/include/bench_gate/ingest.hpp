// Ingest: Google Benchmark JSON output of every version (1.1-1.9) into a Run.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/environment.hpp"  // environment_fingerprint, environment_facts
#include "bench_gate/model.hpp"

namespace bg {

// Parse Google Benchmark JSON into a Run (benchmarks in first-seen order; run_id, commit,
// recorded_at, tool_version and source are left for the caller). Every repetition
// (run_type "iteration") becomes a sample, grouped by run_name. Aggregates (run_type "aggregate",
// or before 1.5 a name ending in _mean, _median, _stddev, _cv) are skipped unless a benchmark has
// only aggregates: then its median (else mean) is one sample, the label says so, and its cv (else
// stddev / mean) and repetitions are kept. ->Complexity() rows (BigO, RMS) go to Run.complexity.
// A skipped benchmark (1.8+ "skipped") keeps its skip_message and no samples. Times are converted
// to ns; 0 is accepted (compare reports a zero gated metric as unusable); negative, NaN, Infinity
// or > 1e15 ns are errors. Every other number of a repetition (user counters, bytes_per_second,
// items_per_second, memory fields) is kept in counters. A UTF-8 BOM is skipped; UTF-16 is refused
// by name. A benchmark with error_occurred gets `error` set.
// Bare NaN / Infinity / -Infinity / nan / inf tokens are accepted: in counters they are ignored,
// in times they are errors. Invalid UTF-8 in strings (names, labels, context) becomes U+FFFD;
// raw control bytes in strings (1.7.1 does not escape them) are accepted and kept.
// Throws Error(ExitCode::input_error, "<origin>: <what>, at <field/benchmark>") on bad input.
Run ingest_benchmark_json(std::string_view text, const std::string& origin);

// What a harness reports when it keeps no samples: one center and the spread around it.
struct SummaryStatistics {
  double real_ns = 0, cpu_ns = 0;  // the center (median, else mean), ns per iteration
  double real_cv = 0, cpu_cv = 0;  // relative standard deviation (stddev / mean), 0 = unknown
  long long repetitions = 0;       // samples behind the summary, 0 = unknown
  std::string_view what = "aggregates";      // what the file reported, for the label
  std::string_view center = "median aggregate";  // which statistic became the sample
};

// Make `summary` the benchmark's one sample, as Google Benchmark's aggregates-only files are read:
// its cv and repetitions go to aggregate_* (the rule's within-run term, compare.hpp, is then never
// more confident than the full data) and the label says "[bench-gate: only <what> reported; the
// <center> is used as a single sample]".
void use_summary(BenchmarkResult& b, const SummaryStatistics& summary);

// Return the suite's own label: `label` without the note ingest appends for aggregate-only
// or summary-only results ("[bench-gate: only … reported; …]", use_summary), which the report
// need not repeat per row.
std::string suite_label(std::string_view label);

// Return text with bare NaN / Infinity / -Infinity / nan / inf / -inf tokens outside strings
// replaced by null, invalid UTF-8 inside strings replaced by U+FFFD and raw control bytes inside
// strings escaped as \u00XX.
std::string sanitize_json_text(std::string_view text);

}  // namespace bg
