// The error contract of the process: one exception type carrying the exit code. It lives in the
// bottom room so that every room (util included) can throw it; main catches it once, prints its
// message as one line on stderr and exits with its code.
#pragma once

#include <stdexcept>
#include <string>

namespace bg {

// Exit codes of `bench-gate` (the contract CI scripts rely on; see harness/README.md).
enum class ExitCode : int {
  pass = 0,          // gate passed (warnings allowed)
  regression = 1,    // a regression in a failing tier
  input_error = 2,   // usage or input error
  no_baseline = 3,   // nothing stored to compare against
  suite_failed = 4,  // the suite crashed or benchmarks reported errors
  internal = 70,     // a bug in bench-gate (any exception that is not a bg::Error); EX_SOFTWARE
};

// The one exception type for failures that end the command. The message names the file,
// revision or field at fault; untrusted parts of it are already one-lined by the thrower.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

}  // namespace bg
