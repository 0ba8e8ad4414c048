// The command line: CLI11 parses argv into the plain option structs of bench_gate/app/options.hpp;
// one table lists every command with its help and handler, so --help and dispatch cannot drift.
#include "cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <iostream>
#include <optional>
#include <string_view>
#include <vector>

#include "bench_gate/adapters.hpp"
#include "bench_gate/advice.hpp"
#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/interrupt.hpp"
#include "bench_gate/model.hpp"
#include "bench_gate/util/text.hpp"
#include "bench_gate/version.hpp"

namespace bg {
namespace {

struct AllOptions {
  GlobalOptions global;
  RunOptions run;
  RecordOptions record;
  CompareOptions compare;
  ReportOptionsCli report;
  LogOptions log;
  ChangesOptions changes;
  PublishOptions publish;
  ShowOptions show;
  SyncOptions sync;
  CalibrateOptions calibrate;
  BackfillOptions backfill;
  AcceptOptions accept;
};

// A value given by name only: the named enum value, or "'xml' is not one of: github, json, …"
// (CLI11's CheckedTransformer also took the enum's number and printed its mapping on error).
template <typename E>
CLI::Validator enum_names(const std::map<std::string, E>& names) {
  std::string list;
  for (const auto& entry : names) list += (list.empty() ? "" : ", ") + entry.first;
  return CLI::Validator(
      [names, list](std::string& value) -> std::string {
        const auto found = names.find(value);
        if (found == names.end())
          return "'" + util::one_line_text(value) + "' is not one of: " + list;
        value = std::to_string(static_cast<int>(found->second));
        return "";
      },
      "", "enum names");
}

void add_suite_options(CLI::App* cmd, RunOptions& o) {
  cmd->add_option("--repetitions,-r", o.repetitions,
                  "Repetitions per benchmark (default: config, else 10)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--filter", o.filter,
                  "Only benchmarks matching this regex (Google Benchmark syntax)");
  cmd->add_option("--shard", o.shard,
                  "Run a stable 1/N of the suite: K/N, picked by a hash of each name");
  cmd->add_option("--timeout", o.timeout_seconds,
                  "Kill the suite after this many seconds (0 = never)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("command", o.command, "Suite command and its arguments, after --");
  const std::map<std::string, Metric> metrics = {{"real_time", Metric::real_time},
                                                 {"cpu_time", Metric::cpu_time},
                                                 {"instructions", Metric::instructions}};
  cmd->add_option("--metric", o.metric,
                  "What to measure and compare: real_time, cpu_time (timed runs), instructions "
                  "(counted under valgrind's callgrind) (default: config \"metric\", else "
                  "real_time)")
      ->transform(enum_names(metrics))
      ->option_text("real_time|cpu_time|instructions");
}

// issue 16: which adapter reads the results, and Criterion's saved baseline.
void add_input_format_options(CLI::App* cmd, RunOptions& o, bool two_baselines) {
  std::string names;  // from the adapter table, so the help cannot miss one
  for (const auto& adapter : adapters())
    names += std::string(names.empty() ? "" : ", ") + std::string(adapter.name);
  cmd->add_option(two_baselines ? "--harness" : "--harness,--format", o.harness,
                  "Read results as this harness's output: " + names +
                      " (default: config \"harness\", else by content; an unknown name is "
                      "exit 2)");
  auto* baseline = cmd->add_option(
      "--baseline", o.criterion_baselines,
      two_baselines ? "Criterion: the saved baseline to read from a target/criterion directory: "
                      "one NAME for both files, or BASE_NAME HEAD_NAME (critcmp main pr-42) "
                      "(default new)"
                    : "Criterion: the saved baseline to read from a target/criterion directory "
                      "(cargo bench -- --save-baseline NAME; default new)");
  baseline->expected(1, two_baselines ? 2 : 1);
}

void add_processes_option(CLI::App* cmd, RunOptions& o, bool stores = true) {
  cmd->add_option("--processes,-p", o.processes,
                  stores ? "Run the suite as N separate processes, each stored as its own run "
                           "(default: config, else 1)"
                         : "When compare runs HEAD's suite itself: N separate processes, each a "
                           "run of HEAD (stored mode; default: config, else 1)")
      ->check(CLI::Range(1, 100));
}

void add_output_options(CLI::App* cmd, OutputOptions& o, bool json_file) {
  cmd->add_option("--output,-o", o.output, "Write the Markdown report to FILE");
  if (json_file) cmd->add_option("--json", o.json_output, "Write the comparison as JSON to FILE");
  cmd->add_option("--template", o.template_path,
                  "Mustache template file, or a built-in: pr-comment, nightly (copies to start "
                  "from: " + template_directory() + ")");
  const std::map<std::string, OutputFormat> formats = {{"markdown", OutputFormat::markdown},
                                                       {"github", OutputFormat::github},
                                                       {"json", OutputFormat::json},
                                                       {"none", OutputFormat::none}};
  cmd->add_option("--format", o.format,
                  "What to print on stdout: markdown (default; nothing when --output is given), "
                  "github (workflow annotations), json, none")
      ->transform(enum_names(formats))
      ->option_text("markdown|github|json|none");
  cmd->add_option("--budget", o.budget,
                  "Maximum report size in characters (default: config, else 60000)")
      ->check(CLI::Range(2000LL, 100000000LL));
}

void add_history_format_options(CLI::App* cmd, HistoryFormat& format) {
  const std::map<std::string, HistoryFormat> formats = {{"text", HistoryFormat::text},
                                                        {"markdown", HistoryFormat::markdown},
                                                        {"json", HistoryFormat::json}};
  auto* option = cmd->add_option("--format", format,
                                 "text (default: plain, for a terminal), markdown (escaped for "
                                 "GitHub), json")
                     ->transform(enum_names(formats))
                     ->option_text("text|markdown|json");
  cmd->add_flag_callback("--markdown", [&format] { format = HistoryFormat::markdown; },
                         "Same as --format markdown")
      ->excludes(option);
  cmd->add_flag_callback("--json", [&format] { format = HistoryFormat::json; },
                         "Same as --format json")
      ->excludes(option);
}

struct Command {
  const char* name;
  const char* help;
  std::function<void(CLI::App*, AllOptions&)> setup;
  std::function<int(const AllOptions&)> handler;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", "Run the suite and print (or --output) its normalized results; stores nothing",
       [](CLI::App* c, AllOptions& o) {
         add_suite_options(c, o.run);
         add_input_format_options(c, o.run, false);
         c->add_option("--output,-o", o.run.output, "Write the run JSON to FILE instead of stdout");
       },
       [](const AllOptions& o) { return run_command(o.global, o.run); }},
      {"record",
       "Store a run for a commit in the notes ref: from --input files, or by running the suite",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("rev", o.record.rev, "Commit to record for (default HEAD)");
         c->add_option("--input,-i", o.record.inputs,
                       "Results file(s), harness recognised by content (Google Benchmark, hyperfine, "
                       "pytest-benchmark, Catch2 XML, JMH, BenchmarkDotNet, Go, cargo-criterion) or "
                       "named by --harness, or a target/criterion directory; several files are "
                       "shards of one run")
             ->expected(1, -1);
         c->add_option("--run-id", o.record.run_id,
                       "Append to this existing run (sharded suites; needs --shard)");
         c->add_flag("--allow-stale", o.record.allow_stale,
                     "No warning when the suite binary is older than the newest tracked file or "
                     "the work tree has local changes");
         add_suite_options(c, o.record.run);
         add_input_format_options(c, o.record.run, false);
         add_processes_option(c, o.record.run);
       },
       [](const AllOptions& o) { return record_command(o.global, o.record); }},
      {"backfill",
       "Build and record each commit of a first-parent range A..B in a temporary worktree "
       "(build_command); skips commits already recorded; exit 4 only when every commit tried "
       "fails and none was recorded before",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("range", o.backfill.range,
                       "A..B: the first-parent commits after A up to B (B default HEAD)")
             ->required();
         c->add_option("--every", o.backfill.every,
                       "Record every Nth commit of the range, counted back from B (default 1)")
             ->check(CLI::Range(1, 100000));
         c->add_flag("--again", o.backfill.again,
                     "Also run commits that already have stored runs (appends one more run)");
         add_suite_options(c, o.backfill.run);
         add_processes_option(c, o.backfill.run);
       },
       [](const AllOptions& o) { return backfill_command(o.global, o.backfill); }},
      {"accept",
       "Acknowledge an intended slowdown of REV: matching regressions up to the bound pass as "
       "'accepted' (stored beside the notes; or use a Bench-Gate-Accept commit trailer)",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("rev", o.accept.rev, "The commit that makes benchmarks slower")->required();
         c->add_option("glob", o.accept.glob, "Benchmark names it covers (glob, as in rules)")
             ->required();
         c->add_option("--up-to", o.accept.up_to,
                       "Largest accepted slowdown, e.g. 15% (a bigger one still fails)")
             ->required();
         c->add_option("--reason", o.accept.reason, "Why the slowdown is intended (shown)")
             ->required();
       },
       [](const AllOptions& o) { return accept_command(o.global, o.accept); }},
      {"compare",
       "Compare HEAD against the baseline of BASE; print the Markdown report; exit 0/1/2/3/4",
       [](CLI::App* c, AllOptions& o) {
         CompareRequest& r = o.compare.request;
         auto* base = c->add_option("base", r.base, "Base revision, e.g. main or origin/main");
         c->add_option("head", r.head, "Head revision (default HEAD)")->default_val("HEAD");
         // issue 16: two results files, no repository (the compare.py / critcmp habit).
         c->add_option("--files", o.compare.files,
                       "Compare two results files instead of revisions: BASE.json HEAD.json "
                       "(no repository needed)")
             ->expected(2)
             ->excludes(base);
         add_output_options(c, o.compare.out, true);
         c->add_flag("--exact", r.exact, "Use BASE itself: no merge-base, no walking back");
         c->add_flag("--no-run", r.no_run, "Never run the suite when HEAD has no stored run");
         c->add_option("--pr-head", r.pr_head,
                       "The pull request's head commit, named in the report when HEAD is its "
                       "merge commit (GitHub: github.event.pull_request.head.sha); without it, "
                       "a two-parent HEAD whose first parent is BASE is taken as that merge");
         c->add_option(
              "--max-distance", r.max_distance,
              "First-parent commits to walk back for a stored baseline (default: config, 50)")
             ->check(CLI::NonNegativeNumber);
         add_suite_options(c, r.run);
         add_input_format_options(c, r.run, true);
         add_processes_option(c, r.run, false);
         c->add_flag("--paired", r.paired,
                     "Build the baseline (build_command) in a temporary worktree and run base and "
                     "head now, "
                     "in randomized alternating blocks");
         c->add_option("--blocks", r.blocks,
                       "Paired: minimum blocks (default 12); at most 4 x N blocks run")
             ->check(CLI::Range(2, kMaxMinimumBlocks));
         c->add_option(
              "--time-budget", r.time_budget,
              "Paired: seconds to spend adding blocks for inconclusive benchmarks (default 300)")
             ->check(CLI::Range(0.0, 86400.0));
         c->add_option("--block-repetitions", r.block_repetitions,
                       "Paired: repetitions per side in one block (default 1)")
             ->check(CLI::Range(1, 100));
         auto* confirm = c->add_flag_callback(
             "--confirm", [rp = &r] { rp->confirm = ConfirmMode::always; },
             "Stored mode: re-measure failing-tier regressions (paired when build_command is set, "
             "else one more HEAD run) before failing; automatic when compare ran HEAD's suite");
         c->add_flag_callback("--no-confirm", [rp = &r] { rp->confirm = ConfirmMode::never; },
                              "Never re-measure: the stored-mode verdict is final")
             ->excludes(confirm);
       },
       [](const AllOptions& o) { return compare_command(o.global, o.compare); }},
      {"report", "Re-render a saved comparison (--json output of compare) with a template",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("--input,-i", o.report.input, "Comparison JSON file")->required();
         add_output_options(c, o.report.out, false);
       },
       [](const AllOptions& o) { return report_command(o.global, o.report); }},
      {"log",
       "History of each benchmark over the first-parent line of REV: sparklines of the stored "
       "runs, change points marked",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("rev", o.log.rev, "Where the history starts (default HEAD)");
         c->add_option("--limit,-n", o.log.limit,
                       "First-parent commits to read (default 30); only those with stored runs "
                       "get a sparkline cell")
             ->check(CLI::Range(1, 100000));
         c->add_option("--filter", o.log.filter,
                       "Only benchmarks whose name matches this RE2 regex");
         add_history_format_options(c, o.log.format);
       },
       [](const AllOptions& o) { return log_command(o.global, o.log); }},
      {"changes",
       "Change points along the first-parent line of REV: which commits moved which benchmark, "
       "by how much, how sure",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("rev", o.changes.rev, "Where the history ends (default HEAD)");
         c->add_option("--since", o.changes.since,
                       "Only changes after this: a date (YYYY-MM-DD, UTC author time of the first "
                       "commit after the change) or a revision on the line");
         c->add_option("--limit,-n", o.changes.limit,
                       "First-parent commits to analyse (default 200)")
             ->check(CLI::Range(2, 100000));
         c->add_option("--filter", o.changes.filter,
                       "Only benchmarks whose name matches this RE2 regex");
         add_history_format_options(c, o.changes.format);
       },
       [](const AllOptions& o) { return changes_command(o.global, o.changes); }},
      {"publish",
       "Write a static site of the history of REV's first-parent line (charts per benchmark)",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("outdir", o.publish.outdir,
                       "Directory of the site (new, empty, or an earlier published site, which "
                       "is replaced)")
             ->required();
         c->add_option("rev", o.publish.rev, "Where the history starts (default HEAD)");
         c->add_option("--limit,-n", o.publish.limit, "Number of commits (default 100)")
             ->check(CLI::Range(1, 100000));
         c->add_option("--commit-url", o.publish.commit_url,
                       "Link of a commit, {sha} replaced by its id, e.g. "
                       "https://github.com/OWNER/REPO/commit/{sha}");
       },
       [](const AllOptions& o) { return publish_command(o.global, o.publish); }},
      {"show", "What is stored for one commit",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("rev", o.show.rev, "Commit (default HEAD)");
         c->add_flag("--json", o.show.json, "Print the stored note document as JSON");
       },
       [](const AllOptions& o) { return show_command(o.global, o.show); }},
      {"sync", "Fetch the remote's notes ref, merge without losing any run, push (retrying)",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("remote", o.sync.remote, "Remote name (default origin)");
         c->add_flag("!--no-push", o.sync.push, "Fetch and merge only");
         c->add_option("--attempts", o.sync.attempts, "Push attempts before giving up (default 5)")
             ->check(CLI::Range(1, 100));
       },
       [](const AllOptions& o) { return sync_command(o.global, o.sync); }},
      {"calibrate",
       "Run the suite N times; per benchmark: within/between-run noise, MDE, the strictest honest "
       "tier",
       [](CLI::App* c, AllOptions& o) {
         c->add_option("--runs,-n", o.calibrate.runs, "Separate suite processes (default 5)")
             ->check(CLI::Range(2, 1000));
         c->add_option("--json", o.calibrate.json_output, "Write the table as JSON to FILE");
         c->add_flag("--record", o.calibrate.record,
                     "Store the runs as notes on HEAD (appended, like record)");
         add_suite_options(c, o.calibrate.run);
       },
       [](const AllOptions& o) { return calibrate_command(o.global, o.calibrate); }},
  };
  return table;
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{
      "bench-gate: a benchmark regression gate for CI. Results live in your git repository\n"
      "(notes ref refs/notes/bench-gate); `bench-gate compare main HEAD` gates a pull request.",
      "bench-gate"};
  app.set_version_flag("--version", std::string("bench-gate ") + tool_version());
  app.require_subcommand(1);
  app.fallthrough();
  AllOptions options;
  app.add_option("-C", options.global.repo_path, "Run as if started in this directory (default .)");
  app.add_option("--config", options.global.config_path,
                 "bench-gate.json to use (default: <repo>/bench-gate.json, then "
                 "<repo>/baselines/bench-gate.json)");
  app.add_option("--notes-ref", options.global.notes_ref,
                 "Notes ref holding the results (default refs/notes/bench-gate)");
  app.add_flag("--quiet,-q", options.global.quiet,
               "No progress and no informational lines on stderr");
  app.footer(
      "Exit codes: 0 pass, 1 regression in a failing tier, 2 usage or input error, 3 no baseline,\n"
      "4 the suite failed, 70 internal error (a bug in bench-gate). Reference: harness/README.md,\n"
      "installed as <prefix>/share/doc/bench-gate/reference.md.");

  const Command* chosen = nullptr;
  for (const auto& cmd : commands()) {
    CLI::App* sub = app.add_subcommand(cmd.name, cmd.help);
    cmd.setup(sub, options);
    sub->callback([&chosen, &cmd] { chosen = &cmd; });
  }
  // Everything after the first "--" is the suite command, taken before CLI11 sees it, so that it
  // never lands in an optional positional such as record's REV.
  std::vector<std::string> suite_tail;
  int parsed_argc = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--") {
      parsed_argc = i;
      suite_tail.assign(argv + i + 1, argv + argc);
      break;
    }
  }
  // The first word that is not a global option must name a command: CLI11 would say "A
  // subcommand is required" for a misspelt one (and print the main help for `typo --help`).
  for (int i = 1; i < parsed_argc; ++i) {
    const std::string_view arg(argv[i]);
    if (arg == "-C" || arg == "--config" || arg == "--notes-ref") {
      ++i;  // its value
      continue;
    }
    if (arg.starts_with("-")) continue;
    const auto& all = commands();
    if (std::none_of(all.begin(), all.end(), [&](const Command& c) { return c.name == arg; })) {
      std::string known;
      for (const auto& c : all) known += (known.empty() ? "" : ", ") + std::string(c.name);
      std::cerr << "bench-gate: error: unknown command '" << util::one_line_text(arg)
                << "' (commands: " << known << "; see bench-gate --help)\n";
      return static_cast<int>(ExitCode::input_error);
    }
    break;
  }
  try {
    app.parse(parsed_argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    std::cerr << "bench-gate: error: " << what << " (see bench-gate --help)\n";
    return static_cast<int>(ExitCode::input_error);
  }
  if (!chosen) return static_cast<int>(ExitCode::input_error);
  if (parsed_argc != argc) {
    const std::string name = chosen->name;
    std::vector<std::string>* target = name == "run"         ? &options.run.command
                                       : name == "record"    ? &options.record.run.command
                                       : name == "compare"   ? &options.compare.request.run.command
                                       : name == "calibrate" ? &options.calibrate.run.command
                                       : name == "backfill"  ? &options.backfill.run.command
                                                             : nullptr;
    if (!target) {
      std::cerr << "bench-gate: error: " << name << " takes no suite command after '--'\n";
      return static_cast<int>(ExitCode::input_error);
    }
    if (!target->empty()) {
      std::cerr << "bench-gate: error: give the suite command once, after '--'\n";
      return static_cast<int>(ExitCode::input_error);
    }
    if (suite_tail.empty()) {
      std::cerr << "bench-gate: error: '--' must be followed by the suite command\n";
      return static_cast<int>(ExitCode::input_error);
    }
    *target = suite_tail;
  }
  // SIGINT/SIGTERM/SIGHUP stop the suite; the command then unwinds (removing its temporary
  // worktrees and files) and bench-gate ends as the signal would have.
  interrupt::install_handlers();
  int code = 0;
  std::optional<std::string> error;
  try {
    code = chosen->handler(options);
  } catch (const Error& e) {
    error = "error: " + util::one_line_text(e.what());
    code = static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    error = "internal error: out of memory";
    code = static_cast<int>(ExitCode::internal);
  } catch (const std::exception& e) {
    // Not a bg::Error: a bug (or an unexpected library failure), never "your input was wrong".
    error = "internal error: " + util::one_line_text(e.what()) +
            " (please report it with the command line)";
    code = static_cast<int>(ExitCode::internal);
  }
  if (const int signo = interrupt::received()) {
    std::cerr << "bench-gate: interrupted by signal " << signo << " (" << strsignal(signo)
              << "); stopped the suite and removed temporary files\n";
    interrupt::reraise_if_received();
  }
  if (error) std::cerr << "bench-gate: " << *error << "\n";
  return code;
}

}  // namespace bg
