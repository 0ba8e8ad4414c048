// Spawn a program by argv (never through a shell), stream its output, enforce a timeout.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bg {

struct ProcessResult {
  bool started = false;       // false: the program could not be executed (see start_error)
  std::string start_error;    // e.g. "No such file or directory"
  bool timed_out = false;     // killed after the timeout
  int exit_status = -1;       // exit code when it exited normally
  int signal = 0;             // the signal that ended it, else 0
  std::string stdout_text;    // whole stdout (also streamed to on_stdout_line)
  std::string stderr_tail;    // last ~4 KiB of stderr
};

// Run argv[0] (looked up in PATH) with argv, stdin from /dev/null, in working_directory ("" = ours).
// Calls on_stdout_line for each complete stdout line as it arrives. Kills the whole process group
// after timeout_seconds (0 = never).
ProcessResult run_process(const std::vector<std::string>& argv, int timeout_seconds,
                          const std::function<void(const std::string&)>& on_stdout_line = {},
                          const std::string& working_directory = {});

// One-line description of how a process ended, e.g. "exited with status 3", "killed by signal 11".
std::string describe_exit(const ProcessResult& result);

}  // namespace bg
