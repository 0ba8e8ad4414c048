// bench-gate compare --paired (build the baseline, run base and head now in alternating blocks)
// and compare --confirm (re-measure stored-mode regressions before failing).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/process.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/compare.hpp"
#include "bench_gate/paired.hpp"
#include "bench_gate/report/comparison_json.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/version.hpp"

namespace bg {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxBlocks = 200;

// Google Benchmark filter selecting exactly these benchmark names.
std::string exact_filter(const std::set<std::string>& names) {
  std::string filter = "^(";
  bool first = true;
  for (const auto& n : names) {
    if (!first) filter += '|';
    filter += regex_escape(n);
    first = false;
  }
  return filter + ")$";
}

std::string last_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

std::string percent(double fraction) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%+.1f %%", fraction * 100);
  return buffer;
}

// A detached git worktree of one commit in a new temporary directory; removed (worktree and
// directory) when this object dies, also on errors.
class TempWorktree {
 public:
  TempWorktree(const std::string& repo_top, const std::string& commit) : repo_top_(repo_top) {
    std::string pattern = (fs::temp_directory_path() / "bench-gate-base-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw Error(ExitCode::input_error,
                  "cannot create a temporary directory in " + fs::temp_directory_path().string());
    }
    dir_ = pattern;
    path_ = (fs::path(dir_) / "tree").string();
    ProcessResult r = run_process(
        {"git", "-C", repo_top_, "worktree", "add", "--detach", "--quiet", path_, commit}, 0);
    if (!r.started || r.exit_status != 0 || r.signal != 0) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
      throw Error(ExitCode::input_error,
                  "git worktree add of " + short_id(commit) + " " + describe_exit(r) +
                      (r.stderr_tail.empty() ? "" : ": " + last_line(r.stderr_tail)));
    }
  }
  TempWorktree(const TempWorktree&) = delete;
  TempWorktree& operator=(const TempWorktree&) = delete;
  ~TempWorktree() {
    run_process({"git", "-C", repo_top_, "worktree", "remove", "--force", path_}, 60);
    std::error_code ec;
    fs::remove_all(dir_, ec);
    run_process({"git", "-C", repo_top_, "worktree", "prune"}, 60);
  }
  const std::string& path() const { return path_; }

 private:
  std::string repo_top_, dir_, path_;
};

// argv with a relative argv[0] resolved against `tree` (a bare name is too, when the file is
// there).
std::vector<std::string> suite_in(std::vector<std::string> argv, const std::string& tree) {
  const std::string& exe = argv[0];
  if (!exe.empty() && exe[0] != '/' &&
      (exe.find('/') != std::string::npos || fs::exists(fs::path(tree) / exe))) {
    argv[0] = (fs::path(tree) / exe).lexically_normal().string();
  }
  return argv;
}

// Whether argv[0] names a program inside the tree (a relative path), so that base and head differ.
bool program_in_tree(const std::string& exe, const std::string& top) {
  return !exe.empty() && exe[0] != '/' &&
         (exe.find('/') != std::string::npos || fs::exists(fs::path(top) / exe));
}

std::vector<std::string> suite_command(const Workspace& ws, const CompareOptions& options) {
  std::vector<std::string> command =
      options.run.command.empty() ? ws.config.suite_command : options.run.command;
  if (command.empty()) {
    throw Error(ExitCode::input_error,
                "no suite command: set \"suite_command\" in bench-gate.json or pass it after '--'");
  }
  return command;
}

// Run the config's build_command in `tree`; throws suite_failed naming the command on failure.
void build_baseline(const Config& config, const std::string& tree, const std::string& commit,
                    bool quiet) {
  if (!quiet) {
    std::cerr << "bench-gate: building baseline " << short_id(commit) << ": "
              << command_text(config.build_command) << "\n";
  }
  const auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process(config.build_command, config.timeout_seconds, {}, tree);
  if (!r.started) {
    throw Error(ExitCode::input_error, "build_command '" + config.build_command.front() +
                                           "' could not be started: " + r.start_error);
  }
  if (r.timed_out || r.signal != 0 || r.exit_status != 0) {
    const std::string tail = last_line(r.stderr_tail.empty() ? r.stdout_text : r.stderr_tail);
    throw Error(ExitCode::suite_failed, "build_command '" + command_text(config.build_command) +
                                            "' for baseline " + short_id(commit) + " " +
                                            describe_exit(r) + (tail.empty() ? "" : ": " + tail));
  }
  if (!quiet) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "bench-gate: baseline built in %.1fs\n", s);
  }
}

struct PairedPlan {
  std::vector<std::string> base_command, head_command;
  int min_blocks = 6;
  int block_repetitions = 3;
  double time_budget = 300;  // seconds; the minimum blocks always run
  int timeout_seconds = 0;   // per suite process
  std::string filter;        // initial --benchmark_filter ("" = all)
  bool quiet = false;
};

struct PairedMeasurement {
  PairedInput input;
  std::vector<Run> base_runs, head_runs;  // first block's runs (environments)
  int blocks = 0;
  double seconds = 0;
};

const std::vector<double>& metric_of(const BenchmarkResult& b, const std::string& metric) {
  return metric == "cpu_time" ? b.cpu_time_ns : b.real_time_ns;
}

std::vector<double> positive(const std::vector<double>& values) {
  std::vector<double> out;
  for (double v : values) {
    if (v > 0 && std::isfinite(v)) out.push_back(v);
  }
  return out;
}

// Run randomized alternating blocks until the minimum is done and then until every benchmark is
// resolved (only the inconclusive ones run again) or the time budget is spent.
PairedMeasurement measure_paired(const PairedPlan& plan, const Config& config) {
  PairedMeasurement m;
  m.input.config = config;
  std::map<std::string, PairedBenchmark> acc;
  std::mt19937_64 rng(std::random_device{}());
  std::string filter = plan.filter;
  const auto start = std::chrono::steady_clock::now();
  double last_block_seconds = 0;
  bool previous_head_first = false;
  while (true) {
    const auto block_start = std::chrono::steady_clock::now();
    // Balanced random order: blocks come in pairs, the first of a pair in random order, the
    // second in the opposite one, so an order effect (warm caches, a neighbour's load pattern)
    // cancels in the mean instead of biasing one side.
    const bool head_first = m.blocks % 2 == 0 ? (rng() & 1) != 0 : !previous_head_first;
    previous_head_first = head_first;
    Run runs[2];  // [0] base, [1] head
    for (int k = 0; k < 2; ++k) {
      const int side = head_first ? 1 - k : k;
      SuiteRequest req;
      req.command = side == 0 ? plan.base_command : plan.head_command;
      req.repetitions = plan.block_repetitions;
      req.filter = filter;
      req.timeout_seconds = plan.timeout_seconds;
      req.progress = false;
      req.quiet = true;
      runs[side] = run_suite(req);
    }
    std::map<std::string, const BenchmarkResult*> by_side[2];
    for (int side = 0; side < 2; ++side) {
      for (const auto& b : runs[side].benchmarks) {
        PairedBenchmark& p = acc[b.name];
        p.name = b.name;
        p.repetitions_per_block = plan.block_repetitions;
        (side == 0 ? p.in_base : p.in_head) = true;
        auto& error = side == 0 ? p.base_error : p.head_error;
        if (b.error && !error) error = *b.error;
        std::vector<double> values = positive(metric_of(b, config.metric));
        auto& samples = side == 0 ? p.base_samples : p.head_samples;
        samples.insert(samples.end(), values.begin(), values.end());
        if (!b.error && !values.empty()) by_side[side][b.name] = &b;
      }
    }
    for (const auto& [name, base_result] : by_side[0]) {
      auto h = by_side[1].find(name);
      if (h == by_side[1].end()) continue;
      PairedBenchmark& p = acc[name];
      p.base_block_medians.push_back(
          stats::median(positive(metric_of(*base_result, config.metric))));
      p.head_block_medians.push_back(stats::median(positive(metric_of(*h->second, config.metric))));
    }
    if (m.blocks == 0) {
      m.base_runs.push_back(runs[0]);
      m.head_runs.push_back(runs[1]);
    }
    ++m.blocks;
    const auto now = std::chrono::steady_clock::now();
    last_block_seconds = std::chrono::duration<double>(now - block_start).count();
    m.seconds = std::chrono::duration<double>(now - start).count();
    if (!plan.quiet) {
      std::fprintf(stderr, "bench-gate: paired block %d (%s first): %zu benchmarks, %.1fs\n",
                   m.blocks, head_first ? "head" : "base", runs[1].benchmarks.size(),
                   last_block_seconds);
    }
    // Decide only after whole pairs of blocks, so each side ran first equally often.
    if (m.blocks < plan.min_blocks || m.blocks % 2 != 0) continue;

    m.input.benchmarks.clear();
    for (const auto& [name, p] : acc) m.input.benchmarks.push_back(p);
    Comparison c = compare_paired(m.input);
    std::set<std::string> undecided;
    for (const auto& row : c.benchmarks) {
      if (row.verdict == Verdict::inconclusive) undecided.insert(row.name);
    }
    if (undecided.empty() || m.blocks >= kMaxBlocks) break;
    if (m.seconds + 2 * last_block_seconds > plan.time_budget) {
      if (!plan.quiet) {
        std::fprintf(
            stderr, "bench-gate: time budget of %.0fs spent; %zu benchmark(s) still inconclusive\n",
            plan.time_budget, undecided.size());
      }
      break;
    }
    filter = exact_filter(undecided);
  }
  m.input.benchmarks.clear();
  for (const auto& [name, p] : acc) m.input.benchmarks.push_back(p);
  return m;
}

bool is_checked_out(const Workspace& ws, const std::string& commit) {
  if (ws.repo.is_bare()) return false;
  auto head = ws.repo.head_commit();
  return head && *head == commit;
}

}  // namespace

int paired_compare_command(const GlobalOptions& global, const CompareOptions& options) {
  const std::string& format = options.format;
  if (format != "markdown" && format != "github" && format != "json" && format != "none") {
    throw Error(ExitCode::input_error,
                "--format: '" + format + "' is not one of markdown, github, json, none");
  }
  Workspace ws = Workspace::open(global);
  const Config& config = ws.config;
  if (config.build_command.empty()) {
    throw Error(ExitCode::input_error,
                "compare --paired: no \"build_command\" in " +
                    (config.source_path.empty() ? std::string("bench-gate.json (none found)")
                                                : config.source_path) +
                    "; set it to the argv that builds the suite in a checkout, e.g. [\"bash\", "
                    "\"build.sh\"]");
  }
  const std::vector<std::string> command = suite_command(ws, options);
  const std::string base_commit = ws.repo.resolve_commit(options.base);
  const std::string head_commit = ws.repo.resolve_commit(options.head);
  if (!is_checked_out(ws, head_commit)) {
    throw Error(ExitCode::input_error,
                "compare --paired: '" + options.head + "' (" + short_id(head_commit) +
                    ") is not the checked-out commit; check it out and build it first");
  }
  const std::string top = ws.repo.workdir();
  if (!program_in_tree(command[0], top)) {
    throw Error(ExitCode::input_error,
                "compare --paired: the suite program '" + command[0] +
                    "' is not a relative path inside the repository, so base and "
                    "head would run the same binary");
  }
  const std::vector<std::string> head_command = suite_in(command, top);
  if (head_command[0].find('/') != std::string::npos && !fs::exists(head_command[0])) {
    throw Error(ExitCode::input_error, "compare --paired: the suite of HEAD, " + head_command[0] +
                                           ", does not exist; build HEAD first");
  }
  const std::string template_origin =
      options.template_path.empty() ? "pr-comment" : options.template_path;
  const std::string template_text = load_template(template_origin);

  std::string merge_base;
  std::string baseline = base_commit;
  if (!options.exact) {
    if (auto mb = ws.repo.merge_base(base_commit, head_commit)) {
      merge_base = *mb;
      baseline = *mb;
    } else if (!global.quiet) {
      std::cerr << "bench-gate: no merge-base of " << options.base << " and " << options.head
                << " in local history (shallow clone?); using " << options.base << " itself\n";
    }
  }

  PairedMeasurement measured;
  {
    TempWorktree tree(top, baseline);
    build_baseline(config, tree.path(), baseline, global.quiet);
    PairedPlan plan;
    plan.base_command = suite_in(command, tree.path());
    if (plan.base_command[0].find('/') != std::string::npos && !fs::exists(plan.base_command[0])) {
      throw Error(ExitCode::input_error,
                  "compare --paired: build_command did not produce the suite " + command[0] +
                      " in the worktree of baseline " + short_id(baseline));
    }
    plan.head_command = head_command;
    plan.min_blocks = options.blocks;
    plan.block_repetitions = options.block_repetitions;
    plan.time_budget = options.time_budget;
    plan.timeout_seconds =
        options.run.timeout_seconds >= 0 ? options.run.timeout_seconds : config.timeout_seconds;
    plan.filter = options.run.filter;
    plan.quiet = global.quiet;
    measured = measure_paired(plan, config);
  }
  if (!global.quiet) {
    std::fprintf(stderr, "bench-gate: paired measurement: %d blocks in %.1fs\n", measured.blocks,
                 measured.seconds);
  }

  Comparison cmp = compare_paired(measured.input);
  for (auto& r : measured.base_runs) r.commit = baseline;
  for (auto& r : measured.head_runs) r.commit = head_commit;
  for (const auto& r : measured.base_runs) cmp.base_environments.push_back(r.environment);
  for (const auto& r : measured.head_runs) cmp.head_environments.push_back(r.environment);
  cmp.base_rev = options.base;
  cmp.head_rev = options.head;
  cmp.base_commit = base_commit;
  cmp.head_commit = head_commit;
  cmp.merge_base = merge_base;
  cmp.baseline_commit = baseline;
  cmp.baseline_distance = 0;

  ReportOptions ropts;
  ropts.budget =
      options.budget > 0 ? static_cast<std::size_t>(options.budget) : config.report_budget;
  const std::string markdown = render_markdown(cmp, template_text, template_origin, ropts);
  if (!options.output.empty()) write_file_atomically(options.output, markdown);
  if (!options.json_output.empty())
    write_file_atomically(options.json_output, comparison_to_json(cmp).dump(2) + "\n");
  print_comparison(cmp, format == "markdown" && !options.output.empty() ? "none" : format,
                   markdown);
  return static_cast<int>(cmp.exit_code);
}

void confirm_regressions(const Workspace& ws, const CompareOptions& options,
                         const CompareInput& input, Comparison& cmp, bool quiet) {
  if (cmp.exit_code != ExitCode::regression) return;
  std::set<std::string> suspects;
  for (const auto& row : cmp.benchmarks) {
    if (row.verdict == Verdict::regression && row.action == TierAction::fail)
      suspects.insert(row.name);
  }
  if (suspects.empty()) return;
  const Config& config = ws.config;
  std::vector<std::string> command =
      options.run.command.empty() ? config.suite_command : options.run.command;
  std::string why_not;
  if (!is_checked_out(ws, cmp.head_commit))
    why_not = "HEAD is not the checked-out commit";
  else if (command.empty())
    why_not = "no suite command";
  if (!why_not.empty()) {
    if (!quiet)
      std::cerr << "bench-gate: confirm: cannot re-measure (" << why_not << "); verdicts stand\n";
    for (auto& row : cmp.benchmarks) {
      if (suspects.count(row.name)) row.noise_source += "; not re-measured (" + why_not + ")";
    }
    return;
  }
  const std::string top = ws.repo.workdir();
  const bool paired = !config.build_command.empty() && program_in_tree(command[0], top);
  if (!quiet) {
    std::cerr << "bench-gate: confirm: re-measuring " << suspects.size() << " regression(s)"
              << (paired ? ", paired with a build of the baseline" : " with one more HEAD run")
              << "\n";
  }

  // The re-measured row of each suspect, and how it was re-measured.
  std::map<std::string, BenchmarkComparison> remeasured;
  std::string how;
  if (paired) {
    PairedPlan plan;
    plan.head_command = suite_in(command, top);
    plan.min_blocks = options.blocks;
    plan.block_repetitions = options.block_repetitions;
    plan.time_budget = options.time_budget;
    plan.timeout_seconds =
        options.run.timeout_seconds >= 0 ? options.run.timeout_seconds : config.timeout_seconds;
    plan.filter = exact_filter(suspects);
    plan.quiet = quiet;
    PairedMeasurement measured;
    {
      TempWorktree tree(top, cmp.baseline_commit);
      build_baseline(config, tree.path(), cmp.baseline_commit, quiet);
      plan.base_command = suite_in(command, tree.path());
      measured = measure_paired(plan, config);
    }
    Comparison paired = compare_paired(measured.input);
    for (auto& row : paired.benchmarks) remeasured[row.name] = row;
    how = "paired with a build of " + short_id(cmp.baseline_commit) + ", " +
          std::to_string(measured.blocks) + " blocks";
  } else {
    RunOptions run_options = options.run;
    run_options.filter = exact_filter(suspects);
    run_options.shard.clear();
    Run extra = run_suite(ws.suite_request(run_options, quiet));
    extra.commit = cmp.head_commit;
    extra.run_id = new_run_id();
    extra.recorded_at = utc_now();
    extra.tool_version = tool_version();
    CompareInput again = input;
    again.head_runs.push_back(std::move(extra));
    Comparison second = compare_runs(again);
    for (auto& row : second.benchmarks) {
      if (suspects.count(row.name)) remeasured[row.name] = row;
    }
    how = "one more HEAD run combined with the stored ones";
  }

  for (auto& row : cmp.benchmarks) {
    if (!suspects.count(row.name)) continue;
    auto found = remeasured.find(row.name);
    if (found == remeasured.end()) {
      row.noise_source += "; re-measurement did not produce it, verdict stands";
      continue;
    }
    const BenchmarkComparison& again = found->second;
    if (again.verdict == Verdict::regression) {
      row.noise_source += "; confirmed by re-measurement (" + how + ": " + percent(again.change) +
                          ", 95 % CI " + percent(again.ci_low) + " to " + percent(again.ci_high) +
                          ")";
    } else {
      const double stored_change = row.change;
      row = again;
      row.message = (row.message.empty() ? "" : row.message + "; ") + "stored runs showed " +
                    percent(stored_change) + "; not confirmed by re-measurement (" + how +
                    "), which says " + verdict_name(again.verdict);
    }
  }
  cmp.mode = "stored+confirmed";
  bool failing = false, head_failed = false;
  for (const auto& row : cmp.benchmarks) {
    if (row.verdict == Verdict::regression && row.action == TierAction::fail) failing = true;
    if (row.verdict == Verdict::failed && row.message.rfind("head:", 0) == 0) head_failed = true;
  }
  cmp.exit_code = head_failed ? ExitCode::suite_failed
                  : failing   ? ExitCode::regression
                              : ExitCode::pass;
  sort_rows(cmp.benchmarks);
}

}  // namespace bg
