// Spawn a program by argv (never through a shell), stream its output, enforce a timeout.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bg {

// What a signal to bench-gate (see interrupt.hpp) does to a process it runs.
enum class OnSignal {
  finish,  // let it finish (git housekeeping, cleanups)
  stop,    // kill its process group at once, and do not start it after a signal (suite, build)
};

struct ProcessResult {
  bool started = false;       // false: the program could not be executed (see start_error)
  std::string start_error;    // e.g. "No such file or directory"
  bool timed_out = false;     // killed after the timeout
  bool interrupted = false;   // stopped (or not started) because bench-gate received a signal
  int exit_status = -1;       // exit code when it exited normally
  int signal = 0;             // the signal that ended it, else 0
  std::string stdout_tail;    // last ~4 KiB of stdout (all of it is streamed to on_stdout_line)
  std::string stderr_tail;    // last ~4 KiB of stderr
};

// Longest stdout line passed to on_stdout_line; the rest of a longer line is dropped.
inline constexpr std::size_t kMaxStdoutLine = 1 << 20;

// Run argv[0] (looked up in PATH) with argv, stdin from /dev/null, in working_directory ("" = ours),
// in its own process group. Streams its output in constant memory: calls on_stdout_line for each
// stdout line as it arrives and keeps only the tails. The process is finished when it exits, even
// if a child it left behind still holds its stdout or stderr (what is already written is read).
// Kills the whole process group after timeout_seconds (0 = never).
ProcessResult run_process(const std::vector<std::string>& argv, int timeout_seconds,
                          const std::function<void(const std::string&)>& on_stdout_line = {},
                          const std::string& working_directory = {},
                          OnSignal on_signal = OnSignal::finish);

// One-line description of how a process ended, e.g. "exited with status 3", "killed by signal 11".
std::string describe_exit(const ProcessResult& result);

}  // namespace bg
