#include "bench_gate/app/branch_history.hpp"

#include <algorithm>

#include "bench_gate/app/acceptances.hpp"
#include "bench_gate/app/name_filter.hpp"
#include "bench_gate/config.hpp"

namespace bg {

std::size_t BranchHistory::recorded() const {
  return static_cast<std::size_t>(
      std::count_if(runs.begin(), runs.end(), [](const auto& r) { return !r.empty(); }));
}

BranchHistory load_branch_history(const Workspace& ws, const std::string& start, int limit,
                                  const NameFilter& filter, std::vector<std::string>& problems) {
  git::Repository::History line = ws.repo.first_parent_history(start, limit);
  if (line.commits.empty()) line.commits.push_back(start);
  BranchHistory out;
  out.ends_at_root = line.ends_at_root;
  out.ends_at_shallow_boundary = line.ends_at_shallow_boundary;
  out.commits.assign(line.commits.rbegin(), line.commits.rend());  // oldest first
  out.runs.resize(out.commits.size());
  const git::NotesStore::Snapshot notes = ws.notes.snapshot();
  for (std::size_t c = 0; c < out.commits.size(); ++c) {
    auto runs = ws.runs_of(notes, out.commits[c], nullptr, &problems);
    if (!runs) continue;
    if (!filter.empty()) {
      for (auto& run : *runs)
        std::erase_if(run.benchmarks, [&](const auto& b) { return !filter.matches(b.name); });
    }
    out.runs[c] = std::move(*runs);
  }
  return out;
}

std::vector<BenchmarkChange> branch_changes(const BranchHistory& history, const Config& config,
                                            const std::vector<std::size_t>& resets,
                                            std::size_t* benchmarks,
                                            const std::vector<Acceptance>& accepted) {
  ChangePointOptions options = change_point_options(config);
  // Commit positions of the acceptances, once.
  std::vector<std::pair<const Acceptance*, std::size_t>> accepted_at;
  for (const auto& a : accepted) {
    const auto at = std::find(history.commits.begin(), history.commits.end(), a.commit);
    if (at != history.commits.end())
      accepted_at.emplace_back(&a, static_cast<std::size_t>(at - history.commits.begin()));
  }
  std::vector<BenchmarkChange> out;
  const auto all = history_series(history.runs, config.metric);
  if (benchmarks) *benchmarks = all.size();
  for (const auto& [name, series] : all) {
    options.resets = resets;
    for (const auto& [a, position] : accepted_at) {
      if (glob_match(a->glob, name)) options.resets.push_back(position);
    }
    std::sort(options.resets.begin(), options.resets.end());
    options.resets.erase(std::unique(options.resets.begin(), options.resets.end()),
                         options.resets.end());
    for (const ChangePoint& cp : find_change_points(series, options)) {
      BenchmarkChange change{name, cp, history.commits[cp.before], history.commits[cp.after], {}};
      for (std::size_t c = cp.before + 1; c <= cp.after; ++c)
        change.range.push_back(history.commits[c]);
      out.push_back(std::move(change));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.point.after > b.point.after;
  });
  return out;
}

void describe_line_since_baseline(const Workspace& ws, Comparison& cmp, int limit,
                                  const NameFilter& filter) {
  if (cmp.baseline_commit.empty() || cmp.head_commit.empty()) return;
  std::vector<std::string> problems;  // unreadable notes: compare itself has said so
  const BranchHistory history = load_branch_history(ws, cmp.head_commit, limit, filter, problems);
  const auto at = std::find(history.commits.begin(), history.commits.end(), cmp.baseline_commit);
  if (at == history.commits.end()) return;  // not on HEAD's first-parent line
  const std::size_t baseline = static_cast<std::size_t>(at - history.commits.begin());
  for (std::size_t c = history.commits.size(); c-- > baseline + 1;) {
    auto info = ws.repo.commit_info(history.commits[c]);
    cmp.line_commits.push_back({history.commits[c], info ? info->summary : std::string()});
  }
  const auto accepted = history_acceptances(ws, history, problems);
  for (const auto& change : branch_changes(history, ws.config, {}, nullptr, accepted)) {
    if (change.point.after <= baseline) continue;
    cmp.change_points.push_back({change.name, change.point.change, change.point.ci_low,
                                 change.point.ci_high, change.point.p_value, change.before_commit,
                                 change.after_commit, static_cast<int>(change.range.size())});
  }
}

std::vector<Acceptance> history_acceptances(const Workspace& ws, const BranchHistory& history,
                                            std::vector<std::string>& problems) {
  return acceptances_in_with(ws, history.commits, stored_acceptances(ws), &problems);
}

}  // namespace bg
