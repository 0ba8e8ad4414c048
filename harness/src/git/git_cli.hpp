// Private to the git room: the git command-line tool, spawned by argv (never through a shell), for
// the one thing libgit2 cannot do: push through git's own receive side, which runs the remote's
// hooks.
#pragma once

#include <string>
#include <vector>

#include <git2.h>

namespace bg::git::detail {

struct GitRun {
  bool started = false;  // false: git could not be executed (not installed)
  int exit_status = -1;  // exit code, -1 when killed by a signal
  std::string output;    // stdout and stderr interleaved, at most the last 64 KiB
};

// Run `git args...` with stdin from /dev/null and wait for it.
GitRun run_git(const std::vector<std::string>& args);

// The receive-side hooks of `repo` that git would run on a push to it (pre-receive, update,
// reference-transaction, ...), by file name; empty when there are none. Honors core.hooksPath of
// that repository's configuration.
std::vector<std::string> receive_hooks(git_repository* repo);

}  // namespace bg::git::detail
