// bench-gate run, bench-gate record.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <map>
#include <tuple>
#include <unordered_set>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/criterion_dir.hpp"
#include "bench_gate/app/compare_flow.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/adapters.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/verdict.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/json_depth.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"
#include "bench_gate/util/time.hpp"
#include "bench_gate/version.hpp"

namespace bg {
namespace {

// True when `text` is a run written by `bench-gate run --output` rather than Google Benchmark JSON.
// Throws input_error naming `path` when a run file nests deeper than util::kMaxStoredJsonDepth.
bool is_bench_gate_run(const std::string& text, const std::string& path) {
  // Google Benchmark output opens with its "context" object: decide that without parsing 100 MB.
  std::size_t i = text.find_first_not_of(" \t\r\n");
  if (i != std::string::npos && text[i] == '{') {
    std::size_t k = text.find_first_not_of(" \t\r\n", i + 1);
    if (k != std::string::npos && text.compare(k, 9, "\"context\"") == 0) return false;
  }
  util::check_json_depth(text, util::kMaxStoredJsonDepth, path);  // a run file wraps a results context
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("run_id") && j.contains("benchmarks") &&
         !j.contains("context");
}

// One --input: a target/criterion directory, or a file read by `harness` (by content when "").
std::vector<Run> ingest_one_input(const std::string& path, const std::string& harness,
                                  const std::string& criterion_baseline) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    if (!harness.empty() && harness != "criterion") {
      throw Error(ExitCode::input_error, util::one_line_text(path + ": is a directory; harness " +
                                                             harness + " reads a file"));
    }
    return {read_criterion_directory(path, criterion_baseline)};
  }
  const std::string text = util::read_file(path);
  if (harness.empty() && is_bench_gate_run(text, path)) {
    return {run_from_json(util::parse_json(text, path), path)};
  }
  // The adapter by name, else by content (issue 16); one Run per process it ran (JMH forks,
  // BenchmarkDotNet launches), else one.
  return ingest_result_processes(text, path, harness);
}

// The suite would measure something else than the checked-out commit: say so (a warning, not a
// refusal: a CI job that builds and records at once never trips it; --allow-stale silences it).
void warn_if_stale(const Workspace& ws, const RunOptions& run, Progress& progress) {
  for (const auto& why : ws.stale_suite(run))
    progress.warning("record: " + why + " (--allow-stale: no warning)");
}

// Runs for `commit`: from --input files (shards of one run), or the suite run now.
std::vector<Run> runs_to_record(const Workspace& ws, const RecordOptions& options,
                                const std::string& commit, bool quiet) {
  if (!options.inputs.empty()) {
    if (options.run.processes > 1) {
      throw Error(ExitCode::input_error,
                  "--processes runs the suite; with --input, record each process's file "
                  "with its own `bench-gate record --input FILE`");
    }
    return ingest_files(options.inputs, input_harness(ws.config, options.run),
                        criterion_baseline(options.run, 0));
  }
  if (ws.repo.is_bare()) {
    throw Error(ExitCode::input_error,
                "record: a bare repository has no checkout to run the suite in; "
                "pass results with --input FILE");
  }
  if (!ws.is_checked_out(commit)) {
    throw Error(ExitCode::input_error,
                "record: '" + util::one_line_text(options.rev) +
                    "' is not the checked-out commit, so the suite would not "
                    "measure it; check it out first or pass results with --input FILE");
  }
  ProcessSuiteRunner runner;
  StderrProgress progress(quiet);
  if (!options.allow_stale) warn_if_stale(ws, options.run, progress);
  return run_processes(ws, options.run, quiet, commit, runner, progress);
}

// The shard these runs hold ("" = whole runs), from --shard of record or of the suite options.
std::string shard_of(const RecordOptions& options) {
  const std::string& text = !options.shard.empty() ? options.shard : options.run.shard;
  if (text.empty()) return "";
  auto [k, n] = parse_shard(text, "--shard");
  return std::to_string(k) + "/" + std::to_string(n);
}

// Every process's run lands in one note update: all of them, or (killed, full disk) none.
void store_runs(Workspace& ws, const std::string& commit, const std::vector<Run>& runs) {
  ws.append_runs(commit, runs,
                 "bench-gate: record " +
                     (runs.size() == 1 ? "run " + runs.front().run_id
                                       : std::to_string(runs.size()) + " runs") +
                     " for " + commit);
}

void say_recorded(const std::vector<Run>& runs, const std::string& commit,
                  const std::string& notes_ref) {
  for (const auto& run : runs) {
    int failed = 0;
    for (const auto& b : run.benchmarks) failed += b.error.has_value();
    std::cerr << "bench-gate: recorded run " << run.run_id
              << (run.shard.empty() ? "" : " shard " + run.shard) << " for "
              << util::short_id(commit) << " (" << run.benchmarks.size() << " benchmarks"
              << (failed ? ", " + std::to_string(failed) + " with errors" : "") << ") on "
              << notes_ref << "\n";
  }
}

}  // namespace

// Shards of one run given as several files: one Run holding all their benchmarks. One file of
// several processes: a Run per process.
std::vector<Run> ingest_files(const std::vector<std::string>& paths, const std::string& harness,
                              const std::string& criterion_baseline) {
  Run merged;
  std::unordered_set<std::string> seen;  // a set: 100,000 benchmarks must not cost O(n^2)
  for (const auto& path : paths) {
    std::vector<Run> parts = ingest_one_input(path, harness, criterion_baseline);
    if (parts.size() > 1) {
      if (paths.size() > 1) {
        throw Error(ExitCode::input_error,
                    util::one_line_text(path + ": holds " + std::to_string(parts.size()) +
                                        " processes (forks or launches), so it is not a shard of "
                                        "one run; give it alone to --input"));
      }
      for (auto& part : parts) part.source = "ingest:" + path;
      return parts;
    }
    Run& part = parts.front();
    // issue 16: every file's context is kept (one file per executable), and its complexity fits.
    if (&path == &paths.front()) {
      merged.environment = part.environment;
    } else {
      merged.other_contexts.push_back(part.environment.context);
      for (auto& context : part.other_contexts) merged.other_contexts.push_back(std::move(context));
    }
    for (auto& fit : part.complexity) merged.complexity.push_back(std::move(fit));
    for (auto& b : part.benchmarks) {
      if (!seen.insert(b.name).second) {
        throw Error(ExitCode::input_error, util::one_line_text(path + ": benchmark '" + b.name +
                                                         "' is also in an earlier --input file"));
      }
      merged.benchmarks.push_back(std::move(b));
    }
  }
  merged.source = "ingest:";
  for (std::size_t i = 0; i < paths.size(); ++i) merged.source += (i ? "," : "") + paths[i];
  return {merged};
}

std::string input_harness(const Config& config, const RunOptions& options) {
  const std::string& harness = !options.harness.empty() ? options.harness : config.harness;
  if (!harness.empty()) find_adapter(harness);  // exit 2 listing the known names
  return harness;
}

std::string criterion_baseline(const RunOptions& options, std::size_t side) {
  const auto& names = options.criterion_baselines;
  if (names.empty()) return "new";
  return names[std::min(side, names.size() - 1)];
}

int run_command(const GlobalOptions& global, const RunOptions& options) {
  // `run` needs no repository: outside one, the suite command must be given after '--'.
  std::optional<Workspace> ws;
  try {
    ws.emplace(global);
  } catch (const Error&) {
    if (options.command.empty()) throw;
  }
  const SuiteRequest req =
      ws ? ws->suite_request(options, global.quiet)
         : suite_request_without_repository(options, config_without_repository(global),
                                            global.quiet);
  Run run = run_suite(req);
  run.run_id = util::new_run_id();
  run.recorded_at = util::utc_now();
  run.tool_version = tool_version();
  const std::string text = run_to_json(run).dump(2) + "\n";
  if (options.output.empty()) {
    std::cout << text;
  } else {
    util::write_file_atomically(options.output, text);
    if (!global.quiet) std::cerr << "bench-gate: wrote " << util::one_line_text(options.output) << "\n";
  }
  const ExitCode code = run_exit_code({run});
  if (code == ExitCode::suite_failed) {
    int failed = 0;
    for (const auto& b : run.benchmarks) failed += b.error.has_value();
    std::cerr << "bench-gate: " << failed << " benchmark(s) reported an error\n";
  }
  return static_cast<int>(code);
}

namespace {

// issue 16: the same measurements recorded twice (a retried CI job) are stored (a note only ever
// grows) but said in one line each: compare counts them once (compare_runs ignores a run whose
// samples repeat another's).
// Returns the lines, printed once the runs are stored (a failed record says one line only).
std::vector<std::string> repeated_measurement_lines(const Workspace& ws, const std::string& commit,
                                                    const std::vector<Run>& runs) {
  std::vector<std::string> lines;
  const auto current = ws.notes.read(commit);
  if (!current) return lines;
  const std::string origin =
      "note of commit " + util::short_id(commit) + " on " + ws.config.notes_ref;
  std::map<std::string, std::string> stored;  // digest -> run_id
  for (const auto& r : parse_note(*current, origin).runs) stored.emplace(measurement_digest(r), r.run_id);
  for (const auto& run : runs) {
    auto it = stored.find(measurement_digest(run));
    if (it == stored.end()) continue;
    lines.push_back("bench-gate: " + util::one_line_text(run.source) +
                    ": the same measurements are already recorded for " + util::short_id(commit) +
                    " (run " + it->second + "); compare counts them once");
  }
  return lines;
}

}  // namespace

int record_command(const GlobalOptions& global, const RecordOptions& options) {
  Workspace ws(global);
  const std::string commit = ws.resolve(options.rev);
  if (!ws.repo.commit_info(commit)) {  // a full id of an absent object resolves to itself
    throw Error(ExitCode::input_error, "unknown revision '" + util::one_line_text(options.rev) +
                                           "': no such commit in this "
                                           "repository (fetch it first); nothing recorded");
  }
  std::vector<Run> runs = runs_to_record(ws, options, commit, global.quiet);
  if (!options.run_id.empty() && runs.size() > 1) {
    throw Error(ExitCode::input_error,
                "--run-id joins one existing run; it cannot take several processes "
                "(use --processes 1)");
  }
  const std::string shard = shard_of(options);
  if (!options.run_id.empty() && shard.empty()) {
    throw Error(ExitCode::input_error, "--run-id: joining an existing run needs --shard K/N");
  }
  for (auto& run : runs) {
    run.commit = commit;
    if (!options.run_id.empty()) run.run_id = options.run_id;
    if (run.run_id.empty()) run.run_id = util::new_run_id();
    if (!shard.empty()) run.shard = shard;
    run.recorded_at = util::utc_now();
    run.tool_version = tool_version();
  }
  const auto repeated = options.run_id.empty() && !global.quiet
                            ? repeated_measurement_lines(ws, commit, runs)
                            : std::vector<std::string>{};
  store_runs(ws, commit, runs);
  for (const auto& line : repeated) std::cerr << line << "\n";
  if (!global.quiet) say_recorded(runs, commit, ws.config.notes_ref);
  return 0;
}

}  // namespace bg
