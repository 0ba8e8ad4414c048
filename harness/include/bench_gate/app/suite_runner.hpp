// Run a Google Benchmark suite by argv: JSON output, every repetition, random interleaving,
// progress on a terminal, quiet in CI logs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

struct SuiteRequest {
  std::vector<std::string> command;  // suite argv (no Google Benchmark flags of ours)
  int repetitions = 10;
  std::string filter;                // --benchmark_filter, "" = all
  int shard_index = 0, shard_count = 0;  // 1-based K of N; 0 = no sharding
  int timeout_seconds = 0;           // 0 = none
  bool progress = true;              // allow progress output on a terminal
  bool quiet = false;                // no informational lines at all
  Metric metric = Metric::real_time; // instructions: run under callgrind (app/instructions.hpp)
  // issue 16: another harness (config "harness"/"results", --harness): its command runs as given,
  // in `workdir`, and its output is read from `results` ("" or "-" = stdout).
  std::string harness;               // "" or "google-benchmark" = bench-gate's own flags and file
  std::string results;
  std::string criterion_baseline = "new";
  std::string workdir;               // the repository top ("" = ours)
};

// List the benchmark names the suite would run (--benchmark_list_tests). Throws bg::Error.
std::vector<std::string> list_suite_benchmarks(const SuiteRequest& request);

// Run the suite and return its normalized run (no commit or run id set). Throws bg::Error:
// input_error when the command cannot be started, suite_failed when it exits non-zero, is killed,
// times out or leaves no valid JSON.
Run run_suite(const SuiteRequest& request);

// Run a suite of another harness (request.harness): the command exactly as configured (its own
// repetitions: -count, --runs, ...; no --filter or --shard), in request.workdir; then its output
// from stdout or the results path, which must have been written by this run. Throws bg::Error:
// input_error for options it cannot honour, suite_failed as run_suite.
Run run_foreign_suite(const SuiteRequest& request);

// Throws when the suite did not start (input_error) or did not exit cleanly (suite_failed, with
// the last line of its output).
struct ProcessResult;
void fail_if_not_clean(const ProcessResult& r, const std::vector<std::string>& command);

// The argv joined by spaces, for messages (never executed).
std::string command_text(const std::vector<std::string>& argv);

// Escape every character an extended or ECMAScript regex treats specially.
std::string regex_escape(std::string_view text);

// Parse "K/N" (1 <= K <= N <= 1000); throws input_error naming `field`.
std::pair<int, int> parse_shard(const std::string& text, const std::string& field);

}  // namespace bg
