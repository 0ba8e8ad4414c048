// Confirmation before failing: re-measure the failing-tier regressions of a stored-mode
// comparison and keep only those the re-measurement shows too.
#include <map>

#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"
#include "flow_parts.hpp"

namespace bg::flow {
namespace {

using Rows = std::map<std::string, BenchmarkComparison>;

// Failing-tier regressions of the metric. Counter rows and broken budgets are not re-measured:
// a re-measurement compares the metric, and a budget is judged on head's own interval.
std::set<std::string> failing_regressions(const Comparison& cmp) {
  std::set<std::string> out;
  for (const auto& row : cmp.benchmarks) {
    if (row.verdict == Verdict::regression && row.action == TierAction::fail &&
        row.counter.empty() && row.budget_verdict != BudgetVerdict::broken)
      out.insert(row.name);
  }
  return out;
}

// Why the suspects cannot be re-measured, or "" when they can.
std::string why_not(const CompareRequest& request, const Workspace& ws, const Comparison& cmp) {
  if (!ws.is_checked_out(cmp.head_commit)) return "HEAD is not the checked-out commit";
  if (request.run.command.empty() && ws.config.suite_command.empty()) return "no suite command";
  return "";
}

// Paired against a build of the baseline: the re-measured rows and how.
Rows remeasure_paired(const CompareRequest& request, const Workspace& ws, const Comparison& cmp,
                      const std::set<std::string>& suspects, SuiteRunner& runner,
                      Progress& progress, std::string& how) {
  PairedPlan plan;
  plan.command = request.run.command.empty() ? ws.config.suite_command : request.run.command;
  plan.baseline = cmp.baseline_commit;
  plan.only = suspects;
  plan.request = &request;
  const PairedMeasurement measured = measure_paired(plan, ws, runner, progress);
  Rows rows;
  for (auto& row : compare_paired(measured.input).benchmarks) rows[row.name] = row;
  how = "paired with a build of " + util::short_id(cmp.baseline_commit) + ", " +
        std::to_string(measured.blocks) + " blocks";
  return rows;
}

// One more HEAD run combined with the stored ones.
Rows remeasure_head(const CompareRequest& request, const Workspace& ws, const Comparison& cmp,
                    const CompareInput& input, const std::set<std::string>& suspects,
                    SuiteRunner& runner, std::string& how) {
  RunOptions options = request.run;
  options.filter = exact_filter(suspects);
  options.shard.clear();
  options.processes = 1;
  CompareInput again = input;
  NullProgress silent;
  for (Run& run : run_processes(ws, options, request.quiet, cmp.head_commit, runner, silent))
    again.head_runs.push_back(std::move(run));
  Rows rows;
  for (auto& row : compare_runs(again).benchmarks) {
    if (suspects.count(row.name)) rows[row.name] = row;
  }
  how = "one more HEAD run combined with the stored ones";
  return rows;
}

// Keep a suspect's regression when the re-measurement confirms it; else take the new row.
void settle(BenchmarkComparison& row, const Rows& remeasured, const std::string& how) {
  const auto found = remeasured.find(row.name);
  if (found == remeasured.end()) {
    row.noise_source += "; re-measurement did not produce it, verdict stands";
    return;
  }
  const BenchmarkComparison& again = found->second;
  if (again.verdict == Verdict::regression) {
    row.noise_source += "; confirmed by re-measurement (" + how + ": " +
                        util::signed_percent(again.change) + ", 95 % CI " +
                        util::signed_percent(again.ci_low) + " to " +
                        util::signed_percent(again.ci_high) + ")";
    return;
  }
  const double stored_change = row.change;
  row = again;
  row.message = (row.message.empty() ? "" : row.message + "; ") + "stored runs showed " +
                util::signed_percent(stored_change) + "; not confirmed by re-measurement (" + how +
                "), which says " + verdict_name(again.verdict);
}

}  // namespace

void confirm_regressions(const CompareRequest& request, const Workspace& ws,
                         const CompareInput& input, Comparison& cmp, SuiteRunner& runner,
                         Progress& progress) {
  if (cmp.exit_code != ExitCode::regression) return;
  const std::set<std::string> suspects = failing_regressions(cmp);
  if (suspects.empty()) return;
  if (const std::string reason = why_not(request, ws, cmp); !reason.empty()) {
    progress.info("confirm: cannot re-measure (" + reason + "); verdicts stand");
    for (auto& row : cmp.benchmarks) {
      if (suspects.count(row.name)) row.noise_source += "; not re-measured (" + reason + ")";
    }
    return;
  }
  const std::vector<std::string>& command =
      request.run.command.empty() ? ws.config.suite_command : request.run.command;
  const bool paired =
      !ws.config.build_command.empty() && program_in_tree(command[0], ws.repo.workdir());
  progress.info("confirm: re-measuring " + std::to_string(suspects.size()) + " regression(s)" +
                (paired ? ", paired with a build of the baseline" : " with one more HEAD run"));
  std::string how;
  const Rows remeasured =
      paired ? remeasure_paired(request, ws, cmp, suspects, runner, progress, how)
             : remeasure_head(request, ws, cmp, input, suspects, runner, how);
  for (auto& row : cmp.benchmarks) {
    if (suspects.count(row.name)) settle(row, remeasured, how);
  }
  cmp.mode = CompareMode::stored_confirmed;
  cmp.exit_code = gate_exit_code(cmp.benchmarks);
  sort_rows(cmp.benchmarks);
}

}  // namespace bg::flow
