#include "bench_gate/app/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>

namespace bg::interrupt {
namespace {

// Process-wide by nature: a signal handler can reach nothing else. Lock-free atomics only, so the
// handler stays async-signal-safe.
std::atomic<int> g_signal{0};
std::atomic<pid_t> g_group{0};
std::atomic<int> g_cleanup_scopes{0};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<pid_t>::is_always_lock_free);

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_signal(int signo) {
  int none = 0;
  g_signal.compare_exchange_strong(none, signo);
  const pid_t group = g_group.load();
  if (group > 0) ::kill(-group, SIGKILL);
  if (g_cleanup_scopes.load() == 0) {
    // Nothing to clean up: end now. The signal is delivered again when the handler returns.
    struct sigaction sa {};
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    ::sigaction(signo, &sa, nullptr);
    ::raise(signo);
  }
}

}  // namespace

void install_handlers() {
  for (int signo : kSignals) {
    struct sigaction old {};
    if (::sigaction(signo, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(signo, &sa, nullptr);
  }
}

int received() { return g_signal.load(); }

StoppableGroup::StoppableGroup(pid_t pgid) {
  g_group.store(pgid);
  if (g_signal.load() != 0) ::kill(-pgid, SIGKILL);  // the signal came before the store
}

StoppableGroup::~StoppableGroup() { g_group.store(0); }

CleanupScope::CleanupScope() { g_cleanup_scopes.fetch_add(1); }

CleanupScope::~CleanupScope() { g_cleanup_scopes.fetch_sub(1); }

void reraise_if_received() {
  const int signo = g_signal.load();
  if (signo == 0) return;
  struct sigaction sa {};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  ::sigaction(signo, &sa, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signo);
  ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(signo);
  ::_exit(128 + signo);  // SIGHUP/INT/TERM terminate by default; this is never reached
}

}  // namespace bg::interrupt
