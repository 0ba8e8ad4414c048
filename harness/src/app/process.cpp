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

// posix_spawnp argv in its own process group (so a timeout or a signal kills the suite and
// everything it started), stdin from /dev/null, stdout/stderr to the given pipe ends, in
// `working_directory` ("" = ours). Returns posix_spawnp's error number (0 = started).
int spawn(const std::vector<std::string>& argv, const std::string& working_directory, int out_fd,
          int err_fd, pid_t& pid) {
  SpawnActions fa;
  posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa.actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&fa.actions, err_fd, 2);
  if (!working_directory.empty()) {
    // glibc >= 2.29; a failing chdir makes posix_spawnp report its errno (start_error).
    posix_spawn_file_actions_addchdir_np(&fa.actions, working_directory.c_str());
  }
  SpawnAttr sa;
  posix_spawnattr_setflags(&sa.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&sa.attr, 0);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&sa.attr, &empty);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  return posix_spawnp(&pid, args[0], &fa.actions, &sa.attr, args.data(), environ);
}

// The read side of a running process's stdout and stderr: lines to the caller as they arrive,
// bounded tails for messages, each byte looked at once.
class Pump {
 public:
  Pump(int out_fd, int err_fd, const std::function<void(const std::string&)>& on_line)
      : out_fd_(out_fd), err_fd_(err_fd), lines_(on_line) {}

  // Wait until the process exits (true, status set) or the timeout passes (false), reading the
  // pipes meanwhile. The process is finished when it exits: a child it left behind may hold the
  // pipes open.
  bool wait(pid_t pid, int timeout_seconds, int& status) {
    const auto start = std::chrono::steady_clock::now();
    while (true) {
      const pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid || (w < 0 && errno != EINTR)) return true;
      if (timeout_seconds > 0 &&
          std::chrono::steady_clock::now() - start >= std::chrono::seconds(timeout_seconds)) {
        return false;
      }
      pollfd fds[2];
      int n = 0;
      if (out_open_) fds[n++] = {out_fd_, POLLIN, 0};
      if (err_open_) fds[n++] = {err_fd_, POLLIN, 0};
      // With both pipes closed this only waits (briefly: the exit usually follows at once).
      const int ready = ::poll(fds, static_cast<nfds_t>(n), n > 0 ? kPollMs : 10);
      if (ready < 0) continue;  // EINTR (a signal): look at the process again
      for (int i = 0; i < n; ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        if (!read_some(fds[i].fd)) (fds[i].fd == out_fd_ ? out_open_ : err_open_) = false;
      }
    }
  }

  // After the exit: take what it wrote (still in the pipes), without waiting for other holders.
  void drain() {
    for (const int fd : {out_fd_, err_fd_}) {
      if (!(fd == out_fd_ ? out_open_ : err_open_)) continue;
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
      for (std::size_t drained = 0; drained < kMaxDrain; drained += sizeof buf_) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0 || !read_some(fd)) break;
      }
    }
  }

  void finish_lines() { lines_.finish(); }
  std::string stdout_tail() { return out_tail_.take(); }
  std::string stderr_tail() { return err_tail_.take(); }

 private:
  // Read what one pipe has; false at its end.
  bool read_some(int fd) {
    ssize_t got;
    do {
      got = ::read(fd, buf_, sizeof buf_);
    } while (got < 0 && errno == EINTR);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (got <= 0) return false;
    const auto n = static_cast<std::size_t>(got);
    if (fd == out_fd_) {
      lines_.append(buf_, n);
      out_tail_.append(buf_, n);
    } else {
      err_tail_.append(buf_, n);
    }
    return true;
  }

  int out_fd_, err_fd_;
  bool out_open_ = true, err_open_ = true;
  LineSplitter lines_;
  Tail out_tail_, err_tail_;
  char buf_[65536];
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
  pid_t pid = 0;
  const int rc = spawn(argv, working_directory, out_write.fd, err_write.fd, pid);
  out_write.reset();
  err_write.reset();
  if (rc != 0) {
    result.start_error = std::strerror(rc);
    return result;
  }
  result.started = true;
  std::optional<interrupt::StoppableGroup> stop_on_signal;
  if (stoppable) stop_on_signal.emplace(pid);

  Pump pump(out_read.fd, err_read.fd, on_stdout_line);
  int status = 0;
  if (pump.wait(pid, timeout_seconds, status)) {
    pump.drain();
    pump.finish_lines();
  } else {
    result.timed_out = true;
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    ::kill(-pid, SIGKILL);  // stragglers of the group
  }
  stop_on_signal.reset();
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (stoppable && interrupt::received() != 0) result.interrupted = true;
  result.stdout_tail = pump.stdout_tail();
  result.stderr_tail = pump.stderr_tail();
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
