#include "bench_gate/app/suite_runner.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "bench_gate/app/instructions.hpp"
#include "bench_gate/app/interrupt.hpp"
#include "bench_gate/app/process.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/shard.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/text.hpp"
#include "bench_gate/util/time.hpp"

namespace bg {
namespace {

// The suite's results file: removed when the run ends, also when a signal interrupts the suite
// (the scope makes the signal unwind to the destructor).
struct ResultsFile {
  interrupt::CleanupScope cleanup_on_signal;
  util::TempFile file{"bench-gate-run"};
  const std::string& path() const { return file.path(); }
};

void fail_if_not_clean(const ProcessResult& r, const std::vector<std::string>& command) {
  if (!r.started) {
    throw Error(ExitCode::input_error, util::one_line_text("suite command '" + command.front() +
                                                     "' could not be started: " + r.start_error));
  }
  if (r.interrupted || r.timed_out || r.signal != 0 || r.exit_status != 0) {
    const std::string tail = util::last_line(r.stderr_tail.empty() ? r.stdout_tail : r.stderr_tail);
    throw Error(ExitCode::suite_failed,
                util::one_line_text("suite command '" + command_text(command) + "' " + describe_exit(r) +
                              (tail.empty() ? "" : ": " + tail)));
  }
}

}  // namespace

std::string command_text(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    out += a;
  }
  return out;
}

std::string regex_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::pair<int, int> parse_shard(const std::string& text, const std::string& field) {
  const auto shard = bg::parse_shard(std::string_view(text));  // the one rule (shard.hpp)
  if (!shard) {
    throw Error(ExitCode::input_error, field + ": '" + util::one_line_text(text) +
                                           "' is not a shard K/N with 1 <= K <= N <= 1000");
  }
  return *shard;
}

std::vector<std::string> list_suite_benchmarks(const SuiteRequest& request) {
  if (request.command.empty()) {
    throw Error(ExitCode::input_error,
                "no suite command: give one after '--' or set suite_command in bench-gate.json");
  }
  std::vector<std::string> argv = request.command;
  argv.push_back("--benchmark_list_tests=true");
  if (!request.filter.empty()) argv.push_back("--benchmark_filter=" + request.filter);
  std::vector<std::string> names;
  ProcessResult r = run_process(
      argv, request.timeout_seconds,
      [&names](const std::string& line) {
        if (!line.empty()) names.push_back(line);
      },
      {}, OnSignal::stop);
  fail_if_not_clean(r, request.command);
  return names;
}

Run run_suite(const SuiteRequest& request) {
  std::vector<std::string> all = list_suite_benchmarks(request);
  std::vector<std::string> selected;
  for (const auto& name : all) {
    if (request.shard_count == 0 || shard_of(name, request.shard_count) == request.shard_index) {
      selected.push_back(name);
    }
  }
  std::string filter = request.filter;
  if (request.shard_count > 0) {
    if (selected.empty()) {
      Run empty;
      empty.source = "run:" + command_text(request.command);
      return empty;  // a shard with nothing in it is a valid, empty shard
    }
    filter = "^(";
    for (std::size_t i = 0; i < selected.size(); ++i) {
      if (i > 0) filter += '|';
      filter += regex_escape(selected[i]);
    }
    filter += ")$";
  }

  // -- instruction mode (issue 12): one process under callgrind, no repetitions
  if (request.metric == Metric::instructions) {
    Run run = run_suite_instructions(request, filter);
    if (request.shard_count > 0)
      run.shard = std::to_string(request.shard_index) + "/" + std::to_string(request.shard_count);
    return run;
  }
  // -- end instruction mode

  ResultsFile out;
  std::vector<std::string> argv = request.command;
  argv.push_back("--benchmark_out=" + out.path());
  argv.push_back("--benchmark_out_format=json");
  argv.push_back("--benchmark_format=console");
  argv.push_back("--benchmark_color=false");
  argv.push_back("--benchmark_repetitions=" + std::to_string(request.repetitions));
  argv.push_back("--benchmark_enable_random_interleaving=true");
  argv.push_back("--benchmark_report_aggregates_only=false");
  if (!filter.empty()) argv.push_back("--benchmark_filter=" + filter);

  const std::set<std::string> names(selected.begin(), selected.end());
  const std::size_t total = selected.size() * static_cast<std::size_t>(request.repetitions);
  const bool tty = request.progress && !request.quiet && ::isatty(2);
  const auto start = std::chrono::steady_clock::now();
  std::size_t done = 0;
  if (!request.quiet) {
    std::cerr << "bench-gate: running " << selected.size() << " benchmarks x "
              << request.repetitions << " repetitions: " << command_text(request.command) << "\n";
  }
  auto on_line = [&](const std::string& line) {
    auto end = line.find("  ");
    std::string name = line.substr(0, end);
    if (names.count(name) == 0) return;
    ++done;
    if (!tty) return;
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double eta = done ? elapsed * static_cast<double>(total - std::min(done, total)) /
                            static_cast<double>(done)
                      : 0;
    std::fprintf(stderr, "\r\033[K  [%zu/%zu] %s elapsed, ETA %s", done, total,
                 util::duration_text(elapsed).c_str(), util::duration_text(eta).c_str());
    std::fflush(stderr);
  };
  ProcessResult r = run_process(argv, request.timeout_seconds, on_line, {}, OnSignal::stop);
  if (tty) std::fprintf(stderr, "\r\033[K");
  fail_if_not_clean(r, request.command);

  std::ifstream in(out.path(), std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Run run;
  try {
    run = ingest_benchmark_json(text, "output of suite '" + command_text(request.command) + "'");
  } catch (const Error& e) {
    // The suite exited 0 but wrote no valid results: the suite failed, not our input.
    throw Error(ExitCode::suite_failed, e.what());
  }
  run.source = "run:" + command_text(request.command);
  if (request.shard_count > 0) {
    run.shard = std::to_string(request.shard_index) + "/" + std::to_string(request.shard_count);
  }
  if (!request.quiet) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "bench-gate: suite finished in " << util::duration_text(elapsed) << " ("
              << run.benchmarks.size() << " benchmarks)\n";
  }
  return run;
}

}  // namespace bg
