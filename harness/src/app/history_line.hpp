// Internal to app/: the stored runs along a first-parent line, as `publish` reads them (the same
// walk as `log`; to be one helper with the history branch's load_branch_history when it lands).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench_gate/app/workspace.hpp"
#include "bench_gate/report/untrusted.hpp"

namespace bg {

struct StoredLineCommit {
  std::string id;                                     // full hex object id
  std::optional<git::Repository::CommitInfo> info;    // nullopt when the object is absent
  std::optional<std::vector<Run>> runs;               // nullopt when nothing readable is stored
};

struct HistoryLine {
  std::vector<StoredLineCommit> commits;  // oldest first
  Untrusted note;  // "last N first-parent commits of REV", or where the history ends
};

// Read at most `limit` (>= 1) first-parent commits from `rev` with their stored runs. A note that
// cannot be read is a warning on stderr (one line naming the commit) and counts as absent.
HistoryLine read_history_line(const Workspace& ws, const std::string& rev, int limit);

}  // namespace bg
