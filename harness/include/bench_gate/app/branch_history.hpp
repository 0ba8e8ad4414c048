// The stored runs along a branch's first-parent line, and the change points found in them: what
// `log` and `changes` read (core/changepoints.hpp decides; this only loads and names commits).
#pragma once

#include "bench_gate/acceptance.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include "bench_gate/app/workspace.hpp"
#include "bench_gate/changepoints.hpp"
#include "bench_gate/model.hpp"

namespace bg {

class NameFilter;

struct BranchHistory {
  std::vector<std::string> commits;         // full ids, oldest first (at most `limit`)
  std::vector<std::vector<Run>> runs;       // per commit, shards combined; empty = nothing stored
  bool ends_at_root = false, ends_at_shallow_boundary = false;
  std::size_t recorded() const;             // commits with at least one run
};

// Walk at most `limit` first-parent commits from `start` (a commit id) and read their notes. Notes
// that cannot be read are skipped with one line each in `problems` (never an exception). Only
// benchmarks `filter` matches are kept.
BranchHistory load_branch_history(const Workspace& ws, const std::string& start, int limit,
                                  const NameFilter& filter, std::vector<std::string>& problems);

// One change point of one benchmark, with the commits it names.
struct BenchmarkChange {
  std::string name;  // untrusted text
  ChangePoint point;
  std::string before_commit, after_commit;  // full ids: the last run before, the first after
  std::vector<std::string> range;  // the commits the change may lie in: (before, after], oldest first
};

// Change points of every benchmark of `history` (sorted by the position of `after`, newest first,
// then by name), with the gate's noise floor; `resets` are commit positions where a new level
// starts by decision (none yet: the hook for accepted regressions, issue 13 item 3).
// `benchmarks`, when given, receives the number of benchmarks analysed.
// `accepted`: acknowledged regressions (acceptances.hpp) of the line's commits: a commit with an
// acceptance whose glob covers a benchmark starts a new level of that benchmark by decision (no
// change point is reported there, and the segments before and after are analysed apart).
std::vector<BenchmarkChange> branch_changes(const BranchHistory& history, const Config& config,
                                            const std::vector<std::size_t>& resets = {},
                                            std::size_t* benchmarks = nullptr,
                                            const std::vector<Acceptance>& accepted = {});

// The acceptances of the commits of `history` (trailers and `bench-gate accept`); a malformed
// trailer is a line in `problems`, not an error (landed history must not break the analysis).
std::vector<Acceptance> history_acceptances(const Workspace& ws, const BranchHistory& history,
                                            std::vector<std::string>& problems);

// Fill cmp.line_commits and cmp.change_points: HEAD's first-parent commits after the baseline
// commit (when it is on that line within `limit` commits), and the change points of the line's
// last `limit` commits that lie after it. Benchmarks `filter` does not match are left out.
void describe_line_since_baseline(const Workspace& ws, Comparison& cmp, int limit,
                                  const NameFilter& filter);

}  // namespace bg
