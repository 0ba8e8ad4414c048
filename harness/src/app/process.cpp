#include "bench_gate/app/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>

#include "bench_gate/app/interrupt.hpp"

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

constexpr std::size_t kTail = 4096;
// Most bytes read from a pipe after the process exited (a child left behind may write forever).
constexpr std::size_t kMaxDrain = std::size_t{16} << 20;
constexpr int kPollMs = 100;

// The last kTail bytes of a stream, in amortized constant time per byte.
class Tail {
 public:
  void append(const char* data, std::size_t n) {
    if (n >= kTail) {
      text_.assign(data + n - kTail, kTail);
      return;
    }
    text_.append(data, n);
    if (text_.size() > 2 * kTail) text_.erase(0, text_.size() - kTail);
  }
  std::string take() {
    if (text_.size() > kTail) text_.erase(0, text_.size() - kTail);
    return std::move(text_);
  }

 private:
  std::string text_;
};

// Splits stdout into lines for the callback, scanning each byte once; a line is cut at
// kMaxStdoutLine bytes.
class LineSplitter {
 public:
  explicit LineSplitter(const std::function<void(const std::string&)>& on_line)
      : on_line_(on_line) {}
  void append(const char* data, std::size_t n) {
    if (!on_line_) return;
    while (n > 0) {
      const void* nl = std::memchr(data, '\n', n);
      const std::size_t len =
          nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) : n;
      line_.append(data, std::min(len, kMaxStdoutLine - std::min(line_.size(), kMaxStdoutLine)));
      if (!nl) return;
      on_line_(line_);
      line_.clear();
      data += len + 1;
      n -= len + 1;
    }
  }
  void finish() {
    if (on_line_ && !line_.empty()) on_line_(line_);
    line_.clear();
  }

 private:
  const std::function<void(const std::string&)>& on_line_;
  std::string line_;
};

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, int timeout_seconds,
                          const std::function<void(const std::string&)>& on_stdout_line,
                          const std::string& working_directory, OnSignal on_signal) {
  ProcessResult result;
  if (argv.empty() || argv[0].empty()) {
    result.start_error = "empty command";
    return result;
  }
  const bool stoppable = on_signal == OnSignal::stop;
  if (stoppable && interrupt::received() != 0) {
    result.interrupted = true;
    result.start_error = "not started: bench-gate received a signal";
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
  // Own process group, so a timeout or a signal kills the suite and everything it started.
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
  std::optional<interrupt::StoppableGroup> stop_on_signal;
  if (stoppable) stop_on_signal.emplace(pid);

  const auto start = std::chrono::steady_clock::now();
  LineSplitter lines(on_stdout_line);
  Tail out_tail, err_tail;
  bool out_open = true, err_open = true;
  char buf[65536];
  // Read what one pipe has; false at its end.
  auto read_some = [&](int fd) {
    ssize_t got;
    do {
      got = ::read(fd, buf, sizeof buf);
    } while (got < 0 && errno == EINTR);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (got <= 0) return false;
    const auto n = static_cast<std::size_t>(got);
    if (fd == out_read.fd) {
      lines.append(buf, n);
      out_tail.append(buf, n);
    } else {
      err_tail.append(buf, n);
    }
    return true;
  };

  int status = 0;
  bool reaped = false;
  while (true) {
    // The process is finished when it exits: a child it left behind may hold the pipes open.
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) {
      reaped = true;
      break;
    }
    if (timeout_seconds > 0 &&
        std::chrono::steady_clock::now() - start >= std::chrono::seconds(timeout_seconds)) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    pollfd fds[2];
    int n = 0;
    if (out_open) fds[n++] = {out_read.fd, POLLIN, 0};
    if (err_open) fds[n++] = {err_read.fd, POLLIN, 0};
    // With both pipes closed this only waits (briefly: the exit usually follows at once).
    int ready = ::poll(fds, static_cast<nfds_t>(n), n > 0 ? kPollMs : 10);
    if (ready < 0) continue;  // EINTR (a signal): look at the process again
    for (int i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (!read_some(fds[i].fd)) (fds[i].fd == out_read.fd ? out_open : err_open) = false;
    }
  }
  if (reaped) {
    // Exited: take what it wrote (still in the pipes), without waiting for other holders.
    for (Fd* fd : {&out_read, &err_read}) {
      if (!(fd == &out_read ? out_open : err_open)) continue;
      ::fcntl(fd->fd, F_SETFL, ::fcntl(fd->fd, F_GETFL) | O_NONBLOCK);
      for (std::size_t drained = 0; drained < kMaxDrain; drained += sizeof buf) {
        pollfd p{fd->fd, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0 || !read_some(fd->fd)) break;
      }
    }
  } else {  // timed out and killed
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (result.timed_out) ::kill(-pid, SIGKILL);  // stragglers of the group
  stop_on_signal.reset();
  if (!result.timed_out) lines.finish();
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (stoppable && interrupt::received() != 0) result.interrupted = true;
  result.stdout_tail = out_tail.take();
  result.stderr_tail = err_tail.take();
  return result;
}

std::string describe_exit(const ProcessResult& result) {
  if (!result.started) return "could not be started: " + result.start_error;
  if (result.interrupted) {
    return "was stopped: bench-gate received signal " + std::to_string(interrupt::received()) +
           " (" + strsignal(interrupt::received()) + ")";
  }
  if (result.timed_out) return "timed out and was killed";
  if (result.signal != 0)
    return "was killed by signal " + std::to_string(result.signal) + " (" +
           strsignal(result.signal) + ")";
  return "exited with status " + std::to_string(result.exit_status);
}

}  // namespace bg
