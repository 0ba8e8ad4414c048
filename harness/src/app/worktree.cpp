// The baseline's checkout for paired measurement: a detached git worktree in a temporary
// directory, and where a suite program lives in a checkout.
#include <filesystem>

#include "bench_gate/app/process.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"
#include "flow_parts.hpp"

namespace bg::flow {
namespace {

namespace fs = std::filesystem;

}  // namespace

TempWorktree::TempWorktree(const std::string& repo_top, const std::string& commit)
    : repo_top_(repo_top), dir_("bench-gate-base"), path_(dir_.path() + "/tree") {
  ProcessResult r = run_process(
      {"git", "-C", repo_top_, "worktree", "add", "--detach", "--quiet", path_, commit}, 0);
  if (!r.started || r.exit_status != 0 || r.signal != 0) {
    throw Error(ExitCode::input_error,
                "git worktree add of " + util::short_id(commit) + " " + describe_exit(r) +
                    (r.stderr_tail.empty() ? "" : ": " + util::last_line(r.stderr_tail)));
  }
}

TempWorktree::~TempWorktree() {
  run_process({"git", "-C", repo_top_, "worktree", "remove", "--force", path_}, 60);
  run_process({"git", "-C", repo_top_, "worktree", "prune"}, 60);
}

std::string exact_filter(const std::set<std::string>& names) {
  std::string filter = "^(";
  bool first = true;
  for (const auto& n : names) {
    if (!first) filter += '|';
    filter += regex_escape(n);
    first = false;
  }
  return filter + ")$";
}

std::vector<std::string> suite_in(std::vector<std::string> argv, const std::string& tree) {
  const std::string& exe = argv[0];
  if (!exe.empty() && exe[0] != '/' &&
      (exe.find('/') != std::string::npos || fs::exists(fs::path(tree) / exe))) {
    argv[0] = (fs::path(tree) / exe).lexically_normal().string();
  }
  return argv;
}

bool program_in_tree(const std::string& exe, const std::string& top) {
  return !exe.empty() && exe[0] != '/' &&
         (exe.find('/') != std::string::npos || fs::exists(fs::path(top) / exe));
}

}  // namespace bg::flow
