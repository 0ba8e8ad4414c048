#include "bench_gate/app/instructions.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <vector>

#include "bench_gate/app/interrupt.hpp"
#include "bench_gate/app/process.hpp"
#include "bench_gate/callgrind.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

// Where each part ends (core/callgrind.hpp): after StartKeepRunning, so the loop part holds the
// loop and not the start-up of the timer; before FinishKeepRunning; before the JSON reporter
// reports a benchmark (the file reporter of --benchmark_out is a JSONReporter).
const std::vector<std::string> kCallgrindOptions = {
    "--tool=callgrind",
    "--dump-after=benchmark::State::StartKeepRunning()",
    "--dump-before=benchmark::State::FinishKeepRunning()",
    "--dump-before=benchmark::JSONReporter::ReportRuns*",
    "--dump-line=no",  // parts are read for their totals only
};

std::string last_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const auto nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

std::vector<CallgrindPart> read_parts(const std::string& dir) {
  std::vector<CallgrindPart> parts;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("callgrind.out", 0) != 0) continue;
    const std::string path = entry.path().string();
    parts.push_back(parse_callgrind_part(util::read_file(path), "callgrind part " + name));
  }
  return parts;
}

}  // namespace

std::string find_valgrind() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/valgrind";
    if (::access(candidate.c_str(), X_OK) == 0 && std::filesystem::is_regular_file(candidate))
      return candidate;
  }
  throw Error(ExitCode::input_error,
              "metric instructions needs valgrind, which is not installed (no valgrind in PATH; "
              "Debian/Ubuntu: apt-get install valgrind)");
}

Run run_suite_instructions(const SuiteRequest& request, const std::string& filter) {
  const std::string valgrind = find_valgrind();
  interrupt::CleanupScope cleanup_on_signal;  // a signal unwinds, so `dir` is removed
  util::TempDir dir("bench-gate-callgrind");
  const std::string suite_json = dir.path() + "/suite.json";
  std::vector<std::string> argv = {valgrind};
  argv.insert(argv.end(), kCallgrindOptions.begin(), kCallgrindOptions.end());
  argv.push_back("--callgrind-out-file=" + dir.path() + "/callgrind.out");
  argv.insert(argv.end(), request.command.begin(), request.command.end());
  for (const char* flag : {"--benchmark_out_format=json", "--benchmark_format=console",
                           "--benchmark_color=false", "--benchmark_min_time=0",
                           "--benchmark_repetitions=1",
                           "--benchmark_enable_random_interleaving=false"}) {
    argv.emplace_back(flag);
  }
  argv.push_back("--benchmark_out=" + suite_json);
  if (!filter.empty()) argv.push_back("--benchmark_filter=" + filter);

  if (!request.quiet) {
    std::cerr << "bench-gate: counting instructions under callgrind (one loop per benchmark): "
              << util::one_line_text(command_text(request.command)) << "\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = run_process(argv, request.timeout_seconds, {}, {}, OnSignal::stop);
  if (!r.started && !r.interrupted) {
    throw Error(ExitCode::input_error, util::one_line_text("valgrind '" + valgrind +
                                                           "' could not be started: " +
                                                           r.start_error));
  }
  if (!r.started || r.interrupted || r.timed_out || r.signal != 0 || r.exit_status != 0) {
    const std::string tail = last_line(r.stderr_tail);
    throw Error(ExitCode::suite_failed,
                util::one_line_text("suite command '" + command_text(request.command) +
                                    "' under callgrind " + describe_exit(r) +
                                    (tail.empty() ? "" : ": " + tail)));
  }
  const std::string origin = "output of suite '" + command_text(request.command) + "' under callgrind";
  const std::string text = util::read_file(suite_json);
  Run run = ingest_benchmark_json(text, origin);
  for (auto& b : run.benchmarks) {  // a time under valgrind is no time: store none
    b.real_time_ns.clear();
    b.cpu_time_ns.clear();
  }
  const nlohmann::json json = util::parse_json(sanitize_json_text(text), origin);
  for (const auto& w : attach_instructions(run, read_parts(dir.path()), json, origin))
    std::cerr << "bench-gate: warning: " << w << "\n";
  run.source = "run:callgrind:" + command_text(request.command);
  if (!request.quiet) {
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "bench-gate: callgrind finished in " << static_cast<int>(s + 0.5) << "s ("
              << run.benchmarks.size() << " benchmarks)\n";
  }
  return run;
}

}  // namespace bg
