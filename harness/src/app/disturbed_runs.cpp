// Disturbed runs in the stored compare flow (flow_parts.hpp; the rule is core's disturbance.hpp).
#include <algorithm>

#include "bench_gate/disturbance.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"
#include "flow_parts.hpp"

namespace bg::flow {
namespace {

ReferenceMedians reference_of(const std::vector<std::vector<Run>>& history,
                              const std::vector<Run>& more, Metric metric) {
  ReferenceMedians reference;
  for (const auto& commit_runs : history) {
    for (const auto& run : commit_runs) add_to_reference(reference, run, metric);
  }
  for (const auto& run : more) add_to_reference(reference, run, metric);
  return reference;
}

std::string run_name(const Run& run) { return "run " + util::short_id(run.run_id); }

// Baseline runs that were disturbed are left out; when all were, an older stored commit takes
// the baseline's place (not with --exact: the user named the baseline).
void settle_baseline(const CompareRequest& request, Baseline& baseline,
                     const ReferenceMedians& reference, Metric metric,
                     std::vector<std::string>& lines) {
  std::vector<Run> kept;
  std::vector<std::string> texts;
  for (auto& run : baseline.runs) {
    const RunDisturbance d = assess_run(run, reference, metric);
    if (d.disturbed) {
      texts.push_back(run_name(run) + ": " + d.text);
    } else {
      kept.push_back(std::move(run));
    }
  }
  if (texts.empty()) {
    baseline.runs = std::move(kept);
    return;
  }
  const std::string where = "baseline " + util::short_id(baseline.commit) + " ";
  if (!kept.empty()) {
    for (const auto& t : texts) lines.push_back(where + t + "; left out");
    baseline.runs = std::move(kept);
    return;
  }
  // Every baseline run disturbed: restore them, then use the next older commit if allowed.
  baseline.runs.clear();
  if (request.exact || baseline.history.empty()) {
    for (const auto& t : texts) {
      lines.push_back(where + t + "; kept (" +
                      (request.exact ? "--exact names the baseline"
                                     : "no older stored commit to use instead") +
                      ")");
    }
    return;  // caller restores the runs from its copy
  }
  for (const auto& t : texts) lines.push_back(where + t);
  lines.push_back("every run of baseline " + util::short_id(baseline.commit) +
                  " was disturbed; using the older " +
                  util::short_id(baseline.history.front().front().commit) + " instead");
  baseline.commit = baseline.history.front().front().commit;
  baseline.distance = baseline.history_distances.empty() ? baseline.distance + 1
                                                          : baseline.history_distances.front();
  baseline.runs = std::move(baseline.history.front());
  baseline.missing_shards.clear();
  baseline.history.erase(baseline.history.begin());
  if (!baseline.history_distances.empty())
    baseline.history_distances.erase(baseline.history_distances.begin());
}

}  // namespace

std::vector<std::string> settle_disturbances(const CompareRequest& request, const Workspace& ws,
                                             Metric metric, Baseline& baseline,
                                             std::vector<Run>& head_runs,
                                             const std::string& head_commit, bool remeasure,
                                             SuiteRunner& runner, Progress& progress) {
  std::vector<std::string> lines;
  if (metric == Metric::instructions) return lines;  // counts do not move with the machine
  // 1. History: a disturbed run does not feed the noise estimate.
  std::vector<std::string> dropped;
  std::vector<std::vector<Run>> history = drop_disturbed_history(baseline.history, metric, dropped);
  if (!dropped.empty()) {
    // Keep the distances of the commits that still have runs.
    std::vector<int> distances;
    std::size_t h = 0;
    for (std::size_t c = 0; c < baseline.history.size() && h < history.size(); ++c) {
      if (!history[h].empty() && history[h].front().commit == baseline.history[c].front().commit) {
        if (c < baseline.history_distances.size()) distances.push_back(baseline.history_distances[c]);
        ++h;
      }
    }
    baseline.history = std::move(history);
    baseline.history_distances = std::move(distances);
    for (const auto& d : dropped) lines.push_back("history " + d + "; left out of the noise estimate");
  }

  // 2. Baseline runs, against the (undisturbed) history.
  const ReferenceMedians history_reference = reference_of(baseline.history, {}, metric);
  const std::vector<Run> base_copy = baseline.runs;
  settle_baseline(request, baseline, history_reference, metric, lines);
  if (baseline.runs.empty()) baseline.runs = base_copy;

  // 3. HEAD, against the history and the baseline's runs.
  const ReferenceMedians reference = reference_of(baseline.history, baseline.runs, metric);
  std::vector<Run> undisturbed;
  std::vector<Run> disturbed;
  std::vector<std::string> texts;
  for (auto& run : head_runs) {
    const RunDisturbance d = assess_run(run, reference, metric);
    if (d.disturbed) {
      texts.push_back("HEAD " + run_name(run) + ": " + d.text);
      disturbed.push_back(std::move(run));
    } else {
      undisturbed.push_back(std::move(run));
    }
  }
  if (disturbed.empty()) {
    head_runs = std::move(undisturbed);
    return lines;
  }
  for (const auto& t : texts) lines.push_back(t);
  if (!undisturbed.empty()) {
    lines.push_back("the disturbed HEAD run(s) are left out; " +
                    std::to_string(undisturbed.size()) + " undisturbed HEAD run(s) judged");
    head_runs = std::move(undisturbed);
    return lines;
  }
  if (!remeasure) {
    lines.push_back(
        "HEAD was not re-measured (HEAD is not checked out, there is no suite command, or "
        "confirmation is off): verdicts stand on the disturbed run(s); re-run the gate");
    head_runs = std::move(disturbed);
    return lines;
  }
  const RunOptions options = request.run;
  for (int attempt = 1; attempt <= kMaxHeadRemeasures; ++attempt) {
    progress.info("HEAD run looks disturbed (" + texts.back() + "); re-measuring, attempt " +
                  std::to_string(attempt) + "/" + std::to_string(kMaxHeadRemeasures));
    RunOptions one = options;
    one.processes = 1;
    std::vector<Run> again = run_processes(ws, one, request.quiet, head_commit, runner, progress);
    Run& run = again.front();
    const RunDisturbance d = assess_run(run, reference, metric);
    if (!d.disturbed) {
      lines.push_back("re-measured HEAD (" + run_name(run) + ", attempt " +
                      std::to_string(attempt) + "): undisturbed (" + d.text +
                      "); the disturbed run(s) are left out");
      head_runs = std::move(again);
      return lines;
    }
    if (shift_reproduced(disturbed.front(), run, reference, metric)) {
      lines.push_back("re-measured HEAD (" + run_name(run) + ", attempt " +
                      std::to_string(attempt) + ") shows the same shift again (" + d.text +
                      "): it is the code, not the machine; every HEAD run judged");
      disturbed.push_back(std::move(run));
      head_runs = std::move(disturbed);
      return lines;
    }
    texts.push_back("HEAD " + run_name(run) + ": " + d.text);
    lines.push_back("re-measured HEAD (" + run_name(run) + ", attempt " + std::to_string(attempt) +
                    ") was disturbed too, differently: " + d.text);
    disturbed.push_back(std::move(run));
  }
  lines.push_back("still disturbed after " + std::to_string(kMaxHeadRemeasures) +
                  " re-measurements: verdicts stand on the disturbed runs; re-run the gate later");
  head_runs = std::move(disturbed);
  return lines;
}

std::set<std::string> sentinels(const CompareInput& input, const std::set<std::string>& suspects,
                                Metric metric, std::size_t count) {
  const ReferenceMedians reference = reference_of(input.history, input.base_runs, metric);
  std::vector<std::pair<double, std::string>> quiet;
  for (const auto& [name, medians] : reference) {
    if (suspects.count(name) || static_cast<int>(medians.size()) < kDisturbanceMinReference)
      continue;
    quiet.emplace_back(stats::stddev(medians), name);
  }
  std::sort(quiet.begin(), quiet.end());
  std::set<std::string> out;
  for (std::size_t i = 0; i < quiet.size() && i < count; ++i) out.insert(quiet[i].second);
  return out;
}

bool remeasurement_disturbed(const Run& run, const std::set<std::string>& suspects,
                             const CompareInput& input, Metric metric, std::string& text) {
  Run others = run;
  std::erase_if(others.benchmarks,
                [&](const BenchmarkResult& b) { return suspects.count(b.name) > 0; });
  const ReferenceMedians reference = reference_of(input.history, input.base_runs, metric);
  const RunDisturbance d = assess_run(others, reference, metric);
  text = d.text;
  return d.disturbed;
}

}  // namespace bg::flow
