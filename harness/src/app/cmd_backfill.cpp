// bench-gate backfill A..B: history for a project that has none yet. Each commit of the
// first-parent range is checked out in a temporary worktree, built with build_command, measured
// and recorded — oldest first, skipping commits already recorded, one note update per commit (a
// signal leaves either the whole run or nothing, and no worktree).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/compare_flow.hpp"
#include "bench_gate/app/interrupt.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"
#include "flow_parts.hpp"

namespace bg {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxRange = 100000;

// The first-parent commits after `from` up to `to` (`git log --first-parent from..to`), oldest
// first. Throws input_error when the range is not "A..B".
std::vector<std::string> first_parent_range(const Workspace& ws, const std::string& range) {
  const auto dots = range.find("..");
  if (dots == std::string::npos || range.find("...") != std::string::npos || dots == 0) {
    throw Error(ExitCode::input_error, "backfill: '" + util::one_line_text(range) +
                                           "' is not a range A..B (e.g. v1.0..main)");
  }
  const std::string from = ws.resolve(range.substr(0, dots));
  const std::string to_rev = range.substr(dots + 2);
  const std::string to = ws.resolve(to_rev.empty() ? "HEAD" : to_rev);
  std::vector<std::string> out;
  for (const auto& c : ws.repo.first_parent_history(to, kMaxRange).commits) {
    if (ws.repo.is_ancestor(c, from)) break;
    out.push_back(c);
  }
  return {out.rbegin(), out.rend()};
}

// The suite argv of the checkout: -- COMMAND, else suite_command; a relative program path, so
// that each commit runs its own build. Throws input_error otherwise.
std::vector<std::string> backfill_suite(const Workspace& ws, const BackfillOptions& options) {
  if (ws.config.build_command.empty()) {
    throw Error(ExitCode::input_error,
                "backfill: no \"build_command\" in " +
                    (ws.config.source_path.empty() ? std::string("bench-gate.json (none found)")
                                                   : util::one_line_text(ws.config.source_path)) +
                    "; set it to the argv that builds the suite in a checkout, e.g. [\"bash\", "
                    "\"build.sh\"]");
  }
  const std::vector<std::string> command =
      options.run.command.empty() ? ws.config.suite_command : options.run.command;
  if (command.empty()) {
    throw Error(ExitCode::input_error,
                "no suite command: set \"suite_command\" in bench-gate.json or pass it after '--'");
  }
  if (!flow::program_in_tree(command[0], ws.repo.workdir())) {
    throw Error(ExitCode::input_error,
                "backfill: the suite program '" + util::one_line_text(command[0]) +
                    "' is not a relative path inside the repository, so every commit would run "
                    "the same binary");
  }
  return command;
}

std::string duration_text(double seconds) {
  char text[32];
  if (seconds < 90) {
    std::snprintf(text, sizeof text, "%.0fs", seconds);
  } else if (seconds < 5400) {
    std::snprintf(text, sizeof text, "%.0fm", seconds / 60);
  } else {
    std::snprintf(text, sizeof text, "%.1fh", seconds / 3600);
  }
  return text;
}

// Build `commit` in a temporary worktree, run its suite and record the runs (one note update).
void backfill_one(Workspace& ws, const BackfillOptions& options,
                  const std::vector<std::string>& command, const std::string& commit,
                  SuiteRunner& runner, Progress& progress) {
  const flow::TempWorktree tree(ws.repo.workdir(), commit);
  runner.build(ws.config.build_command, tree.path(), ws.config.timeout_seconds);
  RunOptions run = options.run;
  run.command = flow::suite_in(command, tree.path());
  if (run.command[0].find('/') != std::string::npos && !fs::exists(run.command[0])) {
    throw Error(ExitCode::suite_failed, "build_command did not produce the suite " +
                                            util::one_line_text(command[0]));
  }
  const std::vector<Run> runs = run_processes(ws, run, true, commit, runner, progress);
  ws.append_runs(commit, runs,
                 "bench-gate: backfill " + std::to_string(runs.size()) + " run(s) for " + commit);
}

}  // namespace

int backfill_command(const GlobalOptions& global, const BackfillOptions& options) {
  Workspace ws(global);
  if (ws.repo.is_bare()) {
    throw Error(ExitCode::input_error, "backfill: a bare repository has no work tree to build in");
  }
  const std::vector<std::string> command = backfill_suite(ws, options);
  const std::vector<std::string> range = first_parent_range(ws, options.range);
  std::vector<std::string> todo;
  int already = 0;
  for (std::size_t i = 0; i < range.size(); ++i) {
    if ((range.size() - 1 - i) % static_cast<std::size_t>(options.every) != 0) continue;
    std::vector<std::string> problems;
    if (!options.again && (ws.runs_of(range[i], nullptr, &problems) || !problems.empty())) {
      ++already;  // recorded (or a note we cannot read: append would refuse it anyway)
      continue;
    }
    todo.push_back(range[i]);
  }
  StderrProgress progress(global.quiet);
  progress.info("backfill: " + std::to_string(range.size()) + " commit(s) in " +
                util::one_line_text(options.range) +
                (options.every > 1 ? ", every " + std::to_string(options.every) + "th" : "") +
                ": " + std::to_string(todo.size()) + " to record, " + std::to_string(already) +
                " already recorded");
  ProcessSuiteRunner runner;
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  int recorded = 0, failed = 0;
  for (std::size_t k = 0; k < todo.size(); ++k) {
    if (interrupt::received()) break;
    const std::string& commit = todo[k];
    const auto info = ws.repo.commit_info(commit);
    const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
    const std::string eta =
        k == 0 ? "" : ", ETA " + duration_text(elapsed / static_cast<double>(k) *
                                               static_cast<double>(todo.size() - k));
    progress.info("backfill [" + std::to_string(k + 1) + "/" + std::to_string(todo.size()) +
                  eta + "] " + util::short_id(commit) + " " + (info ? info->summary : ""));
    try {
      backfill_one(ws, options, command, commit, runner, progress);
      ++recorded;
    } catch (const Error& e) {
      if (interrupt::received()) throw;
      ++failed;  // a commit that does not build or whose suite fails: said and skipped
      progress.warning("backfill: " + util::short_id(commit) + " skipped: " + e.what());
    }
  }
  progress.info("backfill: recorded " + std::to_string(recorded) + ", failed " +
                std::to_string(failed) + ", already recorded " + std::to_string(already) + " in " +
                duration_text(std::chrono::duration<double>(clock::now() - start).count()));
  // Not fatal unless the range has no stored run at all: every commit tried failed and none was
  // recorded before (a broken commit in a range resumed every night must not fail every night).
  return static_cast<int>(failed > 0 && recorded == 0 && already == 0 ? ExitCode::suite_failed
                                                                       : ExitCode::pass);
}

}  // namespace bg
