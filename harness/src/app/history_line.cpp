// read_history_line: the first-parent line and its stored runs (publish).
#include "history_line.hpp"

#include <algorithm>
#include <iostream>

namespace bg {

HistoryLine read_history_line(const Workspace& ws, const std::string& rev, int limit) {
  const std::string start = ws.resolve(rev);
  git::Repository::History line = ws.repo.first_parent_history(start, limit);
  if (line.commits.empty()) line.commits.push_back(start);
  std::reverse(line.commits.begin(), line.commits.end());  // oldest first

  HistoryLine out;
  std::vector<std::string> problems;
  std::size_t reported = 0;
  for (const std::string& commit : line.commits) {
    StoredLineCommit& c = out.commits.emplace_back();
    c.id = commit;
    c.info = ws.repo.commit_info(commit);
    c.runs = ws.runs_of(commit, nullptr, &problems);
    for (; reported < problems.size(); ++reported)
      std::cerr << "bench-gate: warning: " << Untrusted(problems[reported]).one_line() << "\n";
  }
  const std::string count = std::to_string(line.commits.size());
  if (line.ends_at_shallow_boundary) {
    out.note = Untrusted("history ends at the shallow clone boundary after " + count +
                         " commits; fetch more with `git fetch --deepen=N`");
  } else if (line.ends_at_root) {
    out.note = Untrusted("history ends at the root commit");
  } else {
    out.note = Untrusted("last " + count + " first-parent commits of " + rev);
  }
  return out;
}

}  // namespace bg
