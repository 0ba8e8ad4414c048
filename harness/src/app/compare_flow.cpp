// The compare flow (compare_flow.hpp): stored mode here, paired mode and confirmation in their
// own files.
#include "bench_gate/app/compare_flow.hpp"

#include <iostream>

#include "bench_gate/acceptance.hpp"
#include "bench_gate/app/acceptances.hpp"
#include "bench_gate/app/name_filter.hpp"
#include "bench_gate/app/process.hpp"
#include "bench_gate/disturbance.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"
#include "bench_gate/util/time.hpp"
#include "bench_gate/version.hpp"
#include "flow_parts.hpp"

namespace bg {
namespace {

// HEAD's runs: stored, or measured now when HEAD is checked out and running is allowed.
struct HeadRuns {
  std::vector<Run> runs;
  std::vector<std::string> missing_shards;
  bool measured_now = false;
};

HeadRuns head_runs(const CompareRequest& request, const Workspace& ws,
                   const std::string& head_commit, std::vector<std::string>& problems,
                   SuiteRunner& runner, Progress& progress) {
  HeadRuns head;
  if (auto stored = ws.runs_of(head_commit, &head.missing_shards, &problems)) {
    head.runs = std::move(*stored);
    return head;
  }
  if (request.no_run || !ws.is_checked_out(head_commit)) {
    throw Error(ExitCode::no_baseline,
                "no stored run for " + util::one_line_text(request.head) + " (" +
                    util::short_id(head_commit) + ") on " + ws.config.notes_ref +
                    (request.no_run
                         ? " and --no-run forbids running the suite"
                         : "; it is not the checked-out commit, so the suite cannot run for it") +
                    "; record one with `bench-gate record " + util::short_id(head_commit) + "`");
  }
  // The suite measures the checked-out tree: say so when that is not HEAD's code (a CI job that
  // builds first never trips it).
  for (const auto& why : ws.stale_suite(request.run)) progress.warning("compare: HEAD: " + why);
  head.runs = run_processes(ws, request.run, request.quiet, head_commit, runner, progress);
  head.measured_now = true;
  return head;
}

// compare --filter: only the benchmarks it selects are compared, on both sides and in the
// history (the others are neither "removed" nor "new": they were not asked about).
void keep_selected(std::vector<Run>& runs, const NameFilter& filter) {
  for (Run& run : runs) {
    std::erase_if(run.benchmarks, [&](const BenchmarkResult& b) { return !filter.matches(b.name); });
  }
}

Comparison stored_compare(const CompareRequest& request, const Workspace& ws, SuiteRunner& runner,
                          Progress& progress) {
  const NameFilter filter(request.run.filter, "--filter");  // refused before anything runs
  const std::string base_commit = ws.resolve(request.base);
  const std::string head_commit = ws.resolve(request.head);
  if (base_commit == head_commit)
    progress.info("'" + util::one_line_text(request.base) + "' and '" +
                  util::one_line_text(request.head) + "' are the same commit " +
                  util::short_id(head_commit) +
                  ": both sides are that commit's runs, so the comparison shows no change "
                  "between revisions");
  const flow::Start start = flow::baseline_start(request, ws, base_commit, head_commit, progress);
  std::vector<std::string> problems;
  flow::Baseline baseline = flow::find_baseline(request, ws, start, problems);
  HeadRuns head = head_runs(request, ws, head_commit, problems, runner, progress);

  if (!filter.empty()) {
    keep_selected(baseline.runs, filter);
    keep_selected(head.runs, filter);
    for (auto& runs : baseline.history) keep_selected(runs, filter);
  }
  // Confirmation before failing: automatic when compare ran HEAD's suite (the code is built and
  // checked out, and a single head process is the likeliest source of a false alarm).
  const bool confirm = request.confirm == ConfirmMode::always ||
                       (request.confirm == ConfirmMode::automatic && head.measured_now);
  const Metric metric = request.run.metric.value_or(ws.config.metric);
  const bool can_remeasure =
      metric != Metric::instructions && request.confirm != ConfirmMode::never && (confirm || head.measured_now) &&
      ws.is_checked_out(head_commit) &&
      !(request.run.command.empty() && ws.config.suite_command.empty());
  std::vector<std::string> disturbance = flow::settle_disturbances(
      request, ws, metric, baseline, head.runs, head_commit, can_remeasure, runner, progress);
  for (const auto& line : disturbance) progress.warning("disturbed: " + line);
  if (!disturbance.empty()) disturbance.push_back("how: " + disturbance_rule_text());
  CompareInput input;
  input.base_missing_shards = baseline.missing_shards;
  input.head_missing_shards = head.missing_shards;
  input.base_runs = std::move(baseline.runs);
  input.head_runs = std::move(head.runs);
  input.history = std::move(baseline.history);
  input.config = ws.config;
  input.config.metric = metric;  // --metric
  Comparison cmp = compare_runs(input);
  cmp.base_rev = request.base;
  cmp.head_rev = request.head;
  cmp.base_commit = base_commit;
  cmp.head_commit = head_commit;
  cmp.merge_base = start.merge_base;
  cmp.baseline_commit = baseline.commit;
  cmp.baseline_distance = baseline.distance;
  for (const auto& m : input.base_missing_shards) cmp.missing_shards.push_back("base: " + m);
  for (const auto& m : input.head_missing_shards) cmp.missing_shards.push_back("head: " + m);
  for (const auto& w : baseline.warnings) progress.warning(w);
  for (const auto& p : problems) {
    progress.warning(p);
    cmp.environment_differences.push_back("note skipped: " + p);
  }
  cmp.disturbance = std::move(disturbance);
  if (confirm) flow::confirm_regressions(request, ws, input, cmp, runner, progress);
  return cmp;
}

}  // namespace

Run ProcessSuiteRunner::run(const SuiteRequest& request) { return run_suite(request); }

void ProcessSuiteRunner::build(const std::vector<std::string>& argv, const std::string& directory,
                               int timeout_seconds) {
  const ProcessResult r = run_process(argv, timeout_seconds, {}, directory, OnSignal::stop);
  if (!r.started) {
    throw Error(ExitCode::input_error, "build_command '" + util::one_line_text(argv.front()) +
                                           "' could not be started: " + r.start_error);
  }
  if (r.interrupted || r.timed_out || r.signal != 0 || r.exit_status != 0) {
    const std::string tail = util::last_line(r.stderr_tail.empty() ? r.stdout_tail : r.stderr_tail);
    throw Error(ExitCode::suite_failed,
                util::one_line_text("build_command '" + command_text(argv) + "' " +
                                    describe_exit(r) + (tail.empty() ? "" : ": " + tail)));
  }
}

void StderrProgress::info(const std::string& line) {
  if (!quiet_) std::cerr << "bench-gate: " << util::one_line_text(line) << "\n";
}

void StderrProgress::warning(const std::string& line) {
  std::cerr << "bench-gate: warning: " << util::one_line_text(line) << "\n";
}

std::vector<Run> run_processes(const Workspace& ws, const RunOptions& options, bool quiet,
                               const std::string& commit, SuiteRunner& runner,
                               Progress& progress) {
  const SuiteRequest req = ws.suite_request(options, quiet);
  const int processes = options.processes > 0 ? options.processes : ws.config.processes;
  std::vector<Run> runs;
  runs.reserve(static_cast<std::size_t>(processes));
  for (int p = 1; p <= processes; ++p) {
    if (processes > 1)
      progress.info("suite process " + std::to_string(p) + "/" + std::to_string(processes));
    Run run = runner.run(req);
    run.commit = commit;
    run.run_id = util::new_run_id();
    run.recorded_at = util::utc_now();
    run.tool_version = tool_version();
    runs.push_back(std::move(run));
  }
  return runs;
}

Comparison compare(const CompareRequest& request, const Workspace& ws, SuiteRunner& runner,
                   Progress& progress) {
  if (request.paired && request.run.processes > 0) {
    throw Error(ExitCode::input_error,
                "--processes is for stored mode; --paired runs base and head in --blocks (each "
                "block is a pair of processes)");
  }
  if (request.paired &&
      request.run.metric.value_or(ws.config.metric) == Metric::instructions) {
    throw Error(ExitCode::input_error,
                "--paired measures time; metric instructions is compared in stored mode (counts "
                "do not drift between processes, so there is nothing to pair)");
  }
  Comparison cmp = request.paired ? flow::paired_compare(request, ws, runner, progress)
                                  : stored_compare(request, ws, runner, progress);
  flow::name_head(request, ws, cmp);
  // Acknowledged regressions of the change being gated (trailers, bench-gate accept).
  apply_acceptances(cmp, acceptances_between(ws, cmp.baseline_commit, cmp.head_commit));
  return cmp;
}

}  // namespace bg
