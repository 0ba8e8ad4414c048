// Internal to app/: the parts of the compare flow (compare_flow.hpp), one file each.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bench_gate/app/compare_flow.hpp"
#include "bench_gate/app/interrupt.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/compare.hpp"
#include "bench_gate/paired.hpp"
#include "bench_gate/util/files.hpp"

namespace bg::flow {

// baseline.cpp ------------------------------------------------------------------------------

// Where the baseline search starts: the merge-base of BASE and HEAD (as `git diff BASE...HEAD`),
// or BASE itself with --exact or when the histories share no commit (shallow clone).
struct Start {
  std::string commit;      // the merge-base, else BASE
  std::string merge_base;  // "" when none was used
};
Start baseline_start(const CompareRequest& request, const Workspace& ws,
                     const std::string& base_commit, const std::string& head_commit,
                     Progress& progress);

struct Baseline {
  std::string commit;
  int distance = 0;                         // first-parent steps from the start
  std::vector<Run> runs;
  std::vector<std::string> missing_shards;  // shards the baseline's runs lack
  std::vector<std::vector<Run>> history;    // older commits on the same line, newest first
  std::vector<int> history_distances;       // first-parent steps from the start, per history entry
  std::vector<std::string> warnings;        // malformed acceptance trailers in that history
};
// The first commit with stored runs on the start's first-parent line (within max_distance, or
// the start itself with --exact) and up to config.history_runs earlier ones. Throws no_baseline
// naming the revision and how to record or fetch one. Unreadable notes go to `problems`.
Baseline find_baseline(const CompareRequest& request, const Workspace& ws, const Start& start,
                       std::vector<std::string>& problems);

// disturbance.cpp ---------------------------------------------------------------------------

// Disturbed runs (disturbance.hpp) before the stored rule decides: history runs that were
// disturbed leave the noise estimate; disturbed baseline runs are left out (the next older
// stored commit becomes the baseline when every baseline run was disturbed, unless --exact);
// a disturbed HEAD is re-measured when `remeasure` (HEAD checked out, a suite command,
// confirmation not turned off), one process at a time up to kMaxHeadRemeasures, until a run is
// undisturbed or shows the same shift again (then the shift is the code's). Returns the lines
// the report's header shows (empty when nothing was disturbed).
inline constexpr int kMaxHeadRemeasures = 3;
std::vector<std::string> settle_disturbances(const CompareRequest& request, const Workspace& ws,
                                             Metric metric, Baseline& baseline,
                                             std::vector<Run>& head_runs,
                                             const std::string& head_commit, bool remeasure,
                                             SuiteRunner& runner, Progress& progress);

// The `count` quietest benchmarks (smallest between-run sd over the stored runs of `input`) that
// are not suspects: confirmation measures them beside the suspects, as sentinels of a
// disturbance of its own.
std::set<std::string> sentinels(const CompareInput& input, const std::set<std::string>& suspects,
                                Metric metric, std::size_t count);
inline constexpr std::size_t kSentinels = 8;
// Whether a run, with `suspects` left out (so: its sentinels), looks disturbed against the stored
// runs of `input` (history and base): confirmation's check that its re-measurement did not meet
// an episode of its own.
bool remeasurement_disturbed(const Run& run, const std::set<std::string>& suspects,
                             const CompareInput& input, Metric metric, std::string& text);

// head_name.cpp -----------------------------------------------------------------------------

// Set cmp.head_subject, and cmp.pr_head (+ subject) when HEAD is a pull request's synthetic merge
// commit: request.pr_head (--pr-head) when given, else the second parent of a two-parent HEAD
// whose first parent is cmp.base_commit. Needs cmp.base_commit and cmp.head_commit set. Throws
// Error(input_error) when --pr-head names no commit.
void name_head(const CompareRequest& request, const Workspace& ws, Comparison& cmp);

// worktree.cpp ------------------------------------------------------------------------------

// A detached git worktree of one commit in a new temporary directory; removed (worktree,
// its .git/worktrees entry and the directory) when this object dies, also on errors and signals.
class TempWorktree {
 public:
  TempWorktree(const std::string& repo_top, const std::string& commit);
  ~TempWorktree();
  TempWorktree(const TempWorktree&) = delete;
  TempWorktree& operator=(const TempWorktree&) = delete;
  const std::string& path() const { return path_; }

 private:
  interrupt::CleanupScope cleanup_on_signal_;  // a signal unwinds to the destructor; ends last
  std::string repo_top_;
  util::TempDir dir_;  // removed after the destructor body: after `worktree remove`
  std::string path_;
};

// Google Benchmark filter selecting exactly these benchmark names.
std::string exact_filter(const std::set<std::string>& names);
// argv with a relative argv[0] resolved against `tree` (a bare name too, when the file is there).
std::vector<std::string> suite_in(std::vector<std::string> argv, const std::string& tree);
// Whether argv[0] names a program inside the tree (a relative path), so that base and head differ.
bool program_in_tree(const std::string& exe, const std::string& top);

// paired_flow.cpp ---------------------------------------------------------------------------

struct PairedPlan {
  std::vector<std::string> command;  // the suite argv, relative to a checkout
  std::string baseline;              // commit to build in a temporary worktree
  std::set<std::string> only;        // benchmarks to measure ({} = the whole suite / filter)
  const CompareRequest* request = nullptr;
};
struct PairedMeasurement {
  PairedInput input;
  std::vector<Run> base_runs, head_runs;  // the first block's runs (their environments)
  int blocks = 0;
  double seconds = 0;
};
// Build plan.baseline in a temporary worktree (removed afterwards, also on errors), then run base
// and head (the checked-out tree) in randomized alternating blocks until every benchmark is
// resolved or the time budget is spent.
PairedMeasurement measure_paired(const PairedPlan& plan, const Workspace& ws, SuiteRunner& runner,
                                 Progress& progress);

// The paired mode of compare: checks, measurement, the paired rule.
Comparison paired_compare(const CompareRequest& request, const Workspace& ws, SuiteRunner& runner,
                          Progress& progress);

// confirm.cpp -------------------------------------------------------------------------------

// Re-measure the failing-tier regressions of a stored-mode comparison (paired against a build of
// cmp.baseline_commit when build_command is set, else one more HEAD run) and keep a regression
// only when the re-measurement shows it too. Notes the outcome on each row, sets the mode to
// stored+confirmed and the exit code (verdict step). Does nothing without such regressions.
void confirm_regressions(const CompareRequest& request, const Workspace& ws,
                         const CompareInput& input, Comparison& cmp, SuiteRunner& runner,
                         Progress& progress);

}  // namespace bg::flow
