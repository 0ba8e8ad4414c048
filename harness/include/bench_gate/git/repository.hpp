// A git repository opened with libgit2: revision resolution, merge-bases and first-parent history,
// tolerant of shallow clones (missing history ends a walk instead of failing it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_gate/git/libgit2.hpp"

namespace bg::git {

// One open repository. Not thread-safe: use one Repository per thread (libgit2's rule).
class Repository {
 public:
  // Open the repository containing `start_path`, walking up like git does.
  // Throws bg::Error "not a git repository: <path>".
  static Repository discover(const std::string& start_path);
  // Open the repository at `path` (work tree, .git directory or bare repository).
  static Repository open(const std::string& path);

  std::string workdir() const;  // work tree without trailing slash, "" for bare
  bool is_bare() const;
  bool is_shallow() const;
  std::string git_dir() const;  // .git directory (or bare repository) without trailing slash

  // Resolve any revparse syntax to the full hex id of the commit it names (tags peeled). A full
  // 40-hex id is accepted even when the object is absent (shallow clone). Throws bg::Error
  // "unknown revision 'x'", "ambiguous revision 'x'" or "revision 'x' is not a commit".
  std::string resolve_commit(std::string_view rev) const;

  // Return the commit HEAD points at; nullopt on an unborn branch.
  std::optional<std::string> head_commit() const;

  // Return the best common ancestor of two commits (ids or revisions); nullopt when there is
  // none or the history needed to find it is missing (shallow clone).
  std::optional<std::string> merge_base(const std::string& a, const std::string& b) const;

  struct History {
    std::vector<std::string> commits;       // start first, then first parents
    bool ends_at_shallow_boundary = false;  // the next first parent is not in the repository
    bool ends_at_root = false;              // the last commit has no parent
  };
  // Walk at most `limit` commits from `start` (id or revision) along first parents, stopping
  // cleanly where objects are missing. An absent start gives no commits and the boundary flag.
  History first_parent_history(const std::string& start, int limit) const;

  struct CommitInfo {
    std::string id, summary, author, time_iso;  // author "Name <email>", author time in UTC
    std::vector<std::string> parents;  // full ids as the commit records them (present or not)
    long long commit_time = 0;                   // committer time, seconds since the epoch
  };
  // Describe a commit; nullopt if the object is absent.
  std::optional<CommitInfo> commit_info(const std::string& id) const;

  // The trailers of a commit's message as git parses them (`git interpret-trailers --parse`,
  // libgit2's git_message_trailers): (key, value) in message order; {} when the object is absent.
  std::vector<std::pair<std::string, std::string>> trailers(const std::string& id) const;

  // The commits reachable from `head` and not from `hide` (`git rev-list hide..head`), newest
  // first, at most `limit`; stops cleanly where history is missing (shallow clone).
  std::vector<std::string> commits_between(const std::string& hide, const std::string& head,
                                           int limit) const;

  // Whether `ancestor` is `commit` or one of its ancestors.
  bool is_ancestor(const std::string& ancestor, const std::string& commit) const;

  // The tracked file (in the index) of the work tree modified last, and its modification time
  // (seconds since the epoch); nullopt for a bare repository or an empty index. Files missing
  // from the work tree are skipped.
  struct NewestFile {
    std::string path;  // relative to the work tree
    long long mtime = 0;
  };
  std::optional<NewestFile> newest_tracked_file() const;

  // "Name <email>" of git's configured user (user.name, user.email); "" when none is set.
  std::string user() const;

  // Whether tracked files of the work tree or the index differ from HEAD (untracked and
  // ignored files do not count: build output lives there).
  bool has_local_changes() const;

  git_repository* raw() const { return repo_.get(); }

 private:
  explicit Repository(RepositoryPtr repo) : repo_(std::move(repo)) {}
  git_oid commit_oid(const std::string& id_or_rev) const;
  bool history_complete(const git_oid& start) const;  // every ancestor present

  Libgit2 guard_;  // declared first: destroyed after repo_
  RepositoryPtr repo_;
};

}  // namespace bg::git
