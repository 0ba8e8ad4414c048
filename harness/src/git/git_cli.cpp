#include "git_cli.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "bench_gate/git/libgit2.hpp"

extern char** environ;

namespace bg::git::detail {

GitRun run_git(const std::vector<std::string>& args) {
  GitRun run;
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return run;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  std::vector<std::string> owned{"git"};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : owned) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    return run;
  }
  run.started = true;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    run.output.append(buffer, static_cast<std::size_t>(n));
    if (run.output.size() > 128 * 1024) run.output.erase(0, run.output.size() - 64 * 1024);
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::vector<std::string> receive_hooks(git_repository* repo) {
  Buf default_dir;
  std::filesystem::path hooks_dir;
  if (git_repository_item_path(&default_dir.buf, repo, GIT_REPOSITORY_ITEM_HOOKS) == 0) {
    hooks_dir = default_dir.str();
  }
  git_config* raw_config = nullptr;
  if (git_repository_config_snapshot(&raw_config, repo) == 0) {
    Buf configured;
    if (git_config_get_path(&configured.buf, raw_config, "core.hooksPath") == 0) {
      // Hooks run on a push are run in $GIT_DIR: a relative core.hooksPath is relative to it.
      const std::filesystem::path path = configured.str();
      hooks_dir =
          path.is_absolute() ? path : std::filesystem::path(git_repository_path(repo)) / path;
    }
    git_config_free(raw_config);
  }
  git_error_clear();
  std::vector<std::string> found;
  for (const char* name : {"pre-receive", "update", "proc-receive", "reference-transaction",
                           "post-receive", "post-update", "push-to-checkout"}) {
    const std::filesystem::path hook = hooks_dir / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(hook, ec) && access(hook.c_str(), X_OK) == 0) {
      found.emplace_back(name);
    }
  }
  return found;
}

}  // namespace bg::git::detail
