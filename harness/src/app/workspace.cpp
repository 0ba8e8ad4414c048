#include "bench_gate/app/workspace.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <tuple>

#include "bench_gate/config.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

git::Repository discover(const std::string& path) {
  try {
    return git::Repository::discover(path);
  } catch (const Error& e) {
    throw Error(e.code(), util::one_line_text(e.what()));  // -C DIR may hold any byte
  }
}

Config load_workspace_config(const GlobalOptions& global, const git::Repository& repo) {
  Config config;
  if (!global.config_path.empty()) {
    config = load_config(global.config_path);
  } else if (const std::string top = repo.workdir(); !top.empty()) {
    if (auto found = find_config(top)) config = load_config(*found);
  }
  if (!global.notes_ref.empty()) {
    if (global.notes_ref.rfind("refs/notes/", 0) != 0) {
      throw Error(ExitCode::input_error, "--notes-ref: '" + util::one_line_text(global.notes_ref) +
                                             "' must start with refs/notes/");
    }
    config.notes_ref = global.notes_ref;
  }
  return config;
}

}  // namespace

Workspace::Workspace(const GlobalOptions& global)
    : repo(discover(global.repo_path)),
      config(load_workspace_config(global, repo)),
      notes(repo, config.notes_ref) {}

Config config_without_repository(const GlobalOptions& global) {
  return global.config_path.empty() ? Config{} : load_config(global.config_path);
}

SuiteRequest suite_request_without_repository(const RunOptions& options, const Config& config,
                                              bool quiet) {
  SuiteRequest req;
  req.command = options.command;
  req.repetitions = options.repetitions > 0 ? options.repetitions : config.repetitions;
  req.filter = options.filter;
  req.timeout_seconds =
      options.timeout_seconds >= 0 ? options.timeout_seconds : config.timeout_seconds;
  req.quiet = quiet;
  req.metric = options.metric.value_or(config.metric);
  req.harness = !options.harness.empty() ? options.harness : config.harness;
  req.results = config.results;
  if (!options.criterion_baselines.empty()) req.criterion_baseline = options.criterion_baselines[0];
  if (!options.shard.empty())
    std::tie(req.shard_index, req.shard_count) = parse_shard(options.shard, "--shard");
  return req;
}

std::string Workspace::resolve(const std::string& rev) const {
  try {
    return repo.resolve_commit(rev);
  } catch (const Error& e) {
    throw Error(e.code(), util::one_line_text(e.what()));
  }
}

bool Workspace::is_checked_out(const std::string& commit) const {
  if (repo.is_bare()) return false;
  const auto head = repo.head_commit();
  return head && *head == commit;
}

std::optional<std::vector<Run>> Workspace::runs_of(const std::string& commit,
                                                   std::vector<std::string>* missing_shards,
                                                   std::vector<std::string>* problems) const {
  return runs_of(notes.snapshot(), commit, missing_shards, problems);
}

std::optional<std::vector<Run>> Workspace::runs_of(const git::NotesStore::Snapshot& snapshot,
                                                   const std::string& commit,
                                                   std::vector<std::string>* missing_shards,
                                                   std::vector<std::string>* problems) const {
  std::optional<std::string> text = snapshot.read(commit);
  if (!text) return std::nullopt;
  try {
    NoteDocument doc = parse_note(
        *text, "note of commit " + util::short_id(commit) + " on " + config.notes_ref);
    if (doc.runs.empty()) return std::nullopt;
    return combine_shards(doc.runs, missing_shards);
  } catch (const Error& e) {
    if (!problems) throw;
    problems->push_back(util::one_line_text(e.what()) + " (skipped)");
    return std::nullopt;
  }
}

void Workspace::append_runs(const std::string& commit, const std::vector<Run>& runs,
                            const std::string& message) {
  const std::string origin = "note of commit " + util::short_id(commit) + " on " + config.notes_ref;
  notes.update(
      commit,
      [&](const std::optional<std::string>& current) {
        NoteDocument doc;
        if (current) doc = parse_note(*current, origin);  // never overwrite what we cannot read
        doc.commit = commit;
        for (const auto& run : runs) {
          for (const auto& r : doc.runs) {
            if (r.run_id == run.run_id && r.shard == run.shard) {
              throw Error(ExitCode::input_error,
                          origin + ": run " + run.run_id +
                              (run.shard.empty() ? "" : " shard " + run.shard) +
                              " is already recorded");
            }
          }
          doc.runs.push_back(run);
        }
        return serialize_note(doc);
      },
      message);
}

SuiteRequest Workspace::suite_request(const RunOptions& options, bool quiet) const {
  SuiteRequest req = suite_request_without_repository(options, config, quiet);
  if (req.command.empty()) req.command = config.suite_command;
  if (req.command.empty()) {
    throw Error(ExitCode::input_error,
                "no suite command: pass it after '--' (bench-gate run -- ./my-benchmarks) or set "
                "\"suite_command\" in bench-gate.json");
  }
  // A relative suite path is relative to the repository top, so bench-gate works from any folder.
  const std::string top = repo.workdir();
  req.workdir = top;
  if (!top.empty() && req.command[0].find('/') != std::string::npos && req.command[0][0] != '/') {
    const std::filesystem::path candidate = std::filesystem::path(top) / req.command[0];
    if (!std::filesystem::exists(req.command[0]) && std::filesystem::exists(candidate)) {
      req.command[0] = candidate.string();
    }
  }
  return req;
}

std::vector<std::string> Workspace::stale_suite(const RunOptions& options) const {
  std::vector<std::string> out;
  if (repo.has_local_changes()) {
    out.push_back("the work tree has local changes to tracked files; the suite measures them, not "
                  "the commit's code");
  }
  // Only a suite built inside this work tree can be stale with respect to it (not one found in
  // PATH or elsewhere, e.g. built from another checkout on purpose).
  const std::string exe = suite_request(options, true).command[0];
  std::error_code ec;
  const std::string real = std::filesystem::weakly_canonical(exe, ec).string();
  const std::string top = std::filesystem::weakly_canonical(repo.workdir(), ec).string() + "/";
  struct stat st {};
  if (ec || real.compare(0, top.size(), top) != 0 || ::stat(real.c_str(), &st) != 0) return out;
  const auto newest = repo.newest_tracked_file();
  if (newest && static_cast<long long>(st.st_mtime) < newest->mtime) {
    out.push_back("the suite " + util::one_line_text(exe) + " is older than " +
                  util::one_line_text(newest->path) +
                  " (modified after the build): rebuild it, or it measures another commit");
  }
  return out;
}

}  // namespace bg
