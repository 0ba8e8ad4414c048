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

// Read results files (any harness adapters.hpp recognizes or `harness` names, `bench-gate run`
// output, or a target/criterion directory with the saved baseline `criterion_baseline`) as the
// shards of one Run: every file's context kept, benchmark names unique across files. A single
// file of several processes (JMH forks, BenchmarkDotNet launches) gives a Run per process; such a
// file among several is refused. Throws Error(input_error).
std::vector<Run> ingest_files(const std::vector<std::string>& paths, const std::string& harness = {},
                              const std::string& criterion_baseline = "new");
// The harness results are read with: --harness, else the config's "harness" ("" = by content);
// an unknown name is Error(input_error) listing the known ones.
std::string input_harness(const Config& config, const RunOptions& options);
// The Criterion baseline of side 0 (the base, or the only side) or 1 (the head) from
// --baseline NAME [HEAD_NAME]: one name serves both sides; default "new".
std::string criterion_baseline(const RunOptions& options, std::size_t side);
int backfill_command(const GlobalOptions& global, const BackfillOptions& options);
int accept_command(const GlobalOptions& global, const AcceptOptions& options);
int compare_command(const GlobalOptions& global, const CompareOptions& options);
int report_command(const GlobalOptions& global, const ReportOptionsCli& options);
int log_command(const GlobalOptions& global, const LogOptions& options);
// Change points of every benchmark along the first-parent line of REV (app/cmd_changes.cpp).
int changes_command(const GlobalOptions& global, const ChangesOptions& options);
// Write the static history site of REV's first-parent line to OUTDIR (see report/site.hpp).
int publish_command(const GlobalOptions& global, const PublishOptions& options);
int show_command(const GlobalOptions& global, const ShowOptions& options);
int sync_command(const GlobalOptions& global, const SyncOptions& options);
int calibrate_command(const GlobalOptions& global, const CalibrateOptions& options);

// Return the directory holding copies of the built-in templates to start from (installed:
// <prefix>/share/bench-gate/templates), for --help.
std::string template_directory();

}  // namespace bg
