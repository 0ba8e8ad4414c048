// Private to the git room: reading and writing notes trees at a given notes commit, and the
// compare-and-swap of a ref that every writer goes through.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bench_gate/git/libgit2.hpp"

namespace bg::git::detail {

// Return the object id a ref points at (peeled through symbolic refs); nullopt when absent.
std::optional<git_oid> ref_tip(git_repository* repo, const std::string& ref);

// Return every note of the notes commit `notes_commit`: annotated id (hex) -> text.
std::map<std::string, std::string> notes_at(git_repository* repo, const git_oid& notes_commit);

// Return the note on `target` in the notes commit `notes_commit`, nullopt when there is none.
std::optional<std::string> note_at(git_repository* repo, const git_oid& notes_commit,
                                   const git_oid& target);

// Return the user's signature, or "bench-gate <bench-gate@localhost>" when git has none.
SignaturePtr signature(git_repository* repo);

// Write `notes` as a flat notes tree and a commit of it with `parents`; return the commit id.
// The ref is not touched.
git_oid write_notes_commit(git_repository* repo, const std::map<std::string, std::string>& notes,
                           const std::vector<git_oid>& parents, const std::string& message);

enum class Cas { moved, lost_race };

// Move `ref` from `expected` (nullopt: the ref must not exist) to `target` atomically.
// Return lost_race when another writer got there first or holds the lock; throw on other errors,
// and when the ref's lock file is over 10 s old (left by a killed process: retrying cannot help).
Cas move_ref(git_repository* repo, const std::string& ref, const std::optional<git_oid>& expected,
             const git_oid& target, const std::string& log_message);

// Jittered exponential backoff bounded by a total time budget.
class Backoff {
 public:
  explicit Backoff(std::chrono::milliseconds budget = std::chrono::seconds(30));
  // Sleep before the next attempt; return false when the budget is spent.
  bool wait();

 private:
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::microseconds step_{500};
  std::mt19937_64 random_;
};

}  // namespace bg::git::detail
