// Private to the git room: reading and writing notes trees at a given notes commit, and the
// compare-and-swap of a ref that every writer goes through.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench_gate/git/libgit2.hpp"
#include "bench_gate/util/error.hpp"

namespace bg::git::detail {

// Return the object id a ref points at (peeled through symbolic refs); nullopt when absent.
std::optional<git_oid> ref_tip(git_repository* repo, const std::string& ref);

// A notes tree as git reads it (git's notes.c): notes at any fan-out depth ("ab/cdef..."), every
// other entry (a README beside the notes, a non-hex path, a tree) kept by its path, never taken
// for a note.
struct NotesTree {
  struct Entry {
    git_oid id;
    git_filemode_t mode;
  };
  std::map<std::string, git_oid> notes;  // annotated commit (40 lowercase hex) -> note blob
  std::map<std::string, Entry> others;   // path ("README", "ab/README") -> non-note entry
  std::set<std::string> fanout;          // hex prefixes held as directories: "ab", "abcd" (ab/cd)
};

// Read the notes tree of the notes commit `notes_commit`. Throws bg::Error when an object of the
// tree cannot be read, or when one commit has two notes.
NotesTree read_notes_tree(git_repository* repo, const git_oid& notes_commit);

// Return the text of the note blob `blob` of commit `annotated`. Throws bg::Error naming the commit
// when the blob cannot be read (missing or corrupt object): never "no note".
std::string note_text(git_repository* repo, const std::string& annotated, const git_oid& blob);

// Return every note of the notes commit `notes_commit`: annotated id (hex) -> text.
std::map<std::string, std::string> notes_at(git_repository* repo, const git_oid& notes_commit);

// Return the note on `target` in the notes commit `notes_commit`, nullopt only when the tree holds
// none; throws bg::Error when it holds one that cannot be read.
std::optional<std::string> note_at(git_repository* repo, const git_oid& notes_commit,
                                   const git_oid& target);

// The notes of one notes commit, read as note_at reads one, keeping every tree it reads: a walk
// over many commits reads each tree once (libgit2 caches no tree over 4 KiB: the root of 1,000
// notes, the fan-out directories of 20,000 were read and inflated again for every note).
class NoteFinder {
 public:
  // Throws bg::Error when the notes commit or its tree cannot be read.
  NoteFinder(git_repository* repo, const git_oid& notes_commit);
  // As note_at.
  std::optional<std::string> note(const git_oid& target);

 private:
  const git_tree* tree(const git_oid& id);
  std::optional<git_oid> find(const git_tree* tree, const std::string& hex, std::size_t offset);

  git_repository* repo_;
  TreePtr root_;
  std::map<std::string, TreePtr> subtrees_;  // by tree id (hex)
};

// Return the user's signature, or "bench-gate <bench-gate@localhost>" when git has none.
SignaturePtr signature(git_repository* repo);

// Write `tree` and a commit of it with `parents`; return the commit id. The ref is not touched.
// Notes go where `tree.fanout` puts them (the layout git or the tree's writer chose); a directory
// that would hold more than kMaxNotesPerTree notes directly is fanned out as git does. Non-note
// entries are written back at their paths.
git_oid write_notes_commit(git_repository* repo, const NotesTree& tree,
                           const std::vector<git_oid>& parents, const std::string& message);

constexpr std::size_t kMaxNotesPerTree = 256;

enum class Cas { moved, lost_race };

// Move `ref` from `expected` (nullopt: the ref must not exist) to `target` atomically.
// Return lost_race when another writer got there first or holds the lock; retry a few times where
// a concurrent `git gc` renamed packed-refs or a lock file under us; throw on other errors, when
// `ref` is a symbolic ref, and when the ref's lock file is over 10 s old (left by a killed
// process: retrying cannot help).
Cas move_ref(git_repository* repo, const std::string& ref, const std::optional<git_oid>& expected,
             const git_oid& target, const std::string& log_message);

// True when `e` is a failure to write an object that a concurrent `git gc` / `git prune` causes for
// a moment: it removed an empty objects/xx directory between libgit2's mkdir and the rename of its
// temporary file ("failed to rename lockfile ... No such file or directory").
bool transient_write_failure(const Error& e);

// Return write(), retried a few times (with a short pause) after transient_write_failure.
template <typename Write>
auto retry_object_writes(const Write& write) -> decltype(write()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return write();
    } catch (const Error& e) {
      if (attempt >= 6 || !transient_write_failure(e)) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
  }
}

// Jittered exponential backoff between compare-and-swap attempts, bounded by a time budget that
// scales with the work: at least `budget`, and at least kAttemptsPerBudget times the longest
// attempt so far (never more than kMaxBudget).
class Backoff {
 public:
  static constexpr int kAttemptsPerBudget = 100;
  static constexpr std::chrono::minutes kMaxBudget{15};

  explicit Backoff(std::chrono::milliseconds budget = std::chrono::seconds(30));
  // Count a lost attempt and sleep before the next one; return false when the budget is spent.
  bool wait();
  // "12 attempts in 31.2 s": for the message when the budget is spent.
  std::string describe() const;

 private:
  std::chrono::milliseconds budget_;
  std::chrono::steady_clock::time_point started_, last_;
  std::chrono::steady_clock::duration longest_attempt_{};
  int lost_ = 0;
  std::chrono::microseconds step_{500};
  std::mt19937_64 random_;
};

}  // namespace bg::git::detail
