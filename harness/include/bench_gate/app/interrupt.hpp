// SIGINT, SIGTERM and SIGHUP: stop the running suite or build (its whole process group) at once,
// let the command unwind so that every temporary worktree and file is removed by its owner, and
// end with the signal's conventional status (128 + signal number).
#pragma once

#include <sys/types.h>

namespace bg::interrupt {

// Install the handlers (once, at start). A signal that was ignored when bench-gate started (a
// background job of a non-interactive shell) stays ignored.
void install_handlers();

// The first signal received, 0 when none.
int received();

// While alive, a signal kills process group `pgid` (SIGKILL). If a signal came already, kills it
// at once. One group at a time: the suite or build bench-gate is waiting for.
class StoppableGroup {
 public:
  explicit StoppableGroup(pid_t pgid);
  StoppableGroup(const StoppableGroup&) = delete;
  StoppableGroup& operator=(const StoppableGroup&) = delete;
  ~StoppableGroup();
};

// End the process as the received signal would have (default action), after the command has
// cleaned up. Does nothing when no signal was received.
void reraise_if_received();

}  // namespace bg::interrupt
