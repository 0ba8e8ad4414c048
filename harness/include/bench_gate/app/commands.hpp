// The bench-gate commands. Each returns the process exit code (see ExitCode) and throws bg::Error
// for failures that end it; main maps those to one line on stderr and their code.
#pragma once

#include <string>
#include <vector>

#include "bench_gate/app/options.hpp"
#include "bench_gate/model.hpp"

namespace bg {

int run_command(const GlobalOptions& global, const RunOptions& options);
int record_command(const GlobalOptions& global, const RecordOptions& options);

// Read results files (Google Benchmark JSON, `bench-gate run` output, or another harness's output:
// adapters.hpp) as the shards of one Run: every file's context kept, benchmark names unique across
// files. `harness` names the adapter ("" = by content); a directory is a target/criterion with the
// saved baseline `criterion_baseline`. Throws Error(input_error).
Run ingest_files(const std::vector<std::string>& paths, const std::string& harness = {},
                 const std::string& criterion_baseline = "new");
// The harness results are read with: --harness, else the config's "harness" ("" = by content);
// an unknown name is Error(input_error) listing the known ones.
std::string input_harness(const Config& config, const RunOptions& options);
// The Criterion baseline of side 0 (the base, or the only side) or 1 (the head) from
// --baseline NAME [HEAD_NAME]: one name serves both sides; default "new".
std::string criterion_baseline(const RunOptions& options, std::size_t side);
int compare_command(const GlobalOptions& global, const CompareOptions& options);
int report_command(const GlobalOptions& global, const ReportOptionsCli& options);
int log_command(const GlobalOptions& global, const LogOptions& options);
int show_command(const GlobalOptions& global, const ShowOptions& options);
int sync_command(const GlobalOptions& global, const SyncOptions& options);
int calibrate_command(const GlobalOptions& global, const CalibrateOptions& options);

// Return the directory holding copies of the built-in templates to start from (installed:
// <prefix>/share/bench-gate/templates), for --help.
std::string template_directory();

}  // namespace bg
