// bench-gate run, bench-gate record.
#include <algorithm>
#include <iostream>
#include <optional>
#include <tuple>
#include <unordered_set>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/version.hpp"

namespace bg {
namespace {

// Resolve a revision to a commit id; the error echoes the revision on one line whatever it holds.
std::string resolve_revision(const Workspace& ws, const std::string& rev) {
  try {
    return ws.repo.resolve_commit(rev);
  } catch (const Error& e) {
    throw Error(e.code(), one_line_text(e.what()));
  }
}

// True when `text` is a run written by `bench-gate run --output` rather than Google Benchmark JSON.
bool is_bench_gate_run(const std::string& text) {
  // Google Benchmark output opens with its "context" object: decide that without parsing 100 MB.
  std::size_t i = text.find_first_not_of(" \t\r\n");
  if (i != std::string::npos && text[i] == '{') {
    std::size_t k = text.find_first_not_of(" \t\r\n", i + 1);
    if (k != std::string::npos && text.compare(k, 9, "\"context\"") == 0) return false;
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("run_id") && j.contains("benchmarks") &&
         !j.contains("context");
}

// Shards of one run given as several files: one Run holding all their benchmarks.
Run ingest_files(const std::vector<std::string>& paths) {
  Run merged;
  std::unordered_set<std::string> seen;  // a set: 100,000 benchmarks must not cost O(n^2)
  for (const auto& path : paths) {
    const std::string text = read_file(path);
    Run part = is_bench_gate_run(text) ? run_from_json(nlohmann::json::parse(text), path)
                                       : ingest_benchmark_json(text, path);
    if (merged.benchmarks.empty() && merged.environment.fingerprint.empty()) {
      merged.environment = part.environment;
    }
    for (auto& b : part.benchmarks) {
      if (!seen.insert(b.name).second) {
        throw Error(ExitCode::input_error, one_line_text(path + ": benchmark '" + b.name +
                                                         "' is also in an earlier --input file"));
      }
      merged.benchmarks.push_back(std::move(b));
    }
  }
  merged.source = "ingest:";
  for (std::size_t i = 0; i < paths.size(); ++i) merged.source += (i ? "," : "") + paths[i];
  return merged;
}

}  // namespace

int run_command(const GlobalOptions& global, const RunOptions& options) {
  // `run` needs no repository: outside one, the suite command must be given after '--'.
  SuiteRequest req;
  std::optional<Workspace> ws;
  try {
    ws.emplace(Workspace::open(global));
  } catch (const Error&) {
    if (options.command.empty()) throw;
  }
  if (ws) {
    req = ws->suite_request(options, global.quiet);
  } else {
    const Config config = config_without_repository(global);
    req.command = options.command;
    req.repetitions = options.repetitions > 0 ? options.repetitions : config.repetitions;
    req.filter = options.filter;
    req.timeout_seconds =
        options.timeout_seconds >= 0 ? options.timeout_seconds : config.timeout_seconds;
    req.quiet = global.quiet;
    if (!options.shard.empty())
      std::tie(req.shard_index, req.shard_count) = parse_shard(options.shard, "--shard");
  }
  Run run = run_suite(req);
  run.run_id = new_run_id();
  run.recorded_at = utc_now();
  run.tool_version = tool_version();
  std::string text = run_to_json(run).dump(2) + "\n";
  if (options.output.empty()) {
    std::cout << text;
  } else {
    write_file_atomically(options.output, text);
    if (!global.quiet) std::cerr << "bench-gate: wrote " << options.output << "\n";
  }
  int failed = 0;
  for (const auto& b : run.benchmarks) failed += b.error.has_value();
  if (failed) {
    std::cerr << "bench-gate: " << failed << " benchmark(s) reported an error\n";
    return static_cast<int>(ExitCode::suite_failed);
  }
  return 0;
}

int record_command(const GlobalOptions& global, const RecordOptions& options) {
  Workspace ws = Workspace::open(global);
  const std::string commit = resolve_revision(ws, options.rev);
  if (!ws.repo.commit_info(commit)) {  // a full id of an absent object resolves to itself
    throw Error(ExitCode::input_error, "unknown revision '" + one_line_text(options.rev) +
                                           "': no such commit in this "
                                           "repository (fetch it first); nothing recorded");
  }

  std::vector<Run> runs;
  if (!options.inputs.empty()) {
    if (options.run.processes > 1) {
      throw Error(ExitCode::input_error,
                  "--processes runs the suite; with --input, record each process's file "
                  "with its own `bench-gate record --input FILE`");
    }
    runs.push_back(ingest_files(options.inputs));
  } else {
    if (ws.repo.is_bare()) {
      throw Error(ExitCode::input_error,
                  "record: a bare repository has no checkout to run the suite in; "
                  "pass results with --input FILE");
    }
    auto head = ws.repo.head_commit();
    if (!head || *head != commit) {
      throw Error(ExitCode::input_error,
                  "record: '" + options.rev +
                      "' is not the checked-out commit, so the suite would not "
                      "measure it; check it out first or pass results with --input FILE");
    }
    runs = ws.run_processes(options.run, global.quiet, commit);
  }
  if (!options.run_id.empty() && runs.size() > 1) {
    throw Error(ExitCode::input_error,
                "--run-id joins one existing run; it cannot take several processes "
                "(use --processes 1)");
  }
  std::string shard;
  if (!options.shard.empty()) {
    auto [k, n] = parse_shard(options.shard, "--shard");
    shard = std::to_string(k) + "/" + std::to_string(n);
  } else if (!options.run.shard.empty()) {
    auto [k, n] = parse_shard(options.run.shard, "--shard");
    shard = std::to_string(k) + "/" + std::to_string(n);
  }
  if (!options.run_id.empty() && shard.empty()) {
    throw Error(ExitCode::input_error, "--run-id: joining an existing run needs --shard K/N");
  }
  for (auto& run : runs) {
    run.commit = commit;
    if (!options.run_id.empty()) run.run_id = options.run_id;
    if (run.run_id.empty()) run.run_id = new_run_id();
    if (!shard.empty()) run.shard = shard;
    run.recorded_at = utc_now();
    run.tool_version = tool_version();
  }

  // Every process's run lands in one note update: all of them, or (killed, full disk) none.
  const std::string origin = "note of commit " + short_id(commit) + " on " + ws.config.notes_ref;
  ws.notes->update(
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
      "bench-gate: record " +
          (runs.size() == 1 ? "run " + runs.front().run_id
                            : std::to_string(runs.size()) + " runs") +
          " for " + commit);

  for (const auto& run : runs) {
    int failed = 0;
    for (const auto& b : run.benchmarks) failed += b.error.has_value();
    if (!global.quiet) {
      std::cerr << "bench-gate: recorded run " << run.run_id
                << (run.shard.empty() ? "" : " shard " + run.shard) << " for " << short_id(commit)
                << " (" << run.benchmarks.size() << " benchmarks"
                << (failed ? ", " + std::to_string(failed) + " with errors" : "") << ") on "
                << ws.config.notes_ref << "\n";
    }
  }
  return 0;
}

}  // namespace bg
