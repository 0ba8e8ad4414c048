// issue 16: a suite of another harness (Go, Criterion, hyperfine, ...) run by argv as configured;
// its output read from stdout or from where the config says it lands.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "bench_gate/adapters.hpp"
#include "bench_gate/app/criterion_dir.hpp"
#include "bench_gate/app/name_filter.hpp"
#include "bench_gate/app/process.hpp"
#include "bench_gate/app/suite_runner.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

void refuse_unsupported(const SuiteRequest& request) {
  find_adapter(request.harness);  // exit 2 listing the known names
  const std::string what = request.metric == Metric::instructions ? "--metric instructions"
                           : request.shard_count > 0               ? "--shard"
                                                                   : "";
  if (!what.empty()) {
    throw Error(ExitCode::input_error,
                what + " needs a Google Benchmark suite; harness " + request.harness +
                    " runs suite_command as configured");
  }
  const bool to_stdout = request.results.empty() || request.results == "-";
  if (request.harness == "criterion" && to_stdout) {
    throw Error(ExitCode::input_error,
                "harness criterion: set \"results\" to the target/criterion directory the suite "
                "writes");
  }
}

// The output the suite wrote this run: stdout, a file or a Criterion directory.
Run read_output(const SuiteRequest& request, const std::string& stdout_text,
                std::filesystem::file_time_type started) {
  namespace fs = std::filesystem;
  const std::string origin = "output of suite '" + command_text(request.command) + "'";
  if (request.results.empty() || request.results == "-") {
    return ingest_results(stdout_text, origin, request.harness);
  }
  fs::path path(request.results);
  if (path.is_relative() && !request.workdir.empty()) path = fs::path(request.workdir) / path;
  std::error_code ec;
  if (request.harness == "criterion") {
    return read_criterion_directory(path.string(), request.criterion_baseline, started);
  }
  if (!fs::is_regular_file(path, ec) || fs::last_write_time(path, ec) < started) {
    throw Error(ExitCode::suite_failed,
                util::one_line_text(origin + ": results file " + path.string() +
                                    " was not written by this run"));
  }
  return ingest_results(util::read_file(path.string()), path.string(), request.harness);
}

}  // namespace

Run run_foreign_suite(const SuiteRequest& request) {
  refuse_unsupported(request);
  // A filter (compare --filter, confirmation's suspects, paired mode's benchmarks) cannot be
  // passed to another harness in its own syntax: the whole suite runs and the results keep only
  // the benchmarks it selects (the same RE2 filter `log --filter` uses; refused before running).
  const NameFilter filter(request.filter, "--filter");
  if (!request.quiet) {
    std::cerr << "bench-gate: running the " << request.harness
              << " suite as configured (its own repetitions): " << command_text(request.command)
              << "\n";
  }
  // Files the suite writes are newer than this; 20 ms earlier than now, as the kernel stamps files
  // with a coarse clock that lags the precise one by up to a tick.
  const auto started =
      std::filesystem::file_time_type::clock::now() - std::chrono::milliseconds(20);
  std::string stdout_text;
  const ProcessResult r = run_process(
      request.command, request.timeout_seconds,
      [&stdout_text](const std::string& line) { stdout_text += line + "\n"; }, request.workdir,
      OnSignal::stop);
  fail_if_not_clean(r, request.command);
  Run run;
  try {
    run = read_output(request, stdout_text, started);
  } catch (const Error& e) {
    throw Error(ExitCode::suite_failed, e.what());  // the suite left no valid results
  }
  run.source = "run:" + command_text(request.command);
  if (!filter.empty()) {
    std::erase_if(run.benchmarks,
                  [&](const BenchmarkResult& b) { return !filter.matches(b.name); });
  }
  if (!request.quiet) {
    std::cerr << "bench-gate: suite finished (" << run.benchmarks.size() << " benchmarks)\n";
  }
  return run;
}

}  // namespace bg
