// The compare-and-swap of a ref that every writer of the notes store goes through, and the
// backoff between attempts (see notes_tree.hpp).
#include "notes_tree.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <thread>

#include "bench_gate/util/error.hpp"

namespace bg::git::detail {
namespace {

// A ref lock is held for microseconds; one this old was left by a killed process (or a hung one).
constexpr auto kStaleLock = std::chrono::seconds(10);

// Throw when `ref`'s lock file exists and is older than kStaleLock: waiting cannot help, and git
// never removes a lock on its own, so say which file to remove.
void throw_if_stale_lock(git_repository* repo, const std::string& ref) {
  const std::filesystem::path lock =
      std::filesystem::path(git_repository_commondir(repo)) / (ref + ".lock");
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(lock, ec);
  if (ec) return;  // gone already: an ordinary race
  const auto age = std::filesystem::file_time_type::clock::now() - written;
  if (age < kStaleLock) return;
  throw Error(ExitCode::input_error,
              "cannot update " + ref + ": its lock file " + lock.lexically_normal().string() +
                  " is " +
                  std::to_string(std::chrono::duration_cast<std::chrono::seconds>(age).count()) +
                  " s old (a git or bench-gate process was killed while writing, or still runs); "
                  "remove it if no such process is running");
}

// Throw when `ref` is a symbolic ref: a compare-and-swap on it can never succeed, and retrying
// would blame other writers for 30 s.
void throw_if_symbolic(git_repository* repo, const std::string& ref) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo, ref.c_str()) < 0) {
    git_error_clear();
    return;
  }
  ReferencePtr held(raw);
  if (git_reference_type(held.get()) != GIT_REFERENCE_SYMBOLIC) return;
  const char* points_to = git_reference_symbolic_target(held.get());
  throw Error(ExitCode::input_error,
              "cannot update " + ref + ": it is a symbolic ref (to " +
                  std::string(points_to != nullptr ? points_to : "?") +
                  "); bench-gate writes only a direct ref: delete it with `git symbolic-ref "
                  "--delete " +
                  ref + "` or pass --notes-ref with the ref it points to");
}

// A failure that a concurrent `git gc` / `git pack-refs` causes for a moment: the packed-refs
// file or a lock file renamed or removed under us.
bool transient_ref_failure(int rc) {
  if (rc != GIT_ERROR) return false;
  const std::string message = last_error_message();
  for (const char* word : {"lock", "rename", "packed-refs", "No such file"}) {
    if (message.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::optional<git_oid> ref_tip(git_repository* repo, const std::string& ref) {
  git_oid id;
  const int rc = git_reference_name_to_id(&id, repo, ref.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot read ref " + ref);
  return id;
}

bool transient_write_failure(const Error& e) {
  const std::string_view message = e.what();
  return message.find("failed to rename lockfile") != std::string_view::npos ||
         message.find("failed to create temporary file") != std::string_view::npos ||
         message.find("failed to make directory") != std::string_view::npos;
}

Cas move_ref(git_repository* repo, const std::string& ref, const std::optional<git_oid>& expected,
             const git_oid& target, const std::string& log_message) {
  // The old value is compared under the ref's lock. A zero id means "must not exist": plain
  // git_reference_create(force=0) checks that before taking the lock, so two creators could
  // both win and one update would be lost.
  git_oid zero{};
  const git_oid& old_value = expected ? *expected : zero;
  constexpr int kTransientTries = 6;
  for (int attempt = 1;; ++attempt) {
    git_reference* raw = nullptr;
    const int rc = git_reference_create_matching(&raw, repo, ref.c_str(), &target, 1, &old_value,
                                                 log_message.c_str());
    ReferencePtr moved(raw);
    if (rc == GIT_ELOCKED) throw_if_stale_lock(repo, ref);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
      git_error_clear();
      throw_if_symbolic(repo, ref);
      return Cas::lost_race;
    }
    if (rc < 0 && attempt < kTransientTries && transient_ref_failure(rc)) {
      git_error_clear();
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
      continue;
    }
    check(rc, "cannot update ref " + ref);
    return Cas::moved;
  }
}

Backoff::Backoff(std::chrono::milliseconds budget)
    : budget_(budget),
      started_(std::chrono::steady_clock::now()),
      last_(started_),
      random_(std::random_device{}()) {}

bool Backoff::wait() {
  const auto now = std::chrono::steady_clock::now();
  longest_attempt_ = std::max(longest_attempt_, now - last_);
  ++lost_;
  // The budget grows with the work: a writer whose every attempt takes seconds (a large note, a
  // loaded machine) gets as many attempts as one whose attempts take milliseconds.
  const auto allowed = std::min<std::chrono::steady_clock::duration>(
      std::max<std::chrono::steady_clock::duration>(budget_, kAttemptsPerBudget * longest_attempt_),
      kMaxBudget);
  if (now - started_ >= allowed) return false;
  std::uniform_int_distribution<long> jitter(0, step_.count());
  std::this_thread::sleep_for(std::chrono::microseconds(step_.count() / 2 + jitter(random_)));
  step_ = std::min(step_ * 2, std::chrono::microseconds(100'000));
  last_ = std::chrono::steady_clock::now();
  return true;
}

std::string Backoff::describe() const {
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  char text[96];
  std::snprintf(text, sizeof text, "%d attempts in %.1f s", lost_, seconds);
  return text;
}

}  // namespace bg::git::detail
