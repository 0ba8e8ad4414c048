// What every command starts from: the repository, the gate configuration, the notes store.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench_gate/app/options.hpp"
#include "bench_gate/app/suite_runner.hpp"
#include "bench_gate/git/notes_store.hpp"
#include "bench_gate/git/repository.hpp"
#include "bench_gate/model.hpp"

namespace bg {

struct Workspace {
  git::Repository repo;
  Config config;
  std::unique_ptr<git::NotesStore> notes;

  // Discover the repository from global.repo_path and load the configuration. Throws bg::Error.
  static Workspace open(const GlobalOptions& global);

  // The runs stored for a commit with shards combined; nullopt when it has no note. A note that
  // cannot be read is reported on stderr (naming the commit) and treated as absent when
  // `tolerate_bad_notes`, else it throws.
  std::optional<std::vector<Run>> runs_of(const std::string& commit, bool tolerate_bad_notes,
                                          std::vector<std::string>* missing_shards = nullptr,
                                          std::vector<std::string>* problems = nullptr) const;

  // Build the suite request from config and command-line options.
  SuiteRequest suite_request(const RunOptions& options, bool quiet) const;

  // Run the suite as `processes` (options, else config) separate processes, one after another;
  // each becomes its own run of `commit` with a fresh run id. Throws bg::Error as run_suite.
  std::vector<Run> run_processes(const RunOptions& options, bool quiet,
                                 const std::string& commit) const;
};

// The configuration of a command that runs outside any repository (`run`, `calibrate`):
// --config FILE when given (never silently ignored), else the built-in defaults.
Config config_without_repository(const GlobalOptions& global);

// Print a comparison on stdout in `format`: markdown (the rendered report), github (workflow
// annotations), json (the comparison JSON); anything else prints nothing.
void print_comparison(const Comparison& cmp, const std::string& format,
                      const std::string& markdown);

// Write `text` to `path` atomically (temp file + rename); throws input_error naming the path.
void write_file_atomically(const std::string& path, const std::string& text);
// Read a whole file; throws input_error naming the path.
std::string read_file(const std::string& path);
// A new random run id (32 hex digits).
std::string new_run_id();
// Now, UTC, ISO 8601.
std::string utc_now();
// First 10 hex digits of a commit id.
std::string short_id(const std::string& id);

}  // namespace bg
