// compare --paired, and the paired measurement confirmation uses: build the baseline in a
// temporary worktree, run base and head now in randomized alternating blocks, decide with the
// paired rule (bench_gate/paired.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include "bench_gate/ingest.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"
#include "flow_parts.hpp"

namespace bg::flow {
namespace {

namespace fs = std::filesystem;

// The most blocks one measurement runs: kMaxBlocksPerMinimum times --blocks, never past 200.
constexpr int kMaxBlocks = 200;
constexpr int kMaxBlocksPerMinimum = 4;

std::vector<double> positive(const std::vector<double>& values) {
  std::vector<double> out;
  for (double v : values) {
    if (v > 0 && std::isfinite(v)) out.push_back(v);
  }
  return out;
}

// Fold one block's base and head runs into the per-benchmark accumulators.
void add_block(const Run (&runs)[2], int repetitions, Metric metric,
               std::map<std::string, PairedBenchmark>& acc) {
  std::map<std::string, const BenchmarkResult*> by_side[2];
  for (int side = 0; side < 2; ++side) {
    for (const auto& b : runs[side].benchmarks) {
      PairedBenchmark& p = acc[b.name];
      p.name = b.name;
      p.repetitions_per_block = repetitions;
      (side == 0 ? p.in_base : p.in_head) = true;
      auto& error = side == 0 ? p.base_error : p.head_error;
      if (b.error && !error) error = *b.error;
      if (std::string label = suite_label(b.label);
          !label.empty() && (side == 1 || p.label.empty()))
        p.label = std::move(label);
      const std::vector<double> values = positive(samples_of(b, metric));
      auto& samples = side == 0 ? p.base_samples : p.head_samples;
      samples.insert(samples.end(), values.begin(), values.end());
      if (!b.error && !values.empty()) by_side[side][b.name] = &b;
    }
  }
  for (const auto& [name, base_result] : by_side[0]) {
    auto h = by_side[1].find(name);
    if (h == by_side[1].end()) continue;
    PairedBenchmark& p = acc[name];
    p.base_block_medians.push_back(stats::median(positive(samples_of(*base_result, metric))));
    p.head_block_medians.push_back(stats::median(positive(samples_of(*h->second, metric))));
  }
}

PairedInput input_of(const std::map<std::string, PairedBenchmark>& acc, const Config& config) {
  PairedInput input;
  input.config = config;
  for (const auto& [name, p] : acc) input.benchmarks.push_back(p);
  return input;
}

// The benchmarks that run again: every one the paired rule does not call unchanged yet. A
// regression (or improvement) at an interim look is measured on like an inconclusive row and
// decided at the last look only: stopping a row as soon as its test is significant would test it
// again at every look (12, 14, 16 … blocks) and reject a true null more often than alpha (Armitage,
// McPherson & Rowe 1969: five looks at a nominal 5 % give about 14 %). Stopping a row that is
// unchanged (its interval within the threshold) can only lower the false-alarm rate: it gives up
// later chances to call it a regression.
std::set<std::string> still_open(const PairedInput& input) {
  std::set<std::string> out;
  for (const auto& row : compare_paired(input).benchmarks) {
    if (row.verdict == Verdict::inconclusive || row.verdict == Verdict::regression ||
        row.verdict == Verdict::improvement)
      out.insert(row.name);
  }
  return out;
}

// Run one block: both suites once, in the given order. [0] base, [1] head.
void run_block(const std::vector<std::string> (&commands)[2], bool head_first, std::string filter,
               const CompareRequest& request, int timeout, SuiteRunner& runner, Run (&runs)[2]) {
  for (int k = 0; k < 2; ++k) {
    const int side = head_first ? 1 - k : k;
    SuiteRequest req;
    req.command = commands[side];
    req.repetitions = request.block_repetitions;
    req.filter = filter;
    req.timeout_seconds = timeout;
    req.progress = false;
    req.quiet = true;
    runs[side] = runner.run(req);
  }
}

// Randomized alternating blocks until the minimum is done and then until every benchmark is
// unchanged (only the others run again), the time budget is spent or the maximum of blocks is
// reached -- none of which depends on whether a row's test is significant (still_open).
PairedMeasurement run_blocks(const std::vector<std::string> (&commands)[2], std::string filter,
                             const CompareRequest& request, const Config& config,
                             SuiteRunner& runner, Progress& progress) {
  using clock = std::chrono::steady_clock;
  PairedMeasurement m;
  std::map<std::string, PairedBenchmark> acc;
  std::mt19937_64 rng(std::random_device{}());
  const int timeout =
      request.run.timeout_seconds >= 0 ? request.run.timeout_seconds : config.timeout_seconds;
  const auto start = clock::now();
  bool previous_head_first = false;
  while (true) {
    const auto block_start = clock::now();
    // Balanced random order: blocks come in pairs, the first of a pair in random order, the
    // second in the opposite one, so an order effect (warm caches, a neighbour's load pattern)
    // cancels in the mean instead of biasing one side.
    const bool head_first = m.blocks % 2 == 0 ? (rng() & 1) != 0 : !previous_head_first;
    previous_head_first = head_first;
    Run runs[2];
    run_block(commands, head_first, filter, request, timeout, runner, runs);
    add_block(runs, request.block_repetitions, config.metric, acc);
    if (m.blocks++ == 0) {
      m.base_runs.push_back(runs[0]);
      m.head_runs.push_back(runs[1]);
    }
    const double block_seconds = std::chrono::duration<double>(clock::now() - block_start).count();
    m.seconds = std::chrono::duration<double>(clock::now() - start).count();
    char line[160];
    std::snprintf(line, sizeof line, "paired block %d (%s first): %zu benchmarks, %.1fs", m.blocks,
                  head_first ? "head" : "base", runs[1].benchmarks.size(), block_seconds);
    progress.info(line);
    // Decide only after whole pairs of blocks, so each side ran first equally often.
    if (m.blocks < request.blocks || m.blocks % 2 != 0) continue;
    const std::set<std::string> open = still_open(input_of(acc, config));
    if (open.empty()) break;
    if (m.blocks >= std::min(kMaxBlocks, kMaxBlocksPerMinimum * request.blocks)) {
      progress.info(std::to_string(m.blocks) + " blocks, the most this measurement runs; " +
                    std::to_string(open.size()) + " benchmark(s) decided at this look");
      break;
    }
    if (m.seconds + 2 * block_seconds > request.time_budget) {
      progress.info("time budget of " + util::shortest(request.time_budget) + "s spent; " +
                    std::to_string(open.size()) + " benchmark(s) decided at this look");
      break;
    }
    filter = exact_filter(open);
  }
  m.input = input_of(acc, config);
  return m;
}

void build_baseline(const Workspace& ws, const std::string& tree, const std::string& commit,
                    SuiteRunner& runner, Progress& progress) {
  progress.info("building baseline " + util::short_id(commit) + ": " +
                command_text(ws.config.build_command));
  const auto start = std::chrono::steady_clock::now();
  try {
    runner.build(ws.config.build_command, tree, ws.config.timeout_seconds);
  } catch (const Error& e) {
    throw Error(e.code(), std::string(e.what()) + " (building baseline " +
                              util::short_id(commit) + ")");
  }
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char line[64];
  std::snprintf(line, sizeof line, "baseline built in %.1fs", s);
  progress.info(line);
}

// The checks paired mode makes before building anything; returns the suite argv.
std::vector<std::string> paired_suite(const CompareRequest& request, const Workspace& ws,
                                      const std::string& head_commit) {
  const Config& config = ws.config;
  if (config.build_command.empty()) {
    throw Error(ExitCode::input_error,
                "compare --paired: no \"build_command\" in " +
                    (config.source_path.empty() ? std::string("bench-gate.json (none found)")
                                                : util::one_line_text(config.source_path)) +
                    "; set it to the argv that builds the suite in a checkout, e.g. [\"bash\", "
                    "\"build.sh\"]");
  }
  const std::vector<std::string> command =
      request.run.command.empty() ? config.suite_command : request.run.command;
  if (command.empty()) {
    throw Error(ExitCode::input_error,
                "no suite command: set \"suite_command\" in bench-gate.json or pass it after '--'");
  }
  if (!ws.is_checked_out(head_commit)) {
    throw Error(ExitCode::input_error,
                "compare --paired: '" + util::one_line_text(request.head) + "' (" +
                    util::short_id(head_commit) +
                    ") is not the checked-out commit; check it out and build it first");
  }
  const std::string top = ws.repo.workdir();
  if (!program_in_tree(command[0], top)) {
    throw Error(ExitCode::input_error,
                "compare --paired: the suite program '" + util::one_line_text(command[0]) +
                    "' is not a relative path inside the repository, so base and head would "
                    "run the same binary");
  }
  const std::vector<std::string> head_command = suite_in(command, top);
  if (head_command[0].find('/') != std::string::npos && !fs::exists(head_command[0])) {
    throw Error(ExitCode::input_error, "compare --paired: the suite of HEAD, " +
                                           util::one_line_text(head_command[0]) +
                                           ", does not exist; build HEAD first");
  }
  return command;
}

}  // namespace

PairedMeasurement measure_paired(const PairedPlan& plan, const Workspace& ws, SuiteRunner& runner,
                                 Progress& progress) {
  const CompareRequest& request = *plan.request;
  TempWorktree tree(ws.repo.workdir(), plan.baseline);
  build_baseline(ws, tree.path(), plan.baseline, runner, progress);
  const std::vector<std::string> commands[2] = {suite_in(plan.command, tree.path()),
                                                suite_in(plan.command, ws.repo.workdir())};
  if (commands[0][0].find('/') != std::string::npos && !fs::exists(commands[0][0])) {
    throw Error(ExitCode::input_error,
                "compare --paired: build_command did not produce the suite " +
                    util::one_line_text(plan.command[0]) + " in the worktree of baseline " +
                    util::short_id(plan.baseline));
  }
  const std::string filter = plan.only.empty() ? request.run.filter : exact_filter(plan.only);
  return run_blocks(commands, filter, request, ws.config, runner, progress);
}

Comparison paired_compare(const CompareRequest& request, const Workspace& ws, SuiteRunner& runner,
                          Progress& progress) {
  const std::string base_commit = ws.resolve(request.base);
  const std::string head_commit = ws.resolve(request.head);
  PairedPlan plan;
  plan.command = paired_suite(request, ws, head_commit);
  const Start start = baseline_start(request, ws, base_commit, head_commit, progress);
  plan.baseline = start.commit;
  plan.request = &request;
  PairedMeasurement measured = measure_paired(plan, ws, runner, progress);
  char line[96];
  std::snprintf(line, sizeof line, "paired measurement: %d blocks in %.1fs", measured.blocks,
                measured.seconds);
  progress.info(line);

  Comparison cmp = compare_paired(measured.input);
  for (const auto& r : measured.base_runs) cmp.base_environments.push_back(r.environment);
  for (const auto& r : measured.head_runs) cmp.head_environments.push_back(r.environment);
  cmp.base_rev = request.base;
  cmp.head_rev = request.head;
  cmp.base_commit = base_commit;
  cmp.head_commit = head_commit;
  cmp.merge_base = start.merge_base;
  cmp.baseline_commit = start.commit;
  cmp.baseline_distance = 0;
  return cmp;
}

}  // namespace bg::flow
