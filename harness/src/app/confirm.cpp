// Confirmation before failing: re-measure the failing-tier regressions of a stored-mode
// comparison and keep only those the re-measurement shows too. Paired with a build of the
// baseline, it also decides the failing tiers' inconclusive rows (config confirm_inconclusive).
#include <map>

#include "bench_gate/disturbance.hpp"

#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"
#include "flow_parts.hpp"

namespace bg::flow {
namespace {

using Rows = std::map<std::string, BenchmarkComparison>;

// The re-measured rows, how they were measured and how many processes or blocks that took.
struct Remeasured {
  Rows rows;
  std::string how;
  int runs = 0;
  std::vector<std::string> disturbance;  // paired blocks left out as disturbed, one line each
};

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

// Failing-tier inconclusive rows of the metric: stored runs could neither show nor exclude a
// change past the threshold. Only a paired re-measurement (base measured in the same minutes)
// can decide them; one more HEAD run leaves the baseline's between-run noise where it was.
std::set<std::string> failing_inconclusive(const Comparison& cmp) {
  std::set<std::string> out;
  for (const auto& row : cmp.benchmarks) {
    if (row.verdict == Verdict::inconclusive && row.action == TierAction::fail &&
        row.counter.empty() && !row.budget)
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
Remeasured remeasure_paired(const CompareRequest& request, const Workspace& ws,
                            const Comparison& cmp, const std::set<std::string>& suspects,
                            SuiteRunner& runner, Progress& progress) {
  PairedPlan plan;
  plan.command = request.run.command.empty() ? ws.config.suite_command : request.run.command;
  plan.baseline = cmp.baseline_commit;
  plan.only = suspects;
  plan.request = &request;
  const PairedMeasurement measured = measure_paired(plan, ws, runner, progress);
  Remeasured out;
  Comparison paired = compare_paired(measured.input);
  for (auto& row : paired.benchmarks) out.rows[row.name] = row;
  out.how = "paired with a build of " + util::short_id(cmp.baseline_commit) + ", " +
            std::to_string(measured.blocks) + " blocks";
  out.disturbance = std::move(paired.disturbance);
  out.runs = measured.blocks;
  return out;
}

// One more HEAD run combined with the stored ones. Beside the suspects it measures up to
// kSentinels of the quietest other benchmarks, which show whether this process met a disturbance
// of its own (disturbance.hpp); a disturbed re-measurement is repeated, up to kMaxHeadRemeasures
// times in all.
Remeasured remeasure_head(const CompareRequest& request, const Workspace& ws, const Comparison& cmp,
                          const CompareInput& input, const std::set<std::string>& suspects,
                          SuiteRunner& runner, Progress& progress) {
  RunOptions options = request.run;
  options.shard.clear();
  options.processes = 1;
  std::set<std::string> measured = suspects;
  std::set<std::string> watch;  // sentinels of a disturbance (none for instruction counts)
  if (input.config.metric != Metric::instructions)
    watch = sentinels(input, suspects, input.config.metric, kSentinels);
  const bool check = watch.size() >= static_cast<std::size_t>(kDisturbanceMinMoved);
  if (check) measured.insert(watch.begin(), watch.end());
  options.filter = exact_filter(measured);
  CompareInput again = input;
  NullProgress silent;
  std::string disturbed_note;
  Remeasured out;
  for (int attempt = 1;; ++attempt) {
    std::vector<Run> runs = run_processes(ws, options, request.quiet, cmp.head_commit, runner, silent);
    out.runs += static_cast<int>(runs.size());
    std::string text;
    if (check && attempt < kMaxHeadRemeasures &&
        remeasurement_disturbed(runs.front(), suspects, input, input.config.metric, text)) {
      progress.info("confirm: the re-measurement was disturbed (" + text + "); once more");
      disturbed_note += "; re-measurement " + std::to_string(attempt) + " disturbed (" + text +
                        "), repeated";
      continue;
    }
    for (Run& run : runs) again.head_runs.push_back(std::move(run));
    break;
  }
  for (auto& row : compare_runs(again).benchmarks) {
    if (suspects.count(row.name)) out.rows[row.name] = row;
  }
  out.how = "one more HEAD run combined with the stored ones" + disturbed_note;
  return out;
}

// Keep a suspect's regression when the re-measurement confirms it; else take the new row. An
// inconclusive row takes the re-measured (paired) row, whatever it says.
void settle(BenchmarkComparison& row, const Remeasured& remeasured) {
  const std::string& how = remeasured.how;
  const auto found = remeasured.rows.find(row.name);
  if (found == remeasured.rows.end()) {
    row.noise_source += "; re-measurement did not produce it, verdict stands";
    return;
  }
  const BenchmarkComparison& again = found->second;
  const Confirmation confirmation{true,          again.change,    again.ci_low,
                                  again.ci_high, remeasured.runs, how};
  if (row.verdict == Verdict::inconclusive) {
    const std::string stored = "stored runs were inconclusive (" + util::signed_percent(row.change) +
                               ", 95 % CI " + util::signed_percent(row.ci_low) + " to " +
                               util::signed_percent(row.ci_high) + "); decided by re-measurement (" +
                               how + ")";
    row = again;
    row.confirmation = confirmation;
    row.message = (row.message.empty() ? "" : row.message + "; ") + stored;
    row.noise_source += "; " + stored;
    return;
  }
  if (again.verdict == Verdict::regression) {
    row.confirmation = confirmation;
    row.noise_source += "; confirmed by re-measurement (" + how + ": " +
                        util::signed_percent(again.change) + ", 95 % CI " +
                        util::signed_percent(again.ci_low) + " to " +
                        util::signed_percent(again.ci_high) + ")";
    return;
  }
  const double stored_change = row.change;
  row = again;
  row.confirmation = confirmation;
  row.message = (row.message.empty() ? "" : row.message + "; ") + "stored runs showed " +
                util::signed_percent(stored_change) + "; not confirmed by re-measurement (" + how +
                "), which says " + verdict_name(again.verdict);
}

}  // namespace

void confirm_regressions(const CompareRequest& request, const Workspace& ws,
                         const CompareInput& input, Comparison& cmp, SuiteRunner& runner,
                         Progress& progress) {
  if (cmp.exit_code == ExitCode::suite_failed) return;
  const std::set<std::string> regressions = failing_regressions(cmp);
  const std::vector<std::string>& command =
      request.run.command.empty() ? ws.config.suite_command : request.run.command;
  const bool paired = !command.empty() && !ws.config.build_command.empty() &&
                      program_in_tree(command[0], ws.repo.workdir());
  std::set<std::string> undecided;
  if (paired && ws.config.confirm_inconclusive && why_not(request, ws, cmp).empty())
    undecided = failing_inconclusive(cmp);
  if (regressions.empty() && undecided.empty()) return;
  std::set<std::string> suspects = regressions;
  suspects.insert(undecided.begin(), undecided.end());
  if (const std::string reason = why_not(request, ws, cmp); !reason.empty()) {
    progress.info("confirm: cannot re-measure (" + reason + "); verdicts stand");
    for (auto& row : cmp.benchmarks) {
      if (suspects.count(row.name)) row.noise_source += "; not re-measured (" + reason + ")";
    }
    return;
  }
  std::string what = std::to_string(regressions.size()) + " regression(s)";
  if (!undecided.empty()) what += " and " + std::to_string(undecided.size()) + " inconclusive row(s)";
  progress.info("confirm: re-measuring " + what +
                (paired ? ", paired with a build of the baseline" : " with one more HEAD run"));
  const Remeasured remeasured =
      paired ? remeasure_paired(request, ws, cmp, suspects, runner, progress)
             : remeasure_head(request, ws, cmp, input, suspects, runner, progress);
  for (auto& row : cmp.benchmarks) {
    if (suspects.count(row.name)) settle(row, remeasured);
  }
  for (const auto& line : remeasured.disturbance) {
    progress.warning("disturbed: confirmation: " + line);
    cmp.disturbance.push_back("confirmation: " + line);
  }
  cmp.mode = CompareMode::stored_confirmed;
  cmp.exit_code = gate_exit_code(cmp.benchmarks);
  sort_rows(cmp.benchmarks);
}

}  // namespace bg::flow
