// The commit a reviewer knows HEAD by: on GitHub's pull_request checkout HEAD is the synthetic
// merge commit refs/pull/N/merge, and the report must name the pull request's head instead.
#include "bench_gate/util/text.hpp"
#include "flow_parts.hpp"

namespace bg::flow {

void name_head(const CompareRequest& request, const Workspace& ws, Comparison& cmp) {
  const auto head = ws.repo.commit_info(cmp.head_commit);
  if (head) cmp.head_subject = head->summary;
  if (!request.pr_head.empty()) {
    try {
      cmp.pr_head = ws.resolve(request.pr_head);  // a full id is accepted when absent (shallow)
    } catch (const Error& e) {
      throw Error(e.code(), std::string("--pr-head: ") + e.what());
    }
  } else if (head && head->parents.size() == 2 && head->parents[0] == cmp.base_commit) {
    // Conservative: exactly two parents, the first being the base commit compared against, is
    // how GitHub makes refs/pull/N/merge; any other merge is named as itself.
    cmp.pr_head = head->parents[1];
  }
  if (cmp.pr_head == cmp.head_commit) cmp.pr_head.clear();
  if (cmp.pr_head.empty()) return;
  if (const auto pr = ws.repo.commit_info(cmp.pr_head)) cmp.pr_head_subject = pr->summary;
}

}  // namespace bg::flow
