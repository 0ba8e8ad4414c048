// bench-gate compare BASE HEAD, bench-gate report.
#include <iostream>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/compare.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/json_depth.hpp"
#include "bench_gate/report/comparison_json.hpp"
#include "bench_gate/report/render.hpp"

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

struct Baseline {
  std::string commit;
  int distance = 0;
  std::vector<Run> runs;
  std::vector<std::string> missing_shards;  // shards the baseline's runs lack
  std::vector<std::vector<Run>> history;    // older commits on the same line, newest first
};

// Walk BASE's first-parent line from `start`: the first commit with runs is the baseline; the
// next ones (up to history_runs commits with runs) feed the between-run noise estimate.
std::optional<Baseline> find_baseline(const Workspace& ws, const std::string& start,
                                      int max_distance, bool exact,
                                      std::vector<std::string>* problems,
                                      std::string* history_end) {
  Baseline found;
  bool have = false;
  const int history_wanted = ws.config.history_runs;
  const int walk = exact ? 1 + 3 * history_wanted : max_distance + 1 + 3 * history_wanted;
  git::Repository::History line = ws.repo.first_parent_history(start, walk);
  if (line.commits.empty()) line.commits.push_back(start);
  for (std::size_t i = 0; i < line.commits.size(); ++i) {
    const std::string& c = line.commits[i];
    if (!have && (exact ? i > 0 : static_cast<int>(i) > max_distance)) break;
    std::vector<std::string> missing;
    auto runs = ws.runs_of(c, /*tolerate_bad_notes=*/true, have ? nullptr : &missing, problems);
    if (!runs) {
      if (exact && !have) break;
      continue;
    }
    if (!have) {
      found.commit = c;
      found.distance = static_cast<int>(i);
      found.runs = std::move(*runs);
      found.missing_shards = std::move(missing);
      have = true;
    } else {
      found.history.push_back(std::move(*runs));
      if (static_cast<int>(found.history.size()) >= history_wanted) break;
    }
  }
  if (line.ends_at_shallow_boundary && history_end) *history_end = "shallow clone boundary";
  if (!have) return std::nullopt;
  return found;
}

// Exit 4 is an error: say on one line of stderr which benchmarks failed and why.
void report_failed_benchmarks(const Comparison& cmp) {
  std::string detail;
  int failed = 0;
  for (const auto& row : cmp.benchmarks) {
    if (row.verdict != Verdict::failed) continue;
    if (++failed <= 3) {
      detail +=
          (failed > 1 ? "; " : "") + row.name + (row.message.empty() ? "" : ": " + row.message);
    }
  }
  if (failed > 3) detail += "; and " + std::to_string(failed - 3) + " more";
  std::cerr << "bench-gate: error: " << failed << " benchmark(s) reported an error in "
            << one_line_text(cmp.head_rev) << " (" << short_id(cmp.head_commit)
            << "): " << one_line_text(detail) << "\n";
}

void check_format(const std::string& format) {
  if (format != "markdown" && format != "github" && format != "json" && format != "none") {
    throw Error(ExitCode::input_error,
                "--format: '" + format + "' is not one of markdown, github, json, none");
  }
}

}  // namespace

int compare_command(const GlobalOptions& global, const CompareOptions& options) {
  if (options.paired) {
    if (options.run.processes > 0) {
      throw Error(ExitCode::input_error,
                  "--processes is for stored mode; --paired runs base and head in --blocks "
                  "(each block is a pair of processes)");
    }
    return paired_compare_command(global, options);
  }
  check_format(options.format);
  Workspace ws = Workspace::open(global);
  const Config& config = ws.config;
  const std::string base_commit = resolve_revision(ws, options.base);
  const std::string head_commit = resolve_revision(ws, options.head);
  const std::string template_text =
      load_template(options.template_path.empty() ? "pr-comment" : options.template_path);

  // The baseline of a pull request is the merge-base, as in `git diff BASE...HEAD`.
  std::string start = base_commit;
  std::string merge_base;
  std::vector<std::string> problems;
  if (!options.exact) {
    if (auto mb = ws.repo.merge_base(base_commit, head_commit)) {
      merge_base = *mb;
      start = *mb;
    } else if (!global.quiet) {
      std::cerr << "bench-gate: no merge-base of " << options.base << " and " << options.head
                << " in local history (shallow clone?); using " << options.base << " itself\n";
    }
  }
  const int max_distance =
      options.max_distance >= 0 ? options.max_distance : config.max_baseline_distance;
  std::string history_end;
  std::optional<Baseline> baseline =
      find_baseline(ws, start, max_distance, options.exact, &problems, &history_end);
  if (!baseline) {
    throw Error(ExitCode::no_baseline,
                "no stored run for " + options.base + " (" + short_id(start) + ")" +
                    (options.exact
                         ? ""
                         : " or its " + std::to_string(max_distance) + " first-parent ancestors") +
                    " on " + config.notes_ref + "; record one with `bench-gate record " +
                    short_id(start) + " --input results.json` or fetch it with `git fetch origin " +
                    config.notes_ref + ":" + config.notes_ref + "`");
  }

  std::vector<std::string> head_missing_shards;
  bool ran_head = false;  // compare measured HEAD itself (then it confirms by default)
  std::optional<std::vector<Run>> head_runs =
      ws.runs_of(head_commit, /*tolerate_bad_notes=*/true, &head_missing_shards, &problems);
  if (!head_runs) {
    auto checked_out = ws.repo.head_commit();
    bool can_run =
        !options.no_run && !ws.repo.is_bare() && checked_out && *checked_out == head_commit;
    if (!can_run) {
      throw Error(ExitCode::no_baseline,
                  "no stored run for " + options.head + " (" + short_id(head_commit) + ") on " +
                      config.notes_ref +
                      (options.no_run
                           ? " and --no-run forbids running the suite"
                           : "; it is not the checked-out commit, so the suite cannot run for it") +
                      "; record one with `bench-gate record " + short_id(head_commit) + "`");
    }
    head_runs = ws.run_processes(options.run, global.quiet, head_commit);
    ran_head = true;
  }

  const std::vector<std::string>& base_missing_shards = baseline->missing_shards;

  CompareInput input;
  input.base_missing_shards = base_missing_shards;
  input.head_missing_shards = head_missing_shards;
  input.base_runs = baseline->runs;
  input.head_runs = *head_runs;
  input.history = baseline->history;
  input.config = config;
  Comparison cmp = compare_runs(input);
  cmp.base_rev = options.base;
  cmp.head_rev = options.head;
  cmp.base_commit = base_commit;
  cmp.head_commit = head_commit;
  cmp.merge_base = merge_base;
  cmp.baseline_commit = baseline->commit;
  cmp.baseline_distance = baseline->distance;
  for (const auto& m : base_missing_shards) cmp.missing_shards.push_back("base: " + m);
  for (const auto& m : head_missing_shards) cmp.missing_shards.push_back("head: " + m);
  for (const auto& p : problems) cmp.environment_differences.push_back("note skipped: " + p);
  // Confirmation before failing: automatic when compare ran HEAD's suite (the code is built and
  // checked out, and a single head process is the likeliest source of a false alarm).
  if ((options.confirm || ran_head) && !options.no_confirm)
    confirm_regressions(ws, options, input, cmp, global.quiet);

  ReportOptions ropts;
  ropts.budget =
      options.budget > 0 ? static_cast<std::size_t>(options.budget) : config.report_budget;
  const std::string origin = options.template_path.empty() ? "pr-comment" : options.template_path;
  const std::string markdown = render_markdown(cmp, template_text, origin, ropts);
  if (!options.output.empty()) write_file_atomically(options.output, markdown);
  if (!options.json_output.empty())
    write_file_atomically(options.json_output, comparison_to_json(cmp).dump(2) + "\n");
  std::string format = options.format;
  if (format == "markdown" && !options.output.empty()) format = "none";
  print_comparison(cmp, format, markdown);
  if (cmp.exit_code == ExitCode::suite_failed) report_failed_benchmarks(cmp);
  return static_cast<int>(cmp.exit_code);
}

int report_command(const GlobalOptions& global, const ReportOptionsCli& options) {
  (void)global;
  check_format(options.format);
  nlohmann::json j;
  const std::string text = read_file(options.input);
  check_json_depth(text, kMaxStoredJsonDepth, options.input);
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::out_of_range& e) {
    throw Error(ExitCode::input_error,
                options.input + ": a number is out of range (" + std::string(e.what()) + ")");
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ExitCode::input_error,
                options.input + ": not valid JSON (byte " + std::to_string(e.byte) + ")");
  }
  Comparison cmp = comparison_from_json(j, options.input);
  const std::string template_text =
      load_template(options.template_path.empty() ? "pr-comment" : options.template_path);
  ReportOptions ropts;
  if (options.budget > 0) ropts.budget = static_cast<std::size_t>(options.budget);
  const std::string markdown =
      render_markdown(cmp, template_text,
                      options.template_path.empty() ? "pr-comment" : options.template_path, ropts);
  if (!options.output.empty()) write_file_atomically(options.output, markdown);
  std::string format = options.format;
  if (format == "markdown" && !options.output.empty()) format = "none";
  print_comparison(cmp, format, markdown);
  return 0;
}

}  // namespace bg
