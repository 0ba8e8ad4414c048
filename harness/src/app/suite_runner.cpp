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
#include "bench_gate/app/process_facts.hpp"
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

}  // namespace

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

namespace {

// The benchmarks of this shard (all of them without sharding), in the suite's order.
std::vector<std::string> selected_benchmarks(const SuiteRequest& request) {
  std::vector<std::string> selected;
  for (const auto& name : list_suite_benchmarks(request)) {
    if (request.shard_count == 0 || shard_of(name, request.shard_count) == request.shard_index)
      selected.push_back(name);
  }
  return selected;
}

// The --benchmark_filter to pass: the user's, or exactly this shard's benchmarks.
std::string shard_filter(const SuiteRequest& request, const std::vector<std::string>& selected) {
  if (request.shard_count == 0) return request.filter;
  std::string filter = "^(";
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (i > 0) filter += '|';
    filter += regex_escape(selected[i]);
  }
  return filter + ")$";
}

std::vector<std::string> timed_argv(const SuiteRequest& request, const std::string& out_path,
                                    const std::string& filter) {
  std::vector<std::string> argv = request.command;
  argv.push_back("--benchmark_out=" + out_path);
  argv.push_back("--benchmark_out_format=json");
  argv.push_back("--benchmark_format=console");
  argv.push_back("--benchmark_color=false");
  argv.push_back("--benchmark_repetitions=" + std::to_string(request.repetitions));
  argv.push_back("--benchmark_enable_random_interleaving=true");
  argv.push_back("--benchmark_report_aggregates_only=false");
  if (!filter.empty()) argv.push_back("--benchmark_filter=" + filter);
  return argv;
}

// "[done/total] elapsed, ETA" on a terminal, counting the suite's console lines.
class ProgressLine {
 public:
  ProgressLine(const std::vector<std::string>& selected, const SuiteRequest& request)
      : names_(selected.begin(), selected.end()),
        total_(selected.size() * static_cast<std::size_t>(request.repetitions)),
        tty_(request.progress && !request.quiet && ::isatty(2)),
        start_(std::chrono::steady_clock::now()) {}
  ~ProgressLine() {
    if (tty_) std::fprintf(stderr, "\r\033[K");
  }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void on_line(const std::string& line) {
    if (names_.count(line.substr(0, line.find("  "))) == 0) return;
    ++done_;
    if (!tty_) return;
    const double elapsed = seconds();
    const double eta = elapsed * static_cast<double>(total_ - std::min(done_, total_)) /
                       static_cast<double>(done_);
    std::fprintf(stderr, "\r\033[K  [%zu/%zu] %s elapsed, ETA %s", done_, total_,
                 util::duration_text(elapsed).c_str(), util::duration_text(eta).c_str());
    std::fflush(stderr);
  }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::set<std::string> names_;
  std::size_t total_, done_ = 0;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
};

// The results file the suite wrote; invalid results are the suite failing, not our input.
Run read_results(const std::string& path, const SuiteRequest& request) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return ingest_benchmark_json(text, "output of suite '" + command_text(request.command) + "'");
  } catch (const Error& e) {
    throw Error(ExitCode::suite_failed, e.what());
  }
}

std::string shard_name(const SuiteRequest& request) {
  if (request.shard_count == 0) return "";
  return std::to_string(request.shard_index) + "/" + std::to_string(request.shard_count);
}

}  // namespace

Run run_suite(const SuiteRequest& request) {
  if (!request.harness.empty() && request.harness != "google-benchmark") {
    return run_foreign_suite(request);  // issue 16: another harness's suite
  }
  const std::vector<std::string> selected = selected_benchmarks(request);
  if (request.shard_count > 0 && selected.empty()) {
    Run empty;
    empty.source = "run:" + command_text(request.command);
    return empty;  // a shard with nothing in it is a valid, empty shard
  }
  const std::string filter = shard_filter(request, selected);
  // -- instruction mode (issue 12): one process under callgrind, no repetitions
  if (request.metric == Metric::instructions) {
    Run run = run_suite_instructions(request, filter);
    run.shard = shard_name(request);
    collect_process_facts(run.environment);
    return run;
  }
  // -- end instruction mode
  ResultsFile out;
  if (!request.quiet) {
    std::cerr << "bench-gate: running " << selected.size() << " benchmarks x "
              << request.repetitions << " repetitions: " << command_text(request.command) << "\n";
  }
  double elapsed = 0;
  {
    ProgressLine progress(selected, request);
    const ProcessResult r =
        run_process(timed_argv(request, out.path(), filter), request.timeout_seconds,
                    [&](const std::string& line) { progress.on_line(line); }, {}, OnSignal::stop);
    elapsed = progress.seconds();
    fail_if_not_clean(r, request.command);
  }
  Run run = read_results(out.path(), request);
  run.source = "run:" + command_text(request.command);
  run.shard = shard_name(request);
  collect_process_facts(run.environment);
  if (!request.quiet) {
    std::cerr << "bench-gate: suite finished in " << util::duration_text(elapsed) << " ("
              << run.benchmarks.size() << " benchmarks)\n";
  }
  return run;
}

}  // namespace bg
