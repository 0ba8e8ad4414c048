// Git notes on one notes ref (e.g. refs/notes/bench-gate) as a concurrent-safe key/value store:
// commit id -> opaque note text. Writers never lose each other's updates.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench_gate/git/repository.hpp"

namespace bg::git {

namespace detail {
class NoteFinder;
}

class NotesStore {
 public:
  // The notes of the ref as they were when snapshot() made it (a walk reads one consistent
  // state), each tree of the notes tree read once: for reading many notes (log, changes).
  class Snapshot {
   public:
    Snapshot(Snapshot&&) noexcept;
    Snapshot& operator=(Snapshot&&) noexcept;
    ~Snapshot();
    // As NotesStore::read.
    std::optional<std::string> read(const std::string& commit_id) const;

   private:
    friend class NotesStore;
    Snapshot();
    std::unique_ptr<detail::NoteFinder> finder_;  // null when the ref does not exist
  };

  // Use `notes_ref` (a full ref name such as "refs/notes/bench-gate") of `repo`, which must
  // outlive the store and stay where it is (not moved from).
  NotesStore(const Repository& repo, std::string notes_ref);

  const std::string& notes_ref() const { return notes_ref_; }

  // Return the note text attached to commit_id (full hex id); nullopt only when there is none.
  // Throws bg::Error naming the commit when its note exists but cannot be read.
  std::optional<std::string> read(const std::string& commit_id) const;
  // Throws bg::Error when the ref's notes commit or its tree cannot be read.
  Snapshot snapshot() const;

  // Return every (annotated commit id, note text), sorted by id. The tree is read as git reads
  // it: fan-out directories followed, non-note entries (a README) never taken for notes.
  std::vector<std::pair<std::string, std::string>> read_all() const;

  // Set the note of commit_id to fn(current text or nullopt) atomically: a new notes commit on
  // top of the ref's tip, then a compare-and-swap of the ref, retried with jittered backoff while
  // other writers move it (for at least 30 s, longer when each attempt is slow: see Backoff). fn
  // may run several times and must be pure. Nothing is written when fn returns the current text.
  // Throws bg::Error when the ref stays contended, is a symbolic ref, the current note cannot be
  // read, or the text holds a NUL byte (libgit2's note API takes C strings; update_many does not).
  void update(const std::string& commit_id,
              const std::function<std::string(const std::optional<std::string>&)>& fn,
              const std::string& message);

  // Entries of the notes tree that are not notes (git keeps them beside the notes: readers that
  // do not know them ignore them, and every writer, `git notes` and sync keep them). add_entry
  // writes `text` at the top-level path `prefix` + its blob id (so equal texts share one path and
  // two writers never collide) in one compare-and-swap, and returns that path; `prefix` must not
  // be hex (it would read as a note). read_entries returns (path, text) of every top-level blob
  // whose name starts with `prefix`, sorted by path.
  std::string add_entry(const std::string& prefix, const std::string& text,
                        const std::string& message);
  std::vector<std::pair<std::string, std::string>> read_entries(const std::string& prefix) const;

  // As update, for many commits in one notes commit: fn gets every current note and returns
  // the notes to set (notes it does not return are kept as they are).
  void update_many(const std::function<std::map<std::string, std::string>(
                       const std::map<std::string, std::string>& current)>& fn,
                   const std::string& message);

 private:
  const Repository* repo_;
  std::string notes_ref_;
};

}  // namespace bg::git
