// The bench-gate commands. Each returns the process exit code (see ExitCode) and throws bg::Error
// for failures that end it; main maps those to one line on stderr and their code.
#pragma once

#include "bench_gate/app/options.hpp"

namespace bg {

int run_command(const GlobalOptions& global, const RunOptions& options);
int record_command(const GlobalOptions& global, const RecordOptions& options);
int compare_command(const GlobalOptions& global, const CompareOptions& options);
int report_command(const GlobalOptions& global, const ReportOptionsCli& options);
int log_command(const GlobalOptions& global, const LogOptions& options);
int show_command(const GlobalOptions& global, const ShowOptions& options);
int sync_command(const GlobalOptions& global, const SyncOptions& options);
int calibrate_command(const GlobalOptions& global, const CalibrateOptions& options);

struct Workspace;
struct CompareInput;
struct Comparison;

// compare --paired: build the baseline commit in a temporary worktree, run base and head suites
// in randomized alternating blocks, decide with the paired rule (bench_gate/paired.hpp).
int paired_compare_command(const GlobalOptions& global, const CompareOptions& options);

// compare --confirm: re-measure the failing-tier regressions of a stored-mode comparison (paired
// against a build of cmp.baseline_commit when build_command is set, else one more HEAD run) and
// keep a regression only when the re-measurement shows it too. Notes the outcome on each row,
// sets mode "stored+confirmed" and the exit code. Does nothing without such regressions.
void confirm_regressions(const Workspace& ws, const CompareOptions& options, const CompareInput& input,
                         Comparison& cmp, bool quiet);

}  // namespace bg
