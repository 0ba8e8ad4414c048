// SIGINT, SIGTERM and SIGHUP: stop the running suite or build (its whole process group) at once;
// while temporary worktrees or files exist, let the command unwind so that their owners remove
// them; end as the signal would have (status 128 + signal number).
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

// While any scope is alive, a signal does not end bench-gate at once: it stops the running suite
// or build and the command unwinds, so that the owner of the scope removes what it made (a
// temporary worktree or file) before bench-gate ends. Outside every scope a signal ends
// bench-gate at once, as by default (after stopping the running suite or build).
class CleanupScope {
 public:
  CleanupScope();
  CleanupScope(const CleanupScope&) = delete;
  CleanupScope& operator=(const CleanupScope&) = delete;
  ~CleanupScope();
};

// End the process as the received signal would have (default action), after the command has
// cleaned up. Does nothing when no signal was received.
void reraise_if_received();

}  // namespace bg::interrupt
