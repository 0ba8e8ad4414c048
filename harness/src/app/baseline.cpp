// The baseline of a pull request: the merge-base of BASE and HEAD, walked back along its
// first-parent line to the nearest commit with stored runs.
#include "flow_parts.hpp"

#include <utility>

#include "bench_gate/acceptance.hpp"
#include "bench_gate/app/acceptances.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"

namespace bg::flow {

Start baseline_start(const CompareRequest& request, const Workspace& ws,
                     const std::string& base_commit, const std::string& head_commit,
                     Progress& progress) {
  if (request.exact) return {base_commit, ""};
  if (auto mb = ws.repo.merge_base(base_commit, head_commit)) return {*mb, *mb};
  // A shallow CI checkout (fetch-depth: 1) is expected to lack the merge-base: say nothing there.
  if (ws.repo.is_shallow()) return {base_commit, ""};
  progress.info("no merge-base of " + request.base + " and " + request.head +
                " in local history; using " + request.base + " itself");
  return {base_commit, ""};
}

namespace {

[[noreturn]] void no_baseline(const CompareRequest& request, const Workspace& ws,
                              const std::string& start, int max_distance) {
  const std::string id = util::short_id(start);
  const std::string& ref = ws.config.notes_ref;
  throw Error(ExitCode::no_baseline,
              "no stored run for " + util::one_line_text(request.base) + " (" + id + ")" +
                  (request.exact ? "" : " or its " + std::to_string(max_distance) +
                                            " first-parent ancestors") +
                  " on " + ref + "; record one with `bench-gate record " + id +
                  " --input results.json` or fetch it with `git fetch origin " + ref + ":" +
                  ref + "`");
}

// Add the acceptances of `commit` (trailers and stored ones) to `out`.
void append_acceptances(const Workspace& ws, const std::string& commit,
                        const std::vector<Acceptance>& stored, std::vector<Acceptance>& out,
                        std::vector<std::string>& warnings) {
  for (auto& a : acceptances_in_with(ws, {commit}, stored, &warnings)) out.push_back(std::move(a));
}

}  // namespace

Baseline find_baseline(const CompareRequest& request, const Workspace& ws, const Start& start,
                       std::vector<std::string>& problems) {
  const int max_distance =
      request.max_distance >= 0 ? request.max_distance : ws.config.max_baseline_distance;
  const int history_wanted = ws.config.history_runs;
  const int reach = request.exact ? 0 : max_distance;
  git::Repository::History line =
      ws.repo.first_parent_history(start.commit, reach + 1 + 3 * history_wanted);
  if (line.commits.empty()) line.commits.push_back(start.commit);
  Baseline found;
  bool have = false;
  // Acceptances on the baseline or between two history commits: older runs of the benchmarks
  // they cover measured another level (acceptance.hpp), so their history ends there.
  const std::vector<Acceptance> stored = stored_acceptances(ws);
  std::vector<std::vector<Acceptance>> accepted_at;
  std::vector<Acceptance> pending;
  for (std::size_t i = 0; i < line.commits.size(); ++i) {
    const std::string& c = line.commits[i];
    if (!have && static_cast<int>(i) > reach) break;
    std::vector<std::string> missing;
    auto runs = ws.runs_of(c, have ? nullptr : &missing, &problems);
    if (!runs) {
      if (request.exact && !have) break;
      if (have) append_acceptances(ws, c, stored, pending, found.warnings);
      continue;
    }
    if (!have) {
      found.commit = c;
      found.distance = static_cast<int>(i);
      found.runs = std::move(*runs);
      found.missing_shards = std::move(missing);
      have = true;
      append_acceptances(ws, c, stored, pending, found.warnings);
    } else {
      accepted_at.push_back(std::exchange(pending, {}));
      append_acceptances(ws, c, stored, pending, found.warnings);
      found.history.push_back(std::move(*runs));
      found.history_distances.push_back(static_cast<int>(i));
      if (static_cast<int>(found.history.size()) >= history_wanted) break;
    }
  }
  if (!have) no_baseline(request, ws, start.commit, max_distance);
  cut_history_at_acceptances(found.history, accepted_at);
  return found;
}

}  // namespace bg::flow
