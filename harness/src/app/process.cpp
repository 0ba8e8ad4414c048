#include "bench_gate/app/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

extern char** environ;

namespace bg {
namespace {

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

struct SpawnActions {
  posix_spawn_file_actions_t actions;
  SpawnActions() { posix_spawn_file_actions_init(&actions); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions); }
};

struct SpawnAttr {
  posix_spawnattr_t attr;
  SpawnAttr() { posix_spawnattr_init(&attr); }
  ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
};

constexpr std::size_t kStderrTail = 4096;

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, int timeout_seconds,
                          const std::function<void(const std::string&)>& on_stdout_line,
                          const std::string& working_directory) {
  ProcessResult result;
  if (argv.empty() || argv[0].empty()) {
    result.start_error = "empty command";
    return result;
  }
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.start_error = std::strerror(errno);
    return result;
  }
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.start_error = std::strerror(errno);
    return result;
  }
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  SpawnActions fa;
  posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa.actions, out_write.fd, 1);
  posix_spawn_file_actions_adddup2(&fa.actions, err_write.fd, 2);
  if (!working_directory.empty()) {
    // glibc >= 2.29; a failing chdir makes posix_spawnp report its errno (start_error).
    posix_spawn_file_actions_addchdir_np(&fa.actions, working_directory.c_str());
  }
  SpawnAttr sa;
  // Own process group, so a timeout kills the suite and everything it started.
  posix_spawnattr_setflags(&sa.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&sa.attr, 0);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&sa.attr, &empty);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &fa.actions, &sa.attr, args.data(), environ);
  out_write.reset();
  err_write.reset();
  if (rc != 0) {
    result.start_error = std::strerror(rc);
    return result;
  }
  result.started = true;

  const auto start = std::chrono::steady_clock::now();
  std::string line_buffer;
  std::string err_buffer;
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    int wait_ms = 200;
    if (timeout_seconds > 0) {
      auto elapsed = std::chrono::steady_clock::now() - start;
      if (elapsed >= std::chrono::seconds(timeout_seconds)) {
        result.timed_out = true;
        ::kill(-pid, SIGKILL);
        break;
      }
    }
    pollfd fds[2];
    int n = 0;
    if (out_open) fds[n++] = {out_read.fd, POLLIN, 0};
    if (err_open) fds[n++] = {err_read.fd, POLLIN, 0};
    int ready = ::poll(fds, n, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      bool is_out = fds[i].fd == out_read.fd;
      if (got <= 0) {
        (is_out ? out_open : err_open) = false;
        continue;
      }
      if (is_out) {
        result.stdout_text.append(buf, static_cast<std::size_t>(got));
        line_buffer.append(buf, static_cast<std::size_t>(got));
        std::size_t pos;
        while ((pos = line_buffer.find('\n')) != std::string::npos) {
          if (on_stdout_line) on_stdout_line(line_buffer.substr(0, pos));
          line_buffer.erase(0, pos + 1);
        }
      } else {
        err_buffer.append(buf, static_cast<std::size_t>(got));
        if (err_buffer.size() > 2 * kStderrTail)
          err_buffer.erase(0, err_buffer.size() - kStderrTail);
      }
    }
  }
  if (!line_buffer.empty() && on_stdout_line && !result.timed_out) on_stdout_line(line_buffer);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (result.timed_out) ::kill(-pid, SIGKILL);  // stragglers of the group
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (err_buffer.size() > kStderrTail) err_buffer.erase(0, err_buffer.size() - kStderrTail);
  result.stderr_tail = err_buffer;
  return result;
}

std::string describe_exit(const ProcessResult& result) {
  if (!result.started) return "could not be started: " + result.start_error;
  if (result.timed_out) return "timed out and was killed";
  if (result.signal != 0)
    return "was killed by signal " + std::to_string(result.signal) + " (" +
           strsignal(result.signal) + ")";
  return "exited with status " + std::to_string(result.exit_status);
}

}  // namespace bg
