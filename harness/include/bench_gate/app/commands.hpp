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

// Read results files (Google Benchmark JSON, or `bench-gate run` output) as the shards of one Run:
// every file's context kept, benchmark names unique across files. Throws Error(input_error).
Run ingest_files(const std::vector<std::string>& paths);
int compare_command(const GlobalOptions& global, const CompareOptions& options);
int report_command(const GlobalOptions& global, const ReportOptionsCli& options);
int log_command(const GlobalOptions& global, const LogOptions& options);
// Write the static history site of REV's first-parent line to OUTDIR (see report/site.hpp).
int publish_command(const GlobalOptions& global, const PublishOptions& options);
int show_command(const GlobalOptions& global, const ShowOptions& options);
int sync_command(const GlobalOptions& global, const SyncOptions& options);
int calibrate_command(const GlobalOptions& global, const CalibrateOptions& options);

// Return the directory holding copies of the built-in templates to start from (installed:
// <prefix>/share/bench-gate/templates), for --help.
std::string template_directory();

}  // namespace bg
