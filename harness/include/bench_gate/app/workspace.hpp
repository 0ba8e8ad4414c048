// What every command that needs a repository starts from: the repository, the gate configuration
// and the notes store. Not copyable or movable: `notes` refers to `repo`, so the workspace is
// built where it lives (a local, or std::optional::emplace).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench_gate/app/options.hpp"
#include "bench_gate/app/suite_runner.hpp"
#include "bench_gate/git/notes_store.hpp"
#include "bench_gate/git/repository.hpp"
#include "bench_gate/model.hpp"

namespace bg {

class Workspace {
 public:
  // Discover the repository from global.repo_path (upwards, like git) and load the configuration:
  // --config FILE, else <top>/bench-gate.json, else <top>/baselines/bench-gate.json, else the
  // defaults; --notes-ref overrides the config's. Throws bg::Error (input_error) naming the path.
  explicit Workspace(const GlobalOptions& global);
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  git::Repository repo;
  Config config;
  git::NotesStore notes;  // declared after repo: it points into it

  // The commit id a revision names; the error quotes the revision on one line.
  std::string resolve(const std::string& rev) const;

  // Whether `commit` is checked out in a working tree (the suite can run for it).
  bool is_checked_out(const std::string& commit) const;

  // The runs stored for a commit with shards combined; nullopt when it has no note. A note that
  // cannot be parsed throws, unless `problems` is given: then the problem is appended there (one
  // line naming the commit) and the note counts as absent. Prints nothing.
  std::optional<std::vector<Run>> runs_of(const std::string& commit,
                                          std::vector<std::string>* missing_shards = nullptr,
                                          std::vector<std::string>* problems = nullptr) const;
  // The same, read from `notes` (a snapshot of this workspace's store): walks over many commits.
  std::optional<std::vector<Run>> runs_of(const git::NotesStore::Snapshot& notes,
                                          const std::string& commit,
                                          std::vector<std::string>* missing_shards = nullptr,
                                          std::vector<std::string>* problems = nullptr) const;

  // Append `runs` to the note of `commit` in one notes commit (all of them or none), refusing
  // (input_error) a run whose (run_id, shard) is already there and a note it cannot read: a note
  // only grows. `message` is the notes commit's message.
  void append_runs(const std::string& commit, const std::vector<Run>& runs,
                   const std::string& message);

  // The suite request from the config and command-line options (relative suite paths are taken
  // from the repository top). Throws input_error when there is no suite command.
  SuiteRequest suite_request(const RunOptions& options, bool quiet) const;

  // Why the suite would measure something else than the checked-out commit, one text each (none
  // when it would not): tracked files with local changes, or a suite built inside this work tree
  // whose executable is older than the newest tracked file (modified after the build).
  std::vector<std::string> stale_suite(const RunOptions& options) const;
};

// The configuration of a command that runs outside any repository (`run`, `calibrate`):
// --config FILE when given (never silently ignored), else the built-in defaults.
Config config_without_repository(const GlobalOptions& global);

// The suite request of a command outside any repository: the command after '--' and `config`.
SuiteRequest suite_request_without_repository(const RunOptions& options, const Config& config,
                                              bool quiet);

}  // namespace bg
