// The compare flow: from a request to a decided Comparison, printing nothing. Its parts: the
// baseline choice (merge-base, walking back to stored runs), HEAD's runs (stored, or measured
// now), the stored or paired rule, and confirmation of failing-tier regressions. The commands
// (cmd_compare.cpp) render, write and return the comparison's exit code.
#pragma once

#include <string>
#include <vector>

#include "bench_gate/app/options.hpp"
#include "bench_gate/app/suite_runner.hpp"
#include "bench_gate/model.hpp"

namespace bg {

class Workspace;

// How the flow runs suites and builds: a real process runner in the CLI, a fake in unit tests.
class SuiteRunner {
 public:
  virtual ~SuiteRunner() = default;
  // Run the suite once; throws bg::Error as run_suite (suite_runner.hpp).
  virtual Run run(const SuiteRequest& request) = 0;
  // Run `argv` in `directory` (the build of a baseline worktree); throws bg::Error: input_error
  // when it cannot start, suite_failed when it fails or times out.
  virtual void build(const std::vector<std::string>& argv, const std::string& directory,
                     int timeout_seconds) = 0;
};

// The runner of the CLI: spawns processes by argv (run_suite, run_process).
class ProcessSuiteRunner final : public SuiteRunner {
 public:
  Run run(const SuiteRequest& request) override;
  void build(const std::vector<std::string>& argv, const std::string& directory,
             int timeout_seconds) override;
};

// Where the flow's informational lines and warnings go.
class Progress {
 public:
  virtual ~Progress() = default;
  virtual void info(const std::string& line) = 0;     // progress; silent under --quiet
  virtual void warning(const std::string& line) = 0;  // always shown
};

// "bench-gate: <line>" / "bench-gate: warning: <line>" on stderr, lines one-lined.
class StderrProgress final : public Progress {
 public:
  explicit StderrProgress(bool quiet) : quiet_(quiet) {}
  void info(const std::string& line) override;
  void warning(const std::string& line) override;

 private:
  bool quiet_;
};

// Nothing anywhere (unit tests, inner measurements).
class NullProgress final : public Progress {
 public:
  void info(const std::string&) override {}
  void warning(const std::string&) override {}
};

// Compare request.head with the baseline of request.base and decide (stored or paired rule,
// with confirmation as request.confirm says). Fills every field of the Comparison, including
// its exit_code (decided by the verdict step). Throws bg::Error: input_error for bad revisions
// or options, no_baseline when nothing is stored to compare with, suite_failed when a suite or
// build it runs fails.
Comparison compare(const CompareRequest& request, const Workspace& ws, SuiteRunner& runner,
                   Progress& progress);

// Run the suite for `commit` as `processes` (options, else config) separate processes, each
// its own run with a fresh run id.
std::vector<Run> run_processes(const Workspace& ws, const RunOptions& options, bool quiet,
                               const std::string& commit, SuiteRunner& runner,
                               Progress& progress);

}  // namespace bg
